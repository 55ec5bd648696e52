/*
 * calc: a demo client of the adder server.  It finds the server through
 * the bootstrap name service (waiting until it registers), calls it
 * through the IDL-generated user stubs, measures a thousand calls with
 * the time-stamp counter, and ends it.
 */
#include <mach/bootstrap.h>
#include <mach/mach_ipc.h>
#include <mach/mach_traps.h>
#include <stdio.h>

#include "adder.h"

#define CALLS 1000

static inline unsigned long
rdtsc(void)
{
	unsigned int lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long)hi << 32) | lo;
}

int
main(void)
{
	mach_port_t adder;
	int sum = 0;

	if (bootstrap_look_up(bootstrap_port, "adder", &adder) !=
	    KERN_SUCCESS) {
		printf("calc: no adder server\n");
		return 1;
	}
	/* Above the primes tasks, so that they do not run in between. */
	mach_thread_priority(MACH_PRIORITY_DEFAULT + 4);
	adder_add(adder, 2, 40, &sum);
	printf("calc: the adder server says 2 + 40 = %d\n", sum);
	unsigned long start = rdtsc();
	for (int i = 0; i < CALLS; i++)
		adder_add(adder, i, i, &sum);
	unsigned long cycles = (rdtsc() - start) / CALLS;
	printf("calc: %d more calls, %lu TSC cycles each (a Mach RPC to "
	       "another task, both ways)\n",
	       CALLS, cycles);
	adder_quit(adder);
	return 0;
}
