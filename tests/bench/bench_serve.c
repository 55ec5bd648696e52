/*
 * The server side of the null RPC rows: a receive loop shaped like every
 * Mach server's (one receive, then "reply and receive the next" in one
 * trap), which answers each request in the trap it came by.  Used by the
 * server thread of rpc_2threads_null and by the bench_server task of
 * rpc_2tasks_null; it reads no clock.
 */
#include "bench.h"

#include <mach/mach_ipc.h>
#include <mach/mach_msg_regs.h>

/* What the loop needs of a request, whichever trap it came by. */
struct bench_request {
	mach_msg_return_t br_result;
	mach_msg_id_t br_id;
	mach_msg_bits_t br_bits;
	mach_port_t br_reply;
};

/* Replies to request in mach_msg and receives the next there. */
static void
bench_rpc_reply_msg(struct bench_request *request, mach_port_t port)
{
	union bench_msg msg;

	msg.bm_header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(request->br_bits), 0);
	msg.bm_header.msgh_size = sizeof(mach_msg_header_t);
	msg.bm_header.msgh_remote_port = request->br_reply;
	msg.bm_header.msgh_local_port = MACH_PORT_NULL;
	msg.bm_header.msgh_id = request->br_id + BENCH_MSG_REPLY;
	request->br_result =
	    mach_msg_trap(&msg.bm_header, MACH_SEND_MSG | MACH_RCV_MSG,
			  sizeof(mach_msg_header_t), sizeof(msg), port, 0);
	request->br_id = msg.bm_header.msgh_id;
	request->br_bits = msg.bm_header.msgh_bits;
	request->br_reply = msg.bm_header.msgh_remote_port;
}

/* The same in the register trap. */
static void
bench_rpc_reply_regs(struct bench_request *request, mach_port_t port)
{
	struct mach_msg_regs m = {
	    .mr_option = MACH_SEND_MSG | MACH_RCV_MSG,
	    .mr_bits =
		MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(request->br_bits), 0),
	    .mr_size = sizeof(mach_msg_header_t),
	    .mr_remote = request->br_reply,
	    .mr_id = request->br_id + BENCH_MSG_REPLY,
	    .mr_rcv_name = port,
	};

	request->br_result = mach_msg_regs_trap(&m);
	request->br_id = m.mr_id;
	request->br_bits = m.mr_bits;
	request->br_reply = m.mr_remote;
}

mach_msg_return_t
bench_rpc_serve(mach_port_t port)
{
	union bench_msg msg;
	struct bench_request request;

	request.br_result = mach_msg_trap(&msg.bm_header, MACH_RCV_MSG, 0,
					  sizeof(msg), port, 0);
	request.br_id = msg.bm_header.msgh_id;
	request.br_bits = msg.bm_header.msgh_bits;
	request.br_reply = msg.bm_header.msgh_remote_port;
	while (request.br_result == MACH_MSG_SUCCESS &&
	       request.br_id != BENCH_MSG_EXIT) {
		if (request.br_id == BENCH_MSG_NULL_REGS)
			bench_rpc_reply_regs(&request, port);
		else
			bench_rpc_reply_msg(&request, port);
	}
	return request.br_result;
}
