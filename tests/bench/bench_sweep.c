/*
 * The message-size sweep: a round trip between two tasks, bench and
 * bench_server (bench_tasks.c finds it), for messages of a range of
 * sizes, each size one row.  A row's name says what it carries:
 *
 *	regs_sweep_N	N bytes of inline data after the header, sent and
 *			received with libmach's mach_msg_regs (the IDL
 *			stubs' call): in registers while the message fits
 *			them (N <= 56, MACH_MSG_REGS_SIZE_MAX less the
 *			header), with mach_msg above
 *	mach_sweep_N	the same with libmach's mach_msg
 *	ool_sweep_N	one out-of-line region of N bytes (mach_msg; the
 *			register path takes no descriptors)
 *
 * One iteration is the client's one call with MACH_SEND_MSG |
 * MACH_RCV_MSG: the request (COPY_SEND of the server's port,
 * MAKE_SEND_ONCE of a reply port) goes to bench_server's sweep thread
 * (bench_sweep_serve, bench_serve.c), which sends the same message back
 * as the reply, in the call the request came by, and receives the next.
 * So the data crosses twice.  An out-of-line region goes back with the
 * deallocate flag (it leaves the server) and the client deallocates the
 * region it receives outside the timed part; the region sent is written
 * once before the first iteration, so its pages exist and go
 * copy-on-write.
 *
 * The largest inline message is MACH_MSG_SIZE_MAX (64 KiB) with its
 * header: N = 65512; the kernel refuses a larger one
 * (MACH_SEND_TOO_LARGE).
 */
#include "bench.h"

#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mig_support.h>
#include <mach/vm_map.h>
#include <stdlib.h>
#include <string.h>

/* The size of a row: the number its name ends with. */
static mach_msg_size_t
bench_sweep_size(const char *name)
{
	const char *at = strstr(name, "_sweep_");
	return at != NULL ? (mach_msg_size_t)strtoul(at + 7, NULL, 10) : 0;
}

/* The request of a row, in room, before each iteration. */
static mach_msg_size_t
bench_sweep_compose(union bench_sweep_room *room, mach_msg_id_t id,
		    mach_msg_size_t size, void *region, mach_port_t server,
		    mach_port_t reply)
{
	mach_msg_header_t *header = &room->bs_header;
	mach_msg_size_t send_size = sizeof(*header) + size;

	header->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	if (id == BENCH_MSG_SWEEP_OOL) {
		struct bench_sweep_ool *msg = &room->bs_ool;
		header->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		send_size = sizeof(*msg);
		msg->bo_body.msgh_descriptor_count = 1;
		msg->bo_data.address = region;
		msg->bo_data.size = size;
		msg->bo_data.deallocate = FALSE;
		msg->bo_data.copy = MACH_MSG_VIRTUAL_COPY;
		msg->bo_data.type = MACH_MSG_OOL_DESCRIPTOR;
	}
	header->msgh_size = send_size;
	header->msgh_remote_port = server;
	header->msgh_local_port = reply;
	header->msgh_id = id;
	return send_size;
}

/* Whether the reply in room is the request of size bytes sent back. */
static int
bench_sweep_good_reply(const union bench_sweep_room *room, mach_msg_id_t id,
		       mach_msg_size_t send_size, mach_msg_size_t size)
{
	const struct bench_sweep_ool *msg = &room->bs_ool;

	if (room->bs_header.msgh_id != id + BENCH_MSG_REPLY ||
	    room->bs_header.msgh_size != send_size)
		return 0;
	if (id != BENCH_MSG_SWEEP_OOL)
		return size == 0 || room->bs_data[size - 1] == 0x5a;
	return msg->bo_data.address != NULL && msg->bo_data.size == size;
}

/* The round trips of one row, to server; the caller makes reply.  (Not
 * inlined: tools/bench-profile.pl finds its timed region by its name.) */
static const char *__attribute__((noinline))
bench_sweep_run(struct bench_run *run, mach_msg_id_t id, mach_msg_size_t size,
		mach_port_t server, mach_port_t reply)
{
	static union bench_sweep_room room;
	mach_port_t self = mach_task_self();
	vm_address_t region = 0;
	const char *why = NULL;

	if (id == BENCH_MSG_SWEEP_OOL) {
		if (vm_allocate(self, &region, size, TRUE) != KERN_SUCCESS)
			return "vm_allocate failed";
		memset((void *)region, 0x5a, size);
	} else if (size > MACH_MSG_SIZE_MAX - sizeof(mach_msg_header_t)) {
		return "larger than the largest inline message";
	} else {
		memset(room.bs_data, 0x5a, size);
	}
	for (int i = 0; i < bench_total(run) && why == NULL; i++) {
		mach_msg_size_t send_size = bench_sweep_compose(
		    &room, id, size, (void *)region, server, reply);
		mach_msg_option_t option = MACH_SEND_MSG | MACH_RCV_MSG;
		uint64_t start = bench_clock_start();
		mach_msg_return_t mr =
		    id == BENCH_MSG_SWEEP_REGS
			? mach_msg_regs(&room.bs_header, option, send_size,
					sizeof(room), reply, 0, MACH_PORT_NULL)
			: mach_msg(&room.bs_header, option, send_size,
				   sizeof(room), reply, 0, MACH_PORT_NULL);
		uint64_t stop = bench_clock_stop();
		if (mr != MACH_MSG_SUCCESS ||
		    !bench_sweep_good_reply(&room, id, send_size, size))
			why = "a round trip failed";
		else
			bench_record(run, i, start, stop);
		if (mr == MACH_MSG_SUCCESS && id == BENCH_MSG_SWEEP_OOL &&
		    room.bs_ool.bo_data.address != NULL)
			vm_deallocate(self,
				      (vm_address_t)room.bs_ool.bo_data.address,
				      room.bs_ool.bo_data.size);
	}
	if (region != 0)
		vm_deallocate(self, region, size);
	return why;
}

const char *
bench_sweep(struct bench_run *run)
{
	mach_msg_id_t id;
	mach_port_t server, reply;
	const char *why;

	if (strncmp(run->br_name, "regs_", 5) == 0)
		id = BENCH_MSG_SWEEP_REGS;
	else if (strncmp(run->br_name, "mach_", 5) == 0)
		id = BENCH_MSG_SWEEP_MACH;
	else if (strncmp(run->br_name, "ool_", 4) == 0)
		id = BENCH_MSG_SWEEP_OOL;
	else
		return "not a sweep row's name";
	why = bench_tasks_sweep_server(&server);
	if (why != NULL)
		return why;
	reply = mach_reply_port();
	if (!MACH_PORT_VALID(reply))
		return "mach_reply_port failed";
	why = bench_sweep_run(run, id, bench_sweep_size(run->br_name), server,
			      reply);
	mach_port_destroy(mach_task_self(), reply);
	return why;
}
