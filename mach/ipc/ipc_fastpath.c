/*
 * The IPC fast path: a second door into mach_msg, for the messages of an
 * RPC.
 *
 * The trap entry calls ipc_fastpath_trap for every mach_msg, before the
 * general path (mach_msg.c) and with interrupts still off.  It takes a
 * combined send and receive (MACH_SEND_MSG | MACH_RCV_MSG, no timeouts)
 * of a small simple message: a request, through a copied or made send
 * right, with a send-once right made from the port it then receives on
 * for the reply; or a reply, through a send-once right, with no reply
 * right.  The destination must have a receiver waiting that the fast
 * path may complete (th_ipc_fast_wait: a receive without timeout), on
 * the port or, in mach_msg, on the port set the port belongs to, with
 * room for the message.  That is the message of every RPC between a
 * client and a waiting server, both ways, a server that serves many
 * ports from a set (the UNIX server) included.
 *
 * A thread that receives on a set holds a reference to it while it
 * waits (ipc_mqueue_receive_locked).  When the fast path ends such a
 * wait it releases that reference for the abandoned frame; when it
 * starts one (a reply sent, the next request awaited on a set) it takes
 * the reference itself and notes it in th_ipc_fast_pset, which whoever
 * ends the wait releases: the fast path, or ipc_fastpath_continue.
 *
 * Its preconditions are checked one by one, changing nothing; the moment
 * one fails, it returns and the general path runs.  Once they hold,
 * nothing can fail: it moves the rights, turns the message (copied in on
 * this stack) into the received one, ends the receiver's wait and starts
 * the sender's on the port it receives from (kern/wait.h's queues, under
 * wait_lock, done inline), and hands the processor to the receiver
 * without the scheduler's queues (sched_handoff_user; with handoff=off
 * the queues choose it first, kern/sched.c).  Then, as the
 * receiver, it copies the message out and returns to user mode through
 * the receiver's trap frame; the kernel frames the receiver blocked in,
 * if any, are abandoned: a fast wait holds nothing in them.  If the
 * receiver's buffer is bad, the message is destroyed as the general path
 * does (fastpath_bad_buffer).
 *
 * The sender's kernel stack is abandoned the same way.  Its receive
 * usually ends by the fast reply; if the general path ends it instead (a
 * message that is not fast, thread_abort, the port's death), the thread
 * starts afresh at its continuation, ipc_fastpath_continue, which
 * finishes the receive as the general path does.
 *
 * The register trap's door (ipc_fastpath_regs_trap) takes the same
 * messages held in registers; its light variant (ipc_fastpath_regs_light,
 * unless lightentry=off) leaves the data words in the registers across
 * the switch (machine_thread_return_regs).  A request it delivers gives
 * its reply right to the entry the reply cache keeps for the receiving
 * thread, and the reply through that name takes it from there without a
 * look-up, allocation or free (unless replycache=off; ipc/ipc_space.h).
 *
 * The mach_msg door's body (fastpath_msg) is compiled once for each
 * destination right, so that each kind of message runs only its own
 * tests.  With every lesson on (ipc_hotpath_enabled: handoff on, the FPU
 * lazy, no "hotpath=off") a request through a copied send right and a
 * reply take copies of their own, mach_msg's hot path, which differ only
 * in the switch (fastpath_hot_switch: none of sched_handoff_user's checks
 * of what the fast path has just set) and in counting its messages
 * apart (ipc_hotpath_msg_count, added to the fast path's messages and
 * to the switches when they are read).
 *
 * It has exactly the general path's semantics (rights, sequence numbers,
 * trailers), and the tests pass with it switched off ("fastpath=off").
 * Everything it calls is inline but the copy itself: it is the hottest
 * path of the system (docs/bench.md).  Its doors and continuations are
 * called only from assembly that keeps nothing in registers across the
 * call (x86_64/locore.S), so this file is compiled to save no
 * callee-saved register (mach/mach.mk); with every lesson on, the
 * register trap tries the hot path (ipc/ipc_hotpath.c) before its door.
 */
#include <ipc/ipc_fastpath.h>
#include <ipc/ipc_hotpath.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <ipc/mach_msg_regs.h>
#include <kern/copyio.h>
#include <kern/debug.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <mach/vm_prot.h>
#include <machine/trap.h>
#include <vm/pmap.h>

#define FASTPATH_SEND_MAX 128 /* bytes of message, header included */

int ipc_fastpath_enabled = 1;
int ipc_fastpath_regs_enabled = 1;
int ipc_light_entry_enabled = 1;
int ipc_fastpath_light_enabled = 1;
int ipc_reply_cache_enabled = 1;
unsigned long ipc_fastpath_count;
unsigned long ipc_fastpath_regs_count;
unsigned long ipc_fastpath_light_count;
unsigned long ipc_reply_cached_count;
unsigned long ipc_hotpath_msg_count;

/* A message as the fast path holds it: as sent, then as received. */
struct fastpath_msg {
	struct ipc_user_header fm_header;
	uint8_t fm_body[FASTPATH_SEND_MAX - sizeof(struct ipc_user_header)];
	mach_msg_audit_trailer_t fm_trailer_room; /* the trailer's room */
};

/*
 * The receive of a thread waiting in mach_msg: the trap's arguments, in
 * the thread's trap frame (mach_msg_trap: msg, option, send_size,
 * rcv_size, rcv_name).
 */
#define RCV_ARG_MSG    0
#define RCV_ARG_OPTION 1
#define RCV_ARG_SIZE   3
#define RCV_ARG_NAME   4

/*
 * The entry of the sender's right to the destination name, as
 * ipc_entry_lookup_rights_locked finds it; a reply through the right the reply
 * cache holds for the running thread is found by the thread, without a
 * look-up by name (ipc/ipc_space.h).
 */
static inline __attribute__((always_inline)) struct ipc_entry *
fastpath_dest_entry_locked(struct ipc_space *space, mach_port_name_t name,
			   mach_port_type_t dest_right, int kind)
{
	struct thread *self = current_thread();

	if (kind == TH_IPC_FAST_REGS &&
	    dest_right == MACH_PORT_TYPE_SEND_ONCE &&
	    name == self->th_reply_name) {
		struct ipc_entry *entry =
		    &space->is_table[self->th_reply_index];
		if (entry->ie_type == IE_TYPE_REPLY_CACHED &&
		    entry->ie_gen == MACH_PORT_GEN(name))
			return entry;
	}
	return ipc_entry_lookup_rights_locked(space, name, dest_right);
}

/* What the fast path found and will change; filled by the check. */
struct fastpath_plan {
	ipc_port_t fp_port;		/* the destination */
	struct ipc_entry *fp_entry;	/* the sender's right to it */
	struct thread *fp_receiver;	/* waiting on it, or on its set */
	struct wait_queue *fp_wait;	/* where the receiver waits */
	struct ipc_pset *fp_pset;	/* the set it waits on, or NULL */
	mach_msg_size_t fp_trailer;	/* bytes of trailer it asked for */
	ipc_port_t fp_reply;		/* a request's reply port, or IP_NULL */
	struct wait_queue *fp_rcv_wait; /* where the sender then waits */
	struct ipc_pset *fp_rcv_pset;	/* the set it waits on, or NULL */
};

/*
 * The right a fast message names its destination with, from its header
 * alone: a request (a copied or made send right, with a send-once right
 * made from rcv_name, the port the sender then receives on, for the
 * reply) or a reply (a send-once right, no reply right).  0 for any other
 * message (complex, other rights or other bits).
 */
static inline __attribute__((always_inline)) mach_port_type_t
fastpath_dest_right(const struct ipc_user_header *h, mach_port_name_t rcv_name)
{
	switch (h->uh_bits) {
	case MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
			    MACH_MSG_TYPE_MAKE_SEND_ONCE):
		return h->uh_local == rcv_name ? MACH_PORT_TYPE_SEND : 0;
	case MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
			    MACH_MSG_TYPE_MAKE_SEND_ONCE):
		return h->uh_local == rcv_name ? MACH_PORT_TYPE_RECEIVE : 0;
	case MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0):
		return h->uh_local == MACH_PORT_NULL ? MACH_PORT_TYPE_SEND_ONCE
						     : 0;
	default:
		return 0;
	}
}

/*
 * Whether the receiver's buffer is mapped writable now: the copy out
 * comes after the point of no return, on the sender's stack, where a
 * fault must neither wait (for a pager, for memory) nor fail.  Otherwise
 * the general path receives (and faults).  A buffer found so once is so
 * while its pmap's generation stays (a server's loop: no page walk).
 */
static inline __attribute__((always_inline)) int
fastpath_buffer_writable(struct thread *receiver, uint64_t addr,
			 mach_msg_size_t len)
{
	struct pmap *pmap = receiver->th_task->task_pmap;
	unsigned long generation = pmap_generation(pmap);

	if (addr == receiver->th_ipc_buffer &&
	    len <= receiver->th_ipc_buffer_size &&
	    generation == receiver->th_ipc_buffer_generation)
		return 1;
	if (!copyio_user_range_ok(addr, len) ||
	    !pmap_user_writable(pmap, addr, len))
		return 0;
	receiver->th_ipc_buffer = addr;
	receiver->th_ipc_buffer_size = len;
	receiver->th_ipc_buffer_generation = generation;
	return 1;
}

/*
 * Checks every other precondition of the fast path on the message at m
 * (size bytes, copied in), whose destination right is dest_right
 * (fastpath_dest_right), for the door kind, and fills plan; hot, for
 * mach_msg's hot path, which runs only with handoff on.  Changes nothing.
 */
static inline __attribute__((always_inline)) int
fastpath_check_locked(struct ipc_space *space, const struct ipc_user_header *h,
		      mach_msg_size_t size, mach_port_type_t dest_right,
		      mach_port_name_t rcv_name, int kind, int hot,
		      struct fastpath_plan *plan)
{
	int request = dest_right != MACH_PORT_TYPE_SEND_ONCE;

	/* The destination, and a receiver waiting on it with room. */
	struct ipc_entry *entry =
	    fastpath_dest_entry_locked(space, h->uh_remote, dest_right, kind);
	if (entry == NULL)
		return 0;
	ipc_port_t port = entry->ie_object;
	struct wait_queue *wait = &port->ip_messages.imq_receivers;
	struct ipc_pset *pset = NULL;
	struct thread *receiver = wait_queue_first_locked(wait);
	/* No one on the port: a receiver on its set, which waits only if
	 * no member has a message. */
	if (receiver == NULL && port->ip_pset != NULL &&
	    kind == TH_IPC_FAST_MSG) {
		pset = port->ip_pset;
		wait = &pset->ips_receivers;
		receiver = wait_queue_first_locked(wait);
	}
	if (!port->ip_active || receiver == NULL ||
	    receiver->th_ipc_fast_wait != kind || !port->ip_receiver->is_active)
		return 0;
	/* handoff=off: the run queues choose the next thread; go on only
	 * if they would choose the receiver (kern/sched.h).  (The hot path
	 * runs only with handoff on.) */
	if (!hot && !sched_handoff_enabled &&
	    !sched_queues_would_choose(receiver))
		return 0;
	/* Registers always have room; a buffer must, mapped writable. */
	mach_msg_size_t trailer = 0;
	if (kind == TH_IPC_FAST_MSG) {
		struct trap_frame *frame =
		    machine_thread_user_frame(&receiver->th_machine);
		trailer = ipc_kmsg_trailer_size(
		    GET_RCV_ELEMENTS(trap_syscall_arg(frame, RCV_ARG_OPTION)));
		if (size + trailer > (mach_msg_size_t)trap_syscall_arg(
					 frame, RCV_ARG_SIZE) ||
		    !fastpath_buffer_writable(
			receiver, trap_syscall_arg(frame, RCV_ARG_MSG),
			size + trailer))
			return 0;
	}
	/* A reply frees the send-once right's entry: no request on it.  A
	 * send right made and used up at once is the only one: no-senders. */
	if (!request && port->ip_dnrequests != NULL)
		return 0;
	if (dest_right == MACH_PORT_TYPE_RECEIVE && port->ip_srights == 0 &&
	    port->ip_nsrequest != IP_NULL)
		return 0;

	/* The port the sender then receives from (it must wait there), and
	 * for a request the reply right's new entry in the receiver's space.
	 * After a reply in mach_msg, a port set with no message queued. */
	mach_port_type_t rcv_types = MACH_PORT_TYPE_RECEIVE;
	if (!request && kind == TH_IPC_FAST_MSG)
		rcv_types |= MACH_PORT_TYPE_PORT_SET;
	struct ipc_entry *rcv_entry =
	    ipc_entry_lookup_rights_locked(space, rcv_name, rcv_types);
	if (rcv_entry == NULL)
		return 0;
	if (rcv_entry->ie_type & MACH_PORT_TYPE_PORT_SET) {
		struct ipc_pset *rcv_pset = rcv_entry->ie_object;
		if (!rcv_pset->ips_active ||
		    ipc_pset_ready_port_locked(rcv_pset) != NULL)
			return 0;
		plan->fp_rcv_wait = &rcv_pset->ips_receivers;
		plan->fp_rcv_pset = rcv_pset;
		plan->fp_reply = IP_NULL;
	} else {
		ipc_port_t rcv_port = rcv_entry->ie_object;
		if (rcv_port->ip_pset != NULL ||
		    rcv_port->ip_messages.imq_head != NULL)
			return 0;
		if (request && port->ip_receiver->is_free_head == 0)
			return 0;
		plan->fp_rcv_wait = &rcv_port->ip_messages.imq_receivers;
		plan->fp_rcv_pset = NULL;
		plan->fp_reply = request ? rcv_port : IP_NULL;
	}
	plan->fp_port = port;
	plan->fp_entry = entry;
	plan->fp_receiver = receiver;
	plan->fp_wait = wait;
	plan->fp_pset = pset;
	plan->fp_trailer = trailer;
	return 1;
}

/*
 * Uses up the sender's right to the destination: a copied send right
 * changes nothing, a made one counts, a send-once right goes with its
 * entry (in the register door, one the reply cache holds leaves its
 * entry reserved; the mach_msg door frees it as any other: the thread
 * that kept it then reserves another).
 */
static inline __attribute__((always_inline)) void
fastpath_consume_dest_locked(struct ipc_space *space,
			     const struct ipc_user_header *h,
			     const struct fastpath_plan *plan, int kind)
{
	ipc_port_t port = plan->fp_port;
	struct ipc_entry *entry = plan->fp_entry;

	switch (MACH_MSGH_BITS_REMOTE(h->uh_bits)) {
	case MACH_MSG_TYPE_MAKE_SEND: /* counts, but is not left */
		port->ip_mscount++;
		break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		assert(port->ip_references > 1); /* the receive right's */
		port->ip_sorights--;
		port->ip_references--;
		if (kind == TH_IPC_FAST_REGS &&
		    entry->ie_type == IE_TYPE_REPLY_CACHED) {
			/* The reply cache's: the entry stays reserved. */
			entry->ie_type = IE_TYPE_REPLY_RESERVED;
			entry->ie_object = NULL;
			entry->ie_urefs = 0;
			space->is_in_use--;
			ipc_reply_cached_count++;
		} else {
			ipc_entry_free_locked(space, h->uh_remote);
		}
		break;
	}
}

/*
 * Gives the receiver's space a send-once right to reply (a new entry,
 * known to be free) and returns its name.  With the reply cache, for a
 * receiver in the register trap, the entry is the one the cache keeps
 * for the receiver (reserved from the free list the first time, or when
 * its last was named), under a new generation (ipc/ipc_space.h).
 */
static inline __attribute__((always_inline)) mach_port_name_t
fastpath_copyout_reply_locked(struct ipc_space *space, ipc_port_t reply,
			      struct thread *receiver, int kind)
{
	uint32_t index;
	struct ipc_entry *entry;
	mach_port_type_t type = MACH_PORT_TYPE_SEND_ONCE;

	if (kind == TH_IPC_FAST_REGS && ipc_reply_cache_enabled) {
		type = IE_TYPE_REPLY_CACHED;
		index = receiver->th_reply_index;
		entry = &space->is_table[index];
		if (index == 0 || entry->ie_type != IE_TYPE_REPLY_RESERVED) {
			index = space->is_free_head;
			entry = &space->is_table[index];
			space->is_free_head = entry->ie_next_free;
			receiver->th_reply_index = index;
		}
	} else {
		index = space->is_free_head;
		entry = &space->is_table[index];
		space->is_free_head = entry->ie_next_free;
	}
	space->is_in_use++;
	entry->ie_gen++;
	entry->ie_object = reply;
	entry->ie_type = type;
	entry->ie_urefs = 1;
	reply->ip_sorights++;
	reply->ip_references++; /* the entry's */
	mach_port_name_t name = MACH_PORT_MAKE(index, entry->ie_gen);
	if (type == IE_TYPE_REPLY_CACHED)
		receiver->th_reply_name = name;
	return name;
}

/*
 * Turns the message at m, as sent, into the message as the receiver
 * sees it, in place: header and trailer (only as much of it as the
 * receiver asked for; sender is the sending task's token).  The body
 * does not change.
 */
static inline __attribute__((always_inline)) void
fastpath_compose(struct fastpath_msg *m, mach_msg_size_t size,
		 mach_msg_size_t trailer_size, mach_port_name_t reply_name,
		 ipc_port_t port, mach_port_seqno_t seqno, uint32_t sender)
{
	struct ipc_user_header *h = &m->fm_header;
	mach_msg_audit_trailer_t *trailer =
	    (mach_msg_audit_trailer_t *)((uint8_t *)m + size);

	/* Received, the reply right is the remote port, the destination
	 * the local one. */
	if (reply_name != MACH_PORT_NULL)
		h->uh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
					    MACH_MSG_TYPE_PORT_SEND);
	else
		h->uh_bits = MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	h->uh_remote = reply_name;
	h->uh_local = port->ip_receiver_name;
	h->uh_reserved = 0;

	trailer->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	trailer->msgh_trailer_size = trailer_size;
	if (trailer_size > sizeof(mach_msg_trailer_t)) {
		trailer->msgh_seqno = seqno;
		trailer->msgh_sender.val[0] = sender;
		trailer->msgh_sender.val[1] = 0;
		if (trailer_size > sizeof(mach_msg_security_trailer_t)) {
			memset(&trailer->msgh_audit, 0,
			       sizeof(trailer->msgh_audit));
			trailer->msgh_audit.val[5] = sender;
		}
	}
}

/*
 * The receiver's wait ends (as wait_end_locked would end it: a fast wait
 * has no timeout), and it will resume in its trap; the sender's receive
 * starts: it waits on its port or set, in trap kind, holding nothing but
 * a set's reference (as wait_sleep would start an interruptible wait
 * without timeout).
 */
static inline __attribute__((always_inline)) void
fastpath_pass_wait_locked(struct thread *self, const struct fastpath_plan *plan,
			  int kind)
{
	struct thread *receiver = plan->fp_receiver;

	wait_queue_dequeue_first_locked(plan->fp_wait, receiver);
	/* The wait's reference to its set; the set's right holds another
	 * while the set lives (released inline then: no call). */
	struct ipc_pset *pset = plan->fp_pset;
	if (pset != NULL) {
		if (pset->ips_references > 1)
			pset->ips_references--;
		else
			ipc_pset_release_locked(pset);
	}
	receiver->th_ipc_fast_pset = NULL;
	receiver->th_ipc_fast_wait = 0;
	receiver->th_state = TH_RUN;
	wait_queue_enqueue_locked(plan->fp_rcv_wait, self);
	if (plan->fp_rcv_pset != NULL)
		ipc_pset_reference_locked(plan->fp_rcv_pset);
	self->th_ipc_fast_pset = plan->fp_rcv_pset;
	self->th_ipc_fast_wait = kind;
	self->th_state = TH_WAIT;
}

/*
 * The receiver's buffer could not take the message: as in the general
 * path (mach_msg_receive_finish_locked), the message is destroyed
 * instead of delivered, so the reply right given to the receiver's space
 * is released (its send-once notification tells the client).  Runs as
 * the receiver.
 */
static __attribute__((noinline, cold)) mach_msg_return_t
fastpath_bad_buffer(mach_port_name_t reply_name)
{
	if (reply_name != MACH_PORT_NULL) {
		simple_lock_intr_off(&ipc_lock);
		ipc_right_mod_refs_locked(current_task()->task_space,
					  reply_name, MACH_PORT_RIGHT_SEND_ONCE,
					  -1);
		simple_unlock_intr_off(&ipc_lock);
	}
	return MACH_RCV_INVALID_DATA;
}

/*
 * The mach_msg hot path's switch from self to receiver (ipc_hotpath_enabled
 * holds: handoff is on): sched_handoff_user's, without the checks of what
 * the fast path has just set (the threads' states under wait_lock, no
 * run queue in handoff) and without counting the switch
 * (ipc_hotpath_msg_count counts it, added to ks_context_switches when
 * read).  Returns the receiver's trap frame, running as the receiver on
 * self's stack.
 */
static inline __attribute__((always_inline)) struct trap_frame *
fastpath_hot_switch(struct thread *self, struct thread *receiver)
{
	self->th_continuation = ipc_fastpath_continue;
	receiver->th_continuation = NULL; /* it runs on from its trap */
	cpu_set(cpu_thread, receiver);
	pmap_activate(receiver->th_task->task_pmap);
	/* A thread in a fast wait of mach_msg is in the trap: a user one. */
	return machine_thread_load_user(&receiver->th_machine);
}

/*
 * The mach_msg door once the message at m (send_size bytes, copied in)
 * is known to be fast with destination right dest_right: a constant in
 * each of ipc_fastpath_trap's calls, so that each kind of message gets
 * its own copy, without the tests that are for the others (a request
 * with a copied send right, the UNIX server's calls, is one).  Returns
 * if it cannot take the message, having changed nothing.
 */
static inline __attribute__((always_inline)) void
fastpath_msg(struct fastpath_msg *m, mach_msg_size_t send_size,
	     mach_port_type_t dest_right, mach_port_name_t rcv_name, int hot)
{
	struct fastpath_plan plan;
	struct thread *self = current_thread();
	struct ipc_space *space = self->th_task->task_space;

	/* A busy lock (another CPU) is left to the general path.  wait_lock
	 * keeps the receiver in its wait until it is taken out of it. */
	if (!simple_lock_try_intr_off(&ipc_lock))
		return;
	if (!simple_lock_try_intr_off(&wait_lock)) {
		simple_unlock_intr_off(&ipc_lock);
		return;
	}
	if (self->th_should_terminate || /* it must not start a wait */
	    !fastpath_check_locked(space, &m->fm_header, send_size, dest_right,
				   rcv_name, TH_IPC_FAST_MSG, hot, &plan)) {
		simple_unlock_intr_off(&wait_lock);
		simple_unlock_intr_off(&ipc_lock);
		return;
	}

	/* The message goes; from here on nothing fails. */
	struct thread *receiver = plan.fp_receiver;
	ipc_port_t port = plan.fp_port;
	mach_port_name_t reply_name = MACH_PORT_NULL;
	fastpath_consume_dest_locked(space, &m->fm_header, &plan,
				     TH_IPC_FAST_MSG);
	if (plan.fp_reply != IP_NULL)
		reply_name = fastpath_copyout_reply_locked(
		    port->ip_receiver, plan.fp_reply, receiver,
		    TH_IPC_FAST_MSG);
	fastpath_compose(m, send_size, plan.fp_trailer, reply_name, port,
			 port->ip_messages.imq_seqno++, self->th_task->task_id);
	fastpath_pass_wait_locked(self, &plan, TH_IPC_FAST_MSG);
	if (hot)
		ipc_hotpath_msg_count++;
	else
		ipc_fastpath_count++;
	simple_unlock_intr_off(&wait_lock);
	simple_unlock_intr_off(&ipc_lock);

	/*
	 * Now as the receiver, in its address space, its receive ends with
	 * the copy out, into a buffer found mapped writable
	 * (fastpath_buffer_writable checked the range; the message and its
	 * trailer are a multiple of four bytes).
	 */
	struct trap_frame *frame;
	if (hot)
		frame = fastpath_hot_switch(self, receiver);
	else
		frame =
		    sched_handoff_user(self, ipc_fastpath_continue, receiver);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	if (copyio_copy_words((void *)trap_syscall_arg(frame, RCV_ARG_MSG), m,
			      send_size + plan.fp_trailer) != KERN_SUCCESS)
		mr = fastpath_bad_buffer(reply_name);
	trap_set_result(frame, mr);
	/* sched_ast_pending(receiver), for a user thread. */
	if (hot &&
	    __builtin_expect((cpu_get(cpu_need_resched) |
			      receiver->th_should_terminate |
			      receiver->th_suspend_count |
			      receiver->th_task->task_suspend_count) == 0,
			     1))
		machine_thread_return_user(frame, NULL);
	machine_thread_return_user(
	    frame, sched_ast_pending(receiver) ? sched_ast_continue : NULL);
}

/* fastpath_msg, in its hot copy if every lesson is on: two copies of
 * the door for dest_right, the hot one and the other. */
static inline __attribute__((always_inline)) void
fastpath_msg_maybe_hot(struct fastpath_msg *m, mach_msg_size_t send_size,
		       mach_port_type_t dest_right, mach_port_name_t rcv_name)
{
	if (ipc_hotpath_enabled)
		fastpath_msg(m, send_size, dest_right, rcv_name, 1);
	else
		fastpath_msg(m, send_size, dest_right, rcv_name, 0);
}

void
ipc_fastpath_trap(uint64_t msg, mach_msg_option_t option,
		  mach_msg_size_t send_size, mach_port_name_t rcv_name)
{
	struct fastpath_msg m;

	if ((option & ~MACH_RCV_TRAILER_MASK) !=
		(MACH_SEND_MSG | MACH_RCV_MSG) ||
	    send_size < sizeof(m.fm_header) || send_size > FASTPATH_SEND_MAX ||
	    (send_size & 3))
		return;
	/* A multiple of four bytes: the copy that moves words. */
	if (!copyio_user_range_ok(msg, send_size) ||
	    copyio_copy_words(&m, (const void *)msg, send_size) != KERN_SUCCESS)
		return;
	switch (fastpath_dest_right(&m.fm_header, rcv_name)) {
	case MACH_PORT_TYPE_SEND_ONCE:
		fastpath_msg_maybe_hot(&m, send_size, MACH_PORT_TYPE_SEND_ONCE,
				       rcv_name);
		break;
	case MACH_PORT_TYPE_SEND:
		fastpath_msg_maybe_hot(&m, send_size, MACH_PORT_TYPE_SEND,
				       rcv_name);
		break;
	case MACH_PORT_TYPE_RECEIVE:
		fastpath_msg(&m, send_size, MACH_PORT_TYPE_RECEIVE, rcv_name,
			     0);
		break;
	}
}

void
ipc_fastpath_continue(struct trap_frame *frame)
{
	struct thread *self = current_thread();
	uint64_t msg = trap_syscall_arg(frame, RCV_ARG_MSG);
	mach_msg_option_t option = trap_syscall_arg(frame, RCV_ARG_OPTION);
	mach_msg_size_t rcv_size = trap_syscall_arg(frame, RCV_ARG_SIZE);
	mach_msg_return_t mr;

	simple_lock(&ipc_lock);
	if (self->th_ipc_fast_pset != NULL) { /* the set's reference */
		ipc_pset_release_locked(self->th_ipc_fast_pset);
		self->th_ipc_fast_pset = NULL;
	}
	struct ipc_kmsg *kmsg = self->th_ipc_kmsg;
	/* A fast wait has no timeout: woken by IPC, or interrupted. */
	mr = self->th_wait_result == THREAD_AWAKENED ? self->th_ipc_result
						     : MACH_RCV_INTERRUPTED;
	self->th_ipc_kmsg = NULL;
	self->th_ipc_fast_wait = 0;
	if (mr == MACH_MSG_SUCCESS && kmsg != NULL) {
		mr =
		    mach_msg_receive_finish_locked(kmsg, msg, option, rcv_size);
	} else {
		simple_unlock(&ipc_lock);
		if (mr == MACH_MSG_SUCCESS) /* woken to look again */
			mr = mach_msg_receive(
			    msg, option, rcv_size,
			    trap_syscall_arg(frame, RCV_ARG_NAME), 0, NULL);
	}
	trap_set_result(frame, mr);
	if (sched_ast_pending(self))
		sched_ast_check();
}

/*
 * The register trap's door: the same RPC messages, held in registers
 * (mach/msg_regs.h), between two threads both in the register trap.
 * The same checks (but no buffer: registers always have room), the same
 * commit; the message's header goes from the sender's trap frame into
 * the receiver's, under the locks, before the switch.  Returns the
 * receiver's trap frame, running as the receiver on the sender's stack
 * (as sched_handoff_user), with *data_bytes the bytes of data the
 * message carries; or NULL, having changed nothing.  Its data words are
 * the caller's to move: through the frames (ipc_fastpath_regs_trap) or
 * in the registers themselves (ipc_fastpath_regs_light).
 */
static inline __attribute__((always_inline)) struct trap_frame *
fastpath_regs_pass(struct trap_frame *frame, mach_msg_size_t *data_bytes)
{
	struct fastpath_plan plan;
	uint64_t mr1 = trap_msg_reg(frame, 1); /* bits | size */
	uint64_t mr2 = trap_msg_reg(frame, 2); /* remote | local */
	uint64_t mr3 = trap_msg_reg(frame, 3); /* id | rcv_name */
	mach_msg_size_t size = mr1 >> 32;

	if (((mach_msg_option_t)trap_msg_reg(frame, 0) &
	     ~MACH_RCV_TRAILER_MASK) != (MACH_SEND_MSG | MACH_RCV_MSG) ||
	    size < MACH_MSG_REGS_HEADER || size > MACH_MSG_REGS_SIZE_MAX ||
	    (size & 3) || !ipc_fastpath_regs_enabled)
		return NULL;
	const struct ipc_user_header h = {
	    .uh_bits = (uint32_t)mr1,
	    .uh_remote = (uint32_t)mr2,
	    .uh_local = mr2 >> 32,
	};
	mach_port_name_t rcv_name = mr3 >> 32;
	mach_port_type_t dest_right = fastpath_dest_right(&h, rcv_name);
	if (dest_right == 0)
		return NULL;

	struct thread *self = current_thread();
	struct ipc_space *space = self->th_task->task_space;
	if (!simple_lock_try_intr_off(&ipc_lock))
		return NULL;
	if (!simple_lock_try_intr_off(&wait_lock)) {
		simple_unlock_intr_off(&ipc_lock);
		return NULL;
	}
	if (self->th_should_terminate ||
	    !fastpath_check_locked(space, &h, size, dest_right, rcv_name,
				   TH_IPC_FAST_REGS, 0, &plan)) {
		simple_unlock_intr_off(&wait_lock);
		simple_unlock_intr_off(&ipc_lock);
		return NULL;
	}

	/* The message goes; from here on nothing fails. */
	struct thread *receiver = plan.fp_receiver;
	ipc_port_t port = plan.fp_port;
	mach_port_name_t reply_name = MACH_PORT_NULL;
	mach_msg_bits_t bits = MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	fastpath_consume_dest_locked(space, &h, &plan, TH_IPC_FAST_REGS);
	if (plan.fp_reply != IP_NULL) {
		reply_name = fastpath_copyout_reply_locked(
		    port->ip_receiver, plan.fp_reply, receiver,
		    TH_IPC_FAST_REGS);
		bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
				      MACH_MSG_TYPE_PORT_SEND);
	}
	/* As received: the reply right remote, the destination local; the
	 * sequence number and the sender's token where the option was. */
	struct trap_frame *to =
	    machine_thread_user_frame(&receiver->th_machine);
	trap_msg_reg_set(to, 0,
			 port->ip_messages.imq_seqno++ |
			     (uint64_t)self->th_task->task_id << 32);
	trap_msg_reg_set(to, 1, (mr1 & ~0xffffffffull) | bits);
	trap_msg_reg_set(to, 2,
			 reply_name | (uint64_t)port->ip_receiver_name << 32);
	trap_msg_reg_set(to, 3, (uint32_t)mr3);
	trap_set_result(to, MACH_MSG_SUCCESS);
	fastpath_pass_wait_locked(self, &plan, TH_IPC_FAST_REGS);
	ipc_fastpath_regs_count++;
	simple_unlock_intr_off(&wait_lock);
	simple_unlock_intr_off(&ipc_lock);

	*data_bytes = size - MACH_MSG_REGS_HEADER;
	return sched_handoff_user(self, ipc_fastpath_regs_continue, receiver);
}

void
ipc_fastpath_regs_trap(struct trap_frame *frame)
{
	mach_msg_size_t data_bytes;
	struct trap_frame *to = fastpath_regs_pass(frame, &data_bytes);

	if (to == NULL)
		return;
	trap_msg_regs_copy_data(to, frame, data_bytes);
	machine_thread_return_user(to, sched_ast_pending(current_thread())
					   ? sched_ast_continue
					   : NULL);
}

void
ipc_fastpath_regs_light(struct trap_frame *frame)
{
	mach_msg_size_t data_bytes;
	struct trap_frame *to = fastpath_regs_pass(frame, &data_bytes);

	if (to == NULL)
		return;
	/* A thread with an AST to take, or returning where sysret cannot
	 * go, leaves through the whole frame (rare). */
	int ast = sched_ast_pending(current_thread());
	if (__builtin_expect(ast || !trap_frame_light_return_ok(to), 0)) {
		trap_msg_regs_copy_data(to, frame, data_bytes);
		machine_thread_return_user(to, ast ? sched_ast_continue : NULL);
	}
	ipc_fastpath_light_count++;
	machine_thread_return_regs(to, data_bytes, frame);
}

void
ipc_fastpath_regs_continue(struct trap_frame *frame)
{
	struct thread *self = current_thread();
	union mach_msg_regs_words m;
	mach_msg_return_t mr;

	trap_msg_regs_get(frame, m.mw_word);
	simple_lock(&ipc_lock);
	struct ipc_kmsg *kmsg = self->th_ipc_kmsg;
	mr = self->th_wait_result == THREAD_AWAKENED ? self->th_ipc_result
						     : MACH_RCV_INTERRUPTED;
	self->th_ipc_kmsg = NULL;
	self->th_ipc_fast_wait = 0;
	if (mr == MACH_MSG_SUCCESS && kmsg != NULL) {
		mr = mach_msg_regs_receive_finish_locked(kmsg, frame,
							 m.mw_msg.mr_option);
	} else {
		simple_unlock(&ipc_lock);
		if (mr == MACH_MSG_SUCCESS) /* woken to look again */
			mr = mach_msg_regs_receive(frame, m.mw_msg.mr_option,
						   m.mw_msg.mr_rcv_name, 0,
						   NULL);
	}
	trap_set_result(frame, mr);
	if (sched_ast_pending(self))
		sched_ast_check();
}
