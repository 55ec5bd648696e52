/*
 * The second task of the name-service test (see t_bootstrap.h): finds
 * the driver through the name service (waiting for it if need be),
 * tells it its control port, and then registers, replaces and destroys
 * echo services as the driver commands, answering echo requests all
 * along.  Its own checks are reported as TAP too.
 */
#include "lib/tap.h"
#include "t_bootstrap.h"
#include <mach/bootstrap.h>
#include <mach/mach_port.h>

static mach_port_t self;
static mach_port_t control, echo[2], secret, set;

static mach_port_t
new_port(int with_send)
{
	mach_port_t port = MACH_PORT_NULL;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	if (with_send)
		mach_port_insert_right(self, port, port,
				       MACH_MSG_TYPE_MAKE_SEND);
	return port;
}

static mach_msg_return_t
send_hello(mach_port_t driver)
{
	struct hello_msg hello;

	memset(&hello, 0, sizeof(hello));
	hello.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	hello.header.msgh_size = sizeof(hello);
	hello.header.msgh_remote_port = driver;
	hello.header.msgh_id = MSG_HELLO;
	hello.body.msgh_descriptor_count = 1;
	hello.control.name = control;
	hello.control.disposition = MACH_MSG_TYPE_MAKE_SEND;
	hello.control.type = MACH_MSG_PORT_DESCRIPTOR;
	hello.secret = (int)secret;
	return mach_msg(&hello.header, MACH_SEND_MSG, sizeof(hello), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* Has anything been sent to the secret port? */
static int
secret_untouched(void)
{
	union test_buffer buffer;

	return mach_msg(&buffer.msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(buffer), secret, 0,
			MACH_PORT_NULL) == MACH_RCV_TIMED_OUT;
}

/* One command of the driver; returns 0 on CMD_QUIT. */
static int
command(mach_msg_header_t *request)
{
	int result = KERN_SUCCESS;

	switch (request->msgh_id) {
	case CMD_REGISTER:
		result = bootstrap_register(bootstrap_port, NAME_ECHO, echo[0]);
		tap_is_int(result, KERN_SUCCESS, "register " NAME_ECHO);
		break;
	case CMD_REPLACE:
		result = bootstrap_register(bootstrap_port, NAME_ECHO, echo[1]);
		tap_is_int(result, KERN_SUCCESS, "register it again: replace");
		break;
	case CMD_KILL:
		result = mach_port_destroy(self, echo[1]);
		tap_is_int(result, KERN_SUCCESS, "destroy the registered port");
		break;
	case CMD_CHECK_SECRET:
		result = secret_untouched();
		tap_ok(result, "nothing reached the port the driver only "
			       "knew by number");
		break;
	case CMD_QUIT:
		test_reply(request, 0, KERN_SUCCESS);
		return 0;
	default:
		result = KERN_INVALID_ARGUMENT;
		break;
	}
	test_reply(request, 0, result);
	return 1;
}

/* Serves the control and echo ports until CMD_QUIT (or 20 s of silence). */
static void
serve(void)
{
	union test_buffer buffer;
	mach_msg_header_t *request = &buffer.msg.header;

	for (;;) {
		mach_msg_return_t mr =
		    mach_msg(request, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			     sizeof(buffer), set, 20000, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			tap_diag("receive failed: %#x", mr);
			return;
		}
		if (request->msgh_local_port == control) {
			if (!command(request))
				return;
		} else if (request->msgh_id == MSG_ECHO) {
			test_reply(request, buffer.msg.value + 1,
				   request->msgh_local_port == echo[0] ? 1 : 2);
		}
	}
}

int
main(void)
{
	mach_port_t driver = MACH_PORT_NULL;

	self = mach_task_self();
	tap_plan(8);
	tap_ok(MACH_PORT_VALID(bootstrap_port),
	       "the task has a bootstrap port");
	tap_is_int(bootstrap_look_up(bootstrap_port, NAME_DRIVER, &driver),
		   KERN_SUCCESS,
		   "look up the driver (waits until it is there)");
	control = new_port(0);
	echo[0] = new_port(1);
	echo[1] = new_port(1);
	secret = new_port(0);
	mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set);
	mach_port_move_member(self, control, set);
	mach_port_move_member(self, echo[0], set);
	mach_port_move_member(self, echo[1], set);
	tap_is_int(send_hello(driver), MACH_MSG_SUCCESS,
		   "send the driver our control port");
	serve();
	return tap_done();
}
