/*
 * The scheduler: fixed priorities (MACH_PRIORITY_MIN..MAX, higher first),
 * round-robin time slices among equal priorities, preemption on the timer
 * tick and when a higher-priority thread becomes runnable.
 *
 * The kernel itself is not preemptive: a thread is switched out only when
 * it blocks, terminates or yields, or on its way back to user mode
 * (sched_ast_check).
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <kern/debug.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <machine/thread.h>
#include <stddef.h>
#include <stdint.h>
#include <vm/pmap.h>

struct thread;

#define SCHED_QUANTUM_TICKS 2 /* time slice: 20 ms at HZ = 100 */

void sched_bootstrap(void);

/* Starts scheduling on this CPU; the boot stack is abandoned. */
void sched_start(void) __attribute__((noreturn));

/* Puts a thread on its run queue (it must be TH_RUN and not queued). */
void sched_setrun(struct thread *thread);

/* Takes a queued thread off its run queue. */
void sched_remove(struct thread *thread);

/* Gives the processor to the best runnable thread; the caller has set its
 * own state (a TH_RUN caller is put back on its queue).  Interrupts must
 * be disabled. */
void sched_block(void);

/* Switches directly to next (TH_RUN, on no queue), which runs in the
 * caller's place; the caller has set its own state as for sched_block.
 * With handoff=off, next goes on its run queue and the caller blocks
 * (sched_block): the queues choose. */
void sched_handoff(struct thread *next);

/*
 * Whether IPC hands the processor directly from sender to receiver (an
 * L4 lesson; the kernel argument handoff=off clears it).  Set at boot.
 */
extern int sched_handoff_enabled;

/*
 * handoff=off, for the IPC fast path's switch: whether the run queues
 * would choose next (TH_RUN, on no queue) if it were put on them now and
 * the running thread blocked (no queued thread of its priority or
 * higher); and the same choice made through the queues (next is put on
 * its queue and taken off again as the best).  Interrupts off.
 */
int sched_queues_would_choose(const struct thread *next);
void sched_choose_from_queues(struct thread *next);

/* A continuation that checks for ASTs (sched_ast_check). */
void sched_ast_continue(struct trap_frame *frame);

/* Gives up the processor to threads of equal or higher priority. */
void sched_yield(void);

/* Changes the running thread's priority, rescheduling if needed. */
void sched_set_priority(struct thread *thread, int priority);

/* Timer interrupt: accounts the tick, charges it to the running thread
 * (as user time if it interrupted user mode, else as system time) and
 * ends expired time slices. */
void sched_clock_tick(int from_user);

/* On the way back to user mode: switch if a reschedule is pending, stop
 * if the thread is held, end it if it should. */
void sched_ast_check(void);

/*
 * Whether sched_ast_check has anything to do for thread, the running one
 * (cheap, inline: the counts and flags are or'ed and tested once).
 */
static inline int
sched_ast_pending(const struct thread *thread)
{
	int pending = cpu_get(cpu_need_resched) | thread->th_should_terminate |
		      thread->th_suspend_count;

	if (thread->th_task != NULL)
		pending |= thread->th_task->task_suspend_count;
	return pending != 0;
}

struct sched_statistics {
	unsigned long ss_context_switches;
	unsigned long ss_ticks;
	unsigned long ss_handoffs; /* sched_handoff's switches straight to a
				      woken thread (the fast path's are its
				      messages: host_kernel_stats) */
};

/* Timer ticks since boot. */
uint64_t sched_ticks(void);
void sched_statistics(struct sched_statistics *stats);

/* The scheduler's counters (guarded by sched_lock, or interrupts off). */
extern struct sched_statistics sched_stats;

/*
 * The IPC fast path's switch: hands the processor from prev, the running
 * thread, to next, without the run queues, and returns next's user
 * registers.  prev has just blocked (TH_WAIT) holding nothing on its
 * kernel stack, which is abandoned: when it is switched to again it
 * starts afresh at continuation, then returns to user mode.  next is a
 * user thread taken off its wait (TH_RUN, on no queue); the kernel frames
 * it blocked in, if any, are abandoned too.  On return the caller runs as
 * next, in next's address space, but still on prev's stack: it may only
 * finish next's trap (copy out to next's memory, set its result) and must
 * then leave through machine_thread_return_user.  Interrupts off, no
 * lock held.  Always inline: it is the IPC fast path's (both doors).
 * With handoff=off the run queues choose next first (the fast path has
 * checked that they would: sched_queues_would_choose).
 */
static inline __attribute__((always_inline)) struct trap_frame *
sched_handoff_user(struct thread *prev, thread_continuation_t continuation,
		   struct thread *next)
{
	assert(prev->th_state == TH_WAIT);
	assert(next->th_state == TH_RUN && !next->th_on_run_queue);
	if (__builtin_expect(!sched_handoff_enabled, 0))
		sched_choose_from_queues(next);
	sched_stats.ss_context_switches++;
	prev->th_continuation = continuation;
	next->th_continuation = NULL; /* it runs on from its trap */
	cpu_set(cpu_thread, next);
	pmap_activate(next->th_task->task_pmap);
	return machine_thread_load(&next->th_machine);
}

#endif /* KERN_SCHED_H */
