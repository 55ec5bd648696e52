/*
 * Task memory: the calls of vm_map.defs (vm_allocate, vm_deallocate,
 * vm_protect, vm_inherit, vm_read, vm_write, vm_copy, vm_region,
 * vm_statistics, vm_map) on a task's address map (vm/vm_map.h), and the
 * kernel's own copies into and out of a task (vm_user_write,
 * vm_user_read).  Memory is mapped lazily: these calls change entries,
 * and pages come with the faults (vm/vm_fault.h).
 *
 * Every entry point here takes the map's lock itself: call it with no
 * simple lock held.
 */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/std_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>

struct task;

/* Where "anywhere" allocations start looking. */
#define VM_USER_ANYWHERE_BASE 0x0000000100000000ul

/* Gives task an empty address map over a new pmap: KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE. */
kern_return_t vm_user_task_init(struct task *task);

/* Frees the task's map, its pmap and the memory only it held. */
void vm_user_task_release(struct task *task);

/*
 * Allocates size bytes (rounded up to pages) of zero-filled, read/write
 * memory in task: at *addr (page-aligned) if !anywhere, else at the first
 * free range, returned in *addr.  No page is allocated before it is
 * touched.
 * Returns KERN_SUCCESS, KERN_INVALID_ADDRESS (range not page-aligned or
 * outside user space), KERN_INVALID_ARGUMENT (size 0), KERN_NO_SPACE
 * (part of the range in use, or no free range), KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_allocate(struct task *task, vm_offset_t *addr, vm_size_t size,
			  boolean_t anywhere);

/*
 * Unmaps [addr, addr + size) (rounded out to pages); what is not mapped
 * is skipped.  Returns KERN_SUCCESS, KERN_INVALID_ADDRESS (not in user
 * space) or KERN_RESOURCE_SHORTAGE (nothing changed).
 */
kern_return_t vm_deallocate(struct task *task, vm_offset_t addr,
			    vm_size_t size);

/*
 * Sets the protection (VM_PROT_*) of [addr, addr + size), or with
 * set_maximum its maximum (lowering the current protection with it).
 * Returns KERN_SUCCESS, KERN_INVALID_ARGUMENT (bad bits),
 * KERN_INVALID_ADDRESS (a page in the range is not mapped) or
 * KERN_PROTECTION_FAILURE (above a maximum); nothing changed on error.
 */
kern_return_t vm_protect(struct task *task, vm_offset_t addr, vm_size_t size,
			 boolean_t set_maximum, vm_prot_t prot);

/*
 * Sets what a child task inherits (VM_INHERIT_*) of the mapped pages of
 * [addr, addr + size).  Returns KERN_SUCCESS, KERN_INVALID_ARGUMENT,
 * KERN_INVALID_ADDRESS or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_inherit(struct task *task, vm_address_t address,
			 vm_size_t size, vm_inherit_t inheritance);

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
 * out-of-line copy) into task's memory at address, which must be mapped
 * and writable.  On success the copy is consumed; on failure it stays
 * with the request, which the kernel then destroys.  Returns
 * KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_ADDRESS (a page not
 * mapped), KERN_PROTECTION_FAILURE (not writable; nothing written) or
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_write(struct task *task, vm_address_t address,
		       vm_map_copy_t data, mach_msg_type_number_t count);

/*
 * vm_map.defs: copies size bytes of task's memory from source_address to
 * dest_address (both mapped; the source readable, the destination
 * writable).  Returns KERN_SUCCESS or the errors of vm_read and vm_write.
 */
kern_return_t vm_copy(struct task *task, vm_address_t source_address,
		      vm_size_t size, vm_address_t dest_address);

/*
 * vm_map.defs: the first region at or above *address: its range, its
 * protections and inheritance, whether its memory is shared with another
 * map or copy, and its offset in its memory object (*object_name is
 * always MACH_PORT_NULL: objects have no name ports).  Returns
 * KERN_SUCCESS, KERN_INVALID_TASK or KERN_NO_SPACE (nothing above).
 */
kern_return_t vm_region(struct task *task, vm_address_t *address,
			vm_size_t *size, vm_prot_t *protection,
			vm_prot_t *max_protection, vm_inherit_t *inheritance,
			boolean_t *is_shared, mach_port_t *object_name,
			vm_offset_t *offset);

/* vm_map.defs: the system's memory statistics (mach/vm_statistics.h). */
kern_return_t vm_statistics(struct task *task, vm_statistics_data_t *stats);

/*
 * vm_map.defs: maps size bytes at *address (with mask and anywhere as
 * vm_allocate and a search from *address), protections and inheritance
 * as given: zero-filled memory for MACH_PORT_NULL, else the memory
 * object's pages from offset (page-aligned) on, shared with its other
 * mappings, or with copy a copy-on-write copy (vm/vm_pager.h).
 * Returns KERN_SUCCESS, KERN_INVALID_ARGUMENT (bad protections or
 * inheritance, an unaligned offset, a port that is no memory object:
 * dead, or a kernel object's; or no memory for the object) or
 * vm_allocate's errors.
 */
kern_return_t vm_map(struct task *task, vm_address_t *address, vm_size_t size,
		     vm_address_t mask, boolean_t anywhere,
		     mach_port_t memory_object, vm_offset_t offset,
		     boolean_t copy, vm_prot_t cur_protection,
		     vm_prot_t max_protection, vm_inherit_t inheritance);

/*
 * vm_map.defs: wires [address, address + size) of task (rounded out to
 * pages) for access: its pages are faulted in and the entries count the
 * wiring; VM_PROT_NONE takes a wiring away.  host must be the
 * privileged host.  Returns KERN_SUCCESS, KERN_INVALID_HOST,
 * KERN_INVALID_TASK, KERN_INVALID_ARGUMENT, KERN_INVALID_ADDRESS (a hole
 * in the range), KERN_PROTECTION_FAILURE (access not allowed) or a
 * fault's error (the wiring is undone then).
 */
struct host;
kern_return_t vm_wire(struct host *host, struct task *task,
		      vm_address_t address, vm_size_t size, vm_prot_t access);

/*
 * vm_pageout (vm_map.defs): vm_pageout_range over the pages of
 * [address, address + size) of task, on the privileged host; *count
 * the pages that went.  Returns KERN_SUCCESS, KERN_INVALID_HOST,
 * KERN_INVALID_TASK or KERN_INVALID_ADDRESS (a range out of user
 * space, or a hole in it: the pages before it have gone).
 */
kern_return_t vm_pageout(struct host *host, struct task *task,
			 vm_address_t address, vm_size_t size,
			 natural_t *count);

/*
 * Copies len bytes from kernel memory into task's memory at addr, which
 * must be mapped, whatever its protection (used to load programs).
 * Returns KERN_SUCCESS, KERN_INVALID_ADDRESS or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_user_write(struct task *task, vm_offset_t addr,
			    const void *data, vm_size_t len);

/*
 * Copies len bytes of task's memory at addr into kernel memory; every
 * page must allow reading.  Returns KERN_SUCCESS, KERN_INVALID_ADDRESS
 * (not mapped), KERN_PROTECTION_FAILURE (not readable) or
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_user_read(struct task *task, vm_offset_t addr, void *data,
			   vm_size_t len);

#endif /* VM_VM_USER_H */
