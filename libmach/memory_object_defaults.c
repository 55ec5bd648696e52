/*
 * The memory_object routines a pager need not write (memory_object.defs,
 * served by libmach's memory_object_server): weak definitions that a
 * pager's own replace.  A pager writes memory_object_init and
 * memory_object_data_request at least (docs/vm.md, "Writing a pager").
 *
 *	data_return		takes nothing back: the data is deallocated
 *	terminate		releases the control port's rights
 *	lock_completed, supply_completed, change_completed
 *				nothing to do
 *	copy, data_unlock	refused (this kernel never sends them)
 */
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/memory_object_server.h>
#include <mach/vm_map.h>

#define LIBMACH_WEAK __attribute__((weak))

LIBMACH_WEAK kern_return_t
memory_object_data_return(mach_port_t object, mach_port_t control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t count, boolean_t dirty,
			  boolean_t kernel_copy)
{
	(void)object, (void)control, (void)offset, (void)dirty;
	(void)kernel_copy;
	vm_deallocate(mach_task_self(), data, count);
	return KERN_SUCCESS;
}

LIBMACH_WEAK kern_return_t
memory_object_terminate(mach_port_t object, mach_port_t control,
			mach_port_t name)
{
	(void)object, (void)name;
	if (MACH_PORT_VALID(control))
		mach_port_destroy(mach_task_self(), control);
	return KERN_SUCCESS;
}

LIBMACH_WEAK kern_return_t
memory_object_lock_completed(mach_port_t object, mach_port_t control,
			     vm_offset_t offset, vm_size_t length)
{
	(void)object, (void)control, (void)offset, (void)length;
	return KERN_SUCCESS;
}

LIBMACH_WEAK kern_return_t
memory_object_supply_completed(mach_port_t object, mach_port_t control,
			       vm_offset_t offset, vm_size_t length,
			       kern_return_t result, vm_offset_t error_offset)
{
	(void)object, (void)control, (void)offset, (void)length;
	(void)result, (void)error_offset;
	return KERN_SUCCESS;
}

LIBMACH_WEAK kern_return_t
memory_object_change_completed(mach_port_t object, boolean_t may_cache,
			       memory_object_copy_strategy_t strategy)
{
	(void)object, (void)may_cache, (void)strategy;
	return KERN_SUCCESS;
}

LIBMACH_WEAK kern_return_t
memory_object_copy(mach_port_t object, mach_port_t control, vm_offset_t offset,
		   vm_size_t length, mach_port_t copy)
{
	(void)object, (void)control, (void)offset, (void)length, (void)copy;
	return KERN_FAILURE;
}

LIBMACH_WEAK kern_return_t
memory_object_data_unlock(mach_port_t object, mach_port_t control,
			  vm_offset_t offset, vm_size_t length,
			  vm_prot_t access)
{
	(void)object, (void)control, (void)offset, (void)length, (void)access;
	return KERN_FAILURE;
}
