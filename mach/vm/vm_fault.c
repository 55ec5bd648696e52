/*
 * Page faults (see vm/vm_fault.h).
 */
#include <kern/debug.h>
#include <kern/string.h>
#include <vm/pmap.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

static struct vm_fault_statistics vm_fault_stats; /* vm_object_lock */

/*
 * Before a write through entry: gives it an object, and its own shadow
 * object if it is a pending copy whose object others still hold (if
 * nobody else does, the copy is already its own).  Map locked.
 */
static kern_return_t
vm_fault_prepare_entry_locked(struct vm_map_entry *entry, vm_prot_t access)
{
	vm_size_t size = entry->vme_end - entry->vme_start;

	if (entry->vme_object == NULL) {
		entry->vme_object = vm_object_create(size);
		entry->vme_offset = 0;
		if (entry->vme_object == NULL)
			return KERN_RESOURCE_SHORTAGE;
	}
	if (!(access & VM_PROT_WRITE) ||
	    !(entry->vme_flags & VM_MAP_ENTRY_NEEDS_COPY))
		return KERN_SUCCESS;
	kern_return_t kr = KERN_SUCCESS;
	simple_lock(&vm_object_lock);
	if (entry->vme_object->vo_ref_count > 1) {
		struct vm_object *shadow = vm_object_shadow_locked(
		    entry->vme_object, entry->vme_offset, size);
		if (shadow != NULL) {
			entry->vme_object = shadow;
			entry->vme_offset = 0;
		} else {
			kr = KERN_RESOURCE_SHORTAGE;
		}
	}
	if (kr == KERN_SUCCESS)
		entry->vme_flags &= ~VM_MAP_ENTRY_NEEDS_COPY;
	simple_unlock(&vm_object_lock);
	return kr;
}

/* A new page of object at offset, zero-filled or a copy of from. */
static struct vm_page *
vm_fault_new_page_locked(struct vm_object *object, vm_offset_t offset,
			 struct vm_page *from)
{
	struct vm_page *page = vm_page_alloc(0);

	if (page == NULL)
		return NULL;
	void *kva = phystokv(vm_page_to_phys(page));
	if (from != NULL) {
		memcpy(kva, phystokv(vm_page_to_phys(from)), PAGE_SIZE);
		vm_fault_stats.vfs_cow_faults++;
	} else {
		memset(kva, 0, PAGE_SIZE);
		vm_fault_stats.vfs_zero_fill++;
	}
	vm_object_page_insert_locked(object, offset, page);
	return page;
}

/*
 * The page for access at offset of entry's object: found down the
 * chain, made zero, or (a write to a page below the entry's own object)
 * copied up.  *shared says the page is not the entry's own to write.
 */
static struct vm_page *
vm_fault_resolve_locked(struct vm_map_entry *entry, vm_offset_t offset,
			vm_prot_t access, boolean_t *shared)
{
	struct vm_object *top = entry->vme_object;
	int depth;

	vm_object_collapse_locked(top);
	struct vm_page *page = vm_object_page_find_locked(top, offset, &depth);
	if (page == NULL) {
		page = vm_fault_new_page_locked(top, offset, NULL);
		depth = 0;
	} else if (depth > 0 && (access & VM_PROT_WRITE)) {
		struct vm_page *old = page;
		page = vm_fault_new_page_locked(top, offset, old);
		/* Others mapping top must now see the copy too. */
		if (page != NULL && top->vo_ref_count > 1 &&
		    old->vmp_pv != NULL)
			pmap_page_protect(vm_page_to_phys(old), VM_PROT_NONE);
		depth = 0;
	}
	*shared = depth > 0 || (entry->vme_flags & VM_MAP_ENTRY_NEEDS_COPY);
	return page;
}

kern_return_t
vm_fault_page_locked(struct vm_map *map, vm_offset_t va, vm_prot_t access,
		     boolean_t force, struct vm_page **pagep)
{
	struct vm_map_entry *entry = vm_map_lookup_entry_locked(map, va);

	if (entry == NULL)
		return KERN_INVALID_ADDRESS;
	if (!force && (access & ~entry->vme_protection))
		return KERN_PROTECTION_FAILURE;
	kern_return_t kr = vm_fault_prepare_entry_locked(entry, access);
	if (kr != KERN_SUCCESS)
		return kr;

	vm_offset_t page_va = trunc_page(va);
	vm_offset_t offset = entry->vme_offset + (page_va - entry->vme_start);
	boolean_t shared;
	simple_lock(&vm_object_lock);
	struct vm_page *page =
	    vm_fault_resolve_locked(entry, offset, access, &shared);
	vm_prot_t prot = entry->vme_protection;
	if (shared)
		prot &= ~VM_PROT_WRITE;
	if (page == NULL)
		kr = KERN_RESOURCE_SHORTAGE;
	else if (prot != VM_PROT_NONE)
		kr = pmap_enter(map->vm_pmap, page_va, vm_page_to_phys(page),
				prot);
	if (kr == KERN_SUCCESS)
		vm_fault_stats.vfs_faults++;
	simple_unlock(&vm_object_lock);
	*pagep = page;
	return kr;
}

kern_return_t
vm_fault(struct vm_map *map, vm_offset_t va, vm_prot_t access)
{
	struct vm_page *page;

	simple_lock(&map->vm_lock);
	kern_return_t kr = vm_fault_page_locked(map, va, access, FALSE, &page);
	simple_unlock(&map->vm_lock);
	return kr;
}

void
vm_fault_statistics(struct vm_fault_statistics *stats)
{
	simple_lock(&vm_object_lock);
	*stats = vm_fault_stats;
	simple_unlock(&vm_object_lock);
}
