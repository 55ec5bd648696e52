/*
 * Copy objects: data on its way between address spaces, held by the
 * kernel meanwhile (Mach's vm_map_copy).  A message's out-of-line memory
 * travels as one: the sender's region is copied in (vm_map_copyin) when
 * the message is sent and copied out (vm_map_copyout) into fresh memory
 * of the receiver; vm_read makes one and vm_write consumes one.  IPC only
 * carries the pointer: how the data is held is the VM's business, so
 * that copy-on-write and memory objects can come in behind these calls.
 *
 * Entry points:
 *	vm_map_copyin		a copy of a task's range (src_destroy:
 *				and the range leaves the task)
 *	vm_map_copy_kernel_buffer  a copy of data the kernel makes
 *	vm_map_copy_object	a copy of an object's pages (pageout)
 *	vm_map_copyout		the copy into fresh memory of a task
 *	vm_map_copy_overwrite	the copy into a task's existing memory
 *	vm_map_copy_restore	a src_destroy copy back where it was
 *	vm_map_copy_discard	throw it away
 *
 * A copy object has one holder at a time (a message, a routine) and no
 * lock.  These calls copy or zero memory with no lock held, interrupts
 * as the caller has them: call them with no simple lock held, except
 * vm_map_copy_kernel_buffer and vm_map_copy_discard, which only allocate
 * or free memory (they take kalloc's and the page allocator's locks) and
 * may be called under ipc_lock.
 */
#ifndef VM_VM_MAP_COPY_H
#define VM_VM_MAP_COPY_H

#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/std_types.h>

struct task;
struct vm_object;

/*
 * A copy of the size bytes of task's memory at addr (any alignment),
 * in *copy (NULL when size is 0).  Every page the range touches must be
 * allocated and readable.  With src_destroy the pages of the range,
 * rounded out to pages, leave the task as vm_deallocate would take
 * them: they become the copy's own, with no data copied (the receiver
 * then also sees the rest of the first and last page).
 * Returns KERN_SUCCESS, KERN_INVALID_ADDRESS (not in user space, or a
 * page not allocated), KERN_PROTECTION_FAILURE (a page not readable) or
 * KERN_RESOURCE_SHORTAGE; on an error nothing changed.
 */
kern_return_t vm_map_copyin(struct task *task, vm_offset_t addr, vm_size_t size,
			    boolean_t src_destroy, vm_map_copy_t *copy);

/*
 * A copy of size bytes (more than 0) for the kernel to fill: *data
 * points at them until the copy is handed on.  Returns KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_copy_kernel_buffer(vm_size_t size, vm_map_copy_t *copy,
					void **data);

/*
 * A copy of the first size bytes (a page multiple) of object, whose
 * reference it takes over: pageout hands a page to a pager this way,
 * moved rather than copied.  Returns KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE (the reference is still the caller's then).
 * Any lock may be held (it only allocates).
 */
kern_return_t vm_map_copy_object(struct vm_object *object, vm_size_t size,
				 vm_map_copy_t *copy);

/*
 * Puts the copy into fresh memory of task, read/write, at the first free
 * range; *addr is where the data starts there (the start of a page,
 * unless the copy took its source's pages).  The copy is consumed on
 * success, still the caller's otherwise.  Returns KERN_SUCCESS,
 * KERN_NO_SPACE or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_copyout(struct task *task, vm_offset_t *addr,
			     vm_map_copy_t copy);

/*
 * Writes the copy's data into task's allocated memory at addr, whatever
 * its protection.  Consumed on success.  Returns KERN_SUCCESS or
 * KERN_INVALID_ADDRESS (a page not allocated; the pages before it may
 * have been written).
 */
kern_return_t vm_map_copy_overwrite(struct task *task, vm_offset_t addr,
				    vm_map_copy_t copy);

/*
 * Undoes vm_map_copyin for a copy not used: a copy made with
 * src_destroy puts its pages back into task where they were, with the
 * protections they had; any other copy is simply discarded (its source
 * never changed).  Always consumes the copy.  Returns KERN_SUCCESS, or
 * KERN_NO_SPACE / KERN_RESOURCE_SHORTAGE if the pages could not go back
 * (part of the range has been allocated again meanwhile, or a page
 * table could not be made): then the data is lost.
 */
kern_return_t vm_map_copy_restore(struct task *task, vm_map_copy_t copy);

/*
 * Copies len bytes of the copy's data from offset on into kernel memory
 * at dst (a pager's supply, read page by page).  Pages the source never
 * touched read as zero.  Returns KERN_SUCCESS or KERN_INVALID_ARGUMENT
 * (beyond the data).  No VM lock held.
 */
kern_return_t vm_map_copy_read(vm_map_copy_t copy, vm_size_t offset, void *dst,
			       vm_size_t len);

/* Frees the copy and its data (NULL: nothing). */
void vm_map_copy_discard(vm_map_copy_t copy);

#endif /* VM_VM_MAP_COPY_H */
