/*
 * Messages the kernel sends (see ipc/mach_msg_kernel.h).
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg_kernel.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/mig_errors.h>

void
ipc_kmsg_send_kernel_locked(struct ipc_kmsg *kmsg)
{
	ipc_port_t dest = ikm_header(kmsg)->msgh_remote_port;

	kmsg->ikm_sender.val[0] = kmsg->ikm_sender.val[1] = 0; /* the kernel */
	if (!IP_VALID(dest) || !dest->ip_active ||
	    dest->ip_receiver == ipc_space_kernel ||
	    !ipc_kmsg_send_receive_rights_locked(kmsg)) {
		ipc_kmsg_destroy_locked(kmsg);
		return;
	}
	struct thread *receiver = ipc_mqueue_deliver_locked(dest, kmsg);
	if (receiver != NULL)
		sched_setrun(receiver);
}

/* A copy of a kernel-form message in a kmsg, its rights taken. */
static struct ipc_kmsg *
mach_msg_kernel_copyin_locked(mach_msg_header_t *msg, mach_msg_size_t size)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc_kernel(size);
	if (kmsg == NULL)
		return NULL;
	memcpy(ikm_header(kmsg), msg, size);
	ikm_header(kmsg)->msgh_size = size;
	ipc_kmsg_copyin_from_kernel_locked(kmsg);
	return kmsg;
}

mach_msg_return_t
mach_msg_send_from_kernel_locked(mach_msg_header_t *msg, mach_msg_size_t size)
{
	struct ipc_kmsg *kmsg = mach_msg_kernel_copyin_locked(msg, size);
	if (kmsg == NULL) {
		ipc_kmsg_release_kernel_rights_locked(msg);
		return MACH_SEND_NO_BUFFER;
	}
	ipc_kmsg_send_kernel_locked(kmsg);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	unsigned long flags = cpu_intr_save();
	simple_lock(&ipc_lock);
	mach_msg_return_t mr = mach_msg_send_from_kernel_locked(msg, size);
	simple_unlock(&ipc_lock);
	cpu_intr_restore(flags);
	return mr;
}

/* The thread's kernel reply port, made on first use. */
static ipc_port_t
mach_msg_kernel_reply_port_locked(struct thread *thread)
{
	if (thread->th_kernel_reply_port == IP_NULL) {
		ipc_port_t port = ipc_port_alloc_locked();
		if (port != IP_NULL)
			port->ip_receiver = ipc_space_reply;
		thread->th_kernel_reply_port = port;
	}
	return thread->th_kernel_reply_port;
}

/*
 * The kernel receives a message from its reply port: the right to the
 * port is used up as by a delivery.  Destroyed with the message instead,
 * a send-once right would send a send-once notification to the reply
 * port.
 */
static void
mach_msg_kernel_take_dest_locked(struct ipc_kmsg *kmsg)
{
	mach_msg_header_t *header = ikm_header(kmsg);

	ipc_kmsg_consume_dest_locked(header->msgh_remote_port,
				     MACH_MSGH_BITS_REMOTE(header->msgh_bits));
	header->msgh_remote_port = IP_NULL;
}

/*
 * Destroys the answers of earlier RPCs whose wait was interrupted
 * (thread_abort), so that they are not taken for the next one's.  Each
 * is received first: a send-once notification for it would come back to
 * this loop, for ever.
 */
static void
mach_msg_kernel_drop_stale_replies_locked(ipc_port_t reply)
{
	struct ipc_kmsg *kmsg;

	if (reply == IP_NULL)
		return;
	while ((kmsg = ipc_mqueue_dequeue_locked(&reply->ip_messages)) !=
	       NULL) {
		mach_msg_kernel_take_dest_locked(kmsg);
		ipc_kmsg_destroy_locked(kmsg);
	}
}

/* Sends kmsg (rights in) and takes the reply from reply. */
static mach_msg_return_t
mach_msg_kernel_rpc_locked(struct ipc_kmsg *kmsg, ipc_port_t reply,
			   struct ipc_kmsg **answer)
{
	ipc_port_t dest = ikm_header(kmsg)->msgh_remote_port;
	struct thread *receiver = NULL;

	if (!IP_VALID(dest) || !dest->ip_active) {
		ipc_kmsg_destroy_locked(kmsg);
		return MACH_SEND_INVALID_DEST;
	}
	if (dest->ip_receiver == ipc_space_kernel) {
		simple_unlock(&ipc_lock);
		ipc_kobject_serve(kmsg);
		simple_lock(&ipc_lock);
	} else {
		kmsg->ikm_sender.val[0] = kmsg->ikm_sender.val[1] = 0;
		ipc_mqueue_send_locked(dest, kmsg, 1, 0, 0, &receiver);
	}
	return ipc_mqueue_receive_locked(reply, NULL, 0, 0, receiver, answer);
}

mach_msg_return_t
mach_msg_rpc_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size,
			 mach_msg_size_t rcv_size)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *answer;
	mach_msg_return_t mr;

	unsigned long flags = cpu_intr_save();
	simple_lock(&ipc_lock);
	ipc_port_t reply = mach_msg_kernel_reply_port_locked(self);
	mach_msg_kernel_drop_stale_replies_locked(reply);
	msg->msgh_local_port = reply;
	msg->msgh_bits = (msg->msgh_bits & ~MACH_MSGH_BITS_LOCAL_MASK) |
			 MACH_MSGH_BITS(0, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	struct ipc_kmsg *kmsg =
	    reply == IP_NULL ? NULL
			     : mach_msg_kernel_copyin_locked(msg, send_size);
	if (kmsg == NULL) {
		msg->msgh_local_port = IP_NULL;
		ipc_kmsg_release_kernel_rights_locked(msg);
		mr = MACH_SEND_NO_BUFFER;
	} else {
		mr = mach_msg_kernel_rpc_locked(kmsg, reply, &answer);
	}
	if (mr == MACH_MSG_SUCCESS) {
		mach_msg_header_t *header = ikm_header(answer);
		mach_msg_size_t size = header->msgh_size;
		if ((header->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
		    IP_VALID(header->msgh_local_port))
			mr = MIG_TYPE_ERROR;
		else if (size > rcv_size)
			mr = MACH_RCV_TOO_LARGE;
		if (mr == MACH_MSG_SUCCESS) {
			memcpy(msg, header, size);
			msg->msgh_remote_port = IP_NULL; /* as if received */
			msg->msgh_local_port = reply;
		}
		mach_msg_kernel_take_dest_locked(answer);
		ipc_kmsg_destroy_locked(answer);
	}
	simple_unlock(&ipc_lock);
	cpu_intr_restore(flags);
	return mr;
}
