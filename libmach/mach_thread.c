/*
 * Threads of the thread library (<mach/mach_thread.h>), on the kernel's
 * thread interface.
 *
 *	mach_thread_create	stack, kernel thread, registers, resume
 *	mach_thread_join	waits for the kernel's word that it ended
 *	mach_thread_exit	ends the calling thread
 *	mach_thread_current
 *
 * A thread's stack is its own vm_allocate'd region: a guard page (no
 * access) at the bottom, and at the top its struct mach_thread, which
 * holds its struct libmach_thread (%fs), function, argument and result,
 * and the two ports by which it is managed:
 *
 *	mt_port		send right to the kernel thread (thread_create's)
 *	mt_death_port	receive right; before the thread runs, the creator
 *			asks for a dead-name notification of mt_port to be
 *			sent there
 *
 * The kernel destroys a thread's port when the thread has ended, so the
 * notification is the proof that nothing runs on the stack any more:
 * only then does mach_thread_join read the result and free the stack
 * (and, with it, the struct mach_thread).  A thread ends with
 * thread_terminate on its own port, after storing its result and
 * freeing what newlib allocated for it (newlib_reent.c).
 *
 * The new thread starts (libmach_thread_set_start) with its stack just
 * below the struct, in mach_thread_main, which installs the thread's
 * libmach data and runs the function.
 */
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/thread_status.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdint.h>
#include <string.h>

#include "newlib_reent.h"

#define MACH_THREAD_PAGE_SIZE 4096ul

struct mach_thread {
	struct libmach_thread mt_tls; /* the thread's own (%fs) */
	void *(*mt_function)(void *);
	void *mt_argument;
	void *mt_result;	   /* written by the thread before it ends */
	mach_port_t mt_port;	   /* send right; a dead name once it ended */
	mach_port_t mt_death_port; /* receive right: the dead-name notice */
	vm_address_t mt_stack;	   /* the region: guard page, stack, this */
	vm_size_t mt_stack_size;
};

static void __attribute__((noreturn)) mach_thread_main(void *arg)
{
	struct mach_thread *thread = arg;

	libmach_thread_init(&thread->mt_tls);
	thread->mt_tls.lt_thread = thread;
	mach_thread_exit(thread->mt_function(thread->mt_argument));
}

mach_thread_t
mach_thread_current(void)
{
	return libmach_thread_self()->lt_thread;
}

void
mach_thread_exit(void *result)
{
	struct mach_thread *thread = mach_thread_current();
	mach_port_t port;

	newlib_reent_release(libmach_thread_self());
	if (thread != NULL) {
		thread->mt_result = result;
		port = thread->mt_port;
	} else {
		port = mach_thread_self();
	}
	thread_terminate(port);
	/* Not reached: the kernel ends the thread on its way back to user
	 * mode.  Should the call fail, the thread has nowhere to go. */
	__builtin_trap();
}

/*
 * The stack region with its guard page; the struct mach_thread goes at
 * its top, 16-byte aligned whatever the struct's size.
 */
static kern_return_t
mach_thread_allocate_stack(struct mach_thread **threadp)
{
	vm_size_t size = MACH_THREAD_STACK_SIZE + MACH_THREAD_PAGE_SIZE;
	vm_address_t stack = 0;
	kern_return_t kr;

	kr = vm_allocate(mach_task_self(), &stack, size, 1);
	if (kr != KERN_SUCCESS)
		return kr;
	vm_protect(mach_task_self(), stack, MACH_THREAD_PAGE_SIZE, 0,
		   VM_PROT_NONE);
	uintptr_t top = (stack + size - sizeof(struct mach_thread)) & ~15ul;
	struct mach_thread *thread = (struct mach_thread *)top;
	memset(thread, 0, sizeof(*thread));
	thread->mt_stack = stack;
	thread->mt_stack_size = size;
	*threadp = thread;
	return KERN_SUCCESS;
}

/* Frees what mach_thread_create made for thread (its kernel thread ended
 * or never ran); the struct itself goes with the stack. */
static void
mach_thread_release(struct mach_thread *thread)
{
	mach_port_t self = mach_task_self();
	mach_port_t names[] = {thread->mt_port, thread->mt_death_port,
			       thread->mt_tls.lt_reply_port,
			       thread->mt_tls.lt_wake_port};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (MACH_PORT_VALID(names[i]))
			mach_port_destroy(self, names[i]);
	vm_deallocate(self, thread->mt_stack, thread->mt_stack_size);
}

/* The kernel thread, watched by mt_death_port, ready to run. */
static kern_return_t
mach_thread_start(struct mach_thread *thread)
{
	mach_port_t self = mach_task_self(), previous = MACH_PORT_NULL;
	kern_return_t kr;

	kr = mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE,
				&thread->mt_death_port);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = thread_create(self, &thread->mt_port);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_port_request_notification(self, thread->mt_port,
					    MACH_NOTIFY_DEAD_NAME, 0,
					    thread->mt_death_port, &previous);
	if (kr == KERN_SUCCESS)
		kr = libmach_thread_set_start(thread->mt_port, mach_thread_main,
					      thread, thread);
	if (kr == KERN_SUCCESS)
		kr = thread_resume(thread->mt_port);
	if (kr != KERN_SUCCESS)
		thread_terminate(thread->mt_port); /* never ran */
	return kr;
}

kern_return_t
mach_thread_create(mach_thread_t *threadp, void *(*fn)(void *), void *arg)
{
	struct mach_thread *thread;
	kern_return_t kr;

	kr = mach_thread_allocate_stack(&thread);
	if (kr != KERN_SUCCESS)
		return kr;
	thread->mt_function = fn;
	thread->mt_argument = arg;
	kr = mach_thread_start(thread);
	if (kr != KERN_SUCCESS) {
		mach_thread_release(thread);
		return kr;
	}
	*threadp = thread;
	return KERN_SUCCESS;
}

/*
 * Waits for the notification that thread's kernel thread has ended;
 * returns 0 if something else came (the request was cancelled).
 */
static int
mach_thread_wait_death(struct mach_thread *thread)
{
	union {
		mach_dead_name_notification_t dead_name;
		char buffer[sizeof(mach_dead_name_notification_t) +
			    MAX_TRAILER_SIZE];
	} msg;
	mach_msg_return_t mr;

	do {
		mr = mach_msg(&msg.dead_name.not_header, MACH_RCV_MSG, 0,
			      sizeof(msg), thread->mt_death_port,
			      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	} while (mr == MACH_RCV_INTERRUPTED);
	return mr == MACH_MSG_SUCCESS &&
	       msg.dead_name.not_header.msgh_id == MACH_NOTIFY_DEAD_NAME;
}

kern_return_t
mach_thread_join(mach_thread_t thread, void **result)
{
	if (thread == NULL || thread == mach_thread_current())
		return KERN_INVALID_ARGUMENT;
	if (!mach_thread_wait_death(thread)) {
		/* No notice will come: make sure it no longer runs. */
		thread_terminate(thread->mt_port);
	}
	if (result != NULL)
		*result = thread->mt_result;
	mach_thread_release(thread);
	return KERN_SUCCESS;
}
