/*
 * Wait queues: how a thread of the thread library blocks until another
 * wakes it.  Mutexes (mach_mutex.c) and condition variables
 * (mach_cond.c) are built on them.
 *
 *	mach_wait_queue_lock/unlock	the queue's spin lock
 *	mach_wait_queue_prepare		the caller's wake port, made now
 *	mach_wait_queue_enqueue_locked	the caller joins the tail
 *	mach_wait_queue_block		the caller sleeps until woken
 *	mach_wait_queue_wakeup_one/all	take threads off and wake them
 *
 * A thread sleeps in mach_msg, receiving on its wake port (a receive
 * right of its own, lt_wake_port, made the first time it queues itself);
 * a wakeup is one empty message sent to that port with MAKE_SEND, which
 * every thread of the task may do because the task holds the receive
 * right.  The protocol: a thread enqueues itself (queue locked), unlocks,
 * then blocks; a waker dequeues it (queue locked), unlocks, then sends.
 * A thread is on one queue at a time and each dequeue sends exactly one
 * message, so the wake port holds at most one message (its queue limit
 * is never reached) and a wakeup sent before the thread blocks is not
 * lost: it waits in the port.  The thread's struct libmach_thread stays
 * valid while the waker sends, since the thread cannot go on (and end)
 * before the message arrives.
 *
 * The spin lock guards a few pointer moves; a thread that finds it
 * taken spins a little, then yields the processor (swtch_pri), since the
 * holder may have been preempted.
 */
#include "mach_wait_queue.h"

#include <mach/mach_traps.h>

#define MACH_WAIT_QUEUE_SPINS	  100
#define MACH_WAIT_QUEUE_WAKEUP_ID 0x77616b65 /* "wake" */

void
mach_wait_queue_lock(struct mach_wait_queue *queue)
{
	int spins = 0;

	while (__atomic_exchange_n(&queue->wq_lock, 1, __ATOMIC_ACQUIRE)) {
		if (++spins < MACH_WAIT_QUEUE_SPINS)
			__builtin_ia32_pause();
		else
			swtch_pri(0);
	}
}

void
mach_wait_queue_unlock(struct mach_wait_queue *queue)
{
	__atomic_store_n(&queue->wq_lock, 0, __ATOMIC_RELEASE);
}

/* The calling thread's wake port, made on first use. */
static mach_port_t
mach_wait_queue_wake_port(struct libmach_thread *self)
{
	while (self->lt_wake_port == MACH_PORT_NULL) {
		self->lt_wake_port = mach_reply_port();
		if (self->lt_wake_port == MACH_PORT_NULL)
			swtch_pri(0); /* no memory for a port: try again */
	}
	return self->lt_wake_port;
}

void
mach_wait_queue_prepare(void)
{
	(void)mach_wait_queue_wake_port(libmach_thread_self());
}

void
mach_wait_queue_enqueue_locked(struct mach_wait_queue *queue)
{
	struct libmach_thread *self = libmach_thread_self();

	mach_wait_queue_wake_port(self);
	self->lt_wait_next = NULL;
	if (queue->wq_tail != NULL)
		queue->wq_tail->lt_wait_next = self;
	else
		queue->wq_head = self;
	queue->wq_tail = self;
}

/* Takes the head off queue (locked by the caller); NULL if empty. */
static struct libmach_thread *
mach_wait_queue_dequeue_locked(struct mach_wait_queue *queue)
{
	struct libmach_thread *thread = queue->wq_head;

	if (thread != NULL) {
		queue->wq_head = thread->lt_wait_next;
		if (queue->wq_head == NULL)
			queue->wq_tail = NULL;
		thread->lt_wait_next = NULL;
	}
	return thread;
}

/* Sends thread (taken off its queue) its one wakeup message. */
static void
mach_wait_queue_wake(struct libmach_thread *thread)
{
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = thread->lt_wake_port,
	    .msgh_id = MACH_WAIT_QUEUE_WAKEUP_ID,
	};

	mach_msg(&msg, MACH_SEND_MSG, sizeof(msg), 0, MACH_PORT_NULL,
		 MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

void
mach_wait_queue_block(void)
{
	struct libmach_thread *self = libmach_thread_self();
	mach_msg_empty_rcv_t msg;
	mach_msg_return_t mr;

	do {
		mr = mach_msg(&msg.header, MACH_RCV_MSG, 0, sizeof(msg),
			      self->lt_wake_port, MACH_MSG_TIMEOUT_NONE,
			      MACH_PORT_NULL);
	} while (mr == MACH_RCV_INTERRUPTED);
}

int
mach_wait_queue_wakeup_one(struct mach_wait_queue *queue)
{
	struct libmach_thread *thread;

	mach_wait_queue_lock(queue);
	thread = mach_wait_queue_dequeue_locked(queue);
	mach_wait_queue_unlock(queue);
	if (thread == NULL)
		return 0;
	mach_wait_queue_wake(thread);
	return 1;
}

void
mach_wait_queue_wakeup_all(struct mach_wait_queue *queue)
{
	struct libmach_thread *list, *next;

	mach_wait_queue_lock(queue);
	list = queue->wq_head;
	queue->wq_head = queue->wq_tail = NULL;
	mach_wait_queue_unlock(queue);
	for (; list != NULL; list = next) {
		next = list->lt_wait_next;
		list->lt_wait_next = NULL;
		mach_wait_queue_wake(list);
	}
}
