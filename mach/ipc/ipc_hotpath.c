/*
 * The register hot path: the register trap's fast path (ipc_fastpath.c)
 * cut down to the two messages of an RPC between threads that have
 * done one before, with every L4 lesson on.
 *
 * The trap entry calls ipc_hotpath_regs for every register trap, before
 * the fast path's own doors; it is on if ipc_hotpath_enabled: the fast
 * path, the register trap, the light entry, the reply cache and handoff
 * all on, and the FPU lazy (set at boot).  It takes only:
 *  - a request: a copied send right, a send-once right made from the
 *    port the client then receives on, to a receiver waiting in the
 *    register trap whose reply cache entry is reserved (it has received
 *    a request over the fast path before, and answered it);
 *  - a reply: through the send-once right the reply cache holds for the
 *    replying thread, by the name it was given;
 * with the sender then waiting on a port (not a set) with no message,
 * and the receiver waiting in a receive the fast paths may end.  Each of
 * these the fast path also checks; the moment one fails the hot path
 * returns, having changed nothing, and the fast path (then the general
 * path) runs: the first RPC of a thread, a made send right, a reply by
 * another name, a suspended receiver, ... all go there.  What else the
 * fast path checks the hot path knows from how the rest of the kernel
 * keeps things (hotpath_receiver, ipc_hotpath_regs, docs/ipc.md "The
 * hot path"), and the names it translated for its thread's last
 * request and reply it keeps while no right has left the space
 * (is_generation; kern/thread.h).
 *
 * Once they hold it does what the fast path does for these two messages
 * and nothing else: the reply right goes to (or comes out of) the cache
 * entry, the receiver's wait ends and the sender's starts (kern/wait.h's
 * queues), the processor passes to the receiver as
 * sched_handoff_user passes it (no CR3 load within a task), and the
 * receiver returns to user mode with MR0..MR3 straight in the registers
 * (machine_thread_return_null for a message without data words, else
 * through its frame: machine_thread_return_regs).  Its semantics are
 * the fast path's, so the general path's: rights, sequence numbers, the
 * sender's token, the counters (ks_ipc_fastpath_regs, _light,
 * _reply_cached and ks_context_switches count its messages too, added
 * when they are read; ks_ipc_hotpath counts them apart).  "hotpath=off"
 * switches it off alone.
 *
 * It runs with interrupts off, called from assembly that keeps nothing
 * in registers across the call (locore.S, syscall_regs): this file is
 * compiled to save no callee-saved register (mach/mach.mk).
 *
 * It takes no lock, the L4 kernels' lesson for one CPU: entered from
 * user mode with interrupts off, it finds ipc_lock and wait_lock free
 * (a simple lock's holder keeps interrupts off and never switches away:
 * docs/locking.md), and nothing else runs until it has returned to user
 * mode.  On more than one CPU it would take both, as the fast path does.
 */
#include <ipc/ipc_fastpath.h>
#include <ipc/ipc_hotpath.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <kern/lock.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <mach/msg_regs.h>
#include <machine/cpu_data.h>
#include <machine/thread.h>
#include <machine/trap.h>
#include <vm/pmap.h>

static_assert(CPU_COUNT_MAX == 1, "the hot path takes no lock: one CPU");

int ipc_hotpath_enabled;
mach_msg_option_t ipc_hotpath_option = -1;
unsigned long ipc_hotpath_request_count;
unsigned long ipc_hotpath_reply_count;

#define HOTPATH_REQUEST_BITS \
	MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define HOTPATH_REPLY_BITS MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0)

/*
 * The thread waiting on port in the register trap that the hot path may
 * give a message to and return to user mode by sysret, or NULL.
 *
 * A thread waiting on a port's own queue needs fewer checks than the
 * fast path makes: the port is alive and its receive right in a live
 * space, since whatever takes the right out of its space (a move, a
 * destruction, the space's) wakes every receiver at once, under
 * ipc_lock (ipc_port_clear_receiver_locked); the thread is not marked
 * to end, since thread_terminate interrupts its wait as it marks it,
 * with interrupts off; it is not held, since thread_suspend and
 * task_suspend end its fast wait (kern/thread.c); and sysret can return
 * to it, since it entered by syscall and thread_set_state ends its fast
 * wait otherwise.  (sched_ast_pending's reschedule is not pending:
 * ipc_hotpath_regs.)
 */
static inline __attribute__((always_inline)) struct thread *
hotpath_receiver(ipc_port_t port)
{
	struct thread *receiver = port->ip_messages.imq_receivers.wq_head;

	if (receiver == NULL || receiver->th_ipc_fast_wait != TH_IPC_FAST_REGS)
		return NULL;
	check_assert(port->ip_active && port->ip_receiver->is_active &&
		     !receiver->th_should_terminate && !thread_held(receiver) &&
		     machine_thread_light_return_ok(&receiver->th_machine));
	return receiver;
}

/* The port of the right of type that name names in space, or IP_NULL. */
static inline __attribute__((always_inline)) ipc_port_t
hotpath_lookup_port(struct ipc_space *space, mach_port_name_t name,
		    mach_port_type_t type)
{
	struct ipc_entry *entry =
	    ipc_entry_lookup_rights_locked(space, name, type);

	return entry != NULL ? entry->ie_object : IP_NULL;
}

/* Whether the sender may wait on port, its receive right's: it has no
 * message queued and is in no set. */
static inline __attribute__((always_inline)) int
hotpath_receive_ok(ipc_port_t port)
{
	return port->ip_pset == NULL && port->ip_messages.imq_head == NULL;
}

/*
 * The receiver's wait on port ends, the sender's (self's) on rcv_port
 * starts, as fastpath_pass_wait_locked does it for a register message.
 * Neither holds a port set's reference (th_ipc_fast_pset stays NULL): a
 * register receive waits on a port, and a running thread holds none.
 */
static inline __attribute__((always_inline)) void
hotpath_pass_wait(struct thread *self, ipc_port_t port, struct thread *receiver,
		  ipc_port_t rcv_port)
{
	wait_queue_dequeue_first_locked(&port->ip_messages.imq_receivers,
					receiver);
	receiver->th_ipc_fast_wait = 0;
	receiver->th_state = TH_RUN;
	wait_queue_enqueue_locked(&rcv_port->ip_messages.imq_receivers, self);
	self->th_ipc_fast_wait = TH_IPC_FAST_REGS;
	self->th_state = TH_WAIT;
}

/*
 * Hands the processor from self to receiver, as sched_handoff_user does
 * (self resumes at the fast path's continuation if the general path
 * ends its wait), and returns the receiver's trap frame.  We go on as
 * the receiver on the sender's stack, to hotpath_return.  (The
 * caller counts the message, and so the switch: ipc_statistics adds
 * it to the fast path's counters, host_kernel_stats to the switches.)
 */
static inline __attribute__((always_inline)) struct trap_frame *
hotpath_switch(struct thread *self, struct thread *receiver)
{
	self->th_continuation = ipc_fastpath_regs_continue;
	receiver->th_continuation = NULL;
	cpu_set(cpu_thread, receiver);
	return machine_thread_load_user(&receiver->th_machine);
}

/*
 * Returns to the receiver's user mode, whose frame is to, with the
 * message in its registers: MR0..MR3 given, the data words (the
 * message's size, MR1's high half, less the header) from the sender's
 * frame, from.  Loads the receiver's address space first if its space,
 * receiver_space, is not the sender's, space (the last step of the
 * switch: a call, across which the fewest values are live).  Does not
 * return.
 */
static inline __attribute__((always_inline, noreturn)) void
hotpath_return(struct ipc_space *space, struct ipc_space *receiver_space,
	       uint64_t mr0, uint64_t mr1, uint64_t mr2, uint64_t mr3,
	       struct trap_frame *to, struct trap_frame *from)
{
	/* The sender's pmap is the CPU's, and not stale; a space is its
	 * task's. */
	if (receiver_space != space)
		pmap_activate(receiver_space->is_task->task_pmap);
	if (__builtin_expect(mr1 >> 32 == MACH_MSG_REGS_HEADER, 1))
		machine_thread_return_null(mr0, mr1, mr2, mr3, to);
	trap_msg_reg_set(to, 0, mr0);
	trap_msg_reg_set(to, 1, mr1);
	trap_msg_reg_set(to, 2, mr2);
	trap_msg_reg_set(to, 3, mr3);
	machine_thread_return_regs(to, (mr1 >> 32) - MACH_MSG_REGS_HEADER,
				   from);
}

/*
 * A request: the receiver waiting on the destination gets the reply
 * right in its reply cache entry.  Returns if the hot path cannot take
 * it.
 */
static inline __attribute__((always_inline)) void
hotpath_request(struct thread *self, struct ipc_space *space,
		struct trap_frame *frame, uint64_t mr1, uint64_t mr2,
		uint64_t mr3)
{
	/* The destination's send right and the reply port's receive
	 * right, translated again only when the names or the space have
	 * changed since the last request (kern/thread.h). */
	ipc_port_t port, reply;
	struct thread *receiver;
	if (mr2 == self->th_hot_request_names &&
	    space->is_generation == self->th_hot_request_generation) {
		port = self->th_hot_dest;
		reply = self->th_hot_reply;
		if (!hotpath_receive_ok(reply) ||
		    (receiver = hotpath_receiver(port)) == NULL)
			return;
	} else {
		port = hotpath_lookup_port(space, (uint32_t)mr2,
					   MACH_PORT_TYPE_SEND);
		reply = hotpath_lookup_port(space, mr2 >> 32,
					    MACH_PORT_TYPE_RECEIVE);
		if (port == IP_NULL || reply == IP_NULL ||
		    !hotpath_receive_ok(reply) ||
		    (receiver = hotpath_receiver(port)) == NULL)
			return;
		/* Kept once a thread waits for them (a kernel object's RPC,
		 * which has none, does not take the place of a server's). */
		self->th_hot_request_names = mr2;
		self->th_hot_dest = port;
		self->th_hot_reply = reply;
		self->th_hot_request_generation = space->is_generation;
	}
	struct ipc_space *receiver_space = port->ip_receiver;
	uint32_t index = receiver->th_reply_index; /* 0 (none): never
						       reserved */
	struct ipc_entry *entry = &receiver_space->is_table[index];
	if (entry->ie_type != IE_TYPE_REPLY_RESERVED)
		return;

	/* The message goes; from here on nothing fails. */
	hotpath_pass_wait(self, port, receiver, reply);
	struct trap_frame *to = hotpath_switch(self, receiver);
	ipc_hotpath_request_count++;
	receiver_space->is_in_use++;
	uint8_t gen = ++entry->ie_gen;
	entry->ie_object = reply;
	entry->ie_type = IE_TYPE_REPLY_CACHED;
	entry->ie_urefs = 1;
	reply->ip_sorights++;
	reply->ip_references++; /* the entry's */
	mach_port_name_t reply_name = MACH_PORT_MAKE(index, gen);
	receiver->th_reply_name = reply_name;
	uint64_t mr0 = port->ip_messages.imq_seqno++ | self->th_hot_token;
	/* The bits as received: MR1's low half is HOTPATH_REQUEST_BITS. */
	mr1 ^=
	    HOTPATH_REQUEST_BITS ^ MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
						  MACH_MSG_TYPE_PORT_SEND);
	mr2 = reply_name | (uint64_t)port->ip_receiver_name << 32;
	hotpath_return(space, receiver_space, mr0, mr1, mr2, (uint32_t)mr3, to,
		       frame);
}

/*
 * A reply through the right the reply cache holds for self: the entry
 * stays reserved.  Returns if the hot path cannot take it.
 */
static inline __attribute__((always_inline)) void
hotpath_reply(struct thread *self, struct ipc_space *space,
	      struct trap_frame *frame, uint64_t mr1, uint64_t mr2,
	      uint64_t mr3)
{
	mach_port_name_t name = (uint32_t)mr2;
	if (name != self->th_reply_name)
		return;
	struct ipc_entry *dest = &space->is_table[self->th_reply_index];
	if (dest->ie_type != IE_TYPE_REPLY_CACHED ||
	    dest->ie_gen != MACH_PORT_GEN(name))
		return;
	ipc_port_t port = dest->ie_object;
	/* The right's entry goes: no dead-name request may be on it. */
	if (port->ip_dnrequests != NULL)
		return;
	struct thread *receiver = hotpath_receiver(port);
	if (receiver == NULL)
		return;
	/* The port it then receives on, translated again only when the
	 * name or the space have changed since the last reply. */
	mach_port_name_t rcv_name = mr3 >> 32;
	ipc_port_t rcv_port;
	if (rcv_name == self->th_hot_rcv_name &&
	    space->is_generation == self->th_hot_rcv_generation) {
		rcv_port = self->th_hot_rcv;
	} else {
		rcv_port = hotpath_lookup_port(space, rcv_name,
					       MACH_PORT_TYPE_RECEIVE);
		if (rcv_port == IP_NULL)
			return;
		self->th_hot_rcv_name = rcv_name;
		self->th_hot_rcv = rcv_port;
		self->th_hot_rcv_generation = space->is_generation;
	}
	if (!hotpath_receive_ok(rcv_port))
		return;

	/* The message goes; from here on nothing fails. */
	hotpath_pass_wait(self, port, receiver, rcv_port);
	struct trap_frame *to = hotpath_switch(self, receiver);
	check_assert(port->ip_references > 1); /* the receive right's */
	port->ip_sorights--;
	port->ip_references--;
	dest->ie_type = IE_TYPE_REPLY_RESERVED;
	dest->ie_object = NULL;
	dest->ie_urefs = 0;
	space->is_in_use--;
	ipc_hotpath_reply_count++;
	uint64_t mr0 = port->ip_messages.imq_seqno++ | self->th_hot_token;
	/* The bits as received: MR1's low half is HOTPATH_REPLY_BITS. */
	mr1 ^= HOTPATH_REPLY_BITS ^
	       MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	mr2 = (uint64_t)port->ip_receiver_name << 32;
	hotpath_return(space, port->ip_receiver, mr0, mr1, mr2, (uint32_t)mr3,
		       to, frame);
}

void
ipc_hotpath_regs(uint64_t mr0, /* option | timeout */
		 uint64_t mr1, /* bits | size */
		 uint64_t mr2, /* remote | local */
		 uint64_t mr3, /* id | rcv_name */
		 struct trap_frame *frame)
{
	/* The data bytes, rotated so that one comparison finds a size
	 * below the header's, above the largest or not of whole words. */
	uint32_t data = (uint32_t)(mr1 >> 32) - MACH_MSG_REGS_HEADER;
	uint32_t data_words = data >> 2 | data << 30;

	if ((mach_msg_option_t)(mr0 & ~MACH_RCV_TRAILER_MASK) !=
		ipc_hotpath_option ||
	    data_words > (MACH_MSG_REGS_SIZE_MAX - MACH_MSG_REGS_HEADER) / 4)
		return;
	struct thread *self = current_thread();
	/*
	 * Entered from user mode on one CPU: every way back to user mode
	 * ends in sched_ast_check with interrupts off, so no reschedule is
	 * pending and the thread is not marked to end (it may start a
	 * wait), and no lock is held.
	 */
	check_assert(!cpu_get(cpu_need_resched) && !self->th_should_terminate &&
		     !simple_lock_held(&ipc_lock) &&
		     !simple_lock_held(&wait_lock));
	if ((uint32_t)mr1 == HOTPATH_REQUEST_BITS) {
		if ((mr2 ^ mr3) >> 32 != 0)
			return; /* local is not rcv_name */
		hotpath_request(self, self->th_task->task_space, frame, mr1,
				mr2, mr3);
	} else if ((uint32_t)mr1 == HOTPATH_REPLY_BITS) {
		if (mr2 >> 32 != 0)
			return; /* a local port */
		hotpath_reply(self, self->th_task->task_space, frame, mr1, mr2,
			      mr3);
	}
}
