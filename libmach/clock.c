/*
 * The time since boot, read in the task: the time-stamp counter,
 * calibrated by the kernel's accounting (host_info HOST_KERNEL_STATS
 * says how many TSC cycles a timer tick of 1/100 s takes), asked once.
 * No message after the first call: a clock read costs an rdtsc.  The
 * kernel reads no real-time clock, so the personalities' time of day
 * starts at 0 at boot.
 */
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

int64_t
mach_clock_ns(void)
{
	uint64_t per_second =
	    __atomic_load_n(&clock_tsc_per_second, __ATOMIC_RELAXED);

	if (per_second == 0) {
		struct kernel_stats stats;
		mach_msg_type_number_t count =
		    sizeof(stats) / sizeof(integer_t);
		if (host_info(mach_host_self(), HOST_KERNEL_STATS,
			      (host_info_t)&stats, &count) != KERN_SUCCESS)
			return 0;
		per_second = stats.ks_tsc_per_tick * CLOCK_TICKS_PER_SECOND;
		__atomic_store_n(&clock_tsc_per_second, per_second,
				 __ATOMIC_RELAXED);
		if (per_second == 0)
			return 0;
	}
	uint64_t tsc = clock_tsc();
	return (int64_t)(tsc / per_second) * 1000000000ll +
	       (int64_t)((tsc % per_second) * 1000000000 / per_second);
}
