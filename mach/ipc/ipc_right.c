/*
 * Rights: see ipc_right.h for the contract.
 *
 * Reference rule: every right (a receive right, a send right however many
 * user references it has, a send-once right) holds one reference to its
 * port, whether it sits in a space entry or in a message.  An entry with
 * both a receive and a send right holds two.
 */
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <kern/debug.h>

kern_return_t
ipc_right_copyin_check_dead_locked(struct ipc_entry *entry,
				   mach_msg_type_name_t disposition,
				   int dead_ok)
{
	if (!dead_ok)
		return KERN_INVALID_NAME;
	switch (disposition) {
	case MACH_MSG_TYPE_COPY_SEND:
		/* As for a live send right: a reference the moves before it
		 * in the message leave, or the commit would find no name. */
		return ipc_right_urefs_left(entry) < 1 ? KERN_INVALID_RIGHT
						       : KERN_SUCCESS;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (ipc_right_urefs_left(entry) < 1)
			return KERN_INVALID_RIGHT;
		entry->ie_pending++;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_RIGHT;
	}
}

kern_return_t
ipc_right_copyin_check_locked(struct ipc_space *space, mach_port_name_t name,
			      mach_msg_type_name_t disposition, int dead_ok)
{
	if (mach_msg_type_received(disposition) == 0)
		return KERN_INVALID_VALUE;
	if (name == MACH_PORT_NULL)
		return KERN_SUCCESS;
	if (name == MACH_PORT_DEAD)
		return dead_ok ? KERN_SUCCESS : KERN_INVALID_NAME;
	return ipc_right_copyin_check_entry_locked(
	    ipc_entry_lookup_locked(space, name), disposition, dead_ok);
}

void
ipc_right_copyin_clear_locked(struct ipc_space *space, mach_port_name_t name)
{
	if (!MACH_PORT_VALID(name))
		return;
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry != NULL)
		entry->ie_pending = 0;
}

/* Frees an entry that holds no right any more, cancelling the dead-name
 * request made through it. */
static void
ipc_right_free_entry_locked(struct ipc_space *space, mach_port_name_t name,
			    ipc_port_t port)
{
	ipc_entry_free_locked(space, name);
	if (port != IP_NULL) {
		ipc_port_t notify =
		    ipc_port_cancel_dead_name_locked(port, space, name);
		if (notify != IP_NULL)
			ipc_port_release_send_once_locked(notify);
	}
}

/* Takes one user reference of a send right or dead name out of entry. */
static void
ipc_right_take_uref_locked(struct ipc_space *space, mach_port_name_t name,
			   struct ipc_entry *entry, mach_port_type_t type)
{
	if (--entry->ie_urefs > 0)
		return;
	ipc_space_right_removed_locked(space);
	entry->ie_type &= ~type;
	if (entry->ie_type == MACH_PORT_TYPE_NONE)
		ipc_right_free_entry_locked(space, name, entry->ie_object);
}

static void
ipc_right_move_receive_locked(struct ipc_space *space, mach_port_name_t name,
			      struct ipc_entry *entry, ipc_port_t port)
{
	ipc_port_clear_receiver_locked(port, MACH_RCV_PORT_CHANGED);
	ipc_space_right_removed_locked(space);
	entry->ie_type &= ~MACH_PORT_TYPE_RECEIVE;
	/* The name goes, and the dead-name request made through it: left
	 * on the port, it would hold its notify port for the port's life. */
	if (entry->ie_type == MACH_PORT_TYPE_NONE)
		ipc_right_free_entry_locked(space, name, port);
}

ipc_port_t
ipc_right_copyin_move_locked(struct ipc_space *space, mach_port_name_t name,
			     struct ipc_entry *entry,
			     mach_msg_type_name_t disposition)
{
	if (entry->ie_type & MACH_PORT_TYPE_DEAD_NAME) {
		if (disposition != MACH_MSG_TYPE_COPY_SEND)
			ipc_right_take_uref_locked(space, name, entry,
						   MACH_PORT_TYPE_DEAD_NAME);
		return IP_DEAD;
	}
	ipc_port_t port = entry->ie_object;

	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		ipc_right_move_receive_locked(space, name, entry, port);
		break;
	case MACH_MSG_TYPE_MOVE_SEND:
		/* The last reference moves the entry's right itself. */
		if (entry->ie_urefs > 1)
			ipc_port_copy_send_locked(port);
		ipc_right_take_uref_locked(space, name, entry,
					   MACH_PORT_TYPE_SEND);
		break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		entry->ie_type = MACH_PORT_TYPE_NONE;
		ipc_right_free_entry_locked(space, name, port);
		break;
	}
	return port;
}

ipc_port_t
ipc_right_copyin_locked(struct ipc_space *space, mach_port_name_t name,
			mach_msg_type_name_t disposition)
{
	if (name == MACH_PORT_NULL)
		return IP_NULL;
	if (name == MACH_PORT_DEAD)
		return IP_DEAD;
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	entry->ie_pending = 0; /* the check's notes, taken now */
	return ipc_right_copyin_entry_locked(space, name, entry, disposition);
}

static mach_port_name_t
ipc_right_copyout_send_locked(struct ipc_space *space, ipc_port_t port)
{
	mach_port_name_t name;
	struct ipc_entry *entry;

	if (ipc_entry_find_port_locked(space, port, &name, &entry)) {
		if (!(entry->ie_type & MACH_PORT_TYPE_SEND)) {
			entry->ie_type |= MACH_PORT_TYPE_SEND;
			entry->ie_urefs = 1; /* the right's reference stays */
			return name;
		}
		if (entry->ie_urefs < IE_UREFS_MAX)
			entry->ie_urefs++;
		/* Two send rights merge into one. */
		port->ip_srights--;
		ipc_port_release_locked(port);
		return name;
	}
	if (ipc_entry_alloc_locked(space, &name, &entry) != KERN_SUCCESS) {
		ipc_port_release_send_locked(port);
		return MACH_PORT_DEAD;
	}
	entry->ie_object = port;
	entry->ie_type = MACH_PORT_TYPE_SEND;
	entry->ie_urefs = 1;
	return name;
}

static mach_port_name_t
ipc_right_copyout_receive_locked(struct ipc_space *space, ipc_port_t port)
{
	mach_port_name_t name;
	struct ipc_entry *entry;

	if (ipc_entry_find_port_locked(space, port, &name, &entry)) {
		entry->ie_type |= MACH_PORT_TYPE_RECEIVE;
	} else if (ipc_entry_alloc_locked(space, &name, &entry) ==
		   KERN_SUCCESS) {
		entry->ie_object = port;
		entry->ie_type = MACH_PORT_TYPE_RECEIVE;
	} else {
		ipc_port_destroy_locked(port);
		return MACH_PORT_DEAD;
	}
	ipc_port_set_receiver_locked(port, space, name);
	return name;
}

mach_port_name_t
ipc_right_copyout_locked(struct ipc_space *space, ipc_port_t port,
			 mach_msg_type_name_t type)
{
	mach_port_name_t name;
	struct ipc_entry *entry;

	if (port == IP_NULL)
		return MACH_PORT_NULL;
	if (port == IP_DEAD)
		return MACH_PORT_DEAD;
	if (!port->ip_active || !space->is_active) {
		ipc_right_release_locked(port, type);
		return MACH_PORT_DEAD;
	}
	switch (type) {
	case MACH_MSG_TYPE_PORT_SEND:
		return ipc_right_copyout_send_locked(space, port);
	case MACH_MSG_TYPE_PORT_RECEIVE:
		return ipc_right_copyout_receive_locked(space, port);
	default: /* PORT_SEND_ONCE: always a new name */
		if (ipc_entry_alloc_locked(space, &name, &entry) !=
		    KERN_SUCCESS) {
			ipc_port_release_send_once_locked(port);
			return MACH_PORT_DEAD;
		}
		entry->ie_object = port;
		entry->ie_type = MACH_PORT_TYPE_SEND_ONCE;
		entry->ie_urefs = 1;
		return name;
	}
}

void
ipc_right_release_locked(ipc_port_t port, mach_msg_type_name_t type)
{
	if (!IP_VALID(port))
		return;
	switch (type) {
	case MACH_MSG_TYPE_PORT_SEND:
		ipc_port_release_send_locked(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		ipc_port_release_send_once_locked(port);
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ipc_port_destroy_locked(port);
		break;
	default:
		panic("ipc_right_release_locked: type %u", type);
	}
}

void
ipc_right_destroy_entry_locked(struct ipc_space *space, struct ipc_entry *entry)
{
	mach_port_name_t name = ipc_entry_name(space, entry);
	mach_port_type_t type = entry->ie_type;
	void *object = entry->ie_object;

	if (type & MACH_PORT_TYPE_PORT_SET) {
		ipc_entry_free_locked(space, name);
		ipc_pset_destroy_locked(object);
		return;
	}
	ipc_right_free_entry_locked(
	    space, name, (type & MACH_PORT_TYPE_DEAD_NAME) ? IP_NULL : object);
	if (type & MACH_PORT_TYPE_SEND)
		ipc_port_release_send_locked(object);
	if (type & MACH_PORT_TYPE_SEND_ONCE)
		ipc_port_release_send_once_locked(object);
	if (type & MACH_PORT_TYPE_RECEIVE)
		ipc_port_destroy_locked(object);
}

static kern_return_t
ipc_right_mod_urefs_locked(struct ipc_space *space, mach_port_name_t name,
			   struct ipc_entry *entry, mach_port_type_t type,
			   mach_port_delta_t delta)
{
	int64_t urefs = (int64_t)entry->ie_urefs + delta;

	if (!(entry->ie_type & type))
		return KERN_INVALID_RIGHT;
	if (urefs < 0)
		return KERN_INVALID_VALUE;
	if (urefs > IE_UREFS_MAX)
		return KERN_UREFS_OVERFLOW;
	if (urefs > 0) {
		entry->ie_urefs = (uint32_t)urefs;
		return KERN_SUCCESS;
	}
	ipc_port_t port = entry->ie_object;
	entry->ie_urefs = 0;
	ipc_space_right_removed_locked(space);
	entry->ie_type &= ~type;
	if (entry->ie_type == MACH_PORT_TYPE_NONE)
		ipc_right_free_entry_locked(
		    space, name, type == MACH_PORT_TYPE_SEND ? port : IP_NULL);
	if (type == MACH_PORT_TYPE_SEND)
		ipc_port_release_send_locked(port);
	return KERN_SUCCESS;
}

/* Destroys the one right of a kind that has no user references. */
static kern_return_t
ipc_right_mod_single_locked(struct ipc_space *space, mach_port_name_t name,
			    struct ipc_entry *entry, mach_port_type_t type,
			    mach_port_delta_t delta)
{
	if (!(entry->ie_type & type))
		return KERN_INVALID_RIGHT;
	if (delta == 0)
		return KERN_SUCCESS;
	if (delta != -1)
		return delta < 0 ? KERN_INVALID_VALUE : KERN_UREFS_OVERFLOW;
	void *object = entry->ie_object;
	ipc_space_right_removed_locked(space);
	entry->ie_type &= ~type;
	if (entry->ie_type == MACH_PORT_TYPE_NONE)
		ipc_right_free_entry_locked(
		    space, name,
		    type == MACH_PORT_TYPE_PORT_SET ? IP_NULL : object);
	if (type == MACH_PORT_TYPE_RECEIVE)
		ipc_port_destroy_locked(object);
	else if (type == MACH_PORT_TYPE_SEND_ONCE)
		ipc_port_release_send_once_locked(object);
	else
		ipc_pset_destroy_locked(object);
	return KERN_SUCCESS;
}

kern_return_t
ipc_right_mod_refs_locked(struct ipc_space *space, mach_port_name_t name,
			  mach_port_right_t right, mach_port_delta_t delta)
{
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry == NULL)
		return KERN_INVALID_NAME;
	switch (right) {
	case MACH_PORT_RIGHT_SEND:
	case MACH_PORT_RIGHT_DEAD_NAME:
		return ipc_right_mod_urefs_locked(space, name, entry,
						  MACH_PORT_TYPE(right), delta);
	case MACH_PORT_RIGHT_RECEIVE:
	case MACH_PORT_RIGHT_SEND_ONCE:
	case MACH_PORT_RIGHT_PORT_SET:
		return ipc_right_mod_single_locked(
		    space, name, entry, MACH_PORT_TYPE(right), delta);
	default:
		return KERN_INVALID_VALUE;
	}
}

kern_return_t
ipc_right_deallocate_locked(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry == NULL)
		return KERN_INVALID_NAME;
	if (entry->ie_type & MACH_PORT_TYPE_SEND)
		return ipc_right_mod_refs_locked(space, name,
						 MACH_PORT_RIGHT_SEND, -1);
	if (entry->ie_type & MACH_PORT_TYPE_SEND_ONCE)
		return ipc_right_mod_refs_locked(space, name,
						 MACH_PORT_RIGHT_SEND_ONCE, -1);
	if (entry->ie_type & MACH_PORT_TYPE_DEAD_NAME)
		return ipc_right_mod_refs_locked(space, name,
						 MACH_PORT_RIGHT_DEAD_NAME, -1);
	return KERN_INVALID_RIGHT;
}
