/*
 * mach_msg: the message trap, general path.
 *
 *	mach_msg(msg, option, send_size, rcv_size, rcv_name, timeout)
 *
 * With MACH_SEND_MSG it sends the message at msg; then, with
 * MACH_RCV_MSG, it receives into the same buffer from rcv_name.  When
 * the send found a receiver waiting and this thread is about to wait for
 * the answer, it switches straight to that receiver (handoff), which is
 * what makes an RPC cheap.  A message to a kernel object port is served
 * at once in this thread (ipc_kobject_server) and its reply queued.
 *
 * Interrupts are off for the whole trap (one CPU: see ipc_mqueue.h).
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <kern/copyio.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/thread.h>

/*
 * A send that failed once the message was copied in: its rights, if
 * taken, go back into the sender's space, then its memory (after
 * ipc_lock is released: the task's lock comes first).  Releases
 * ipc_lock; returns mr.  (Not inlined: the common path then keeps no
 * register for mr.)
 */
static mach_msg_return_t __attribute__((noinline))
mach_msg_send_failed_locked(struct ipc_kmsg *kmsg, struct task *task,
			    int rights_taken, mach_msg_return_t mr)
{
	if (rights_taken)
		ipc_kmsg_return_locked(kmsg, task->task_space);
	simple_unlock(&ipc_lock);
	ipc_kmsg_free_unrighted(kmsg);
	return mr;
}

/* A message to a kernel object is served now, in this thread.  Releases
 * ipc_lock.  (Not inlined, as mach_msg_send_failed_locked.) */
static mach_msg_return_t __attribute__((noinline))
mach_msg_send_kobject_locked(struct ipc_kmsg *kmsg)
{
	simple_unlock(&ipc_lock);
	ipc_kobject_serve(kmsg);
	return MACH_MSG_SUCCESS;
}

/*
 * mach_msg_send_kmsg, inline in mach_msg_send (mach_msg's own path pays
 * for no call: the register trap's general path shares the body).
 */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_send_kmsg_inline(struct task *task, struct ipc_kmsg *kmsg,
			  mach_msg_option_t option, mach_msg_timeout_t timeout,
			  struct thread **receiver)
{
	kmsg->ikm_sender.val[0] = task->task_id;
	kmsg->ikm_sender.val[1] = 0;

	simple_lock(&ipc_lock);
	mach_msg_return_t mr =
	    ipc_kmsg_copyin_rights_locked(kmsg, task->task_space);
	if (mr != MACH_MSG_SUCCESS)
		return mach_msg_send_failed_locked(kmsg, task, 0, mr);
	ipc_port_t dest = ikm_header(kmsg)->msgh_remote_port;
	if (dest->ip_receiver == ipc_space_kernel && dest->ip_active)
		return mach_msg_send_kobject_locked(kmsg);
	int always = MACH_MSGH_BITS_REMOTE(ikm_header(kmsg)->msgh_bits) ==
		     MACH_MSG_TYPE_PORT_SEND_ONCE;
	mr = ipc_mqueue_send_locked(dest, kmsg, always,
				    (option & MACH_SEND_TIMEOUT) != 0, timeout,
				    receiver);
	if (mr != MACH_MSG_SUCCESS)
		return mach_msg_send_failed_locked(kmsg, task, 1, mr);
	simple_unlock(&ipc_lock);
	return mr;
}

mach_msg_return_t
mach_msg_send_kmsg(struct ipc_kmsg *kmsg, mach_msg_option_t option,
		   mach_msg_timeout_t timeout, struct thread **receiver)
{
	*receiver = NULL;
	return mach_msg_send_kmsg_inline(current_task(), kmsg, option, timeout,
					 receiver);
}

mach_msg_return_t
mach_msg_send(uint64_t msg, mach_msg_option_t option, mach_msg_size_t send_size,
	      mach_msg_timeout_t timeout, struct thread **receiver)
{
	struct task *task = current_task();
	struct ipc_kmsg *kmsg;

	*receiver = NULL;
	mach_msg_return_t mr = ipc_kmsg_get_from_user(msg, send_size, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mach_msg_send_kmsg_inline(task, kmsg, option, timeout, receiver);
}

/* Finds what rcv_name receives from: a port or a port set. */
static mach_msg_return_t
mach_msg_receive_object_locked(struct ipc_space *space, mach_port_name_t name,
			       ipc_port_t *port, struct ipc_pset **pset)
{
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);

	*port = IP_NULL;
	*pset = NULL;
	if (entry == NULL)
		return MACH_RCV_INVALID_NAME;
	if (entry->ie_type & MACH_PORT_TYPE_PORT_SET) {
		*pset = entry->ie_object;
		return MACH_MSG_SUCCESS;
	}
	if (!(entry->ie_type & MACH_PORT_TYPE_RECEIVE))
		return MACH_RCV_INVALID_NAME;
	*port = entry->ie_object;
	return (*port)->ip_pset != NULL ? MACH_RCV_IN_SET : MACH_MSG_SUCCESS;
}

/* Writes the size a too-large message needs into the user's header. */
static void
mach_msg_report_size(uint64_t msg, mach_msg_size_t size)
{
	/* msgh_size follows msgh_bits in the user header. */
	copyout(&size, msg + sizeof(mach_msg_bits_t), sizeof(size));
}

/*
 * Completes a receive that got kmsg: checks that it fits, puts its rights
 * into the receiver's space and copies it out.  Releases ipc_lock.
 */
mach_msg_return_t
mach_msg_receive_finish_locked(struct ipc_kmsg *kmsg, uint64_t msg,
			       mach_msg_option_t option,
			       mach_msg_size_t rcv_size)
{
	struct task *task = current_task();
	int elements = GET_RCV_ELEMENTS(option);
	mach_msg_size_t needed =
	    ipc_kmsg_user_size(kmsg) + ipc_kmsg_trailer_size(elements);

	if (needed > rcv_size) {
		/* With MACH_RCV_LARGE the message waits for a larger buffer,
		 * unless its port died since it was taken. */
		ipc_port_t from = ikm_header(kmsg)->msgh_remote_port;
		mach_msg_return_t mr = MACH_RCV_TOO_LARGE;
		if (!(option & MACH_RCV_LARGE))
			ipc_kmsg_destroy_locked(kmsg);
		else if (!ipc_mqueue_requeue_locked(from, kmsg)) {
			ipc_kmsg_destroy_locked(kmsg);
			mr = MACH_RCV_PORT_DIED;
		}
		simple_unlock(&ipc_lock);
		if (mr == MACH_RCV_TOO_LARGE && (option & MACH_RCV_LARGE))
			mach_msg_report_size(msg, needed);
		return mr;
	}
	/*
	 * A receiver whose buffer cannot take a message with rights would
	 * never learn the names of the rights put into its space (and a
	 * client would wait for a reply forever): the buffer is checked
	 * first, and if it is bad the message is destroyed instead, as if
	 * never received; its reply right's send-once notification tells
	 * the client.  (The message is this thread's alone while the lock
	 * is released.)
	 */
	mach_msg_header_t *header = ikm_header(kmsg);
	if (IP_VALID(header->msgh_local_port) ||
	    (header->msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		simple_unlock(&ipc_lock);
		if (copyout_writable(msg, needed) != KERN_SUCCESS) {
			ipc_kmsg_destroy(kmsg);
			return MACH_RCV_INVALID_DATA;
		}
		simple_lock(&ipc_lock);
	}
	mach_msg_return_t rights =
	    ipc_kmsg_copyout_rights_locked(kmsg, task->task_space);
	simple_unlock(&ipc_lock);
	mach_msg_return_t mr = ipc_kmsg_put_to_user(kmsg, task, msg, elements);
	return mr != MACH_MSG_SUCCESS ? mr : rights;
}

/* mach_msg_receive_kmsg, inline in mach_msg_receive (as above). */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_receive_kmsg_inline(mach_msg_option_t option,
			     mach_port_name_t rcv_name,
			     mach_msg_timeout_t timeout, struct thread *handoff,
			     int fast_wait, struct ipc_kmsg **kmsg)
{
	struct thread *self = current_thread();
	ipc_port_t port;
	struct ipc_pset *pset;

	simple_lock(&ipc_lock);
	mach_msg_return_t mr = mach_msg_receive_object_locked(
	    self->th_task->task_space, rcv_name, &port, &pset);
	if (mr != MACH_MSG_SUCCESS) {
		if (handoff != NULL)
			sched_setrun(handoff);
		simple_unlock(&ipc_lock);
		return mr;
	}
	int timed = (option & MACH_RCV_TIMEOUT) != 0;
	/* The fast path may end a receive without timeout (from a port
	 * set only in mach_msg): it finds the receive's arguments in this
	 * trap's frame. */
	if (!timed && (pset == NULL || fast_wait == TH_IPC_FAST_MSG))
		self->th_ipc_fast_wait = fast_wait;
	mr = ipc_mqueue_receive_locked(port, pset, timed, timeout, handoff,
				       kmsg);
	self->th_ipc_fast_wait = 0;
	if (mr != MACH_MSG_SUCCESS)
		simple_unlock(&ipc_lock);
	return mr;
}

mach_msg_return_t
mach_msg_receive_kmsg(mach_msg_option_t option, mach_port_name_t rcv_name,
		      mach_msg_timeout_t timeout, struct thread *handoff,
		      int fast_wait, struct ipc_kmsg **kmsg)
{
	return mach_msg_receive_kmsg_inline(option, rcv_name, timeout, handoff,
					    fast_wait, kmsg);
}

mach_msg_return_t
mach_msg_receive(uint64_t msg, mach_msg_option_t option,
		 mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
		 mach_msg_timeout_t timeout, struct thread *handoff)
{
	struct ipc_kmsg *kmsg;

	mach_msg_return_t mr = mach_msg_receive_kmsg_inline(
	    option, rcv_name, timeout, handoff, TH_IPC_FAST_MSG, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mach_msg_receive_finish_locked(kmsg, msg, option, rcv_size);
}

uint64_t
mach_msg_trap(const uint64_t *args)
{
	uint64_t msg = args[0];
	mach_msg_option_t option = (mach_msg_option_t)args[1];
	struct thread *receiver = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	unsigned long flags = cpu_intr_save();
	if (option & MACH_SEND_MSG)
		mr = mach_msg_send(msg, option, args[2], args[5], &receiver);
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG))
		mr = mach_msg_receive(msg, option, args[3], args[4], args[5],
				      receiver);
	else if (receiver != NULL)
		sched_setrun(receiver);
	cpu_intr_restore(flags);
	return mr;
}
