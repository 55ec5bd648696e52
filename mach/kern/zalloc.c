/*
 * Zones: allocators of fixed-size kernel objects.
 *
 * A zone gets its memory as slabs: blocks of 2^z_slab_order pages from
 * vm_page_alloc_kva (order 0 unless a page would waste more than an
 * eighth of itself on the element size, never above ZONE_MAX_SLAB_ORDER).
 * A slab starts with a struct zone_slab header and is then cut into
 * elements; the header is found from any element by rounding its address
 * down to the slab size (blocks are aligned to their size).  Each slab
 * keeps its own free list and count of elements in use; the zone keeps
 * the slabs that have a free element on z_partial.  A full slab is on no
 * list, and a slab whose elements all come back is returned to vm_page at
 * once, unless it is the zone's last: that one is kept, empty, so that a
 * zone used an element at a time (a copy object's buffer, one per
 * out-of-line transfer) does not take, cut up and give back a slab at
 * each use.
 *
 * A free element holds the free list link and ZONE_FREE_MARK in its first
 * two words.  zfree checks that the element lies in a slab of this zone
 * (the header's magic and zone pointer) on an element boundary, and that
 * it is not free already: when the mark is present it confirms by
 * searching the slab's free list, so a live element that happens to hold
 * the mark is not mistaken for a free one.  All of these panic.
 *
 * In the checking kernel (MACH_CHECK) the rest of a free element is
 * filled with ZONE_POISON, and zalloc checks the fill, the mark and the
 * link before handing the element out: a write to a freed element (a use
 * after free) panics with the zone and the offset written, at the next
 * allocation of that element.
 *
 * The struct zones themselves are elements of zone_zone, a zone that is
 * statically allocated and so needs no bootstrap: zone_create works as
 * soon as vm_page_bootstrap has run.  All zones are on zone_list.
 *
 * Locks, taken in this order: zone_list_lock, then one zone's z_lock,
 * then vm_page's lock (a zone calls vm_page_alloc_kva and vm_page_free_kva
 * with its lock held).
 *
 * Entry points: zone_create, zalloc, zfree, zone_info, zone_statistics.
 */
#include <kern/debug.h>
#include <kern/failalloc.h>
#include <kern/lock.h>
#include <kern/zalloc.h>
#include <machine/vm_param.h>
#include <stddef.h>
#include <stdint.h>
#include <vm/vm_page.h>

#define ZONE_ALIGN	    16
#define ZONE_MAX_SLAB_ORDER 2
#define ZONE_SLAB_MAGIC	    0x5a4f4e45534c4142ul /* "ZONESLAB" */
#define ZONE_FREE_MARK	    0xdeadf7eedeadf7eeul
#define ZONE_POISON	    0xdfdfdfdfdfdfdfdful /* the checking kernel's fill */

struct zone {
	simple_lock_data_t z_lock;
	const char *z_name;	     /* constant after creation */
	size_t z_elem_size;	     /* constant: a multiple of ZONE_ALIGN */
	unsigned int z_slab_order;   /* constant: slab = 2^order pages */
	unsigned int z_per_slab;     /* constant: elements in a slab */
	struct zone_slab *z_partial; /* z_lock: slabs with a free element */
	unsigned long z_in_use;	     /* z_lock: elements allocated */
	unsigned long z_slabs;	     /* z_lock: slabs held */
	struct zone *z_next;	     /* zone_list_lock: zone_list link */
};

/* At the start of every slab; all fields guarded by the zone's z_lock. */
struct zone_slab {
	uint64_t zsl_magic; /* ZONE_SLAB_MAGIC while the zone owns it */
	struct zone *zsl_zone;
	struct zone_slab *zsl_next; /* z_partial links */
	struct zone_slab *zsl_prev;
	struct zone_free *zsl_free; /* free elements of this slab */
	unsigned long zsl_in_use;
};

/* The first bytes of a free element. */
struct zone_free {
	struct zone_free *zf_next;
	uint64_t zf_mark; /* ZONE_FREE_MARK */
};

#define ZONE_SLAB_HEADER \
	((sizeof(struct zone_slab) + ZONE_ALIGN - 1) & \
	 ~(size_t)(ZONE_ALIGN - 1))

static_assert(sizeof(struct zone_free) <= ZONE_ALIGN,
	      "a free element must fit in the smallest element");

static struct zone zone_zone = {
    .z_lock = SIMPLE_LOCK_INITIALIZER,
    .z_name = "zones",
    .z_elem_size =
	(sizeof(struct zone) + ZONE_ALIGN - 1) & ~(size_t)(ZONE_ALIGN - 1),
    .z_slab_order = 0,
    .z_per_slab =
	(PAGE_SIZE - ZONE_SLAB_HEADER) /
	((sizeof(struct zone) + ZONE_ALIGN - 1) & ~(size_t)(ZONE_ALIGN - 1)),
};

static simple_lock_data_t zone_list_lock = SIMPLE_LOCK_INITIALIZER;
static struct zone *zone_list = &zone_zone; /* zone_list_lock */

static inline size_t
zone_slab_size(const struct zone *zone)
{
	return PAGE_SIZE << zone->z_slab_order;
}

/* The smallest slab order that wastes at most an eighth of the slab. */
static unsigned int
zone_pick_slab_order(size_t elem_size)
{
	unsigned int order;
	size_t slab, waste;

	for (order = 0; order < ZONE_MAX_SLAB_ORDER; order++) {
		slab = PAGE_SIZE << order;
		if (elem_size <= slab - ZONE_SLAB_HEADER) {
			waste = (slab - ZONE_SLAB_HEADER) % elem_size;
			if (waste + ZONE_SLAB_HEADER <= slab / 8)
				break;
		}
	}
	return order;
}

static void
zone_partial_insert(struct zone *zone, struct zone_slab *slab)
{
	slab->zsl_prev = NULL;
	slab->zsl_next = zone->z_partial;
	if (zone->z_partial != NULL)
		zone->z_partial->zsl_prev = slab;
	zone->z_partial = slab;
}

static void
zone_partial_remove(struct zone *zone, struct zone_slab *slab)
{
	if (slab->zsl_prev != NULL)
		slab->zsl_prev->zsl_next = slab->zsl_next;
	else
		zone->z_partial = slab->zsl_next;
	if (slab->zsl_next != NULL)
		slab->zsl_next->zsl_prev = slab->zsl_prev;
	slab->zsl_next = NULL;
	slab->zsl_prev = NULL;
}

#ifdef MACH_CHECK
/* Fills a free element after its struct zone_free with ZONE_POISON. */
static void
zone_poison(const struct zone *zone, struct zone_free *elem)
{
	uint64_t *word = (uint64_t *)elem;

	for (size_t i = sizeof(*elem) / 8; i < zone->z_elem_size / 8; i++)
		word[i] = ZONE_POISON;
}

/*
 * The offset of the first word of the free element elem that is not as
 * zfree left it, with the first byte that differs in the poison, or -1
 * if all are: its link (to an element of slab, or NULL: the link is the
 * one word that changes while the element is free), its mark, and then
 * ZONE_POISON.
 */
static long
zone_poison_damage(const struct zone *zone, const struct zone_slab *slab,
		   const struct zone_free *elem)
{
	const uint64_t *word = (const uint64_t *)elem;
	uintptr_t next = (uintptr_t)elem->zf_next;
	uintptr_t first = (uintptr_t)slab + ZONE_SLAB_HEADER;

	if (next != 0 &&
	    (next < first || (next - first) % zone->z_elem_size != 0 ||
	     (next - first) / zone->z_elem_size >= zone->z_per_slab))
		return offsetof(struct zone_free, zf_next);
	if (elem->zf_mark != ZONE_FREE_MARK)
		return offsetof(struct zone_free, zf_mark);
	for (size_t i = sizeof(*elem) / 8; i < zone->z_elem_size / 8; i++)
		if (word[i] != ZONE_POISON) /* the lowest byte that differs */
			return i * 8 +
			       __builtin_ctzl(word[i] ^ ZONE_POISON) / 8;
	return -1;
}

/* Panics, after dropping the zone's lock, if elem was written while free. */
static void
zone_check_poison_locked(struct zone *zone, const struct zone_slab *slab,
			 const struct zone_free *elem)
{
	long offset = zone_poison_damage(zone, slab, elem);

	if (offset < 0)
		return;
	simple_unlock(&zone->z_lock);
	panic("zalloc: zone %s: element %p written after free (at offset "
	      "%ld)",
	      zone->z_name, (const void *)elem, offset);
}
#else
static inline void
zone_poison(const struct zone *zone, struct zone_free *elem)
{
	(void)zone, (void)elem;
}

static inline void
zone_check_poison_locked(struct zone *zone, const struct zone_slab *slab,
			 const struct zone_free *elem)
{
	(void)zone, (void)slab, (void)elem;
}
#endif

/*
 * Takes a new slab from vm_page, cuts it into free elements and puts it
 * on z_partial.  Returns NULL if vm_page has no block.
 */
static struct zone_slab *
zone_slab_create_locked(struct zone *zone)
{
	struct zone_slab *slab;
	struct zone_free *elem;
	char *base;
	unsigned int i;

	assert(simple_lock_held(&zone->z_lock));

	slab = vm_page_alloc_kva(zone->z_slab_order);
	if (slab == NULL)
		return NULL;
	slab->zsl_magic = ZONE_SLAB_MAGIC;
	slab->zsl_zone = zone;
	slab->zsl_free = NULL;
	slab->zsl_in_use = 0;
	base = (char *)slab + ZONE_SLAB_HEADER;
	for (i = zone->z_per_slab; i-- > 0;) {
		elem = (struct zone_free *)(base + i * zone->z_elem_size);
		zone_poison(zone, elem);
		elem->zf_mark = ZONE_FREE_MARK;
		elem->zf_next = slab->zsl_free;
		slab->zsl_free = elem;
	}
	zone_partial_insert(zone, slab);
	zone->z_slabs++;
	return slab;
}

/* Gives an empty slab back to vm_page. */
static void
zone_slab_destroy_locked(struct zone *zone, struct zone_slab *slab)
{
	assert(simple_lock_held(&zone->z_lock));
	assert(slab->zsl_in_use == 0);

	zone_partial_remove(zone, slab);
	slab->zsl_magic = 0;
	slab->zsl_zone = NULL;
	zone->z_slabs--;
	vm_page_free_kva(slab, zone->z_slab_order);
}

/*
 * Returns a new element of zone, not cleared, or NULL when a new slab is
 * needed and vm_page has none.  Takes and releases the zone's lock (and,
 * inside it, vm_page's).
 */
void *
zalloc(struct zone *zone)
{
	struct zone_slab *slab;
	struct zone_free *elem;

	assert(zone != NULL);
	if (failalloc_fail(FAILALLOC_ZONE))
		return NULL;

	simple_lock(&zone->z_lock);
	slab = zone->z_partial;
	if (slab == NULL)
		slab = zone_slab_create_locked(zone);
	if (slab == NULL) {
		simple_unlock(&zone->z_lock);
		return NULL;
	}
	elem = slab->zsl_free;
	zone_check_poison_locked(zone, slab, elem);
	slab->zsl_free = elem->zf_next;
	if (slab->zsl_free == NULL)
		zone_partial_remove(zone, slab);
	slab->zsl_in_use++;
	zone->z_in_use++;
	elem->zf_mark = 0;
	simple_unlock(&zone->z_lock);
	return elem;
}

/*
 * The slab of zone holding element, after checking that element is an
 * element boundary of a slab this zone owns; panics otherwise.  Reads
 * only the header, which the zone's lock guards.
 */
static struct zone_slab *
zone_slab_of_locked(struct zone *zone, void *element)
{
	uintptr_t addr = (uintptr_t)element, offset;
	struct zone_slab *slab;

	assert(simple_lock_held(&zone->z_lock));

	slab = (struct zone_slab *)(addr & ~(zone_slab_size(zone) - 1));
	offset = addr - (uintptr_t)slab;
	if (slab->zsl_magic != ZONE_SLAB_MAGIC || slab->zsl_zone != zone ||
	    offset < ZONE_SLAB_HEADER ||
	    (offset - ZONE_SLAB_HEADER) % zone->z_elem_size != 0 ||
	    (offset - ZONE_SLAB_HEADER) / zone->z_elem_size >=
		zone->z_per_slab) {
		simple_unlock(&zone->z_lock);
		panic("zfree: %p is not an element of zone %s", element,
		      zone->z_name);
	}
	return slab;
}

/* Panics if elem is on slab's free list. */
static void
zone_check_not_free_locked(struct zone *zone, struct zone_slab *slab,
			   struct zone_free *elem)
{
	struct zone_free *f;

	assert(simple_lock_held(&zone->z_lock));

	if (elem->zf_mark != ZONE_FREE_MARK)
		return;
	for (f = slab->zsl_free; f != NULL; f = f->zf_next) {
		if (f == elem) {
			simple_unlock(&zone->z_lock);
			panic("zfree: double free of %p in zone %s",
			      (void *)elem, zone->z_name);
		}
	}
}

/*
 * Returns element to zone; if that empties its slab, the slab goes back
 * to vm_page.  Takes and releases the zone's lock (and, inside it,
 * vm_page's).  Panics, after dropping the lock, if element is not an
 * element of zone or is free already.
 */
void
zfree(struct zone *zone, void *element)
{
	struct zone_slab *slab;
	struct zone_free *elem = element;

	assert(zone != NULL);
	assert(element != NULL);

	simple_lock(&zone->z_lock);
	slab = zone_slab_of_locked(zone, element);
	zone_check_not_free_locked(zone, slab, elem);
	if (slab->zsl_free == NULL)
		zone_partial_insert(zone, slab);
	zone_poison(zone, elem);
	elem->zf_next = slab->zsl_free;
	elem->zf_mark = ZONE_FREE_MARK;
	slab->zsl_free = elem;
	slab->zsl_in_use--;
	zone->z_in_use--;
	if (slab->zsl_in_use == 0 && zone->z_slabs > 1)
		zone_slab_destroy_locked(zone, slab);
	simple_unlock(&zone->z_lock);
}

/*
 * Creates a zone for elements of elem_size bytes, rounded up to a
 * multiple of 16 (the element alignment); name is kept by reference.
 * Needs vm_page_bootstrap done.  Takes zone_zone's lock, then
 * zone_list_lock, one after the other.  Returns NULL if no memory.
 * Panics if elem_size is larger than a page.
 */
struct zone *
zone_create(const char *name, size_t elem_size)
{
	struct zone *zone;

	assert(name != NULL);
	if (elem_size > PAGE_SIZE)
		panic("zone_create: %s: elements of %lu bytes are larger "
		      "than a page",
		      name, (unsigned long)elem_size);

	zone = zalloc(&zone_zone);
	if (zone == NULL)
		return NULL;
	simple_lock_init(&zone->z_lock);
	zone->z_name = name;
	if (elem_size == 0)
		elem_size = 1;
	zone->z_elem_size =
	    (elem_size + ZONE_ALIGN - 1) & ~(size_t)(ZONE_ALIGN - 1);
	zone->z_slab_order = zone_pick_slab_order(zone->z_elem_size);
	zone->z_per_slab =
	    (zone_slab_size(zone) - ZONE_SLAB_HEADER) / zone->z_elem_size;
	zone->z_partial = NULL;
	zone->z_in_use = 0;
	zone->z_slabs = 0;

	simple_lock(&zone_list_lock);
	zone->z_next = zone_list;
	zone_list = zone;
	simple_unlock(&zone_list_lock);
	return zone;
}

/* Fills *info with zone's counts.  Takes and releases the zone's lock. */
void
zone_info(struct zone *zone, struct zone_info *info)
{
	assert(zone != NULL);
	assert(info != NULL);

	simple_lock(&zone->z_lock);
	info->zi_name = zone->z_name;
	info->zi_elem_size = zone->z_elem_size;
	info->zi_in_use = zone->z_in_use;
	info->zi_pages = zone->z_slabs << zone->z_slab_order;
	simple_unlock(&zone->z_lock);
}

/*
 * Adds up the counts of every zone, the zone of zones included.  Takes
 * zone_list_lock, and each zone's lock in turn inside it.
 */
void
zone_statistics(struct zone_statistics *stats)
{
	struct zone *zone;

	assert(stats != NULL);

	stats->zs_zones = 0;
	stats->zs_in_use = 0;
	stats->zs_bytes = 0;
	simple_lock(&zone_list_lock);
	for (zone = zone_list; zone != NULL; zone = zone->z_next) {
		simple_lock(&zone->z_lock);
		stats->zs_zones++;
		stats->zs_in_use += zone->z_in_use;
		stats->zs_bytes += zone->z_slabs * zone_slab_size(zone);
		simple_unlock(&zone->z_lock);
	}
	simple_unlock(&zone_list_lock);
}
