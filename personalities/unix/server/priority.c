/*
 * Nice values: getpriority, setpriority (and nice, in the library), and
 * what they mean to the kernel's scheduler.
 *
 *	do_unix_getpriority, do_unix_setpriority
 *	priority_set_thread	a new thread of a process at its priority
 *
 * A process's nice value (p_nice, -20..19) is inherited by fork and
 * spawn and kept by exec.  The kernel schedules by fixed priorities,
 * higher first, and the UNIX server's own threads run at
 * MACH_PRIORITY_DEFAULT: a process above them could keep the server from
 * running at all (and so from delivering the very signal that would
 * stop it).  So only a positive nice value changes anything: it puts
 * the process's threads below the default, 1 to 15 steps for nice 1 to
 * 19, where they run only when no thread of a higher priority is
 * ready; a negative value (root's) is kept and reported, and runs at
 * the default.  Threads a process makes itself start at their maker's
 * priority (the kernel's rule), so they follow too.
 */
#include "unix.h"
#include "unix_server.h"

#include <errno.h>
#include <mach/mach_port.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/traps.h>
#include <mach/vm_map.h>
#include <sys/resource.h>

#define PRIORITY_NICE_MIN (-20)
#define PRIORITY_NICE_MAX 19

/* The kernel priority of a nice value. */
static int
priority_of_nice(int nice)
{
	if (nice <= 0)
		return MACH_PRIORITY_DEFAULT;
	return MACH_PRIORITY_DEFAULT - 1 - (nice - 1) * 14 / 18;
}

void
priority_set_thread(struct process *p, mach_port_t thread)
{
	if (p->p_nice > 0)
		thread_set_priority(thread, priority_of_nice(p->p_nice));
}

/* Every thread of p to its nice value's priority. */
static void
priority_set_task(struct process *p)
{
	thread_array_t threads;
	mach_msg_type_number_t count = 0;

	if (!MACH_PORT_VALID(p->p_task) ||
	    task_threads(p->p_task, &threads, &count) != KERN_SUCCESS)
		return;
	for (mach_msg_type_number_t i = 0; i < count; i++) {
		thread_set_priority(threads[i], priority_of_nice(p->p_nice));
		mach_port_deallocate(mach_task_self(), threads[i]);
	}
	vm_deallocate(mach_task_self(), (vm_address_t)threads,
		      count * sizeof(*threads));
}

/* Does target belong to the processes which and who name for caller? */
static int
priority_matches(struct process *caller, struct process *target, int which,
		 int who)
{
	if (target->p_state == PROCESS_ZOMBIE)
		return 0;
	switch (which) {
	case PRIO_PROCESS:
		return target->p_pid == (who == 0 ? caller->p_pid : who);
	case PRIO_PGRP:
		return target->p_pgid == (who == 0 ? caller->p_pgid : who);
	default: /* PRIO_USER */
		return target->p_uid ==
		       (uid_t)(who == 0 ? (int)caller->p_uid : who);
	}
}

/* The calling process of a getpriority or setpriority through port, or
 * NULL with *error (ESRCH: no process; EINVAL: which is none of the
 * three). */
static struct process *
priority_caller(mach_port_t port, int which, int *error)
{
	struct process *caller = proc_lookup(port);

	*error = caller == NULL ? ESRCH : 0;
	if (*error == 0 && which != PRIO_PROCESS && which != PRIO_PGRP &&
	    which != PRIO_USER)
		*error = EINVAL;
	return *error == 0 ? caller : NULL;
}

kern_return_t
do_unix_getpriority(mach_port_t port, int which, int who, int *error,
		    int *value)
{
	struct process *caller = priority_caller(port, which, error);
	int found = 0;

	*value = 0;
	if (caller == NULL)
		return KERN_SUCCESS;
	for (struct process *p = proc_first(); p != NULL; p = p->p_next)
		if (priority_matches(caller, p, which, who) &&
		    (!found++ || p->p_nice < *value))
			*value = p->p_nice;
	if (!found)
		*error = ESRCH;
	return KERN_SUCCESS;
}

/* May caller give target the nice value value? */
static int
priority_check(struct process *caller, struct process *target, int value)
{
	if (caller->p_euid == 0)
		return 0;
	if (caller->p_euid != target->p_uid && caller->p_euid != target->p_euid)
		return EPERM;
	if (value < target->p_nice)
		return EACCES;
	return 0;
}

kern_return_t
do_unix_setpriority(mach_port_t port, int which, int who, int value, int *error)
{
	struct process *caller = priority_caller(port, which, error);
	int found = 0;

	if (caller == NULL)
		return KERN_SUCCESS;
	if (value < PRIORITY_NICE_MIN)
		value = PRIORITY_NICE_MIN;
	if (value > PRIORITY_NICE_MAX)
		value = PRIORITY_NICE_MAX;
	/* every one checked first, then all changed */
	for (struct process *p = proc_first(); p != NULL; p = p->p_next)
		if (priority_matches(caller, p, which, who)) {
			found = 1;
			if ((*error = priority_check(caller, p, value)) != 0)
				return KERN_SUCCESS;
		}
	if (!found) {
		*error = ESRCH;
		return KERN_SUCCESS;
	}
	for (struct process *p = proc_first(); p != NULL; p = p->p_next)
		if (priority_matches(caller, p, which, who)) {
			p->p_nice = value;
			priority_set_task(p);
		}
	return KERN_SUCCESS;
}
