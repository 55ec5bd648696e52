/*
 * The server side of the null RPC rows: a receive loop shaped like every
 * Mach server's (one receive, then "reply and receive the next" in one
 * trap), which answers each request in the trap it came by.  Used by the
 * server thread of rpc_2threads_null and by the bench_server task of
 * rpc_2tasks_null; it reads no clock.  And the message-size sweep's
 * server loop (bench_sweep_serve, a thread of bench_server), of the same
 * shape, which sends each request back as its reply.
 */
#include "bench.h"

#include <mach/mach_ipc.h>
#include <mach/mach_msg_regs.h>
#include <mach/mig_support.h>

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

/*
 * Serves the register request in msg and the next ones in registers,
 * until one comes that is not BENCH_MSG_NULL_REGS: it is left in msg.
 * Returns the first error, or MACH_MSG_SUCCESS.
 */
static mach_msg_return_t __attribute__((noinline))
bench_rpc_serve_regs(mach_port_t port, union bench_msg *msg)
{
	struct mach_msg_regs m = {
	    .mr_bits = msg->bm_header.msgh_bits,
	    .mr_remote = msg->bm_header.msgh_remote_port,
	    .mr_id = msg->bm_header.msgh_id,
	};
	mach_msg_return_t mr;

	do {
		/* (The timeout's half of MR0 held the sender's token.) */
		m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
		m.mr_timeout = 0;
		m.mr_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(m.mr_bits), 0);
		m.mr_size = sizeof(mach_msg_header_t);
		m.mr_local = MACH_PORT_NULL;
		m.mr_id += BENCH_MSG_REPLY;
		m.mr_rcv_name = port;
		mr = mach_msg_regs_trap(&m);
	} while (mr == MACH_MSG_SUCCESS && m.mr_id == BENCH_MSG_NULL_REGS);
	msg->bm_header.msgh_bits = m.mr_bits;
	msg->bm_header.msgh_size = m.mr_size;
	msg->bm_header.msgh_remote_port = m.mr_remote;
	msg->bm_header.msgh_local_port = m.mr_local;
	msg->bm_header.msgh_id = m.mr_id;
	return mr;
}

mach_msg_return_t
bench_rpc_serve(mach_port_t port)
{
	union bench_msg msg;
	mach_msg_return_t mr = mach_msg_trap(&msg.bm_header, MACH_RCV_MSG, 0,
					     sizeof(msg), port, 0);

	while (mr == MACH_MSG_SUCCESS) {
		if (msg.bm_header.msgh_id == BENCH_MSG_EXIT)
			return MACH_MSG_SUCCESS;
		if (msg.bm_header.msgh_id == BENCH_MSG_NULL_REGS) {
			mr = bench_rpc_serve_regs(port, &msg);
			continue;
		}
		if (msg.bm_header.msgh_id == BENCH_MSG_NULL_FPU)
			bench_fpu_touch();
		bench_rpc_make_reply(&msg);
		mr = mach_msg_trap(&msg.bm_header, MACH_SEND_MSG | MACH_RCV_MSG,
				   sizeof(mach_msg_header_t), sizeof(msg), port,
				   0);
	}
	return mr;
}

mach_msg_return_t
bench_sweep_serve(mach_port_t port)
{
	static union bench_sweep_room room;
	mach_msg_header_t *header = &room.bs_header;
	mach_msg_return_t mr = mach_msg(header, MACH_RCV_MSG, 0, sizeof(room),
					port, 0, MACH_PORT_NULL);

	while (mr == MACH_MSG_SUCCESS && header->msgh_id != BENCH_MSG_EXIT) {
		mach_msg_id_t id = header->msgh_id;
		mach_msg_bits_t bits = header->msgh_bits;
		header->msgh_bits =
		    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(bits), 0) |
		    (bits & MACH_MSGH_BITS_COMPLEX);
		header->msgh_local_port = MACH_PORT_NULL;
		header->msgh_id += BENCH_MSG_REPLY;
		if (id == BENCH_MSG_SWEEP_OOL) /* the region goes back */
			room.bs_ool.bo_data.deallocate = TRUE;
		mr = (id == BENCH_MSG_SWEEP_REGS ? mach_msg_regs : mach_msg)(
		    header, MACH_SEND_MSG | MACH_RCV_MSG, header->msgh_size,
		    sizeof(room), port, 0, MACH_PORT_NULL);
	}
	return mr;
}
