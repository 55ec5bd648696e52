/*
 * Scenarios: a few steps in a chosen order, each aimed at a place where
 * IPC's states meet, which random calls reach only by rare luck.  Each
 * sets up its ports, starts script threads on them (threads.c), lets
 * them block (the worker sleeps a tick), and then changes the port
 * under them:
 *
 *	receiver-gone	a thread waits on a port that has a port-destroyed
 *			request; the receive right is given up (it moves
 *			into the notification); then RPCs through the fast
 *			path arrive at the port
 *	set-wake	a thread waits on a set, with a timeout or without;
 *			a message wakes it, and the set is destroyed before
 *			it runs
 *	large-handoff	a thread waits with MACH_RCV_LARGE and a small
 *			buffer; a large message is handed to it, and the
 *			port is destroyed before it runs
 *	own-receiver	a victim's only thread waits on a port of its own
 *			space, and the victim is ended
 *	sender-ended	a thread blocks sending into a full queue, and is
 *			ended
 */
#include "fuzz.h"

#include "gen/mach_port.h"
#include "gen/task.h"
#include "gen/thread.h"
#include <mach/notify.h>
#include <string.h>

/* A new port with a send right, in the receive and send pools. */
static mach_port_t
fz_scenario_port(void)
{
	mach_port_t self = fz_task_self(), port = MACH_PORT_NULL;

	fz_mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	fz_mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	fz_pool_add(FZ_RECEIVE, port);
	fz_pool_add(FZ_SEND, port);
	return port;
}

static void
fz_op_receiver_gone(struct fz_call *call)
{
	mach_port_t self = fz_task_self();
	mach_port_t port = fz_scenario_port(), notify = fz_scenario_port();
	mach_port_t previous;

	int server = fz_thread_start_on(call, FZ_SCRIPT_SERVER, port, 0);
	fz_sleep(10); /* it waits in a fast receive */
	kern_return_t kr = fz_mach_port_request_notification(
	    self, port, fz_notification_id(call), 0, notify, &previous);
	fz_say(call, "receiver-gone: server %d on %#x, request -> %#x;", server,
	       port, kr);
	switch (FZ_BELOW(call, 3)) {
	case 0:
		fz_say(call, " destroy -> %#x",
		       fz_mach_port_destroy(self, port));
		break;
	case 1:
		fz_say(call, " mod_refs -> %#x",
		       fz_mach_port_mod_refs(self, port,
					     MACH_PORT_RIGHT_RECEIVE, -1));
		break;
	default:
		fz_say(call, " moved -> %#x",
		       fz_msg_send_right(notify, MACH_MSG_TYPE_MAKE_SEND, port,
					 MACH_MSG_TYPE_MOVE_RECEIVE,
					 MACH_SEND_TIMEOUT));
		break;
	}
	int clients = 0;
	for (unsigned n = 1 + FZ_BELOW(call, 2); n > 0; n--)
		clients += fz_thread_start_on(call, FZ_SCRIPT_CLIENT, port, 0);
	fz_sleep(10);
	fz_say(call, " %d clients", clients);
}

static void
fz_op_set_wake(struct fz_call *call)
{
	mach_port_t self = fz_task_self(), set = MACH_PORT_NULL;
	mach_port_t member = fz_scenario_port();
	unsigned script =
	    FZ_CHANCE(call, 30) ? FZ_SCRIPT_WAIT : FZ_SCRIPT_TIMED;

	fz_mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set);
	fz_pool_add(FZ_PSET, set);
	fz_mach_port_move_member(self, member, set);
	int waiter = fz_thread_start_on(call, script, set, 0);
	fz_sleep(10); /* it waits on the set */
	mach_msg_return_t mr =
	    fz_msg_send_right(member, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL,
			      MACH_MSG_TYPE_COPY_SEND, MACH_SEND_TIMEOUT);
	kern_return_t kr = FZ_CHANCE(call, 70)
			       ? fz_mach_port_destroy(self, set)
			       : fz_mach_port_destroy(self, member);
	fz_say(call,
	       "set-wake: waiter %d (script %u) on %#x, send -> %#x, "
	       "destroy -> %#x",
	       waiter, script, set, mr, kr);
}

static void
fz_op_large_handoff(struct fz_call *call)
{
	mach_port_t self = fz_task_self(), port = fz_scenario_port();
	mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;

	int waiter = fz_thread_start_on(
	    call, FZ_SCRIPT_WAIT, port,
	    FZ_AVOIDING(FZ_AVOID_RCV_LARGE) ? 0 : MACH_RCV_LARGE);
	fz_sleep(10);
	memset(msg, 0, 256);
	msg->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	msg->msgh_size = 24 + 4 * (8 + FZ_BELOW(call, 50));
	msg->msgh_remote_port = port;
	msg->msgh_id = 0x4c41;
	mach_msg_return_t mr = mach_msg(msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
					msg->msgh_size, 0, 0, 0, 0);
	kern_return_t kr = fz_mach_port_destroy(self, port);
	fz_say(call,
	       "large-handoff: waiter %d on %#x, send %u -> %#x, "
	       "destroy -> %#x",
	       waiter, port, msg->msgh_size, mr, kr);
}

static void
fz_op_own_receiver(struct fz_call *call)
{
	struct fz_victim *victim = fz_pick_victim(call);

	if (!fz_victim_make(call, victim) || !fz_victim_receiver(call, victim))
		return;
	fz_sleep(10); /* it waits on its own port */
	fz_say(call, " own-receiver: end it");
	fz_victim_end(victim);
}

static void
fz_op_sender_ended(struct fz_call *call)
{
	mach_port_t self = fz_task_self(), port = fz_scenario_port();

	fz_mach_port_set_qlimit(self, port, FZ_BELOW(call, 2));
	int sender = fz_thread_start_on(call, FZ_SCRIPT_SEND, port, 0);
	fz_sleep(10); /* it blocks on the full queue */
	fz_say(call, "sender-ended: sender %d on %#x;", sender, port);
	for (unsigned i = 0; i < FZ_THREADS; i++) {
		struct fz_thread *thread = &fz_world.fw_threads[i];
		if (thread->ft_target != port ||
		    thread->ft_state != FZ_THREAD_RUNNING)
			continue;
		fz_thread_end(call, thread->ft_port);
	}
}

const struct fz_op fz_scenario_ops[] = {
    {"receiver-gone", fz_op_receiver_gone, 2, 0, 1},
    {"set-wake", fz_op_set_wake, 2, FZ_AVOID_PSET_TIMEOUT, 1},
    {"large-handoff", fz_op_large_handoff, 2, 0, 1},
    {"own-receiver", fz_op_own_receiver, 2, 0, 1},
    {"sender-ended", fz_op_sender_ended, 2, 0, 1},
};
const unsigned fz_scenario_op_count = FZ_ARRAY_SIZE(fz_scenario_ops);
