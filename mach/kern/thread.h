/*
 * Threads: the entities the scheduler runs.  A thread belongs to one task
 * (or to none: kernel threads such as the idle thread) and has a kernel
 * stack, a priority and a state.
 *
 * Locks: th_task_next is guarded by the task's lock; th_state,
 * th_run_next, th_priority and th_quantum by the scheduler (sched.c).
 * A thread ends itself on its way back to user mode (thread_terminate
 * only asks it to) and is freed by the next thread to run
 * (thread_continue), never on its own stack.
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <mach/kern_return.h>
#include <machine/cpu_data.h>
#include <machine/thread.h>
#include <stdint.h>

struct task;

enum thread_state {
	TH_RUN = 1,    /* running or on a run queue */
	TH_WAIT,       /* blocked (in mach_msg) until woken */
	TH_SUSPENDED,  /* neither: not scheduled until resumed */
	TH_TERMINATED, /* waiting to be freed */
};

struct thread {
	struct machine_thread th_machine; /* first: FPU area alignment */
	struct task *th_task;		  /* NULL for kernel threads */
	struct thread *th_task_next;	  /* task's thread list */
	struct thread *th_run_next;	  /* run queue link */
	void *th_stack;			  /* kernel stack */
	thread_continuation_t
	    th_continuation; /* if set, where the thread starts
					     when switched to (its kernel
					     stack holds nothing) */
	int th_id;
	enum thread_state th_state;
	int th_priority;
	int th_quantum; /* ticks left in this time slice */
	int th_on_run_queue;
	int th_suspend_count;	 /* thread_suspend minus thread_resume */
	int th_should_terminate; /* end on the way back to user mode */

	/* Waiting in mach_msg (guarded by ipc_lock; see ipc/ipc_mqueue.c). */
	struct thread *th_ipc_next;	     /* link in a wait list */
	struct thread **th_ipc_wait_list;    /* the list it is on, or NULL */
	int th_ipc_result;		     /* why it was woken */
	struct ipc_kmsg *th_ipc_kmsg;	     /* message handed to it */
	struct ipc_kmsg *th_ipc_cached_kmsg; /* spare small message buffer */
	struct ipc_port *th_self; /* the thread's kernel object port */
	struct ipc_port *th_exception_port;    /* send right, or NULL */
	struct ipc_port *th_kernel_reply_port; /* for RPCs the kernel makes */

	/* Waiting in a receive (in the mach_msg trap) that any sender may
	 * complete directly (ipc/ipc_fastpath.c). */
	int th_ipc_fast_wait;

	/* Timeouts (guarded by the scheduler; see kern/timeout.c). */
	uint64_t th_timeout_tick; /* wake by this tick, if armed */
	struct thread *th_timeout_next;
	int th_timeout_armed;
};

void thread_bootstrap(void);

/*
 * Creates a thread in task that starts in user mode at pc with stack
 * pointer sp and arg in rdi, suspended.  Returns KERN_SUCCESS and
 * *thread, KERN_RESOURCE_SHORTAGE, or KERN_TERMINATED if the task is
 * being terminated.
 */
kern_return_t thread_create_user(struct task *task, uint64_t pc, uint64_t sp,
				 uint64_t arg, struct thread **thread);

/* Creates a kernel thread running function(arg), suspended, or NULL. */
struct thread *thread_create_kernel(void (*function)(void *), void *arg,
				    int priority);

/*
 * Suspension.  A thread is held while its own suspend count or its task's
 * is non-zero; a held thread stops on its way to user mode
 * (sched_ast_check) and runs again when released.
 */
int thread_held(const struct thread *thread);
/* Makes a stopped thread runnable if it is no longer held. */
void thread_release(struct thread *thread);

/*
 * The server routines of thread.defs (and thread_create of task.defs).
 * A NULL thread is a port that named none: KERN_INVALID_ARGUMENT.
 */
kern_return_t thread_suspend(struct thread *thread);
kern_return_t thread_resume(struct thread *thread);
kern_return_t thread_terminate(struct thread *thread);

/* Ends the calling thread; does not return. */
void thread_terminate_self(void) __attribute__((noreturn));

/*
 * Called on the new thread right after every context switch, with the
 * thread that ran before: frees it if it had terminated.
 */
void thread_continue(struct thread *prev);

/* Frees a thread that has ended itself and is not running. */
void thread_reap(struct thread *thread);

static inline struct thread *
current_thread(void)
{
	return cpu_get(cpu_thread);
}

unsigned long thread_count(void);

#endif /* KERN_THREAD_H */
