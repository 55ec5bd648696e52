/*
 * Port name spaces: each task's table of names for rights.
 *
 * A name is (index << 8) | generation.  Index 0 is never used, so no name
 * is MACH_PORT_NULL; the generation changes each time an index is reused,
 * so a stale name does not find a newer right.  An entry holds at most
 * one object (a port or a port set) and the rights the task has to it:
 * receive and send share an entry, send-once rights and dead names have
 * their own.  ie_urefs counts user references of send rights and dead
 * names (a send-once or receive right has exactly one).
 *
 * Every entry that names a port holds one reference to it.
 * Guarded by ipc_lock.
 *
 * The reply cache (an L4 lesson, ipc/ipc_fastpath.c; replycache=off
 * switches it off) adds two kinds of entry that only the kernel sees.
 * A thread that receives requests over the register fast path keeps one
 * entry of its task's space for their reply rights, off the free list
 * (th_reply_index): IE_TYPE_REPLY_RESERVED while it holds no right, not
 * counted in is_in_use, invisible to every lookup.  A request gives it
 * the send-once right, IE_TYPE_REPLY_CACHED (a send-once right and the
 * cache bit), under a new generation, and the fast reply through that
 * name takes the right out again and leaves the entry reserved: no
 * name is allocated, looked up in the table or freed.  Anything else
 * that names the right (a lookup by name: mach_msg, mach_port_*, a
 * deferred reply) finds an ordinary send-once right, the cache bit
 * dropped for good; the space's destruction releases it as one.
 */
#ifndef IPC_IPC_SPACE_H
#define IPC_IPC_SPACE_H

#include <ipc/ipc_port.h>
#include <ipc/ipc_types.h>
#include <kern/debug.h>

struct ipc_entry {
	void *ie_object;	  /* ipc_port or ipc_pset; NULL when free */
	mach_port_type_t ie_type; /* MACH_PORT_TYPE_* bits */
	uint32_t ie_urefs;
	uint32_t ie_next_free; /* index of the next free entry */
	uint32_t ie_pending;   /* rights a message being checked would take
				  (ipc_right.c); zero outside that check */
	uint8_t ie_gen;
};

#define IE_UREFS_MAX 0xffff

/* The reply cache's kernel-only entry types (above).  The bit is none of
 * mach/port.h's. */
#define IE_TYPE_REPLY_CACHE    ((mach_port_type_t)0x40000000)
#define IE_TYPE_REPLY_RESERVED IE_TYPE_REPLY_CACHE
#define IE_TYPE_REPLY_CACHED   (IE_TYPE_REPLY_CACHE | MACH_PORT_TYPE_SEND_ONCE)

struct ipc_space {
	struct ipc_entry *is_table;
	uint32_t is_table_size; /* entries, a power of two */
	uint32_t is_free_head;	/* first free index, 0 if none */
	uint32_t is_in_use;	/* entries in use */
	int is_active;
	struct task *is_task;
	/* Moves on whenever an entry loses a right or is freed
	 * (ipc_space_right_removed_locked): the register hot path's
	 * translations of names (ipc/ipc_hotpath.c) hold while it stays. */
	unsigned long is_generation;
};

/*
 * An entry of space has lost a right (or is freed, or turned dead):
 * every translation of a name the hot path keeps for space is stale.
 * Called wherever a right leaves an entry; a right added to one leaves
 * the translations true.
 */
static inline void
ipc_space_right_removed_locked(struct ipc_space *space)
{
	space->is_generation++;
}

/* The space of the kernel: the receiver of kernel object ports. */
extern struct ipc_space *ipc_space_kernel;
/* The receiver of ports on which kernel threads wait for replies. */
extern struct ipc_space *ipc_space_reply;

void ipc_space_bootstrap(void);

/* A new, empty space for task, or NULL. */
struct ipc_space *ipc_space_create(struct task *task);

/* Releases every right in the space and frees it. */
void ipc_space_destroy(struct ipc_space *space);

/* Turns an entry whose send or send-once right's port has died into a
 * dead name (ipc_entry_lookup_locked). */
void ipc_entry_make_dead_locked(struct ipc_entry *entry);

/*
 * The entry for name, or NULL if the name is not in use.  An entry whose
 * send or send-once right's port has died is turned into a dead name
 * first.  (Inline: every message looks up a name or two.)
 */
static inline struct ipc_entry *
ipc_entry_lookup_locked(struct ipc_space *space, mach_port_name_t name)
{
	uint32_t index = MACH_PORT_INDEX(name);

	if (index == 0 || index >= space->is_table_size || !space->is_active)
		return NULL;
	struct ipc_entry *entry = &space->is_table[index];
	mach_port_type_t type = entry->ie_type;
	if (type == MACH_PORT_TYPE_NONE || entry->ie_gen != MACH_PORT_GEN(name))
		return NULL;
	if (__builtin_expect(type & IE_TYPE_REPLY_CACHE, 0)) {
		if (type == IE_TYPE_REPLY_RESERVED)
			return NULL;
		/* A cached reply right, named: an ordinary one from now on. */
		entry->ie_type = type = MACH_PORT_TYPE_SEND_ONCE;
	}
	if ((type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE)) &&
	    !(type & MACH_PORT_TYPE_RECEIVE) &&
	    !((ipc_port_t)entry->ie_object)->ip_active) {
		ipc_space_right_removed_locked(space);
		ipc_entry_make_dead_locked(entry);
	}
	return entry;
}

/*
 * The IPC fast paths' look-up: the entry for name if it holds one of the
 * rights in types, or NULL.  Unlike ipc_entry_lookup_locked it does not
 * turn the right to a dead port into a dead name (the callers check that
 * the port is alive), and a cached reply right stays cached (to it, a
 * send-once right; a reserved entry holds none).  ipc_lock held (the
 * register hot path, on one CPU, needs none: ipc/ipc_hotpath.c).
 */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_entry_lookup_rights_locked(struct ipc_space *space, mach_port_name_t name,
			       mach_port_type_t types)
{
	uint32_t index = MACH_PORT_INDEX(name);

	if (index >= space->is_table_size)
		return NULL;
	struct ipc_entry *entry = &space->is_table[index];
	if (entry->ie_gen != MACH_PORT_GEN(name) || !(entry->ie_type & types))
		return NULL;
	return entry;
}

/*
 * Allocates a free entry; returns KERN_SUCCESS with *name and *entry, or
 * KERN_NO_SPACE / KERN_RESOURCE_SHORTAGE.  The entry is empty: the caller
 * fills ie_object, ie_type and ie_urefs.
 */
kern_return_t ipc_entry_alloc_locked(struct ipc_space *space,
				     mach_port_name_t *name,
				     struct ipc_entry **entry);

/*
 * Allocates the entry for a chosen name.  KERN_NAME_EXISTS if it is in
 * use, KERN_INVALID_VALUE if it cannot be a name here.
 */
kern_return_t ipc_entry_alloc_name_locked(struct ipc_space *space,
					  mach_port_name_t name,
					  struct ipc_entry **entry);

/* Frees an entry (which no longer holds a reference).  Inline: the IPC
 * fast path frees the entry of each reply's send-once right (in both its
 * doors: always inline). */
static inline __attribute__((always_inline)) void
ipc_entry_free_locked(struct ipc_space *space, mach_port_name_t name)
{
	uint32_t index = MACH_PORT_INDEX(name);
	struct ipc_entry *entry = &space->is_table[index];

	assert(index != 0 && index < space->is_table_size);
	ipc_space_right_removed_locked(space);
	entry->ie_object = NULL;
	entry->ie_type = MACH_PORT_TYPE_NONE;
	entry->ie_urefs = 0;
	entry->ie_next_free = space->is_free_head;
	space->is_free_head = index;
	space->is_in_use--;
}

/*
 * Gives back to the free list the entry the reply cache reserved at
 * index for a thread that ends (nothing if it holds a right now, or was
 * taken for another name).
 */
void ipc_entry_reply_release_locked(struct ipc_space *space, uint32_t index);

/* The name of the entry that holds send or receive rights for port. */
int ipc_entry_find_port_locked(struct ipc_space *space, ipc_port_t port,
			       mach_port_name_t *name,
			       struct ipc_entry **entry);

/* Name of an entry given its table slot (for walks over the table). */
mach_port_name_t ipc_entry_name(struct ipc_space *space,
				struct ipc_entry *entry);

#endif /* IPC_IPC_SPACE_H */
