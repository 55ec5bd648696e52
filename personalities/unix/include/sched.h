/*
 * <sched.h> for the UNIX personality: newlib's, which declares
 * sched_yield only on systems with POSIX threads or priority
 * scheduling, plus sched_yield (libc/pthread.c).
 */
#ifndef UNIX_SCHED_H
#define UNIX_SCHED_H

#include_next <sched.h>

#ifdef __cplusplus
extern "C" {
#endif
int sched_yield(void);
#ifdef __cplusplus
}
#endif

#endif /* UNIX_SCHED_H */
