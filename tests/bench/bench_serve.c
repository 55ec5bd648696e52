/*
 * The server side of the null RPC rows: a receive loop shaped like every
 * Mach server's (one receive, then "reply and receive the next" in one
 * trap), which turns each request into its reply in place.  Used by the
 * server thread of rpc_2threads_null and by the bench_server task of
 * rpc_2tasks_null; it reads no clock.
 */
#include "bench.h"

#include <mach/mach_ipc.h>

/* Turns the request in msg into its reply, in place. */
static void
bench_rpc_make_reply(union bench_msg *msg)
{
	mach_msg_header_t *header = &msg->bm_header;

	header->msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(header->msgh_bits), 0);
	header->msgh_size = sizeof(mach_msg_header_t);
	header->msgh_local_port = MACH_PORT_NULL;
	header->msgh_id += BENCH_MSG_REPLY;
}

mach_msg_return_t
bench_rpc_serve(mach_port_t port)
{
	union bench_msg msg;
	mach_msg_return_t mr = mach_msg_trap(&msg.bm_header, MACH_RCV_MSG, 0,
					     sizeof(msg), port, 0);

	while (mr == MACH_MSG_SUCCESS) {
		int quit = msg.bm_header.msgh_id == BENCH_MSG_QUIT;
		bench_rpc_make_reply(&msg);
		if (quit)
			return mach_msg_trap(&msg.bm_header, MACH_SEND_MSG,
					     sizeof(mach_msg_header_t), 0,
					     MACH_PORT_NULL, 0);
		mr = mach_msg_trap(&msg.bm_header, MACH_SEND_MSG | MACH_RCV_MSG,
				   sizeof(mach_msg_header_t), sizeof(msg), port,
				   0);
	}
	return mr;
}
