/*
 * Zones: allocators of fixed-size kernel objects (tasks, threads, ports,
 * messages).  A zone takes whole pages from vm_page_alloc and cuts them
 * into elements; freed elements go back on the zone's free list, and a
 * page whose elements are all free goes back to the page allocator.
 *
 * Entry points:
 *	zone_create	a new zone for elements of one size
 *	zalloc		one element (NULL if memory is exhausted)
 *	zfree		give an element back
 *	zone_info	one zone's counts; zone_statistics for all zones
 *
 * Each zone has its own simple lock; no zone function calls another
 * zone's while holding it.
 */
#ifndef KERN_ZALLOC_H
#define KERN_ZALLOC_H

#include <stddef.h>

struct zone;

/*
 * Creates a zone for elements of elem_size bytes (rounded up to 16, the
 * element alignment).  name is kept by reference.  Elements larger than a
 * page are not supported (panics).  Returns NULL if no memory.  Needs
 * only vm_page_bootstrap done: the zone of zones is static.
 */
struct zone *zone_create(const char *name, size_t elem_size);

/* Returns a new element, not cleared, or NULL if memory is exhausted. */
void *zalloc(struct zone *zone);

/* Returns an element to its zone.  Freeing a foreign or free element panics. */
void zfree(struct zone *zone, void *element);

struct zone_info {
	const char *zi_name;
	size_t zi_elem_size;
	unsigned long zi_in_use; /* elements allocated and not freed */
	unsigned long zi_pages;	 /* pages the zone holds */
};
void zone_info(struct zone *zone, struct zone_info *info);

struct zone_statistics {
	unsigned long zs_zones;
	unsigned long zs_in_use; /* elements in use, all zones */
	unsigned long zs_bytes;	 /* bytes of pages held, all zones */
};
void zone_statistics(struct zone_statistics *stats);

#endif /* KERN_ZALLOC_H */
