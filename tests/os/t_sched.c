/*
 * The scheduler, seen from threads of one task: CPU-bound threads of equal
 * priority share the processor without ever yielding (preemption by the
 * timer), and a runnable higher-priority thread always runs before a
 * lower one (priorities).
 *
 * Every wait is bounded by timer ticks (kernel stats), so a broken
 * scheduler fails the test instead of hanging it... except where the
 * failure is that this thread never runs again; then the boot's time
 * limit catches it.
 *
 * Argument "eagerfpu": the kernel runs with fpu=eager (no FPU traps).
 */
#include "lib/tap.h"
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/traps.h>
#include <stdlib.h>
#include <string.h>

#define STACK_SIZE (64 * 1024)
#define WAIT_TICKS 500 /* 5 s at 100 Hz: far more than any test needs */

static unsigned long
ticks(void)
{
	struct kernel_stats stats;
	if (mach_kernel_stats(&stats) != KERN_SUCCESS)
		tap_bail("kernel_stats failed");
	return stats.ks_timer_ticks;
}

static long
spawn(void (*function)(void *), void *arg)
{
	return thread_spawn(function, arg, malloc(STACK_SIZE), STACK_SIZE);
}

/* Equal priorities: round robin. */

struct spinner {
	volatile unsigned long count;
	volatile int stop;
};

static void
spin(void *arg)
{
	struct spinner *s = arg;
	while (!s->stop)
		s->count++;
}

static void
test_round_robin(void)
{
	static struct spinner a, b;

	tap_ok(spawn(spin, &a) > 0 && spawn(spin, &b) > 0,
	       "two spinning threads created");
	unsigned long start = ticks(), now = start;
	while (!(a.count > 100000 && b.count > 100000) &&
	       (now = ticks()) - start < WAIT_TICKS)
		;
	tap_ok(a.count > 100000 && b.count > 100000,
	       "both spinning threads and this one make progress without "
	       "yielding (%lu and %lu iterations, %lu ticks)",
	       a.count, b.count, now - start);
	a.stop = b.stop = 1;
}

/* Priorities: low (8) < main (16) < high (24). */

static volatile unsigned long low_count;
static volatile int low_done;
static volatile unsigned long main_count;
static volatile unsigned long high_saw_low[2], high_saw_main[2];
static volatile unsigned long high_ticks;
static volatile int high_done;

static void
low_thread(void *arg)
{
	(void)arg;
	mach_thread_priority(8);
	while (low_count < 5000000)
		low_count++;
	low_done = 1;
}

static void
high_thread(void *arg)
{
	(void)arg;
	mach_thread_priority(24);
	high_saw_low[0] = low_count;
	high_saw_main[0] = main_count;
	unsigned long start = ticks();
	while (ticks() - start < 5)
		;
	high_ticks = ticks() - start;
	high_saw_low[1] = low_count;
	high_saw_main[1] = main_count;
	high_done = 1;
}

static void
test_priorities(void)
{
	tap_ok(spawn(low_thread, NULL) > 0, "low-priority thread created");

	/* main (16) keeps the processor from low (8) while it spins. */
	unsigned long start = ticks(), seen = low_count;
	while (ticks() - start < 5)
		;
	tap_ok(low_count == seen,
	       "a lower-priority thread does not run while a higher one spins");

	tap_ok(spawn(high_thread, NULL) > 0, "high-priority thread created");
	start = ticks();
	while (!high_done && ticks() - start < WAIT_TICKS)
		main_count++;
	tap_ok(high_done, "the high-priority thread finished");
	tap_ok(high_ticks >= 5 && high_saw_low[0] == high_saw_low[1] &&
		   high_saw_main[0] == high_saw_main[1],
	       "nothing of lower priority ran during %lu ticks of the "
	       "high-priority thread",
	       high_ticks);

	/* Below low's priority, main runs again only once low is done. */
	tap_is_int(mach_thread_priority(4), KERN_SUCCESS, "lower own priority");
	tap_ok(low_done, "the low-priority thread ran to completion first");
	tap_is_int(mach_thread_priority(32), KERN_INVALID_VALUE,
		   "priority 32 is refused");
	tap_is_int(mach_thread_priority(-1), KERN_INVALID_VALUE,
		   "priority -1 is refused");
	mach_thread_priority(MACH_PRIORITY_DEFAULT);
}

/*
 * The FPU and SSE registers belong to each thread: two threads compute
 * with doubles while preempting each other, and each gets its own exact
 * result.  (The kernel moves FPU state lazily, on first use after a
 * switch: this catches a state left with the wrong thread.)
 */
struct fpu_worker {
	double step;
	volatile double result;
	volatile int done;
};

static void
fpu_work(void *arg)
{
	struct fpu_worker *w = arg;
	double sum = 0;
	for (int i = 0; i < 3000000; i++)
		sum += w->step; /* exact: the steps are powers of two */
	w->result = sum;
	w->done = 1;
}

/* Whether the kernel moves FPU state eagerly (argument "eagerfpu":
 * booted with fpu=eager). */
static int eager_fpu;

static void
test_fpu(void)
{
	static struct fpu_worker a = {.step = 0.5}, b = {.step = 0.25};
	struct kernel_stats before, after;

	mach_kernel_stats(&before);
	spawn(fpu_work, &a);
	spawn(fpu_work, &b);
	double sum = 0;
	for (int i = 0; i < 3000000; i++)
		sum += 0.125;
	unsigned long start = ticks();
	while (!(a.done && b.done) && ticks() - start < WAIT_TICKS)
		swtch_pri(0);
	tap_ok(a.done && b.done && a.result == 1500000.0 &&
		   b.result == 750000.0 && sum == 375000.0,
	       "three threads computing with doubles at once get their own "
	       "results");
	mach_kernel_stats(&after);
	unsigned long traps = after.ks_fpu_traps - before.ks_fpu_traps;
	unsigned long loads = after.ks_fpu_loads - before.ks_fpu_loads;
	if (eager_fpu)
		tap_ok(traps == 0 && loads > 0,
		       "fpu=eager: no FPU trap, the switches loaded the "
		       "states (%lu traps, %lu loads)",
		       traps, loads);
	else
		tap_ok(traps > 0 && loads > 0,
		       "lazy FPU: the states moved on FPU traps (%lu traps, "
		       "%lu loads)",
		       traps, loads);
}

int
main(int argc, char **argv)
{
	eager_fpu = argc > 1 && strcmp(argv[1], "eagerfpu") == 0;
	tap_plan(13);
	test_round_robin();
	test_fpu();
	test_priorities();
	return tap_done();
}
