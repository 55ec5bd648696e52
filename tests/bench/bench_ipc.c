/*
 * The rows of one task: the clock's own cost, the null trap, a null
 * message to oneself and a null RPC between two threads; and the null
 * RPC client and server that rpc_2tasks_null (bench_tasks.c) shares.
 *
 * Each iteration is timed alone.  What one iteration is:
 *	timer_overhead		nothing: bench_clock_start, bench_clock_stop
 *	trap_null		mach_null_trap(): a call, syscall, sysret
 *	msg_self_null		one mach_msg_trap with MACH_SEND_MSG |
 *				MACH_RCV_MSG on one port of one's own: a bare
 *				header (24 bytes, MAKE_SEND of the port, no
 *				reply port) queued, then received
 *	msg_self_port		the same with one port right in the body:
 *				a port descriptor with MAKE_SEND of a
 *				second port of one's own, received as a send
 *				right merged with that port's receive right
 *				(deallocated outside the timed part)
 *	msg_self_1k		the same as msg_self_null with 1 KiB of
 *				inline data after the header
 *	rpc_2threads_null	one client mach_msg_trap with MACH_SEND_MSG |
 *				MACH_RCV_MSG: a bare header to the server
 *				thread's port (COPY_SEND) with a
 *				MAKE_SEND_ONCE reply right, until the bare
 *				reply is received; the server thread (made
 *				by mach_thread_create) runs bench_rpc_serve,
 *				which replies and receives the next request
 *				in one trap
 *	rpc_2threads_regs	the same in registers: one client register
 *				trap (<mach/msg_regs.h>) with the same
 *				header, and a server that answers in the
 *				register trap; on a kernel that refuses the
 *				trap (regipc=off) the row goes by mach_msg
 *				as rpc_2threads_null, as libmach's
 *				mach_msg_regs (the IDL stubs') does
 *	rpc_2threads_fpu	rpc_2threads_null with one floating-point
 *				addition in each thread between two
 *				messages (the client's timed): what lazy
 *				and eager FPU switching cost when both
 *				threads use the FPU
 * The message buffers are set up outside the timed part.
 */
#include "bench.h"

#include <mach/mach_ipc.h>
#include <mach/mach_msg_regs.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <string.h>

/* How long the quit request may take (it only matters after a failure). */
#define QUIT_TIMEOUT_MS 2000

const char *
bench_timer_overhead(struct bench_run *run)
{
	for (int i = 0; i < bench_total(run); i++) {
		uint64_t start = bench_clock_start();
		uint64_t stop = bench_clock_stop();
		bench_record(run, i, start, stop);
	}
	return NULL;
}

const char *
bench_trap_null(struct bench_run *run)
{
	for (int i = 0; i < bench_total(run); i++) {
		uint64_t start = bench_clock_start();
		kern_return_t kr = mach_null_trap();
		uint64_t stop = bench_clock_stop();
		if (kr != KERN_SUCCESS)
			return "mach_null_trap failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

const char *
bench_msg_self_null(struct bench_run *run)
{
	union bench_msg msg;
	mach_port_t port = mach_reply_port();

	if (!MACH_PORT_VALID(port))
		return "mach_reply_port failed";
	for (int i = 0; i < bench_total(run); i++) {
		msg.bm_header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		msg.bm_header.msgh_size = sizeof(mach_msg_header_t);
		msg.bm_header.msgh_remote_port = port;
		msg.bm_header.msgh_local_port = MACH_PORT_NULL;
		msg.bm_header.msgh_id = BENCH_MSG_NULL;
		uint64_t start = bench_clock_start();
		mach_msg_return_t mr = mach_msg_trap(
		    &msg.bm_header, MACH_SEND_MSG | MACH_RCV_MSG,
		    sizeof(mach_msg_header_t), sizeof(msg), port, 0);
		uint64_t stop = bench_clock_stop();
		if (mr != MACH_MSG_SUCCESS ||
		    msg.bm_header.msgh_id != BENCH_MSG_NULL)
			return "mach_msg to oneself failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

/* A message to oneself with a port descriptor, and room for a trailer. */
struct bench_port_msg {
	mach_msg_header_t bp_header;
	mach_msg_body_t bp_body;
	mach_msg_port_descriptor_t bp_port;
};

union bench_port_room {
	struct bench_port_msg bp_msg;
	char bp_room[sizeof(struct bench_port_msg) + 64];
};

const char *
bench_msg_self_port(struct bench_run *run)
{
	union bench_port_room room;
	struct bench_port_msg *msg = &room.bp_msg;
	mach_port_t self = mach_task_self();
	mach_port_t port = mach_reply_port();
	mach_port_t carried = mach_reply_port();
	const char *why = NULL;

	if (!MACH_PORT_VALID(port) || !MACH_PORT_VALID(carried))
		return "mach_reply_port failed";
	for (int i = 0; i < bench_total(run) && why == NULL; i++) {
		memset(msg, 0, sizeof(*msg));
		msg->bp_header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) |
		    MACH_MSGH_BITS_COMPLEX;
		msg->bp_header.msgh_size = sizeof(*msg);
		msg->bp_header.msgh_remote_port = port;
		msg->bp_header.msgh_id = BENCH_MSG_NULL;
		msg->bp_body.msgh_descriptor_count = 1;
		msg->bp_port.name = carried;
		msg->bp_port.disposition = MACH_MSG_TYPE_MAKE_SEND;
		msg->bp_port.type = MACH_MSG_PORT_DESCRIPTOR;
		uint64_t start = bench_clock_start();
		mach_msg_return_t mr =
		    mach_msg_trap(&msg->bp_header, MACH_SEND_MSG | MACH_RCV_MSG,
				  sizeof(*msg), sizeof(room), port, 0);
		uint64_t stop = bench_clock_stop();
		if (mr != MACH_MSG_SUCCESS ||
		    msg->bp_header.msgh_id != BENCH_MSG_NULL ||
		    msg->bp_port.name != carried ||
		    msg->bp_port.disposition != MACH_MSG_TYPE_PORT_SEND)
			why = "mach_msg with a port right to oneself failed";
		else
			bench_record(run, i, start, stop);
		/* The send right it brought goes (the receive right stays). */
		if (mach_port_deallocate(self, carried) != KERN_SUCCESS &&
		    why == NULL)
			why = "mach_port_deallocate failed";
	}
	mach_port_destroy(self, carried);
	mach_port_destroy(self, port);
	return why;
}

/* A message to oneself with 1 KiB of inline data, and room for a trailer. */
#define BENCH_INLINE_1K 1024

struct bench_inline_msg {
	mach_msg_header_t bi_header;
	char bi_data[BENCH_INLINE_1K];
};

union bench_inline_room {
	struct bench_inline_msg bi_msg;
	char bi_room[sizeof(struct bench_inline_msg) + 64];
};

const char *
bench_msg_self_1k(struct bench_run *run)
{
	static union bench_inline_room room;
	struct bench_inline_msg *msg = &room.bi_msg;
	mach_port_t port = mach_reply_port();

	if (!MACH_PORT_VALID(port))
		return "mach_reply_port failed";
	memset(msg->bi_data, 0x5a, sizeof(msg->bi_data));
	for (int i = 0; i < bench_total(run); i++) {
		msg->bi_header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		msg->bi_header.msgh_size = sizeof(*msg);
		msg->bi_header.msgh_remote_port = port;
		msg->bi_header.msgh_local_port = MACH_PORT_NULL;
		msg->bi_header.msgh_id = BENCH_MSG_NULL;
		uint64_t start = bench_clock_start();
		mach_msg_return_t mr =
		    mach_msg_trap(&msg->bi_header, MACH_SEND_MSG | MACH_RCV_MSG,
				  sizeof(*msg), sizeof(room), port, 0);
		uint64_t stop = bench_clock_stop();
		if (mr != MACH_MSG_SUCCESS ||
		    msg->bi_header.msgh_id != BENCH_MSG_NULL ||
		    msg->bi_header.msgh_size != sizeof(*msg) ||
		    msg->bi_data[BENCH_INLINE_1K - 1] != 0x5a)
			return "mach_msg of 1 KiB to oneself failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

/* One null RPC (or the quit request) to server, on reply; not timed. */
static inline void
bench_rpc_request(union bench_msg *msg, mach_port_t server, mach_port_t reply,
		  mach_msg_id_t id)
{
	msg->bm_header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						  MACH_MSG_TYPE_MAKE_SEND_ONCE);
	msg->bm_header.msgh_size = sizeof(mach_msg_header_t);
	msg->bm_header.msgh_remote_port = server;
	msg->bm_header.msgh_local_port = reply;
	msg->bm_header.msgh_id = id;
}

static int
bench_rpc_good_reply(const union bench_msg *msg, mach_msg_return_t mr,
		     mach_msg_id_t id)
{
	return mr == MACH_MSG_SUCCESS &&
	       msg->bm_header.msgh_id == id + BENCH_MSG_REPLY;
}

/* One null RPC in registers: a bare request with a send-once reply
 * right; the client waits on reply for the bare reply. */
static inline mach_msg_return_t
bench_rpc_call_regs(mach_port_t server, mach_port_t reply, mach_msg_id_t *id)
{
	struct mach_msg_regs m = {
	    .mr_option = MACH_SEND_MSG | MACH_RCV_MSG,
	    .mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE),
	    .mr_size = sizeof(mach_msg_header_t),
	    .mr_remote = server,
	    .mr_local = reply,
	    .mr_id = BENCH_MSG_NULL_REGS,
	    .mr_rcv_name = reply,
	};
	mach_msg_return_t mr = mach_msg_regs_trap(&m);
	*id = m.mr_id;
	return mr;
}

/* What bench_rpc_client_regs returns when the kernel has no register
 * trap (regipc=off): the row then goes by mach_msg. */
static const char bench_regs_refused[] = "the register trap is refused";

/* The register rows' loop: one register trap timed per iteration.  (Not
 * inlined: tools/bench-profile.pl finds its timed region by its name.) */
static const char *__attribute__((noinline))
bench_rpc_client_regs(struct bench_run *run, mach_port_t server,
		      mach_port_t reply)
{
	for (int i = 0; i < bench_total(run); i++) {
		mach_msg_id_t id;
		uint64_t start = bench_clock_start();
		mach_msg_return_t mr = bench_rpc_call_regs(server, reply, &id);
		uint64_t stop = bench_clock_stop();
		if (mr == KERN_INVALID_ARGUMENT && i == 0)
			return bench_regs_refused;
		if (mr != MACH_MSG_SUCCESS ||
		    id != BENCH_MSG_NULL_REGS + BENCH_MSG_REPLY)
			return "a null RPC in registers failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

void
bench_rpc_exit(mach_port_t server)
{
	union bench_msg msg;

	msg.bm_header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	msg.bm_header.msgh_size = sizeof(mach_msg_header_t);
	msg.bm_header.msgh_remote_port = server;
	msg.bm_header.msgh_local_port = MACH_PORT_NULL;
	msg.bm_header.msgh_id = BENCH_MSG_EXIT;
	mach_msg_trap(&msg.bm_header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		      sizeof(mach_msg_header_t), 0, MACH_PORT_NULL,
		      QUIT_TIMEOUT_MS);
}

/* The FPU rows' loop: a floating-point addition and one mach_msg_trap
 * timed per iteration.  (Not inlined, as bench_rpc_client_regs.) */
static const char *__attribute__((noinline))
bench_rpc_client_fpu(struct bench_run *run, mach_port_t server,
		     mach_port_t reply)
{
	union bench_msg msg;

	for (int i = 0; i < bench_total(run); i++) {
		bench_rpc_request(&msg, server, reply, BENCH_MSG_NULL_FPU);
		uint64_t start = bench_clock_start();
		bench_fpu_touch();
		mach_msg_return_t mr = mach_msg_trap(
		    &msg.bm_header, MACH_SEND_MSG | MACH_RCV_MSG,
		    sizeof(mach_msg_header_t), sizeof(msg), reply, 0);
		uint64_t stop = bench_clock_stop();
		if (!bench_rpc_good_reply(&msg, mr, BENCH_MSG_NULL_FPU))
			return "a null RPC with the FPU failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

const char *
bench_rpc_client(struct bench_run *run, mach_port_t server,
		 enum bench_rpc_kind kind)
{
	union bench_msg msg;
	mach_port_t reply = mach_reply_port();
	const char *why = NULL;
	mach_msg_return_t mr;

	if (!MACH_PORT_VALID(reply))
		return "mach_reply_port failed";
	if (kind == BENCH_RPC_REGS)
		why = bench_rpc_client_regs(run, server, reply);
	if (why == bench_regs_refused) {
		/* As an IDL stub's mach_msg_regs: mach_msg instead. */
		why = NULL;
		kind = BENCH_RPC_MSG;
	}
	if (kind == BENCH_RPC_FPU)
		why = bench_rpc_client_fpu(run, server, reply);
	for (int i = 0;
	     kind == BENCH_RPC_MSG && i < bench_total(run) && why == NULL;
	     i++) {
		bench_rpc_request(&msg, server, reply, BENCH_MSG_NULL);
		uint64_t start = bench_clock_start();
		mr = mach_msg_trap(&msg.bm_header, MACH_SEND_MSG | MACH_RCV_MSG,
				   sizeof(mach_msg_header_t), sizeof(msg),
				   reply, 0);
		uint64_t stop = bench_clock_stop();
		if (bench_rpc_good_reply(&msg, mr, BENCH_MSG_NULL))
			bench_record(run, i, start, stop);
		else
			why = "a null RPC failed";
	}
	/* The server waits for this even after a failure (if it can). */
	bench_rpc_request(&msg, server, reply, BENCH_MSG_QUIT);
	mr = mach_msg_trap(
	    &msg.bm_header,
	    MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT,
	    sizeof(mach_msg_header_t), sizeof(msg), reply, QUIT_TIMEOUT_MS);
	if (why == NULL && !bench_rpc_good_reply(&msg, mr, BENCH_MSG_QUIT))
		why = "the server did not answer the quit request";
	mach_port_destroy(mach_task_self(), reply);
	return why;
}

/* The server thread of rpc_2threads_*; returns bench_rpc_serve's result. */
static void *
bench_server_thread(void *port)
{
	return (void *)(long)bench_rpc_serve((mach_port_t)(long)port);
}

/* A null RPC row between two threads, in the manner kind. */
static const char *
bench_rpc_2threads(struct bench_run *run, enum bench_rpc_kind kind)
{
	mach_port_t port = mach_reply_port();
	mach_thread_t server;
	void *result;

	if (!MACH_PORT_VALID(port))
		return "mach_reply_port failed";
	if (mach_port_insert_right(mach_task_self(), port, port,
				   MACH_MSG_TYPE_MAKE_SEND) != KERN_SUCCESS)
		return "mach_port_insert_right failed";
	if (mach_thread_create(&server, bench_server_thread,
			       (void *)(long)port) != KERN_SUCCESS)
		return "could not start the server thread";
	const char *why = bench_rpc_client(run, port, kind);
	/* After a failure the server may still wait: destroying the port
	 * ends its receive. */
	if (why != NULL)
		mach_port_destroy(mach_task_self(), port);
	else
		bench_rpc_exit(port);
	if (mach_thread_join(server, &result) != KERN_SUCCESS)
		return "could not join the server thread";
	if (why == NULL && (mach_msg_return_t)(long)result != MACH_MSG_SUCCESS)
		why = "the server thread failed";
	if (why == NULL)
		mach_port_destroy(mach_task_self(), port);
	return why;
}

const char *
bench_rpc_2threads_null(struct bench_run *run)
{
	return bench_rpc_2threads(run, BENCH_RPC_MSG);
}

const char *
bench_rpc_2threads_regs(struct bench_run *run)
{
	return bench_rpc_2threads(run, BENCH_RPC_REGS);
}

const char *
bench_rpc_2threads_fpu(struct bench_run *run)
{
	return bench_rpc_2threads(run, BENCH_RPC_FPU);
}
