/*
 * Task memory, for now: anonymous, zero-filled memory allocated eagerly
 * page by page and mapped straight into the task's pmap.  The task keeps
 * the list of its pages and frees them when it dies.  The virtual memory
 * issue replaces this with vm_map / vm_object (same entry points).
 *
 * Locks: the task's lock guards task_pages and task_next_anywhere; it is
 * taken before the pmap's.
 */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/std_types.h>

struct task;

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

/* vm_map.defs: copies count bytes of kernel memory data (the request's
 * OOL copy, which it frees if it succeeds) into task at address. */
kern_return_t vm_write(struct task *task, vm_address_t address,
		       vm_offset_t data, mach_msg_type_number_t count);

/*
 * Copies len bytes from kernel memory into task's allocated memory at
 * addr, whatever its protection (used to load programs).
 * Returns KERN_SUCCESS or KERN_INVALID_ADDRESS.
 */
kern_return_t vm_user_write(struct task *task, vm_offset_t addr,
			    const void *data, vm_size_t len);

#endif /* VM_VM_USER_H */
