/*
 * Clocks in the common subset: clock_gettime (realtime, monotonic),
 * gettimeofday, time, nanosleep and sleep, and their errors; CPU time
 * (times, clock): spinning is charged as user time, sleeping is not.
 * Only orders and loose bounds are checked (a sleep lasts at least what
 * it asked; 300 ms spun is at least 100 ms of CPU time), never how long
 * something took.
 */
#include "common.h"

#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static long long
ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000ll + t->tv_nsec;
}

/* Spins in user mode for ms milliseconds of the clock. */
static void
spin(long long ms)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long end = ns(&now) + ms * 1000000;

	while (clock_gettime(CLOCK_MONOTONIC, &now) == 0 && ns(&now) < end)
		for (volatile int i = 0; i < 100000; i++)
			;
}

/* times() and clock() as the task's CPU time (posix-lite: task_info). */
static void
test_cpu_time(void)
{
	struct tms before, after;

	tap_ok(times(&before) != (clock_t)-1, "times");
	spin(300);
	times(&after);
	long long user_ms =
	    (long long)(after.tms_utime - before.tms_utime) * 1000 / CLK_TCK;
	tap_ok(user_ms >= 100,
	       "300 ms spinning is at least 100 ms of user time");
	tap_ok(after.tms_utime - before.tms_utime >
		   after.tms_stime - before.tms_stime,
	       "more user time than system time");
	tap_ok(clock() >= (clock_t)(after.tms_utime + after.tms_stime),
	       "clock(): the CPU time");
	struct timespec nap = {0, 200 * 1000000};
	times(&before);
	nanosleep(&nap, NULL);
	times(&after);
	tap_ok((after.tms_utime - before.tms_utime) * 1000 / CLK_TCK < 100,
	       "sleeping 200 ms is not user time");
}

int
main(void)
{
	struct timespec a, b, request = {0, 30 * 1000000};
	struct timeval tv;

	tap_plan(16);
	tap_is_int(clock_gettime(CLOCK_MONOTONIC, &a), 0,
		   "clock_gettime(CLOCK_MONOTONIC)");
	tap_is_int(clock_gettime(CLOCK_MONOTONIC, &b), 0, "again");
	tap_ok(ns(&b) >= ns(&a), "it does not go back");
	tap_ok(a.tv_nsec >= 0 && a.tv_nsec < 1000000000, "tv_nsec in range");
	tap_is_int(clock_gettime(CLOCK_REALTIME, &a), 0,
		   "clock_gettime(CLOCK_REALTIME)");
	tap_is_int(gettimeofday(&tv, NULL), 0, "gettimeofday");
	tap_ok(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec in range");
	clock_gettime(CLOCK_MONOTONIC, &a);
	tap_is_int(nanosleep(&request, NULL), 0, "nanosleep 30 ms");
	clock_gettime(CLOCK_MONOTONIC, &b);
	tap_ok(ns(&b) - ns(&a) >= ns(&request), "it slept at least that");
	request.tv_nsec = 1000000000;
	tap_fails(nanosleep(&request, NULL), EINVAL,
		  "nanosleep with tv_nsec of a second: EINVAL");
	tap_is_int(sleep(0), 0, "sleep(0)");
	test_cpu_time();
	return tap_done();
}
