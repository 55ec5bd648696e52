/*
 * The loopback transport and the MIG run-time functions for host tests
 * of generated stubs; see loopback.h.
 *
 * Delivery does what the kernel's copyin/copyout does to a message:
 * the header's ports are swapped (the receiver finds the reply port in
 * msgh_remote_port and its own port in msgh_local_port) with their
 * dispositions turned into the received kind, port descriptors likewise,
 * out-of-line regions copied into fresh memory (and the sender's freed
 * when it asked for deallocation), and a full audit trailer with a
 * sequence number appended after msgh_size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipc/mach_msg_kernel.h>

#include "loopback.h"

struct loopback_stats loopback_stats;
void (*loopback_tamper_request)(mach_msg_header_t *request);
void (*loopback_tamper_reply)(mach_msg_header_t *reply);
char loopback_last_request[LOOPBACK_BUFFER];

static loopback_demux_t loopback_demux;
static unsigned loopback_seqno;

void
loopback_init(loopback_demux_t demux)
{
	loopback_demux = demux;
	memset(&loopback_stats, 0, sizeof(loopback_stats));
	loopback_tamper_request = NULL;
	loopback_tamper_reply = NULL;
}

static void *
loopback_copy_region(const mach_msg_ool_descriptor_t *d, size_t bytes)
{
	void *copy;

	if (d->address == NULL || bytes == 0)
		return NULL;
	copy = malloc(bytes);
	memcpy(copy, d->address, bytes);
	if (d->deallocate)
		free(d->address);
	return copy;
}

static void
loopback_descriptors(mach_msg_header_t *msg)
{
	mach_msg_body_t *body = (mach_msg_body_t *)(msg + 1);
	char *p = (char *)(body + 1);
	mach_msg_size_t i;

	for (i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_type_descriptor_t *t = (void *)p;

		if (t->type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t *d = (void *)p;

			d->disposition = mach_msg_type_received(d->disposition);
			p += sizeof(*d);
		} else if (t->type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			mach_msg_ool_ports_descriptor_t *d = (void *)p;
			mach_msg_ool_descriptor_t as_ool = {
			    .address = d->address, .deallocate = d->deallocate};

			d->address = loopback_copy_region(
			    &as_ool, d->count * sizeof(mach_port_t));
			d->disposition = mach_msg_type_received(d->disposition);
			p += sizeof(*d);
		} else {
			mach_msg_ool_descriptor_t *d = (void *)p;

			d->address = loopback_copy_region(d, d->size);
			p += sizeof(*d);
		}
	}
}

void
loopback_deliver(const mach_msg_header_t *msg, char *buffer)
{
	mach_msg_header_t *in = (mach_msg_header_t *)buffer;
	mach_msg_audit_trailer_t trailer;
	mach_port_t remote = msg->msgh_remote_port;

	memcpy(buffer, msg, msg->msgh_size);
	in->msgh_remote_port = msg->msgh_local_port;
	in->msgh_local_port = remote;
	in->msgh_bits =
	    MACH_MSGH_BITS(
		mach_msg_type_received(MACH_MSGH_BITS_LOCAL(msg->msgh_bits)),
		mach_msg_type_received(MACH_MSGH_BITS_REMOTE(msg->msgh_bits))) |
	    (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX);
	if (in->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		loopback_descriptors(in);
	memset(&trailer, 0, sizeof(trailer));
	trailer.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	trailer.msgh_trailer_size = sizeof(trailer);
	trailer.msgh_seqno = ++loopback_seqno;
	trailer.msgh_sender.val[0] = 501;
	trailer.msgh_audit.val[5] = 501;
	memcpy(buffer + MIG_ROUND4(msg->msgh_size), &trailer, sizeof(trailer));
}

mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	 mach_port_name_t notify)
{
	static char request[LOOPBACK_BUFFER] __attribute__((aligned(8)));
	static char reply[LOOPBACK_BUFFER] __attribute__((aligned(8)));
	mig_reply_error_t *error = (mig_reply_error_t *)reply;

	(void)rcv_name;
	(void)timeout;
	(void)notify;
	if (!(option & MACH_SEND_MSG) || send_size != msg->msgh_size ||
	    send_size % 4 != 0 || send_size > MACH_MSG_SIZE_MAX)
		return MACH_SEND_MSG_TOO_SMALL;
	loopback_deliver(msg, request);
	memcpy(loopback_last_request, request, sizeof(loopback_last_request));
	if (loopback_tamper_request != NULL)
		loopback_tamper_request((mach_msg_header_t *)request);
	memset(reply, 0xee, sizeof(reply));
	loopback_stats.requests++;
	loopback_stats.last_demux = loopback_demux((mach_msg_header_t *)request,
						   (mach_msg_header_t *)reply);
	loopback_stats.last_retcode = error->RetCode;
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	if (error->RetCode == MIG_NO_REPLY)
		return MACH_RCV_TIMED_OUT; /* nobody answers (yet) */
	if (error->Head.msgh_size + sizeof(mach_msg_audit_trailer_t) > rcv_size)
		return MACH_RCV_TOO_LARGE;
	loopback_stats.replies++;
	loopback_deliver(&error->Head, (char *)msg);
	if (loopback_tamper_reply != NULL)
		loopback_tamper_reply(msg);
	return MACH_MSG_SUCCESS;
}

mach_port_t
mig_get_reply_port(void)
{
	return LOOPBACK_REPLY_PORT;
}

void
mig_dealloc_reply_port(mach_port_t port)
{
	(void)port;
	loopback_stats.dealloc_reply_ports++;
}

void
mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	loopback_stats.allocations++;
	*addr = (vm_address_t)calloc(1, size ? size : 1);
}

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)size;
	loopback_stats.deallocations++;
	free((void *)addr);
}

/* The kernel's sends, for KernelUser stubs: the same delivery. */
/* What a stub that fits in registers calls: counted, then mach_msg. */
mach_msg_return_t
mach_msg_regs(mach_msg_header_t *msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	      mach_port_name_t notify)
{
	loopback_stats.regs++;
	return mach_msg(msg, option, send_size, rcv_size, rcv_name, timeout,
			notify);
}

mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	loopback_stats.from_kernel++;
	return mach_msg(msg, MACH_SEND_MSG, size, 0, MACH_PORT_NULL,
			MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

mach_msg_return_t
mach_msg_rpc_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size,
			 mach_msg_size_t rcv_size)
{
	loopback_stats.from_kernel++;
	return mach_msg(msg, MACH_SEND_MSG | MACH_RCV_MSG, send_size, rcv_size,
			MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}
