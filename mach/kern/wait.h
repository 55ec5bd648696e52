/*
 * Waits: how a thread in the kernel waits for something, and how whoever
 * makes that something happen wakes it.  Every wait uses it: IPC's (a
 * receive, a send to a full queue, the kernel's own RPCs), suspension (a
 * held thread waits on its own hold queue), thread_switch's timed
 * wait and the console device's thread (kern/console_device.c); the
 * virtual memory work's waits for pagers are to use it too.
 *
 * A thread waits on a wait queue (a FIFO of threads, embedded in the
 * object waited for) or on nothing (a pure timed wait), optionally with a
 * timeout, interruptibly or not:
 *
 *	lock the object; look; decide to wait:
 *	result = wait_sleep(&object->queue, &object->lock, interruptible,
 *			    timeout_ms, handoff);
 *	(object lock held again) look at result and at the object
 *
 * wait_sleep puts the thread on the queue and marks it TH_WAIT, releases
 * the object's lock, switches away (to handoff directly, if given) and
 * takes the lock again when the wait has ended.  The result tells why it
 * ended: THREAD_AWAKENED (a waker chose it; what for, the object's own
 * fields say, written by the waker under the object's lock),
 * THREAD_TIMED_OUT, or THREAD_INTERRUPTED (thread_abort, thread_terminate,
 * task_terminate; only an interruptible wait).  A thread marked to
 * terminate does not start an interruptible wait: it is interrupted at
 * once, so that it unwinds and ends.
 *
 * The waker chooses the waiter: wait_queue_wakeup_one hands back the
 * first waiter, woken (TH_RUN) but on no run queue, so that the waker can
 * give it something (a message) and then either make it runnable or
 * switch to it directly (IPC's handoff).  wait_queue_wakeup_all makes
 * every waiter runnable.  wait_interrupt ends any interruptible wait of a
 * thread, whatever it waits on.
 *
 * Locking: wait_lock guards every wait queue, every thread's th_wait_*
 * and th_timeout_* fields and its TH_RUN <-> TH_WAIT changes, and the
 * list of armed timeouts.  It is taken after the waited object's lock
 * (ipc_lock) and before sched_lock (docs/locking.md).  Interrupts are off
 * from wait_sleep's decision to wait to its switch (one CPU: nothing can
 * wake the thread in between; SMP will need the switch under the lock).
 * An object may look at its queue's emptiness under its own lock only as
 * a hint: an interruption or a timeout can empty it without that lock, so
 * a waker takes its waiter with wait_queue_wakeup_one and copes with NULL.
 */
#ifndef KERN_WAIT_H
#define KERN_WAIT_H

#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/thread.h>
#include <kern/wait_types.h>
#include <stddef.h>
#include <stdint.h>

#define WAIT_NO_TIMEOUT 0 /* a timeout_ms that means none */

extern simple_lock_data_t wait_lock;

void wait_bootstrap(void);

static inline void
wait_queue_init(struct wait_queue *wq)
{
	wq->wq_head = NULL;
}

/* Whether nobody waits on wq (a hint without wait_lock: see above). */
static inline int
wait_queue_empty(const struct wait_queue *wq)
{
	return wq->wq_head == NULL;
}

/* The first waiter on wq, or NULL.  wait_lock held. */
static inline struct thread *
wait_queue_first_locked(const struct wait_queue *wq)
{
	return wq->wq_head;
}

/* Puts thread at the end of wq.  wait_lock held. */
static inline void
wait_queue_enqueue_locked(struct wait_queue *wq, struct thread *thread)
{
	struct thread **link = &wq->wq_head;

	thread->th_wait_queue = wq;
	while (*link != NULL)
		link = &(*link)->th_wait_next;
	*link = thread;
	thread->th_wait_next = NULL;
}

/* Takes thread, the first waiter on wq, off it (it stays TH_WAIT).
 * wait_lock held. */
static inline void
wait_queue_dequeue_first_locked(struct wait_queue *wq, struct thread *thread)
{
	wq->wq_head = thread->th_wait_next;
	thread->th_wait_queue = NULL;
}

/*
 * Makes the current thread wait on wq (NULL: on nothing, only for the
 * timeout or an interruption) until woken, for at most timeout_ms
 * milliseconds (at least one timer tick) unless WAIT_NO_TIMEOUT.  lock,
 * if not NULL, is held on entry (with the interrupt state it saved
 * "disabled"), released while the thread waits and held again on return.
 * handoff, if not NULL, is a thread woken by the caller (TH_RUN, on no
 * run queue): the processor goes to it directly; it is made runnable
 * instead if the wait does not start.  Interrupts disabled.  Returns
 * THREAD_AWAKENED, THREAD_TIMED_OUT or THREAD_INTERRUPTED (at once, not
 * waiting, if interruptible and the thread is marked to terminate).
 */
wait_result_t wait_sleep(struct wait_queue *wq, simple_lock_t lock,
			 enum wait_interruptible interruptible,
			 uint32_t timeout_ms, struct thread *handoff);

/*
 * Puts a new thread, which has never run, into an interruptible wait on
 * wq without a timeout (where a new thread waits to be started).
 */
void wait_queue_park(struct wait_queue *wq, struct thread *thread);

/*
 * Ends the wait of the first thread on wq with result and returns it
 * (TH_RUN, on no run queue: the caller makes it runnable with
 * sched_setrun or switches to it), or NULL if nobody waits.  Interrupts
 * disabled (the caller must not be preempted before it does either).
 */
struct thread *wait_queue_wakeup_one(struct wait_queue *wq,
				     wait_result_t result);

/* Ends the wait of every thread on wq with result; each becomes runnable. */
void wait_queue_wakeup_all(struct wait_queue *wq, wait_result_t result);

/*
 * thread_abort's and termination's way in: if thread (not the calling
 * one) is in an interruptible wait, of whatever kind, ends it with
 * THREAD_INTERRUPTED and makes the thread runnable.  Returns whether it
 * did.
 */
int wait_interrupt(struct thread *thread);

/* The timer tick (now: ticks since boot): ends every expired wait with
 * THREAD_TIMED_OUT.  Interrupts disabled. */
void wait_clock_tick(uint64_t now);

#endif /* KERN_WAIT_H */
