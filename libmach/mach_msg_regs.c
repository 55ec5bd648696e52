/*
 * mach_msg_regs: mach_msg's interface over the register message trap
 * (<mach/mach_msg_regs.h>, docs/ipc.md "The register path").
 *
 * It takes the register trap when the message to send fits in registers
 * (simple, at most MACH_MSG_REGS_SIZE_MAX bytes) and the receive can
 * take any message that does (without MACH_RCV_LARGE, or with a buffer
 * that holds the largest); otherwise it is mach_msg.  A received message
 * that registers cannot carry stays queued: the trap says so
 * (MACH_RCV_TOO_LARGE) and the receive is made again with mach_msg.  A
 * message received in registers is written into the buffer as mach_msg
 * writes it, trailer included (the trap returns the sequence number and
 * the sender's token); one that the buffer cannot take is destroyed, as
 * mach_msg without MACH_RCV_LARGE destroys it.  So the results are
 * mach_msg's, but for a bad buffer: this code reads and writes it in
 * user mode, where mach_msg's kernel returns MACH_SEND_INVALID_DATA or
 * MACH_RCV_INVALID_DATA.
 *
 * A kernel booted with regipc=off refuses the register trap
 * (KERN_INVALID_ARGUMENT, as for a trap it does not have): the call is
 * made with mach_msg, and so is every later one (mach_msg_regs_enabled
 * goes to 0).
 */
#include <mach/mach_ipc.h>
#include <mach/mach_msg_regs.h>
#include <mach/mach_msg_server.h>
#include <string.h>

int mach_msg_regs_enabled = 1;

/* Bytes of trailer the option asks for (as the kernel counts them). */
static mach_msg_size_t
mach_msg_regs_trailer_size(mach_msg_option_t option)
{
	switch (GET_RCV_ELEMENTS(option)) {
	case MACH_RCV_TRAILER_NULL:
		return sizeof(mach_msg_trailer_t);
	case MACH_RCV_TRAILER_SEQNO:
		return sizeof(mach_msg_seqno_trailer_t);
	case MACH_RCV_TRAILER_SENDER:
		return sizeof(mach_msg_security_trailer_t);
	default:
		return sizeof(mach_msg_audit_trailer_t);
	}
}

static int
mach_msg_regs_send_fits(const mach_msg_header_t *msg, mach_msg_size_t size)
{
	return size >= sizeof(*msg) && size <= MACH_MSG_REGS_SIZE_MAX &&
	       (size & 3) == 0 && !(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX);
}

static int
mach_msg_regs_receive_fits(mach_msg_option_t option, mach_msg_size_t rcv_size)
{
	return !(option & MACH_RCV_LARGE) ||
	       rcv_size >=
		   MACH_MSG_REGS_SIZE_MAX + mach_msg_regs_trailer_size(option);
}

/* The register message m as a message in memory at msg (no trailer). */
static void
mach_msg_regs_unpack(const struct mach_msg_regs *m, mach_msg_header_t *msg)
{
	msg->msgh_bits = m->mr_bits;
	msg->msgh_size = m->mr_size;
	msg->msgh_remote_port = m->mr_remote;
	msg->msgh_local_port = m->mr_local;
	msg->msgh_reserved = 0;
	msg->msgh_id = m->mr_id;
	memcpy(msg + 1, m->mr_data, m->mr_size - sizeof(*msg));
}

/*
 * Writes the message received in m into the buffer msg of rcv_size
 * bytes with its trailer; returns mr, or MACH_RCV_TOO_LARGE if it does
 * not fit (then it is destroyed).
 */
static mach_msg_return_t
mach_msg_regs_deliver(const struct mach_msg_regs *m, mach_msg_header_t *msg,
		      mach_msg_option_t option, mach_msg_size_t rcv_size,
		      mach_msg_return_t mr)
{
	mach_msg_size_t trailer_size = mach_msg_regs_trailer_size(option);
	mach_msg_max_trailer_t trailer;

	if (m->mr_size + trailer_size > rcv_size) {
		union {
			mach_msg_header_t header;
			char bytes[MACH_MSG_REGS_SIZE_MAX];
		} lost;
		mach_msg_regs_unpack(m, &lost.header);
		mach_msg_destroy(&lost.header);
		return MACH_RCV_TOO_LARGE;
	}
	mach_msg_regs_unpack(m, msg);
	memset(&trailer, 0, sizeof(trailer));
	trailer.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	trailer.msgh_trailer_size = trailer_size;
	trailer.msgh_seqno = m->mr_seqno;
	trailer.msgh_sender.val[0] = m->mr_sender;
	trailer.msgh_audit.val[5] = m->mr_sender;
	memcpy((char *)msg + m->mr_size, &trailer, trailer_size);
	return mr;
}

mach_msg_return_t
mach_msg_regs(mach_msg_header_t *msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	      mach_port_name_t notify)
{
	int send = (option & MACH_SEND_MSG) != 0;
	int receive = (option & MACH_RCV_MSG) != 0;
	struct mach_msg_regs m;

	if (!mach_msg_regs_enabled || (!send && !receive) ||
	    (send && !mach_msg_regs_send_fits(msg, send_size)) ||
	    (receive && !mach_msg_regs_receive_fits(option, rcv_size)))
		return mach_msg(msg, option, send_size, rcv_size, rcv_name,
				timeout, notify);
	memset(&m, 0, sizeof(m));
	m.mr_option = option;
	m.mr_timeout = timeout;
	if (send) {
		m.mr_bits = msg->msgh_bits;
		m.mr_size = send_size;
		m.mr_remote = msg->msgh_remote_port;
		m.mr_local = msg->msgh_local_port;
		m.mr_id = msg->msgh_id;
		memcpy(m.mr_data, msg + 1, send_size - sizeof(*msg));
	}
	m.mr_rcv_name = rcv_name;
	mach_msg_return_t mr = mach_msg_regs_trap(&m);
	if (mr == KERN_INVALID_ARGUMENT) {
		/* A kernel without the register trap (regipc=off): it took
		 * nothing; mach_msg from now on. */
		mach_msg_regs_enabled = 0;
		return mach_msg(msg, option, send_size, rcv_size, rcv_name,
				timeout, notify);
	}
	if (!receive)
		return mr;
	if (mr == MACH_RCV_TOO_LARGE) /* not in registers: it waits for us */
		return mach_msg(msg,
				option & ~(MACH_SEND_MSG | MACH_SEND_TIMEOUT),
				0, rcv_size, rcv_name, timeout, notify);
	if (mr != MACH_MSG_SUCCESS &&
	    (mr & ~MACH_MSG_MASK) != MACH_RCV_HEADER_ERROR)
		return mr;
	return mach_msg_regs_deliver(&m, msg, option, rcv_size, mr);
}
