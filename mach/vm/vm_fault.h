/*
 * Page faults: how a page comes to be mapped.  A fault looks up the
 * entry holding the address, checks the access against its protection,
 * finds the page down the entry's object and its shadow chain (or makes
 * a zero-filled one), copies it into the entry's own object first if the
 * access writes to a page it only shares (copy-on-write), and enters it
 * in the pmap.
 *
 * Entry points:
 *	vm_fault		a fault of a task, from the trap handler or
 *				a kernel copy to or from user memory
 *	vm_fault_page_lock	the same, and the page, the map left locked
 *	vm_fault_object_page_lock  an object's page, brought in if paged out
 *	vm_fault_statistics	counts of faults and what they did
 *
 * A fault on memory of a pager may wait for the pager (vm/vm_pager.h),
 * with no lock held; then it starts again from the lookup.  Otherwise a
 * page is found resident or made at once, with at most one page copied
 * or zeroed under the map's lock.
 */
#ifndef VM_VM_FAULT_H
#define VM_VM_FAULT_H

#include <mach/kern_return.h>
#include <mach/std_types.h>

struct vm_map;
struct vm_page;

/*
 * Makes va accessible in map for access (VM_PROT_*).  Returns
 * KERN_SUCCESS, KERN_INVALID_ADDRESS (nothing mapped there),
 * KERN_PROTECTION_FAILURE (the region does not allow access),
 * KERN_RESOURCE_SHORTAGE (no page or no memory for the mapping), a
 * pager's error (KERN_MEMORY_ERROR: it failed, died or did not answer in
 * time) or KERN_ABORTED (the thread was interrupted while it waited).
 * No lock held.
 */
kern_return_t vm_fault(struct vm_map *map, vm_offset_t va, vm_prot_t access);

/*
 * The same, and on success returns with the map locked and *page the
 * page that holds va's data as access sees it (for a write: the entry's
 * own page), valid while the map stays locked; on an error the map is
 * not locked.  With force the region's protection is not checked (the
 * kernel writes a program into read-only memory), and the pmap is
 * changed only as far as the protection allows.  May wait for a pager
 * (with the map unlocked).
 */
kern_return_t vm_fault_page_lock(struct vm_map *map, vm_offset_t va,
				 vm_prot_t access, boolean_t force,
				 struct vm_page **page);

struct vm_object;

/*
 * The page at offset of object, found down its chain and brought in
 * from a pager if it went to one (the kernel reading out-of-line data
 * it holds, vm_map_copy_read): on success vm_object_lock is held and
 * *page is the page (NULL: the data is zero), valid while it stays
 * held.  The caller holds a reference on object and no lock.  Waits
 * for pagers and free pages as a fault does.  Returns KERN_SUCCESS,
 * KERN_MEMORY_ERROR or a pager's error, or KERN_ABORTED (the thread
 * was interrupted).
 */
kern_return_t vm_fault_object_page_lock(struct vm_object *object,
					vm_offset_t offset,
					struct vm_page **page);

struct vm_fault_statistics {
	unsigned long vfs_faults;     /* faults resolved */
	unsigned long vfs_zero_fill;  /* pages made zero */
	unsigned long vfs_cow_faults; /* pages copied for a write */
};

void vm_fault_statistics(struct vm_fault_statistics *stats);

#endif /* VM_VM_FAULT_H */
