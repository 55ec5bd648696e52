/*
 * Messages: mach_msg with random headers, bits, sizes, names,
 * descriptor counts and types, out-of-line regions that are unmapped,
 * partly mapped, in the kernel half or non-canonical; receives into
 * hostile buffers with every trailer request; and scenarios that reach
 * the message path's corners: full queues, rights moved into messages
 * queued on their own port, raw requests to kernel objects.
 *
 * A message is built in the calling thread's scratch buffer: its first
 * FZ_MSG_AREA bytes hold messages, the rest the name arrays of
 * out-of-line port descriptors.  A worker thread never waits in a call
 * of its own unless may_block says it may (threads.c's scripts).
 */
#include "fuzz.h"

#include <mach/notify.h>
#include <string.h>

#define FZ_MSG_AREA	  (68 * 1024)
#define FZ_ARRAY_AREA	  (FZ_SCRATCH_SIZE - FZ_MSG_AREA)
#define FZ_DESC_MAX_COUNT 40

mach_msg_id_t
fz_msg_id_filter(mach_msg_id_t id)
{
	return id == FZ_TASK_CREATE_ID ? id + 1 : id;
}

int
fz_msg_harms_self(mach_port_t dest, mach_msg_id_t id)
{
	switch (id) {
	case 3401: /* task_terminate */
	case 3403: /* task_suspend */
	case 3406: /* task_set_special_port */
	case 3801: /* vm_deallocate */
	case 3802: /* vm_protect */
	case 3803: /* vm_write */
	case 3805: /* vm_inherit: its memory shared with a victim */
	case 3806: /* vm_copy */
		return dest == fz_task_self();
	case 3810: /* vm_wire: all of memory, say */
		return dest == fz_world.fw_host_priv && dest != MACH_PORT_NULL;
	case 3600: /* thread_terminate */
	case 3601: /* thread_suspend */
	case 3604: /* thread_set_state */
	case 3608: /* thread_set_priority: below the victims, it starves */
		return dest == fz_thread_self() || dest == fz_world.fw_main;
	default:
		return 0;
	}
}

/* Whether the kernel serves requests of this id (host, mach_port, task,
 * thread, vm_map). */
static int
fz_kernel_range(mach_msg_id_t id)
{
	return (id >= 200 && id < 300) || (id >= 3200 && id < 3300) ||
	       (id >= 3400 && id < 3500) || (id >= 3600 && id < 3700) ||
	       (id >= 3800 && id < 3900);
}

mach_msg_id_t
fz_msg_kernel_id(struct fz_call *call)
{
	static const mach_msg_id_t bases[] = {200, 3200, 3400, 3600, 3800};
	static const mach_msg_id_t spans[] = {2, 16, 9, 10, 10};
	unsigned which = FZ_BELOW(call, FZ_ARRAY_SIZE(bases));

	if (FZ_CHANCE(call, 5))
		return fz_msg_id_filter((mach_msg_id_t)FZ_RAND(call));
	return fz_msg_id_filter(
	    bases[which] + (mach_msg_id_t)FZ_BELOW(call, spans[which] + 1));
}

/* A destination and the disposition that usually fits it. */
static void
fz_pick_dest(struct fz_call *call, mach_port_t *name,
	     mach_msg_type_name_t *disposition)
{
	static const unsigned weights[] = {45, 20, 8, 12, 15};

	switch (fz_weighted(&call->fc_rng, weights, FZ_ARRAY_SIZE(weights))) {
	case 0:
		*name = fz_pick(call, FZ_RECEIVE);
		*disposition = FZ_CHANCE(call, 70)
				   ? MACH_MSG_TYPE_MAKE_SEND
				   : MACH_MSG_TYPE_MAKE_SEND_ONCE;
		break;
	case 1:
		*name = fz_pick(call, FZ_SEND);
		*disposition = FZ_CHANCE(call, 70) ? MACH_MSG_TYPE_COPY_SEND
						   : MACH_MSG_TYPE_MOVE_SEND;
		break;
	case 2:
		*name = fz_pick(call, FZ_ONCE);
		*disposition = MACH_MSG_TYPE_MOVE_SEND_ONCE;
		break;
	case 3:
		*name = fz_pick(call, FZ_KOBJECT);
		*disposition = MACH_MSG_TYPE_COPY_SEND;
		break;
	default:
		*name = fz_pick(call, FZ_ANY);
		*disposition = fz_disposition(call);
		break;
	}
	if (FZ_CHANCE(call, 10))
		*disposition = fz_disposition(call);
}

/* A right to carry: from the pool its disposition needs, mostly. */
static void
fz_pick_carried(struct fz_call *call, mach_port_t *name,
		mach_msg_type_name_t *disposition)
{
	*disposition = fz_disposition(call);
	/* A receive right in a message may end up in a cycle of queues. */
	if (*disposition == MACH_MSG_TYPE_MOVE_RECEIVE &&
	    FZ_AVOIDING(FZ_AVOID_CYCLES))
		*disposition = MACH_MSG_TYPE_MAKE_SEND;
	switch (*disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		*name = fz_pick_mostly(call, FZ_RECEIVE);
		break;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		*name = FZ_CHANCE(call, 70) ? fz_pick(call, FZ_SEND)
					    : fz_pick(call, FZ_KOBJECT);
		break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		*name = fz_pick_mostly(call, FZ_ONCE);
		break;
	default:
		*name = fz_pick(call, FZ_ANY);
		break;
	}
}

/* Writes an array of count names into the array area; its address. */
static uint64_t
fz_name_array(struct fz_call *call, uint32_t count,
	      mach_msg_type_name_t disposition)
{
	mach_port_t *names = (mach_port_t *)(call->fc_scratch + FZ_MSG_AREA);
	uint32_t room = FZ_ARRAY_AREA / sizeof(mach_port_t);

	for (uint32_t i = 0; i < count && i < room; i++) {
		mach_msg_type_name_t unused;
		if (FZ_CHANCE(call, 80))
			fz_pick_carried(call, &names[i], &unused);
		else
			names[i] = fz_pick(call, FZ_ANY);
		(void)disposition;
	}
	if (count <= room && FZ_CHANCE(call, 85))
		return (uint64_t)names;
	return fz_address(call, (uint64_t)count * 4, FZ_READ);
}

/* Fills one descriptor; returns its size in the message. */
static size_t
fz_descriptor(struct fz_call *call, unsigned char *at, int *rights)
{
	unsigned kind = FZ_BELOW(call, 10);

	if (kind < 5) { /* a port */
		mach_msg_port_descriptor_t d;
		mach_msg_type_name_t disposition;
		memset(&d, 0, sizeof(d));
		fz_pick_carried(call, &d.name, &disposition);
		d.disposition = disposition;
		d.type = MACH_MSG_PORT_DESCRIPTOR;
		memcpy(at, &d, sizeof(d));
		(*rights)++;
		fz_say(call, " port(%#x,%u)", d.name, disposition);
		return sizeof(d);
	}
	if (kind < 8) { /* memory */
		mach_msg_ool_descriptor_t d;
		memset(&d, 0, sizeof(d));
		d.size = FZ_CHANCE(call, 85) ? fz_size(call, 3 * FZ_PAGE)
					     : fz_size(call, 1u << 22);
		d.address = (void *)fz_address(call, d.size, FZ_READ);
		d.copy = FZ_CHANCE(call, 80) ? MACH_MSG_PHYSICAL_COPY
					     : FZ_BELOW(call, 256);
		/* deallocate takes the pages away, as vm_deallocate would:
		 * never the worker's own (fz_protected_range). */
		d.deallocate = !FZ_CHANCE(call, 90) &&
			       !fz_protected_range((uint64_t)d.address, d.size);
		d.type = FZ_CHANCE(call, 85) ? MACH_MSG_OOL_DESCRIPTOR
					     : MACH_MSG_OOL_VOLATILE_DESCRIPTOR;
		memcpy(at, &d, sizeof(d));
		fz_say(call, " ool(%p,%u)", d.address, d.size);
		return sizeof(d);
	}
	if (kind < 10 && FZ_CHANCE(call, 90)) { /* an array of rights */
		mach_msg_ool_ports_descriptor_t d;
		mach_msg_type_name_t disposition;
		mach_port_t unused;
		memset(&d, 0, sizeof(d));
		fz_pick_carried(call, &unused, &disposition);
		d.count = FZ_CHANCE(call, 90) ? FZ_BELOW(call, 17)
					      : fz_size(call, 5000);
		d.address = (void *)fz_name_array(call, d.count, disposition);
		d.disposition = disposition;
		d.copy = MACH_MSG_PHYSICAL_COPY;
		d.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
		memcpy(at, &d, sizeof(d));
		*rights += (int)(d.count < 64 ? d.count : 64);
		fz_say(call, " ports(%p,%u,%u)", d.address, d.count,
		       disposition);
		return sizeof(d);
	}
	/* A descriptor of an unknown type, or 12 bytes of anything. */
	for (int i = 0; i < 16; i++)
		at[i] = (unsigned char)FZ_RAND(call);
	if (FZ_CHANCE(call, 50))
		at[11] = 4 + FZ_BELOW(call, 252);
	fz_say(call, " junk(type %u)", at[11]);
	return FZ_CHANCE(call, 50) ? 12 : 16;
}

/*
 * Builds a random message at the start of the message area; returns its
 * size and fills *header's destination for the caller's description.
 */
static mach_msg_size_t
fz_build(struct fz_call *call, mach_msg_header_t *msg, mach_msg_size_t room)
{
	mach_msg_type_name_t remote_disposition, local_disposition = 0;
	mach_port_t remote, local = MACH_PORT_NULL;
	int complex = FZ_CHANCE(call, 45), rights = 0;

	fz_pick_dest(call, &remote, &remote_disposition);
	msg->msgh_id = FZ_CHANCE(call, 50)
			   ? fz_msg_kernel_id(call)
			   : fz_msg_id_filter((mach_msg_id_t)FZ_RAND(call));
	/* A request the kernel may serve needs a reply port: the known bug
	 * of a kernel RPC without one (its reply's rights and memory). */
	int needs_reply =
	    FZ_AVOIDING(FZ_AVOID_NO_REPLY) && fz_kernel_range(msg->msgh_id);
	if (needs_reply || FZ_CHANCE(call, 50)) {
		if (FZ_CHANCE(call, 70)) {
			local = fz_pick(call, FZ_RECEIVE);
			local_disposition = FZ_CHANCE(call, 80)
						? MACH_MSG_TYPE_MAKE_SEND_ONCE
						: MACH_MSG_TYPE_MAKE_SEND;
		} else {
			fz_pick_carried(call, &local, &local_disposition);
		}
	}
	if (needs_reply && local == MACH_PORT_NULL)
		local = fz_world.fw_pools[FZ_RECEIVE].fp_names[0];
	mach_msg_id_t id = msg->msgh_id;
	memset(msg, 0, sizeof(*msg));
	msg->msgh_id = id;
	msg->msgh_bits =
	    MACH_MSGH_BITS(remote_disposition & 0x1f, local_disposition & 0x1f);
	if (complex)
		msg->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	if (FZ_CHANCE(call, 5))
		msg->msgh_bits ^= 1u << FZ_BELOW(call, 32);
	msg->msgh_remote_port = remote;
	msg->msgh_local_port = local;
	if (fz_msg_harms_self(remote, msg->msgh_id))
		msg->msgh_id = FZ_HARMLESS_ID;
	fz_say(call, "bits %#x dest %#x reply %#x id %d", msg->msgh_bits,
	       remote, local, msg->msgh_id);

	unsigned char *at = (unsigned char *)(msg + 1);
	unsigned char *end = (unsigned char *)msg + room;
	if (complex) {
		uint32_t count = FZ_CHANCE(call, 90)
				     ? FZ_BELOW(call, 5)
				     : FZ_BELOW(call, FZ_DESC_MAX_COUNT);
		mach_msg_body_t *body = (mach_msg_body_t *)at;
		at += sizeof(*body);
		uint32_t made = 0;
		/* Rights a message may carry: the receiver's names stay few. */
		while (made < count && at + 16 <= end && rights < 48) {
			at += fz_descriptor(call, at, &rights);
			made++;
		}
		body->msgh_descriptor_count = made;
		if (FZ_CHANCE(call, 8)) /* a count that lies */
			body->msgh_descriptor_count =
			    FZ_CHANCE(call, 50) ? made + 1 + FZ_BELOW(call, 4)
						: (uint32_t)FZ_RAND(call);
	}
	uint32_t data = FZ_CHANCE(call, 90) ? FZ_BELOW(call, 64) * 4
					    : fz_size(call, FZ_MSG_AREA / 2);
	if (data > (uint32_t)(end - at))
		data = (uint32_t)(end - at) & ~3u;
	for (uint32_t i = 0; i < data; i += 4)
		*(uint32_t *)(at + i) = (uint32_t)FZ_RAND(call);
	at += data;
	mach_msg_size_t size = (mach_msg_size_t)(at - (unsigned char *)msg);
	msg->msgh_size = size;
	return size;
}

/* Whether the kernel may write rcv_size bytes at buffer in this thread. */
static int
fz_receive_buffer_ok(uint64_t buffer, uint32_t rcv_size)
{
	return !fz_protected_range(buffer, rcv_size);
}

mach_msg_return_t
fz_msg_send_random(struct fz_call *call, int may_block)
{
	mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;
	mach_msg_size_t size = fz_build(call, msg, FZ_MSG_AREA);
	mach_msg_option_t option = MACH_SEND_MSG;
	mach_msg_timeout_t timeout = 0;
	uint64_t address = (uint64_t)msg;
	mach_msg_size_t send_size = size, rcv_size = 0;
	mach_port_t rcv_name = MACH_PORT_NULL;

	if (FZ_CHANCE(call, 10)) /* a size that is not the message's */
		send_size = fz_size(call, size + 8);
	if (FZ_CHANCE(call, 10)) /* from somewhere else */
		address = fz_address(call, send_size, FZ_READ);
	if (!may_block || FZ_CHANCE(call, 60)) {
		option |= MACH_SEND_TIMEOUT;
		timeout = FZ_CHANCE(call, 95) ? 0 : 1 + FZ_BELOW(call, 20);
	}
	if (FZ_CHANCE(call, 25)) { /* and receive, as an RPC does */
		option |= MACH_RCV_MSG;
		rcv_name = FZ_CHANCE(call, 70) ? msg->msgh_local_port
					       : fz_pick(call, FZ_ANY);
		rcv_size = FZ_CHANCE(call, 80) ? FZ_MSG_AREA
					       : fz_size(call, FZ_MSG_AREA);
		if (!may_block || !FZ_CHANCE(call, 50))
			option |= MACH_RCV_TIMEOUT;
		if (!fz_receive_buffer_ok(address, rcv_size) ||
		    (FZ_AVOIDING(FZ_AVOID_BAD_RCV_BUFFER) &&
		     (address != (uint64_t)msg || rcv_size < 1024)))
			option &= ~MACH_RCV_MSG;
	}
	if (FZ_CHANCE(call, 10))
		option |= FZ_RAND(call) & 0xff001600; /* trailers, odd bits */
	if (FZ_AVOIDING(FZ_AVOID_RCV_LARGE) && !(option & MACH_RCV_TIMEOUT))
		option &= ~MACH_RCV_LARGE;
	fz_say(call, " size %u at %#lx option %#x rcv %#x/%u", send_size,
	       (unsigned long)address, option, rcv_name, rcv_size);
	mach_msg_return_t mr =
	    mach_msg((mach_msg_header_t *)address, option, send_size, rcv_size,
		     rcv_name, timeout, MACH_PORT_NULL);
	fz_say(call, " -> %#x", mr);
	if ((option & MACH_RCV_MSG) && mr == MACH_MSG_SUCCESS &&
	    address == (uint64_t)msg)
		fz_harvest(msg, rcv_size);
	return mr;
}

mach_msg_return_t
fz_msg_receive(struct fz_call *call, mach_port_t name, int may_block)
{
	mach_msg_option_t option = MACH_RCV_MSG;
	uint64_t buffer = call->fc_scratch + 4 * FZ_BELOW(call, 64);
	uint32_t rcv_size = FZ_MSG_AREA - 256;
	mach_msg_timeout_t timeout = 0;

	if (FZ_CHANCE(call, 15) && !FZ_AVOIDING(FZ_AVOID_BAD_RCV_BUFFER))
		buffer = fz_address(call, rcv_size, FZ_WRITE);
	if (FZ_CHANCE(call, 20))
		rcv_size = fz_size(call, rcv_size);
	if (!fz_receive_buffer_ok(buffer, rcv_size))
		return MACH_RCV_INVALID_DATA; /* would overwrite the worker */
	if (FZ_CHANCE(call, 25))
		option |= MACH_RCV_TRAILER_TYPE(FZ_BELOW(call, 16)) |
			  MACH_RCV_TRAILER_ELEMENTS(FZ_BELOW(call, 16));
	if (FZ_CHANCE(call, 15) &&
	    !(may_block && FZ_AVOIDING(FZ_AVOID_RCV_LARGE)))
		option |= MACH_RCV_LARGE;
	if (!may_block || (may_block == 1 && FZ_CHANCE(call, 50))) {
		option |= MACH_RCV_TIMEOUT;
		/* (A wait, timed or not, on a set that another thread
		 * destroys meets a known bug: the name may be a set.) */
		if (FZ_CHANCE(call, 5) && !FZ_AVOIDING(FZ_AVOID_PSET_TIMEOUT))
			timeout = 1 + FZ_BELOW(call, 30);
	}
	fz_say(call, " receive %#x into %#lx/%u option %#x timeout %u", name,
	       (unsigned long)buffer, rcv_size, option, timeout);
	mach_msg_return_t mr = mach_msg((mach_msg_header_t *)buffer, option, 0,
					rcv_size, name, timeout, 0);
	fz_say(call, " -> %#x", mr);
	if (mr == MACH_RCV_TOO_LARGE && (option & MACH_RCV_LARGE) &&
	    FZ_CHANCE(call, 70)) {
		/* Take it now, with room enough. */
		buffer = call->fc_scratch;
		mr = mach_msg((mach_msg_header_t *)buffer,
			      MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, FZ_MSG_AREA,
			      name, 0, 0);
		rcv_size = FZ_MSG_AREA;
		fz_say(call, " again -> %#x", mr);
	}
	if (mr == MACH_MSG_SUCCESS && buffer >= call->fc_scratch &&
	    buffer + rcv_size <= call->fc_scratch + FZ_SCRATCH_SIZE)
		fz_harvest((mach_msg_header_t *)buffer, rcv_size);
	return mr;
}

mach_msg_return_t
fz_msg_send_right(mach_port_t dest, mach_msg_type_name_t dest_disposition,
		  mach_port_t right, mach_msg_type_name_t disposition,
		  mach_msg_option_t options)
{
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
	} msg;

	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits =
	    MACH_MSGH_BITS(dest_disposition, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = dest;
	msg.header.msgh_id = 0x4652;
	msg.body.msgh_descriptor_count = 1;
	msg.port.name = right;
	msg.port.disposition = disposition;
	msg.port.type = MACH_MSG_PORT_DESCRIPTOR;
	return mach_msg(&msg.header, MACH_SEND_MSG | options, sizeof(msg), 0, 0,
			0, 0);
}

/* A random message; half the time, received back if it went to us. */
static void
fz_op_send(struct fz_call *call)
{
	mach_msg_return_t mr = fz_msg_send_random(call, 0);
	mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;

	(void)msg;
	if (mr == MACH_MSG_SUCCESS && FZ_CHANCE(call, 50))
		fz_msg_receive(call, fz_pick_mostly(call, FZ_RECEIVE), 0);
}

static void
fz_op_receive(struct fz_call *call)
{
	mach_port_t name = FZ_CHANCE(call, 30)
			       ? fz_pick(call, FZ_PSET)
			       : fz_pick_mostly(call, FZ_RECEIVE);
	fz_say(call, "receive");
	fz_msg_receive(call, name, 0);
}

/*
 * A port's queue filled to its limit with messages that carry rights,
 * then one more (the send times out and its rights come back to the
 * sender), perhaps a new limit, perhaps the port destroyed with its
 * queue.
 */
static void
fz_op_fill_queue(struct fz_call *call)
{
	mach_port_t port = fz_pick(call, FZ_RECEIVE);
	unsigned n = 1 + FZ_BELOW(call, 8);

	fz_say(call, "fill %#x:", port);
	for (unsigned i = 0; i < n; i++) {
		mach_port_t right;
		mach_msg_type_name_t disposition;
		fz_pick_carried(call, &right, &disposition);
		mach_msg_return_t mr =
		    fz_msg_send_right(port, MACH_MSG_TYPE_MAKE_SEND, right,
				      disposition, MACH_SEND_TIMEOUT);
		fz_say(call, " (%#x,%u)->%#x", right, disposition, mr);
	}
}

/*
 * Receive rights moved into messages queued on their own port (or two
 * ports holding each other's): nothing can reach them any more.
 */
static void
fz_op_cycle(struct fz_call *call)
{
	mach_port_t a = fz_pick(call, FZ_RECEIVE);
	mach_port_t b = FZ_CHANCE(call, 50) ? a : fz_pick(call, FZ_RECEIVE);

	mach_msg_return_t mr1 =
	    fz_msg_send_right(a, MACH_MSG_TYPE_MAKE_SEND, b,
			      MACH_MSG_TYPE_MOVE_RECEIVE, MACH_SEND_TIMEOUT);
	mach_msg_return_t mr2 = MACH_MSG_SUCCESS;
	if (a != b)
		mr2 = fz_msg_send_right(b, MACH_MSG_TYPE_MAKE_SEND, a,
					MACH_MSG_TYPE_MOVE_RECEIVE,
					MACH_SEND_TIMEOUT);
	fz_say(call, "cycle %#x %#x -> %#x %#x", a, b, mr1, mr2);
}

/*
 * A raw request to a kernel object: a known id with a body of the wrong
 * size or contents, descriptors it does not expect, another reply right
 * or none.  The reply, if any, is taken at once.
 */
static void
fz_op_kernel_raw(struct fz_call *call)
{
	mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;
	mach_port_t reply = fz_pick(call, FZ_RECEIVE);
	mach_msg_type_name_t reply_disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	mach_msg_size_t size = fz_build(call, msg, 4096);

	msg->msgh_remote_port = fz_pick_task(call);
	if (FZ_CHANCE(call, 30))
		msg->msgh_remote_port = fz_pick_thread(call);
	msg->msgh_bits = (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
			 MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	msg->msgh_id = fz_msg_kernel_id(call);
	if (fz_msg_harms_self(msg->msgh_remote_port, msg->msgh_id))
		msg->msgh_id = FZ_HARMLESS_ID;
	if (FZ_CHANCE(call, 10) && !FZ_AVOIDING(FZ_AVOID_NO_REPLY))
		reply = MACH_PORT_NULL;
	else if (FZ_CHANCE(call, 10))
		reply_disposition = MACH_MSG_TYPE_MAKE_SEND;
	msg->msgh_local_port = reply;
	if (reply != MACH_PORT_NULL)
		msg->msgh_bits |= MACH_MSGH_BITS(0, reply_disposition);
	fz_say(call, " raw to %#x id %d reply %#x", msg->msgh_remote_port,
	       msg->msgh_id, reply);
	mach_msg_return_t mr =
	    mach_msg(msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT, size, 0, 0, 0, 0);
	fz_say(call, " -> %#x", mr);
	if (mr == MACH_MSG_SUCCESS && reply != MACH_PORT_NULL)
		fz_msg_receive(call, reply, 0);
}

/* A send-once right made and used, or destroyed unused. */
static void
fz_op_send_once(struct fz_call *call)
{
	mach_port_t target = fz_pick(call, FZ_RECEIVE);
	mach_port_t carrier = fz_pick(call, FZ_RECEIVE);

	/* A message to carrier holding a send-once right to target. */
	mach_msg_return_t mr =
	    fz_msg_send_right(carrier, MACH_MSG_TYPE_MAKE_SEND, target,
			      MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_SEND_TIMEOUT);
	fz_say(call, "send-once %#x via %#x -> %#x", target, carrier, mr);
	if (mr == MACH_MSG_SUCCESS && FZ_CHANCE(call, 60))
		fz_msg_receive(call, carrier, 0);
	mach_port_t once = fz_pick(call, FZ_ONCE);
	if (once != MACH_PORT_NULL && FZ_CHANCE(call, 50)) {
		mach_msg_header_t msg = {
		    .msgh_bits =
			MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
		    .msgh_size = sizeof(msg),
		    .msgh_remote_port = once,
		    .msgh_id = (mach_msg_id_t)FZ_RAND(call)};
		mr = mach_msg(&msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			      sizeof(msg), 0, 0, 0, 0);
		fz_say(call, " use %#x -> %#x", once, mr);
	}
}

/* Receive with MACH_RCV_LARGE into a buffer too small, then again. */
static void
fz_op_too_large(struct fz_call *call)
{
	mach_port_t port = fz_pick_mostly(call, FZ_RECEIVE);
	mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;
	mach_msg_option_t option = MACH_RCV_MSG | MACH_RCV_TIMEOUT;

	if (FZ_CHANCE(call, 70))
		option |= MACH_RCV_LARGE;
	mach_msg_size_t small = FZ_BELOW(call, 64);
	mach_msg_return_t mr = mach_msg(msg, option, 0, small, port, 0, 0);
	fz_say(call, "too-large %#x size %u option %#x -> %#x", port, small,
	       option, mr);
	if (FZ_CHANCE(call, 60))
		fz_msg_receive(call, port, 0);
}

const struct fz_op fz_msg_ops[] = {
    {"msg-send", fz_op_send, 30, 0, 0},
    {"msg-receive", fz_op_receive, 12, 0, 0},
    {"msg-fill", fz_op_fill_queue, 4, 0, 0},
    {"msg-cycle", fz_op_cycle, 2, FZ_AVOID_CYCLES, 0},
    {"msg-kernel-raw", fz_op_kernel_raw, 8, 0, 0},
    {"msg-send-once", fz_op_send_once, 5, 0, 0},
    {"msg-too-large", fz_op_too_large, 3, 0, 0},
};
const unsigned fz_msg_op_count = FZ_ARRAY_SIZE(fz_msg_ops);
