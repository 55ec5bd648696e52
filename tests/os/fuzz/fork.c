/*
 * fz_fork: a new task that is a copy of this program, started in a
 * function of it (the supervisor's worker for each batch).
 *
 * The copy is tests/os/lib/fork.c's (fork_task): the program's segments
 * and heap written into the child, a fresh stack, one thread that runs
 * mach_init (libmach's names become the child's own) and then
 * entry(arg).  Before it runs, the child is given a send right to
 * report under FZ_REPORT_NAME, one to create (where the supervisor makes
 * the worker's tasks, fz_create_request) under FZ_CREATE_NAME and, if
 * this task has the privileged host port (a boot module does), a send
 * right to that under FZ_HOST_PRIV_NAME: the worker's vm_wire calls
 * need it.
 *
 * The copy is a snapshot of this task's data: entry finds in it
 * whatever this task wrote before calling fz_fork (the batch to run).
 */
#include "fuzz.h"

#include "../lib/fork.h"
#include <mach/mach_port.h>
#include <mach/task.h>
#include <mach/thread.h>

void
fz_fork_image(uint64_t *start, uint64_t *stop)
{
	vm_address_t image_start, image_stop;

	fork_image(&image_start, &image_stop);
	*start = image_start;
	*stop = image_stop;
}

/* This task's send right to the privileged host port, asked for once. */
static mach_port_t
fz_host_priv(void)
{
	static mach_port_t priv;
	static int asked;

	if (!asked &&
	    task_get_special_port(mach_task_self(), TASK_HOST_PRIV_PORT,
				  &priv) != KERN_SUCCESS)
		priv = MACH_PORT_NULL;
	asked = 1;
	return priv;
}

kern_return_t
fz_fork(mach_port_t *task, void (*entry)(void *), void *arg, mach_port_t report,
	mach_port_t create, uint64_t *stack)
{
	mach_port_t child, thread;
	vm_address_t stack_base;

	kern_return_t kr = fork_task(&child, &thread, entry, arg, &stack_base);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_port_insert_right(child, FZ_REPORT_NAME, report,
				    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(child, FZ_CREATE_NAME, create,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS && fz_host_priv() != MACH_PORT_NULL)
		kr = mach_port_insert_right(child, FZ_HOST_PRIV_NAME,
					    fz_host_priv(),
					    MACH_MSG_TYPE_COPY_SEND);
	if (kr == KERN_SUCCESS && fz_io_root != MACH_PORT_NULL)
		kr = mach_port_insert_right(child, FZ_IO_ROOT_NAME, fz_io_root,
					    MACH_MSG_TYPE_COPY_SEND);
	if (kr == KERN_SUCCESS)
		kr = thread_resume(thread);
	mach_port_deallocate(mach_task_self(), thread);
	if (kr != KERN_SUCCESS) {
		task_terminate(child);
		mach_port_deallocate(mach_task_self(), child);
		return kr;
	}
	stack[0] = stack_base;
	stack[1] = stack_base + FORK_STACK_SIZE;
	*task = child;
	return KERN_SUCCESS;
}
