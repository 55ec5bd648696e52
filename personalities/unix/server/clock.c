/*
 * The clock: the time since boot.
 *
 *	do_unix_gettime
 *	clock_now	nanoseconds since boot, for the server's timers
 *
 * The kernel reads no real-time clock, so UNIX time starts at 0 at boot
 * (gettimeofday says 1970).  libmach's mach_clock_ns reads it: the
 * time-stamp counter, calibrated by the kernel's accounting.
 */
#include "unix.h"
#include "unix_server.h"

#include <mach/mach_ipc.h>
#include <stdint.h>

int64_t
clock_now(void)
{
	return mach_clock_ns();
}

kern_return_t
do_unix_gettime(mach_port_t port, int64_t *seconds, int *nanoseconds)
{
	int64_t now = mach_clock_ns();

	(void)port;
	*seconds = now / 1000000000;
	*nanoseconds = now % 1000000000;
	return KERN_SUCCESS;
}
