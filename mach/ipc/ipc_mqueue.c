/*
 * Message queues and waiting (see ipc_mqueue.h).
 *
 * A waiting thread is on exactly one wait list (th_ipc_wait_list) with
 * th_state TH_WAIT.  Whoever wakes it removes it from the list and sets
 * th_ipc_result; a timeout leaves the result preset at wait time.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_pset.h>
#include <kern/debug.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <kern/timeout.h>

void
ipc_mqueue_init(struct ipc_mqueue *mqueue)
{
	mqueue->imq_head = mqueue->imq_tail = NULL;
	mqueue->imq_count = 0;
	mqueue->imq_qlimit = MACH_PORT_QLIMIT_DEFAULT;
	mqueue->imq_seqno = 0;
	mqueue->imq_receivers = mqueue->imq_senders = NULL;
}

void
ipc_wait_list_remove(struct thread *thread)
{
	struct thread **link = thread->th_ipc_wait_list;
	while (*link != thread)
		link = &(*link)->th_ipc_next;
	*link = thread->th_ipc_next;
	thread->th_ipc_wait_list = NULL;
}

/* Takes thread off its wait list and makes it TH_RUN (not yet queued). */
static void
ipc_thread_wake_locked(struct thread *thread, mach_msg_return_t result)
{
	ipc_wait_list_remove(thread);
	thread->th_ipc_result = result;
	thread->th_state = TH_RUN;
	thread->th_ipc_fast_wait = 0;
}

/* What an interrupted wait returns: the timeout result of the wait tells
 * a send from a receive. */
static mach_msg_return_t
ipc_interrupted_result(mach_msg_return_t timeout_result)
{
	return timeout_result == MACH_SEND_TIMED_OUT ? MACH_SEND_INTERRUPTED
						     : MACH_RCV_INTERRUPTED;
}

/*
 * Blocks the current thread on list until woken or, if timed, until
 * timeout milliseconds pass (then the result is timeout_result).
 * Releases ipc_lock while blocked.  A thread that is to terminate does
 * not wait: it is interrupted at once, to unwind and end.
 */
static mach_msg_return_t
ipc_thread_wait_locked(struct thread **list, int timed,
		       mach_msg_timeout_t timeout,
		       mach_msg_return_t timeout_result, struct thread *handoff)
{
	struct thread *self = current_thread();

	assert(!cpu_intr_enabled());
	if (self->th_should_terminate) {
		if (handoff != NULL)
			sched_setrun(handoff);
		return ipc_interrupted_result(timeout_result);
	}
	ipc_wait_list_append(list, self);
	self->th_ipc_kmsg = NULL;
	self->th_ipc_result = timeout_result;
	self->th_state = TH_WAIT;
	if (timed)
		timeout_arm(self, timeout);
	simple_unlock(&ipc_lock);
	if (handoff != NULL)
		sched_handoff(handoff);
	else
		sched_block();
	simple_lock(&ipc_lock);
	if (timed)
		timeout_cancel(self);
	return self->th_ipc_result;
}

void
ipc_mqueue_timeout(struct thread *thread)
{
	unsigned long flags = cpu_intr_save();
	simple_lock(&ipc_lock);
	if (thread->th_state == TH_WAIT && thread->th_ipc_wait_list != NULL) {
		ipc_wait_list_remove(thread);
		thread->th_state = TH_RUN;
		sched_setrun(thread);
	}
	simple_unlock(&ipc_lock);
	cpu_intr_restore(flags);
}

void
ipc_thread_cleanup(struct thread *thread)
{
	/* It ended itself: it waits for nothing and was handed nothing. */
	assert(thread->th_ipc_wait_list == NULL);
	assert(thread->th_ipc_kmsg == NULL);
	assert(!thread->th_timeout_armed);
	ipc_kmsg_free_cache(thread);
}

void
ipc_thread_abort(struct thread *thread)
{
	unsigned long flags = cpu_intr_save();
	simple_lock(&ipc_lock);
	if (thread->th_state == TH_WAIT && thread->th_ipc_wait_list != NULL) {
		/* The result preset at wait time tells sending from receiving. */
		ipc_thread_wake_locked(
		    thread, ipc_interrupted_result(thread->th_ipc_result));
		sched_setrun(thread);
	}
	simple_unlock(&ipc_lock);
	cpu_intr_restore(flags);
}

void
ipc_mqueue_wakeup_all_locked(struct thread **list, mach_msg_return_t result)
{
	while (*list != NULL) {
		struct thread *thread = *list;
		ipc_thread_wake_locked(thread, result);
		sched_setrun(thread);
	}
}

void
ipc_mqueue_wakeup_set_receiver_locked(struct ipc_pset *pset)
{
	struct thread *thread = pset->ips_receivers;
	if (thread == NULL)
		return;
	ipc_thread_wake_locked(thread, MACH_MSG_SUCCESS); /* look again */
	sched_setrun(thread);
}

static void
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

struct thread *
ipc_mqueue_deliver_locked(ipc_port_t port, struct ipc_kmsg *kmsg)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;
	struct thread *receiver = mqueue->imq_receivers;

	if (receiver != NULL) {
		kmsg->ikm_seqno = mqueue->imq_seqno++;
		ipc_thread_wake_locked(receiver, MACH_MSG_SUCCESS);
		receiver->th_ipc_kmsg = kmsg;
		return receiver;
	}
	ipc_mqueue_append_locked(mqueue, kmsg);
	if (port->ip_pset != NULL)
		ipc_mqueue_wakeup_set_receiver_locked(port->ip_pset);
	return NULL;
}

struct ipc_kmsg *
ipc_mqueue_dequeue_locked(struct ipc_mqueue *mqueue)
{
	struct ipc_kmsg *kmsg = mqueue->imq_head;
	if (kmsg == NULL)
		return NULL;
	mqueue->imq_head = kmsg->ikm_next;
	if (mqueue->imq_head == NULL)
		mqueue->imq_tail = NULL;
	mqueue->imq_count--;
	kmsg->ikm_seqno = mqueue->imq_seqno++;
	struct thread *sender = mqueue->imq_senders;
	if (sender != NULL) { /* there is room now: let it try again */
		ipc_thread_wake_locked(sender, MACH_MSG_SUCCESS);
		sched_setrun(sender);
	}
	return kmsg;
}

int
ipc_mqueue_requeue_locked(ipc_port_t port, struct ipc_kmsg *kmsg)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;

	if (!port->ip_active)
		return 0;
	mqueue->imq_seqno--;
	if (mqueue->imq_receivers != NULL) { /* it was the only message */
		struct thread *receiver = ipc_mqueue_deliver_locked(port, kmsg);
		sched_setrun(receiver);
		return 1;
	}
	kmsg->ikm_next = mqueue->imq_head;
	mqueue->imq_head = kmsg;
	if (mqueue->imq_tail == NULL)
		mqueue->imq_tail = kmsg;
	mqueue->imq_count++;
	if (port->ip_pset != NULL)
		ipc_mqueue_wakeup_set_receiver_locked(port->ip_pset);
	return 1;
}

mach_msg_return_t
ipc_mqueue_send_locked(ipc_port_t port, struct ipc_kmsg *kmsg, int always,
		       int timed, mach_msg_timeout_t timeout,
		       struct thread **receiver)
{
	struct ipc_mqueue *mqueue = &port->ip_messages;

	for (;;) {
		if (!port->ip_active)
			return MACH_SEND_INVALID_DEST;
		if (always || mqueue->imq_count < mqueue->imq_qlimit ||
		    mqueue->imq_receivers != NULL)
			break;
		if (timed && timeout == 0)
			return MACH_SEND_TIMED_OUT;
		mach_msg_return_t mr =
		    ipc_thread_wait_locked(&mqueue->imq_senders, timed, timeout,
					   MACH_SEND_TIMED_OUT, NULL);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	*receiver = ipc_mqueue_deliver_locked(port, kmsg);
	return MACH_MSG_SUCCESS;
}

/* Takes a queued message for the port or the set, or NULL. */
static struct ipc_kmsg *
ipc_mqueue_take_locked(ipc_port_t port, struct ipc_pset *pset)
{
	if (pset != NULL) {
		port = ipc_pset_ready_port_locked(pset);
		if (port == NULL)
			return NULL;
	}
	return ipc_mqueue_dequeue_locked(&port->ip_messages);
}

static mach_msg_return_t
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
		struct thread **list = pset != NULL
					   ? &pset->ips_receivers
					   : &port->ip_messages.imq_receivers;
		mach_msg_return_t mr = ipc_thread_wait_locked(
		    list, timed, timeout, MACH_RCV_TIMED_OUT, handoff);
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
ipc_mqueue_receive_locked(ipc_port_t port, struct ipc_pset *pset, int timed,
			  mach_msg_timeout_t timeout, struct thread *handoff,
			  struct ipc_kmsg **kmsg)
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
