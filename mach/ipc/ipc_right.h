/*
 * Rights: moving port rights between a space and a message, and the
 * operations of mach_port_deallocate / destroy / mod_refs on an entry.
 *
 * Copying a message's rights in is all or nothing: every right is first
 * checked (ipc_right_copyin_check_locked, which notes in ie_pending what
 * the message would take from each entry, so that a name used twice is
 * checked against what is left), and only if all pass are they taken
 * (ipc_right_copyin_locked).  ipc_right_copyin_clear_locked resets the
 * notes either way.  Guarded by ipc_lock.
 */
#ifndef IPC_IPC_RIGHT_H
#define IPC_IPC_RIGHT_H

#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_types.h>

/*
 * Checks that name holds the right disposition needs, given what earlier
 * checks of the same message take.  MACH_PORT_NULL is valid (no right);
 * a dead name is valid for COPY_SEND, MOVE_SEND and MOVE_SEND_ONCE
 * (the message then carries a dead right) unless dead_ok is false.
 * Returns KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT or
 * KERN_INVALID_VALUE (a disposition that is not one).
 */
kern_return_t ipc_right_copyin_check_locked(struct ipc_space *space,
					    mach_port_name_t name,
					    mach_msg_type_name_t disposition,
					    int dead_ok);

/* What a message being checked would take from an entry (ie_pending). */
#define PENDING_UREFS	  0x0ffffu
#define PENDING_SEND_ONCE 0x10000u
#define PENDING_RECEIVE	  0x20000u

/* The user references of a send right or dead name left to a message. */
static inline int
ipc_right_urefs_left(const struct ipc_entry *entry)
{
	return (int)entry->ie_urefs - (int)(entry->ie_pending & PENDING_UREFS);
}

/* ipc_right_copyin_check_entry_locked for a dead name. */
kern_return_t ipc_right_copyin_check_dead_locked(
    struct ipc_entry *entry, mach_msg_type_name_t disposition, int dead_ok);

/*
 * The same as ipc_right_copyin_check_locked for a right whose name is
 * neither MACH_PORT_NULL nor MACH_PORT_DEAD, given its entry as
 * ipc_entry_lookup_locked found it (NULL: KERN_INVALID_NAME): a caller
 * that checks and then takes a right looks its name up once.
 * disposition must be a port one (KERN_INVALID_VALUE otherwise).
 * (Inline, as ipc_right_copyin_entry_locked: every message checks and
 * takes a right or two.)
 */
static inline kern_return_t
ipc_right_copyin_check_entry_locked(struct ipc_entry *entry,
				    mach_msg_type_name_t disposition,
				    int dead_ok)
{
	if (entry == NULL)
		return KERN_INVALID_NAME;
	mach_port_type_t type = entry->ie_type;
	if (type & MACH_PORT_TYPE_DEAD_NAME)
		return ipc_right_copyin_check_dead_locked(entry, disposition,
							  dead_ok);

	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		if (!(type & MACH_PORT_TYPE_RECEIVE) ||
		    (entry->ie_pending & PENDING_RECEIVE))
			return KERN_INVALID_RIGHT;
		entry->ie_pending |= PENDING_RECEIVE;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (!(type & MACH_PORT_TYPE_RECEIVE) ||
		    (entry->ie_pending & PENDING_RECEIVE))
			return KERN_INVALID_RIGHT;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MOVE_SEND:
		if (!(type & MACH_PORT_TYPE_SEND) ||
		    ipc_right_urefs_left(entry) < 1)
			return KERN_INVALID_RIGHT;
		if (disposition == MACH_MSG_TYPE_MOVE_SEND)
			entry->ie_pending++;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (!(type & MACH_PORT_TYPE_SEND_ONCE) ||
		    (entry->ie_pending & PENDING_SEND_ONCE))
			return KERN_INVALID_RIGHT;
		entry->ie_pending |= PENDING_SEND_ONCE;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_VALUE;
	}
}

/* Takes the right (checked before) out of the space: returns the port,
 * IP_DEAD or IP_NULL.  The check's notes on the entry are cleared. */
ipc_port_t ipc_right_copyin_locked(struct ipc_space *space,
				   mach_port_name_t name,
				   mach_msg_type_name_t disposition);

/* ipc_right_copyin_entry_locked for the rights whose copy in changes
 * the entry: moved rights, dead names. */
ipc_port_t ipc_right_copyin_move_locked(struct ipc_space *space,
					mach_port_name_t name,
					struct ipc_entry *entry,
					mach_msg_type_name_t disposition);

/*
 * The same given name's entry, found and checked before with nothing
 * changed in the space since (name is neither null nor dead).  A right
 * made or copied leaves the entry as it is, and is only counted.
 */
static inline ipc_port_t
ipc_right_copyin_entry_locked(struct ipc_space *space, mach_port_name_t name,
			      struct ipc_entry *entry,
			      mach_msg_type_name_t disposition)
{
	ipc_port_t port = entry->ie_object;

	if (!(entry->ie_type & MACH_PORT_TYPE_DEAD_NAME)) {
		switch (disposition) {
		case MACH_MSG_TYPE_MAKE_SEND:
			ipc_port_make_send_locked(port);
			return port;
		case MACH_MSG_TYPE_MAKE_SEND_ONCE:
			ipc_port_make_send_once_locked(port);
			return port;
		case MACH_MSG_TYPE_COPY_SEND:
			ipc_port_copy_send_locked(port);
			return port;
		}
	}
	return ipc_right_copyin_move_locked(space, name, entry, disposition);
}

void ipc_right_copyin_clear_locked(struct ipc_space *space,
				   mach_port_name_t name);

/*
 * Puts a right of type (MACH_MSG_TYPE_PORT_*) to port into space and
 * returns its name: MACH_PORT_DEAD for a dead right, MACH_PORT_NULL for
 * none.  If the space has no room the right is destroyed and the name is
 * MACH_PORT_DEAD.
 */
mach_port_name_t ipc_right_copyout_locked(struct ipc_space *space,
					  ipc_port_t port,
					  mach_msg_type_name_t type);

/* Releases a right in a message (of type MACH_MSG_TYPE_PORT_*). */
void ipc_right_release_locked(ipc_port_t port, mach_msg_type_name_t type);

/* Releases every right of an entry and frees it. */
void ipc_right_destroy_entry_locked(struct ipc_space *space,
				    struct ipc_entry *entry);

/*
 * Changes the user references of one kind of right by delta; a count
 * that reaches zero removes the right.  right is MACH_PORT_RIGHT_*.
 * Returns KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 * KERN_INVALID_VALUE (a delta that would go below zero) or
 * KERN_UREFS_OVERFLOW.
 */
kern_return_t ipc_right_mod_refs_locked(struct ipc_space *space,
					mach_port_name_t name,
					mach_port_right_t right,
					mach_port_delta_t delta);

/* mach_port_deallocate: one user reference of a send right, send-once
 * right or dead name. */
kern_return_t ipc_right_deallocate_locked(struct ipc_space *space,
					  mach_port_name_t name);

#endif /* IPC_IPC_RIGHT_H */
