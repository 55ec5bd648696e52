/*
 * What libmach keeps per task, learnt when the task starts and learnt
 * again in a forked child: the task's names for its own port, for the
 * host's port and for its bootstrap port, and the main thread's libmach
 * data (whose newlib state is newlib's global one: newlib_reent.c).
 *
 *	mach_init		sets them up (libmach_start; a fork's child)
 *	mach_task_self		the task's own port, cached
 *	libmach_host_port	the host's port, cached
 *	bootstrap_port		<mach/bootstrap_types.h>
 *
 * Why cache, and why again in a child: each of mach_task_self's and
 * mach_host_self's traps copies out one more send right, a user
 * reference that nobody gives back (callers never deallocate their
 * own task's name), so the name is asked for once.  But a port name
 * means something only in the name space it was made in.  A task
 * created with task_create whose memory is a copy of its parent's (a
 * fork) finds the parent's names in these variables, which in its own
 * space name nothing or something else; the per-thread data (reply
 * and wake ports, in struct libmach_thread) is the parent's too.  So
 * the child's first thread calls mach_init before anything else, as
 * the task's start does: the cached names are the child's own from
 * then on (docs/libmach.md).
 */
#include <mach/bootstrap_types.h>
#include <mach/mach_ipc.h>
#include <mach/mach_types.h>
#include <mach/task.h>

#include "newlib_reent.h"

mach_port_t bootstrap_port = MACH_PORT_NULL;

static mach_port_t mach_init_task_self; /* NULL: ask the kernel */
static mach_port_t mach_init_host;	/* NULL: ask the kernel */

/* The main thread's data: in a child, the thread that calls mach_init. */
static struct libmach_thread mach_init_main_thread;

void
mach_init(void)
{
	libmach_thread_init(&mach_init_main_thread);
	newlib_reent_main(&mach_init_main_thread);
	mach_init_task_self = MACH_PORT_NULL;
	mach_init_host = MACH_PORT_NULL;
	bootstrap_port = MACH_PORT_NULL;
	if (task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT,
				  &bootstrap_port) != KERN_SUCCESS)
		bootstrap_port = MACH_PORT_NULL;
}

/* Asked again after a failure: a shortage of kernel memory gives no name. */
mach_port_t
mach_task_self(void)
{
	if (!MACH_PORT_VALID(mach_init_task_self))
		mach_init_task_self = mach_task_self_trap();
	return mach_init_task_self;
}

mach_port_t
libmach_host_port(void)
{
	if (!MACH_PORT_VALID(mach_init_host))
		mach_init_host = mach_host_self();
	return mach_init_host;
}
