/*
 * The backing store: where the default pager keeps a page's data.  The
 * objects (object.c) hold one slot per page they have and never look
 * inside it; a store fills it in.  A disk partition would be another
 * struct dp_store whose slots name blocks on the disk.
 *
 *	write	stores the page's data at data (DP_PAGE_SIZE bytes) in
 *		*slot, which holds the page's previous data or is empty
 *		(all zero); KERN_RESOURCE_SHORTAGE if there is no room
 *		(the slot keeps what it had)
 *	read	copies a slot's data to data
 *	free	forgets a slot's data; the slot is empty again
 */
#ifndef DEFAULT_PAGER_STORE_H
#define DEFAULT_PAGER_STORE_H

#include <mach/kern_return.h>
#include <stdint.h>

struct dp_slot {
	uint64_t ds_value; /* the store's */
	uint32_t ds_kind;  /* the store's; 0: empty */
	uint32_t ds_pad;
};

struct dp_store {
	const char *st_name;
	kern_return_t (*st_write)(struct dp_store *store, struct dp_slot *slot,
				  const void *data);
	void (*st_read)(struct dp_store *store, const struct dp_slot *slot,
			void *data);
	void (*st_free)(struct dp_store *store, struct dp_slot *slot);
};

/* The store of this build: pages in the pager's own wired memory
 * (store_memory.c). */
extern struct dp_store dp_memory_store;

#endif /* DEFAULT_PAGER_STORE_H */
