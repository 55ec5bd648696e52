/*
 * Ports and port sets: every routine of mach_port.defs with names and
 * values from the pools, special names and random ones, aimed at the
 * worker's own space, a victim's or a port of the wrong kind; and
 * scenarios in random orders: sets whose members are destroyed,
 * notifications requested on the port itself, port-destroyed requests
 * that pass a receive right from port to port.
 *
 * Names a routine returns go into the pools, so later calls use them.
 */
#include "fuzz.h"

#include "gen/mach_port.h"
#include <mach/notify.h>
#include <string.h>

static mach_port_right_t
fz_right(struct fz_call *call)
{
	if (FZ_CHANCE(call, 90))
		return FZ_BELOW(call, MACH_PORT_RIGHT_NUMBER + 1);
	return (mach_port_right_t)fz_edge64(call);
}

/* A name for a new right: a fresh one, one in use, or anything. */
static mach_port_t
fz_new_name(struct fz_call *call, mach_port_t task)
{
	if (FZ_CHANCE(call, 30))
		return fz_pick(call, FZ_ANY);
	unsigned limit = task == fz_task_self() && FZ_CHANCE(call, 99)
			     ? 1024 /* a large name grows the table */
			     : 1u << 24;
	return MACH_PORT_MAKE(FZ_BELOW(call, limit), FZ_BELOW(call, 256));
}

/* The pool a name of this type belongs in. */
static void
fz_pool_by_type(mach_port_t name, mach_port_type_t type)
{
	if (type & MACH_PORT_TYPE_RECEIVE)
		fz_pool_add(FZ_RECEIVE, name);
	else if (type & MACH_PORT_TYPE_PORT_SET)
		fz_pool_add(FZ_PSET, name);
	else if (type & MACH_PORT_TYPE_SEND_ONCE)
		fz_pool_add(FZ_ONCE, name);
	else if (type & MACH_PORT_TYPE_DEAD_NAME)
		fz_pool_add(FZ_DEAD, name);
	else if (type & MACH_PORT_TYPE_SEND)
		fz_pool_add(FZ_SEND, name);
}

static void
fz_op_names(struct fz_call *call)
{
	static mach_port_t names[2048];
	static mach_port_type_t types[2048];
	mach_port_t task = fz_pick_task(call);

	unsigned n = fz_list_names(task, names, types, 2048);
	fz_say(call, "mach_port_names(%#x) -> %u names", task, n);
	if (task == fz_task_self() && FZ_CHANCE(call, 50))
		for (unsigned i = 0; i < n; i++)
			if (FZ_CHANCE(call, 30))
				fz_pool_by_type(names[i], types[i]);
}

static void
fz_op_type(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	mach_port_t name = fz_pick(call, FZ_ANY);
	mach_port_type_t type = 0;

	kern_return_t kr = fz_mach_port_type(task, name, &type);
	fz_say(call, "mach_port_type(%#x, %#x) -> %#x type %#x", task, name, kr,
	       type);
}

static void
fz_op_allocate(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	mach_port_right_t right = fz_right(call);
	mach_port_t name = MACH_PORT_NULL;
	kern_return_t kr;

	if (FZ_CHANCE(call, 40)) {
		name = fz_new_name(call, task);
		kr = fz_mach_port_allocate_name(task, right, name);
		fz_say(call, "mach_port_allocate_name(%#x, %u, %#x) -> %#x",
		       task, right, name, kr);
	} else {
		kr = fz_mach_port_allocate(task, right, &name);
		fz_say(call, "mach_port_allocate(%#x, %u) -> %#x name %#x",
		       task, right, kr, name);
	}
	if (kr != KERN_SUCCESS || task != fz_task_self())
		return;
	if (right == MACH_PORT_RIGHT_RECEIVE)
		fz_pool_add(FZ_RECEIVE, name);
	else if (right == MACH_PORT_RIGHT_PORT_SET)
		fz_pool_add(FZ_PSET, name);
	else
		fz_pool_add(FZ_DEAD, name);
}

static void
fz_op_destroy(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	mach_port_t name = fz_pick(
	    call, FZ_CHANCE(call, 70) ? FZ_BELOW(call, FZ_POOL_KINDS) : FZ_ANY);

	if (task == fz_task_self() && FZ_CHANCE(call, 50)) {
		kern_return_t kr = fz_mach_port_deallocate(task, name);
		fz_say(call, "mach_port_deallocate(%#x, %#x) -> %#x", task,
		       name, kr);
		return;
	}
	kern_return_t kr = fz_mach_port_destroy(task, name);
	fz_say(call, "mach_port_destroy(%#x, %#x) -> %#x", task, name, kr);
}

static void
fz_op_refs(struct fz_call *call)
{
	static const mach_port_delta_t deltas[] = {
	    -1,	     1,		 0,
	    -2,	     2,		 0xffff,
	    -0xffff, 0x7fffffff, (mach_port_delta_t)0x80000000};
	mach_port_t task = fz_pick_task(call);
	mach_port_t name = fz_pick(call, FZ_ANY);
	mach_port_right_t right = fz_right(call);
	mach_port_urefs_t refs = 0;

	if (FZ_CHANCE(call, 40)) {
		kern_return_t kr =
		    fz_mach_port_get_refs(task, name, right, &refs);
		fz_say(call, "mach_port_get_refs(%#x, %#x, %u) -> %#x refs %u",
		       task, name, right, kr, refs);
		return;
	}
	mach_port_delta_t delta =
	    FZ_CHANCE(call, 90) ? deltas[FZ_BELOW(call, FZ_ARRAY_SIZE(deltas))]
				: (mach_port_delta_t)FZ_RAND(call);
	kern_return_t kr = fz_mach_port_mod_refs(task, name, right, delta);
	fz_say(call, "mach_port_mod_refs(%#x, %#x, %u, %d) -> %#x", task, name,
	       right, delta, kr);
}

static void
fz_op_qlimit(struct fz_call *call)
{
	static const mach_port_msgcount_t limits[] = {0,    1,	  2,	     5,
						      1024, 1025, 0xffffffff};
	mach_port_t task = fz_pick_task(call);
	mach_port_t name = fz_pick_mostly(call, FZ_RECEIVE);
	mach_port_msgcount_t limit =
	    FZ_CHANCE(call, 80) ? limits[FZ_BELOW(call, FZ_ARRAY_SIZE(limits))]
				: (mach_port_msgcount_t)FZ_RAND(call);

	kern_return_t kr = fz_mach_port_set_qlimit(task, name, limit);
	fz_say(call, "mach_port_set_qlimit(%#x, %#x, %u) -> %#x", task, name,
	       limit, kr);
}

static void
fz_op_move_member(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	mach_port_t member = fz_pick_mostly(call, FZ_RECEIVE);
	mach_port_t set = FZ_CHANCE(call, 25) ? MACH_PORT_NULL
					      : fz_pick_mostly(call, FZ_PSET);

	kern_return_t kr = fz_mach_port_move_member(task, member, set);
	fz_say(call, "mach_port_move_member(%#x, %#x, %#x) -> %#x", task,
	       member, set, kr);
}

mach_msg_id_t
fz_notification_id(struct fz_call *call)
{
	static const mach_msg_id_t ids[] = {
	    MACH_NOTIFY_DEAD_NAME,	MACH_NOTIFY_NO_SENDERS,
	    MACH_NOTIFY_PORT_DESTROYED, MACH_NOTIFY_SEND_ONCE,
	    MACH_NOTIFY_PORT_DELETED,	0};
	mach_msg_id_t id = FZ_CHANCE(call, 95)
			       ? ids[FZ_BELOW(call, FZ_ARRAY_SIZE(ids))]
			       : (mach_msg_id_t)FZ_RAND(call);
	/* A port-destroyed notification may close a cycle of queues, too. */
	if (id == MACH_NOTIFY_PORT_DESTROYED &&
	    FZ_AVOIDING(FZ_AVOID_PD_FASTPATH | FZ_AVOID_CYCLES))
		id = MACH_NOTIFY_NO_SENDERS;
	return id;
}

static void
fz_op_request(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	mach_port_t name = fz_pick(call, FZ_ANY);
	mach_port_t notify = FZ_CHANCE(call, 80) ? fz_pick(call, FZ_RECEIVE)
						 : fz_pick(call, FZ_ANY);
	mach_msg_id_t id = fz_notification_id(call);
	mach_port_mscount_t sync =
	    FZ_CHANCE(call, 80) ? FZ_BELOW(call, 3) : (uint32_t)FZ_RAND(call);
	mach_port_t previous = MACH_PORT_NULL;

	if (FZ_CHANCE(call, 25))
		notify = name; /* about the port itself, to the port itself */
	if (FZ_CHANCE(call, 10))
		notify = MACH_PORT_NULL; /* a cancel */
	kern_return_t kr = fz_mach_port_request_notification(
	    task, name, id, sync, notify, &previous);
	fz_say(call,
	       "mach_port_request_notification(%#x, %#x, %#o, %u, %#x) -> "
	       "%#x previous %#x",
	       task, name, id, sync, notify, kr, previous);
	if (kr == KERN_SUCCESS)
		fz_pool_add(FZ_ONCE, previous);
}

static void
fz_op_insert(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	mach_port_t name = FZ_CHANCE(call, 50) ? fz_new_name(call, task)
					       : fz_pick(call, FZ_ANY);
	mach_port_t poly = fz_pick(call, FZ_ANY);
	mach_msg_type_name_t disposition = fz_disposition(call);

	if (FZ_CHANCE(call, 40)) /* the usual: a send right to one's port */
		name = poly = fz_pick(call, FZ_RECEIVE);
	if (FZ_CHANCE(call, 60))
		disposition = MACH_MSG_TYPE_MAKE_SEND;
	kern_return_t kr =
	    fz_mach_port_insert_right(task, name, poly, disposition);
	fz_say(call, "mach_port_insert_right(%#x, %#x, %#x, %u) -> %#x", task,
	       name, poly, disposition, kr);
	if (kr == KERN_SUCCESS && task == fz_task_self())
		fz_pool_add(disposition == MACH_MSG_TYPE_MOVE_RECEIVE
				? FZ_RECEIVE
				: FZ_SEND,
			    name);
}

static void
fz_op_extract(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	mach_port_t name = fz_pick(call, FZ_ANY);
	mach_msg_type_name_t disposition = fz_disposition(call);
	mach_port_t poly = MACH_PORT_NULL;
	mach_msg_type_name_t type = 0;

	kern_return_t kr =
	    fz_mach_port_extract_right(task, name, disposition, &poly, &type);
	fz_say(call, "mach_port_extract_right(%#x, %#x, %u) -> %#x %#x/%u",
	       task, name, disposition, kr, poly, type);
	if (kr != KERN_SUCCESS)
		return;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		fz_pool_add(FZ_RECEIVE, poly);
	else if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		fz_pool_add(FZ_ONCE, poly);
	else
		fz_pool_add(FZ_SEND, poly);
}

/* New ports and sets for the pools (the usual start of everything). */
static void
fz_op_make_ports(struct fz_call *call)
{
	mach_port_t self = fz_task_self();
	unsigned n = 1 + FZ_BELOW(call, 3);

	fz_say(call, "make ports:");
	for (unsigned i = 0; i < n; i++) {
		mach_port_t port = MACH_PORT_NULL;
		if (FZ_CHANCE(call, 20)) {
			if (fz_mach_port_allocate(self,
						  MACH_PORT_RIGHT_PORT_SET,
						  &port) == KERN_SUCCESS)
				fz_pool_add(FZ_PSET, port);
			fz_say(call, " set %#x", port);
			continue;
		}
		port = FZ_CHANCE(call, 50) ? mach_reply_port() : MACH_PORT_NULL;
		if (port == MACH_PORT_NULL)
			fz_mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE,
					      &port);
		fz_pool_add(FZ_RECEIVE, port);
		if (FZ_CHANCE(call, 60) &&
		    fz_mach_port_insert_right(self, port, port,
					      MACH_MSG_TYPE_MAKE_SEND) ==
			KERN_SUCCESS)
			fz_pool_add(FZ_SEND, port);
		fz_say(call, " port %#x", port);
	}
}

/* A set with members; then a member or the set destroyed, or moved. */
static void
fz_op_set_churn(struct fz_call *call)
{
	mach_port_t self = fz_task_self();
	mach_port_t set = fz_pick(call, FZ_PSET);
	unsigned n = 1 + FZ_BELOW(call, 4);

	if (set == MACH_PORT_NULL || FZ_CHANCE(call, 30)) {
		fz_mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set);
		fz_pool_add(FZ_PSET, set);
	}
	fz_say(call, "set %#x:", set);
	for (unsigned i = 0; i < n; i++) {
		mach_port_t member = fz_pick(call, FZ_RECEIVE);
		kern_return_t kr = fz_mach_port_move_member(self, member, set);
		fz_say(call, " +%#x(%#x)", member, kr);
		if (FZ_CHANCE(call, 30))
			fz_msg_send_right(
			    member, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL,
			    MACH_MSG_TYPE_COPY_SEND, MACH_SEND_TIMEOUT);
	}
	switch (FZ_BELOW(call, 4)) {
	case 0:
		fz_say(call, " destroy set -> %#x",
		       fz_mach_port_destroy(self, set));
		break;
	case 1: {
		mach_port_t member = fz_pick(call, FZ_RECEIVE);
		fz_say(call, " destroy member %#x -> %#x", member,
		       fz_mach_port_destroy(self, member));
		break;
	}
	case 2:
		fz_msg_receive(call, set, 0);
		break;
	default:
		break;
	}
}

/*
 * Notifications about a port sent to the port itself, then the event:
 * its send rights dropped, the port destroyed, its receive right moved.
 */
static void
fz_op_notify_self(struct fz_call *call)
{
	mach_port_t self = fz_task_self();
	mach_port_t port = fz_pick(call, FZ_RECEIVE);
	mach_port_t other = fz_pick(call, FZ_RECEIVE);
	mach_port_t previous;

	fz_mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	mach_msg_id_t id = fz_notification_id(call);
	mach_port_t notify = FZ_CHANCE(call, 60) ? port : other;
	kern_return_t kr = fz_mach_port_request_notification(
	    self, port, id, FZ_BELOW(call, 2), notify, &previous);
	fz_say(call, "notify %#x about %#x (%#o) -> %#x;", notify, port, id,
	       kr);
	if (kr == KERN_SUCCESS)
		fz_pool_add(FZ_ONCE, previous);
	switch (FZ_BELOW(call, 4)) {
	case 0:
		fz_say(call, " deallocate -> %#x",
		       fz_mach_port_deallocate(self, port));
		break;
	case 1:
		fz_say(call, " destroy -> %#x",
		       fz_mach_port_destroy(self, port));
		break;
	case 2: /* the receive right into a message queued elsewhere */
		if (!FZ_AVOIDING(FZ_AVOID_CYCLES))
			fz_say(call, " move -> %#x",
			       fz_msg_send_right(other, MACH_MSG_TYPE_MAKE_SEND,
						 port,
						 MACH_MSG_TYPE_MOVE_RECEIVE,
						 MACH_SEND_TIMEOUT));
		break;
	default:
		fz_say(call, " mod_refs receive -> %#x",
		       fz_mach_port_mod_refs(self, port,
					     MACH_PORT_RIGHT_RECEIVE, -1));
		break;
	}
	if (FZ_CHANCE(call, 50))
		fz_msg_receive(call, notify, 0);
}

const struct fz_op fz_port_ops[] = {
    {"port-make", fz_op_make_ports, 14, 0, 0},
    {"port-names", fz_op_names, 3, 0, 0},
    {"port-type", fz_op_type, 3, 0, 0},
    {"port-allocate", fz_op_allocate, 5, 0, 0},
    {"port-destroy", fz_op_destroy, 8, 0, 0},
    {"port-refs", fz_op_refs, 5, 0, 0},
    {"port-qlimit", fz_op_qlimit, 3, 0, 0},
    {"port-move-member", fz_op_move_member, 4, 0, 0},
    {"port-request", fz_op_request, 6, 0, 0},
    {"port-insert", fz_op_insert, 5, 0, 0},
    {"port-extract", fz_op_extract, 4, 0, 0},
    {"port-set-churn", fz_op_set_churn, 4, 0, 0},
    {"port-notify-self", fz_op_notify_self, 4, 0, 0},
};
const unsigned fz_port_op_count = FZ_ARRAY_SIZE(fz_port_ops);
