/*
 * <time.h> for both personalities: newlib's, plus CLOCK_MONOTONIC,
 * clock_gettime, nanosleep and the timer_ functions, which newlib
 * declares only where the system says it has them
 * (_POSIX_MONOTONIC_CLOCK, _POSIX_TIMERS, with the rest of the POSIX
 * realtime extensions); this one has them (libc/posix.c, libc/time.c,
 * libc/timer.c; posix-lite's libc/time.c).
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
struct sigevent;
int clock_gettime(clockid_t clock, struct timespec *ts);
int nanosleep(const struct timespec *request, struct timespec *left);
int clock_getres(clockid_t clock, struct timespec *res);
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request,
		    struct timespec *left);
#ifndef TIMER_ABSTIME
#define TIMER_ABSTIME 4 /* newlib's value */
#endif
int timer_create(clockid_t clock, struct sigevent *event, timer_t *timer);
int timer_delete(timer_t timer);
int timer_settime(timer_t timer, int flags, const struct itimerspec *value,
		  struct itimerspec *old);
int timer_gettime(timer_t timer, struct itimerspec *value);
int timer_getoverrun(timer_t timer);
#ifdef __cplusplus
}
#endif

#endif /* UNIX_TIME_H */
