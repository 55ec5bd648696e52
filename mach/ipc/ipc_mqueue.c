/*
 * Message queues and waiting (see ipc_mqueue.h).
 *
 * A thread waits in mach_msg through kern/wait.h, on a port's or a set's
 * wait queue, interruptibly.  Whoever wakes it for a reason of IPC's own
 * sets th_ipc_result first (MACH_MSG_SUCCESS with th_ipc_kmsg: a message
 * handed to it; MACH_MSG_SUCCESS alone: look again; a port's death), all
 * under ipc_lock; a timeout or an interruption (thread_abort,
 * termination) ends the wait without IPC's knowledge, and the waiter
 * turns it into MACH_{SEND,RCV}_TIMED_OUT or _INTERRUPTED.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_pset.h>
#include <kern/debug.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <kern/wait.h>

void
ipc_mqueue_init(struct ipc_mqueue *mqueue)
{
	mqueue->imq_head = mqueue->imq_tail = NULL;
	mqueue->imq_count = 0;
	mqueue->imq_qlimit = MACH_PORT_QLIMIT_DEFAULT;
	mqueue->imq_seqno = 0;
	wait_queue_init(&mqueue->imq_receivers);
	wait_queue_init(&mqueue->imq_senders);
}

/* Ends the wait of the first thread on wq for result: the thread
 * (TH_RUN, on no run queue), or NULL.  (An empty queue, the common case,
 * costs no lock: only the interruptions and timeouts that IPC does not
 * lock out can empty it.) */
static struct thread *
ipc_mqueue_wakeup_one_locked(struct wait_queue *wq, mach_msg_return_t result)
{
	if (wait_queue_empty(wq))
		return NULL;
	struct thread *thread = wait_queue_wakeup_one(wq, THREAD_AWAKENED);
	if (thread != NULL) {
		thread->th_ipc_result = result;
		thread->th_ipc_fast_wait = 0;
	}
	return thread;
}

/*
 * Blocks the current thread on wq until woken or, if timed, until
 * timeout milliseconds pass.  Releases ipc_lock while blocked.  sending
 * tells which codes a timeout or an interruption give.
 */
static mach_msg_return_t
ipc_mqueue_wait_locked(struct wait_queue *wq, int sending, int timed,
		       mach_msg_timeout_t timeout, struct thread *handoff)
{
	struct thread *self = current_thread();

	assert(self->th_ipc_kmsg == NULL);
	wait_result_t result =
	    wait_sleep(wq, &ipc_lock, WAIT_INTERRUPTIBLE,
		       timed ? timeout : WAIT_NO_TIMEOUT, handoff);
	switch (result) {
	case THREAD_AWAKENED:
		return self->th_ipc_result;
	case THREAD_TIMED_OUT:
		return sending ? MACH_SEND_TIMED_OUT : MACH_RCV_TIMED_OUT;
	default:
		return sending ? MACH_SEND_INTERRUPTED : MACH_RCV_INTERRUPTED;
	}
}

void
ipc_thread_cleanup(struct thread *thread)
{
	/* It ended itself: it waits for nothing and was handed nothing. */
	assert(thread->th_wait_queue == NULL);
	assert(thread->th_ipc_kmsg == NULL);
	assert(!thread->th_timeout_armed);
	ipc_kmsg_free_cache(thread);
}

void
ipc_mqueue_wakeup_all_locked(struct wait_queue *wq, mach_msg_return_t result)
{
	struct thread *thread;
	while ((thread = ipc_mqueue_wakeup_one_locked(wq, result)) != NULL)
		sched_setrun(thread);
}

void
ipc_mqueue_wakeup_set_receiver_locked(struct ipc_pset *pset)
{
	struct thread *thread = ipc_mqueue_wakeup_one_locked(
	    &pset->ips_receivers, MACH_MSG_SUCCESS); /* look again */
	if (thread != NULL)
		sched_setrun(thread);
}

/* Hands kmsg to the first receiver waiting on the port itself and
 * returns it (TH_RUN, on no run queue), or NULL if there is none. */
static struct thread *
ipc_mqueue_hand_locked(struct ipc_mqueue *mqueue, struct ipc_kmsg *kmsg)
{
	struct thread *receiver = ipc_mqueue_wakeup_one_locked(
	    &mqueue->imq_receivers, MACH_MSG_SUCCESS);
	if (receiver != NULL) {
		kmsg->ikm_seqno = mqueue->imq_seqno++;
		receiver->th_ipc_kmsg = kmsg;
	}
	return receiver;
}

/* ipc_mqueue_deliver_locked, inline in the send of mach_msg. */
static inline __attribute__((always_inline)) struct thread *
ipc_mqueue_deliver_inline(ipc_port_t port, struct ipc_kmsg *kmsg)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;
	struct thread *receiver = ipc_mqueue_hand_locked(mqueue, kmsg);

	if (receiver != NULL)
		return receiver;
	ipc_mqueue_append_locked(mqueue, kmsg);
	if (port->ip_pset != NULL) {
		ipc_pset_note_ready_locked(port, 0);
		ipc_mqueue_wakeup_set_receiver_locked(port->ip_pset);
	}
	return NULL;
}

struct thread *
ipc_mqueue_deliver_locked(ipc_port_t port, struct ipc_kmsg *kmsg)
{
	return ipc_mqueue_deliver_inline(port, kmsg);
}

/* ipc_mqueue_dequeue_locked, inline in the receive of mach_msg. */
static inline __attribute__((always_inline)) struct ipc_kmsg *
ipc_mqueue_dequeue_inline(struct ipc_mqueue *mqueue)
{
	if (mqueue->imq_head == NULL)
		return NULL;
	struct ipc_kmsg *kmsg = ipc_mqueue_unlink_first_locked(mqueue);
	/* There is room now: let the first sender waiting try again. */
	struct thread *sender = ipc_mqueue_wakeup_one_locked(
	    &mqueue->imq_senders, MACH_MSG_SUCCESS);
	if (sender != NULL)
		sched_setrun(sender);
	return kmsg;
}

struct ipc_kmsg *
ipc_mqueue_dequeue_locked(struct ipc_mqueue *mqueue)
{
	return ipc_mqueue_dequeue_inline(mqueue);
}

int
ipc_mqueue_requeue_locked(ipc_port_t port, struct ipc_kmsg *kmsg)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;

	if (!port->ip_active)
		return 0;
	mqueue->imq_seqno--;
	/* A receiver waiting on the port: it was the only message. */
	struct thread *receiver = ipc_mqueue_hand_locked(mqueue, kmsg);
	if (receiver != NULL) {
		sched_setrun(receiver);
		return 1;
	}
	kmsg->ikm_next = mqueue->imq_head;
	mqueue->imq_head = kmsg;
	if (mqueue->imq_tail == NULL)
		mqueue->imq_tail = kmsg;
	mqueue->imq_count++;
	if (port->ip_pset != NULL) {
		ipc_pset_note_ready_locked(port, 1);
		ipc_mqueue_wakeup_set_receiver_locked(port->ip_pset);
	}
	return 1;
}

mach_msg_return_t
ipc_mqueue_send_wait_locked(ipc_port_t port, struct ipc_kmsg *kmsg, int always,
			    int timed, mach_msg_timeout_t timeout,
			    struct thread **receiver)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;

	for (;;) {
		if (!port->ip_active)
			return MACH_SEND_INVALID_DEST;
		if (always || mqueue->imq_count < mqueue->imq_qlimit ||
		    !wait_queue_empty(&mqueue->imq_receivers))
			break;
		if (timed && timeout == 0)
			return MACH_SEND_TIMED_OUT;
		mach_msg_return_t mr = ipc_mqueue_wait_locked(
		    &mqueue->imq_senders, 1, timed, timeout, NULL);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	*receiver = ipc_mqueue_deliver_inline(port, kmsg);
	return MACH_MSG_SUCCESS;
}

/* Takes a queued message for the port or the set, or NULL. */
static inline __attribute__((always_inline)) struct ipc_kmsg *
ipc_mqueue_take_locked(ipc_port_t port, struct ipc_pset *pset)
{
	if (pset != NULL) {
		port = ipc_pset_ready_port_locked(pset);
		if (port == NULL)
			return NULL;
	}
	struct ipc_kmsg *kmsg = ipc_mqueue_dequeue_inline(&port->ip_messages);
	if (pset != NULL)
		ipc_pset_rotate_locked(port);
	return kmsg;
}

static inline __attribute__((always_inline)) mach_msg_return_t
ipc_mqueue_receive_loop_locked(ipc_port_t port, struct ipc_pset *pset,
			       int timed, mach_msg_timeout_t timeout,
			       struct thread *handoff, struct ipc_kmsg **kmsg)
{
	struct thread *self = current_thread();

	for (;;) {
		if (pset == NULL && !port->ip_active)
			return MACH_RCV_PORT_DIED;
		if (pset != NULL && !pset->ips_active)
			return MACH_RCV_PORT_DIED;
		*kmsg = ipc_mqueue_take_locked(port, pset);
		if (*kmsg != NULL)
			break;
		if (timed && timeout == 0) {
			if (handoff != NULL)
				sched_setrun(handoff);
			return MACH_RCV_TIMED_OUT;
		}
		struct wait_queue *wq = pset != NULL
					    ? &pset->ips_receivers
					    : &port->ip_messages.imq_receivers;
		mach_msg_return_t mr =
		    ipc_mqueue_wait_locked(wq, 0, timed, timeout, handoff);
		handoff = NULL;
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		if (self->th_ipc_kmsg != NULL) {
			*kmsg = self->th_ipc_kmsg;
			self->th_ipc_kmsg = NULL;
			return MACH_MSG_SUCCESS;
		}
	}
	if (handoff != NULL)
		sched_setrun(handoff);
	return MACH_MSG_SUCCESS;
}

/*
 * A set's receiver holds a reference while it receives: woken to look
 * again, it may run only after the set was destroyed, and must find it
 * dead, not freed.
 */
mach_msg_return_t
ipc_mqueue_receive_wait_locked(ipc_port_t port, struct ipc_pset *pset,
			       int timed, mach_msg_timeout_t timeout,
			       struct thread *handoff, struct ipc_kmsg **kmsg)
{
	if (pset == NULL)
		return ipc_mqueue_receive_loop_locked(port, NULL, timed,
						      timeout, handoff, kmsg);
	ipc_pset_reference_locked(pset);
	mach_msg_return_t mr = ipc_mqueue_receive_loop_locked(
	    NULL, pset, timed, timeout, handoff, kmsg);
	ipc_pset_release_locked(pset);
	return mr;
}
