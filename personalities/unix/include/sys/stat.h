/*
 * <sys/stat.h> for the UNIX personality: newlib's, plus what newlib
 * declares only for some systems and this one has (lstat).
 */
#ifndef UNIX_SYS_STAT_H
#define UNIX_SYS_STAT_H

#include_next <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif
int lstat(const char *__restrict path, struct stat *__restrict buf);
#ifdef __cplusplus
}
#endif

#endif /* UNIX_SYS_STAT_H */
