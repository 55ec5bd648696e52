/*
 * The mach_port interface (RPCs on one's own task port): allocating
 * rights and port sets, reference counts after every operation, moving
 * rights in and out, and the four kinds of notification.
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/notify.h>
#include <string.h>

static mach_port_t self;

struct rcv_buffer {
	mach_msg_header_t header;
	char body[1024];
};

static mach_msg_return_t
receive(mach_port_t port, struct rcv_buffer *buf)
{
	memset(buf, 0, sizeof(*buf));
	return mach_msg(&buf->header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(*buf), port, 0, MACH_PORT_NULL);
}

static mach_msg_return_t
send_empty(mach_port_t dest, mach_msg_type_name_t disposition)
{
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(disposition, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = dest,
	    .msgh_id = 1,
	};
	return mach_msg(&msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

static unsigned
refs(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t n = 12345;
	if (mach_port_get_refs(self, name, right, &n) != KERN_SUCCESS)
		return 99999;
	return n;
}

static mach_port_type_t
type_of(mach_port_t name)
{
	mach_port_type_t type = 0;
	if (mach_port_type(self, name, &type) != KERN_SUCCESS)
		return 0xdead;
	return type;
}

static void
test_allocate_and_refs(void)
{
	mach_port_t port, pset, dead;

	tap_is_int(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
		   KERN_SUCCESS, "allocate a receive right");
	tap_is_int(type_of(port), MACH_PORT_TYPE_RECEIVE, "its type");
	tap_is_int(refs(port, MACH_PORT_RIGHT_RECEIVE), 1, "one receive ref");
	tap_is_int(refs(port, MACH_PORT_RIGHT_SEND), 0, "no send refs");
	tap_is_int(
	    mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND),
	    KERN_SUCCESS, "insert a send right under the same name");
	tap_is_int(type_of(port), MACH_PORT_TYPE_SEND_RECEIVE,
		   "now send and receive");
	tap_is_int(refs(port, MACH_PORT_RIGHT_SEND), 1, "one send ref");
	tap_is_int(mach_port_mod_refs(self, port, MACH_PORT_RIGHT_SEND, 4),
		   KERN_SUCCESS, "add four send refs");
	tap_is_int(refs(port, MACH_PORT_RIGHT_SEND), 5, "five send refs");
	tap_is_int(mach_port_mod_refs(self, port, MACH_PORT_RIGHT_SEND, -6),
		   KERN_INVALID_VALUE, "taking six is refused");
	tap_is_int(refs(port, MACH_PORT_RIGHT_SEND), 5, "still five");
	tap_is_int(send_empty(port, MACH_MSG_TYPE_MOVE_SEND), MACH_MSG_SUCCESS,
		   "move one send right in a message to itself");
	tap_is_int(refs(port, MACH_PORT_RIGHT_SEND), 4, "four left");
	struct rcv_buffer buf;
	receive(port, &buf);
	tap_is_int(refs(port, MACH_PORT_RIGHT_SEND), 4,
		   "receiving consumed the moved right, four left");
	tap_is_int(mach_port_deallocate(self, port), KERN_SUCCESS,
		   "deallocate one");
	tap_is_int(refs(port, MACH_PORT_RIGHT_SEND), 3, "three left");
	tap_is_int(mach_port_mod_refs(self, port, MACH_PORT_RIGHT_SEND, -3),
		   KERN_SUCCESS, "drop the rest");
	tap_is_int(type_of(port), MACH_PORT_TYPE_RECEIVE, "receive right only");
	tap_is_int(mach_port_deallocate(self, port), KERN_INVALID_RIGHT,
		   "deallocate of a receive right is refused");
	tap_is_int(mach_port_mod_refs(self, port, MACH_PORT_RIGHT_RECEIVE, -1),
		   KERN_SUCCESS, "destroy the receive right");
	tap_is_int(type_of(port), 0xdead, "the name is gone");
	tap_is_int(mach_port_deallocate(self, port), KERN_INVALID_NAME,
		   "deallocate of a name not held");

	tap_is_int(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset),
		   KERN_SUCCESS, "allocate a port set");
	tap_is_int(type_of(pset), MACH_PORT_TYPE_PORT_SET, "its type");
	tap_is_int(mach_port_allocate(self, MACH_PORT_RIGHT_DEAD_NAME, &dead),
		   KERN_SUCCESS, "allocate a dead name");
	tap_is_int(refs(dead, MACH_PORT_RIGHT_DEAD_NAME), 1, "one ref");
	tap_is_int(mach_port_allocate(self, MACH_PORT_RIGHT_SEND, &port),
		   KERN_INVALID_VALUE, "a send right cannot be allocated");
	tap_is_int(
	    mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE, 0x4242),
	    KERN_SUCCESS, "allocate a receive right named 0x4242");
	tap_is_int(
	    mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE, 0x4242),
	    KERN_NAME_EXISTS, "the name cannot be taken twice");
	tap_is_int(type_of(0x4242), MACH_PORT_TYPE_RECEIVE,
		   "0x4242 holds a receive right");
	tap_is_int(mach_port_destroy(self, 0x4242), KERN_SUCCESS, "destroy it");
	tap_is_int(mach_port_destroy(self, pset), KERN_SUCCESS,
		   "destroy the port set");
	tap_is_int(mach_port_destroy(self, dead), KERN_SUCCESS,
		   "destroy the dead name");
	tap_is_int(mach_port_type(0x999, port, NULL), MACH_SEND_INVALID_DEST,
		   "an RPC to a name one does not hold");
}

static void
test_port_set(void)
{
	mach_port_t pset, a, b;
	struct rcv_buffer buf;

	mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &a);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &b);
	tap_is_int(mach_port_move_member(self, a, pset), KERN_SUCCESS,
		   "move a port into a set");
	tap_is_int(mach_port_move_member(self, b, pset), KERN_SUCCESS,
		   "and another");
	send_empty(b, MACH_MSG_TYPE_MAKE_SEND);
	tap_ok(receive(pset, &buf) == MACH_MSG_SUCCESS &&
		   buf.header.msgh_local_port == b,
	       "receive from the set gets the message sent to a member");
	tap_is_int(receive(a, &buf), MACH_RCV_IN_SET,
		   "a member cannot be received from directly");
	tap_is_int(mach_port_move_member(self, a, MACH_PORT_NULL), KERN_SUCCESS,
		   "take it out of the set");
	tap_is_int(receive(a, &buf), MACH_RCV_TIMED_OUT,
		   "now it can be received from");
	tap_is_int(mach_port_move_member(self, a, b), KERN_INVALID_RIGHT,
		   "a port is no set");
	mach_port_destroy(self, pset);
	tap_is_int(receive(b, &buf), MACH_RCV_TIMED_OUT,
		   "destroying the set frees its members");
	mach_port_destroy(self, a);
	mach_port_destroy(self, b);
}

/* Sends an empty message with msgh_id id to dest (a receive right). */
static void
send_id(mach_port_t dest, mach_msg_id_t id)
{
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = dest,
	    .msgh_id = id,
	};
	mach_msg(&msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg), 0,
		 MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* A set takes its members' messages in the order the ports became
 * ready, one message per port in turn: never the same busy port first
 * (ipc_pset.h). */
static void
test_port_set_order(void)
{
	mach_port_t pset, a, b, c;
	struct rcv_buffer buf;
	mach_msg_id_t got[5] = {0};

	mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &a);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &b);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &c);
	mach_port_move_member(self, a, pset);
	mach_port_move_member(self, b, pset);
	mach_port_move_member(self, c, pset);
	send_id(b, 1);
	send_id(b, 2);
	send_id(c, 3);
	send_id(a, 4);
	send_id(c, 5);
	for (int i = 0; i < 5; i++)
		if (receive(pset, &buf) == MACH_MSG_SUCCESS)
			got[i] = buf.header.msgh_id;
	tap_ok(got[0] == 1 && got[1] == 3 && got[2] == 4 && got[3] == 2 &&
		   got[4] == 5,
	       "a set serves its ready ports in turn, oldest first");
	if (got[0] != 1 || got[1] != 3 || got[2] != 4 || got[3] != 2)
		tap_diag("  got %d %d %d %d %d; expected 1 3 4 2 5", got[0],
			 got[1], got[2], got[3], got[4]);
	tap_is_int(receive(pset, &buf), MACH_RCV_TIMED_OUT,
		   "and then has none");
	mach_port_destroy(self, pset);
	mach_port_destroy(self, a);
	mach_port_destroy(self, b);
	mach_port_destroy(self, c);
}

static void
test_notifications(void)
{
	mach_port_t notify, port, previous;
	struct rcv_buffer buf;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);

	/* No senders: drop the only send right. */
	tap_is_int(mach_port_request_notification(self, port,
						  MACH_NOTIFY_NO_SENDERS, 0,
						  notify, &previous),
		   KERN_SUCCESS, "request a no-senders notification");
	mach_msg_return_t early = receive(notify, &buf);
	tap_ok(early == MACH_RCV_TIMED_OUT,
	       "nothing while a send right exists (%#x, id %d)", early,
	       early == MACH_MSG_SUCCESS ? buf.header.msgh_id : 0);
	mach_port_deallocate(self, port);
	mach_no_senders_notification_t *ns = (void *)&buf;
	tap_ok(receive(notify, &buf) == MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == MACH_NOTIFY_NO_SENDERS &&
		   ns->not_count == 1,
	       "no-senders arrives when the last send right goes (mscount %u)",
	       ns->not_count);

	/* Dead name: a send right to a port that is then destroyed. */
	mach_port_t dead_target;
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &dead_target);
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
	} carry;
	memset(&carry, 0, sizeof(carry));
	carry.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	carry.header.msgh_remote_port = port;
	carry.header.msgh_size = sizeof(carry);
	carry.body.msgh_descriptor_count = 1;
	carry.port.name = dead_target;
	carry.port.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	carry.port.type = MACH_MSG_PORT_DESCRIPTOR;
	mach_port_insert_right(self, dead_target, dead_target,
			       MACH_MSG_TYPE_MAKE_SEND);
	/* Keep a send right under dead_target, move the receive right to
	 * port's queue, then destroy port: the receive right dies. */
	tap_is_int(
	    mach_msg(&carry.header, MACH_SEND_MSG, sizeof(carry), 0, 0, 0, 0),
	    MACH_MSG_SUCCESS, "move a receive right into a queued message");
	tap_is_int(type_of(dead_target), MACH_PORT_TYPE_SEND,
		   "a send right stays behind");
	tap_is_int(mach_port_request_notification(self, dead_target,
						  MACH_NOTIFY_DEAD_NAME, 0,
						  notify, &previous),
		   KERN_SUCCESS, "request a dead-name notification");
	mach_port_destroy(self, port); /* destroys the queued message */
	mach_dead_name_notification_t *dn = (void *)&buf;
	tap_ok(receive(notify, &buf) == MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == MACH_NOTIFY_DEAD_NAME &&
		   dn->not_port == dead_target,
	       "dead-name notification names the right");
	tap_is_int(type_of(dead_target), MACH_PORT_TYPE_DEAD_NAME,
		   "the send right became a dead name");
	tap_is_int(send_empty(dead_target, MACH_MSG_TYPE_COPY_SEND),
		   MACH_SEND_INVALID_DEST, "sending to a dead name");
	mach_port_deallocate(self, dead_target);

	/* Port destroyed: the receive right comes back in the message. */
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	tap_is_int(mach_port_request_notification(self, port,
						  MACH_NOTIFY_PORT_DESTROYED, 0,
						  notify, &previous),
		   KERN_SUCCESS, "request a port-destroyed notification");
	mach_port_destroy(self, port);
	mach_port_destroyed_notification_t *pd = (void *)&buf;
	tap_ok(receive(notify, &buf) == MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == MACH_NOTIFY_PORT_DESTROYED &&
		   MACH_PORT_VALID(pd->not_port.name) &&
		   type_of(pd->not_port.name) == MACH_PORT_TYPE_RECEIVE,
	       "port-destroyed brings the receive right back");
	mach_port_destroy(self, pd->not_port.name);

	/* Send once: a send-once right destroyed unused. */
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_t so;
	mach_msg_type_name_t so_type;
	tap_is_int(mach_port_extract_right(
		       self, port, MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &so_type),
		   KERN_SUCCESS, "extract a send-once right");
	tap_ok(so_type == MACH_MSG_TYPE_PORT_SEND_ONCE &&
		   type_of(so) == MACH_PORT_TYPE_SEND_ONCE,
	       "it arrives as a send-once right");
	mach_port_deallocate(self, so);
	tap_ok(receive(port, &buf) == MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == MACH_NOTIFY_SEND_ONCE,
	       "destroying it unused sends a send-once notification");
	mach_port_destroy(self, port);
	mach_port_destroy(self, notify);
}

static void
test_names(void)
{
	mach_port_name_t *names;
	mach_port_type_t *types;
	mach_msg_type_number_t n_names = 0, n_types = 0;
	mach_port_t port;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	names = NULL;
	types = NULL;
	tap_is_int(mach_port_names(self, &names, &n_names, &types, &n_types),
		   KERN_SUCCESS, "mach_port_names");
	int found = 0;
	for (unsigned i = 0; i < n_names; i++)
		found |= names[i] == port && types[i] == MACH_PORT_TYPE_RECEIVE;
	tap_ok(found && n_names == n_types && n_names >= 2,
	       "lists the new receive right among %u names", n_names);
	tap_is_int(mach_port_set_qlimit(self, port, 1), KERN_SUCCESS,
		   "set the queue limit to 1");
	send_empty(port, MACH_MSG_TYPE_MAKE_SEND);
	tap_is_int(send_empty(port, MACH_MSG_TYPE_MAKE_SEND),
		   MACH_SEND_TIMED_OUT, "the second message does not fit");
	tap_is_int(mach_port_set_qlimit(self, port, 100000), KERN_INVALID_VALUE,
		   "a limit over the maximum is refused");
	mach_port_destroy(self, port);
}

int
main(void)
{
	self = mach_task_self();
	tap_plan(69);
	tap_ok(MACH_PORT_VALID(self), "mach_task_self");
	counts_run(test_allocate_and_refs, "allocate and refs");
	counts_run(test_port_set, "port set");
	counts_run(test_port_set_order, "port set order");
	counts_run(test_notifications, "notifications");
	counts_run(test_names, "names");
	return tap_done();
}
