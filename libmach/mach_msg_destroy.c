/*
 * mach_msg_destroy: releases what a received message carries
 * (<mach/mach_msg_server.h>), as a receiver that does not want it must:
 * rights through the mach_port interface, out-of-line memory and port
 * arrays with mig_deallocate.
 *
 * Descriptors differ in size (a port descriptor is 12 bytes, the others
 * 16) but each keeps its type in its last byte's place, at offset 11
 * (mach_msg_type_descriptor_t), so the walk reads the type first.
 */
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>

/* Releases one right held as disposition (a received or MOVE form). */
static void
mach_msg_destroy_port(mach_port_t port, mach_msg_type_name_t disposition)
{
	kern_return_t kr = KERN_SUCCESS;

	if (!MACH_PORT_VALID(port))
		return;
	/* Again while memory is short (mach_short_of_memory). */
	for (int try = 0; try < MACH_SHORTAGE_TRIES; try++) {
		switch (disposition) {
		case MACH_MSG_TYPE_MOVE_SEND:
		case MACH_MSG_TYPE_MOVE_SEND_ONCE:
			kr = mach_port_deallocate(mach_task_self(), port);
			break;
		case MACH_MSG_TYPE_MOVE_RECEIVE:
			kr = mach_port_mod_refs(mach_task_self(), port,
						MACH_PORT_RIGHT_RECEIVE, -1);
			break;
		default: /* COPY_SEND, MAKE_*: the message was never sent */
			return;
		}
		if (!mach_short_of_memory(kr))
			return;
		swtch_pri(0);
	}
}

static void
mach_msg_destroy_ool_ports(mach_msg_ool_ports_descriptor_t *desc)
{
	mach_port_t *ports = desc->address;

	if (ports == NULL)
		return;
	for (mach_msg_size_t i = 0; i < desc->count; i++)
		mach_msg_destroy_port(ports[i], desc->disposition);
	if (desc->count > 0)
		mig_deallocate((vm_address_t)ports,
			       desc->count * sizeof(mach_port_t));
}

/* Releases one descriptor; returns its size, to step to the next. */
static mach_msg_size_t
mach_msg_destroy_descriptor(mach_msg_descriptor_t *desc)
{
	switch (desc->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		mach_msg_destroy_port(desc->port.name, desc->port.disposition);
		return sizeof(mach_msg_port_descriptor_t);
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
		if (desc->out_of_line.address != NULL &&
		    desc->out_of_line.size > 0)
			mig_deallocate((vm_address_t)desc->out_of_line.address,
				       desc->out_of_line.size);
		return sizeof(mach_msg_ool_descriptor_t);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		mach_msg_destroy_ool_ports(&desc->ool_ports);
		return sizeof(mach_msg_ool_ports_descriptor_t);
	default:
		return 0; /* unknown: the rest cannot be walked */
	}
}

void
mach_msg_destroy(mach_msg_header_t *msg)
{
	mach_msg_bits_t bits = msg->msgh_bits;

	mach_msg_destroy_port(msg->msgh_remote_port,
			      MACH_MSGH_BITS_REMOTE(bits));
	if (!(bits & MACH_MSGH_BITS_COMPLEX))
		return;
	mach_msg_body_t *body = (mach_msg_body_t *)(msg + 1);
	char *p = (char *)(body + 1);
	char *end = (char *)msg + msg->msgh_size;
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_size_t size;
		if (p + sizeof(mach_msg_port_descriptor_t) > end)
			break;
		size = mach_msg_destroy_descriptor((mach_msg_descriptor_t *)p);
		if (size == 0)
			break;
		p += size;
	}
}
