/*
 * The mach_port interface (mach/include/mach/mach_port.defs): the server
 * routines the IDL-generated stubs call for messages to a task's port.
 *
 * Each routine validates what it can before changing anything, runs under
 * ipc_lock, and returns a kern_return_t.  A NULL space means the request
 * port was not a live task: KERN_INVALID_TASK.
 */
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <kern/debug.h>
#include <kern/string.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <vm/vm_map_copy.h>

#include "mach_port_server.h"

/*
 * More names than the reply holds inline go out-of-line, in two copy
 * objects of the kernel's (vm/vm_map_copy.h), which the stub sends as
 * the arrays' addresses.
 */
kern_return_t
mach_port_names(ipc_space_t space, mach_port_name_array_t *names,
		mach_msg_type_number_t *namesCnt, mach_port_type_array_t *types,
		mach_msg_type_number_t *typesCnt)
{
	mach_port_name_array_t names_data = *names;
	mach_port_type_array_t types_data = *types;
	vm_map_copy_t names_copy = NULL, types_copy = NULL;

	if (space == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&ipc_lock);
	uint32_t count = space->is_in_use;
	if (count > *namesCnt || count > *typesCnt) {
		if (vm_map_copy_kernel_buffer(
			count * sizeof(*names_data), &names_copy,
			(void **)&names_data) != KERN_SUCCESS ||
		    vm_map_copy_kernel_buffer(
			count * sizeof(*types_data), &types_copy,
			(void **)&types_data) != KERN_SUCCESS) {
			simple_unlock(&ipc_lock);
			vm_map_copy_discard(names_copy);
			return KERN_RESOURCE_SHORTAGE;
		}
	}
	uint32_t n = 0;
	for (uint32_t i = 1; i < space->is_table_size && n < count; i++) {
		struct ipc_entry *entry = ipc_entry_lookup_locked(
		    space, MACH_PORT_MAKE(i, space->is_table[i].ie_gen));
		if (entry == NULL)
			continue;
		names_data[n] = MACH_PORT_MAKE(i, entry->ie_gen);
		types_data[n] = entry->ie_type;
		n++;
	}
	simple_unlock(&ipc_lock);
	assert(names_copy == NULL || n == count); /* the copies' size */
	if (names_copy != NULL) {
		*names = (mach_port_name_array_t)names_copy;
		*types = (mach_port_type_array_t)types_copy;
	}
	*namesCnt = *typesCnt = n;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_type(ipc_space_t space, mach_port_name_t name,
	       mach_port_type_t *ptype)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&ipc_lock);
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry != NULL)
		*ptype = entry->ie_type;
	simple_unlock(&ipc_lock);
	return entry != NULL ? KERN_SUCCESS : KERN_INVALID_NAME;
}

/* Fills a fresh entry with a new right of kind right. */
static kern_return_t
mach_port_fill_entry_locked(struct ipc_space *space, mach_port_name_t name,
			    struct ipc_entry *entry, mach_port_right_t right)
{
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE: {
		ipc_port_t port = ipc_port_alloc_locked();
		if (port == IP_NULL)
			return KERN_RESOURCE_SHORTAGE;
		port->ip_receiver = space;
		port->ip_receiver_name = name;
		entry->ie_object = port;
		entry->ie_type = MACH_PORT_TYPE_RECEIVE;
		return KERN_SUCCESS;
	}
	case MACH_PORT_RIGHT_PORT_SET: {
		struct ipc_pset *pset = ipc_pset_alloc_locked(space, name);
		if (pset == NULL)
			return KERN_RESOURCE_SHORTAGE;
		entry->ie_object = pset;
		entry->ie_type = MACH_PORT_TYPE_PORT_SET;
		return KERN_SUCCESS;
	}
	default: /* MACH_PORT_RIGHT_DEAD_NAME */
		entry->ie_object = NULL;
		entry->ie_type = MACH_PORT_TYPE_DEAD_NAME;
		entry->ie_urefs = 1;
		return KERN_SUCCESS;
	}
}

static int
mach_port_right_allocatable(mach_port_right_t right)
{
	return right == MACH_PORT_RIGHT_RECEIVE ||
	       right == MACH_PORT_RIGHT_PORT_SET ||
	       right == MACH_PORT_RIGHT_DEAD_NAME;
}

kern_return_t
mach_port_allocate_name(ipc_space_t space, mach_port_right_t right,
			mach_port_name_t name)
{
	struct ipc_entry *entry;

	if (space == NULL)
		return KERN_INVALID_TASK;
	if (!mach_port_right_allocatable(right) || !MACH_PORT_VALID(name))
		return KERN_INVALID_VALUE;
	simple_lock(&ipc_lock);
	kern_return_t kr = ipc_entry_alloc_name_locked(space, name, &entry);
	if (kr == KERN_SUCCESS) {
		kr = mach_port_fill_entry_locked(space, name, entry, right);
		if (kr != KERN_SUCCESS)
			ipc_entry_free_locked(space, name);
	}
	simple_unlock(&ipc_lock);
	return kr;
}

kern_return_t
mach_port_allocate(ipc_space_t space, mach_port_right_t right,
		   mach_port_name_t *name)
{
	struct ipc_entry *entry;

	if (space == NULL)
		return KERN_INVALID_TASK;
	if (!mach_port_right_allocatable(right))
		return KERN_INVALID_VALUE;
	simple_lock(&ipc_lock);
	kern_return_t kr = ipc_entry_alloc_locked(space, name, &entry);
	if (kr == KERN_SUCCESS) {
		kr = mach_port_fill_entry_locked(space, *name, entry, right);
		if (kr != KERN_SUCCESS)
			ipc_entry_free_locked(space, *name);
	}
	simple_unlock(&ipc_lock);
	return kr;
}

kern_return_t
mach_port_destroy(ipc_space_t space, mach_port_name_t name)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&ipc_lock);
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry != NULL)
		ipc_right_destroy_entry_locked(space, entry);
	simple_unlock(&ipc_lock);
	return entry != NULL ? KERN_SUCCESS : KERN_INVALID_NAME;
}

kern_return_t
mach_port_deallocate(ipc_space_t space, mach_port_name_t name)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&ipc_lock);
	kern_return_t kr = ipc_right_deallocate_locked(space, name);
	simple_unlock(&ipc_lock);
	return kr;
}

kern_return_t
mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
		   mach_port_right_t right, mach_port_urefs_t *refs)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	simple_lock(&ipc_lock);
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (entry != NULL) {
		mach_port_type_t type = entry->ie_type;
		if (!(type & MACH_PORT_TYPE(right)))
			*refs = 0;
		else if (right == MACH_PORT_RIGHT_SEND ||
			 right == MACH_PORT_RIGHT_DEAD_NAME)
			*refs = entry->ie_urefs;
		else
			*refs = 1;
	}
	simple_unlock(&ipc_lock);
	return entry != NULL ? KERN_SUCCESS : KERN_INVALID_NAME;
}

kern_return_t
mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
		   mach_port_right_t right, mach_port_delta_t delta)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&ipc_lock);
	kern_return_t kr = ipc_right_mod_refs_locked(space, name, right, delta);
	simple_unlock(&ipc_lock);
	return kr;
}

/* The live port of a receive right named in space, or IP_NULL. */
static ipc_port_t
mach_port_receive_locked(struct ipc_space *space, mach_port_name_t name,
			 kern_return_t *kr)
{
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);

	*kr = KERN_SUCCESS;
	if (entry == NULL)
		*kr = KERN_INVALID_NAME;
	else if (!(entry->ie_type & MACH_PORT_TYPE_RECEIVE))
		*kr = KERN_INVALID_RIGHT;
	return *kr == KERN_SUCCESS ? entry->ie_object : IP_NULL;
}

kern_return_t
mach_port_set_qlimit(ipc_space_t space, mach_port_name_t name,
		     mach_port_msgcount_t qlimit)
{
	kern_return_t kr;

	if (space == NULL)
		return KERN_INVALID_TASK;
	if (qlimit > MACH_PORT_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	simple_lock(&ipc_lock);
	ipc_port_t port = mach_port_receive_locked(space, name, &kr);
	if (port != IP_NULL) {
		port->ip_messages.imq_qlimit = qlimit;
		/* Senders waiting for room may now have it. */
		ipc_mqueue_wakeup_all_locked(&port->ip_messages.imq_senders,
					     MACH_MSG_SUCCESS);
	}
	simple_unlock(&ipc_lock);
	return kr;
}

kern_return_t
mach_port_move_member(ipc_space_t space, mach_port_name_t member,
		      mach_port_name_t after)
{
	kern_return_t kr;
	struct ipc_pset *pset = NULL;

	if (space == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&ipc_lock);
	ipc_port_t port = mach_port_receive_locked(space, member, &kr);
	if (port != IP_NULL && after != MACH_PORT_NULL) {
		struct ipc_entry *entry = ipc_entry_lookup_locked(space, after);
		if (entry == NULL)
			kr = KERN_INVALID_NAME;
		else if (!(entry->ie_type & MACH_PORT_TYPE_PORT_SET))
			kr = KERN_INVALID_RIGHT;
		else
			pset = entry->ie_object;
	}
	if (kr == KERN_SUCCESS) {
		ipc_pset_remove_locked(port);
		if (pset != NULL)
			ipc_pset_add_locked(pset, port);
	}
	simple_unlock(&ipc_lock);
	return kr;
}

/* Replaces one of a port's single-right requests (no-senders, port-
 * destroyed), returning the previous right. */
static void
mach_port_swap_request_locked(ipc_port_t *slot, ipc_port_t notify,
			      ipc_port_t *previous)
{
	*previous = *slot;
	*slot = notify;
}

kern_return_t
mach_port_request_notification(ipc_space_t space, mach_port_name_t name,
			       mach_msg_id_t msgid, mach_port_mscount_t sync,
			       ipc_port_t notify, ipc_port_t *previous)
{
	kern_return_t kr = KERN_SUCCESS;

	if (space == NULL)
		return KERN_INVALID_TASK;
	*previous = IP_NULL;
	simple_lock(&ipc_lock);
	if (msgid == MACH_NOTIFY_DEAD_NAME) {
		struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
		if (entry == NULL)
			kr = KERN_INVALID_NAME;
		else if (entry->ie_type & MACH_PORT_TYPE_DEAD_NAME)
			kr = KERN_INVALID_ARGUMENT; /* already dead */
		else if (!(entry->ie_type &
			   (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE |
			    MACH_PORT_TYPE_RECEIVE)))
			kr = KERN_INVALID_RIGHT;
		else {
			kr = ipc_port_request_dead_name_locked(
			    entry->ie_object, space, name, notify, previous);
		}
	} else if (msgid == MACH_NOTIFY_NO_SENDERS ||
		   msgid == MACH_NOTIFY_PORT_DESTROYED) {
		ipc_port_t port = mach_port_receive_locked(space, name, &kr);
		if (port != IP_NULL && msgid == MACH_NOTIFY_NO_SENDERS) {
			mach_port_swap_request_locked(&port->ip_nsrequest,
						      notify, previous);
			port->ip_nsrequest_sync = sync;
			if (port->ip_srights == 0 && sync <= port->ip_mscount &&
			    IP_VALID(notify)) { /* no senders already */
				port->ip_nsrequest = IP_NULL;
				ipc_notify_no_senders_locked(notify,
							     port->ip_mscount);
			}
		} else if (port != IP_NULL) {
			mach_port_swap_request_locked(&port->ip_pdrequest,
						      notify, previous);
		}
	} else {
		kr = KERN_INVALID_VALUE;
	}
	simple_unlock(&ipc_lock);
	return kr;
}

/* Puts a right in transit into a new entry (name already allocated). */
static void
mach_port_insert_new_locked(struct ipc_space *space, mach_port_name_t name,
			    struct ipc_entry *entry, ipc_port_t port,
			    mach_msg_type_name_t type)
{
	entry->ie_object = port;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE) {
		entry->ie_type = MACH_PORT_TYPE_RECEIVE;
		ipc_port_set_receiver_locked(port, space, name);
	} else {
		entry->ie_type = MACH_PORT_TYPE_SEND;
		entry->ie_urefs = 1;
	}
}

kern_return_t
mach_port_insert_right(ipc_space_t space, mach_port_name_t name,
		       ipc_port_t poly, mach_msg_type_name_t polyPoly)
{
	struct ipc_entry *entry;
	mach_port_name_t found;

	if (space == NULL)
		return KERN_INVALID_TASK;
	if (!IP_VALID(poly) || !MACH_PORT_VALID(name) ||
	    polyPoly == MACH_MSG_TYPE_PORT_SEND_ONCE)
		return KERN_INVALID_VALUE;
	simple_lock(&ipc_lock);
	kern_return_t kr = KERN_SUCCESS;
	struct ipc_entry *existing = ipc_entry_lookup_locked(space, name);
	if (existing != NULL) {
		/* Only more of the same port's rights may join a name. */
		if (existing->ie_object != poly ||
		    (polyPoly == MACH_MSG_TYPE_PORT_RECEIVE &&
		     (existing->ie_type & MACH_PORT_TYPE_RECEIVE)))
			kr = KERN_RIGHT_EXISTS;
		else
			ipc_right_copyout_locked(space, poly, polyPoly);
	} else if (ipc_entry_find_port_locked(space, poly, &found, &entry)) {
		kr = KERN_RIGHT_EXISTS; /* the port has another name here */
	} else if ((kr = ipc_entry_alloc_name_locked(space, name, &entry)) ==
		   KERN_SUCCESS) {
		mach_port_insert_new_locked(space, name, entry, poly, polyPoly);
	}
	simple_unlock(&ipc_lock);
	return kr;
}

kern_return_t
mach_port_extract_right(ipc_space_t space, mach_port_name_t name,
			mach_msg_type_name_t msgt_name, ipc_port_t *poly,
			mach_msg_type_name_t *polyPoly)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&ipc_lock);
	kern_return_t kr =
	    ipc_right_copyin_check_locked(space, name, msgt_name, 0);
	ipc_right_copyin_clear_locked(space, name);
	if (kr == KERN_SUCCESS && name != MACH_PORT_NULL) {
		*poly = ipc_right_copyin_locked(space, name, msgt_name);
		*polyPoly = mach_msg_type_received(msgt_name);
	} else if (kr == KERN_SUCCESS) {
		kr = KERN_INVALID_NAME;
	}
	simple_unlock(&ipc_lock);
	return kr;
}
