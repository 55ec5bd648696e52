/*
 * The register message trap, general path: a short message held in the
 * trap's registers (mach/msg_regs.h), on the same ports and rights as
 * mach_msg.
 *
 *	mach_msg_regs_trap	MR0..MR10 of the trap frame, in and out
 *
 * The send builds the message in kernel form from the registers (as
 * ipc_kmsg_copyin builds it from a buffer) and sends it as
 * mach_msg does (mach_msg_send_kmsg): every check, right, queue limit,
 * timeout and kernel object is the general path's own.  The receive
 * takes a message as mach_msg does (mach_msg_receive_kmsg) and, if it
 * fits (no descriptors, at most MACH_MSG_REGS_SIZE_MAX bytes in user
 * form), puts its rights into the receiver's space and its header and
 * data into the registers; any other message stays queued, first in
 * line, and the trap says MACH_RCV_TOO_LARGE with the size a mach_msg
 * receive needs (as mach_msg with MACH_RCV_LARGE does).  So a message
 * sent one way is received the other way.
 *
 * The IPC fast path (ipc_fastpath.c) takes the register trap first, for
 * an RPC between two threads both in it; this is what runs when it
 * cannot.  Interrupts are off for the whole trap, as in mach_msg.
 *
 * With regipc=off (ipc_regs_enabled clear) the trap is refused, as if
 * the kernel lacked it, and libmach falls back to mach_msg.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <ipc/mach_msg_regs.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <machine/trap.h>

/*
 * Builds the register message m as a kmsg in kernel form, its port
 * fields still the sender's names.  Returns MACH_MSG_SUCCESS and *kmsgp,
 * MACH_SEND_MSG_TOO_SMALL (a size below the header's or not a multiple
 * of 4), MACH_SEND_TOO_LARGE (more than the registers hold),
 * MACH_SEND_INVALID_HEADER (the complex bit: registers carry no
 * descriptors) or MACH_SEND_NO_BUFFER.
 */
static mach_msg_return_t
mach_msg_regs_get(const struct mach_msg_regs *m, struct ipc_kmsg **kmsgp)
{
	if (m->mr_size < MACH_MSG_REGS_HEADER || (m->mr_size & 3) != 0)
		return MACH_SEND_MSG_TOO_SMALL;
	if (m->mr_size > MACH_MSG_REGS_SIZE_MAX)
		return MACH_SEND_TOO_LARGE;
	if (m->mr_bits & MACH_MSGH_BITS_COMPLEX)
		return MACH_SEND_INVALID_HEADER;
	mach_msg_size_t body = m->mr_size - MACH_MSG_REGS_HEADER;
	struct ipc_kmsg *kmsg =
	    ipc_kmsg_alloc(sizeof(mach_msg_header_t) + body);
	if (kmsg == NULL)
		return MACH_SEND_NO_BUFFER;
	mach_msg_header_t *header = ikm_header(kmsg);
	header->msgh_bits = m->mr_bits & MACH_MSGH_BITS_USER;
	header->msgh_size = sizeof(*header) + body;
	header->msgh_remote_port = (ipc_port_t)(uintptr_t)m->mr_remote;
	header->msgh_local_port = (ipc_port_t)(uintptr_t)m->mr_local;
	header->msgh_reserved = 0;
	header->msgh_id = m->mr_id;
	memcpy(header + 1, m->mr_data, body);
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/* Puts the received message (its rights already names) into m. */
static void
mach_msg_regs_put(struct ipc_kmsg *kmsg, union mach_msg_regs_words *m)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_size_t body = header->msgh_size - sizeof(*header);

	m->mw_msg.mr_seqno = kmsg->ikm_seqno;
	m->mw_msg.mr_sender = kmsg->ikm_sender.val[0];
	m->mw_msg.mr_bits = header->msgh_bits;
	m->mw_msg.mr_size = MACH_MSG_REGS_HEADER + body;
	m->mw_msg.mr_remote =
	    (mach_port_name_t)(uintptr_t)header->msgh_remote_port;
	m->mw_msg.mr_local =
	    (mach_port_name_t)(uintptr_t)header->msgh_local_port;
	m->mw_msg.mr_id = header->msgh_id;
	m->mw_msg.mr_rcv_name = 0;
	memcpy(m->mw_msg.mr_data, header + 1, body);
	mach_msg_regs_trim(m);
}

mach_msg_return_t
mach_msg_regs_receive_finish_locked(struct ipc_kmsg *kmsg,
				    struct trap_frame *frame,
				    mach_msg_option_t option)
{
	union mach_msg_regs_words m;
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_size_t size = ipc_kmsg_user_size(kmsg);

	assert(simple_lock_held(&ipc_lock));
	if ((header->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    size > MACH_MSG_REGS_SIZE_MAX) {
		/* For mach_msg: first in line, unless its port died since. */
		mach_msg_return_t mr = MACH_RCV_TOO_LARGE;
		if (!ipc_mqueue_requeue_locked(header->msgh_remote_port,
					       kmsg)) {
			ipc_kmsg_destroy_locked(kmsg);
			mr = MACH_RCV_PORT_DIED;
		}
		simple_unlock(&ipc_lock);
		if (mr == MACH_RCV_TOO_LARGE) {
			trap_msg_regs_get(frame, m.mw_word);
			m.mw_msg.mr_size = size + ipc_kmsg_trailer_size(
						      GET_RCV_ELEMENTS(option));
			trap_msg_regs_set(frame, m.mw_word);
		}
		return mr;
	}
	mach_msg_return_t mr =
	    ipc_kmsg_copyout_rights_locked(kmsg, current_task()->task_space);
	simple_unlock(&ipc_lock);
	mach_msg_regs_put(kmsg, &m);
	ipc_kmsg_free(kmsg);
	trap_msg_regs_set(frame, m.mw_word);
	return mr;
}

mach_msg_return_t
mach_msg_regs_receive(struct trap_frame *frame, mach_msg_option_t option,
		      mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
		      struct thread *handoff)
{
	struct ipc_kmsg *kmsg;

	mach_msg_return_t mr = mach_msg_receive_kmsg(
	    option, rcv_name, timeout, handoff, TH_IPC_FAST_REGS, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mach_msg_regs_receive_finish_locked(kmsg, frame, option);
}

/* The send half: the message in m. */
static mach_msg_return_t
mach_msg_regs_send(const struct mach_msg_regs *m, struct thread **receiver)
{
	struct ipc_kmsg *kmsg;

	*receiver = NULL;
	mach_msg_return_t mr = mach_msg_regs_get(m, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mach_msg_send_kmsg(kmsg, m->mr_option, m->mr_timeout, receiver);
}

int ipc_regs_enabled = 1;

uint64_t
mach_msg_regs_trap(const uint64_t *args)
{
	struct trap_frame *frame =
	    machine_thread_user_frame(&current_thread()->th_machine);
	union mach_msg_regs_words m;
	struct thread *receiver = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	(void)args; /* the frame holds them all */
	if (!ipc_regs_enabled)
		return KERN_INVALID_ARGUMENT; /* mach_trap_dispatch's answer */
	trap_msg_regs_get(frame, m.mw_word);
	/* Only the send, receive and timeout bits count (and the trailer's,
	 * for the size MACH_RCV_TOO_LARGE reports). */
	mach_msg_option_t option = m.mw_msg.mr_option;
	unsigned long flags = cpu_intr_save();
	if (option & MACH_SEND_MSG)
		mr = mach_msg_regs_send(&m.mw_msg, &receiver);
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG))
		mr = mach_msg_regs_receive(frame, option, m.mw_msg.mr_rcv_name,
					   m.mw_msg.mr_timeout, receiver);
	else if (receiver != NULL)
		sched_setrun(receiver);
	cpu_intr_restore(flags);
	return mr;
}
