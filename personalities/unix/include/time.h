/*
 * <time.h> for the UNIX personality: newlib's, plus CLOCK_MONOTONIC,
 * clock_gettime and nanosleep, which newlib declares only where the
 * system says it has them (_POSIX_MONOTONIC_CLOCK, _POSIX_TIMERS); this
 * one has them (libc/posix.c, libc/time.c).
 */
#ifndef UNIX_TIME_H
#define UNIX_TIME_H

#include_next <time.h>

#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4) /* newlib's value */
#endif

#ifdef __cplusplus
extern "C" {
#endif
/* Declared by newlib only with _POSIX_TIMERS, which this system lacks
 * (no timer_create yet). */
int clock_gettime(clockid_t clock, struct timespec *ts);
int nanosleep(const struct timespec *request, struct timespec *left);
#ifdef __cplusplus
}
#endif

#endif /* UNIX_TIME_H */
