/*
 * Task memory, for now: anonymous, zero-filled memory allocated eagerly
 * page by page and mapped straight into the task's pmap.  The task keeps
 * the list of its pages and frees them when it dies.  The virtual memory
 * issue replaces this with vm_map / vm_object (same entry points).
 *
 * The calls of vm_map.defs (vm_allocate, vm_deallocate, vm_protect,
 * vm_read, vm_write) are here; vm_read and vm_write move their data in
 * copy objects (vm/vm_map_copy.h), which are built on the page
 * operations at the end of this header.
 *
 * Locks: the task's lock guards task_pages and task_next_anywhere; it is
 * taken before the pmap's.  It is held only to look up, map and unmap
 * pages, and to copy at most one page: pages are allocated and zeroed,
 * and copies are made, with no lock held (docs/locking.md), so every
 * entry point here must be called with no simple lock held.
 */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/std_types.h>
#include <mach/vm_prot.h>

struct task;
struct vm_page;

/* Where "anywhere" allocations start looking. */
#define VM_USER_ANYWHERE_BASE 0x0000000100000000ul

void vm_user_task_init(struct task *task);
void vm_user_task_release(struct task *task);

/*
 * Allocates size bytes (rounded up to pages) of zero-filled, read/write
 * memory in task: at *addr (page-aligned) if !anywhere, else at the first
 * free range, returned in *addr.
 * Returns KERN_SUCCESS, KERN_INVALID_ADDRESS (range not page-aligned or
 * outside user space), KERN_INVALID_ARGUMENT (size 0), KERN_NO_SPACE
 * (a page of the range is in use, or no free range), or
 * KERN_RESOURCE_SHORTAGE (out of memory; nothing was allocated).
 */
kern_return_t vm_allocate(struct task *task, vm_offset_t *addr, vm_size_t size,
			  boolean_t anywhere);

/*
 * Frees the pages of [addr, addr + size) (rounded out to pages); pages
 * not allocated are skipped.  Returns KERN_SUCCESS, or
 * KERN_INVALID_ADDRESS if the range is not in user space.
 */
kern_return_t vm_deallocate(struct task *task, vm_offset_t addr,
			    vm_size_t size);

/*
 * Sets the protection (VM_PROT_*) of every page in [addr, addr + size).
 * Returns KERN_SUCCESS, or KERN_INVALID_ADDRESS if a page in the range is
 * not allocated (nothing changed then).
 */
kern_return_t vm_protect(struct task *task, vm_offset_t addr, vm_size_t size,
			 boolean_t set_maximum, vm_prot_t prot);

/*
 * vm_map.defs: a copy of size bytes of task's memory at address, in
 * *data (a copy object the reply carries out-of-line; NULL for size 0)
 * and *count.  Returns KERN_SUCCESS, KERN_INVALID_TASK,
 * KERN_INVALID_ARGUMENT (size over 4 GiB), or vm_map_copyin's errors:
 * KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_read(struct task *task, vm_address_t address, vm_size_t size,
		      vm_map_copy_t *data, mach_msg_type_number_t *count);

/*
 * vm_map.defs: writes the count bytes of data (the request's
 * out-of-line copy) into task's allocated memory at address, whatever
 * its protection.  On success the copy is consumed; on failure it stays
 * with the request, which the kernel then destroys.  Returns
 * KERN_SUCCESS, KERN_INVALID_TASK or KERN_INVALID_ADDRESS (a page of the
 * range is not allocated; pages before it may have been written).
 */
kern_return_t vm_write(struct task *task, vm_address_t address,
		       vm_map_copy_t data, mach_msg_type_number_t count);

/*
 * Copies len bytes from kernel memory into task's allocated memory at
 * addr, whatever its protection (used to load programs).
 * Returns KERN_SUCCESS or KERN_INVALID_ADDRESS.
 */
kern_return_t vm_user_write(struct task *task, vm_offset_t addr,
			    const void *data, vm_size_t len);

/*
 * Copies len bytes of task's memory at addr into kernel memory; every
 * page must allow reading.  Returns KERN_SUCCESS, KERN_INVALID_ADDRESS
 * (not allocated) or KERN_PROTECTION_FAILURE (not readable).
 */
kern_return_t vm_user_read(struct task *task, vm_offset_t addr, void *data,
			   vm_size_t len);

/* Whether [addr, addr + size) is page-aligned and in user space. */
int vm_user_range_valid(vm_offset_t addr, vm_size_t size);

/*
 * Page lists, for the copy objects (vm_map_copy.c): pages that belong to
 * no task, linked in address order through vmp_next.
 *
 * vm_user_pages_alloc: count fresh pages (cleared if zero is set) in
 * *list; KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (none kept).
 * vm_user_pages_free: frees a list.
 */
kern_return_t vm_user_pages_alloc(vm_size_t count, boolean_t zero,
				  struct vm_page **list);
void vm_user_pages_free(struct vm_page *list);

/*
 * Maps the count pages of list into task, at *addr (page-aligned) or,
 * if anywhere, at the first free range (returned in *addr); page i gets
 * prots[i], or VM_PROT_DEFAULT when prots is NULL.  On success the pages
 * are the task's.  Returns KERN_SUCCESS, KERN_INVALID_ADDRESS,
 * KERN_NO_SPACE or KERN_RESOURCE_SHORTAGE (no page table); on an error
 * nothing changed and the list is still the caller's.
 */
kern_return_t vm_user_pages_enter(struct task *task, vm_offset_t *addr,
				  vm_size_t count, boolean_t anywhere,
				  struct vm_page *list, const uint8_t *prots);

/*
 * Takes the count pages at addr (page-aligned) out of task: they are
 * unmapped and put, in address order, in *list, and their protections
 * in prots[0 .. count - 1].  Every page must be allocated and readable.
 * Returns KERN_SUCCESS, KERN_INVALID_ADDRESS or KERN_PROTECTION_FAILURE
 * (nothing changed then).
 */
kern_return_t vm_user_pages_remove(struct task *task, vm_offset_t addr,
				   vm_size_t count, struct vm_page **list,
				   uint8_t *prots);

#endif /* VM_VM_USER_H */
