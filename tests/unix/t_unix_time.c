/*
 * The clock over the UNIX server: the time since boot, advancing; and
 * CPU time (times, getrusage, clock), which the kernel samples at each
 * 10 ms tick: spinning 300 ms in user mode is charged as user time, a
 * child's time reaches its parent when it is waited for, with the time
 * of the task an exec replaced.  The bounds are loose (a third of the
 * spin): they check the accounting, not the speed.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

/* Some work: a few milliseconds of the CPU. */
static void
work(void)
{
	for (unsigned long i = 0; i < 20000000; i++)
		sink += i;
}

static long long
now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

/* Spins in user mode for ms milliseconds of the clock. */
static void
spin(long long ms)
{
	long long end = now_ms() + ms;

	while (now_ms() < end)
		for (volatile int i = 0; i < 100000; i++)
			;
}

static long long
rusage_ms(int who)
{
	struct rusage usage;

	if (getrusage(who, &usage) != 0)
		return -1;
	return usage.ru_utime.tv_sec * 1000LL + usage.ru_utime.tv_usec / 1000;
}

/* A child spins 200 ms, then exits, or execs a program that exits. */
static long long
child_time(int exec)
{
	long long before = rusage_ms(RUSAGE_CHILDREN);
	pid_t pid = fork();
	if (pid == 0) {
		spin(200);
		if (exec)
			execl("/test/h_child", "h_child", "exit", "0",
			      (char *)NULL);
		_exit(0);
	}
	int status = -1;
	long long unwaited = rusage_ms(RUSAGE_CHILDREN);
	waitpid(pid, &status, 0);
	tap_ok(unwaited == before && status == 0,
	       "a child's time is not counted before it is waited for");
	return rusage_ms(RUSAGE_CHILDREN) - before;
}

static void
test_cpu_time(void)
{
	struct tms before, after;
	clock_t start = times(&before);

	tap_ok(start != (clock_t)-1, "times");
	spin(300);
	clock_t end = times(&after);
	long long user_ms = (after.tms_utime - before.tms_utime) * 1000LL /
			    sysconf(_SC_CLK_TCK);
	tap_ok(user_ms >= 100 && after.tms_utime - before.tms_utime >
				     after.tms_stime - before.tms_stime,
	       "300 ms spinning: %lld ms of user time", user_ms);
	tap_ok((long long)(end - start) * 1000 / CLK_TCK >= 300,
	       "times' result: the clock in ticks");
	long long self_ms = rusage_ms(RUSAGE_SELF);
	tap_ok(self_ms >= (long long)after.tms_utime * 1000 / CLK_TCK,
	       "getrusage(RUSAGE_SELF): %lld ms", self_ms);
	tap_ok(clock() >= (clock_t)(after.tms_utime + after.tms_stime),
	       "clock(): the CPU time in CLOCKS_PER_SEC");
	long long plain = child_time(0);
	tap_ok(plain >= 60, "a child that spun 200 ms and exited: %lld ms",
	       plain);
	long long exec = child_time(1);
	tap_ok(exec >= 60,
	       "a child that spun 200 ms, then exec'd: %lld ms (the first "
	       "task's time kept)",
	       exec);
	struct rusage usage;
	errno = 0;
	tap_ok(getrusage(5, &usage) == -1 && errno == EINVAL,
	       "getrusage of an unknown who: EINVAL");
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
	test_cpu_time();
	return tap_done();
}
