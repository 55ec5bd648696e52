/*
 * Preemption between tasks: two copies of this program run at once,
 * both CPU-bound and never yielding.  Each watches the time-stamp counter
 * while it spins: a jump of more than half a timer tick between two
 * iterations means the processor was taken away and given to the other
 * task.  Each must see that happen several times within a time limit.
 *
 *	t_spin		reports TAP
 *	t_spin peer	the other copy: reports by its exit status only
 *			(the kernel prints a non-zero status)
 */
#include "lib/tap.h"
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/traps.h>
#include <string.h>

#define GAPS_WANTED   3
#define TICKS_ALLOWED 500

static inline unsigned long
rdtsc(void)
{
	unsigned int lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long)hi << 32) | lo;
}

/* Spins until GAPS_WANTED gaps were seen or time ran out; returns gaps. */
static int
spin_and_count_gaps(unsigned long *elapsed_ticks)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	unsigned long gap = stats.ks_tsc_per_tick / 2;
	unsigned long limit = stats.ks_tsc_per_tick * TICKS_ALLOWED;
	unsigned long start = rdtsc(), last = start;
	int gaps = 0;

	while (gaps < GAPS_WANTED && last - start < limit) {
		unsigned long now = rdtsc();
		if (now - last > gap)
			gaps++;
		last = now;
	}
	*elapsed_ticks = (last - start) / stats.ks_tsc_per_tick;
	return gaps;
}

int
main(int argc, char **argv)
{
	unsigned long elapsed;
	int peer = argc > 1 && strcmp(argv[1], "peer") == 0;
	int gaps = spin_and_count_gaps(&elapsed);

	if (peer)
		return gaps >= GAPS_WANTED ? 0 : 1;
	tap_plan(1);
	tap_ok(gaps >= GAPS_WANTED,
	       "a CPU-bound task is preempted for another (%d times in about "
	       "%lu ticks)",
	       gaps, elapsed);
	return tap_done();
}
