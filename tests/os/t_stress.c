/*
 * IPC under load: a ring of threads passes messages that carry every
 * kind of right (a receive right, a send right, a send-once right) and
 * out-of-line memory, for a bounded number of rounds; every right and
 * region received is checked and released.  Afterwards the kernel's
 * counts of ports, messages, zone objects, threads and free pages are
 * back where they started.
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <mach/vm_map.h>
#include <stdlib.h>
#include <string.h>

#define WORKERS	   6
#define ROUNDS	   150
#define STACK_SIZE (64 * 1024)
#define OOL_MAX	   (3 * 4096 + 123)
#define NEST_DEPTH 3000

struct stress_msg {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t receive; /* a fresh port's receive right */
	mach_msg_port_descriptor_t send;    /* the sender's port: send */
	mach_msg_port_descriptor_t once;    /* the sender's port: send-once */
	mach_msg_ool_descriptor_t data;
	int sender, round;
};

struct rcv_buffer {
	struct stress_msg msg;
	char trailer[MAX_TRAILER_SIZE];
};

static mach_port_t self;
static mach_port_t ports[WORKERS];
static volatile int done, errors, notifications;

static char
pattern(int sender, int round, size_t i)
{
	return (char)(sender * 31 + round * 7 + i);
}

static int
send_round(int me, int round, char *data, size_t size)
{
	struct stress_msg msg;
	mach_port_t fresh;

	if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &fresh) !=
	    KERN_SUCCESS)
		return 0;
	for (size_t i = 0; i < size; i++)
		data[i] = pattern(me, round, i);
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_remote_port = ports[(me + 1) % WORKERS];
	msg.header.msgh_id = 1000 + round;
	msg.body.msgh_descriptor_count = 4;
	msg.receive = (mach_msg_port_descriptor_t){
	    .name = fresh,
	    .disposition = MACH_MSG_TYPE_MOVE_RECEIVE,
	    .type = MACH_MSG_PORT_DESCRIPTOR};
	msg.send =
	    (mach_msg_port_descriptor_t){.name = ports[me],
					 .disposition = MACH_MSG_TYPE_MAKE_SEND,
					 .type = MACH_MSG_PORT_DESCRIPTOR};
	msg.once = (mach_msg_port_descriptor_t){
	    .name = ports[me],
	    .disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    .type = MACH_MSG_PORT_DESCRIPTOR};
	msg.data = (mach_msg_ool_descriptor_t){.address = data,
					       .size = (mach_msg_size_t)size,
					       .copy = MACH_MSG_PHYSICAL_COPY,
					       .type = MACH_MSG_OOL_DESCRIPTOR};
	msg.sender = me;
	msg.round = round;
	return mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0) ==
	       MACH_MSG_SUCCESS;
}

/* Receives the next data message, counting notifications on the way. */
static int
receive_round(int me, struct rcv_buffer *buf)
{
	for (;;) {
		if (mach_msg(&buf->msg.header, MACH_RCV_MSG, 0, sizeof(*buf),
			     ports[me], 0, 0) != MACH_MSG_SUCCESS)
			return 0;
		if (buf->msg.header.msgh_id != MACH_NOTIFY_SEND_ONCE)
			return 1;
		__atomic_add_fetch(&notifications, 1, __ATOMIC_SEQ_CST);
	}
}

/* Checks one message and releases everything it brought. */
static int
check_and_release(struct stress_msg *msg)
{
	int ok = msg->data.size > 0 && msg->data.address != NULL;
	for (size_t i = 0; ok && i < msg->data.size; i++) {
		ok = ((char *)msg->data.address)[i] ==
		     pattern(msg->sender, msg->round, i);
		if (!ok)
			tap_diag("data byte %zu of %u at %p: %d, not %d "
				 "(sender %d round %d)",
				 i, msg->data.size, msg->data.address,
				 ((char *)msg->data.address)[i],
				 pattern(msg->sender, msg->round, i),
				 msg->sender, msg->round);
	}
	mach_port_type_t type = 0;
	mach_port_type(self, msg->receive.name, &type);
	if (type != MACH_PORT_TYPE_RECEIVE)
		tap_diag("the received right's type: %#x", type);
	ok &= type == MACH_PORT_TYPE_RECEIVE;
	ok &= mach_port_destroy(self, msg->receive.name) == KERN_SUCCESS;
	ok &= mach_port_deallocate(self, msg->send.name) == KERN_SUCCESS;
	ok &= mach_port_deallocate(self, msg->once.name) == KERN_SUCCESS;
	ok &= vm_deallocate(self, (vm_address_t)msg->data.address,
			    msg->data.size) == KERN_SUCCESS;
	return ok;
}

static void
worker(void *arg)
{
	int me = (int)(uintptr_t)arg;
	static struct rcv_buffer bufs[WORKERS];
	static char datas[WORKERS][OOL_MAX];
	int bad = 0;

	for (int round = 0; round < ROUNDS; round++) {
		size_t size = 1 + (size_t)(round * 997 + me * 131) % OOL_MAX;
		int step = !send_round(me, round, datas[me], size) ? 1
			   : !receive_round(me, &bufs[me])	   ? 2
			   : !check_and_release(&bufs[me].msg)	   ? 3
								   : 0;
		if (step != 0) {
			tap_diag("worker %d round %d: step %d failed", me,
				 round, step);
			bad++;
		}
	}
	__atomic_add_fetch(&errors, bad, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
}

/* Takes the send-once notifications still queued on a port. */
static void
drain(mach_port_t port)
{
	struct rcv_buffer buf;
	while (mach_msg(&buf.msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(buf), port, 0, 0) == MACH_MSG_SUCCESS)
		if (buf.msg.header.msgh_id == MACH_NOTIFY_SEND_ONCE)
			notifications++;
}

/*
 * Receive rights nested in queued messages, each port's queue holding
 * the receive right of the one before: destroying the outermost destroys
 * them all, however deep (the kernel must not recurse that deep).
 */
static int
nest_receive_rights(int depth)
{
	mach_port_t inner, outer;
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t right;
	} msg;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &inner);
	for (int i = 0; i < depth; i++) {
		if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &outer) !=
		    KERN_SUCCESS)
			return i;
		memset(&msg, 0, sizeof(msg));
		msg.header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) |
		    MACH_MSGH_BITS_COMPLEX;
		msg.header.msgh_remote_port = outer;
		msg.body.msgh_descriptor_count = 1;
		msg.right.name = inner;
		msg.right.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
		msg.right.type = MACH_MSG_PORT_DESCRIPTOR;
		if (mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0,
			     0) != MACH_MSG_SUCCESS)
			return i;
		inner = outer;
	}
	mach_port_destroy(self, inner);
	return depth;
}

int
main(void)
{
	struct kernel_stats before, after;
	static char stacks[WORKERS][STACK_SIZE] __attribute__((aligned(16)));

	self = mach_task_self();
	tap_plan(10);
	for (int i = 0; i < WORKERS; i++) {
		mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &ports[i]);
		mach_port_set_qlimit(self, ports[i], 64);
	}
	/* A first run grows the name space table to its working size. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			mach_kernel_stats(&before);
		done = errors = notifications = 0;
		for (int i = 0; i < WORKERS; i++)
			thread_spawn(worker, (void *)(uintptr_t)i, stacks[i],
				     STACK_SIZE);
		while (done < WORKERS)
			swtch_pri(0);
		for (int i = 0; i < WORKERS; i++)
			drain(ports[i]);
		swtch_pri(0); /* the last worker is freed by the next switch */
	}
	mach_kernel_stats(&after);
	struct kernel_stats nested;
	tap_is_int(nest_receive_rights(NEST_DEPTH), NEST_DEPTH,
		   "%d receive rights nested in queued messages", NEST_DEPTH);
	mach_kernel_stats(&nested);
	tap_is_int(nested.ks_ipc_ports, after.ks_ipc_ports,
		   "destroying the outermost destroyed them all (ports)");
	tap_is_int(nested.ks_ipc_kmsgs, after.ks_ipc_kmsgs,
		   "and their messages");

	tap_is_int(errors, 0, "%d workers x %d rounds of rights and memory",
		   WORKERS, ROUNDS);
	tap_is_int(notifications, WORKERS * ROUNDS,
		   "one send-once notification per unused send-once right");
	tap_is_int(after.ks_ipc_ports, before.ks_ipc_ports,
		   "ports alive afterwards");
	tap_is_int(after.ks_ipc_kmsgs, before.ks_ipc_kmsgs,
		   "messages in the kernel afterwards");
	tap_is_int(after.ks_threads, before.ks_threads, "threads afterwards");
	tap_is_int(after.ks_ipc_spaces, before.ks_ipc_spaces,
		   "name spaces afterwards");
	tap_is_int(counts_pages(&after), counts_pages(&before),
		   "pages afterwards (free or this task's)");
	return tap_done();
}
