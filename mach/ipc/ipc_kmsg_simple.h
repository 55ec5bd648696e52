/*
 * The common message inline: a simple one (no descriptors) that fits a
 * small buffer, on mach_msg's general path.  For ipc_kmsg.c and
 * ipc/mach_msg.c only.
 *
 * ipc_kmsg_copyin_inline and ipc_kmsg_copyout_inline have the contracts
 * of ipc_kmsg_copyin and ipc_kmsg_copyout_locked (ipc_kmsg.h) and call
 * them for every other message, so that mach_msg's path makes no call
 * for the common one; the helpers below are the pieces both versions
 * share.  A simple message is copied in whole into the thread's spare
 * buffer at KERNEL_HEADER_GROWTH bytes from its start, so that its body
 * lies where the kernel form has it: only the header is rewritten, in
 * place, each way (ipc_kmsg.c).
 */
#ifndef IPC_IPC_KMSG_SIMPLE_H
#define IPC_IPC_KMSG_SIMPLE_H

#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <kern/copyio.h>
#include <kern/failalloc.h>
#include <kern/lock.h>
#include <kern/task.h>
#include <kern/thread.h>

#define KERNEL_HEADER_GROWTH \
	(sizeof(mach_msg_header_t) - sizeof(struct ipc_user_header))

extern unsigned long ipc_kmsg_count; /* buffers in use (kernel_stats) */

/*
 * The user header where it overlaps a kernel header: a message is
 * rewritten in place from one form into the other, and accesses through
 * this type may alias the kernel header's fields.  The layout of struct
 * ipc_user_header.
 */
typedef struct {
	uint32_t uh_bits, uh_size, uh_remote, uh_local, uh_reserved;
	int32_t uh_id;
} __attribute__((may_alias)) ipc_user_overlay_t;
static_assert(sizeof(ipc_user_overlay_t) == sizeof(struct ipc_user_header) &&
		  offsetof(ipc_user_overlay_t, uh_id) ==
		      offsetof(struct ipc_user_header, uh_id),
	      "user header overlay");

/* A simple message's user header ends where its kernel header does. */
static_assert(offsetof(mach_msg_header_t, msgh_id) ==
		  KERNEL_HEADER_GROWTH +
		      offsetof(struct ipc_user_header, uh_id),
	      "msgh_id in place");

/*
 * ipc_kmsg_alloc and ipc_kmsg_free for the message paths: a small
 * buffer from and to the thread's spare, inline.
 */
static inline __attribute__((always_inline)) struct ipc_kmsg *
ipc_kmsg_alloc_spare(mach_msg_size_t size)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *kmsg = self->th_ipc_cached_kmsg;

	if (size > IKM_SMALL_SIZE || kmsg == NULL || failalloc_enabled)
		return ipc_kmsg_alloc(size);
	self->th_ipc_cached_kmsg = NULL;
	kmsg->ikm_from = IKM_FROM_ZONE;
	kmsg->ikm_capacity = IKM_SMALL_SIZE;
	kmsg->ikm_next = NULL;
	kmsg->ikm_seqno = 0;
	__atomic_add_fetch(&ipc_kmsg_count, 1, __ATOMIC_RELAXED);
	return kmsg;
}

static inline __attribute__((always_inline)) void
ipc_kmsg_free_spare(struct ipc_kmsg *kmsg)
{
	struct thread *self = current_thread();

	if (kmsg->ikm_from != IKM_FROM_ZONE ||
	    self->th_ipc_cached_kmsg != NULL || self->th_task == NULL) {
		ipc_kmsg_free(kmsg);
		return;
	}
	__atomic_sub_fetch(&ipc_kmsg_count, 1, __ATOMIC_RELAXED);
	self->th_ipc_cached_kmsg = kmsg;
}

/* A port name held in a kernel-form port field, and back. */
static inline mach_port_name_t
ipc_kmsg_name(ipc_port_t field)
{
	return (mach_port_name_t)(uintptr_t)field;
}

static inline ipc_port_t
ipc_kmsg_name_field(mach_port_name_t name)
{
	return (ipc_port_t)(uintptr_t)name;
}

/*
 * Makes the kernel header from the user header uh, which it may
 * overlap (everything is read before anything is written).
 */
static inline void
ipc_kmsg_header_from_user(mach_msg_header_t *header,
			  const ipc_user_overlay_t *uh, mach_msg_size_t size)
{
	mach_msg_bits_t bits = uh->uh_bits;
	mach_port_name_t remote = uh->uh_remote;
	mach_port_name_t local = uh->uh_local;
	mach_msg_id_t id = uh->uh_id;

	header->msgh_bits = bits & MACH_MSGH_BITS_USER;
	header->msgh_size = size;
	header->msgh_remote_port = ipc_kmsg_name_field(remote);
	header->msgh_local_port = ipc_kmsg_name_field(local);
	header->msgh_reserved = 0;
	header->msgh_id = id;
}

/* What ipc_kmsg_copyin_rights_inline does to the body of a complex
 * message (ipc_kmsg.c): step 0 checks, 1 takes, 2 clears the notes. */
kern_return_t ipc_kmsg_body_rights_locked(struct ipc_kmsg *kmsg,
					  struct ipc_space *space, int step,
					  ipc_port_t dest);

/* mach_msg_type_received of a header's disposition (five bits), by a
 * table: the header of every message is rewritten with it. */
static inline mach_msg_type_name_t
ipc_kmsg_type_received(mach_msg_type_name_t disposition)
{
	static const uint8_t received[32] = {
	    [MACH_MSG_TYPE_MOVE_RECEIVE] = MACH_MSG_TYPE_PORT_RECEIVE,
	    [MACH_MSG_TYPE_MOVE_SEND] = MACH_MSG_TYPE_PORT_SEND,
	    [MACH_MSG_TYPE_COPY_SEND] = MACH_MSG_TYPE_PORT_SEND,
	    [MACH_MSG_TYPE_MAKE_SEND] = MACH_MSG_TYPE_PORT_SEND,
	    [MACH_MSG_TYPE_MOVE_SEND_ONCE] = MACH_MSG_TYPE_PORT_SEND_ONCE,
	    [MACH_MSG_TYPE_MAKE_SEND_ONCE] = MACH_MSG_TYPE_PORT_SEND_ONCE,
	};

	return received[disposition & 31];
}

/*
 * Checks the header's two rights; returns the send error for each.  The
 * entries of the names checked are left in *dest_entry and *reply_entry
 * (NULL for a name with no entry, or not looked up), for the caller to
 * clear their notes and take the rights without looking them up again.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_check_header_locked(mach_msg_header_t *header, struct ipc_space *space,
			     struct ipc_entry **dest_entry,
			     struct ipc_entry **reply_entry)
{
	mach_msg_bits_t bits = header->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	mach_port_name_t dest = ipc_kmsg_name(header->msgh_remote_port);
	mach_port_name_t reply = ipc_kmsg_name(header->msgh_local_port);

	if (!MACH_MSG_TYPE_PORT_ANY_SEND(dest_type) ||
	    (reply != MACH_PORT_NULL &&
	     !MACH_MSG_TYPE_PORT_ANY_SEND(reply_type)))
		return MACH_SEND_INVALID_HEADER;
	if (!MACH_PORT_VALID(dest))
		return MACH_SEND_INVALID_DEST;
	*dest_entry = ipc_entry_lookup_locked(space, dest);
	if (ipc_right_copyin_check_entry_locked(*dest_entry, dest_type, 0) !=
	    KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	if (!MACH_PORT_VALID(reply)) /* none, or a dead right */
		return MACH_MSG_SUCCESS;
	*reply_entry = ipc_entry_lookup_locked(space, reply);
	if (ipc_right_copyin_check_entry_locked(*reply_entry, reply_type, 1) !=
	    KERN_SUCCESS)
		return MACH_SEND_INVALID_REPLY;
	return MACH_MSG_SUCCESS;
}

/*
 * ipc_kmsg_copyin_rights_locked; simple if the caller knows the message
 * is.  The header's rights are taken through the entries the check found:
 * nothing between the check and the take changes them (taking the
 * destination's right frees at most its own entry, and then only if
 * the reply's name is another; a notification that sends is queued).
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_copyin_rights_inline(struct ipc_kmsg *kmsg, struct ipc_space *space,
			      int simple)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_bits_t bits = header->msgh_bits;
	int complex = !simple && (bits & MACH_MSGH_BITS_COMPLEX) != 0;
	mach_port_name_t dest = ipc_kmsg_name(header->msgh_remote_port);
	mach_port_name_t reply = ipc_kmsg_name(header->msgh_local_port);
	struct ipc_entry *dest_entry = NULL, *reply_entry = NULL;

	mach_msg_return_t mr = ipc_kmsg_check_header_locked(
	    header, space, &dest_entry, &reply_entry);
	if (complex && mr == MACH_MSG_SUCCESS &&
	    ipc_kmsg_body_rights_locked(kmsg, space, 0,
					dest_entry->ie_object) != KERN_SUCCESS)
		mr = MACH_SEND_INVALID_RIGHT;
	if (dest_entry != NULL)
		dest_entry->ie_pending = 0;
	if (reply_entry != NULL)
		reply_entry->ie_pending = 0;
	if (mr != MACH_MSG_SUCCESS) {
		/* The body's notes; taken, its rights clear their own. */
		if (complex)
			ipc_kmsg_body_rights_locked(kmsg, space, 2, IP_NULL);
		return mr;
	}

	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	header->msgh_remote_port =
	    ipc_right_copyin_entry_locked(space, dest, dest_entry, dest_type);
	if (reply_entry != NULL)
		header->msgh_local_port = ipc_right_copyin_entry_locked(
		    space, reply, reply_entry, reply_type);
	else
		header->msgh_local_port =
		    reply == MACH_PORT_DEAD ? IP_DEAD : IP_NULL;
	header->msgh_bits =
	    MACH_MSGH_BITS_OTHER(bits) |
	    MACH_MSGH_BITS(ipc_kmsg_type_received(dest_type),
			   reply == MACH_PORT_NULL
			       ? 0
			       : ipc_kmsg_type_received(reply_type));
	if (complex)
		ipc_kmsg_body_rights_locked(kmsg, space, 1,
					    header->msgh_remote_port);
	return MACH_MSG_SUCCESS;
}

/* The end of every copy in from task: the sender's token, then under
 * ipc_lock the rights (ipc_kmsg_copyin's contract from there); simple as
 * for ipc_kmsg_copyin_rights_inline.  Inline in all its callers. */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_copyin_finish(struct ipc_kmsg *kmsg, struct task *task, int simple)
{
	kmsg->ikm_sender.val[0] = task->task_id;
	kmsg->ikm_sender.val[1] = 0;
	simple_lock_intr_disabled(&ipc_lock);
	mach_msg_return_t mr =
	    ipc_kmsg_copyin_rights_inline(kmsg, task->task_space, simple);
	if (mr != MACH_MSG_SUCCESS) {
		simple_unlock(&ipc_lock);
		ipc_kmsg_free_unrighted(kmsg);
	}
	return mr;
}

/*
 * The right to the destination is used up by the delivery: a send-once
 * right simply ends (no notification), a send right is released.
 */
static inline __attribute__((always_inline)) void
ipc_kmsg_consume_dest_inline(ipc_port_t dest, mach_msg_type_name_t type)
{
	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE) {
		assert(dest->ip_sorights > 0);
		dest->ip_sorights--;
		ipc_port_release_locked(dest);
	} else {
		ipc_port_release_send_locked(dest);
	}
}

/*
 * Puts one right into space as a name; *lost is set if a live right
 * found no room there (it is destroyed and named MACH_PORT_DEAD).
 */
static inline ipc_port_t
ipc_kmsg_copyout_right_locked(struct ipc_space *space, ipc_port_t port,
			      mach_msg_type_name_t type, int *lost)
{
	int live = IP_VALID(port) && port->ip_active && space->is_active;
	mach_port_name_t name = ipc_right_copyout_locked(space, port, type);

	if (live && name == MACH_PORT_DEAD)
		*lost = 1;
	return ipc_kmsg_name_field(name);
}

/* Puts the rights of the body into space as names; 1 if one was lost
 * (ipc_kmsg.c). */
int ipc_kmsg_copyout_body_rights_locked(struct ipc_kmsg *kmsg,
					struct ipc_space *space);

/* ipc_kmsg_copyout_rights_locked, inline; simple as for
 * ipc_kmsg_copyin_rights_inline. */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_copyout_rights_inline(struct ipc_kmsg *kmsg, struct ipc_space *space,
			       int simple)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_bits_t bits = header->msgh_bits;
	ipc_port_t dest = header->msgh_remote_port;
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	int reply_lost = 0;

	mach_port_name_t dest_name = dest->ip_receiver == space
					 ? dest->ip_receiver_name
					 : MACH_PORT_NULL;
	ipc_kmsg_consume_dest_inline(dest, MACH_MSGH_BITS_REMOTE(bits));
	ipc_port_t reply = header->msgh_local_port;
	if (IP_VALID(reply))
		header->msgh_remote_port = ipc_kmsg_copyout_right_locked(
		    space, reply, reply_type, &reply_lost);
	else
		header->msgh_remote_port = ipc_kmsg_name_field(
		    reply == IP_DEAD ? MACH_PORT_DEAD : MACH_PORT_NULL);
	header->msgh_local_port = ipc_kmsg_name_field(dest_name);
	header->msgh_bits =
	    MACH_MSGH_BITS_OTHER(bits) |
	    MACH_MSGH_BITS(reply_type, MACH_MSGH_BITS_REMOTE(bits));
	int body_lost = !simple && (bits & MACH_MSGH_BITS_COMPLEX) &&
			ipc_kmsg_copyout_body_rights_locked(kmsg, space);
	if (reply_lost)
		return MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
	if (body_lost)
		return MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE;
	return MACH_MSG_SUCCESS;
}

/*
 * Writes the trailer of a received message at at: size bytes of it
 * (ipc_kmsg_trailer_size), with its sequence number and its sender's
 * token (the audit token holds the sender's task id, as the security
 * token).  It may write up to a security trailer's bytes whatever the
 * size: at must have that room (every message buffer has).
 */
static inline void
ipc_kmsg_trailer_write(void *at, mach_msg_size_t size, mach_port_seqno_t seqno,
		       security_token_t sender)
{
	mach_msg_audit_trailer_t *trailer = at;

	trailer->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	trailer->msgh_trailer_size = size;
	if (size <= sizeof(mach_msg_trailer_t))
		return;
	trailer->msgh_seqno = seqno;
	trailer->msgh_sender = sender;
	if (size <= sizeof(mach_msg_security_trailer_t))
		return;
	for (unsigned int i = 0; i < 8; i++)
		trailer->msgh_audit.val[i] = 0;
	trailer->msgh_audit.val[5] = sender.val[0];
}

/*
 * The rest of ipc_kmsg_copyin for a complex message that
 * ipc_kmsg_copyin_inline copied whole into the small buffer kmsg, which
 * it consumes (ipc_kmsg.c).
 */
mach_msg_return_t ipc_kmsg_copyin_complex(struct ipc_kmsg *kmsg,
					  mach_msg_size_t send_size,
					  struct ipc_kmsg **kmsgp);

/*
 * ipc_kmsg_copyin, inline for a message that fits a small buffer: in the
 * thread's spare one, else in one from ipc_kmsg_alloc.  The spare is
 * taken before the copy: a fault on the user's buffer may send a message
 * to a pager, from this thread, which must not find it.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_copyin_inline(uint64_t msg_addr, mach_msg_size_t send_size,
		       struct ipc_kmsg **kmsgp)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *kmsg = self->th_ipc_cached_kmsg;

	if (send_size < sizeof(ipc_user_overlay_t) || (send_size & 3) != 0 ||
	    send_size > IKM_SMALL_SIZE - KERNEL_HEADER_GROWTH)
		return ipc_kmsg_copyin(msg_addr, send_size, kmsgp);
	if (kmsg != NULL && !failalloc_enabled) {
		self->th_ipc_cached_kmsg = NULL;
		kmsg->ikm_from = IKM_FROM_ZONE;
		kmsg->ikm_capacity = IKM_SMALL_SIZE;
		kmsg->ikm_next = NULL;
		__atomic_add_fetch(&ipc_kmsg_count, 1, __ATOMIC_RELAXED);
	} else {
		kmsg = ipc_kmsg_alloc(send_size + KERNEL_HEADER_GROWTH);
		if (kmsg == NULL)
			return MACH_SEND_NO_BUFFER;
	}
	mach_msg_header_t *header = ikm_header(kmsg);
	const ipc_user_overlay_t *uh =
	    (const ipc_user_overlay_t *)((char *)header + KERNEL_HEADER_GROWTH);
	if (copyin(msg_addr, (void *)uh, send_size) != KERN_SUCCESS) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	if (uh->uh_bits & MACH_MSGH_BITS_COMPLEX)
		return ipc_kmsg_copyin_complex(kmsg, send_size, kmsgp);

	ipc_kmsg_header_from_user(header, uh, send_size + KERNEL_HEADER_GROWTH);
	*kmsgp = kmsg;
	return ipc_kmsg_copyin_finish(kmsg, self->th_task, 1);
}

/*
 * ipc_kmsg_copyout_locked, inline for a simple message: the rights, the
 * header in user form over the kernel one (its body is in place), the
 * trailer after it, one copy out, and the buffer back to the spare.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_copyout_inline(struct ipc_kmsg *kmsg, uint64_t msg_addr,
			int trailer_elements)
{
	mach_msg_header_t *header = ikm_header(kmsg);

	if (header->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		return ipc_kmsg_copyout_locked(kmsg, msg_addr,
					       trailer_elements);
	mach_msg_return_t rights =
	    ipc_kmsg_copyout_rights_inline(kmsg, current_task()->task_space, 1);
	simple_unlock(&ipc_lock);

	/* msgh_id is where uh_id goes. */
	mach_msg_size_t size = header->msgh_size - KERNEL_HEADER_GROWTH;
	mach_msg_bits_t bits = header->msgh_bits;
	mach_port_name_t remote = ipc_kmsg_name(header->msgh_remote_port);
	mach_port_name_t local = ipc_kmsg_name(header->msgh_local_port);
	ipc_user_overlay_t *uh =
	    (ipc_user_overlay_t *)((char *)header + KERNEL_HEADER_GROWTH);
	uh->uh_bits = bits;
	uh->uh_size = size;
	uh->uh_remote = remote;
	uh->uh_local = local;
	uh->uh_reserved = 0;
	mach_msg_size_t trailer_size = ipc_kmsg_trailer_size(trailer_elements);
	ipc_kmsg_trailer_write((char *)uh + size, trailer_size, kmsg->ikm_seqno,
			       kmsg->ikm_sender);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	if (copyout(uh, msg_addr, size + trailer_size) != KERN_SUCCESS)
		mr = MACH_RCV_INVALID_DATA;
	ipc_kmsg_free_spare(kmsg);
	return mr != MACH_MSG_SUCCESS ? mr : rights;
}

#endif /* IPC_IPC_KMSG_SIMPLE_H */
