/*
 * The clock over the UNIX server: the time since boot, advancing.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <sys/time.h>
#include <time.h>

static volatile unsigned long sink;

/* Some work: a few milliseconds of the CPU. */
static void
work(void)
{
	for (unsigned long i = 0; i < 20000000; i++)
		sink += i;
}

int
main(void)
{
	struct timeval a, b;
	struct timespec c, d;

	tap_is_int(gettimeofday(&a, NULL), 0, "gettimeofday");
	work();
	gettimeofday(&b, NULL);
	long long us =
	    (b.tv_sec - a.tv_sec) * 1000000LL + b.tv_usec - a.tv_usec;
	tap_ok(us > 0, "it advances while we work");
	tap_ok(a.tv_usec >= 0 && a.tv_usec < 1000000 && b.tv_usec >= 0 &&
		   b.tv_usec < 1000000,
	       "microseconds within a second");
	tap_is_int(clock_gettime(CLOCK_MONOTONIC, &c), 0, "clock_gettime");
	work();
	clock_gettime(CLOCK_MONOTONIC, &d);
	long long ns =
	    (d.tv_sec - c.tv_sec) * 1000000000LL + d.tv_nsec - c.tv_nsec;
	tap_ok(ns > 0 && c.tv_nsec < 1000000000 && d.tv_nsec < 1000000000,
	       "the monotonic clock advances");
	errno = 0;
	tap_ok(clock_gettime((clockid_t)99, &c) == -1 && errno == EINVAL,
	       "an unknown clock: EINVAL");
	return tap_done();
}
