/*
 * The register message trap (<mach/msg_regs.h>, docs/ipc.md "The
 * register path"): what it carries and how, RPCs between threads in
 * it (the fast path's two doors, when the kernel runs with it), mixing
 * with mach_msg both ways, rights (send-once replies, dead ports,
 * wrong rights), port sets, timeouts, the errors of bad messages and
 * names, and libmach's mach_msg_regs falling back to mach_msg.
 *
 * Arguments: "slowpath", the kernel runs with fastpath=off; "nohandoff",
 * with handoff=off, "nolightentry", with lightentry=off, and
 * "noreplycache", with replycache=off, and "nohotpath", with
 * hotpath=off (the same tests; t_regs checks through the kernel's
 * counters that no message left by the light exit, or no reply went
 * through the reply cache, or none took the hot path, which every one
 * of these switches turns off); "noregipc", with
 * regipc=off: then
 * only that the trap is refused and that libmach's mach_msg_regs and
 * the IDL stubs turn to mach_msg (test_refused and the tests of both).
 */
#include "lib/fork.h"
#include "lib/tap.h"
#include <mach/exc_server.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_regs.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <stdlib.h>
#include <string.h>

static int fastpath_expected = 1;
static int light_expected = 1; /* the fast path's light exit */

static unsigned long
regs_fastpath_count(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_ipc_fastpath_regs;
}

static int cache_expected = 1;	 /* fast replies through the reply cache */
static int hotpath_expected = 1; /* the register hot path */

static unsigned long
regs_hotpath_count(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_ipc_hotpath;
}

static unsigned long
regs_cached_count(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_ipc_reply_cached;
}

static unsigned long
regs_light_count(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_ipc_fastpath_light;
}

/* A register message of size bytes to dest with disposition, id, and
 * data words value, value + 1, ... */
/*
 * One test: with a path on (expected), nearly all of total messages took
 * it (a timer tick may catch a side before it waits; an RPC's first
 * messages reserve the reply cache's entry), else none did.
 */
static void
took_path(int expected, unsigned long count, unsigned long total,
	  const char *path)
{
	if (expected)
		tap_ok(count >= total * 9 / 10, "they took the %s (%lu of %lu)",
		       path, count, total);
	else
		tap_is_int(count, 0, "no message took the %s", path);
}

static void
regs_message(struct mach_msg_regs *m, mach_port_t dest,
	     mach_msg_type_name_t disposition, mach_msg_id_t id,
	     mach_msg_size_t size, uint64_t value)
{
	memset(m, 0, sizeof(*m));
	m->mr_option = MACH_SEND_MSG;
	m->mr_bits = MACH_MSGH_BITS(disposition, 0);
	m->mr_size = size;
	m->mr_remote = dest;
	m->mr_id = id;
	for (int i = 0; i < MACH_MSG_REGS_WORDS; i++)
		m->mr_data[i] = value + i;
}

static mach_msg_return_t
regs_send(mach_port_t dest, mach_msg_type_name_t disposition, mach_msg_id_t id,
	  mach_msg_size_t size, uint64_t value)
{
	struct mach_msg_regs m;
	regs_message(&m, dest, disposition, id, size, value);
	return mach_msg_regs_trap(&m);
}

static mach_msg_return_t
regs_receive(mach_port_t port, struct mach_msg_regs *m, mach_msg_option_t extra,
	     mach_msg_timeout_t timeout)
{
	memset(m, 0, sizeof(*m));
	m->mr_option = MACH_RCV_MSG | extra;
	m->mr_timeout = timeout;
	m->mr_rcv_name = port;
	return mach_msg_regs_trap(m);
}

struct buffer {
	mach_msg_header_t header;
	char body[512];
};

static mach_msg_return_t
msg_receive(mach_port_t port, struct buffer *buf, mach_msg_option_t extra)
{
	memset(buf, 0, sizeof(*buf));
	return mach_msg(&buf->header, MACH_RCV_MSG | MACH_RCV_TIMEOUT | extra,
			0, sizeof(*buf), port, 0, MACH_PORT_NULL);
}

/* What a message in registers carries: header, data, sequence number. */
static void
test_carry(void)
{
	mach_port_t port = mach_reply_port();
	struct mach_msg_regs m;

	tap_is_int(regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 4100,
			     MACH_MSG_REGS_SIZE_MAX, 1000),
		   MACH_MSG_SUCCESS, "a full register message to oneself");
	tap_is_int(regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 4101,
			     sizeof(mach_msg_header_t) + 12, 2000),
		   MACH_MSG_SUCCESS, "a message of 12 bytes of data");
	tap_is_int(regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 4102,
			     sizeof(mach_msg_header_t), 3000),
		   MACH_MSG_SUCCESS, "a bare header");
	mach_msg_return_t mr = regs_receive(port, &m, 0, 0);
	int data_ok = 1;
	for (int i = 0; i < MACH_MSG_REGS_WORDS; i++)
		data_ok &= m.mr_data[i] == 1000u + i;
	tap_ok(mr == MACH_MSG_SUCCESS && m.mr_id == 4100 &&
		   m.mr_size == MACH_MSG_REGS_SIZE_MAX && data_ok,
	       "received: id, size and all seven words (mr %#x)", mr);
	tap_ok(m.mr_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND) &&
		   m.mr_local == port && m.mr_remote == MACH_PORT_NULL &&
		   m.mr_seqno == 0 && m.mr_rcv_name == 0,
	       "received: bits, local port, no reply port, seqno 0");
	mr = regs_receive(port, &m, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS && m.mr_id == 4101 &&
		   m.mr_data[0] == 2000 && m.mr_data[1] == (uint32_t)2001 &&
		   m.mr_data[2] == 0 && m.mr_data[6] == 0 && m.mr_seqno == 1,
	       "12 bytes: a word and a half arrive, the rest is zero");
	mr = regs_receive(port, &m, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS && m.mr_id == 4102 &&
		   m.mr_size == sizeof(mach_msg_header_t) &&
		   m.mr_data[0] == 0 && m.mr_seqno == 2,
	       "a bare header: no data");
	/* A word's high half past the size never leaves the sender. */
	struct mach_msg_regs s;
	regs_message(&s, port, MACH_MSG_TYPE_MAKE_SEND, 4103,
		     sizeof(mach_msg_header_t) + 4, 0);
	s.mr_data[0] = 0x1122334455667788ull;
	mach_msg_regs_trap(&s);
	mr = regs_receive(port, &m, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS && m.mr_data[0] == 0x55667788ull,
	       "4 bytes of data: the high half of the word is not sent");
	mach_port_destroy(mach_task_self(), port);
}

/* Sent one way, received the other. */
static void
test_mixing(void)
{
	mach_port_t port = mach_reply_port();
	static struct buffer buf;
	struct mach_msg_regs m;

	regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 4200,
		  sizeof(mach_msg_header_t) + 16, 7);
	mach_msg_return_t mr = msg_receive(
	    port, &buf, MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT));
	uint64_t *words = (uint64_t *)buf.body;
	mach_msg_audit_trailer_t *trailer =
	    (void *)((char *)&buf + buf.header.msgh_size);
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 4200 &&
		   buf.header.msgh_size == sizeof(mach_msg_header_t) + 16 &&
		   words[0] == 7 && words[1] == 8 &&
		   buf.header.msgh_local_port == port,
	       "a register message received by mach_msg: in the buffer");
	tap_ok(trailer->msgh_trailer_size == sizeof(*trailer) &&
		   trailer->msgh_seqno == 0 &&
		   trailer->msgh_sender.val[0] != 0 &&
		   trailer->msgh_audit.val[5] == trailer->msgh_sender.val[0],
	       "with its trailer");
	uint32_t me = trailer->msgh_sender.val[0];

	/* mach_msg's message into registers. */
	struct {
		mach_msg_header_t header;
		uint64_t data[2];
	} small = {{MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), sizeof(small),
		    port, MACH_PORT_NULL, 0, 4201},
		   {11, 12}};
	mach_msg(&small.header, MACH_SEND_MSG, sizeof(small), 0, 0, 0, 0);
	mr = regs_receive(port, &m, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS && m.mr_id == 4201 &&
		   m.mr_size == sizeof(small) && m.mr_data[0] == 11 &&
		   m.mr_data[1] == 12 && m.mr_data[2] == 0 && m.mr_seqno == 1 &&
		   m.mr_sender == me,
	       "a mach_msg message received in registers");

	/* Too large for registers: it waits for mach_msg. */
	struct {
		mach_msg_header_t header;
		char data[100];
	} big;
	memset(&big, 0x5a, sizeof(big));
	big.header =
	    (mach_msg_header_t){MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
				sizeof(big),
				port,
				MACH_PORT_NULL,
				0,
				4202};
	mach_msg(&big.header, MACH_SEND_MSG, sizeof(big), 0, 0, 0, 0);
	mr = regs_receive(port, &m, 0, 0);
	tap_ok(mr == MACH_RCV_TOO_LARGE &&
		   m.mr_size == sizeof(big) + sizeof(mach_msg_trailer_t),
	       "a message larger than registers: MACH_RCV_TOO_LARGE and "
	       "the size (mr %#x size %u)",
	       mr, m.mr_size);
	mr = msg_receive(port, &buf, 0);
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 4202 &&
		   buf.header.msgh_size == sizeof(big) &&
		   (unsigned char)buf.body[99] == 0x5a,
	       "it stayed queued: mach_msg receives it");

	/* A complex message (a right in a descriptor) is not carried. */
	mach_port_t carried = mach_reply_port();
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t right;
	} complex;
	memset(&complex, 0, sizeof(complex));
	complex.header.msgh_bits =
	    MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	complex.header.msgh_size = sizeof(complex);
	complex.header.msgh_remote_port = port;
	complex.header.msgh_id = 4203;
	complex.body.msgh_descriptor_count = 1;
	complex.right.name = carried;
	complex.right.disposition = MACH_MSG_TYPE_MAKE_SEND;
	complex.right.type = MACH_MSG_PORT_DESCRIPTOR;
	tap_is_int(mach_msg(&complex.header, MACH_SEND_MSG, sizeof(complex), 0,
			    0, 0, 0),
		   MACH_MSG_SUCCESS, "a message with a port right sent");
	mr = regs_receive(port, &m, 0, 0);
	tap_is_int(mr, MACH_RCV_TOO_LARGE,
		   "a complex message is not received in registers");
	mr = msg_receive(port, &buf, 0);
	mach_msg_port_descriptor_t *got =
	    (void *)(buf.body + sizeof(mach_msg_body_t));
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 4203 &&
		   got->name == carried,
	       "mach_msg receives it with its right");
	mach_port_deallocate(mach_task_self(), carried);
	mach_port_destroy(mach_task_self(), carried);
	mach_port_destroy(mach_task_self(), port);
}

/* Errors: the trap's own, and mach_msg's for names and rights. */
static void
test_errors(void)
{
	mach_port_t port = mach_reply_port();
	struct mach_msg_regs m;

	tap_is_int(regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 1,
			     MACH_MSG_REGS_SIZE_MAX + 4, 0),
		   MACH_SEND_TOO_LARGE, "more than registers hold");
	tap_is_int(regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 1,
			     sizeof(mach_msg_header_t) - 4, 0),
		   MACH_SEND_MSG_TOO_SMALL, "less than a header");
	tap_is_int(regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 1,
			     sizeof(mach_msg_header_t) + 2, 0),
		   MACH_SEND_MSG_TOO_SMALL, "a size not a multiple of 4");
	regs_message(&m, port, MACH_MSG_TYPE_MAKE_SEND, 1,
		     sizeof(mach_msg_header_t), 0);
	m.mr_bits |= MACH_MSGH_BITS_COMPLEX;
	tap_is_int(mach_msg_regs_trap(&m), MACH_SEND_INVALID_HEADER,
		   "the complex bit: registers carry no descriptors");
	tap_is_int(regs_send(0x12345678, MACH_MSG_TYPE_COPY_SEND, 1,
			     sizeof(mach_msg_header_t), 0),
		   MACH_SEND_INVALID_DEST, "a bad destination name");
	tap_is_int(regs_send(port, MACH_MSG_TYPE_COPY_SEND, 1,
			     sizeof(mach_msg_header_t), 0),
		   MACH_SEND_INVALID_DEST,
		   "COPY_SEND of a name with no send right");
	tap_is_int(regs_send(port, MACH_MSG_TYPE_MOVE_SEND_ONCE, 1,
			     sizeof(mach_msg_header_t), 0),
		   MACH_SEND_INVALID_DEST,
		   "MOVE_SEND_ONCE of a name with no send-once right");
	regs_message(&m, port, MACH_MSG_TYPE_MAKE_SEND, 1,
		     sizeof(mach_msg_header_t), 0);
	m.mr_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND);
	m.mr_local = 0x7777;
	tap_is_int(mach_msg_regs_trap(&m), MACH_SEND_INVALID_REPLY,
		   "a bad reply name");
	tap_is_int(regs_receive(0x12345678, &m, 0, 0), MACH_RCV_INVALID_NAME,
		   "receive from a bad name");
	tap_is_int(regs_receive(port, &m, MACH_RCV_TIMEOUT, 0),
		   MACH_RCV_TIMED_OUT, "nothing was queued by the failures");

	/* A dead port: its send right is a dead name. */
	mach_port_t dead = mach_reply_port();
	mach_port_insert_right(mach_task_self(), dead, dead,
			       MACH_MSG_TYPE_MAKE_SEND);
	mach_port_mod_refs(mach_task_self(), dead, MACH_PORT_RIGHT_RECEIVE, -1);
	tap_is_int(regs_send(dead, MACH_MSG_TYPE_COPY_SEND, 1,
			     sizeof(mach_msg_header_t), 0),
		   MACH_SEND_INVALID_DEST, "a send right to a dead port");
	mach_port_deallocate(mach_task_self(), dead);
	mach_port_destroy(mach_task_self(), port);
}

/* Timeouts, queue limits and port sets. */
static void
test_timeouts_and_sets(void)
{
	mach_port_t port = mach_reply_port();
	struct mach_msg_regs m;

	tap_is_int(regs_receive(port, &m, MACH_RCV_TIMEOUT, 20),
		   MACH_RCV_TIMED_OUT, "a receive times out after 20 ms");
	int sent = 0;
	for (int i = 0; i < (int)MACH_PORT_QLIMIT_DEFAULT; i++)
		sent +=
		    regs_send(port, MACH_MSG_TYPE_MAKE_SEND, i,
			      sizeof(mach_msg_header_t), 0) == MACH_MSG_SUCCESS;
	tap_is_int(sent, MACH_PORT_QLIMIT_DEFAULT, "the queue filled");
	regs_message(&m, port, MACH_MSG_TYPE_MAKE_SEND, 99,
		     sizeof(mach_msg_header_t), 0);
	m.mr_option |= MACH_SEND_TIMEOUT;
	m.mr_timeout = 20;
	tap_is_int(mach_msg_regs_trap(&m), MACH_SEND_TIMED_OUT,
		   "a send to a full queue times out");
	int order_ok = 1;
	for (int i = 0; i < (int)MACH_PORT_QLIMIT_DEFAULT; i++)
		order_ok &= regs_receive(port, &m, MACH_RCV_TIMEOUT, 0) ==
				MACH_MSG_SUCCESS &&
			    m.mr_id == i;
	tap_ok(order_ok, "the queued messages come out in order");

	mach_port_t set;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set);
	mach_port_t other = mach_reply_port();
	mach_port_move_member(mach_task_self(), port, set);
	mach_port_move_member(mach_task_self(), other, set);
	regs_send(other, MACH_MSG_TYPE_MAKE_SEND, 4300,
		  sizeof(mach_msg_header_t) + 8, 42);
	tap_ok(regs_receive(set, &m, MACH_RCV_TIMEOUT, 0) == MACH_MSG_SUCCESS &&
		   m.mr_id == 4300 && m.mr_local == other && m.mr_data[0] == 42,
	       "a receive from a port set: the member's message");
	tap_is_int(regs_receive(port, &m, MACH_RCV_TIMEOUT, 0), MACH_RCV_IN_SET,
		   "a member is not received from alone");
	mach_port_destroy(mach_task_self(), set);
	mach_port_destroy(mach_task_self(), other);
	mach_port_destroy(mach_task_self(), port);
}

/* An RPC server in the register trap: answers with id + 100, data[0]
 * + 1, until a request with id 0; then ends with the number served. */
/* Puts fill in the data bytes of m past its size (a half word's high
 * half included). */
static void
regs_fill_past_size(struct mach_msg_regs *m, uint64_t fill)
{
	uint32_t body = m->mr_size - MACH_MSG_REGS_HEADER;

	for (uint32_t i = 0; i < MACH_MSG_REGS_WORDS; i++) {
		if (body >= (i + 1) * 8)
			continue;
		if (body > i * 8)
			m->mr_data[i] =
			    (uint32_t)m->mr_data[i] | (fill & ~0xffffffffull);
		else
			m->mr_data[i] = fill;
	}
}

struct server {
	mach_port_t port;
	int use_mach_msg; /* receive and reply with mach_msg instead */
	int twice;	  /* reply twice through each reply right */
	int second_reply; /* the second reply's result */
};

static void *
server_main(void *arg)
{
	struct server *s = arg;
	struct mach_msg_regs m;
	static struct buffer buf;
	long served = 0;
	mach_msg_return_t mr;

	if (s->use_mach_msg) {
		for (;;) {
			mr = mach_msg(&buf.header, MACH_RCV_MSG, 0, sizeof(buf),
				      s->port, 0, 0);
			if (mr != MACH_MSG_SUCCESS || buf.header.msgh_id == 0)
				break;
			uint64_t *words = (uint64_t *)buf.body;
			buf.header.msgh_bits =
			    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
			buf.header.msgh_local_port = MACH_PORT_NULL;
			buf.header.msgh_id += 100;
			words[0]++;
			if (mach_msg(&buf.header, MACH_SEND_MSG,
				     buf.header.msgh_size, 0, 0, 0,
				     0) == MACH_MSG_SUCCESS)
				served++;
		}
		return (void *)served;
	}
	mr = regs_receive(s->port, &m, 0, 0);
	while (mr == MACH_MSG_SUCCESS && m.mr_id != 0) {
		mach_port_t reply = m.mr_remote;
		if (m.mr_bits != MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
						MACH_MSG_TYPE_PORT_SEND))
			break;
		m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.mr_local = MACH_PORT_NULL;
		m.mr_id += 100;
		m.mr_data[0]++;
		/* What lies past the size must not reach the client. */
		regs_fill_past_size(&m, 0xdeadbeefdeadbeefull);
		if (s->twice) {
			struct mach_msg_regs again = m;
			m.mr_option = MACH_SEND_MSG;
			mr = mach_msg_regs_trap(&m);
			again.mr_option = MACH_SEND_MSG;
			s->second_reply = mach_msg_regs_trap(&again);
			served += mr == MACH_MSG_SUCCESS;
			mr = regs_receive(s->port, &m, 0, 0);
			(void)reply;
			continue;
		}
		/* Reply and receive the next request, in one trap. */
		m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
		m.mr_rcv_name = s->port;
		mr = mach_msg_regs_trap(&m);
		served++;
	}
	return (void *)served;
}

static mach_thread_t
server_start(struct server *s)
{
	mach_thread_t thread = NULL;
	s->port = mach_reply_port();
	mach_port_insert_right(mach_task_self(), s->port, s->port,
			       MACH_MSG_TYPE_MAKE_SEND);
	if (mach_thread_create(&thread, server_main, s) != KERN_SUCCESS)
		tap_bail("cannot start a server thread");
	return thread;
}

/* The client's call: a request with data[0] = value, in registers. */
static mach_msg_return_t
regs_call(struct mach_msg_regs *m, mach_port_t server, mach_port_t reply,
	  mach_msg_id_t id, uint64_t value)
{
	regs_message(m, server, MACH_MSG_TYPE_COPY_SEND, id,
		     sizeof(mach_msg_header_t) + 8, value);
	m->mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
	m->mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->mr_local = reply;
	m->mr_rcv_name = reply;
	return mach_msg_regs_trap(m);
}

static long
server_stop(struct server *s, mach_thread_t thread, mach_port_t reply)
{
	struct mach_msg_regs m;
	void *served = NULL;

	regs_message(&m, s->port, MACH_MSG_TYPE_COPY_SEND, 0,
		     sizeof(mach_msg_header_t), 0);
	mach_msg_regs_trap(&m);
	mach_thread_join(thread, &served);
	mach_port_destroy(mach_task_self(), s->port);
	if (MACH_PORT_VALID(reply))
		mach_port_destroy(mach_task_self(), reply);
	return (long)served;
}

enum { ROUNDS = 200 };

static void
test_rpc(void)
{
	struct server s = {0};
	mach_thread_t thread = server_start(&s);
	mach_port_t reply = mach_reply_port();
	struct mach_msg_regs m;
	int good = 0;

	unsigned long fast_before = regs_fastpath_count();
	unsigned long light_before = regs_light_count();
	unsigned long cached_before = regs_cached_count();
	for (int i = 0; i < ROUNDS; i++) {
		mach_msg_return_t mr = regs_call(&m, s.port, reply, 500, i);
		good += mr == MACH_MSG_SUCCESS && m.mr_id == 600 &&
			m.mr_data[0] == (uint64_t)i + 1 && m.mr_data[1] == 0 &&
			m.mr_local == reply && m.mr_remote == MACH_PORT_NULL &&
			m.mr_bits ==
			    MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	}
	unsigned long fast = regs_fastpath_count() - fast_before;
	unsigned long light = regs_light_count() - light_before;
	tap_is_int(good, ROUNDS, "%d register RPCs to a register server",
		   ROUNDS);
	if (light_expected)
		/* (a receiver with an AST to take, after a timer tick,
		 * leaves through its whole frame) */
		tap_ok(light <= fast && light >= fast * 9 / 10,
		       "they left by the light exit (%lu of %lu)", light, fast);
	else
		tap_is_int(light, 0, "none left by the light exit");
	unsigned long cached = regs_cached_count() - cached_before;
	if (cache_expected)
		tap_ok(cached >= ROUNDS * 9 / 10,
		       "the replies went through the reply cache (%lu of %d)",
		       cached, ROUNDS);
	else
		tap_is_int(cached, 0, "no reply went through the reply cache");
	took_path(fastpath_expected, fast, 2 * ROUNDS, "register fast path");
	tap_is_int(server_stop(&s, thread, reply), ROUNDS,
		   "the server replied to each");
}

/* A register client and a mach_msg server, and the other way round. */
/*
 * RPCs of every size a register message can have, both ways: the client
 * sends data words of a pattern in every register, and each side must
 * get exactly the bytes sent, the rest zero (the server puts garbage
 * past its reply's size; the light exit zeroes it in the registers).
 */
static void
test_rpc_sizes(void)
{
	struct server s = {0};
	mach_thread_t thread = server_start(&s);
	mach_port_t reply = mach_reply_port();
	struct mach_msg_regs m;
	int good = 0, sizes = 0;

	unsigned long fast_before = regs_fastpath_count();
	for (mach_msg_size_t size = MACH_MSG_REGS_HEADER;
	     size <= MACH_MSG_REGS_SIZE_MAX; size += 4, sizes++) {
		uint32_t body = size - MACH_MSG_REGS_HEADER;
		regs_message(&m, s.port, MACH_MSG_TYPE_COPY_SEND, 500, size,
			     0x0101010101010101ull * (sizes + 1));
		m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
		m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.mr_local = reply;
		m.mr_rcv_name = reply;
		uint64_t sent[MACH_MSG_REGS_WORDS];
		memcpy(sent, m.mr_data, sizeof(sent));
		if (mach_msg_regs_trap(&m) != MACH_MSG_SUCCESS ||
		    m.mr_id != 600 || m.mr_size != size)
			continue;
		int words_ok = 1;
		for (uint32_t i = 0; i < MACH_MSG_REGS_WORDS; i++) {
			uint64_t want = 0;
			if (body >= (i + 1) * 8)
				want = sent[i] + (i == 0);
			else if (body > i * 8)
				want = (uint32_t)(sent[i] + (i == 0));
			words_ok &= m.mr_data[i] == want;
		}
		good += words_ok;
	}
	unsigned long fast = regs_fastpath_count() - fast_before;
	tap_is_int(good, sizes,
		   "register RPCs of every size carry their bytes, the rest "
		   "zero");
	took_path(fastpath_expected, fast, 2 * sizes, "fast path");
	server_stop(&s, thread, reply);
}

static void
test_rpc_mixed(void)
{
	struct server s = {.use_mach_msg = 1};
	mach_thread_t thread = server_start(&s);
	mach_port_t reply = mach_reply_port();
	struct mach_msg_regs m;
	int good = 0;

	for (int i = 0; i < 50; i++)
		good +=
		    regs_call(&m, s.port, reply, 500, i) == MACH_MSG_SUCCESS &&
		    m.mr_id == 600 && m.mr_data[0] == (uint64_t)i + 1;
	tap_is_int(good, 50, "register calls to a mach_msg server");
	tap_is_int(server_stop(&s, thread, reply), 50, "it served them");

	struct server r = {0};
	thread = server_start(&r);
	reply = mach_reply_port();
	good = 0;
	for (int i = 0; i < 50; i++) {
		struct {
			mach_msg_header_t header;
			uint64_t data[1];
			char trailer[MAX_TRAILER_SIZE];
		} msg = {{MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE),
			  sizeof(mach_msg_header_t) + 8, r.port, reply, 0, 500},
			 {(uint64_t)i},
			 {0}};
		good += mach_msg(&msg.header, MACH_SEND_MSG | MACH_RCV_MSG,
				 sizeof(mach_msg_header_t) + 8, sizeof(msg),
				 reply, 0, 0) == MACH_MSG_SUCCESS &&
			msg.header.msgh_id == 600 &&
			msg.data[0] == (uint64_t)i + 1;
	}
	tap_is_int(good, 50, "mach_msg calls to a register server");
	tap_is_int(server_stop(&r, thread, reply), 50, "it served them");
}

/* A send-once reply right is used up by the first reply. */
static void
test_send_once(void)
{
	struct server s = {.twice = 1};
	mach_thread_t thread = server_start(&s);
	mach_port_t reply = mach_reply_port();
	struct mach_msg_regs m;

	tap_ok(regs_call(&m, s.port, reply, 500, 5) == MACH_MSG_SUCCESS &&
		   m.mr_id == 600 && m.mr_data[0] == 6,
	       "the reply came through the send-once right");
	tap_is_int(server_stop(&s, thread, reply), 1, "one reply sent");
	tap_is_int(s.second_reply, MACH_SEND_INVALID_DEST,
		   "the send-once right used twice: MACH_SEND_INVALID_DEST");
}

/* A thread waiting in a register receive whose port dies. */
/*
 * The reply cache (docs/ipc.md): a request's reply right, kept for the
 * server thread when the request comes over the register fast path,
 * is still an ordinary send-once right to everything but the fast reply.
 * One server thread runs a script: receive (as a register server,
 * which the fast path reaches), then what the test asks.
 */
struct cache_server {
	mach_port_t port;
	int script;
	mach_port_t names[2];	      /* the reply rights' names it got */
	mach_msg_return_t results[3]; /* of its sends */
	mach_port_type_t type;	      /* the first right's type, asked */
};

enum {
	CACHE_DEFER,	  /* keep the first, serve a second, then the first */
	CACHE_DEALLOCATE, /* deallocate the right */
	CACHE_EXIT,	  /* end the thread holding it */
	CACHE_TWICE,	  /* reply from the cache, then use the name again */
};

/* A register reply (send only) to name, with id. */
static mach_msg_return_t
cache_reply(mach_port_t name, mach_msg_id_t id)
{
	return regs_send(name, MACH_MSG_TYPE_MOVE_SEND_ONCE, id,
			 sizeof(mach_msg_header_t), 0);
}

static void *
cache_server_main(void *arg)
{
	struct cache_server *c = arg;
	struct mach_msg_regs m;

	if (regs_receive(c->port, &m, 0, 0) != MACH_MSG_SUCCESS)
		return NULL;
	c->names[0] = m.mr_remote;
	switch (c->script) {
	case CACHE_DEFER:
		/* Keep it (a deferred reply) and take the next request. */
		if (regs_receive(c->port, &m, 0, 0) != MACH_MSG_SUCCESS)
			return NULL;
		c->names[1] = m.mr_remote;
		c->results[1] = cache_reply(c->names[1], 701);
		c->results[0] = cache_reply(c->names[0], 700);
		break;
	case CACHE_DEALLOCATE:
		mach_port_type(mach_task_self(), c->names[0], &c->type);
		c->results[0] =
		    mach_port_deallocate(mach_task_self(), c->names[0]);
		break;
	case CACHE_EXIT:
		break;
	case CACHE_TWICE:
		/* Reply and receive in one trap (the fast path's reply). */
		regs_message(&m, c->names[0], MACH_MSG_TYPE_MOVE_SEND_ONCE, 700,
			     sizeof(mach_msg_header_t), 0);
		m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
		m.mr_rcv_name = c->port;
		c->results[0] = mach_msg_regs_trap(&m);
		c->names[1] = m.mr_remote;
		c->results[1] = cache_reply(c->names[0], 799);
		c->results[2] = cache_reply(c->names[1], 701);
		break;
	}
	return NULL;
}

/* A client thread: one register call to port on its own reply port. */
struct cache_client {
	mach_port_t port;
	struct mach_msg_regs m;
	mach_msg_return_t result;
};

static void *
cache_client_main(void *arg)
{
	struct cache_client *k = arg;
	mach_port_t reply = mach_reply_port();

	k->result = regs_call(&k->m, k->port, reply, 500, 0);
	mach_port_destroy(mach_task_self(), reply);
	return NULL;
}

/* Waits until thread has blocked (a few yields: it runs first). */
static void
cache_let_block(void)
{
	for (int i = 0; i < 20; i++)
		swtch_pri(0);
}

static void
test_reply_cache(void)
{
	mach_port_t port = mach_reply_port();
	mach_port_insert_right(mach_task_self(), port, port,
			       MACH_MSG_TYPE_MAKE_SEND);
	mach_port_t reply = mach_reply_port();
	struct mach_msg_regs m;
	mach_thread_t server, client;

	/* Deferred: the server keeps the first right over a second
	 * request, and answers both later, by name. */
	struct cache_server c = {.port = port, .script = CACHE_DEFER};
	struct cache_client k = {.port = port};
	mach_thread_create(&server, cache_server_main, &c);
	cache_let_block();
	mach_thread_create(&client, cache_client_main, &k);
	cache_let_block();
	mach_msg_return_t mr = regs_call(&m, port, reply, 500, 0);
	mach_thread_join(server, NULL);
	mach_thread_join(client, NULL);
	tap_ok(mr == MACH_MSG_SUCCESS && m.mr_id == 701 &&
		   k.result == MACH_MSG_SUCCESS && k.m.mr_id == 700 &&
		   c.results[0] == MACH_MSG_SUCCESS &&
		   c.results[1] == MACH_MSG_SUCCESS && c.names[0] != c.names[1],
	       "a kept reply right answers later, after another request");

	/* Deallocated: the client gets the send-once notification. */
	c = (struct cache_server){.port = port, .script = CACHE_DEALLOCATE};
	mach_thread_create(&server, cache_server_main, &c);
	cache_let_block();
	mr = regs_call(&m, port, reply, 500, 0);
	mach_thread_join(server, NULL);
	tap_ok(c.type == MACH_PORT_TYPE_SEND_ONCE &&
		   c.results[0] == KERN_SUCCESS && mr == MACH_MSG_SUCCESS &&
		   m.mr_id == MACH_NOTIFY_SEND_ONCE,
	       "a reply right deallocated: a send-once notification");

	/* The server thread ends holding it: the right stays in the space
	 * under its name, until the task lets it go. */
	c = (struct cache_server){.port = port, .script = CACHE_EXIT};
	k = (struct cache_client){.port = port};
	mach_thread_create(&server, cache_server_main, &c);
	cache_let_block();
	mach_thread_create(&client, cache_client_main, &k);
	mach_thread_join(server, NULL);
	mach_port_type_t type = 0;
	kern_return_t kr = mach_port_type(mach_task_self(), c.names[0], &type);
	mach_port_deallocate(mach_task_self(), c.names[0]);
	mach_thread_join(client, NULL);
	tap_ok(kr == KERN_SUCCESS && type == MACH_PORT_TYPE_SEND_ONCE &&
		   k.result == MACH_MSG_SUCCESS &&
		   k.m.mr_id == MACH_NOTIFY_SEND_ONCE,
	       "the server thread ends: the right stays, a send-once right");

	/* Used twice: a reply from the cache, then the old name again. */
	c = (struct cache_server){.port = port, .script = CACHE_TWICE};
	mach_thread_create(&server, cache_server_main, &c);
	cache_let_block();
	mach_msg_return_t first = regs_call(&m, port, reply, 500, 0);
	mach_msg_id_t first_id = m.mr_id;
	mr = regs_call(&m, port, reply, 500, 0);
	mach_thread_join(server, NULL);
	tap_ok(first == MACH_MSG_SUCCESS && first_id == 700 &&
		   mr == MACH_MSG_SUCCESS && m.mr_id == 701 &&
		   c.results[0] == MACH_MSG_SUCCESS &&
		   c.results[1] == MACH_SEND_INVALID_DEST &&
		   c.results[2] == MACH_MSG_SUCCESS,
	       "a reply right used twice: MACH_SEND_INVALID_DEST, then the "
	       "next request's");

	mach_port_destroy(mach_task_self(), reply);
	mach_port_destroy(mach_task_self(), port);
}

/*
 * The register hot path (the kernel's ipc/ipc_hotpath.c): null RPCs,
 * which leave by its exit for messages without data words, and a
 * suspended server, which it must leave to the fast path (a receiver
 * with an AST to take).
 */
struct null_server {
	mach_port_t port;
	mach_port_t thread;   /* its own thread port */
	volatile long served; /* messages received */
	int bad;	      /* requests not as sent */
};

/*
 * The server's trap (mach_msg_regs_trap's, by hand), counting each
 * message it receives before any FPU/SSE instruction: a suspended
 * server let run by mistake counts one before its first such
 * instruction traps (the FPU is lazy) and the trap's return holds it.
 * A null message's words: MR0..MR3 only (the test checks that the data
 * words are zero: they come back in m).
 */
static __attribute__((noinline, target("general-regs-only"))) mach_msg_return_t
null_server_trap(struct null_server *s, struct mach_msg_regs *m)
{
	register uint64_t mr0 __asm__("rdi") =
	    (uint32_t)m->mr_option | (uint64_t)m->mr_timeout << 32;
	register uint64_t mr1 __asm__("rsi") = m->mr_bits | (uint64_t)m->mr_size
								<< 32;
	register uint64_t mr2 __asm__("rdx") =
	    m->mr_remote | (uint64_t)m->mr_local << 32;
	register uint64_t mr3 __asm__("r10") =
	    (uint32_t)m->mr_id | (uint64_t)m->mr_rcv_name << 32;
	register uint64_t mr4 __asm__("r8") = m->mr_data[0];
	register uint64_t mr5 __asm__("r9") = m->mr_data[1];
	register uint64_t mr6 __asm__("r12") = m->mr_data[2];
	register uint64_t mr7 __asm__("r13") = m->mr_data[3];
	register uint64_t mr8 __asm__("r14") = m->mr_data[4];
	register uint64_t mr9 __asm__("r15") = m->mr_data[5];
	uint64_t mr10 = m->mr_data[6];
	uint64_t result = MACH_TRAP_MSG_REGS;
	__asm__ volatile("syscall"
			 : "+a"(result), "+r"(mr0), "+r"(mr1), "+r"(mr2),
			   "+r"(mr3), "+r"(mr4), "+r"(mr5), "+r"(mr6),
			   "+r"(mr7), "+r"(mr8), "+r"(mr9), "+b"(mr10)
			 :
			 : "rcx", "r11");
	s->served++;
	m->mr_seqno = (uint32_t)mr0;
	m->mr_sender = mr0 >> 32;
	m->mr_bits = (uint32_t)mr1;
	m->mr_size = mr1 >> 32;
	m->mr_remote = (uint32_t)mr2;
	m->mr_local = mr2 >> 32;
	m->mr_id = (uint32_t)mr3;
	m->mr_rcv_name = mr3 >> 32;
	m->mr_data[0] = mr4;
	m->mr_data[1] = mr5;
	m->mr_data[2] = mr6;
	m->mr_data[3] = mr7;
	m->mr_data[4] = mr8;
	m->mr_data[5] = mr9;
	m->mr_data[6] = mr10;
	return (mach_msg_return_t)result;
}

static void *
null_server_main(void *arg)
{
	struct null_server *s = arg;
	struct mach_msg_regs m;
	mach_port_seqno_t seqno = 0;

	s->thread = mach_thread_self();
	memset(&m, 0, sizeof(m));
	m.mr_option = MACH_RCV_MSG;
	m.mr_rcv_name = s->port;
	mach_msg_return_t mr = null_server_trap(s, &m);
	for (long i = 0; mr == MACH_MSG_SUCCESS && m.mr_id != 0; i++) {
		int bad =
		    m.mr_size != MACH_MSG_REGS_HEADER ||
		    m.mr_bits != MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
						MACH_MSG_TYPE_PORT_SEND) ||
		    m.mr_local != s->port || m.mr_rcv_name != 0 ||
		    (i > 0 && m.mr_seqno != seqno + 1);
		for (int w = 0; w < MACH_MSG_REGS_WORDS; w++)
			bad |= m.mr_data[w] != 0;
		s->bad += bad;
		seqno = m.mr_seqno;
		m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.mr_local = MACH_PORT_NULL;
		m.mr_id += 100;
		regs_fill_past_size(&m, 0xdeadbeefdeadbeefull);
		m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
		m.mr_rcv_name = s->port;
		mr = null_server_trap(s, &m);
	}
	return NULL;
}

/* A null call: a header-only request, words of garbage past it. */
static mach_msg_return_t
null_call(struct mach_msg_regs *m, mach_port_t server, mach_port_t reply)
{
	regs_message(m, server, MACH_MSG_TYPE_COPY_SEND, 800,
		     MACH_MSG_REGS_HEADER, 0x5555aaaa5555aaaaull);
	m->mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
	m->mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->mr_local = reply;
	m->mr_rcv_name = reply;
	return mach_msg_regs_trap(m);
}

struct null_caller {
	mach_port_t port, reply;
	mach_msg_return_t result;
	mach_msg_id_t id;
};

static void *
null_caller_main(void *arg)
{
	struct null_caller *c = arg;
	struct mach_msg_regs m;

	c->result = null_call(&m, c->port, c->reply);
	c->id = m.mr_id;
	return NULL;
}

static void
test_hotpath(void)
{
	struct null_server s = {0};
	mach_thread_t thread;
	mach_port_t reply = mach_reply_port();
	struct mach_msg_regs m;
	int good = 0;

	s.port = mach_reply_port();
	mach_port_insert_right(mach_task_self(), s.port, s.port,
			       MACH_MSG_TYPE_MAKE_SEND);
	if (mach_thread_create(&thread, null_server_main, &s) != KERN_SUCCESS)
		tap_bail("cannot start a server thread");
	unsigned long hot_before = regs_hotpath_count();
	for (int i = 0; i < ROUNDS; i++) {
		mach_msg_return_t mr = null_call(&m, s.port, reply);
		int ok = mr == MACH_MSG_SUCCESS && m.mr_id == 900 &&
			 m.mr_size == MACH_MSG_REGS_HEADER &&
			 m.mr_bits ==
			     MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE) &&
			 m.mr_remote == MACH_PORT_NULL && m.mr_local == reply &&
			 m.mr_rcv_name == 0;
		for (int w = 0; w < MACH_MSG_REGS_WORDS; w++)
			ok &= m.mr_data[w] == 0;
		good += ok;
	}
	unsigned long hot = regs_hotpath_count() - hot_before;
	tap_ok(good == ROUNDS && s.bad == 0 && s.served == ROUNDS,
	       "%d null register RPCs: header as sent, no data words, "
	       "consecutive sequence numbers (%d good, %d bad requests)",
	       ROUNDS, good, s.bad);
	took_path(hotpath_expected, hot, 2 * ROUNDS, "register hot path");

	/* Suspended while it waits, the server gets the request but must
	 * not run until it is resumed. */
	struct null_caller c = {.port = s.port, .reply = reply};
	mach_thread_t caller;
	thread_suspend(s.thread);
	long served = s.served;
	if (mach_thread_create(&caller, null_caller_main, &c) != KERN_SUCCESS)
		tap_bail("cannot start a thread");
	for (int i = 0; i < 20; i++)
		swtch_pri(0);
	tap_ok(s.served == served, "a suspended server does not run (%ld)",
	       s.served - served);
	thread_resume(s.thread);
	mach_thread_join(caller, NULL);
	tap_ok(c.result == MACH_MSG_SUCCESS && c.id == 900 &&
		   s.served == served + 1,
	       "resumed, it answers the request (mr %#x)", c.result);

	regs_send(s.port, MACH_MSG_TYPE_COPY_SEND, 0, MACH_MSG_REGS_HEADER, 0);
	mach_thread_join(thread, NULL);
	mach_port_deallocate(mach_task_self(), s.thread);
	mach_port_destroy(mach_task_self(), s.port);
	mach_port_destroy(mach_task_self(), reply);
}

/* The server of test_hotpath_names: answers null requests with id + 100;
 * it destroys its port before it answers id 801, and keeps the result
 * of the reply-and-receive that ends the loop. */
struct names_server {
	mach_port_t port;
	mach_msg_return_t last;
};

static void *
names_server_main(void *arg)
{
	struct names_server *s = arg;
	struct mach_msg_regs m;

	mach_msg_return_t mr = regs_receive(s->port, &m, 0, 0);
	while (mr == MACH_MSG_SUCCESS) {
		if (m.mr_id == 801)
			mach_port_destroy(mach_task_self(), s->port);
		m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
		m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.mr_size = MACH_MSG_REGS_HEADER;
		m.mr_local = MACH_PORT_NULL;
		m.mr_id += 100;
		m.mr_rcv_name = s->port;
		mr = mach_msg_regs_trap(&m);
	}
	s->last = mr;
	return NULL;
}

/* Null calls through server and reply; returns how many of count came
 * back as sent, or -1 if none took the hot path (when it is on). */
static int
names_calls(int count, mach_port_t server, mach_port_t reply)
{
	struct mach_msg_regs m;
	int good = 0;
	unsigned long hot = regs_hotpath_count();

	for (int i = 0; i < count; i++)
		good += null_call(&m, server, reply) == MACH_MSG_SUCCESS &&
			m.mr_id == 900;
	return hotpath_expected && regs_hotpath_count() == hot ? -1 : good;
}

/*
 * The hot path keeps its translations of names between RPCs
 * (kern/thread.h): a right that leaves its entry must not be used
 * through them afterwards.
 */
static void
test_hotpath_names(void)
{
	struct names_server s = {.port = mach_reply_port()};
	mach_port_t reply = mach_reply_port();
	mach_thread_t thread;
	struct mach_msg_regs m;

	/* The send right shares the receive right's name: deallocated, the
	 * name keeps the receive right alone. */
	mach_port_insert_right(mach_task_self(), s.port, s.port,
			       MACH_MSG_TYPE_MAKE_SEND);
	if (mach_thread_create(&thread, names_server_main, &s) != KERN_SUCCESS)
		tap_bail("cannot start a server thread");
	for (int i = 0; i < 20; i++) /* until it waits */
		swtch_pri(0);
	int good = names_calls(20, s.port, reply);
	mach_port_deallocate(mach_task_self(), s.port);
	mach_msg_return_t mr = null_call(&m, s.port, reply);
	tap_ok(good == 20 && mr == MACH_SEND_INVALID_DEST,
	       "after %d RPCs, a call through a send right deallocated "
	       "fails: %#x",
	       good, mr);

	mach_port_insert_right(mach_task_self(), s.port, s.port,
			       MACH_MSG_TYPE_MAKE_SEND);
	good = names_calls(20, s.port, reply);
	mach_port_destroy(mach_task_self(), reply);
	mr = null_call(&m, s.port, reply);
	tap_ok(good == 20 && mr == MACH_SEND_INVALID_REPLY,
	       "after %d RPCs, a call whose reply port is destroyed fails: "
	       "%#x",
	       good, mr);

	reply = mach_reply_port();
	good = names_calls(20, s.port, reply);
	regs_message(&m, s.port, MACH_MSG_TYPE_COPY_SEND, 801,
		     MACH_MSG_REGS_HEADER, 0);
	m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
	m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.mr_local = reply;
	m.mr_rcv_name = reply;
	mr = mach_msg_regs_trap(&m);
	mach_thread_join(thread, NULL);
	tap_ok(good == 20 && mr == MACH_MSG_SUCCESS && m.mr_id == 901 &&
		   s.last == MACH_RCV_INVALID_NAME,
	       "a server that destroyed its port answers, then its receive "
	       "on the name fails (%d, %#x, %#x)",
	       good, mr, s.last);
	mach_port_destroy(mach_task_self(), reply);
}

/* The port the child task of test_hotpath_task serves, in its space. */
#define CHILD_PORT_NAME MACH_PORT_MAKE(45, 0x2a)

/*
 * The child's server: null requests answered with id + 100, or id + 200
 * for one not as sent (the parent cannot see the child's memory).
 */
static void
child_server_main(void *arg)
{
	struct mach_msg_regs m;
	(void)arg;

	mach_msg_return_t mr = regs_receive(CHILD_PORT_NAME, &m, 0, 0);
	while (mr == MACH_MSG_SUCCESS && m.mr_id != 0) {
		int bad =
		    m.mr_size != MACH_MSG_REGS_HEADER ||
		    m.mr_bits != MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
						MACH_MSG_TYPE_PORT_SEND) ||
		    m.mr_local != CHILD_PORT_NAME;
		for (int w = 0; w < MACH_MSG_REGS_WORDS; w++)
			bad |= m.mr_data[w] != 0;
		m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.mr_local = MACH_PORT_NULL;
		m.mr_id += bad ? 200 : 100;
		regs_fill_past_size(&m, 0xdeadbeefdeadbeefull);
		m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
		m.mr_rcv_name = CHILD_PORT_NAME;
		mr = mach_msg_regs_trap(&m);
	}
	for (;;) /* the parent ends the task */
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

/* Catches the exception a server task takes, then ends the task. */
struct catcher {
	mach_port_t port;
	task_t task;
	mach_msg_return_t result;
	exception_type_t exception;
	int64_t code[2];
};

static void *
catcher_main(void *arg)
{
	struct catcher *c = arg;
	union {
		exc_exception_raise_request_t msg;
		char room[512];
	} u;

	c->result = mach_msg(&u.msg.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			     sizeof(u), c->port, 10000, MACH_PORT_NULL);
	/* Ended before the exception's reply right goes (which would
	 * have the kernel kill it for an unanswered fault). */
	task_terminate(c->task);
	if (c->result == MACH_MSG_SUCCESS) {
		c->exception = u.msg.exception;
		c->code[0] = u.msg.code[0];
		c->code[1] = u.msg.code[1];
		mach_msg_destroy(&u.msg.Head);
	}
	return NULL;
}

/*
 * The server thread of a task, waiting in its receive after hot RPCs, is
 * set to a rip sysret cannot return to: the next call must leave it to
 * the general path (thread_set_state takes it out of its fast wait),
 * and it takes its #GP in user mode, at that rip.  The catcher ends the
 * task, whose reply right's death answers the call.
 */
static void
hotpath_bad_rip(task_t child, thread_t thread, mach_port_t send,
		mach_port_t reply)
{
	struct catcher c = {.task = child};
	struct x86_64_thread_state state;
	struct mach_msg_regs m;
	mach_thread_t catcher;

	memset(&state, 0, sizeof(state));
	state.rip = 0x0000800000000000ul;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &c.port);
	mach_port_insert_right(mach_task_self(), c.port, c.port,
			       MACH_MSG_TYPE_MAKE_SEND);
	task_set_special_port(child, TASK_EXCEPTION_PORT, c.port);
	if (mach_thread_create(&catcher, catcher_main, &c) != KERN_SUCCESS)
		tap_bail("cannot start a thread");
	kern_return_t kr =
	    thread_set_state(thread, THREAD_STATE_X86_64,
			     (thread_state_t)&state, THREAD_STATE_X86_64_COUNT);
	mach_msg_return_t mr = null_call(&m, send, reply);
	mach_thread_join(catcher, NULL);
	tap_ok(kr == KERN_SUCCESS && mr == MACH_MSG_SUCCESS &&
		   m.mr_id == MACH_NOTIFY_SEND_ONCE &&
		   c.result == MACH_MSG_SUCCESS &&
		   c.exception == EXC_BAD_INSTRUCTION && c.code[0] == 13 &&
		   c.code[1] == (int64_t)0x0000800000000000ul,
	       "a waiting server set to a non-canonical rip takes the call, "
	       "then its #GP in user mode (%#x, id %d; exception %d, codes "
	       "%lld %#llx)",
	       mr, m.mr_id, c.exception, (long long)c.code[0],
	       (unsigned long long)c.code[1]);
	mach_port_destroy(mach_task_self(), c.port);
}

/*
 * Null RPCs to a server in another task: the hot path switches the
 * address space too (a receiver run in the sender's would not answer).
 */
static void
test_hotpath_task(void)
{
	mach_port_t child, send;
	thread_t thread;
	vm_address_t stack;
	mach_msg_type_name_t type;
	struct mach_msg_regs m;
	int good = 0;

	kern_return_t kr =
	    fork_task(&child, &thread, child_server_main, NULL, &stack);
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate_name(child, MACH_PORT_RIGHT_RECEIVE,
					     CHILD_PORT_NAME);
	if (kr == KERN_SUCCESS)
		kr = mach_port_extract_right(child, CHILD_PORT_NAME,
					     MACH_MSG_TYPE_MAKE_SEND, &send,
					     &type);
	tap_is_int(kr, KERN_SUCCESS, "a server task");
	if (kr != KERN_SUCCESS) {
		tap_skip(3, "no server task");
		return;
	}
	thread_resume(thread);
	mach_port_t reply = mach_reply_port();
	unsigned long hot_before = regs_hotpath_count();
	for (int i = 0; i < ROUNDS; i++) {
		mach_msg_return_t mr = null_call(&m, send, reply);
		int ok = mr == MACH_MSG_SUCCESS && m.mr_id == 900 &&
			 m.mr_size == MACH_MSG_REGS_HEADER &&
			 m.mr_local == reply && m.mr_remote == MACH_PORT_NULL;
		for (int w = 0; w < MACH_MSG_REGS_WORDS; w++)
			ok &= m.mr_data[w] == 0;
		good += ok;
	}
	unsigned long hot = regs_hotpath_count() - hot_before;
	int hot_ok = hotpath_expected ? hot >= 2 * ROUNDS * 9 / 10 : hot == 0;
	tap_ok(good == ROUNDS && hot_ok,
	       "%d null register RPCs to another task (%d good, %lu on the "
	       "hot path)",
	       ROUNDS, good, hot);

	/* Its task suspended while the server waits: the call reaches it,
	 * but it must not run until the task is resumed (task_suspend takes
	 * it out of its fast wait, and the general path holds it): no
	 * message goes by the hot path, which would return it to user mode
	 * at once. */
	struct null_caller c = {.port = send, .reply = reply, .result = -1};
	mach_thread_t caller;
	task_suspend(child);
	hot_before = regs_hotpath_count();
	if (mach_thread_create(&caller, null_caller_main, &c) != KERN_SUCCESS)
		tap_bail("cannot start a thread");
	for (int i = 0; i < 20; i++)
		swtch_pri(0);
	mach_msg_return_t held = c.result;
	hot = regs_hotpath_count() - hot_before;
	task_resume(child);
	mach_thread_join(caller, NULL);
	tap_ok(held == -1 && hot == 0 && c.result == MACH_MSG_SUCCESS &&
		   c.id == 900,
	       "a server whose task is suspended answers only once resumed "
	       "(%#x before, %#x after, %lu by the hot path)",
	       held, c.result, hot);
	hotpath_bad_rip(child, thread, send, reply);
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_deallocate(mach_task_self(), child);
	mach_port_deallocate(mach_task_self(), send);
	mach_port_destroy(mach_task_self(), reply);
}

struct waiter {
	mach_port_t port;
	volatile int waiting;
	mach_msg_return_t result;
};

static void *
waiter_main(void *arg)
{
	struct waiter *w = arg;
	struct mach_msg_regs m;

	w->waiting = 1;
	w->result = regs_receive(w->port, &m, 0, 0);
	return NULL;
}

static void
test_receiver_dies(void)
{
	struct waiter w = {.port = mach_reply_port()};
	mach_thread_t thread;

	if (mach_thread_create(&thread, waiter_main, &w) != KERN_SUCCESS)
		tap_bail("cannot start a thread");
	while (!w.waiting)
		swtch_pri(0);
	for (int i = 0; i < 10; i++)
		swtch_pri(0); /* let it block in the trap */
	mach_port_destroy(mach_task_self(), w.port);
	mach_thread_join(thread, NULL);
	tap_is_int(w.result, MACH_RCV_PORT_DIED,
		   "a register receive whose port dies");

	/* A client whose server's port dies while it waits for the reply:
	 * its request is destroyed with the port, and so is the reply
	 * right, whose send-once notification answers it. */
	mach_port_t server = mach_reply_port();
	mach_port_insert_right(mach_task_self(), server, server,
			       MACH_MSG_TYPE_MAKE_SEND);
	mach_port_t reply = mach_reply_port();
	struct mach_msg_regs m;
	regs_message(&m, server, MACH_MSG_TYPE_COPY_SEND, 500,
		     sizeof(mach_msg_header_t), 0);
	m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.mr_local = reply;
	mach_msg_regs_trap(&m);
	mach_port_mod_refs(mach_task_self(), server, MACH_PORT_RIGHT_RECEIVE,
			   -1);
	tap_ok(regs_receive(reply, &m, MACH_RCV_TIMEOUT, 0) ==
		       MACH_MSG_SUCCESS &&
		   m.mr_id == MACH_NOTIFY_SEND_ONCE,
	       "the server's death: a send-once notification in registers");
	mach_port_deallocate(mach_task_self(), server);
	mach_port_destroy(mach_task_self(), reply);
}

/* IDL stubs that fit in registers (mach_port_type, mach_port_get_refs:
 * mach_msg_regs) give the results they give through mach_msg. */
static void
test_stubs_both_ways(void)
{
	mach_port_t port = mach_reply_port();
	mach_port_type_t type[2] = {0, 0};
	mach_port_urefs_t refs[2] = {0, 0};
	kern_return_t bad[2], kr[2];

	for (int regs = 0; regs < 2; regs++) {
		mach_msg_regs_enabled = regs;
		kr[regs] = mach_port_type(mach_task_self(), port, &type[regs]);
		kr[regs] |=
		    mach_port_get_refs(mach_task_self(), port,
				       MACH_PORT_RIGHT_RECEIVE, &refs[regs]);
		mach_port_type_t scratch;
		bad[regs] = mach_port_type(mach_task_self(), 0x7777, &scratch);
	}
	mach_msg_regs_enabled = 1;
	tap_ok(kr[0] == KERN_SUCCESS && kr[1] == KERN_SUCCESS &&
		   type[0] == type[1] && type[1] == MACH_PORT_TYPE_RECEIVE &&
		   refs[0] == 1 && refs[1] == 1,
	       "kernel RPCs by stubs in registers: the results of mach_msg");
	tap_ok(bad[0] == bad[1] && bad[1] == KERN_INVALID_NAME,
	       "and the same error for a bad name (%#x, %#x)", bad[0], bad[1]);
	mach_port_destroy(mach_task_self(), port);
}

/* A register call whose client is aborted while it waits for the reply
 * (after the fast path, it waits with a continuation). */
struct aborter {
	mach_port_t port;
	thread_t client;
	mach_msg_return_t received;
};

static void *
aborter_main(void *arg)
{
	struct aborter *a = arg;
	struct mach_msg_regs m;

	a->received = regs_receive(a->port, &m, 0, 0);
	for (int i = 0; i < 10; i++)
		swtch_pri(0); /* the client is waiting for the reply */
	thread_abort(a->client);
	if (a->received == MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), m.mr_remote);
	return NULL;
}

static void
test_abort(void)
{
	struct aborter a = {.client = mach_thread_self()};
	mach_thread_t thread;
	struct mach_msg_regs m;
	mach_port_t reply = mach_reply_port();

	a.port = mach_reply_port();
	mach_port_insert_right(mach_task_self(), a.port, a.port,
			       MACH_MSG_TYPE_MAKE_SEND);
	if (mach_thread_create(&thread, aborter_main, &a) != KERN_SUCCESS)
		tap_bail("cannot start a thread");
	for (int i = 0; i < 10; i++)
		swtch_pri(0); /* let it wait in its receive */
	mach_msg_return_t mr = regs_call(&m, a.port, reply, 500, 1);
	mach_thread_join(thread, NULL);
	tap_ok(a.received == MACH_MSG_SUCCESS && mr == MACH_RCV_INTERRUPTED,
	       "a register call aborted while it waits: "
	       "MACH_RCV_INTERRUPTED (mr %#x)",
	       mr);
	/* Its reply right was released unused: the notification. */
	tap_ok(regs_receive(reply, &m, MACH_RCV_TIMEOUT, 0) ==
		       MACH_MSG_SUCCESS &&
		   m.mr_id == MACH_NOTIFY_SEND_ONCE,
	       "the reply right's send-once notification arrives");
	mach_port_deallocate(mach_task_self(), a.client);
	mach_port_destroy(mach_task_self(), a.port);
	mach_port_destroy(mach_task_self(), reply);
}

/* mach_msg_regs: mach_msg's interface, falling back to it. */
static void
test_wrapper(void)
{
	mach_port_t port = mach_reply_port();
	static struct buffer buf;
	struct {
		mach_msg_header_t header;
		uint32_t data[40];
	} msg;

	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	msg.header.msgh_remote_port = port;
	msg.header.msgh_id = 4400;
	for (int i = 0; i < 40; i++)
		msg.data[i] = 100 + i;
	tap_is_int(
	    mach_msg_regs(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0),
	    MACH_MSG_SUCCESS, "mach_msg_regs sends a 184-byte message");
	msg.header.msgh_id = 4401;
	tap_is_int(mach_msg_regs(&msg.header, MACH_SEND_MSG,
				 sizeof(mach_msg_header_t) + 12, 0, 0, 0, 0),
		   MACH_MSG_SUCCESS, "and a 36-byte one");
	memset(&buf, 0, sizeof(buf));
	mach_msg_return_t mr = mach_msg_regs(
	    &buf.header,
	    MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 0,
	    sizeof(buf), port, 0, 0);
	uint32_t *data = (uint32_t *)buf.body;
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 4400 &&
		   buf.header.msgh_size == sizeof(msg) && data[39] == 139,
	       "mach_msg_regs receives the large one (through mach_msg)");
	memset(&buf, 0xee, sizeof(buf));
	mr = mach_msg_regs(
	    &buf.header,
	    MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 0,
	    sizeof(buf), port, 0, 0);
	mach_msg_seqno_trailer_t *trailer =
	    (void *)((char *)&buf + buf.header.msgh_size);
	tap_ok(mr == MACH_MSG_SUCCESS && buf.header.msgh_id == 4401 &&
		   buf.header.msgh_size == sizeof(mach_msg_header_t) + 12 &&
		   buf.header.msgh_local_port == port &&
		   buf.header.msgh_reserved == 0 && data[0] == 100 &&
		   data[2] == 102 && trailer->msgh_seqno == 1 &&
		   trailer->msgh_trailer_size == sizeof(*trailer),
	       "and the small one, as mach_msg writes it, trailer included");

	/* A buffer too small: the message is destroyed, as by mach_msg. */
	mach_msg_regs(&msg.header, MACH_SEND_MSG,
		      sizeof(mach_msg_header_t) + 12, 0, 0, 0, 0);
	mr = mach_msg_regs(&buf.header, MACH_RCV_MSG, 0,
			   sizeof(mach_msg_header_t) + 8, port, 0, 0);
	tap_is_int(mr, MACH_RCV_TOO_LARGE, "a receive buffer too small");
	tap_is_int(mach_msg_regs(&buf.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT,
				 0, sizeof(buf), port, 0, 0),
		   MACH_RCV_TIMED_OUT, "and the message is gone");
	mach_port_destroy(mach_task_self(), port);
}

/*
 * regipc=off: the register trap is refused, taking nothing, and
 * mach_msg_regs makes the call with mach_msg instead, from then on.
 */
static void
test_refused(void)
{
	mach_port_t port = mach_reply_port();
	static struct buffer buf;
	struct {
		mach_msg_header_t header;
		uint64_t data[2];
	} msg = {{MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), sizeof(msg), port,
		  MACH_PORT_NULL, 0, 4500},
		 {7, 8}};

	tap_is_int(regs_send(port, MACH_MSG_TYPE_MAKE_SEND, 4400, 32, 1),
		   KERN_INVALID_ARGUMENT,
		   "regipc=off: the register trap is refused");
	tap_is_int(msg_receive(port, &buf, 0), MACH_RCV_TIMED_OUT,
		   "and it sent nothing");
	mach_msg_regs_enabled = 1;
	tap_is_int(
	    mach_msg_regs(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0),
	    MACH_MSG_SUCCESS, "mach_msg_regs sends all the same");
	uint64_t *data = (uint64_t *)buf.body;
	tap_ok(msg_receive(port, &buf, 0) == MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == 4500 && data[1] == 8,
	       "through mach_msg");
	tap_is_int(mach_msg_regs_enabled, 0,
		   "and libmach uses mach_msg from then on");
	mach_port_destroy(mach_task_self(), port);
}

/* A deterministic generator for test_random (xorshift). */
static uint64_t
random_next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/*
 * Register traps with random registers, on ports of the task's own and
 * on names that name nothing (never the task's kernel ports): each
 * returns MACH_MSG_SUCCESS or a send or receive error, and never waits
 * (timeouts of 0).  The kernel survives, and the ports' queues can be
 * emptied afterwards.
 */
static void
test_random(void)
{
	static const mach_msg_type_name_t dispositions[] = {
	    0,
	    MACH_MSG_TYPE_MOVE_RECEIVE,
	    MACH_MSG_TYPE_MOVE_SEND,
	    MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    MACH_MSG_TYPE_COPY_RECEIVE,
	    7,
	};
	enum { PORTS = 4, CALLS = 3000 };
	mach_port_t names[PORTS + 2];
	uint64_t state = 0x9e3779b97f4a7c15ull;
	int odd = 0, succeeded = 0, send_errors = 0, receive_errors = 0;

	for (int i = 0; i < PORTS; i++)
		names[i] = mach_reply_port();
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET,
			   &names[PORTS]);
	mach_port_move_member(mach_task_self(), names[0], names[PORTS]);
	for (int i = 0; i < CALLS; i++) {
		struct mach_msg_regs m;
		uint64_t r = random_next(&state);
		for (int w = 0; w < MACH_MSG_REGS_COUNT; w++)
			((uint64_t *)&m)[w] = random_next(&state);
		/* Names: one of ours, or one that names nothing. */
		names[PORTS + 1] = (uint32_t)random_next(&state) | 0x40000000u;
		m.mr_remote = names[r % (PORTS + 2)];
		m.mr_local = names[(r >> 8) % (PORTS + 2)];
		m.mr_rcv_name = names[(r >> 16) % (PORTS + 2)];
		if ((r >> 24) % 4 == 0)
			m.mr_local = MACH_PORT_NULL;
		m.mr_bits =
		    MACH_MSGH_BITS(dispositions[(r >> 28) % 9],
				   dispositions[(r >> 32) % 9]) |
		    ((r >> 36) % 8 == 0 ? (uint32_t)random_next(&state) : 0);
		m.mr_size = (r >> 40) % 8 == 0 ? (uint32_t)random_next(&state)
					       : ((r >> 44) % 24) * 4;
		/* Never wait: both timeouts, of 0. */
		m.mr_option = (m.mr_option & ~MACH_RCV_LARGE) |
			      MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT;
		m.mr_timeout = 0;
		mach_msg_return_t mr = mach_msg_regs_trap(&m);
		uint32_t kind = mr & ~(MACH_MSG_MASK | 0xffu);
		succeeded += mr == MACH_MSG_SUCCESS;
		send_errors += kind == 0x10000000u;
		receive_errors += kind == 0x10004000u;
		odd += !(mr == MACH_MSG_SUCCESS || kind == 0x10000000u ||
			 kind == 0x10004000u);
	}
	tap_is_int(odd, 0,
		   "%d register traps with random registers: each "
		   "a mach_msg result",
		   CALLS);
	tap_ok(succeeded > 0 && send_errors > 0 && receive_errors > 0,
	       "of them %d succeeded, %d failed to send, %d to receive",
	       succeeded, send_errors, receive_errors);
	for (int i = 0; i < PORTS; i++) {
		static struct buffer buf;
		mach_port_type_t type = 0;
		if (mach_port_type(mach_task_self(), names[i], &type) !=
			KERN_SUCCESS ||
		    !(type & MACH_PORT_TYPE_RECEIVE))
			continue;
		while (msg_receive(names[i], &buf, 0) == MACH_MSG_SUCCESS)
			mach_msg_destroy(&buf.header);
	}
	for (int i = 0; i <= PORTS; i++)
		mach_port_destroy(mach_task_self(), names[i]);
}

int
main(int argc, char **argv)
{
	int regipc = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "slowpath") == 0)
			fastpath_expected = 0;
		else if (strcmp(argv[i], "noregipc") == 0)
			regipc = 0;
		else if (strcmp(argv[i], "nolightentry") == 0)
			light_expected = 0;
		else if (strcmp(argv[i], "noreplycache") == 0)
			cache_expected = 0;
		else if (strcmp(argv[i], "nohotpath") == 0)
			hotpath_expected = 0;
		else if (strcmp(argv[i], "nohandoff") == 0)
			hotpath_expected = 0;
	}
	light_expected &= fastpath_expected;
	cache_expected &= fastpath_expected;
	hotpath_expected &= light_expected & cache_expected;
	if (!regipc) {
		tap_plan(13);
		test_refused();
		test_wrapper();
		test_stubs_both_ways();
		return tap_done();
	}
	tap_plan(76);
	test_carry();
	test_mixing();
	test_errors();
	test_timeouts_and_sets();
	test_rpc();
	test_rpc_sizes();
	test_rpc_mixed();
	test_send_once();
	test_receiver_dies();
	test_reply_cache();
	test_hotpath();
	test_hotpath_names();
	test_hotpath_task();
	test_wrapper();
	test_stubs_both_ways();
	test_abort();
	test_random();
	return tap_done();
}
