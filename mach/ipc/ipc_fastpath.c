/*
 * The IPC fast path: a second door into mach_msg, for the message of an
 * RPC.
 *
 * It takes a combined send and receive (MACH_SEND_MSG | MACH_RCV_MSG, no
 * timeouts) of a small simple message through a send right, copied or
 * made (a request), or a send-once right (a reply), with no reply right
 * or a send-once
 * right made from the port it then receives on.  When the destination
 * has a receiver blocked in a receive that the fast path can complete
 * (th_ipc_fast_wait: a port, not a set, no timeout, room for the
 * message), the message goes straight from the sender's buffer into the
 * receiver's thread (one copy in, no kernel message, no queue), the
 * sender starts its receive, and the processor passes to the receiver,
 * which copies the message out and returns to user mode directly
 * (ipc_fastpath_complete), leaving its blocked kernel frames behind.
 *
 * Its preconditions are checked one by one, changing nothing; the moment
 * one fails, it returns 0 and the general path (mach_msg.c) runs.  It
 * has exactly the general path's semantics (rights, sequence numbers,
 * trailers), and the tests pass with it switched off ("fastpath=off").
 */
#include <ipc/ipc_fastpath.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <kern/copyio.h>
#include <kern/debug.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <machine/trap.h>

#define FASTPATH_SEND_MAX 128 /* bytes of message, header included */

int ipc_fastpath_enabled = 1;
unsigned long ipc_fastpath_count;

struct fastpath_msg {
	struct ipc_user_header fm_header;
	uint8_t fm_body[FASTPATH_SEND_MAX - sizeof(struct ipc_user_header)];
};

static_assert(FASTPATH_SEND_MAX + MAX_TRAILER_SIZE <=
		  sizeof(((struct thread *)0)->th_ipc_fast_msg),
	      "the receiver's buffer holds the largest fast message");

/* Checks the message's shape: a simple RPC request or reply. */
static int
fastpath_shape_ok(const struct ipc_user_header *h, mach_port_name_t rcv_name)
{
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->uh_bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(h->uh_bits);

	if (h->uh_bits & ~MACH_MSGH_BITS_PORTS_MASK)
		return 0; /* complex, or other bits */
	if (dest_type != MACH_MSG_TYPE_COPY_SEND &&
	    dest_type != MACH_MSG_TYPE_MAKE_SEND &&
	    dest_type != MACH_MSG_TYPE_MOVE_SEND_ONCE)
		return 0;
	if (h->uh_remote == rcv_name)
		return 0; /* to oneself: no receiver can be waiting */
	if (h->uh_local == MACH_PORT_NULL)
		return reply_type == 0;
	return reply_type == MACH_MSG_TYPE_MAKE_SEND_ONCE &&
	       h->uh_local == rcv_name;
}

/* The waiting receiver the message can go to directly, or NULL. */
static struct thread *
fastpath_receiver_locked(struct ipc_space *space,
			 const struct ipc_user_header *h, mach_msg_size_t size,
			 ipc_port_t *portp)
{
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, h->uh_remote);
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->uh_bits);

	if (entry == NULL)
		return NULL;
	mach_port_type_t needed =
	    dest_type == MACH_MSG_TYPE_COPY_SEND   ? MACH_PORT_TYPE_SEND
	    : dest_type == MACH_MSG_TYPE_MAKE_SEND ? MACH_PORT_TYPE_RECEIVE
						   : MACH_PORT_TYPE_SEND_ONCE;
	if (!(entry->ie_type & needed))
		return NULL;
	ipc_port_t port = entry->ie_object;
	struct ipc_space *receiver_space = port->ip_receiver;
	if (!port->ip_active || port->ip_pset != NULL ||
	    port->ip_messages.imq_head != NULL || receiver_space == NULL ||
	    receiver_space == ipc_space_kernel ||
	    receiver_space == ipc_space_reply)
		return NULL;
	struct thread *receiver = port->ip_messages.imq_receivers;
	if (receiver == NULL || !receiver->th_ipc_fast_wait ||
	    receiver->th_ipc_rcv_size <
		size + ipc_kmsg_trailer_size(receiver->th_ipc_rcv_elements))
		return NULL;
	*portp = port;
	return receiver;
}

/* The receive right named for the reply, if it can take part. */
static int
fastpath_reply_ok_locked(struct ipc_space *space, mach_port_name_t name,
			 ipc_port_t *reply)
{
	*reply = IP_NULL;
	if (name == MACH_PORT_NULL)
		return 1;
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry == NULL || !(entry->ie_type & MACH_PORT_TYPE_RECEIVE))
		return 0;
	*reply = entry->ie_object;
	return 1;
}

/* Writes the received message, as the receiver will see it, into its
 * thread: header, body and trailer. */
static void
fastpath_compose(struct thread *receiver, const struct fastpath_msg *m,
		 mach_msg_size_t size, mach_port_name_t reply_name,
		 ipc_port_t port, mach_port_seqno_t seqno)
{
	struct ipc_user_header *h =
	    (struct ipc_user_header *)receiver->th_ipc_fast_msg;
	/* A send right arrives as PORT_SEND, a send-once as PORT_SEND_ONCE. */
	mach_msg_type_name_t dest_type =
	    MACH_MSGH_BITS_REMOTE(m->fm_header.uh_bits) ==
		    MACH_MSG_TYPE_MOVE_SEND_ONCE
		? MACH_MSG_TYPE_PORT_SEND_ONCE
		: MACH_MSG_TYPE_PORT_SEND;
	mach_msg_size_t trailer_size =
	    ipc_kmsg_trailer_size(receiver->th_ipc_rcv_elements);
	mach_msg_audit_trailer_t *trailer =
	    (mach_msg_audit_trailer_t *)(receiver->th_ipc_fast_msg + size);
	uint32_t sender = current_task()->task_id;

	h->uh_bits = MACH_MSGH_BITS(
	    reply_name == MACH_PORT_NULL ? 0 : MACH_MSG_TYPE_PORT_SEND_ONCE,
	    dest_type);
	h->uh_size = size;
	h->uh_remote = reply_name;
	h->uh_local = port->ip_receiver_name;
	h->uh_reserved = 0;
	h->uh_id = m->fm_header.uh_id;
	memcpy(h + 1, m->fm_body, size - sizeof(*h));

	/* The trailer: only as much of it as the receiver asked for. */
	trailer->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	trailer->msgh_trailer_size = trailer_size;
	if (trailer_size > sizeof(mach_msg_trailer_t))
		trailer->msgh_seqno = seqno;
	if (trailer_size > sizeof(mach_msg_seqno_trailer_t)) {
		trailer->msgh_sender.val[0] = sender;
		trailer->msgh_sender.val[1] = 0;
	}
	if (trailer_size > sizeof(mach_msg_security_trailer_t)) {
		memset(&trailer->msgh_audit, 0, sizeof(trailer->msgh_audit));
		trailer->msgh_audit.val[5] = sender;
	}
	receiver->th_ipc_fast_size = size + trailer_size;
}

/* Moves the rights and the message to the receiver; cannot fail. */
static void
fastpath_transfer_locked(struct ipc_space *space, struct thread *receiver,
			 ipc_port_t port, ipc_port_t reply,
			 const struct fastpath_msg *m, mach_msg_size_t size)
{
	const struct ipc_user_header *h = &m->fm_header;
	mach_port_name_t reply_name = MACH_PORT_NULL;

	ipc_wait_list_remove(receiver);
	receiver->th_state = TH_RUN;
	receiver->th_ipc_fast_wait = 0;
	receiver->th_ipc_result = MACH_MSG_SUCCESS;

	/*
	 * The right to the destination is taken and at once used up.  For a
	 * copied send right that changes nothing; a made one still counts
	 * (make-send count, and no-senders if it was the only one).
	 */
	mach_msg_type_name_t dest = MACH_MSGH_BITS_REMOTE(h->uh_bits);
	if (dest == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		ipc_right_copyin_locked(space, h->uh_remote, dest);
		ipc_kmsg_consume_dest_locked(port,
					     MACH_MSG_TYPE_PORT_SEND_ONCE);
	} else if (dest == MACH_MSG_TYPE_MAKE_SEND) {
		ipc_port_make_send_locked(port);
		ipc_port_release_send_locked(port);
	}
	if (reply != IP_NULL) {
		ipc_port_make_send_once_locked(reply);
		reply_name = ipc_right_copyout_locked(
		    port->ip_receiver, reply, MACH_MSG_TYPE_PORT_SEND_ONCE);
	}
	fastpath_compose(receiver, m, size, reply_name, port,
			 port->ip_messages.imq_seqno++);
	machine_thread_resume_fastpath(receiver);
	ipc_fastpath_count++;
}

/* port, if a receive from it will wait, or IP_NULL. */
static ipc_port_t
fastpath_waitable(ipc_port_t port)
{
	if (port->ip_pset != NULL || port->ip_messages.imq_head != NULL)
		return IP_NULL;
	return port;
}

/* The port received from, if the receive will wait on it, or IP_NULL. */
static ipc_port_t
fastpath_receive_port_locked(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry == NULL || !(entry->ie_type & MACH_PORT_TYPE_RECEIVE))
		return IP_NULL;
	return fastpath_waitable(entry->ie_object);
}

/*
 * The receive phase: wait on port, giving the processor to receiver.
 * The sender of the answer will usually end this wait through its own
 * fast path, returning to user mode without coming back here; if the
 * general path wakes the thread instead, the receive ends here as it
 * does there.  Called with ipc_lock held; releases it.
 */
static mach_msg_return_t
fastpath_receive_locked(ipc_port_t port, struct thread *receiver, uint64_t msg,
			mach_msg_option_t option, mach_msg_size_t rcv_size)
{
	struct thread *self = current_thread();

	mach_msg_receive_fast_wait(self, msg, option, rcv_size);
	ipc_wait_list_append(&port->ip_messages.imq_receivers, self);
	self->th_ipc_kmsg = NULL;
	self->th_ipc_result = MACH_RCV_INTERRUPTED;
	self->th_state = TH_WAIT;
	simple_unlock(&ipc_lock);
	sched_handoff(receiver);

	simple_lock(&ipc_lock);
	struct ipc_kmsg *kmsg = self->th_ipc_kmsg;
	mach_msg_return_t mr = self->th_ipc_result;
	self->th_ipc_kmsg = NULL;
	self->th_ipc_fast_wait = 0;
	if (mr == MACH_MSG_SUCCESS && kmsg != NULL)
		return mach_msg_receive_finish_locked(kmsg, msg, option,
						      rcv_size);
	simple_unlock(&ipc_lock);
	return mr;
}

int
ipc_fastpath(const uint64_t *args, mach_msg_return_t *mr)
{
	uint64_t msg = args[0];
	mach_msg_option_t option = (mach_msg_option_t)args[1];
	mach_msg_size_t size = (mach_msg_size_t)args[2];
	mach_port_name_t rcv_name = (mach_port_name_t)args[4];
	struct fastpath_msg m;
	struct thread *receiver;
	ipc_port_t port, reply, rcv_port;

	if (!ipc_fastpath_enabled ||
	    (option & ~MACH_RCV_TRAILER_MASK) != (MACH_SEND_MSG | MACH_RCV_MSG))
		return 0;
	if (size < sizeof(m.fm_header) || size > sizeof(m) || (size & 3))
		return 0;
	if (copyin(msg, &m, size) != KERN_SUCCESS ||
	    !fastpath_shape_ok(&m.fm_header, rcv_name))
		return 0;

	struct ipc_space *space = current_task()->task_space;
	simple_lock(&ipc_lock);
	receiver = fastpath_receiver_locked(space, &m.fm_header, size, &port);
	if (receiver == NULL ||
	    !fastpath_reply_ok_locked(space, m.fm_header.uh_local, &reply)) {
		simple_unlock(&ipc_lock);
		return 0;
	}
	/* A request waits on its reply port, which was just looked up. */
	rcv_port = reply != IP_NULL
		       ? fastpath_waitable(reply)
		       : fastpath_receive_port_locked(space, rcv_name);
	if (rcv_port == IP_NULL) {
		simple_unlock(&ipc_lock);
		return 0;
	}
	fastpath_transfer_locked(space, receiver, port, reply, &m, size);
	*mr = fastpath_receive_locked(rcv_port, receiver, msg, option,
				      (mach_msg_size_t)args[3]);
	return 1;
}

void
ipc_fastpath_complete(void)
{
	struct thread *self = current_thread();
	struct trap_frame *frame = machine_thread_user_frame(self);

	frame->tf_rax = copyout(self->th_ipc_fast_msg, self->th_ipc_rcv_msg,
				self->th_ipc_fast_size) == KERN_SUCCESS
			    ? MACH_MSG_SUCCESS
			    : MACH_RCV_INVALID_DATA;
	if (sched_ast_pending(self))
		sched_ast_check();
}
