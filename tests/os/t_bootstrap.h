/*
 * The protocol between the two tasks of the name-service test
 * (t_bootstrap.c drives, t_bootstrap_peer.c obeys), and the message
 * helpers both use.
 *
 * The peer looks up "t_bootstrap.a" (registered by the driver) and sends
 * there a HELLO carrying a send right to its control port and, as a
 * plain number, the name of a receive right in its own space (which the
 * driver must not be able to use).  The driver then sends commands to
 * the control port as RPCs; the peer answers each with its result.  The
 * echo ports the peer registers answer ECHO with value + 1 and a tag
 * saying which port it was.
 */
#ifndef T_BOOTSTRAP_H
#define T_BOOTSTRAP_H

#include <mach/mach_ipc.h>
#include <string.h>

#define NAME_DRIVER "t_bootstrap.a"
#define NAME_ECHO   "t_bootstrap.echo"

enum {
	MSG_HELLO = 1000,   /* peer -> driver: control port, secret name */
	CMD_REGISTER,	    /* register the first echo port as NAME_ECHO */
	CMD_REPLACE,	    /* register the second one under the same name */
	CMD_KILL,	    /* destroy the second echo port */
	CMD_CHECK_SECRET,   /* result: did anything reach the secret port? */
	CMD_QUIT,	    /* answer, then end */
	MSG_ECHO = 2000,    /* value -> value + 1, tag: 1 or 2 */
	MSG_REPLY_ADD = 100 /* a reply's id is the request's + 100 */
};

struct test_msg {
	mach_msg_header_t header;
	int value;
	int result;
};

struct hello_msg {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t control;
	int secret;
};

union test_buffer {
	struct test_msg msg;
	struct hello_msg hello;
	char bytes[256];
};

/* Sends msg (id, value) to dest and waits up to timeout ms for the reply
 * in *reply; returns mach_msg's result. */
static inline mach_msg_return_t
test_rpc(mach_port_t dest, int id, int value, struct test_msg *reply,
	 mach_msg_timeout_t timeout)
{
	static mach_port_t reply_port;
	union test_buffer buffer;

	if (reply_port == MACH_PORT_NULL)
		reply_port = mach_reply_port();
	memset(&buffer, 0, sizeof(buffer));
	buffer.msg.header.msgh_bits = MACH_MSGH_BITS(
	    MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	buffer.msg.header.msgh_size = sizeof(struct test_msg);
	buffer.msg.header.msgh_remote_port = dest;
	buffer.msg.header.msgh_local_port = reply_port;
	buffer.msg.header.msgh_id = id;
	buffer.msg.value = value;
	mach_msg_return_t mr = mach_msg(
	    &buffer.msg.header, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	    sizeof(struct test_msg), sizeof(buffer), reply_port, timeout,
	    MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS)
		*reply = buffer.msg;
	return mr;
}

/* Answers request (received) with value and result. */
static inline mach_msg_return_t
test_reply(const mach_msg_header_t *request, int value, int result)
{
	struct test_msg reply;

	memset(&reply, 0, sizeof(reply));
	reply.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(request->msgh_bits), 0);
	reply.header.msgh_size = sizeof(reply);
	reply.header.msgh_remote_port = request->msgh_remote_port;
	reply.header.msgh_id = request->msgh_id + MSG_REPLY_ADD;
	reply.value = value;
	reply.result = result;
	return mach_msg(&reply.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			sizeof(reply), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

#endif /* T_BOOTSTRAP_H */
