/*
 * <sys/stat.h> for the UNIX personality: newlib's, plus what newlib
 * declares only for some systems and this one has (lstat, mknod,
 * UTIME_NOW and UTIME_OMIT).
 */
#ifndef UNIX_SYS_STAT_H
#define UNIX_SYS_STAT_H

#include_next <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif
int lstat(const char *__restrict path, struct stat *__restrict buf);
int mknod(const char *path, mode_t mode, dev_t dev);
#ifndef UTIME_NOW
/* utimensat and futimens's special nanoseconds (newlib's, for Cygwin) */
#define UTIME_NOW  -2L
#define UTIME_OMIT -1L
#endif
#ifdef __cplusplus
}
#endif

#endif /* UNIX_SYS_STAT_H */
