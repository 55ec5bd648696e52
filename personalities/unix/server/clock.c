/*
 * The clock: the time since boot, and the CPU time of processes.
 *
 *	do_unix_gettime
 *	clock_now	nanoseconds since boot, for the server's timers
 *	do_unix_times
 *	clock_add_task_time	a task's CPU time, added to a process's
 *
 * The kernel reads no real-time clock, so UNIX time starts at 0 at boot
 * (gettimeofday says 1970).  libmach's mach_clock_ns reads it: the
 * time-stamp counter, calibrated by the kernel's accounting.
 */
#include "unix.h"
#include "unix_server.h"

#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/mach_types.h>
#include <mach/task.h>
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

static int64_t
clock_microseconds(time_value_t time)
{
	return time.seconds * INT64_C(1000000) + time.microseconds;
}

/*
 * The kernel samples CPU time at each timer tick (docs/kernel.md);
 * a task's is that of its threads now and of those that have ended.
 * A task already gone adds nothing.
 */
void
clock_add_task_time(struct cpu_time *time, mach_port_t task)
{
	struct task_basic_info ended;
	struct task_thread_times_info live;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	if (task_info(task, TASK_BASIC_INFO, (task_info_t)&ended, &count) !=
	    KERN_SUCCESS)
		return;
	count = TASK_THREAD_TIMES_INFO_COUNT;
	if (task_info(task, TASK_THREAD_TIMES_INFO, (task_info_t)&live,
		      &count) != KERN_SUCCESS)
		return;
	time->ct_user += clock_microseconds(ended.user_time) +
			 clock_microseconds(live.user_time);
	time->ct_system += clock_microseconds(ended.system_time) +
			   clock_microseconds(live.system_time);
}

kern_return_t
do_unix_times(mach_port_t port, int *error, int64_t *user, int64_t *system,
	      int64_t *children_user, int64_t *children_system)
{
	struct process *p = proc_lookup(port);

	*user = *system = *children_user = *children_system = 0;
	*error = p == NULL ? ESRCH : 0;
	if (p == NULL)
		return KERN_SUCCESS;
	struct cpu_time now = p->p_time;
	if (p->p_state == PROCESS_RUNNING)
		clock_add_task_time(&now, p->p_task);
	*user = now.ct_user;
	*system = now.ct_system;
	*children_user = p->p_time_children.ct_user;
	*children_system = p->p_time_children.ct_system;
	return KERN_SUCCESS;
}
