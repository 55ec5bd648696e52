/*
 * <stdlib.h> for the UNIX personality: newlib's, plus posix_openpt,
 * which newlib declares for no system (libc/absent.c: ENOSYS, there
 * are no pseudo-terminals).
 */
#ifndef UNIX_STDLIB_H
#define UNIX_STDLIB_H

#include_next <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif
int posix_openpt(int flags);
#ifdef __cplusplus
}
#endif

#endif /* UNIX_STDLIB_H */
