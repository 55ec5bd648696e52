/*
 * Clocks in the common subset: clock_gettime (realtime, monotonic),
 * gettimeofday, time, nanosleep and sleep, and their errors.  Only
 * orders are checked (a sleep lasts at least what it asked), never how
 * long something took.
 */
#include "common.h"

#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long
ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000ll + t->tv_nsec;
}

int
main(void)
{
	struct timespec a, b, request = {0, 30 * 1000000};
	struct timeval tv;

	tap_plan(11);
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
	fails(nanosleep(&request, NULL), EINVAL,
	      "nanosleep with tv_nsec of a second: EINVAL");
	tap_is_int(sleep(0), 0, "sleep(0)");
	return tap_done();
}
