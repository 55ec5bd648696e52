/*
 * The clock: the time since boot.
 *
 *	do_unix_gettime
 *	clock_now	nanoseconds since boot, for the server's timers
 *
 * The kernel reads no real-time clock, so UNIX time starts at 0 at boot
 * (gettimeofday says 1970).  The time-stamp counter counts from the
 * machine's reset, a few milliseconds before the kernel starts; the
 * kernel's accounting (host_info HOST_KERNEL_STATS) says how many TSC
 * cycles a timer tick (1/100 s) takes, which calibrates it, read once.
 */
#include "unix.h"
#include "unix_server.h"

#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_types.h>
#include <stdint.h>

#define CLOCK_TICKS_PER_SECOND 100

static uint64_t clock_tsc_per_second;

static uint64_t
clock_tsc(void)
{
	uint32_t low, high;

	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return (uint64_t)high << 32 | low;
}

/* TSC cycles a second; 0 if the kernel does not say. */
static uint64_t
clock_calibrate(void)
{
	struct kernel_stats stats;
	mach_msg_type_number_t count = sizeof(stats) / sizeof(integer_t);

	if (clock_tsc_per_second == 0 &&
	    host_info(mach_host_self(), HOST_KERNEL_STATS, (host_info_t)&stats,
		      &count) == KERN_SUCCESS)
		clock_tsc_per_second =
		    stats.ks_tsc_per_tick * CLOCK_TICKS_PER_SECOND;
	return clock_tsc_per_second;
}

int64_t
clock_now(void)
{
	uint64_t per_second = clock_calibrate();
	uint64_t tsc = clock_tsc();

	if (per_second == 0)
		return 0;
	return (int64_t)(tsc / per_second) * 1000000000ll +
	       (int64_t)((tsc % per_second) * 1000000000 / per_second);
}

kern_return_t
do_unix_gettime(mach_port_t port, int64_t *seconds, int *nanoseconds)
{
	uint64_t per_second = clock_calibrate();
	uint64_t tsc = clock_tsc();

	(void)port;
	*seconds = 0;
	*nanoseconds = 0;
	if (per_second == 0)
		return KERN_SUCCESS;
	*seconds = tsc / per_second;
	*nanoseconds = (tsc % per_second) * 1000000000 / per_second;
	return KERN_SUCCESS;
}
