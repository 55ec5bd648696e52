/*
 * Messages inside the kernel.
 *
 * A message travels in kernel form: the layout of <mach/message.h>
 * compiled with MACH_KERNEL, where every port field holds a port pointer
 * (8 bytes) instead of a name (4 bytes).  So the header is 32 bytes, a
 * port descriptor 16 (the other descriptors are 16 in both forms), and
 * msgh_size counts kernel-form bytes.  In kernel form every descriptor is
 * 16 bytes and keeps its type in byte 11, except that a port descriptor
 * keeps 0 there (its pad1 is zero and MACH_MSG_PORT_DESCRIPTOR is 0).
 *
 * Out-of-line memory becomes a copy object of the VM when the message is
 * sent (vm_map_copyin, taking the sender's pages with deallocate) and
 * goes into fresh memory of the receiver when it is received
 * (vm_map_copyout); meanwhile the descriptor's address is the copy
 * (vm_map_copy_t), which IPC only carries.  An out-of-line port array
 * becomes a kalloc'd kernel array of port pointers.
 *
 * The life of a message sent by a task:
 *	ipc_kmsg_copyin		user bytes -> kernel form, then names ->
 *				rights taken from the space
 *				(ipc_kmsg_copyin_rights_locked: the rights
 *				alone, for the register trap)
 *	(queued; ipc_kmsg_destroy_locked releases everything)
 *	ipc_kmsg_copyout_locked	rights -> names in the receiver, then
 *				kernel form -> user bytes and trailer
 *				(ipc_kmsg_copyout_rights_locked: the rights
 *				alone, for the register trap)
 */
#ifndef IPC_IPC_KMSG_H
#define IPC_IPC_KMSG_H

#include <ipc/ipc_types.h>

struct task;

/* The user form of the header (4-byte port names). */
struct ipc_user_header {
	uint32_t uh_bits, uh_size, uh_remote, uh_local, uh_reserved;
	int32_t uh_id;
};

enum ipc_kmsg_from {
	IKM_FROM_ZONE,	  /* the small zone (or a thread's spare) */
	IKM_FROM_RESERVE, /* a pool of the reserve */
	IKM_FROM_MEDIUM,  /* the pool of medium buffers (ipc_kmsg.c) */
	IKM_FROM_KALLOC,  /* kalloc, of ipc_kmsg_buffer_size(capacity) */
};

struct ipc_kmsg {
	struct ipc_kmsg *ikm_next;    /* queue link */
	mach_msg_size_t ikm_capacity; /* bytes of message the buffer holds */
	enum ipc_kmsg_from ikm_from;  /* where the buffer comes from */
	mach_port_seqno_t ikm_seqno;  /* set when received */
	security_token_t ikm_sender;  /* the sending task's token */
} __attribute__((aligned(16)));

static inline mach_msg_header_t *
ikm_header(struct ipc_kmsg *kmsg)
{
	return (mach_msg_header_t *)(kmsg + 1);
}

#define IKM_SMALL_SIZE 256 /* kernel-form bytes of a small message */

void ipc_kmsg_bootstrap(void);

/* A message buffer for size kernel-form bytes, or NULL. */
struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t size);
void ipc_kmsg_free(struct ipc_kmsg *kmsg);
/* For a message the kernel sends: as ipc_kmsg_alloc, but a small one
 * comes from a reserve when the allocator has none (ipc_kmsg.c). */
struct ipc_kmsg *ipc_kmsg_alloc_kernel(mach_msg_size_t size);
/* Frees a thread's spare small buffer. */
void ipc_kmsg_free_cache(struct thread *thread);

/*
 * Copies a message of send_size bytes from the current task at msg_addr
 * and converts it to kernel form; OOL memory is copied in (with
 * deallocate, it leaves the sender: docs/ipc.md).  Then, with ipc_lock
 * taken, its rights (ipc_kmsg_copyin_rights_locked).  Called without
 * ipc_lock, interrupts off (from the trap; they are on while OOL memory
 * is copied).  Returns MACH_MSG_SUCCESS and *kmsgp with ipc_lock held, or,
 * without it and with the sender's memory and rights as they were,
 * MACH_SEND_MSG_TOO_SMALL, MACH_SEND_TOO_LARGE, MACH_SEND_INVALID_DATA
 * (bad address), MACH_SEND_INVALID_TYPE, MACH_SEND_INVALID_MEMORY (an
 * OOL region not allocated or not readable), MACH_SEND_NO_BUFFER, or an
 * error of ipc_kmsg_copyin_rights_locked.
 */
mach_msg_return_t ipc_kmsg_copyin(uint64_t msg_addr, mach_msg_size_t send_size,
				  struct ipc_kmsg **kmsgp);

/*
 * Frees a message of the current task that was never delivered: with
 * its rights not copied in yet, or given back
 * (ipc_kmsg_return_locked).  Out-of-line memory taken from the sender
 * with deallocate goes back where it was (vm_map_copy_restore: lost only
 * if that range has been allocated again meanwhile).  ipc_lock must not
 * be held.
 */
void ipc_kmsg_free_unrighted(struct ipc_kmsg *kmsg);

/*
 * Takes the rights the message names out of space, all or nothing.
 * Returns MACH_MSG_SUCCESS, MACH_SEND_INVALID_HEADER,
 * MACH_SEND_INVALID_DEST, MACH_SEND_INVALID_REPLY or
 * MACH_SEND_INVALID_RIGHT (nothing taken then).
 */
mach_msg_return_t ipc_kmsg_copyin_rights_locked(struct ipc_kmsg *kmsg,
						struct ipc_space *space);

/* Turns the dispositions of a message built by the kernel into rights. */
void ipc_kmsg_copyin_from_kernel_locked(struct ipc_kmsg *kmsg);

/*
 * The receive rights in the body of a message the kernel sends go in
 * transit to its destination (see ipc_port.h), unless one of them would
 * close a cycle: then nothing changes and 0 is returned (the caller
 * destroys the message).  Ports in out-of-line arrays are never receive
 * rights in kernel messages.
 */
int ipc_kmsg_send_receive_rights_locked(struct ipc_kmsg *kmsg);

/* Releases the rights of a kernel-form message that was never copied
 * into a kmsg (ipc/mach_msg_kernel.h's rules). */
void ipc_kmsg_release_kernel_rights_locked(mach_msg_header_t *header);

/* The right a delivered message was sent through is used up (a
 * send-once right ends without a notification). */
void ipc_kmsg_consume_dest_locked(ipc_port_t dest, mach_msg_type_name_t type);

/* Releases every right and all memory of a message in transit. */
void ipc_kmsg_destroy_locked(struct ipc_kmsg *kmsg);
/* Releases what a message holds (rights, out-of-line memory) and leaves
 * it empty, its buffer still allocated. */
void ipc_kmsg_clean_locked(struct ipc_kmsg *kmsg);
void ipc_kmsg_destroy(struct ipc_kmsg *kmsg);

/* ipc_kmsg_user_size for a complex message. */
mach_msg_size_t ipc_kmsg_complex_user_size(struct ipc_kmsg *kmsg);

/* The size the message has in user form.  (Inline: every receive asks.) */
static inline mach_msg_size_t
ipc_kmsg_user_size(struct ipc_kmsg *kmsg)
{
	mach_msg_header_t *header = ikm_header(kmsg);

	/* The user header is 8 bytes shorter (4-byte port names). */
	if (header->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		return ipc_kmsg_complex_user_size(kmsg);
	return header->msgh_size -
	       (sizeof(mach_msg_header_t) - sizeof(struct ipc_user_header));
}

/*
 * Puts the message's rights into space as names (consumes the right to
 * the destination).  A right that finds no room in space (its table
 * cannot grow) is destroyed and named MACH_PORT_DEAD; the message is
 * still delivered, and the result says so: MACH_RCV_HEADER_ERROR (the
 * reply right) or MACH_RCV_BODY_ERROR, with MACH_MSG_IPC_SPACE.
 */
mach_msg_return_t ipc_kmsg_copyout_rights_locked(struct ipc_kmsg *kmsg,
						 struct ipc_space *space);

/*
 * Gives the rights of a message that could not be queued back to its
 * sender: they return to space (a send-once right may get a new name).
 * The message then holds no right: the caller frees it, after releasing
 * ipc_lock, with ipc_kmsg_free_unrighted, which gives its memory back.
 */
void ipc_kmsg_return_locked(struct ipc_kmsg *kmsg, struct ipc_space *space);

/*
 * A received message into the current task: its rights go into the
 * task's space (ipc_kmsg_copyout_rights_locked), then, after ipc_lock
 * is released, its out-of-line memory goes into fresh memory of the
 * task, and the message in user form and a trailer of trailer_elements
 * (MACH_RCV_TRAILER_*) are copied to msg_addr; the kmsg is freed.
 * Called with ipc_lock held, returns without it.  Returns
 * MACH_MSG_SUCCESS, MACH_RCV_INVALID_DATA (bad address: the message is
 * lost), MACH_RCV_BODY_ERROR (OOL memory could not be allocated), or
 * what ipc_kmsg_copyout_rights_locked returned (a right lost).
 */
mach_msg_return_t ipc_kmsg_copyout_locked(struct ipc_kmsg *kmsg,
					  uint64_t msg_addr,
					  int trailer_elements);

/* Bytes of trailer for MACH_RCV_TRAILER_ELEMENTS(elements) (a table:
 * the IPC fast path looks it up for every message). */
static inline mach_msg_size_t
ipc_kmsg_trailer_size(int elements)
{
	static const uint8_t sizes[16] = {
	    [MACH_RCV_TRAILER_NULL] = sizeof(mach_msg_trailer_t),
	    [MACH_RCV_TRAILER_SEQNO] = sizeof(mach_msg_seqno_trailer_t),
	    [MACH_RCV_TRAILER_SENDER] = sizeof(mach_msg_security_trailer_t),
	    [MACH_RCV_TRAILER_SENDER + 1 ... 15] =
		sizeof(mach_msg_audit_trailer_t),
	};

	return sizes[elements & 0xf];
}

#endif /* IPC_IPC_KMSG_H */
