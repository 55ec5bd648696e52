/*
 * Threads: creation, resumption, termination and freeing.
 *
 * Entry points: see kern/thread.h.
 *
 * A thread always ends itself (thread_terminate_self), even when another
 * thread terminates it (thread_terminate makes it run to its end), and is
 * freed (thread_reap) by the thread that runs next (thread_continue):
 * never on its own stack, never while it waits or is queued anywhere.
 *
 * A thread stops while held (suspended) by waiting on its own hold
 * queue (th_hold_queue), which is also where a new thread waits until it
 * is first released; thread_switch's timed wait is a wait on nothing.
 * thread_abort and thread_terminate end whatever interruptible wait a
 * thread is in (wait_interrupt): IPC, hold or timed.
 */
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <kern/debug.h>
#include <kern/ipc_tt.h>
#include <kern/lock.h>
#include <kern/sched.h>
#include <kern/stack.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <kern/zalloc.h>
#include <mach/mach_types.h>
#include <mach/traps.h>
#include <machine/lapic.h>
#include <vm/vm_page.h>

static struct zone *thread_zone;
static simple_lock_data_t thread_count_lock;
static int thread_next_id = 1;
static unsigned long threads_alive;

void
thread_bootstrap(void)
{
	simple_lock_init(&thread_count_lock);
	thread_zone = zone_create("thread", sizeof(struct thread));
	if (thread_zone == NULL)
		panic("thread_bootstrap: no memory for the thread zone");
}

static struct thread *
thread_allocate(int priority)
{
	struct thread *thread = zalloc(thread_zone);
	if (thread == NULL)
		return NULL;
	memset(thread, 0, sizeof(*thread));
	thread->th_stack = stack_alloc();
	if (thread->th_stack == NULL) {
		zfree(thread_zone, thread);
		return NULL;
	}
	thread->th_priority = priority;
	wait_queue_init(&thread->th_hold_queue);
	if (ipc_thread_init(thread) != KERN_SUCCESS) {
		stack_free(thread->th_stack);
		zfree(thread_zone, thread);
		return NULL;
	}
	simple_lock(&thread_count_lock);
	thread->th_id = thread_next_id++;
	threads_alive++;
	simple_unlock(&thread_count_lock);
	/* Until first released it waits, as if stopped while held. */
	wait_queue_park(&thread->th_hold_queue, thread);
	return thread;
}

static void
thread_free(struct thread *thread)
{
	ipc_thread_cleanup(thread);
	ipc_thread_terminate(thread);
	machine_thread_release(thread);
	stack_free(thread->th_stack);
	zfree(thread_zone, thread);
	simple_lock(&thread_count_lock);
	threads_alive--;
	simple_unlock(&thread_count_lock);
}

kern_return_t
thread_create_user(struct task *task, uint64_t pc, uint64_t sp, uint64_t arg,
		   struct thread **result)
{
	struct thread *thread = thread_allocate(MACH_PRIORITY_DEFAULT);
	if (thread == NULL)
		return KERN_RESOURCE_SHORTAGE;
	machine_thread_init_user(thread, thread->th_stack, pc, sp, arg);
	kern_return_t kr = task_add_thread(task, thread);
	if (kr != KERN_SUCCESS) {
		/* Out of its first wait, never to run. */
		unsigned long flags = cpu_intr_save();
		wait_queue_wakeup_one(&thread->th_hold_queue, THREAD_AWAKENED);
		cpu_intr_restore(flags);
		thread_free(thread);
		return kr;
	}
	*result = thread;
	return KERN_SUCCESS;
}

struct thread *
thread_create_kernel(void (*function)(void *), void *arg, int priority)
{
	struct thread *thread = thread_allocate(priority);
	if (thread != NULL)
		machine_thread_init_kernel(thread, thread->th_stack, function,
					   arg);
	return thread;
}

void
thread_release(struct thread *thread)
{
	if (!thread_held(thread))
		wait_queue_wakeup_all(&thread->th_hold_queue, THREAD_AWAKENED);
}

/*
 * The held check and the wait are one step: interrupts are off (one
 * CPU), and thread_release changes the counts before it wakes.
 */
void
thread_hold_wait(struct thread *self)
{
	assert(self == current_thread() && !cpu_intr_enabled());
	if (thread_held(self))
		wait_sleep(&self->th_hold_queue, NULL, WAIT_INTERRUPTIBLE,
			   WAIT_NO_TIMEOUT, NULL);
}

kern_return_t
thread_suspend(struct thread *thread)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&ipc_lock);
	thread->th_suspend_count++;
	thread_hold_fast_wait_locked(thread);
	simple_unlock(&ipc_lock);
	if (thread == current_thread())
		cpu_set(cpu_need_resched, 1); /* stop at the AST */
	return KERN_SUCCESS;
}

/*
 * A held thread (suspended, or its task) may wait in a receive, but not
 * in one that the IPC fast paths end (th_ipc_fast_wait): they return the
 * receiver to user mode at once, and the register hot path does not look
 * at the suspend counts (ipc/ipc_hotpath.c).  Its wait is left to the
 * general path, which holds it on its way back to user mode; a thread
 * starts no such wait while held (ipc/mach_msg.c; the fast paths start
 * them only in a trap straight from user mode, where it is not).
 */
void
thread_hold_fast_wait_locked(struct thread *thread)
{
	thread->th_ipc_fast_wait = 0;
}

kern_return_t
thread_resume(struct thread *thread)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	if (thread->th_suspend_count == 0)
		return KERN_FAILURE;
	thread->th_suspend_count--;
	thread_release(thread);
	return KERN_SUCCESS;
}

/*
 * Ends a thread, as Mach does, by making it end itself: it is marked,
 * raised to the highest priority and taken out of its wait (as by
 * thread_abort; a held thread's wait too), and it ends on its way back to user
 * mode (sched_ast_check), once the kernel code it was in has unwound and
 * released what it held (a message it was sending, an exception port).
 * A thread is never freed while it might be anywhere else: on a wait
 * list, a run queue or in the middle of a kernel call.  On one CPU the
 * thread has ended before its terminator returns to user mode (the
 * terminator gives up the processor to it on its way back); the
 * calling thread itself ends on its way back (so that an RPC that ends it
 * still gets its reply).
 */
kern_return_t
thread_terminate(struct thread *thread)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	unsigned long flags = cpu_intr_save();
	if (!thread->th_should_terminate) {
		thread->th_should_terminate = 1;
		if (thread != current_thread()) {
			sched_set_priority(thread, MACH_PRIORITY_MAX);
			wait_interrupt(thread); /* any wait, held or not */
			/* Let it end before the caller goes on in user mode,
			 * even if the caller is of the highest priority too
			 * (it goes behind it in the queue). */
			cpu_set(cpu_need_resched, 1);
		}
	}
	cpu_intr_restore(flags);
	return KERN_SUCCESS;
}

void
thread_terminate_self(void)
{
	cpu_intr_disable();
	current_thread()->th_state = TH_TERMINATED;
	sched_block();
	panic("thread_terminate_self: a terminated thread ran again");
}

void
thread_continue(struct thread *prev)
{
	if (prev->th_state == TH_TERMINATED)
		thread_reap(prev);
}

void
thread_reap(struct thread *thread)
{
	assert(thread->th_state == TH_TERMINATED);
	assert(thread != current_thread());
	assert(!thread->th_on_run_queue);
	assert(thread->th_wait_queue == NULL && !thread->th_timeout_armed);

	if (thread->th_task != NULL) {
		ipc_thread_reap(thread);
		task_remove_thread(thread->th_task, thread);
	}
	thread_free(thread);
}

unsigned long
thread_count(void)
{
	return threads_alive;
}

/*
 * thread_create (task.defs): a new thread of task, zero state, held by a
 * suspend count of one.  A thread made by a thread of the same task
 * starts at its maker's priority.
 */
kern_return_t
thread_create(struct task *task, struct thread **child)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	kern_return_t kr = thread_create_user(task, 0, 0, 0, child);
	if (kr != KERN_SUCCESS)
		return kr;
	(*child)->th_suspend_count = 1;
	if (current_task() == task)
		(*child)->th_priority = current_thread()->th_priority;
	return KERN_SUCCESS;
}

void
thread_ticks_to_time(uint64_t ticks, time_value_t *time)
{
	time->seconds = ticks / HZ;
	time->microseconds = ticks % HZ * (1000000 / HZ);
}

static int
thread_run_state(const struct thread *thread)
{
	switch (thread->th_state) {
	case TH_WAIT:
		if (thread->th_wait_queue == &thread->th_hold_queue)
			return TH_STATE_STOPPED;
		return thread->th_wait_uninterruptible
			   ? TH_STATE_UNINTERRUPTIBLE
			   : TH_STATE_WAITING;
	case TH_TERMINATED:
		return TH_STATE_HALTED;
	default:
		return TH_STATE_RUNNING;
	}
}

kern_return_t
thread_info(struct thread *thread, thread_flavor_t flavor, thread_info_t info,
	    mach_msg_type_number_t *count)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor != THREAD_BASIC_INFO)
		return KERN_INVALID_ARGUMENT;
	if (*count < THREAD_BASIC_INFO_COUNT)
		return KERN_INVALID_ARGUMENT;
	struct thread_basic_info basic = {0};
	unsigned long flags = cpu_intr_save();
	simple_lock(&wait_lock);
	thread_ticks_to_time(thread->th_user_ticks, &basic.user_time);
	thread_ticks_to_time(thread->th_system_ticks, &basic.system_time);
	basic.suspend_count = thread->th_suspend_count;
	basic.run_state = thread_run_state(thread);
	basic.priority = thread->th_priority;
	simple_unlock(&wait_lock);
	cpu_intr_restore(flags);
	memcpy(info, &basic, sizeof(basic));
	*count = THREAD_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

kern_return_t
thread_get_state(struct thread *thread, thread_state_flavor_t flavor,
		 thread_state_t state, mach_msg_type_number_t *count)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	return machine_thread_get_state(thread, flavor, state, count);
}

/*
 * The IPC fast paths return to a thread waiting in a receive they may
 * complete (th_ipc_fast_wait) by sysret: one whose new state sysret
 * cannot return to (a non-canonical rip) is left to the general path,
 * which returns through iretq (ipc/ipc_hotpath.c relies on it).
 */
kern_return_t
thread_set_state(struct thread *thread, thread_state_flavor_t flavor,
		 thread_state_t state, mach_msg_type_number_t count)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&ipc_lock);
	kern_return_t kr =
	    machine_thread_set_state(thread, flavor, state, count);
	if (kr == KERN_SUCCESS &&
	    !machine_thread_light_return_ok(&thread->th_machine))
		thread->th_ipc_fast_wait = 0;
	simple_unlock(&ipc_lock);
	return kr;
}

/*
 * thread_abort (thread.defs): ends the thread's interruptible wait, of
 * whatever kind, with THREAD_INTERRUPTED (mach_msg returns
 * MACH_SEND_INTERRUPTED or MACH_RCV_INTERRUPTED, thread_switch
 * KERN_ABORTED).  A held thread stays held.  The calling thread is in no
 * wait: aborting it does nothing.
 */
kern_return_t
thread_abort(struct thread *thread)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	if (thread != current_thread())
		wait_interrupt(thread);
	return KERN_SUCCESS;
}

kern_return_t
thread_switch(uint32_t hint, int option, uint32_t ms)
{
	if (hint != 0)
		return KERN_INVALID_ARGUMENT;
	if (option == SWITCH_OPTION_WAIT && ms != 0) {
		unsigned long flags = cpu_intr_save();
		wait_result_t result =
		    wait_sleep(NULL, NULL, WAIT_INTERRUPTIBLE, ms, NULL);
		cpu_intr_restore(flags);
		return result == THREAD_INTERRUPTED ? KERN_ABORTED
						    : KERN_SUCCESS;
	}
	if (option != SWITCH_OPTION_NONE && option != SWITCH_OPTION_WAIT)
		return KERN_INVALID_ARGUMENT;
	sched_yield();
	return KERN_SUCCESS;
}

kern_return_t
thread_get_special_port(struct thread *thread, int which, mach_port_t *port)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	if (which == THREAD_KERNEL_PORT)
		*port = convert_thread_to_port(thread);
	else if (which == THREAD_EXCEPTION_PORT)
		*port = ipc_port_copy_send(thread->th_exception_port);
	else
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

kern_return_t
thread_set_special_port(struct thread *thread, int which, mach_port_t port)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	if (which != THREAD_EXCEPTION_PORT)
		return KERN_INVALID_ARGUMENT;
	ipc_port_swap_send(&thread->th_exception_port, port);
	return KERN_SUCCESS;
}

kern_return_t
thread_set_priority(struct thread *thread, int priority)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	if (priority < MACH_PRIORITY_MIN || priority > MACH_PRIORITY_MAX)
		return KERN_INVALID_VALUE;
	sched_set_priority(thread, priority);
	return KERN_SUCCESS;
}
