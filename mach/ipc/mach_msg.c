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
 * The trap entry (locore.S) calls mach_msg_trap_frame after the fast
 * path (ipc_fastpath.c) declined, with interrupts off: they stay off for
 * the whole trap (one CPU: see ipc_mqueue.h), but where out-of-line
 * memory is moved with no lock held (docs/locking.md).
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kmsg_simple.h>
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
#include <machine/trap.h>
#include <vm/pmap.h>

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
 * Sends kmsg, whose rights are taken (ipc_lock held): serves it if its
 * destination is a kernel object, else queues it or hands it to a
 * receiver (*receiver); an error gives the rights back.  Inline in
 * mach_msg's own path.  With keep_locked, a message sent (not served)
 * leaves ipc_lock held and *locked set, for the receive that follows in
 * the same trap; otherwise ipc_lock is released.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_send_locked(struct task *task, struct ipc_kmsg *kmsg,
		     mach_msg_option_t option, mach_msg_timeout_t timeout,
		     struct thread **receiver, int keep_locked, int *locked)
{
	ipc_port_t dest = ikm_header(kmsg)->msgh_remote_port;
	if (dest->ip_receiver == ipc_space_kernel && dest->ip_active)
		return mach_msg_send_kobject_locked(kmsg);
	int always = MACH_MSGH_BITS_REMOTE(ikm_header(kmsg)->msgh_bits) ==
		     MACH_MSG_TYPE_PORT_SEND_ONCE;
	mach_msg_return_t mr = ipc_mqueue_send_locked(
	    dest, kmsg, always, (option & MACH_SEND_TIMEOUT) != 0, timeout,
	    receiver);
	if (mr != MACH_MSG_SUCCESS)
		return mach_msg_send_failed_locked(kmsg, task, 1, mr);
	if (keep_locked)
		*locked = 1;
	else
		simple_unlock(&ipc_lock);
	return mr;
}

mach_msg_return_t
mach_msg_send_kmsg(struct ipc_kmsg *kmsg, mach_msg_option_t option,
		   mach_msg_timeout_t timeout, struct thread **receiver)
{
	struct task *task = current_task();

	*receiver = NULL;
	kmsg->ikm_sender.val[0] = task->task_id;
	kmsg->ikm_sender.val[1] = 0;
	simple_lock(&ipc_lock);
	mach_msg_return_t mr =
	    ipc_kmsg_copyin_rights_locked(kmsg, task->task_space);
	if (mr != MACH_MSG_SUCCESS)
		return mach_msg_send_failed_locked(kmsg, task, 0, mr);
	return mach_msg_send_locked(task, kmsg, option, timeout, receiver, 0,
				    NULL);
}

/* Finds what rcv_name receives from: a port or a port set. */
static inline __attribute__((always_inline)) mach_msg_return_t
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
 * A message too large for the receive buffer: with MACH_RCV_LARGE it
 * waits for a larger one (unless its port died since it was taken), and
 * the user's header gets the size it needs; otherwise it is destroyed.
 * Releases ipc_lock.
 */
static mach_msg_return_t __attribute__((noinline))
mach_msg_receive_too_large_locked(struct ipc_kmsg *kmsg, uint64_t msg,
				  mach_msg_option_t option,
				  mach_msg_size_t needed)
{
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
 * A receiver whose buffer cannot take a message with rights would never
 * learn the names of the rights put into its space (and a client would
 * wait for a reply forever): the buffer is checked first, and if it is
 * bad the message is destroyed instead, as if never received; its reply
 * right's send-once notification tells the client.  (The message is
 * this thread's alone while the lock is released.)  Returns with
 * ipc_lock held if the buffer is good, without it and the message
 * destroyed if not.
 *
 * A buffer found good is remembered with the pmap's generation from
 * before the check (th_ipc_buffer, as the fast path does for a waiting
 * receiver): while the generation stays, no mapping of it went or lost
 * write access, and a server's loop, receiving into the same buffer,
 * is not checked again.
 */
static mach_msg_return_t __attribute__((noinline))
mach_msg_receive_check_buffer_locked(struct ipc_kmsg *kmsg, uint64_t msg,
				     mach_msg_size_t needed)
{
	struct thread *self = current_thread();
	unsigned long generation = pmap_generation(self->th_task->task_pmap);

	if (msg == self->th_ipc_buffer && needed <= self->th_ipc_buffer_size &&
	    generation == self->th_ipc_buffer_generation)
		return MACH_MSG_SUCCESS;
	simple_unlock(&ipc_lock);
	if (copyout_writable(msg, needed) != KERN_SUCCESS) {
		ipc_kmsg_destroy(kmsg);
		return MACH_RCV_INVALID_DATA;
	}
	simple_lock(&ipc_lock);
	self->th_ipc_buffer = msg;
	self->th_ipc_buffer_size = needed;
	self->th_ipc_buffer_generation = generation;
	return MACH_MSG_SUCCESS;
}

/*
 * mach_msg_receive_finish_locked, inline in mach_msg's own path; with
 * copyout_inline a simple message's copy out is inline too (in the
 * trap's own frame: the other callers, whose messages are seldom
 * simple, do better with the call).
 */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_receive_finish_inline(struct ipc_kmsg *kmsg, uint64_t msg,
			       mach_msg_option_t option,
			       mach_msg_size_t rcv_size, int copyout_inline)
{
	int elements = GET_RCV_ELEMENTS(option);
	mach_msg_size_t needed =
	    ipc_kmsg_user_size(kmsg) + ipc_kmsg_trailer_size(elements);

	if (needed > rcv_size)
		return mach_msg_receive_too_large_locked(kmsg, msg, option,
							 needed);
	mach_msg_header_t *header = ikm_header(kmsg);
	if (IP_VALID(header->msgh_local_port) ||
	    (header->msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		mach_msg_return_t mr =
		    mach_msg_receive_check_buffer_locked(kmsg, msg, needed);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (!copyout_inline)
		return ipc_kmsg_copyout_locked(kmsg, msg, elements);
	return ipc_kmsg_copyout_inline(kmsg, msg, elements);
}

mach_msg_return_t
mach_msg_receive_finish_locked(struct ipc_kmsg *kmsg, uint64_t msg,
			       mach_msg_option_t option,
			       mach_msg_size_t rcv_size)
{
	return mach_msg_receive_finish_inline(kmsg, msg, option, rcv_size, 0);
}

/*
 * mach_msg_receive_kmsg, inline in mach_msg's own path; locked: ipc_lock
 * is held already (the send of the same trap kept it).
 */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_receive_kmsg_inline(mach_msg_option_t option,
			     mach_port_name_t rcv_name,
			     mach_msg_timeout_t timeout, struct thread *handoff,
			     int fast_wait, int locked, struct ipc_kmsg **kmsg)
{
	struct thread *self = current_thread();
	ipc_port_t port;
	struct ipc_pset *pset;

	if (!locked)
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
	 * trap's frame.  Not a held thread's (suspended while it blocked
	 * earlier in this trap): kern/thread.c, thread_suspend. */
	if (!timed && (pset == NULL || fast_wait == TH_IPC_FAST_MSG) &&
	    !thread_held(self))
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
					    fast_wait, 0, kmsg);
}

/* mach_msg_receive, inline in mach_msg's own path (locked: as above;
 * copyout_inline: as for mach_msg_receive_finish_inline). */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_receive_inline(uint64_t msg, mach_msg_option_t option,
			mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
			mach_msg_timeout_t timeout, struct thread *handoff,
			int locked, int copyout_inline)
{
	struct ipc_kmsg *kmsg;

	mach_msg_return_t mr = mach_msg_receive_kmsg_inline(
	    option, rcv_name, timeout, handoff, TH_IPC_FAST_MSG, locked, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mach_msg_receive_finish_inline(kmsg, msg, option, rcv_size,
					      copyout_inline);
}

mach_msg_return_t
mach_msg_receive(uint64_t msg, mach_msg_option_t option,
		 mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
		 mach_msg_timeout_t timeout, struct thread *handoff)
{
	return mach_msg_receive_inline(msg, option, rcv_size, rcv_name, timeout,
				       handoff, 0, 0);
}

/*
 * Whether kmsg, whose rights are taken (ipc_lock held), is received at
 * once by the trap that sends it: rcv_name names the receive right of
 * its destination in the sender's own space (a message to oneself), and
 * queueing it then taking it off again is all that the send and the
 * receive would do (ipc_mqueue_send_receive_self_locked).  Then kmsg is
 * the message received; otherwise nothing changed.
 */
static inline __attribute__((always_inline)) int
mach_msg_send_receive_self_locked(struct ipc_space *space,
				  struct ipc_kmsg *kmsg,
				  mach_port_name_t rcv_name)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	ipc_port_t dest = header->msgh_remote_port;

	return dest->ip_receiver_name == rcv_name &&
	       dest->ip_receiver == space &&
	       ipc_mqueue_send_receive_self_locked(
		   dest, kmsg,
		   MACH_MSGH_BITS_REMOTE(header->msgh_bits) ==
		       MACH_MSG_TYPE_PORT_SEND_ONCE);
}

/*
 * The whole trap in one frame: the send, and the receive with the lock
 * the send kept; a message to oneself goes from the one to the other
 * without the queue.
 */
void
mach_msg_trap_frame(struct trap_frame *frame)
{
	uint64_t msg = trap_syscall_arg(frame, 0);
	mach_msg_option_t option =
	    (mach_msg_option_t)trap_syscall_arg(frame, 1);
	mach_msg_timeout_t timeout = trap_syscall_arg(frame, 5);
	struct thread *receiver = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	int locked = 0;

	if (option & MACH_SEND_MSG) {
		struct ipc_kmsg *kmsg;
		mr = ipc_kmsg_copyin_inline(msg, trap_syscall_arg(frame, 2),
					    &kmsg);
		if (mr != MACH_MSG_SUCCESS) {
			option = 0; /* no receive */
		} else if ((option & MACH_RCV_MSG) &&
			   mach_msg_send_receive_self_locked(
			       current_task()->task_space, kmsg,
			       trap_syscall_arg(frame, 4))) {
			mr = mach_msg_receive_finish_inline(
			    kmsg, msg, option, trap_syscall_arg(frame, 3), 1);
			option = 0; /* received */
		} else {
			mr = mach_msg_send_locked(
			    current_task(), kmsg, option, timeout, &receiver,
			    (option & MACH_RCV_MSG) != 0, &locked);
		}
	}
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG)) {
		mr = mach_msg_receive_inline(
		    msg, option, trap_syscall_arg(frame, 3),
		    trap_syscall_arg(frame, 4), timeout, receiver, locked, 1);
	} else if (receiver != NULL) {
		sched_setrun(receiver);
	}
	trap_set_result(frame, mr);
	if (sched_ast_pending(current_thread()))
		sched_ast_check();
}
