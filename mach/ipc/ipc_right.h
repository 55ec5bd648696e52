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

/* Takes the right (checked before) out of the space: returns the port,
 * IP_DEAD or IP_NULL. */
ipc_port_t ipc_right_copyin_locked(struct ipc_space *space,
				   mach_port_name_t name,
				   mach_msg_type_name_t disposition);

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
