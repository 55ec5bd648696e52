/*
 * Port name spaces (see ipc_space.h for the naming scheme).
 *
 * The table is an array of entries that doubles when full, up to
 * IPC_SPACE_MAX_ENTRIES.  Free entries form a list through ie_next_free.
 * Looking up the name for a port (to merge a new send right with an
 * existing one) scans the table: spaces are small in this system; a hash
 * of port to name is the next step if that shows in measurements.
 */
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <machine/vm_param.h>

#define IPC_SPACE_INITIAL_ENTRIES 64
#define IPC_SPACE_MAX_ENTRIES	  (1u << 16)

static struct zone *ipc_space_zone;
static struct ipc_space ipc_space_kernel_data;
struct ipc_space *ipc_space_kernel = &ipc_space_kernel_data;
static struct ipc_space ipc_space_reply_data;
struct ipc_space *ipc_space_reply = &ipc_space_reply_data;
unsigned long ipc_space_count;

void
ipc_space_bootstrap(void)
{
	ipc_space_zone = zone_create("ipc space", sizeof(struct ipc_space));
	if (ipc_space_zone == NULL)
		panic("ipc_space_bootstrap: no memory");
	ipc_space_kernel_data.is_active = 1;
	ipc_space_reply_data.is_active = 1;
}

/* A table's bytes: whole pages (the table lives as long as its task and
 * grows to megabytes; a zone element would be no gain). */
static size_t
ipc_table_size(uint32_t entries)
{
	return round_page(entries * sizeof(struct ipc_entry));
}

/* Links entries [first, size) into the free list; index 0 is never used. */
static void
ipc_table_link_free(struct ipc_space *space, uint32_t first)
{
	for (uint32_t i = space->is_table_size; i-- > first;) {
		space->is_table[i].ie_object = NULL;
		space->is_table[i].ie_type = MACH_PORT_TYPE_NONE;
		space->is_table[i].ie_next_free = space->is_free_head;
		space->is_free_head = i;
	}
}

struct ipc_space *
ipc_space_create(struct task *task)
{
	struct ipc_space *space = zalloc(ipc_space_zone);
	if (space == NULL)
		return NULL;
	space->is_table = kalloc(ipc_table_size(IPC_SPACE_INITIAL_ENTRIES));
	if (space->is_table == NULL) {
		zfree(ipc_space_zone, space);
		return NULL;
	}
	memset(space->is_table, 0,
	       IPC_SPACE_INITIAL_ENTRIES * sizeof(struct ipc_entry));
	space->is_table_size = IPC_SPACE_INITIAL_ENTRIES;
	space->is_free_head = 0;
	space->is_in_use = 0;
	space->is_active = 1;
	space->is_generation = 1; /* a thread's translations start at 0 */
	space->is_task = task;
	ipc_table_link_free(space, 1);
	simple_lock(&ipc_lock);
	ipc_space_count++;
	simple_unlock(&ipc_lock);
	return space;
}

/* Doubles the table (allocating under ipc_lock: see docs/locking.md). */
static kern_return_t
ipc_space_grow_locked(struct ipc_space *space)
{
	uint32_t old_size = space->is_table_size;
	if (old_size >= IPC_SPACE_MAX_ENTRIES)
		return KERN_NO_SPACE;
	struct ipc_entry *table = kalloc(ipc_table_size(old_size * 2));
	if (table == NULL)
		return KERN_RESOURCE_SHORTAGE;
	memcpy(table, space->is_table, old_size * sizeof(struct ipc_entry));
	memset(table + old_size, 0, old_size * sizeof(struct ipc_entry));
	kfree(space->is_table, ipc_table_size(old_size));
	space->is_table = table;
	space->is_table_size = old_size * 2;
	ipc_table_link_free(space, old_size);
	return KERN_SUCCESS;
}

mach_port_name_t
ipc_entry_name(struct ipc_space *space, struct ipc_entry *entry)
{
	uint32_t index = entry - space->is_table;
	return MACH_PORT_MAKE(index, entry->ie_gen);
}

void
ipc_entry_make_dead_locked(struct ipc_entry *entry)
{
	ipc_port_t port = entry->ie_object;

	assert(!port->ip_active);
	if (entry->ie_type & MACH_PORT_TYPE_SEND)
		port->ip_srights--;
	else
		port->ip_sorights--;
	if (entry->ie_type & MACH_PORT_TYPE_SEND_ONCE)
		entry->ie_urefs = 1;
	entry->ie_type = MACH_PORT_TYPE_DEAD_NAME;
	entry->ie_object = NULL;
	ipc_port_release_locked(port);
}

kern_return_t
ipc_entry_alloc_locked(struct ipc_space *space, mach_port_name_t *name,
		       struct ipc_entry **entry)
{
	if (!space->is_active)
		return KERN_INVALID_TASK;
	if (space->is_free_head == 0) {
		kern_return_t kr = ipc_space_grow_locked(space);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	uint32_t index = space->is_free_head;
	struct ipc_entry *e = &space->is_table[index];
	space->is_free_head = e->ie_next_free;
	e->ie_gen++;
	e->ie_urefs = 0;
	e->ie_type = MACH_PORT_TYPE_NONE;
	space->is_in_use++;
	*name = MACH_PORT_MAKE(index, e->ie_gen);
	*entry = e;
	return KERN_SUCCESS;
}

kern_return_t
ipc_entry_alloc_name_locked(struct ipc_space *space, mach_port_name_t name,
			    struct ipc_entry **entry)
{
	uint32_t index = MACH_PORT_INDEX(name);

	if (!MACH_PORT_VALID(name) || index == 0 ||
	    index >= IPC_SPACE_MAX_ENTRIES)
		return KERN_INVALID_VALUE;
	while (index >= space->is_table_size) {
		kern_return_t kr = ipc_space_grow_locked(space);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	struct ipc_entry *e = &space->is_table[index];
	if (e->ie_type == IE_TYPE_REPLY_RESERVED) {
		/* Not on the free list: taken from the reply cache. */
		e->ie_type = MACH_PORT_TYPE_NONE;
	} else if (e->ie_type != MACH_PORT_TYPE_NONE) {
		return KERN_NAME_EXISTS;
	} else {
		/* Unlink index from the free list. */
		uint32_t *link = &space->is_free_head;
		while (*link != index)
			link = &space->is_table[*link].ie_next_free;
		*link = e->ie_next_free;
	}
	e->ie_gen = MACH_PORT_GEN(name);
	e->ie_urefs = 0;
	space->is_in_use++;
	*entry = e;
	return KERN_SUCCESS;
}

int
ipc_entry_find_port_locked(struct ipc_space *space, ipc_port_t port,
			   mach_port_name_t *name, struct ipc_entry **entry)
{
	const mach_port_type_t wanted =
	    MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE;

	if (port->ip_receiver == space) { /* fast: the receive right's entry */
		struct ipc_entry *e =
		    ipc_entry_lookup_locked(space, port->ip_receiver_name);
		if (e != NULL && e->ie_object == port) {
			*name = port->ip_receiver_name;
			*entry = e;
			return 1;
		}
	}
	for (uint32_t i = 1; i < space->is_table_size; i++) {
		struct ipc_entry *e = &space->is_table[i];
		if (e->ie_object == port && (e->ie_type & wanted)) {
			*name = MACH_PORT_MAKE(i, e->ie_gen);
			*entry = e;
			return 1;
		}
	}
	return 0;
}

void
ipc_entry_reply_release_locked(struct ipc_space *space, uint32_t index)
{
	if (index == 0 || !space->is_active)
		return;
	struct ipc_entry *entry = &space->is_table[index];
	if (entry->ie_type != IE_TYPE_REPLY_RESERVED)
		return;
	entry->ie_type = MACH_PORT_TYPE_NONE;
	entry->ie_next_free = space->is_free_head;
	space->is_free_head = index;
}

void
ipc_space_destroy(struct ipc_space *space)
{
	simple_lock(&ipc_lock);
	space->is_active = 0;
	ipc_space_right_removed_locked(space);
	for (uint32_t i = 1; i < space->is_table_size; i++) {
		struct ipc_entry *entry = &space->is_table[i];
		/* (A cached reply right goes as a send-once right.) */
		if (entry->ie_type != MACH_PORT_TYPE_NONE &&
		    entry->ie_type != IE_TYPE_REPLY_RESERVED)
			ipc_right_destroy_entry_locked(space, entry);
	}
	ipc_space_count--;
	simple_unlock(&ipc_lock);
	kfree(space->is_table, ipc_table_size(space->is_table_size));
	zfree(ipc_space_zone, space);
}
