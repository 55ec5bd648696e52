/*
 * Mach IPC through the raw message trap: sending to oneself, receive
 * timeouts, messages too large for the buffer, full queues, invalid
 * names, the receive trailer, an RPC between two threads, and rights
 * and out-of-line memory carried in messages.
 *
 * Arguments: "slowpath", the kernel runs with fastpath=off; "nohandoff",
 * with handoff=off.
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <stdlib.h>
#include <string.h>

#define STACK_SIZE (64 * 1024)

struct simple_msg {
	mach_msg_header_t header;
	int data[4];
};

struct rcv_buffer {
	mach_msg_header_t header;
	char body[4096];
};

static mach_msg_return_t
send_simple(mach_port_t dest, mach_msg_type_name_t disposition, int id,
	    int value, mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	struct simple_msg msg;
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits = MACH_MSGH_BITS(disposition, 0);
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = dest;
	msg.header.msgh_id = id;
	for (int i = 0; i < 4; i++)
		msg.data[i] = value + i;
	return mach_msg(&msg.header, MACH_SEND_MSG | extra, sizeof(msg), 0,
			MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

static mach_msg_return_t
receive(mach_port_t port, struct rcv_buffer *buf, mach_msg_size_t size,
	mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	memset(buf, 0, sizeof(*buf));
	return mach_msg(&buf->header, MACH_RCV_MSG | extra, 0, size, port,
			timeout, MACH_PORT_NULL);
}

static void
test_self(void)
{
	static struct rcv_buffer buf;
	mach_port_t port = mach_reply_port();
	mach_port_t other = mach_reply_port();

	tap_ok(MACH_PORT_VALID(port) && MACH_PORT_VALID(other) && port != other,
	       "mach_reply_port gives two distinct names");
	tap_is_int(send_simple(port, MACH_MSG_TYPE_MAKE_SEND, 1234, 10, 0, 0),
		   MACH_MSG_SUCCESS, "send to a port of one's own");
	tap_is_int(send_simple(port, MACH_MSG_TYPE_MAKE_SEND, 1235, 20, 0, 0),
		   MACH_MSG_SUCCESS, "a second message");
	mach_msg_return_t mr =
	    receive(port, &buf, sizeof(buf),
		    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 0);
	struct simple_msg *got = (struct simple_msg *)&buf;
	mach_msg_seqno_trailer_t *trailer =
	    (void *)((char *)&buf + got->header.msgh_size);
	tap_ok(mr == MACH_MSG_SUCCESS && got->header.msgh_id == 1234 &&
		   got->header.msgh_size == sizeof(struct simple_msg) &&
		   got->data[0] == 10 && got->data[3] == 13,
	       "receive: the first message, intact (mr %#x)", mr);
	tap_ok(got->header.msgh_local_port == port &&
		   got->header.msgh_remote_port == MACH_PORT_NULL,
	       "receive: local port is the port, no reply port");
	tap_ok(trailer->msgh_trailer_size == sizeof(*trailer) &&
		   trailer->msgh_seqno == 0,
	       "the trailer has sequence number 0");
	mr = receive(port, &buf, sizeof(buf),
		     MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 0);
	trailer = (void *)((char *)&buf + got->header.msgh_size);
	tap_ok(mr == MACH_MSG_SUCCESS && got->header.msgh_id == 1235 &&
		   trailer->msgh_seqno == 1,
	       "then the second, sequence number 1");
	tap_is_int(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0),
		   MACH_RCV_TIMED_OUT,
		   "receive with timeout 0 on an empty port");
	tap_is_int(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 30),
		   MACH_RCV_TIMED_OUT, "receive with a 30 ms timeout");
	tap_is_int(send_simple(0x12345, MACH_MSG_TYPE_COPY_SEND, 1, 0, 0, 0),
		   MACH_SEND_INVALID_DEST, "send to a name one does not hold");
	tap_is_int(
	    send_simple(MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, 1, 0, 0, 0),
	    MACH_SEND_INVALID_DEST, "send to MACH_PORT_NULL");
	tap_is_int(send_simple(port, MACH_MSG_TYPE_COPY_SEND, 1, 0, 0, 0),
		   MACH_SEND_INVALID_DEST,
		   "COPY_SEND of a right one does not hold");
	tap_is_int(send_simple(port, MACH_MSG_TYPE_MOVE_RECEIVE, 1, 0, 0, 0),
		   MACH_SEND_INVALID_HEADER, "a receive right as destination");
	tap_is_int(receive(0x4567, &buf, sizeof(buf), 0, 0),
		   MACH_RCV_INVALID_NAME,
		   "receive on a name one does not hold");
	tap_is_int(receive(mach_task_self(), &buf, sizeof(buf), 0, 0),
		   MACH_RCV_INVALID_NAME, "receive on a send right");
	tap_is_int(
	    mach_msg((mach_msg_header_t *)8, MACH_SEND_MSG, 64, 0, 0, 0, 0),
	    MACH_SEND_INVALID_DATA, "send from a bad address");
	tap_is_int(mach_msg(&buf.header, MACH_SEND_MSG, 10, 0, 0, 0, 0),
		   MACH_SEND_MSG_TOO_SMALL, "send of 10 bytes");
	tap_is_int(mach_msg(&buf.header, MACH_SEND_MSG, 1 << 20, 0, 0, 0, 0),
		   MACH_SEND_TOO_LARGE, "send of 1 MB inline");
	mach_port_destroy(mach_task_self(), port);
	mach_port_destroy(mach_task_self(), other);
}

static void
test_too_large(void)
{
	static struct rcv_buffer buf;
	mach_port_t port = mach_reply_port();
	mach_msg_size_t small = sizeof(mach_msg_header_t) + 8;

	send_simple(port, MACH_MSG_TYPE_MAKE_SEND, 7, 70, 0, 0);
	tap_is_int(receive(port, &buf, small, MACH_RCV_LARGE, 0),
		   MACH_RCV_TOO_LARGE,
		   "MACH_RCV_LARGE: too large for the buffer");
	tap_is_int(buf.header.msgh_size,
		   sizeof(struct simple_msg) + sizeof(mach_msg_trailer_t),
		   "MACH_RCV_LARGE reports the size needed");
	tap_ok(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0) ==
		       MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == 7,
	       "the message stayed queued and is received with room");
	send_simple(port, MACH_MSG_TYPE_MAKE_SEND, 8, 80, 0, 0);
	tap_is_int(receive(port, &buf, small, 0, 0), MACH_RCV_TOO_LARGE,
		   "without MACH_RCV_LARGE: too large");
	tap_is_int(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0),
		   MACH_RCV_TIMED_OUT, "and the message is gone");
	mach_port_destroy(mach_task_self(), port);
}

static void
test_queue_full(void)
{
	static struct rcv_buffer buf;
	mach_port_t port = mach_reply_port();
	int sent = 0;

	for (int i = 0; i < (int)MACH_PORT_QLIMIT_DEFAULT; i++)
		sent += send_simple(port, MACH_MSG_TYPE_MAKE_SEND, i, i,
				    MACH_SEND_TIMEOUT, 0) == MACH_MSG_SUCCESS;
	tap_is_int(sent, MACH_PORT_QLIMIT_DEFAULT, "fill the queue (limit %d)",
		   MACH_PORT_QLIMIT_DEFAULT);
	tap_is_int(send_simple(port, MACH_MSG_TYPE_MAKE_SEND, 99, 0,
			       MACH_SEND_TIMEOUT, 0),
		   MACH_SEND_TIMED_OUT, "a full queue with timeout 0");
	tap_is_int(send_simple(port, MACH_MSG_TYPE_MAKE_SEND, 99, 0,
			       MACH_SEND_TIMEOUT, 30),
		   MACH_SEND_TIMED_OUT, "a full queue with a 30 ms timeout");
	int order_ok = 1;
	for (int i = 0; i < (int)MACH_PORT_QLIMIT_DEFAULT; i++)
		order_ok &= receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT,
				    0) == MACH_MSG_SUCCESS &&
			    buf.header.msgh_id == i;
	tap_ok(order_ok, "the queued messages come out in order");
	tap_is_int(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0),
		   MACH_RCV_TIMED_OUT, "and nothing of the refused ones");
	mach_port_destroy(mach_task_self(), port);
}

/*
 * Sends a simple message to dest and receives from rcv in the same trap
 * (the benchmarks' message to oneself), into buf.
 */
static mach_msg_return_t
send_receive(mach_port_t dest, mach_msg_type_name_t disposition, int id,
	     mach_port_t rcv, struct rcv_buffer *buf, mach_msg_size_t size,
	     mach_msg_option_t extra)
{
	struct simple_msg *msg = (struct simple_msg *)buf;

	memset(buf, 0, sizeof(*buf));
	msg->header.msgh_bits = MACH_MSGH_BITS(disposition, 0);
	msg->header.msgh_size = sizeof(*msg);
	msg->header.msgh_remote_port = dest;
	msg->header.msgh_id = id;
	msg->data[0] = id;
	return mach_msg(&msg->header,
			MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_TIMEOUT |
			    MACH_RCV_TIMEOUT |
			    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO) |
			    extra,
			sizeof(*msg), size, rcv, 0, MACH_PORT_NULL);
}

/* The sequence number in the trailer of what buf received. */
static mach_port_seqno_t
received_seqno(struct rcv_buffer *buf)
{
	mach_msg_seqno_trailer_t *trailer =
	    (void *)((char *)buf + buf->header.msgh_size);
	return trailer->msgh_seqno;
}

/*
 * A send and a receive of the same port in one trap: the message sent
 * comes back only when it is the next one queued, and everything the
 * queue would have done (sequence numbers, limits, sets, a buffer too
 * small) happens as if it had been queued.
 */
static void
test_send_receive_self(void)
{
	static struct rcv_buffer buf;
	mach_port_t self = mach_task_self();
	mach_port_t port = mach_reply_port();
	mach_port_t other = mach_reply_port();
	mach_port_t set;

	mach_msg_return_t mr = send_receive(port, MACH_MSG_TYPE_MAKE_SEND, 1,
					    port, &buf, sizeof(buf), 0);
	tap_ok(
	    mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 1 &&
		((struct simple_msg *)&buf)->data[0] == 1 &&
		buf.header.msgh_local_port == port && received_seqno(&buf) == 0,
	    "send and receive: the message comes back, seqno 0 (mr %#x)", mr);
	send_simple(port, MACH_MSG_TYPE_MAKE_SEND, 2, 0, 0, 0);
	mr = send_receive(port, MACH_MSG_TYPE_MAKE_SEND, 3, port, &buf,
			  sizeof(buf), 0);
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 2 &&
		   received_seqno(&buf) == 1,
	       "with a message queued before it: that one, seqno 1");
	mr = receive(port, &buf, sizeof(buf),
		     MACH_RCV_TIMEOUT |
			 MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO),
		     0);
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 3 &&
		   received_seqno(&buf) == 2,
	       "then the one sent, seqno 2");

	mr = send_receive(port, MACH_MSG_TYPE_MAKE_SEND, 4, other, &buf,
			  sizeof(buf), 0);
	tap_is_int(mr, MACH_RCV_TIMED_OUT, "receive from another port");
	tap_ok(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0) ==
		       MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == 4,
	       "the message waited on its own port");

	mr = send_receive(port, MACH_MSG_TYPE_MAKE_SEND, 5, port, &buf,
			  sizeof(mach_msg_header_t), MACH_RCV_LARGE);
	tap_is_int(mr, MACH_RCV_TOO_LARGE, "MACH_RCV_LARGE, buffer too small");
	tap_ok(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0) ==
		       MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == 5,
	       "the message stayed queued");

	mach_port_set_qlimit(self, port, 0);
	mr = send_receive(port, MACH_MSG_TYPE_MAKE_SEND, 6, port, &buf,
			  sizeof(buf), 0);
	tap_is_int(mr, MACH_SEND_TIMED_OUT, "queue limit 0: no room");
	mr = send_receive(port, MACH_MSG_TYPE_MAKE_SEND_ONCE, 7, port, &buf,
			  sizeof(buf), 0);
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 7 &&
		   received_seqno(&buf) == 5,
	       "but a send-once right ignores the limit, seqno 5");
	mach_port_set_qlimit(self, port, MACH_PORT_QLIMIT_DEFAULT);

	mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set);
	mach_port_move_member(self, port, set);
	mr = send_receive(port, MACH_MSG_TYPE_MAKE_SEND, 8, port, &buf,
			  sizeof(buf), 0);
	tap_is_int(mr, MACH_RCV_IN_SET, "a port in a set: MACH_RCV_IN_SET");
	tap_ok(receive(set, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0) ==
		       MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == 8,
	       "the message is received from the set");
	mach_port_destroy(self, set);
	mach_port_destroy(self, port);
	mach_port_destroy(self, other);
}

/* An RPC server thread: adds one to data[0] and replies, n times. */
struct server_args {
	mach_port_t port;
	int count;
	struct rcv_buffer *buffer; /* where it receives; NULL: its own */
	volatile int served;
	volatile int receiving;	     /* about to receive */
	volatile mach_port_t thread; /* the server's own port */
};

static void
server_thread(void *arg)
{
	struct server_args *args = arg;
	static struct rcv_buffer own;
	struct rcv_buffer *buf = args->buffer != NULL ? args->buffer : &own;

	args->thread = mach_thread_self();
	for (int i = 0; i < args->count; i++) {
		args->receiving = 1;
		/* (Not receive(), which clears the buffer first: the buffer
		 * must stay untouched until the kernel writes it.) */
		if (mach_msg(&buf->header, MACH_RCV_MSG, 0, sizeof(*buf),
			     args->port, 0, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			return;
		struct simple_msg *msg = (struct simple_msg *)buf;
		msg->header.msgh_bits = MACH_MSGH_BITS(
		    MACH_MSGH_BITS_REMOTE(msg->header.msgh_bits), 0);
		msg->header.msgh_local_port = MACH_PORT_NULL;
		msg->header.msgh_id += 100;
		msg->data[0]++;
		if (mach_msg(&msg->header, MACH_SEND_MSG, sizeof(*msg), 0, 0, 0,
			     0) == MACH_MSG_SUCCESS)
			args->served++;
	}
}

static unsigned long
fastpath_count(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_ipc_fastpath;
}

/* Messages of mach_msg's hot path (ipc/ipc_fastpath.c). */
static unsigned long
hotpath_msg_count(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_ipc_hotpath_msg;
}

/* Waits until the server thread has ended (its name a dead name). */
static void
server_wait_end(struct server_args *args)
{
	mach_port_type_t type = 0;

	for (int i = 0; i < 1000 && type != MACH_PORT_TYPE_DEAD_NAME; i++) {
		swtch_pri(0);
		mach_port_type(mach_task_self(), args->thread, &type);
	}
	mach_port_deallocate(mach_task_self(), args->thread);
}

/* Whether the kernel runs with its IPC fast path (argument "slowpath":
 * booted with fastpath=off), and hands the processor directly from
 * sender to receiver (argument "nohandoff": booted with handoff=off). */
static int fastpath_expected = 1;
static int handoff_expected = 1;
/* And whether mach_msg's hot path runs: not with the fast path or
 * handoff off, nor with argument "nohotpath" (booted with hotpath=off,
 * or another lesson it needs off). */
static int hotpath_expected = 1;

static unsigned long
handoff_count(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_sched_handoffs;
}

static void
test_rpc(void)
{
	static struct server_args args;
	union {
		struct simple_msg msg;
		struct rcv_buffer room; /* the reply and its trailer */
	} u;
	enum { ROUNDS = 200 };

	args.port = mach_reply_port();
	args.count = ROUNDS;
	mach_port_t reply = mach_reply_port();
	tap_ok(thread_spawn(server_thread, &args, malloc(STACK_SIZE),
			    STACK_SIZE) > 0,
	       "server thread started");
	int good = 0;
	unsigned long fast_before = fastpath_count();
	unsigned long handoffs_before = handoff_count();
	for (int i = 0; i < ROUNDS; i++) {
		struct simple_msg *msg = &u.msg;
		memset(msg, 0, sizeof(*msg));
		msg->header.msgh_bits = MACH_MSGH_BITS(
		    MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		msg->header.msgh_remote_port = args.port;
		msg->header.msgh_local_port = reply;
		msg->header.msgh_id = 500;
		msg->data[0] = i;
		mach_msg_return_t mr =
		    mach_msg(&msg->header, MACH_SEND_MSG | MACH_RCV_MSG,
			     sizeof(*msg), sizeof(u), reply, 0, 0);
		good += mr == MACH_MSG_SUCCESS && msg->header.msgh_id == 600 &&
			msg->data[0] == i + 1 &&
			msg->header.msgh_local_port == reply;
	}
	tap_is_int(good, ROUNDS, "%d RPCs to another thread answered", ROUNDS);
	tap_is_int(args.served, ROUNDS, "the server replied to each");
	unsigned long fast = fastpath_count() - fast_before;
	if (fastpath_expected)
		/* Nearly all: a timer tick may preempt the server before it
		 * waits, and then a request takes the general path. */
		tap_ok(fast >= ROUNDS * 9 / 10,
		       "the requests took the fast path (%lu of %d)", fast,
		       ROUNDS);
	else
		tap_is_int(fast, 0, "no message took the fast path");
	unsigned long handoffs = handoff_count() - handoffs_before;
	if (handoff_expected)
		/* Both messages of nearly every RPC. */
		tap_ok(handoffs >= ROUNDS * 9 / 10,
		       "they handed the processor over directly (%lu times)",
		       handoffs);
	else
		tap_is_int(handoffs, 0,
			   "no direct handoff: the run queues chose");
	mach_port_destroy(mach_task_self(), args.port);
	mach_port_destroy(mach_task_self(), reply);
	/* The server ends after its last reply: wait for it, so that the
	 * counts find it gone. */
	server_wait_end(&args);
}

/*
 * A server as the UNIX server is one: it receives on a port set, and
 * sends each reply in the trap that receives the next request.  The fast
 * path takes both the request (to a receiver waiting on the port's set)
 * and the reply (after which the server waits on its set again); the
 * set's references come back (counts_run).
 */
static void
set_server_thread(void *arg)
{
	struct server_args *args = arg;
	static struct rcv_buffer buf;
	mach_port_t set = args->port;
	mach_msg_option_t option = MACH_RCV_MSG;

	args->thread = mach_thread_self();
	for (int i = 0; i <= args->count; i++) {
		if (i == args->count)
			option = MACH_SEND_MSG; /* the last reply alone */
		mach_msg_return_t mr = mach_msg(
		    &buf.header, option,
		    option & MACH_SEND_MSG ? sizeof(struct simple_msg) : 0,
		    sizeof(buf), set, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			return;
		if (i == args->count)
			break;
		struct simple_msg *msg = (struct simple_msg *)&buf;
		msg->header.msgh_bits = MACH_MSGH_BITS(
		    MACH_MSGH_BITS_REMOTE(msg->header.msgh_bits), 0);
		msg->header.msgh_local_port = MACH_PORT_NULL;
		msg->header.msgh_id += 100;
		msg->data[0]++;
		args->served++;
		option = MACH_SEND_MSG | MACH_RCV_MSG;
	}
}

static void
test_rpc_port_set(void)
{
	static struct server_args args;
	union {
		struct simple_msg msg;
		struct rcv_buffer room;
	} u;
	enum { ROUNDS = 200 };
	mach_port_t set, port = mach_reply_port(), other = mach_reply_port();
	mach_port_t reply = mach_reply_port();

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set);
	/* Requests to port go by a copied send right (the UNIX server's
	 * calls; mach_msg's hot path takes them), to other by a made one. */
	mach_port_insert_right(mach_task_self(), port, port,
			       MACH_MSG_TYPE_MAKE_SEND);
	mach_port_move_member(mach_task_self(), port, set);
	mach_port_move_member(mach_task_self(), other, set);
	memset(&args, 0, sizeof(args));
	args.port = set;
	args.count = ROUNDS;
	tap_ok(thread_spawn(set_server_thread, &args, malloc(STACK_SIZE),
			    STACK_SIZE) > 0,
	       "a server thread on a port set");
	int good = 0;
	unsigned long fast_before = fastpath_count();
	unsigned long hot_before = hotpath_msg_count();
	for (int i = 0; i < ROUNDS; i++) {
		struct simple_msg *msg = &u.msg;
		memset(msg, 0, sizeof(*msg));
		msg->header.msgh_bits = MACH_MSGH_BITS(
		    i % 2 ? MACH_MSG_TYPE_COPY_SEND : MACH_MSG_TYPE_MAKE_SEND,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		msg->header.msgh_remote_port = i % 2 ? port : other;
		msg->header.msgh_local_port = reply;
		msg->header.msgh_id = 500;
		msg->data[0] = i;
		mach_msg_return_t mr =
		    mach_msg(&msg->header, MACH_SEND_MSG | MACH_RCV_MSG,
			     sizeof(*msg), sizeof(u), reply, 0, 0);
		good += mr == MACH_MSG_SUCCESS && msg->header.msgh_id == 600 &&
			msg->data[0] == i + 1;
	}
	tap_is_int(good, ROUNDS, "%d RPCs to two members of the set answered",
		   ROUNDS);
	unsigned long fast = fastpath_count() - fast_before;
	if (fastpath_expected)
		/* requests and replies, nearly all (a timer tick may preempt
		 * the server before it waits) */
		tap_ok(fast >= 2 * ROUNDS * 9 / 10,
		       "requests and replies took the fast path (%lu of %d)",
		       fast, 2 * ROUNDS);
	else
		tap_is_int(fast, 0, "no message took the fast path");
	/* mach_msg's hot path: the replies and the requests by a copied
	 * send right, nearly all; none with it off. */
	unsigned long hot = hotpath_msg_count() - hot_before;
	if (hotpath_expected)
		tap_ok(hot >= (ROUNDS + ROUNDS / 2) * 9 / 10,
		       "replies and copied-right requests took mach_msg's hot "
		       "path (%lu of %d)",
		       hot, ROUNDS + ROUNDS / 2);
	else
		tap_is_int(hot, 0, "no message took mach_msg's hot path");
	server_wait_end(&args);
	mach_port_destroy(mach_task_self(), set);
	mach_port_destroy(mach_task_self(), port);
	mach_port_destroy(mach_task_self(), other);
	mach_port_destroy(mach_task_self(), reply);
}

/*
 * A server whose receive buffer is not mapped yet (fresh memory, never
 * touched): the fast path, which copies out after its point of no
 * return, leaves the request to the general path, which faults the
 * page in.  The request and its reply arrive all the same.
 */
static void
test_rpc_unmapped_buffer(void)
{
	static struct server_args args;
	vm_address_t page = 0;
	union {
		struct simple_msg msg;
		struct rcv_buffer room;
	} u;

	vm_allocate(mach_task_self(), &page, sizeof(struct rcv_buffer), TRUE);
	args.port = mach_reply_port();
	args.count = 1;
	args.buffer = (struct rcv_buffer *)page;
	mach_port_t reply = mach_reply_port();
	thread_spawn(server_thread, &args, malloc(STACK_SIZE), STACK_SIZE);
	for (int i = 0; i < 100 && !args.receiving; i++)
		swtch_pri(0);
	swtch_pri(0); /* into its receive */
	unsigned long fast_before = fastpath_count();
	memset(&u.msg, 0, sizeof(u.msg));
	u.msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
						MACH_MSG_TYPE_MAKE_SEND_ONCE);
	u.msg.header.msgh_remote_port = args.port;
	u.msg.header.msgh_local_port = reply;
	u.msg.header.msgh_id = 500;
	u.msg.data[0] = 41;
	mach_msg_return_t mr =
	    mach_msg(&u.msg.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(u.msg),
		     sizeof(u), reply, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS && u.msg.header.msgh_id == 600 &&
		   u.msg.data[0] == 42,
	       "an RPC to a server receiving into unmapped memory (%#x)", mr);
	tap_is_int(fastpath_count() - fast_before, 0,
		   "its request took the general path");
	mach_port_destroy(mach_task_self(), args.port);
	mach_port_destroy(mach_task_self(), reply);
	server_wait_end(&args);
	vm_deallocate(mach_task_self(), page, sizeof(struct rcv_buffer));
}

/*
 * A client whose request went by the fast path waits for the reply with
 * nothing on its kernel stack; the other ways that wait can end: a reply
 * the fast path does not take, thread_abort, and the death of the reply
 * port.  The helper thread receives the request and then does what the
 * test asks, looking at the waiting client first.
 */
enum fast_wait_end { END_BIG_REPLY, END_ABORT, END_PORT_DEATH };

struct fast_wait_args {
	mach_port_t port;	    /* the helper receives requests here */
	thread_t client;	    /* the waiting thread */
	enum fast_wait_end end;	    /* what the helper does */
	struct simple_msg *request; /* the client's buffer */
	int state_ok;		    /* the client's registers are its trap's */
};

static void
fast_wait_helper(void *arg)
{
	struct fast_wait_args *args = arg;
	static struct rcv_buffer buf;
	struct x86_64_thread_state state;
	mach_msg_type_number_t count = THREAD_STATE_X86_64_COUNT;

	if (receive(args->port, &buf, sizeof(buf), 0, 0) != MACH_MSG_SUCCESS)
		return;
	args->state_ok =
	    thread_get_state(args->client, THREAD_STATE_X86_64,
			     (thread_state_t)&state, &count) == KERN_SUCCESS &&
	    state.rax == MACH_TRAP_MSG &&
	    state.rdi == (uint64_t)(uintptr_t)args->request;
	mach_port_t reply = buf.header.msgh_remote_port;
	switch (args->end) {
	case END_BIG_REPLY:
		buf.header.msgh_bits = MACH_MSGH_BITS(
		    MACH_MSGH_BITS_REMOTE(buf.header.msgh_bits), 0);
		buf.header.msgh_size = sizeof(buf.header) + 1000;
		buf.header.msgh_local_port = MACH_PORT_NULL;
		buf.header.msgh_id = 777;
		memset(buf.body, 0x5a, 1000);
		mach_msg(&buf.header, MACH_SEND_MSG, buf.header.msgh_size, 0, 0,
			 0, 0);
		break;
	case END_ABORT:
		thread_abort(args->client);
		mach_port_deallocate(mach_task_self(), reply);
		break;
	case END_PORT_DEATH:
		mach_port_destroy(mach_task_self(),
				  args->request->header.msgh_local_port);
		mach_port_deallocate(mach_task_self(), reply);
		break;
	}
}

static void
test_fast_wait_ends(void)
{
	static struct fast_wait_args args;
	static union {
		struct simple_msg msg;
		struct rcv_buffer room;
	} u;
	static const char *const what[] = {
	    [END_BIG_REPLY] = "a reply too big for the fast path",
	    [END_ABORT] = "thread_abort",
	    [END_PORT_DEATH] = "the reply port's death",
	};
	static const mach_msg_return_t expected[] = {
	    [END_BIG_REPLY] = MACH_MSG_SUCCESS,
	    [END_ABORT] = MACH_RCV_INTERRUPTED,
	    [END_PORT_DEATH] = MACH_RCV_PORT_DIED,
	};

	args.port = mach_reply_port();
	args.client = mach_thread_self();
	args.request = &u.msg;
	for (int end = END_BIG_REPLY; end <= END_PORT_DEATH; end++) {
		mach_port_t reply = mach_reply_port();
		args.end = end;
		args.state_ok = 0;
		if (thread_spawn(fast_wait_helper, &args, malloc(STACK_SIZE),
				 STACK_SIZE) <= 0) {
			tap_bail("cannot start a thread");
			return;
		}
		swtch_pri(0); /* the helper runs until it waits */
		unsigned long fast_before = fastpath_count();
		memset(&u, 0, sizeof(u));
		u.msg.header.msgh_bits = MACH_MSGH_BITS(
		    MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		u.msg.header.msgh_remote_port = args.port;
		u.msg.header.msgh_local_port = reply;
		mach_msg_return_t mr =
		    mach_msg(&u.msg.header, MACH_SEND_MSG | MACH_RCV_MSG,
			     sizeof(u.msg), sizeof(u), reply, 0, 0);
		unsigned long fast = fastpath_count() - fast_before;
		tap_is_int(mr, expected[end], "a fast wait ended by %s",
			   what[end]);
		tap_is_int(fast, fastpath_expected,
			   "(the request was fast: %lu)", fast);
		if (end == END_BIG_REPLY)
			tap_ok(u.msg.header.msgh_id == 777 &&
				   u.msg.header.msgh_size ==
				       sizeof(mach_msg_header_t) + 1000 &&
				   (unsigned char)u.room.body[999] == 0x5a,
			       "and the reply arrived whole");
		tap_ok(args.state_ok,
		       "thread_get_state of the waiting client: its trap");
		if (end != END_PORT_DEATH)
			mach_port_destroy(mach_task_self(), reply);
	}
	mach_port_destroy(mach_task_self(), args.port);
}

/* A message that carries a port right and out-of-line memory. */
struct complex_msg {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	mach_msg_ool_descriptor_t ool;
	mach_msg_ool_ports_descriptor_t ool_ports;
	int inline_data;
};

static void
test_descriptors(void)
{
	static struct rcv_buffer buf;
	static char data[3 * 4096 + 100];
	struct complex_msg msg;
	mach_port_t port = mach_reply_port();
	mach_port_t carried = mach_reply_port();
	mach_port_t names[3] = {mach_reply_port(), mach_reply_port(),
				MACH_PORT_NULL};

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_remote_port = port;
	msg.header.msgh_id = 42;
	msg.body.msgh_descriptor_count = 3;
	msg.port.name = carried;
	msg.port.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	msg.port.type = MACH_MSG_PORT_DESCRIPTOR;
	msg.ool.address = data;
	msg.ool.size = sizeof(data);
	msg.ool.copy = MACH_MSG_PHYSICAL_COPY;
	msg.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	msg.ool_ports.address = names;
	msg.ool_ports.count = 3;
	msg.ool_ports.disposition = MACH_MSG_TYPE_MAKE_SEND;
	msg.ool_ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	msg.inline_data = 0x5a5a;
	tap_is_int(
	    mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0),
	    MACH_MSG_SUCCESS, "send a receive right, OOL memory and ports");
	tap_is_int(send_simple(carried, MACH_MSG_TYPE_MAKE_SEND, 1, 0, 0, 0),
		   MACH_SEND_INVALID_DEST, "the moved receive right is gone");

	mach_msg_return_t mr = receive(port, &buf, sizeof(buf), 0, 0);
	struct complex_msg *got = (struct complex_msg *)&buf;
	tap_ok(mr == MACH_MSG_SUCCESS &&
		   (got->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
		   got->body.msgh_descriptor_count == 3 &&
		   got->inline_data == 0x5a5a,
	       "receive the complex message (mr %#x)", mr);
	mach_port_t moved = got->port.name;
	tap_ok(MACH_PORT_VALID(moved) &&
		   got->port.disposition == MACH_MSG_TYPE_PORT_RECEIVE,
	       "a receive right arrives under a new name");
	tap_ok(got->ool.address != NULL && got->ool.address != data &&
		   got->ool.size == sizeof(data) &&
		   memcmp(got->ool.address, data, sizeof(data)) == 0,
	       "OOL memory arrives intact at a new address");
	mach_port_t *got_names = got->ool_ports.address;
	tap_ok(got->ool_ports.count == 3 && got_names != NULL &&
		   got_names[0] == names[0] && got_names[1] == names[1] &&
		   got_names[2] == MACH_PORT_NULL &&
		   got->ool_ports.disposition == MACH_MSG_TYPE_PORT_SEND,
	       "OOL send rights arrive under the names of their ports");
	tap_is_int(send_simple(moved, MACH_MSG_TYPE_MAKE_SEND, 77, 0, 0, 0),
		   MACH_MSG_SUCCESS, "send through the moved receive right");
	tap_ok(receive(moved, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0) ==
		       MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == 77,
	       "and receive from it");

	/* Bad descriptors: nothing is taken. */
	msg.port.name = 0x777;
	tap_is_int(
	    mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0),
	    MACH_SEND_INVALID_RIGHT, "a descriptor naming no right");
	msg.port.name = names[0];
	msg.ool.address = (void *)0x7000000000;
	tap_is_int(
	    mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0),
	    MACH_SEND_INVALID_MEMORY, "OOL memory at a bad address");
	msg.ool.address = data;
	msg.port.type = 9;
	tap_is_int(
	    mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0),
	    MACH_SEND_INVALID_TYPE, "a descriptor of unknown type");
	tap_is_int(receive(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 0),
		   MACH_RCV_TIMED_OUT, "no refused message was queued");
	mach_port_destroy(mach_task_self(), port);
	mach_port_destroy(mach_task_self(), moved);
	mach_port_destroy(mach_task_self(), names[0]);
	mach_port_destroy(mach_task_self(), names[1]);
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "slowpath") == 0)
			fastpath_expected = 0;
		else if (strcmp(argv[i], "nohandoff") == 0)
			handoff_expected = 0;
		else if (strcmp(argv[i], "nohotpath") == 0)
			hotpath_expected = 0;
	}
	hotpath_expected &= fastpath_expected & handoff_expected;
	tap_plan(64 + 3 + 1 + 11 + 1 + 1);
	counts_run(test_self, "self");
	counts_run(test_send_receive_self, "send and receive oneself");
	counts_run(test_too_large, "too large");
	counts_run(test_queue_full, "queue full");
	counts_run(test_rpc, "rpc");
	counts_run(test_rpc_port_set, "rpc to a port set");
	counts_run(test_rpc_unmapped_buffer, "rpc into unmapped memory");
	counts_run(test_fast_wait_ends, "fast wait ends");
	counts_run(test_descriptors, "descriptors");
	return tap_done();
}
