/*
 * Serving an interface: the receive loop of a server built on
 * IDL-generated stubs (libmach/mach_msg_server.c), and mach_msg_destroy
 * (libmach/mach_msg_destroy.c), which releases what a message carries.
 *
 * A server allocates a receive right (or a port set), hands out send
 * rights to it, and calls
 *
 *	mach_msg_server(foo_server, MAX_SIZE, port, 0);
 *
 * where foo_server is the demux mig generated from foo.defs and MAX_SIZE
 * the larger of foo_MAX_REQUEST_SIZE and foo_MAX_REPLY_SIZE (of every
 * interface the demux serves).  The loop follows the server protocol of
 * docs/idl.md: a routine that returns MIG_NO_REPLY keeps the reply port
 * and answers later; one that fails took nothing from the request, whose
 * rights and memory the loop releases.
 */
#ifndef MACH_MACH_MSG_SERVER_H
#define MACH_MACH_MSG_SERVER_H

#include <mach/message.h>
#include <mach/std_types.h>

/* An IDL-generated demux: fills reply; FALSE for an unknown msgh_id. */
typedef boolean_t (*mach_msg_demux_t)(mach_msg_header_t *request,
				      mach_msg_header_t *reply);

/*
 * Receives requests on rcv_name (a receive right or a port set), runs
 * demux on each and sends its reply, for ever:
 *
 *  - the reply is sent unless its RetCode is MIG_NO_REPLY or the request
 *    had no reply port; a reply to a send right (not send-once) is sent
 *    with a zero timeout, so a client that does not receive cannot stall
 *    the server; a reply that cannot be delivered is destroyed;
 *  - a request whose RetCode is an error other than MIG_NO_REPLY is
 *    destroyed (all but its reply port, which the error reply uses).
 *
 * The reply is sent and the next request received in one mach_msg.
 * max_size is the largest request or reply of the demux's interfaces;
 * the two buffers (malloc'd) hold max_size + MAX_TRAILER_SIZE.  options
 * are or'ed into the receive (MACH_RCV_TRAILER_ELEMENTS(...) for stubs
 * that read the trailer; MACH_RCV_TIMEOUT makes the loop return when no
 * request is waiting); MACH_RCV_LARGE is ignored: a request larger than
 * the buffer is dropped by the kernel, and the loop goes on.
 *
 * Returns only on a receive error other than MACH_RCV_TOO_LARGE and
 * MACH_RCV_INTERRUPTED (rcv_name destroyed, a timeout), or
 * KERN_RESOURCE_SHORTAGE when the buffers cannot be allocated.
 */
/*
 * Did the kernel send this received message?  Its trailer's sender
 * token says (the kernel's is 0), if the receive asked for it with
 * MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER); without it, no.
 * How a server believes a notification that any holder of a send right
 * to the port could otherwise forge.
 */
boolean_t mach_msg_from_kernel(const mach_msg_header_t *msg);

mach_msg_return_t mach_msg_server(mach_msg_demux_t demux,
				  mach_msg_size_t max_size,
				  mach_port_t rcv_name,
				  mach_msg_option_t options);

/* The same for one request: receives it, serves it, sends the reply. */
mach_msg_return_t mach_msg_server_once(mach_msg_demux_t demux,
				       mach_msg_size_t max_size,
				       mach_port_t rcv_name,
				       mach_msg_option_t options);

/*
 * Releases the rights and out-of-line memory that msg (received, in the
 * form mach_msg left it) holds: the reply right in msgh_remote_port, and
 * every port, out-of-line region and port array among its descriptors.
 * msgh_local_port holds no right.  A right in a disposition that gives
 * nothing away (COPY_SEND, MAKE_SEND, MAKE_SEND_ONCE: a message that was
 * never sent) is left alone.
 */
void mach_msg_destroy(mach_msg_header_t *msg);

#endif /* MACH_MACH_MSG_SERVER_H */
