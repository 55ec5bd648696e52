/*
 * Waiting for time and timers in a UNIX process: nanosleep, sleep,
 * usleep (unix_sleep, which the server answers when the time has come,
 * or EINTR with the time left when a signal's handler runs first), and
 * setitimer, getitimer, alarm, ualarm (ITIMER_REAL: SIGALRM from the
 * server's timer list; ITIMER_VIRTUAL and ITIMER_PROF: SIGVTALRM and
 * SIGPROF when the server sees the process's CPU time reach them).
 */
#include "unix_glue.h"

#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define UNIX_US_PER_SECOND 1000000ll
#define UNIX_NS_PER_SECOND 1000000000ll

/* Both clocks count nanoseconds (the server's TSC-calibrated clock). */
int
clock_getres(clockid_t clock, struct timespec *res)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return unix_fail(EINVAL);
	if (res != NULL) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

/* Returns an errno value (not -1): EINTR with the time left for a
 * relative sleep. */
int
clock_nanosleep(clockid_t clock, int flags, const struct timespec *request,
		struct timespec *left)
{
	struct timespec now, wait = *request;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	if (request->tv_nsec < 0 || request->tv_nsec >= UNIX_NS_PER_SECOND)
		return EINVAL;
	if (flags & TIMER_ABSTIME) {
		if (clock_gettime(clock, &now) != 0)
			return errno;
		int64_t ns =
		    (request->tv_sec - now.tv_sec) * UNIX_NS_PER_SECOND +
		    (request->tv_nsec - now.tv_nsec);
		if (ns <= 0)
			return 0;
		wait.tv_sec = ns / UNIX_NS_PER_SECOND;
		wait.tv_nsec = ns % UNIX_NS_PER_SECOND;
		left = NULL; /* an absolute sleep tells no time left */
	}
	return nanosleep(&wait, left) < 0 ? errno : 0;
}

int
nanosleep(const struct timespec *request, struct timespec *left)
{
	int error, left_nanoseconds = 0;
	int64_t left_seconds = 0;
	kern_return_t kr =
	    unix_sleep(unix_port(), request->tv_sec, request->tv_nsec, &error,
		       &left_seconds, &left_nanoseconds);

	error = unix_errno(kr, error);
	if (error == EINTR && left != NULL) {
		left->tv_sec = left_seconds;
		left->tv_nsec = left_nanoseconds;
	}
	return error != 0 ? unix_fail(error) : 0;
}

unsigned
sleep(unsigned seconds)
{
	struct timespec request = {.tv_sec = seconds}, left = {0, 0};

	if (nanosleep(&request, &left) == 0)
		return 0;
	return left.tv_sec + (left.tv_nsec > 0); /* EINTR: what is left */
}

int
usleep(useconds_t microseconds)
{
	struct timespec request = {
	    .tv_sec = microseconds / UNIX_US_PER_SECOND,
	    .tv_nsec = (microseconds % UNIX_US_PER_SECOND) * 1000};

	return nanosleep(&request, NULL);
}

static int64_t
unix_timeval_us(const struct timeval *tv)
{
	if (tv->tv_sec < 0 || tv->tv_usec < 0 ||
	    tv->tv_usec >= UNIX_US_PER_SECOND)
		return -1;
	return tv->tv_sec * UNIX_US_PER_SECOND + tv->tv_usec;
}

static void
unix_us_timeval(int64_t us, struct timeval *tv)
{
	tv->tv_sec = us / UNIX_US_PER_SECOND;
	tv->tv_usec = us % UNIX_US_PER_SECOND;
}

/* One unix_setitimer: set the timer (value != NULL) and/or read it. */
static int
unix_itimer(int which, const struct itimerval *value, struct itimerval *old)
{
	int error;
	int64_t v = 0, i = 0, old_value = 0, old_interval = 0;

	if (value != NULL) {
		v = unix_timeval_us(&value->it_value);
		i = unix_timeval_us(&value->it_interval);
		if (v < 0 || i < 0)
			return unix_fail(EINVAL);
	}
	kern_return_t kr = unix_setitimer(unix_port(), which, value != NULL, v,
					  i, &error, &old_value, &old_interval);
	if (unix_result(kr, error, 0) < 0)
		return -1;
	if (old != NULL) {
		unix_us_timeval(old_value, &old->it_value);
		unix_us_timeval(old_interval, &old->it_interval);
	}
	return 0;
}

int
setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
	return unix_itimer(which, value, old);
}

int
getitimer(int which, struct itimerval *value)
{
	return unix_itimer(which, NULL, value);
}

unsigned
alarm(unsigned seconds)
{
	struct itimerval value = {{0, 0}, {seconds, 0}}, old;

	if (unix_itimer(ITIMER_REAL, &value, &old) < 0)
		return 0;
	/* the seconds that were left, rounded up, as others do */
	return old.it_value.tv_sec + (old.it_value.tv_usec > 0);
}

useconds_t
ualarm(useconds_t value, useconds_t interval)
{
	struct itimerval set, old;

	unix_us_timeval(value, &set.it_value);
	unix_us_timeval(interval, &set.it_interval);
	if (unix_itimer(ITIMER_REAL, &set, &old) < 0)
		return 0;
	return old.it_value.tv_sec * UNIX_US_PER_SECOND + old.it_value.tv_usec;
}
