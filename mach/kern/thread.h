/*
 * Threads: the entities the scheduler runs.  A thread belongs to one task
 * (or to none: kernel threads such as the idle thread) and has a kernel
 * stack, a priority and a state.
 *
 * Locks: th_task_next is guarded by the task's lock; th_run_next,
 * th_priority and th_quantum by the scheduler (sched.c); the th_wait_*
 * and th_timeout_* fields and the hold queue by wait_lock (kern/wait.h),
 * which also covers th_state's changes between TH_RUN and TH_WAIT; the
 * th_ipc_* fields by ipc_lock.
 * A thread ends itself on its way back to user mode (thread_terminate
 * only asks it to) and is freed by the next thread to run
 * (thread_continue), never on its own stack.
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <kern/wait_types.h>
#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <machine/cpu_data.h>
#include <machine/thread.h>
#include <stdint.h>

struct task;

/* Scheduler states; what a waiting thread waits for, its wait queue says. */
enum thread_state {
	TH_RUN = 1, /* running or on a run queue */
	TH_WAIT,    /* in a wait (kern/wait.h): on no run queue until woken */
	TH_TERMINATED, /* ended itself: waiting to be freed */
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
	/* Waiting in a receive that any sender may complete directly
	 * (ipc/ipc_fastpath.c): 0, or which trap it waits in.  Guarded by
	 * ipc_lock; beside th_state, which the fast paths set with it (one
	 * store for both). */
	int th_ipc_fast_wait;
	int th_priority;
	int th_quantum; /* ticks left in this time slice */
	/* Timer ticks that found it running in user mode, or in the kernel
	 * (sched_clock_tick): its CPU time, sampled. */
	uint64_t th_user_ticks, th_system_ticks;
	int th_on_run_queue;
	int th_suspend_count;	 /* thread_suspend minus thread_resume */
	int th_should_terminate; /* end on the way back to user mode */

	/* Its wait (guarded by wait_lock; see kern/wait.h). */
	struct wait_queue *th_wait_queue; /* the queue it waits on, or NULL */
	struct thread *th_wait_next;	  /* link in it */
	wait_result_t th_wait_result;	  /* why its last wait ended */
	int th_wait_uninterruptible;	  /* thread_abort may not end the wait
					(0 outside a wait) */
	uint64_t th_timeout_tick;	  /* wake by this tick, if armed */
	struct thread *th_timeout_next;	  /* link in the armed timeouts */
	int th_timeout_armed;
	/* Where it waits while held (suspended) or not yet started. */
	struct wait_queue th_hold_queue;

	/* IPC (guarded by ipc_lock; see ipc/ipc_mqueue.c). */
	int th_ipc_result;		     /* what the waker woke it for */
	struct ipc_kmsg *th_ipc_kmsg;	     /* message handed to it */
	struct ipc_kmsg *th_ipc_cached_kmsg; /* spare small message buffer */
	struct ipc_port *th_self; /* the thread's kernel object port */
	struct ipc_port *th_exception_port;    /* send right, or NULL */
	struct ipc_port *th_kernel_reply_port; /* for RPCs the kernel makes */
	/* The kernel routine it runs has kept its request's reply right
	 * to answer later (ipc_kobject_keep_reply). */
	int th_kobject_reply_kept;

	/* The port set a receive the fast path started waits on: the
	 * reference the wait holds, released when it ends. */
	struct ipc_pset *th_ipc_fast_pset;
	/* The receive buffer last found mapped writable, and the pmap's
	 * generation then (by the fast path for a waiting receiver, or by
	 * the general path for itself: ipc_fastpath.c, mach_msg.c). */
	uint64_t th_ipc_buffer;
	uint32_t th_ipc_buffer_size;
	unsigned long th_ipc_buffer_generation;
	/* The reply cache (ipc/ipc_space.h): the entry of its task's space
	 * kept for the reply rights of the requests it receives over the
	 * register fast path (0: none yet), and the name of the last. */
	uint32_t th_reply_index;
	uint32_t th_reply_name; /* a mach_port_name_t */
	/* The register hot path's translations of names (ipc/ipc_hotpath.c):
	 * of its last request's names (MR2: remote | local) to the ports
	 * they name, and of the name its last reply then received on; each
	 * holds while its task's space's is_generation is the one kept (0:
	 * none yet; a space's starts at 1).  No reference is held: the
	 * space's entries hold theirs while the generation stays. */
	uint64_t th_hot_request_names;
	struct ipc_port *th_hot_dest, *th_hot_reply;
	unsigned long th_hot_request_generation;
	uint32_t th_hot_rcv_name; /* a mach_port_name_t */
	struct ipc_port *th_hot_rcv;
	unsigned long th_hot_rcv_generation;
	/* Its task's id where MR0 of a message received carries it, as
	 * the sender's token (the high half): one load less a message. */
	uint64_t th_hot_token;
};

/* th_ipc_fast_wait: a receive in mach_msg, or in the register trap. */
#define TH_IPC_FAST_MSG	 1
#define TH_IPC_FAST_REGS 2

void thread_bootstrap(void);

/* CPU time of ticks timer ticks (th_user_ticks, th_system_ticks). */
void thread_ticks_to_time(uint64_t ticks, time_value_t *time);

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
 * is non-zero.  A held thread stops on its way to user mode
 * (sched_ast_check): it waits on its hold queue (interruptibly, so that
 * termination ends it) until released.  A thread in another wait when it
 * is suspended stays in it; whenever that wait ends, it stops there too
 * (but not in a wait the IPC fast paths may end: it is taken out of
 * those, thread_hold_fast_wait_locked).  A new thread waits on its hold
 * queue until first released.  (thread_held, which reads the task, is
 * in kern/task.h.)
 */
/* Ends the hold wait of a stopped (or new) thread if it is no longer held. */
void thread_release(struct thread *thread);
/* sched_ast_check: waits on the hold queue while the thread is held. */
void thread_hold_wait(struct thread *self);
/* Takes a thread being held out of a wait the IPC fast paths may end
 * (kern/thread.c).  ipc_lock held. */
void thread_hold_fast_wait_locked(struct thread *thread);

/*
 * The server routines of thread.defs (and thread_create of task.defs).
 * A NULL thread is a port that named none: KERN_INVALID_ARGUMENT.
 */
kern_return_t thread_suspend(struct thread *thread);
kern_return_t thread_info(struct thread *thread, thread_flavor_t flavor,
			  thread_info_t info, mach_msg_type_number_t *count);
kern_return_t thread_resume(struct thread *thread);
kern_return_t thread_terminate(struct thread *thread);

/*
 * The thread_switch trap: option SWITCH_OPTION_NONE gives up the
 * processor (as swtch_pri); SWITCH_OPTION_WAIT waits for ms milliseconds
 * (a timed wait on nothing, interruptible; 0: a yield).  hint must be
 * MACH_PORT_NULL (no handoff to a named thread yet).  Returns
 * KERN_SUCCESS, KERN_ABORTED (the wait was interrupted by thread_abort),
 * or KERN_INVALID_ARGUMENT (a hint, SWITCH_OPTION_DEPRESS or an unknown
 * option).
 */
kern_return_t thread_switch(uint32_t hint, int option, uint32_t ms);

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
