/*
 * Page faults (see vm/vm_fault.h).
 */
#include <kern/debug.h>
#include <kern/string.h>
#include <kern/wait.h>
#include <machine/cpu.h>
#include <vm/pmap.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_pager.h>

static struct vm_fault_statistics vm_fault_stats; /* vm_object_lock */

/* A try that must wait for a pager, then try again (never returned out
 * of this file as such: a pager's error of the same value may be, told
 * apart by the wait filled in, vm_fault_page_lock). */
#define VM_FAULT_WAIT ((kern_return_t)-1)

/* How long vm_fault_object_page_lock waits for a free page before it
 * tries again (the trap handler's wait, x86_64/trap.c). */
#define VM_FAULT_PAGE_WAIT_MS 10

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
	/* (A pager's object is never a private copy: the pager has it.) */
	if (entry->vme_object->vo_ref_count > 1 ||
	    vm_object_external(entry->vme_object)) {
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
	struct vm_page *page = vm_pageout_page_alloc();

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
 * Finds the page at offset down top's chain: *pagep (NULL: zero, no
 * page anywhere) and *holder, the object holding it.  The first object
 * with a pager and no page there is asked for it: a busy page takes its
 * place and *wait is filled in (VM_FAULT_WAIT), as it is for a page
 * still busy.  A page in error is freed and its error returned.
 */
static kern_return_t
vm_fault_find_locked(struct vm_object *top, vm_offset_t offset,
		     vm_prot_t access, struct vm_page **pagep,
		     struct vm_object **holder, struct vm_pager_wait *wait)
{
	for (struct vm_object *object = top; object != NULL;
	     offset += object->vo_shadow_offset, object = object->vo_shadow) {
		struct vm_page *page =
		    vm_object_page_lookup_locked(object, offset);
		/* (Anonymous memory asks the default pager only for the
		 * pages it gave it.) */
		if (page == NULL &&
		    (object->vo_pager == IP_NULL ||
		     (object->vo_internal &&
		      !vm_object_existence_test_locked(object, offset))))
			continue;
		if (page != NULL && page->vmp_error) {
			kern_return_t kr = page->vmp_error;
			vm_object_page_free_locked(
			    page); /* the next may retry */
			return kr;
		}
		if (page != NULL && !page->vmp_busy) {
			*pagep = page;
			*holder = object;
			return KERN_SUCCESS;
		}
		if (object->vo_pager_error != KERN_SUCCESS)
			return object->vo_pager_error;
		/* (wait->pw_object is set only for a wait: it tells an
		 * error from a wait.) */
		wait->pw_request = FALSE;
		if (page == NULL && object->vo_ready) {
			page = vm_pageout_page_alloc();
			if (page == NULL)
				return KERN_RESOURCE_SHORTAGE;
			page->vmp_busy = 1;
			vm_object_page_insert_locked(object, offset, page);
			wait->pw_request = TRUE;
		}
		wait->pw_object = object;
		wait->pw_offset = offset;
		wait->pw_access = access;
		vm_object_reference_locked(object);
		return VM_FAULT_WAIT;
	}
	*pagep = NULL;
	*holder = NULL;
	return KERN_SUCCESS;
}

/*
 * The page for access at offset of entry's object: found down the
 * chain, made zero, or (a write to a page below the entry's own object)
 * copied up; before a write to memory that has copies, pushed into them.
 * *shared says the page is not the entry's own to write (yet).
 */
static kern_return_t
vm_fault_resolve_locked(struct vm_map_entry *entry, vm_offset_t offset,
			vm_prot_t access, struct vm_page **pagep,
			boolean_t *shared, struct vm_pager_wait *wait)
{
	struct vm_object *top = entry->vme_object, *holder;
	struct vm_page *page;

	vm_object_collapse_locked(top);
	kern_return_t kr =
	    vm_fault_find_locked(top, offset, access, &page, &holder, wait);
	if (kr != KERN_SUCCESS)
		return kr;
	if (page == NULL) {
		page = vm_fault_new_page_locked(top, offset, NULL);
		holder = top;
	} else if (holder != top && (access & VM_PROT_WRITE)) {
		struct vm_page *old = page;
		page = vm_fault_new_page_locked(top, offset, old);
		/* Others mapping top must now see the copy too. */
		if (page != NULL && top->vo_ref_count > 1 &&
		    old->vmp_pv != NULL)
			pmap_page_protect(vm_page_to_phys(old), VM_PROT_NONE);
		holder = top;
	}
	if (page == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if ((access & VM_PROT_WRITE) && holder->vo_copies != NULL) {
		kr = vm_object_push_locked(holder, page);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	*shared = holder != top ||
		  (entry->vme_flags & VM_MAP_ENTRY_NEEDS_COPY) ||
		  (holder->vo_copies != NULL && !(access & VM_PROT_WRITE));
	*pagep = page;
	return KERN_SUCCESS;
}

/*
 * vm_fault_page_lock's one try, map locked: KERN_SUCCESS with *pagep,
 * VM_FAULT_WAIT with *wait to wait for (vm_pager_wait), or an error.
 * Only wait->pw_object, set when there is a wait, tells the two last
 * apart: an error may be any value a pager gave (memory_object_destroy's
 * reason, data_error's error_value), VM_FAULT_WAIT's included.
 */
static kern_return_t
vm_fault_page_locked(struct vm_map *map, vm_offset_t va, vm_prot_t access,
		     boolean_t force, struct vm_page **pagep,
		     struct vm_pager_wait *wait)
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
	struct vm_page *page;
	simple_lock(&vm_object_lock);
	kr = vm_fault_resolve_locked(entry, offset, access, &page, &shared,
				     wait);
	vm_prot_t prot = entry->vme_protection;
	if (shared)
		prot &= ~VM_PROT_WRITE;
	if (kr == KERN_SUCCESS && (access & VM_PROT_WRITE))
		page->vmp_dirty = 1; /* the kernel's writes: no dirty bit */
	if (kr == KERN_SUCCESS && prot != VM_PROT_NONE)
		kr = pmap_enter(map->vm_pmap, page_va, vm_page_to_phys(page),
				prot, entry->vme_wired_count > 0);
	if (kr == KERN_SUCCESS) {
		vm_fault_stats.vfs_faults++;
		/* In use: back on the active queue if it had left it (a
		 * wired page is off the queues until mapped unwired). */
		if (page->vmp_queue != VM_PAGE_QUEUE_ACTIVE &&
		    entry->vme_wired_count == 0)
			vm_object_queue_move_locked(page, VM_PAGE_QUEUE_ACTIVE);
		*pagep = page;
	}
	simple_unlock(&vm_object_lock);
	return kr;
}

kern_return_t
vm_fault_page_lock(struct vm_map *map, vm_offset_t va, vm_prot_t access,
		   boolean_t force, struct vm_page **page)
{
	for (;;) {
		struct vm_pager_wait wait = {.pw_object = NULL};
		simple_lock(&map->vm_lock);
		kern_return_t kr =
		    vm_fault_page_locked(map, va, access, force, page, &wait);
		if (kr == KERN_SUCCESS)
			return KERN_SUCCESS; /* the map stays locked */
		simple_unlock(&map->vm_lock);
		if (wait.pw_object == NULL) /* an error, whatever its value */
			return kr;
		assert(kr == VM_FAULT_WAIT);
		kr = vm_pager_wait(&wait);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

kern_return_t
vm_fault_object_page_lock(struct vm_object *object, vm_offset_t offset,
			  struct vm_page **page)
{
	for (;;) {
		struct vm_pager_wait wait = {.pw_object = NULL};
		struct vm_object *holder;
		simple_lock(&vm_object_lock);
		kern_return_t kr = vm_fault_find_locked(
		    object, offset, VM_PROT_READ, page, &holder, &wait);
		if (kr == KERN_SUCCESS)
			return KERN_SUCCESS;
		if (kr == KERN_RESOURCE_SHORTAGE)
			vm_pageout_wakeup_locked();
		simple_unlock(&vm_object_lock);
		if (kr == KERN_RESOURCE_SHORTAGE) {
			/* No page for the pager's answer: wait for pageout,
			 * as a fault does. */
			unsigned long flags = cpu_intr_save();
			wait_result_t result =
			    wait_sleep(NULL, NULL, WAIT_INTERRUPTIBLE,
				       VM_FAULT_PAGE_WAIT_MS, NULL);
			cpu_intr_restore(flags);
			if (result == THREAD_INTERRUPTED)
				return KERN_ABORTED;
			continue;
		}
		if (wait.pw_object == NULL) /* an error, whatever its value */
			return kr;
		kr = vm_pager_wait(&wait);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

kern_return_t
vm_fault(struct vm_map *map, vm_offset_t va, vm_prot_t access)
{
	struct vm_page *page;

	kern_return_t kr = vm_fault_page_lock(map, va, access, FALSE, &page);
	if (kr == KERN_SUCCESS)
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
