/*
 * Waits and wakeups, with timeouts (see kern/wait.h for the protocol).
 *
 * Entry points: wait_sleep (the waiter), wait_queue_wakeup_one,
 * wait_queue_wakeup_all, wait_interrupt (the wakers), wait_clock_tick
 * (the timer), wait_queue_park (a new thread's first wait).
 *
 * Invariant, under wait_lock: a thread is TH_WAIT exactly while it is in
 * a wait; then th_wait_queue is the queue it is on (NULL for a wait on
 * nothing) and its timeout, if any, is armed; th_wait_uninterruptible is
 * set only during an uninterruptible wait (so starting an interruptible
 * one, as the fast path does, need not write it).  Whoever ends a wait (a
 * waker, an interruption, the timeout) takes the thread off its queue,
 * disarms its timeout, sets th_wait_result and makes it TH_RUN, all
 * under wait_lock, so each wait ends exactly once.  (The IPC fast path
 * does the same inline for a wait it knows has no timeout.)
 *
 * Timeouts: a list of the threads with one armed, each with the tick by
 * which it must be woken.  The list is short (threads in a timed wait),
 * so the tick walks it.
 */
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <machine/lapic.h>

simple_lock_data_t wait_lock;
static struct thread *wait_timeout_list; /* armed timeouts (wait_lock) */

void
wait_bootstrap(void)
{
	simple_lock_init(&wait_lock);
}

static void
wait_timeout_arm_locked(struct thread *thread, uint32_t ms)
{
	uint64_t ticks = ((uint64_t)ms * HZ + 999) / 1000;

	assert(!thread->th_timeout_armed);
	thread->th_timeout_tick = sched_ticks() + (ticks ? ticks : 1);
	thread->th_timeout_next = wait_timeout_list;
	wait_timeout_list = thread;
	thread->th_timeout_armed = 1;
}

static void
wait_timeout_disarm_locked(struct thread *thread)
{
	struct thread **link = &wait_timeout_list;
	while (*link != thread)
		link = &(*link)->th_timeout_next;
	*link = thread->th_timeout_next;
	thread->th_timeout_armed = 0;
}

/* Takes a waiting thread off its queue, wherever it is in it. */
static void
wait_queue_remove_locked(struct thread *thread)
{
	struct thread **link = &thread->th_wait_queue->wq_head;

	while (*link != thread)
		link = &(*link)->th_wait_next;
	*link = thread->th_wait_next;
	thread->th_wait_queue = NULL;
}

/* Ends the wait of thread, off its queue already, with result: TH_RUN,
 * its timeout disarmed.  Inline: every IPC wakeup runs it. */
static inline __attribute__((always_inline)) void
wait_finish_locked(struct thread *thread, wait_result_t result)
{
	assert(thread->th_state == TH_WAIT && thread->th_wait_queue == NULL);
	if (thread->th_timeout_armed)
		wait_timeout_disarm_locked(thread);
	thread->th_wait_uninterruptible = 0;
	thread->th_wait_result = result;
	thread->th_state = TH_RUN;
}

/* Ends thread's wait with result: TH_RUN, on no queue of any kind. */
static void
wait_end_locked(struct thread *thread, wait_result_t result)
{
	if (thread->th_wait_queue != NULL)
		wait_queue_remove_locked(thread);
	wait_finish_locked(thread, result);
}

/*
 * Starts the current thread's wait, or returns 0 if it must not start (an
 * interruptible wait of a thread marked to terminate).
 */
static int
wait_begin(struct wait_queue *wq, enum wait_interruptible interruptible,
	   uint32_t timeout_ms)
{
	struct thread *self = current_thread();
	int started = 0;

	simple_lock_intr_off(&wait_lock); /* wait_sleep: interrupts off */
	if (!(interruptible && self->th_should_terminate)) {
		if (wq != NULL)
			wait_queue_enqueue_locked(wq, self);
		else
			self->th_wait_queue = NULL;
		self->th_wait_uninterruptible = !interruptible;
		self->th_state = TH_WAIT;
		if (timeout_ms != WAIT_NO_TIMEOUT)
			wait_timeout_arm_locked(self, timeout_ms);
		started = 1;
	}
	simple_unlock_intr_off(&wait_lock);
	return started;
}

wait_result_t
wait_sleep(struct wait_queue *wq, simple_lock_t lock,
	   enum wait_interruptible interruptible, uint32_t timeout_ms,
	   struct thread *handoff)
{
	struct thread *self = current_thread();

	assert(!cpu_intr_enabled());
	assert(self->th_state == TH_RUN);
	if (!wait_begin(wq, interruptible, timeout_ms)) {
		if (handoff != NULL)
			sched_setrun(handoff);
		return THREAD_INTERRUPTED;
	}
	if (lock != NULL)
		simple_unlock(lock);
	/* Interrupts stay off: nothing ends the wait before the switch. */
	if (handoff != NULL)
		sched_handoff(handoff);
	else
		sched_block();
	if (lock != NULL)
		simple_lock(lock);
	return self->th_wait_result;
}

void
wait_queue_park(struct wait_queue *wq, struct thread *thread)
{
	simple_lock(&wait_lock);
	assert(thread->th_state != TH_WAIT && !thread->th_on_run_queue);
	wait_queue_enqueue_locked(wq, thread);
	thread->th_state = TH_WAIT; /* interruptible */
	simple_unlock(&wait_lock);
}

struct thread *
wait_queue_wakeup_one(struct wait_queue *wq, wait_result_t result)
{
	assert(!cpu_intr_enabled());
	simple_lock_intr_off(&wait_lock);
	struct thread *thread = wq->wq_head;
	if (thread != NULL) {
		wait_queue_dequeue_first_locked(wq, thread);
		wait_finish_locked(thread, result);
	}
	simple_unlock_intr_off(&wait_lock);
	return thread;
}

void
wait_queue_wakeup_all(struct wait_queue *wq, wait_result_t result)
{
	struct thread *thread;

	simple_lock(&wait_lock);
	while ((thread = wq->wq_head) != NULL) {
		wait_end_locked(thread, result);
		sched_setrun(thread);
	}
	simple_unlock(&wait_lock);
}

int
wait_interrupt(struct thread *thread)
{
	assert(thread != current_thread());
	simple_lock(&wait_lock);
	int waiting =
	    thread->th_state == TH_WAIT && !thread->th_wait_uninterruptible;
	if (waiting) {
		wait_end_locked(thread, THREAD_INTERRUPTED);
		sched_setrun(thread);
	}
	simple_unlock(&wait_lock);
	return waiting;
}

void
wait_clock_tick(uint64_t now)
{
	assert(!cpu_intr_enabled());
	if (wait_timeout_list == NULL) /* the usual case: no lock taken */
		return;
	simple_lock(&wait_lock);
	struct thread *thread = wait_timeout_list;
	while (thread != NULL) {
		struct thread *next = thread->th_timeout_next;
		if (thread->th_timeout_tick <= now) {
			wait_end_locked(thread, THREAD_TIMED_OUT);
			sched_setrun(thread);
		}
		thread = next;
	}
	simple_unlock(&wait_lock);
}
