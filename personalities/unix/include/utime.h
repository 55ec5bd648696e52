/*
 * <utime.h> for the UNIX personality: newlib's struct utimbuf, and
 * utime, which newlib leaves to each system (libc/file.c).
 */
#ifndef UNIX_UTIME_H
#define UNIX_UTIME_H

#include_next <utime.h>

#ifdef __cplusplus
extern "C" {
#endif
int utime(const char *path, const struct utimbuf *times);
#ifdef __cplusplus
}
#endif

#endif /* UNIX_UTIME_H */
