/*
 * Notifications: small messages the kernel sends through a send-once
 * right, built here in kernel form (see mach/notify.h for the formats).
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <mach/notify.h>

void
ipc_kmsg_send_kernel_locked(struct ipc_kmsg *kmsg)
{
	ipc_port_t dest = ikm_header(kmsg)->msgh_remote_port;

	kmsg->ikm_sender.val[0] = kmsg->ikm_sender.val[1] = 0; /* the kernel */
	if (!dest->ip_active || dest->ip_receiver == ipc_space_kernel) {
		ipc_kmsg_destroy_locked(kmsg);
		return;
	}
	struct thread *receiver = ipc_mqueue_deliver_locked(dest, kmsg);
	if (receiver != NULL)
		sched_setrun(receiver);
}

/* A notification message of size bytes (after the header) to notify. */
static struct ipc_kmsg *
ipc_notify_alloc_locked(ipc_port_t notify, mach_msg_id_t id,
			mach_msg_size_t body_size)
{
	struct ipc_kmsg *kmsg =
	    ipc_kmsg_alloc(sizeof(mach_msg_header_t) + body_size);
	if (kmsg == NULL) {
		/* Drop it: release the right without a notification. */
		notify->ip_sorights--;
		ipc_port_release_locked(notify);
		return NULL;
	}
	mach_msg_header_t *header = ikm_header(kmsg);
	memset(header, 0, sizeof(*header) + body_size);
	header->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	header->msgh_size = sizeof(*header) + body_size;
	header->msgh_remote_port = notify;
	header->msgh_local_port = IP_NULL;
	header->msgh_id = id;
	return kmsg;
}

void
ipc_notify_no_senders_locked(ipc_port_t notify, mach_port_mscount_t mscount)
{
	struct ipc_kmsg *kmsg = ipc_notify_alloc_locked(
	    notify, MACH_NOTIFY_NO_SENDERS, sizeof(mach_port_mscount_t));
	if (kmsg == NULL)
		return;
	memcpy(ikm_header(kmsg) + 1, &mscount, sizeof(mscount));
	ipc_kmsg_send_kernel_locked(kmsg);
}

void
ipc_notify_send_once_locked(ipc_port_t port)
{
	struct ipc_kmsg *kmsg =
	    ipc_notify_alloc_locked(port, MACH_NOTIFY_SEND_ONCE, 0);
	if (kmsg != NULL)
		ipc_kmsg_send_kernel_locked(kmsg);
}

void
ipc_notify_dead_name_locked(ipc_port_t notify, mach_port_name_t name)
{
	struct ipc_kmsg *kmsg = ipc_notify_alloc_locked(
	    notify, MACH_NOTIFY_DEAD_NAME, sizeof(mach_port_name_t));
	if (kmsg == NULL)
		return;
	memcpy(ikm_header(kmsg) + 1, &name, sizeof(name));
	ipc_kmsg_send_kernel_locked(kmsg);
}

void
ipc_notify_port_destroyed_locked(ipc_port_t notify, ipc_port_t port)
{
	struct {
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
	} __attribute__((packed)) body;

	struct ipc_kmsg *kmsg = ipc_notify_alloc_locked(
	    notify, MACH_NOTIFY_PORT_DESTROYED, sizeof(body));
	if (kmsg == NULL) {
		ipc_port_destroy_locked(port); /* dies after all */
		return;
	}
	memset(&body, 0, sizeof(body));
	body.body.msgh_descriptor_count = 1;
	body.port.name = port;
	body.port.disposition = MACH_MSG_TYPE_PORT_RECEIVE;
	body.port.type = MACH_MSG_PORT_DESCRIPTOR;
	mach_msg_header_t *header = ikm_header(kmsg);
	header->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	memcpy(header + 1, &body, sizeof(body));
	ipc_kmsg_send_kernel_locked(kmsg);
}
