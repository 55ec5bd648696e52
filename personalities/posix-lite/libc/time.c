/*
 * Clocks and sleeping, without a server: the clocks are libmach's
 * (the time-stamp counter, calibrated by the kernel: time starts at 0
 * at boot, as in the UNIX personality), and a sleep is a receive with a
 * timeout on a port nothing is sent to (the kernel's clock ticks every
 * 10 ms, which bounds the precision).  times() (and newlib's clock()
 * over it) is the task's CPU time, which the kernel samples at each
 * tick and task_info tells; its children's is 0 (the UNIX server, which
 * ends a posix-lite child, keeps no time of it for us).  CPU-time clocks
 * and timers are not offered.
 *
 *	clock_gettime clock_getres _gettimeofday nanosleep sleep usleep _times
 */
#include "lite_glue.h"

#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#define LITE_NS_PER_SECOND 1000000000ll
#define LITE_NS_PER_MS	   1000000ll

int
clock_gettime(clockid_t clock, struct timespec *ts)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return lite_fail(EINVAL);
	int64_t now = mach_clock_ns();
	ts->tv_sec = now / LITE_NS_PER_SECOND;
	ts->tv_nsec = now % LITE_NS_PER_SECOND;
	return 0;
}

int
clock_getres(clockid_t clock, struct timespec *res)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return lite_fail(EINVAL);
	if (res != NULL) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

int
_gettimeofday(struct timeval *tv, void *tz)
{
	int64_t now = mach_clock_ns();

	(void)tz;
	if (tv != NULL) {
		tv->tv_sec = now / LITE_NS_PER_SECOND;
		tv->tv_usec = now % LITE_NS_PER_SECOND / 1000;
	}
	return 0;
}

/* A time_value_t in clock ticks (CLK_TCK a second). */
static clock_t
lite_ticks(time_value_t time)
{
	return time.seconds * CLK_TCK +
	       (int64_t)time.microseconds * CLK_TCK / 1000000;
}

/*
 * The task's CPU time: that of its threads that have ended
 * (TASK_BASIC_INFO) and of those that live (TASK_THREAD_TIMES_INFO).
 */
clock_t
_times(struct tms *buf)
{
	struct task_basic_info ended;
	struct task_thread_times_info live;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	if (buf == NULL)
		return mach_clock_ns() / (LITE_NS_PER_SECOND / CLK_TCK);
	if (task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&ended,
		      &count) != KERN_SUCCESS)
		return (clock_t)lite_fail(EINVAL);
	count = TASK_THREAD_TIMES_INFO_COUNT;
	if (task_info(mach_task_self(), TASK_THREAD_TIMES_INFO,
		      (task_info_t)&live, &count) != KERN_SUCCESS)
		return (clock_t)lite_fail(EINVAL);
	buf->tms_utime =
	    lite_ticks(ended.user_time) + lite_ticks(live.user_time);
	buf->tms_stime =
	    lite_ticks(ended.system_time) + lite_ticks(live.system_time);
	buf->tms_cutime = buf->tms_cstime = 0;
	return mach_clock_ns() / (LITE_NS_PER_SECOND / CLK_TCK);
}

/* A port of the task's own that no one sends to: sleeping waits on it. */
static mach_port_t
lite_sleep_port(void)
{
	static mach_port_t port;
	mach_port_t made;

	if (__atomic_load_n(&port, __ATOMIC_ACQUIRE) != MACH_PORT_NULL)
		return port;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
			       &made) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	mach_port_t expected = MACH_PORT_NULL;
	if (!__atomic_compare_exchange_n(&port, &expected, made, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		mach_port_mod_refs(mach_task_self(), made,
				   MACH_PORT_RIGHT_RECEIVE, -1);
	return port;
}

int
nanosleep(const struct timespec *request, struct timespec *left)
{
	if (request->tv_sec < 0 || request->tv_nsec < 0 ||
	    request->tv_nsec >= LITE_NS_PER_SECOND)
		return lite_fail(EINVAL);
	int64_t end = mach_clock_ns() + request->tv_sec * LITE_NS_PER_SECOND +
		      request->tv_nsec;
	mach_port_t port = lite_sleep_port();
	if (port == MACH_PORT_NULL)
		return lite_fail(EAGAIN);
	for (int64_t now = mach_clock_ns(); now < end; now = mach_clock_ns()) {
		mach_msg_header_t msg;
		int64_t ms = (end - now + LITE_NS_PER_MS - 1) / LITE_NS_PER_MS;
		mach_msg(&msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg),
			 port, ms > 0x7fffffff ? 0x7fffffff : ms,
			 MACH_PORT_NULL);
	}
	if (left != NULL)
		left->tv_sec = left->tv_nsec = 0;
	return 0;
}

unsigned
sleep(unsigned seconds)
{
	struct timespec request = {.tv_sec = seconds};

	nanosleep(&request, NULL);
	return 0;
}

int
usleep(useconds_t microseconds)
{
	struct timespec request = {.tv_sec = microseconds / 1000000,
				   .tv_nsec = (microseconds % 1000000) * 1000};

	return nanosleep(&request, NULL);
}
