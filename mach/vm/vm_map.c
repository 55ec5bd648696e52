/*
 * Address maps (see vm/vm_map.h): the entry store's ranges given
 * objects, protections and inheritance, and kept in step with the pmap,
 * which only ever holds what faults have entered.
 */
#include <kern/debug.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <vm/pmap.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pager.h>

static struct zone *vm_map_zone;
static struct zone *vm_map_entry_zone;

static unsigned long vm_map_entries; /* allocated; atomic */

struct vm_map_entry *
vm_map_entry_zone_alloc(void)
{
	struct vm_map_entry *entry = zalloc(vm_map_entry_zone);

	if (entry != NULL)
		__atomic_add_fetch(&vm_map_entries, 1, __ATOMIC_RELAXED);
	return entry;
}

void
vm_map_entry_zone_free(struct vm_map_entry *entry)
{
	zfree(vm_map_entry_zone, entry);
	__atomic_sub_fetch(&vm_map_entries, 1, __ATOMIC_RELAXED);
}

unsigned long
vm_map_entry_count(void)
{
	return __atomic_load_n(&vm_map_entries, __ATOMIC_RELAXED);
}

/* Clips and merges take and drop object references through these; they
 * run with the map's lock held and vm_object_lock free. */
static const struct vm_map_entry_hooks vm_map_entry_hooks = {
    .vmeh_alloc = vm_map_entry_zone_alloc,
    .vmeh_free = vm_map_entry_zone_free,
    .vmeh_object_reference = vm_object_reference,
    .vmeh_object_release = vm_object_deallocate,
};

void
vm_map_bootstrap(void)
{
	vm_object_bootstrap();
	vm_map_zone = zone_create("vm map", sizeof(struct vm_map));
	vm_map_entry_zone =
	    zone_create("vm map entry", sizeof(struct vm_map_entry));
	if (vm_map_zone == NULL || vm_map_entry_zone == NULL)
		panic("vm_map_bootstrap: no memory for the map zones");
}

struct vm_map *
vm_map_create(struct pmap *pmap)
{
	struct vm_map *map = zalloc(vm_map_zone);

	if (map == NULL)
		return NULL;
	simple_lock_init(&map->vm_lock);
	vm_map_entry_header_init(&map->vm_header, USER_MIN_ADDRESS,
				 USER_MAX_ADDRESS, &vm_map_entry_hooks);
	map->vm_pmap = pmap;
	map->vm_size = 0;
	return map;
}

void
vm_map_entries_free(struct vm_map_entry *list)
{
	while (list != NULL) {
		struct vm_map_entry *next = list->vme_link;
		vm_object_deallocate(list->vme_object);
		vm_map_entry_zone_free(list);
		list = next;
	}
}

/*
 * How other holds removed's object, as far as trimming is concerned:
 * 0 not at all, 1 through a disjoint part of it, -1 through the same
 * pages (a copy of them in the same map).
 */
static int
vm_map_trim_holder(const struct vm_map_entry *removed,
		   const struct vm_map_entry *other)
{
	if (other == NULL || other->vme_object != removed->vme_object)
		return 0;
	vm_offset_t start = removed->vme_offset;
	vm_offset_t end = start + (removed->vme_end - removed->vme_start);
	vm_offset_t o_start = other->vme_offset;
	vm_offset_t o_end = o_start + (other->vme_end - other->vme_start);
	return o_end <= start || o_start >= end ? 1 : -1;
}

/*
 * Frees the pages of removed's range in its object when nothing else can
 * reach them: the object's only other holders are before and after,
 * other parts of the same memory left in the map (deallocating part of
 * a region).  Map locked.
 */
static void
vm_map_trim_object_locked(struct vm_map_entry *removed,
			  struct vm_map_entry *before,
			  struct vm_map_entry *after)
{
	struct vm_object *object = removed->vme_object;
	int below = vm_map_trim_holder(removed, before);
	int above = vm_map_trim_holder(removed, after);

	if (object == NULL || below < 0 || above < 0 || below + above == 0)
		return;
	if (vm_object_external(object))
		return; /* its pages are its pager's data */
	simple_lock(&vm_object_lock);
	if (object->vo_ref_count == (unsigned int)(1 + below + above))
		vm_object_page_remove_locked(
		    object, removed->vme_offset,
		    removed->vme_offset +
			(removed->vme_end - removed->vme_start));
	simple_unlock(&vm_object_lock);
}

/* Takes [start, end) out of the map and the pmap; returns the entries
 * taken (to free with no lock held), or an error (nothing changed). */
static kern_return_t
vm_map_take_range_locked(struct vm_map *map, vm_offset_t start, vm_offset_t end,
			 struct vm_map_entry **removed)
{
	kern_return_t kr =
	    vm_map_entry_remove_range(&map->vm_header, start, end, removed);

	if (kr != KERN_SUCCESS)
		return kr;
	struct vm_map_entry *before, *after;
	vm_map_entry_lookup(&map->vm_header, start, &before);
	after = before != NULL ? vm_map_entry_next(before)
			       : vm_map_entry_first(&map->vm_header);
	for (struct vm_map_entry *e = *removed; e != NULL; e = e->vme_link) {
		pmap_remove(map->vm_pmap, e->vme_start, e->vme_end);
		map->vm_size -= e->vme_end - e->vme_start;
		vm_map_trim_object_locked(e, before, after);
	}
	return KERN_SUCCESS;
}

void
vm_map_destroy(struct vm_map *map)
{
	struct vm_map_entry *removed = NULL;

	simple_lock(&map->vm_lock);
	kern_return_t kr = vm_map_take_range_locked(map, USER_MIN_ADDRESS,
						    USER_MAX_ADDRESS, &removed);
	assert(kr == KERN_SUCCESS); /* nothing straddles the whole space */
	simple_unlock(&map->vm_lock);
	vm_map_entries_free(removed);
	vm_pager_flush();
	pmap_destroy(map->vm_pmap);
	zfree(vm_map_zone, map);
}

static boolean_t
vm_map_range_ok(vm_offset_t start, vm_size_t size)
{
	return (start & PAGE_MASK) == 0 && (size & PAGE_MASK) == 0 &&
	       start >= USER_MIN_ADDRESS && start < USER_MAX_ADDRESS &&
	       size <= USER_MAX_ADDRESS - start;
}

kern_return_t
vm_map_enter(struct vm_map *map, vm_offset_t *addr, vm_size_t size,
	     vm_offset_t mask, boolean_t anywhere, struct vm_object *object,
	     vm_offset_t offset, boolean_t needs_copy, vm_prot_t prot,
	     vm_prot_t max_prot, vm_inherit_t inheritance)
{
	if (size == 0 || (size & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	if ((prot & ~max_prot) || (max_prot & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	if (!anywhere && !vm_map_range_ok(*addr, size))
		return KERN_INVALID_ADDRESS;
	struct vm_map_entry *entry = vm_map_entry_alloc(&map->vm_header);
	if (entry == NULL)
		return KERN_RESOURCE_SHORTAGE;

	simple_lock(&map->vm_lock);
	kern_return_t kr = KERN_SUCCESS;
	if (anywhere)
		kr = vm_map_entry_find_space(&map->vm_header, size, mask, *addr,
					     addr);
	if (kr == KERN_SUCCESS) {
		entry->vme_start = *addr;
		entry->vme_end = *addr + size;
		entry->vme_object = object;
		entry->vme_offset = object != NULL ? offset : 0;
		entry->vme_protection = prot;
		entry->vme_max_protection = max_prot;
		entry->vme_inheritance = inheritance;
		entry->vme_flags = needs_copy ? VM_MAP_ENTRY_NEEDS_COPY : 0;
		kr = vm_map_entry_link(&map->vm_header, entry);
	}
	if (kr == KERN_SUCCESS) {
		map->vm_size += size;
		if (object == NULL) /* successive allocations make one */
			vm_map_entry_coalesce(&map->vm_header, entry);
	}
	simple_unlock(&map->vm_lock);
	if (kr != KERN_SUCCESS)
		vm_map_entry_free(&map->vm_header, entry);
	return kr;
}

kern_return_t
vm_map_remove(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *removed = NULL;

	simple_lock(&map->vm_lock);
	kern_return_t kr = vm_map_take_range_locked(map, start, end, &removed);
	simple_unlock(&map->vm_lock);
	vm_map_entries_free(removed);
	vm_pager_flush();
	return kr;
}

struct vm_map_entry *
vm_map_lookup_entry_locked(struct vm_map *map, vm_offset_t addr)
{
	struct vm_map_entry *entry;

	if (!vm_map_entry_lookup(&map->vm_header, addr, &entry))
		return NULL;
	return entry;
}

kern_return_t
vm_map_range_check_locked(struct vm_map *map, vm_offset_t start,
			  vm_offset_t end, vm_prot_t need)
{
	struct vm_map_entry *entry = vm_map_lookup_entry_locked(map, start);
	kern_return_t kr = KERN_SUCCESS;

	for (; entry != NULL; entry = vm_map_entry_next(entry)) {
		if ((entry->vme_protection & need) != need)
			kr = KERN_PROTECTION_FAILURE;
		if (entry->vme_end >= end)
			return kr;
		struct vm_map_entry *next = vm_map_entry_next(entry);
		if (next == NULL || next->vme_start != entry->vme_end)
			break;
	}
	return KERN_INVALID_ADDRESS;
}

/* The first entry meeting [start, end), or NULL. */
static struct vm_map_entry *
vm_map_first_in_range_locked(struct vm_map *map, vm_offset_t start,
			     vm_offset_t end)
{
	struct vm_map_entry *entry;

	if (!vm_map_entry_lookup(&map->vm_header, start, &entry))
		entry = entry != NULL ? vm_map_entry_next(entry)
				      : vm_map_entry_first(&map->vm_header);
	return entry != NULL && entry->vme_start < end ? entry : NULL;
}

/* Whether every entry of the mapped range [start, end) allows prot as
 * its maximum. */
static boolean_t
vm_map_within_max_locked(struct vm_map *map, vm_offset_t start, vm_offset_t end,
			 vm_prot_t prot)
{
	for (struct vm_map_entry *e =
		 vm_map_first_in_range_locked(map, start, end);
	     e != NULL && e->vme_start < end; e = vm_map_entry_next(e))
		if (prot & ~e->vme_max_protection)
			return FALSE;
	return TRUE;
}

kern_return_t
vm_map_protect(struct vm_map *map, vm_offset_t start, vm_offset_t end,
	       vm_prot_t prot, boolean_t set_max)
{
	simple_lock(&map->vm_lock);
	kern_return_t kr =
	    vm_map_range_check_locked(map, start, end, VM_PROT_NONE);
	if (kr == KERN_SUCCESS &&
	    !vm_map_within_max_locked(map, start, end, prot))
		kr = KERN_PROTECTION_FAILURE; /* a maximum is only lowered */
	if (kr == KERN_SUCCESS)
		kr = vm_map_entry_clip_range(&map->vm_header, start, end);
	if (kr != KERN_SUCCESS) {
		simple_unlock(&map->vm_lock);
		return kr;
	}
	for (struct vm_map_entry *e = vm_map_lookup_entry_locked(map, start);
	     e != NULL && e->vme_start < end; e = vm_map_entry_next(e)) {
		if (set_max) {
			e->vme_max_protection = prot;
			e->vme_protection &= prot;
		} else {
			e->vme_protection = prot;
		}
		/* Lowered now; raised by the faults that need more. */
		pmap_protect(map->vm_pmap, e->vme_start, e->vme_end,
			     e->vme_protection);
	}
	simple_unlock(&map->vm_lock);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_inherit(struct vm_map *map, vm_offset_t start, vm_offset_t end,
	       vm_inherit_t inheritance)
{
	simple_lock(&map->vm_lock);
	kern_return_t kr = vm_map_entry_clip_range(&map->vm_header, start, end);
	if (kr == KERN_SUCCESS)
		for (struct vm_map_entry *e =
			 vm_map_first_in_range_locked(map, start, end);
		     e != NULL && e->vme_start < end; e = vm_map_entry_next(e))
			e->vme_inheritance = inheritance;
	simple_unlock(&map->vm_lock);
	return kr;
}

kern_return_t
vm_map_region(struct vm_map *map, vm_offset_t addr,
	      struct vm_map_region_info *info)
{
	simple_lock(&map->vm_lock);
	struct vm_map_entry *e =
	    vm_map_first_in_range_locked(map, addr, USER_MAX_ADDRESS);
	if (e == NULL) {
		simple_unlock(&map->vm_lock);
		return KERN_NO_SPACE;
	}
	info->vri_start = e->vme_start;
	info->vri_size = e->vme_end - e->vme_start;
	info->vri_protection = e->vme_protection;
	info->vri_max_protection = e->vme_max_protection;
	info->vri_inheritance = e->vme_inheritance;
	info->vri_offset = e->vme_offset;
	simple_lock(&vm_object_lock);
	info->vri_shared =
	    e->vme_object != NULL && e->vme_object->vo_ref_count > 1;
	simple_unlock(&vm_object_lock);
	simple_unlock(&map->vm_lock);
	return KERN_SUCCESS;
}

/*
 * Gives entry an object of its own if it has none, so that it can be
 * shared; and if it was a pending copy, its own shadow, so that sharing
 * it does not share the copy's source.  Map locked, object lock free.
 */
static kern_return_t
vm_map_entry_make_shareable_locked(struct vm_map_entry *entry)
{
	vm_size_t size = entry->vme_end - entry->vme_start;

	if (entry->vme_object == NULL) {
		entry->vme_object = vm_object_create(size);
		entry->vme_offset = 0;
		return entry->vme_object != NULL ? KERN_SUCCESS
						 : KERN_RESOURCE_SHORTAGE;
	}
	if (!(entry->vme_flags & VM_MAP_ENTRY_NEEDS_COPY))
		return KERN_SUCCESS;
	simple_lock(&vm_object_lock);
	struct vm_object *shadow =
	    vm_object_shadow_locked(entry->vme_object, entry->vme_offset, size);
	simple_unlock(&vm_object_lock);
	if (shadow == NULL)
		return KERN_RESOURCE_SHORTAGE;
	entry->vme_object = shadow;
	entry->vme_offset = 0;
	entry->vme_flags &= ~VM_MAP_ENTRY_NEEDS_COPY;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_entry_copy_locked(struct pmap *pmap, struct vm_map_entry *entry,
			 struct vm_map_entry *copy)
{
	copy->vme_object = entry->vme_object;
	copy->vme_offset = entry->vme_offset;
	copy->vme_flags = 0;
	if (entry->vme_object == NULL)
		return KERN_SUCCESS; /* zero memory: so is its copy */
	boolean_t pending = entry->vme_flags & VM_MAP_ENTRY_NEEDS_COPY;
	struct vm_object *object = entry->vme_object;
	simple_lock(&vm_object_lock);
	if (!pending &&
	    (object->vo_ref_count > 1 || vm_object_external(object))) {
		/* Shared, or a pager's: others write to the object itself. */
		copy->vme_object = vm_object_copy_delay_locked(
		    object, entry->vme_offset,
		    entry->vme_end - entry->vme_start);
		copy->vme_offset = 0;
		simple_unlock(&vm_object_lock);
		return copy->vme_object != NULL ? KERN_SUCCESS
						: KERN_RESOURCE_SHORTAGE;
	}
	vm_object_reference_locked(object);
	simple_unlock(&vm_object_lock);
	if (!pending) {
		entry->vme_flags |= VM_MAP_ENTRY_NEEDS_COPY;
		pmap_protect(pmap, entry->vme_start, entry->vme_end,
			     entry->vme_protection & ~VM_PROT_WRITE);
	}
	copy->vme_flags = VM_MAP_ENTRY_NEEDS_COPY;
	return KERN_SUCCESS;
}

/* Adds to child the parent's entry as it inherits it.  Both maps locked. */
static kern_return_t
vm_map_fork_entry_locked(struct vm_map *parent, struct vm_map_entry *entry,
			 struct vm_map *child)
{
	struct vm_map_entry *copy = vm_map_entry_alloc(&child->vm_header);

	if (copy == NULL)
		return KERN_RESOURCE_SHORTAGE;
	copy->vme_start = entry->vme_start;
	copy->vme_end = entry->vme_end;
	copy->vme_protection = entry->vme_protection;
	copy->vme_max_protection = entry->vme_max_protection;
	copy->vme_inheritance = entry->vme_inheritance;
	if (entry->vme_inheritance == VM_INHERIT_SHARE) {
		kern_return_t kr = vm_map_entry_make_shareable_locked(entry);
		if (kr != KERN_SUCCESS) {
			vm_map_entry_free(&child->vm_header, copy);
			return kr;
		}
		vm_object_reference(entry->vme_object);
		copy->vme_object = entry->vme_object;
		copy->vme_offset = entry->vme_offset;
	} else {
		kern_return_t kr =
		    vm_map_entry_copy_locked(parent->vm_pmap, entry, copy);
		if (kr != KERN_SUCCESS) {
			vm_map_entry_free(&child->vm_header, copy);
			return kr;
		}
	}
	kern_return_t kr = vm_map_entry_link(&child->vm_header, copy);
	assert(kr == KERN_SUCCESS); /* the child's map is a subset */
	child->vm_size += copy->vme_end - copy->vme_start;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_fork(struct vm_map *parent, struct vm_map *child)
{
	kern_return_t kr = KERN_SUCCESS;

	simple_lock(&parent->vm_lock);
	simple_lock(&child->vm_lock); /* new: nobody else can hold it */
	for (struct vm_map_entry *e = vm_map_entry_first(&parent->vm_header);
	     e != NULL && kr == KERN_SUCCESS; e = vm_map_entry_next(e))
		if (e->vme_inheritance != VM_INHERIT_NONE)
			kr = vm_map_fork_entry_locked(parent, e, child);
	simple_unlock(&child->vm_lock);
	simple_unlock(&parent->vm_lock);
	return kr;
}

/*
 * entry's last wiring went: its mappings are no longer wired, and its
 * pages that pageout took off the queues (vm/vm_pageout.c) and that no
 * other wired mapping holds go back on the active queue.  Costs a
 * look-up per page of the entry.  The map's lock held.
 */
static void
vm_map_unwire_entry_locked(struct vm_map *map, struct vm_map_entry *entry)
{
	pmap_unwire(map->vm_pmap, entry->vme_start, entry->vme_end);
	simple_lock(&vm_object_lock);
	for (vm_offset_t va = entry->vme_start; va < entry->vme_end;
	     va += PAGE_SIZE) {
		phys_addr_t pa = pmap_extract(map->vm_pmap, va);
		struct vm_page *page = pa != 0 ? vm_page_lookup(pa) : NULL;
		if (page != NULL && page->vmp_object != NULL &&
		    page->vmp_queue == VM_PAGE_QUEUE_NONE &&
		    !pmap_page_wired(pa))
			vm_object_queue_move_locked(page, VM_PAGE_QUEUE_ACTIVE);
	}
	simple_unlock(&vm_object_lock);
}

kern_return_t
vm_map_wire(struct vm_map *map, vm_offset_t start, vm_offset_t end,
	    vm_prot_t access)
{
	simple_lock(&map->vm_lock);
	kern_return_t kr = vm_map_range_check_locked(map, start, end, access);
	if (kr == KERN_SUCCESS)
		kr = vm_map_entry_clip_range(&map->vm_header, start, end);
	for (struct vm_map_entry *e = vm_map_lookup_entry_locked(map, start);
	     kr == KERN_SUCCESS && e != NULL && e->vme_start < end;
	     e = vm_map_entry_next(e)) {
		if (access != VM_PROT_NONE)
			e->vme_wired_count++;
		else if (e->vme_wired_count > 0 && --e->vme_wired_count == 0)
			vm_map_unwire_entry_locked(map, e);
	}
	simple_unlock(&map->vm_lock);
	return kr;
}
