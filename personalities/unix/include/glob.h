/*
 * <glob.h> for the UNIX personality: newlib's, whose glob (built from
 * newlib's libc/posix/glob.c: newlib-posix.mk) predates POSIX's
 * GLOB_NOMATCH and GLOB_ABORTED; libc/glob.c wraps it to return them.
 */
#ifndef UNIX_GLOB_H
#define UNIX_GLOB_H

#include_next <glob.h>

#define GLOB_NOMATCH (-3) /* nothing matched (without GLOB_NOCHECK) */
#define GLOB_ABORTED GLOB_ABEND

#endif /* UNIX_GLOB_H */
