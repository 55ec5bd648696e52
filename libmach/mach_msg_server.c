/*
 * The server loop (<mach/mach_msg_server.h>): mach_msg_server and
 * mach_msg_server_once, on the protocol between IDL-generated server
 * stubs and their loop (docs/idl.md, "Server protocol, deferred
 * replies").
 *
 * Two buffers, request and reply.  A reply that must be sent goes out
 * in the same mach_msg that receives the next request, into the reply
 * buffer; the two buffers then swap roles.  When the send part fails
 * the kernel has received nothing; the loop destroys the reply and
 * receives on its own.
 *
 * A reply that cannot be delivered: if the send failed while the kernel
 * checked its rights (MACH_SEND_INVALID_*), the rights are still ours
 * as we named them; if it failed later (MACH_SEND_TIMED_OUT,
 * MACH_SEND_INTERRUPTED), this kernel has put every right back into our
 * space in received form (a COPY_SEND or MAKE_SEND as one more send
 * reference) without rewriting the buffer, so the buffer's dispositions
 * are turned into received ones before mach_msg_destroy.
 *
 * The loop sends and receives with mach_msg_regs: a short simple reply
 * and request travel in registers (the register trap, and between two
 * threads both in it its fast path), any other with mach_msg, with the
 * same results (<mach/mach_msg_regs.h>; mach_msg_regs_enabled = 0 makes
 * it mach_msg alone).
 */
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mig_errors.h>
#include <stdlib.h>

/* Rewrites the port dispositions of reply into their returned form. */
static void
mach_msg_server_make_returned(mach_msg_header_t *reply)
{
	mach_msg_bits_t bits = reply->msgh_bits;

	reply->msgh_bits =
	    MACH_MSGH_BITS_OTHER(bits) |
	    MACH_MSGH_BITS(mach_msg_type_received(MACH_MSGH_BITS_REMOTE(bits)),
			   0);
	if (!(bits & MACH_MSGH_BITS_COMPLEX))
		return;
	mach_msg_body_t *body = (mach_msg_body_t *)(reply + 1);
	char *p = (char *)(body + 1);
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_descriptor_t *desc = (mach_msg_descriptor_t *)p;
		if (desc->type.type == MACH_MSG_PORT_DESCRIPTOR) {
			desc->port.disposition =
			    mach_msg_type_received(desc->port.disposition);
			p += sizeof(mach_msg_port_descriptor_t);
		} else if (desc->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			desc->ool_ports.disposition =
			    mach_msg_type_received(desc->ool_ports.disposition);
			p += sizeof(mach_msg_ool_ports_descriptor_t);
		} else {
			p += sizeof(mach_msg_ool_descriptor_t);
		}
	}
}

/* Releases a reply that could not be sent (mr: why). */
static void
mach_msg_server_discard(mach_msg_header_t *reply, mach_msg_return_t mr)
{
	if (mr == MACH_SEND_TIMED_OUT || mr == MACH_SEND_INTERRUPTED)
		mach_msg_server_make_returned(reply);
	mach_msg_destroy(reply);
}

/*
 * Runs the demux and applies the protocol to its result; returns 1 if
 * reply must be sent.
 */
static int
mach_msg_server_serve(mach_msg_demux_t demux, mach_msg_header_t *request,
		      mach_msg_header_t *reply)
{
	mig_reply_error_t *error = (mig_reply_error_t *)reply;

	(void)demux(request, reply); /* FALSE: RetCode is MIG_BAD_ID */
	if (!(reply->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    error->RetCode != KERN_SUCCESS) {
		if (error->RetCode == MIG_NO_REPLY)
			return 0;
		request->msgh_remote_port = MACH_PORT_NULL; /* the reply's */
		mach_msg_destroy(request);
	}
	if (reply->msgh_remote_port == MACH_PORT_NULL) {
		mach_msg_destroy(reply); /* what it carried goes nowhere */
		return 0;
	}
	return 1;
}

/* Receives a request, skipping the ones too large for the buffer. */
static mach_msg_return_t
mach_msg_server_receive(mach_msg_header_t *request, mach_msg_size_t size,
			mach_port_t rcv_name, mach_msg_option_t options)
{
	mach_msg_return_t mr;

	do {
		mr = mach_msg_regs(request, MACH_RCV_MSG | options, 0, size,
				   rcv_name, MACH_MSG_TIMEOUT_NONE,
				   MACH_PORT_NULL);
	} while (mr == MACH_RCV_TOO_LARGE || mr == MACH_RCV_INTERRUPTED);
	return mr;
}

/*
 * Allocates a server's two buffers of size bytes and receives the first
 * request into *request.  KERN_RESOURCE_SHORTAGE if memory is short (the
 * caller frees the buffers either way).
 */
static mach_msg_return_t
mach_msg_server_start(mach_msg_header_t **request, mach_msg_header_t **reply,
		      mach_msg_size_t size, mach_port_t rcv_name,
		      mach_msg_option_t options)
{
	*request = malloc(size);
	*reply = malloc(size);
	if (*request == NULL || *reply == NULL)
		return KERN_RESOURCE_SHORTAGE;
	return mach_msg_server_receive(*request, size, rcv_name, options);
}

/* A reply to a send right (not send-once) must not block the server. */
static mach_msg_option_t
mach_msg_server_send_options(mach_msg_header_t *reply)
{
	if (MACH_MSGH_BITS_REMOTE(reply->msgh_bits) ==
	    MACH_MSG_TYPE_MOVE_SEND_ONCE)
		return MACH_SEND_MSG;
	return MACH_SEND_MSG | MACH_SEND_TIMEOUT;
}

/*
 * Sends *reply and receives the next request into the reply buffer,
 * which becomes *request.
 */
static mach_msg_return_t
mach_msg_server_reply_and_receive(mach_msg_header_t **request,
				  mach_msg_header_t **reply,
				  mach_msg_size_t size, mach_port_t rcv_name,
				  mach_msg_option_t options)
{
	mach_msg_header_t *sent = *reply;
	mach_msg_return_t mr;

	mr = mach_msg_regs(
	    sent, mach_msg_server_send_options(sent) | MACH_RCV_MSG | options,
	    sent->msgh_size, size, rcv_name, 0, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS) {
		*reply = *request;
		*request = sent;
		return mr;
	}
	if (!MIG_IS_RCV_ERROR(mr))
		mach_msg_server_discard(sent, mr);
	return mach_msg_server_receive(*request, size, rcv_name, options);
}

mach_msg_return_t
mach_msg_server(mach_msg_demux_t demux, mach_msg_size_t max_size,
		mach_port_t rcv_name, mach_msg_option_t options)
{
	mach_msg_size_t size = max_size + MAX_TRAILER_SIZE;
	mach_msg_header_t *request, *reply;
	mach_msg_return_t mr;

	options &= ~MACH_RCV_LARGE;
	mr = mach_msg_server_start(&request, &reply, size, rcv_name, options);
	while (mr == MACH_MSG_SUCCESS) {
		if (mach_msg_server_serve(demux, request, reply))
			mr = mach_msg_server_reply_and_receive(
			    &request, &reply, size, rcv_name, options);
		else
			mr = mach_msg_server_receive(request, size, rcv_name,
						     options);
	}
	free(request);
	free(reply);
	return mr;
}

mach_msg_return_t
mach_msg_server_once(mach_msg_demux_t demux, mach_msg_size_t max_size,
		     mach_port_t rcv_name, mach_msg_option_t options)
{
	mach_msg_size_t size = max_size + MAX_TRAILER_SIZE;
	mach_msg_header_t *request, *reply;
	mach_msg_return_t mr;

	options &= ~MACH_RCV_LARGE;
	mr = mach_msg_server_start(&request, &reply, size, rcv_name, options);
	if (mr == MACH_MSG_SUCCESS &&
	    mach_msg_server_serve(demux, request, reply)) {
		mr = mach_msg(reply, mach_msg_server_send_options(reply),
			      reply->msgh_size, 0, MACH_PORT_NULL, 0,
			      MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			mach_msg_server_discard(reply, mr);
	}
	free(request);
	free(reply);
	return mr;
}

boolean_t
mach_msg_from_kernel(const mach_msg_header_t *msg)
{
	const mach_msg_security_trailer_t *trailer =
	    (const void *)((const char *)msg + ((msg->msgh_size + 3) & ~3u));

	return trailer->msgh_trailer_size >= sizeof(*trailer) &&
	       trailer->msgh_sender.val[0] == 0;
}
