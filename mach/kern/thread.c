/*
 * Threads: creation, resumption, termination and freeing.
 *
 * Entry points: see kern/thread.h.
 *
 * A thread is freed (thread_reap) only when it cannot be running: either
 * by the thread that runs next after it terminated itself
 * (thread_continue), or directly when another thread terminates it while
 * it waits on a run queue or is suspended.
 */
#include <ipc/ipc_mqueue.h>
#include <kern/debug.h>
#include <kern/ipc_tt.h>
#include <kern/lock.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <mach/traps.h>
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
	thread->th_stack = vm_page_alloc_kva(KERNEL_STACK_ORDER);
	if (thread->th_stack == NULL) {
		zfree(thread_zone, thread);
		return NULL;
	}
	thread->th_priority = priority;
	thread->th_state = TH_SUSPENDED;
	if (ipc_thread_init(thread) != KERN_SUCCESS) {
		vm_page_free_kva(thread->th_stack, KERNEL_STACK_ORDER);
		zfree(thread_zone, thread);
		return NULL;
	}
	simple_lock(&thread_count_lock);
	thread->th_id = thread_next_id++;
	threads_alive++;
	simple_unlock(&thread_count_lock);
	return thread;
}

static void
thread_free(struct thread *thread)
{
	ipc_thread_cleanup(thread);
	ipc_thread_terminate(thread);
	vm_page_free_kva(thread->th_stack, KERNEL_STACK_ORDER);
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
thread_resume(struct thread *thread)
{
	unsigned long flags = cpu_intr_save();
	if (thread->th_state == TH_SUSPENDED) {
		thread->th_state = TH_RUN;
		sched_setrun(thread);
	}
	cpu_intr_restore(flags);
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

	if (thread->th_task != NULL)
		task_remove_thread(thread->th_task, thread);
	thread_free(thread);
}

unsigned long
thread_count(void)
{
	return threads_alive;
}
