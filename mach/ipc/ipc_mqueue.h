/*
 * Message queues and the threads that wait on them.
 *
 * Threads wait on a port's or a set's wait queues (kern/wait.h):
 * imq_receivers, ips_receivers, imq_senders.  A sender that finds a
 * receiver waiting hands the message to it directly (th_ipc_kmsg) and
 * gets the receiver back, woken but not yet runnable, so that it can
 * switch to it at once (handoff) if it is about to block itself, as a
 * client does in an RPC.
 *
 * All functions expect ipc_lock held and interrupts disabled: the wait
 * functions release the lock around the context switch (wait_sleep), and
 * interrupts must stay off between the release and the switch (one CPU).
 */
#ifndef IPC_IPC_MQUEUE_H
#define IPC_IPC_MQUEUE_H

#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <kern/thread.h>
#include <kern/wait.h>

struct ipc_pset;

void ipc_mqueue_init(struct ipc_mqueue *mqueue);

/*
 * Queues kmsg on port, or gives it to a waiting receiver.  Returns that
 * receiver (TH_RUN, not on a run queue: the caller must make it runnable
 * or switch to it), or NULL.
 */
struct thread *ipc_mqueue_deliver_locked(ipc_port_t port,
					 struct ipc_kmsg *kmsg);

/* Puts kmsg at the end of a queue. */
static inline void
ipc_mqueue_append_locked(struct ipc_mqueue *mqueue, struct ipc_kmsg *kmsg)
{
	kmsg->ikm_next = NULL;
	if (mqueue->imq_tail != NULL)
		mqueue->imq_tail->ikm_next = kmsg;
	else
		mqueue->imq_head = kmsg;
	mqueue->imq_tail = kmsg;
	mqueue->imq_count++;
}

/* Takes the first message, known to be there, off a queue; it gets its
 * sequence number. */
static inline struct ipc_kmsg *
ipc_mqueue_unlink_first_locked(struct ipc_mqueue *mqueue)
{
	struct ipc_kmsg *kmsg = mqueue->imq_head;

	mqueue->imq_head = kmsg->ikm_next;
	if (mqueue->imq_head == NULL)
		mqueue->imq_tail = NULL;
	mqueue->imq_count--;
	kmsg->ikm_seqno = mqueue->imq_seqno++;
	return kmsg;
}

/* ipc_mqueue_send_locked when it may wait for room, or wake a receiver. */
mach_msg_return_t ipc_mqueue_send_wait_locked(ipc_port_t port,
					      struct ipc_kmsg *kmsg, int always,
					      int timed,
					      mach_msg_timeout_t timeout,
					      struct thread **receiver);

/*
 * Sends kmsg to port, waiting for room if the queue is full (unless
 * always: kernel messages and send-once rights ignore the limit).
 * Returns MACH_MSG_SUCCESS with *receiver as for deliver, or
 * MACH_SEND_TIMED_OUT, MACH_SEND_INVALID_DEST (the port died); on an
 * error kmsg is still the caller's.  The common case is inline: a live
 * port with room and nobody waiting on it or on its set to wake (a
 * message to a busy server, or to oneself).
 */
static inline mach_msg_return_t
ipc_mqueue_send_locked(ipc_port_t port, struct ipc_kmsg *kmsg, int always,
		       int timed, mach_msg_timeout_t timeout,
		       struct thread **receiver)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;

	if (port->ip_active &&
	    (always || mqueue->imq_count < mqueue->imq_qlimit) &&
	    wait_queue_empty(&mqueue->imq_receivers) && port->ip_pset == NULL) {
		ipc_mqueue_append_locked(mqueue, kmsg);
		*receiver = NULL;
		return MACH_MSG_SUCCESS;
	}
	return ipc_mqueue_send_wait_locked(port, kmsg, always, timed, timeout,
					   receiver);
}

/*
 * A message sent to port by a thread that receives from port in the same
 * trap: if queueing it and taking it off again is all that would happen
 * (a live port not in a set, with room, no message queued before it and
 * nobody waiting to receive or to send), kmsg gets its sequence number
 * as if it had been queued and dequeued, and 1 is returned: the caller
 * has received it.  Otherwise nothing changes and 0 is returned (always:
 * as for ipc_mqueue_send_locked).
 */
static inline int
ipc_mqueue_send_receive_self_locked(ipc_port_t port, struct ipc_kmsg *kmsg,
				    int always)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;

	if (!port->ip_active || mqueue->imq_head != NULL ||
	    (!always && mqueue->imq_count >= mqueue->imq_qlimit) ||
	    !wait_queue_empty(&mqueue->imq_receivers) ||
	    !wait_queue_empty(&mqueue->imq_senders) || port->ip_pset != NULL)
		return 0;
	kmsg->ikm_seqno = mqueue->imq_seqno++;
	return 1;
}

/* ipc_mqueue_receive_locked when it may wait, or wake or run a thread. */
mach_msg_return_t
ipc_mqueue_receive_wait_locked(ipc_port_t port, struct ipc_pset *pset,
			       int timed, mach_msg_timeout_t timeout,
			       struct thread *handoff, struct ipc_kmsg **kmsg);

/*
 * Receives from a port or a port set (exactly one is non-NULL), waiting
 * if nothing is queued; handoff, if not NULL, is switched to directly
 * when this thread blocks (it is made runnable otherwise).  Returns
 * MACH_MSG_SUCCESS with *kmsg, or MACH_RCV_TIMED_OUT, MACH_RCV_PORT_DIED,
 * MACH_RCV_PORT_CHANGED.  The common case is inline: a message queued
 * on a live port, no sender waiting for room, no thread to run.
 */
static inline mach_msg_return_t
ipc_mqueue_receive_locked(ipc_port_t port, struct ipc_pset *pset, int timed,
			  mach_msg_timeout_t timeout, struct thread *handoff,
			  struct ipc_kmsg **kmsg)
{
	if (pset == NULL && handoff == NULL && port->ip_active &&
	    port->ip_messages.imq_head != NULL &&
	    wait_queue_empty(&port->ip_messages.imq_senders)) {
		*kmsg = ipc_mqueue_unlink_first_locked(&port->ip_messages);
		return MACH_MSG_SUCCESS;
	}
	return ipc_mqueue_receive_wait_locked(port, pset, timed, timeout,
					      handoff, kmsg);
}

/* Takes the first message off a queue (NULL if empty). */
struct ipc_kmsg *ipc_mqueue_dequeue_locked(struct ipc_mqueue *mqueue);

/*
 * Puts back, first in line, a message a receiver could not take
 * (MACH_RCV_LARGE), waking another receiver of the port or its set.
 * Returns 0 if the port has died meanwhile (the caller destroys kmsg).
 */
int ipc_mqueue_requeue_locked(ipc_port_t port, struct ipc_kmsg *kmsg);

/* Wakes every thread on a port's or a set's wait queue for result (what
 * its mach_msg then returns; MACH_MSG_SUCCESS: look again). */
void ipc_mqueue_wakeup_all_locked(struct wait_queue *wq,
				  mach_msg_return_t result);

/* Wakes one thread waiting on a port set to look at its members again. */
void ipc_mqueue_wakeup_set_receiver_locked(struct ipc_pset *pset);

/* Frees the spare message buffer of a thread that is being freed (it
 * has ended itself: it is on no wait list). */
void ipc_thread_cleanup(struct thread *thread);

#endif /* IPC_IPC_MQUEUE_H */
