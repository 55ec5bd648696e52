/*
 * Task memory calls (see vm/vm_user.h): argument checks, then the map.
 */
#include <kern/debug.h>
#include <kern/host.h>
#include <kern/string.h>
#include <kern/task.h>
#include <vm/pmap.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_pager.h>
#include <vm/vm_user.h>

kern_return_t
vm_user_task_init(struct task *task)
{
	struct pmap *pmap = pmap_create();

	if (pmap == NULL)
		return KERN_RESOURCE_SHORTAGE;
	task->task_map = vm_map_create(pmap);
	if (task->task_map == NULL) {
		pmap_destroy(pmap);
		return KERN_RESOURCE_SHORTAGE;
	}
	task->task_pmap = pmap;
	return KERN_SUCCESS;
}

void
vm_user_task_release(struct task *task)
{
	vm_map_destroy(task->task_map);
	task->task_map = NULL;
	task->task_pmap = NULL;
}

/* Rounds [addr, addr + size) out to pages in *start, *end; FALSE if it
 * leaves user space (wrapping included). */
static boolean_t
vm_user_page_range(vm_offset_t addr, vm_size_t size, vm_offset_t *start,
		   vm_offset_t *end)
{
	if (addr < USER_MIN_ADDRESS || addr > USER_MAX_ADDRESS ||
	    size > USER_MAX_ADDRESS - addr)
		return FALSE;
	*start = trunc_page(addr);
	*end = round_page(addr + size);
	return TRUE;
}

static boolean_t
vm_user_prot_ok(vm_prot_t prot)
{
	return (prot & ~VM_PROT_ALL) == 0;
}

static boolean_t
vm_user_inherit_ok(vm_inherit_t inheritance)
{
	return inheritance == VM_INHERIT_SHARE ||
	       inheritance == VM_INHERIT_COPY || inheritance == VM_INHERIT_NONE;
}

/* vm_allocate and vm_map: size bytes of zero memory at *addr. */
static kern_return_t
vm_user_map_zero(struct task *task, vm_offset_t *addr, vm_size_t size,
		 vm_offset_t mask, boolean_t anywhere, vm_prot_t cur,
		 vm_prot_t max, vm_inherit_t inheritance)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (size == 0)
		return KERN_INVALID_ARGUMENT;
	if (size > USER_MAX_ADDRESS)
		return KERN_NO_SPACE;
	if (anywhere && *addr < VM_USER_ANYWHERE_BASE)
		*addr = VM_USER_ANYWHERE_BASE;
	return vm_map_enter(task->task_map, addr, round_page(size), mask,
			    anywhere, NULL, 0, FALSE, cur, max, inheritance);
}

kern_return_t
vm_allocate(struct task *task, vm_offset_t *addr, vm_size_t size,
	    boolean_t anywhere)
{
	if (anywhere)
		*addr = VM_USER_ANYWHERE_BASE;
	return vm_user_map_zero(task, addr, size, 0, anywhere, VM_PROT_DEFAULT,
				VM_PROT_ALL, VM_INHERIT_DEFAULT);
}

/* vm_map of a pager's memory object, the checks done. */
static kern_return_t
vm_user_map_object(struct task *task, vm_address_t *address, vm_size_t size,
		   vm_address_t mask, boolean_t anywhere,
		   mach_port_t memory_object, vm_offset_t offset,
		   boolean_t copy, vm_prot_t cur_protection,
		   vm_prot_t max_protection, vm_inherit_t inheritance)
{
	if (size == 0 || (offset & PAGE_MASK) ||
	    round_page(size) > VM_PAGER_OBJECT_SIZE ||
	    offset > VM_PAGER_OBJECT_SIZE - round_page(size))
		return KERN_INVALID_ARGUMENT;
	struct vm_object *object = vm_pager_object(memory_object);
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	if (anywhere && *address < VM_USER_ANYWHERE_BASE)
		*address = VM_USER_ANYWHERE_BASE;
	kern_return_t kr = vm_map_enter(
	    task->task_map, address, round_page(size), mask, anywhere, object,
	    offset, copy, cur_protection, max_protection, inheritance);
	if (kr != KERN_SUCCESS)
		vm_object_deallocate(object);
	else
		vm_pager_port_release(memory_object); /* the request's */
	vm_pager_flush();
	return kr;
}

kern_return_t
vm_map(struct task *task, vm_address_t *address, vm_size_t size,
       vm_address_t mask, boolean_t anywhere, mach_port_t memory_object,
       vm_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (!vm_user_prot_ok(max_protection) ||
	    (cur_protection & ~max_protection) ||
	    !vm_user_inherit_ok(inheritance))
		return KERN_INVALID_ARGUMENT;
	if (IP_VALID(memory_object))
		return vm_user_map_object(
		    task, address, size, mask, anywhere, memory_object, offset,
		    copy, cur_protection, max_protection, inheritance);
	return vm_user_map_zero(task, address, size, mask, anywhere,
				cur_protection, max_protection, inheritance);
}

kern_return_t
vm_deallocate(struct task *task, vm_offset_t addr, vm_size_t size)
{
	vm_offset_t start, end;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (size == 0)
		return KERN_SUCCESS;
	if (!vm_user_page_range(addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	return vm_map_remove(task->task_map, start, end);
}

kern_return_t
vm_protect(struct task *task, vm_offset_t addr, vm_size_t size,
	   boolean_t set_maximum, vm_prot_t prot)
{
	vm_offset_t start, end;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (!vm_user_prot_ok(prot))
		return KERN_INVALID_ARGUMENT;
	if (!vm_user_page_range(addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	if (start == end)
		return KERN_SUCCESS;
	return vm_map_protect(task->task_map, start, end, prot, set_maximum);
}

kern_return_t
vm_inherit(struct task *task, vm_address_t address, vm_size_t size,
	   vm_inherit_t inheritance)
{
	vm_offset_t start, end;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (!vm_user_inherit_ok(inheritance))
		return KERN_INVALID_ARGUMENT;
	if (!vm_user_page_range(address, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	if (start == end)
		return KERN_SUCCESS;
	return vm_map_inherit(task->task_map, start, end, inheritance);
}

kern_return_t
vm_region(struct task *task, vm_address_t *address, vm_size_t *size,
	  vm_prot_t *protection, vm_prot_t *max_protection,
	  vm_inherit_t *inheritance, boolean_t *is_shared,
	  mach_port_t *object_name, vm_offset_t *offset)
{
	struct vm_map_region_info info;

	if (task == NULL)
		return KERN_INVALID_TASK;
	kern_return_t kr = vm_map_region(task->task_map, *address, &info);
	if (kr != KERN_SUCCESS)
		return kr;
	*address = info.vri_start;
	*size = info.vri_size;
	*protection = info.vri_protection;
	*max_protection = info.vri_max_protection;
	*inheritance = info.vri_inheritance;
	*is_shared = info.vri_shared;
	*object_name = (mach_port_t)0;
	*offset = info.vri_offset;
	return KERN_SUCCESS;
}

kern_return_t
vm_statistics(struct task *task, vm_statistics_data_t *stats)
{
	struct vm_page_statistics pages;
	struct vm_fault_statistics faults;
	struct vm_object_statistics objects;

	if (task == NULL)
		return KERN_INVALID_TASK;
	vm_page_statistics(&pages);
	vm_object_statistics(&objects);
	vm_fault_statistics(&faults);
	memset(stats, 0, sizeof(*stats));
	stats->pagesize = PAGE_SIZE;
	stats->free_count = pages.vps_free;
	stats->active_count = objects.vos_active;
	stats->inactive_count = objects.vos_inactive;
	/* The rest: the kernel's own pages, and wired ones. */
	stats->wire_count = pages.vps_total - pages.vps_free -
			    objects.vos_active - objects.vos_inactive;
	stats->zero_fill_count = faults.vfs_zero_fill;
	stats->faults = faults.vfs_faults;
	stats->cow_faults = faults.vfs_cow_faults;
	struct vm_pageout_statistics pageout;
	vm_pageout_statistics(&pageout);
	stats->reactivations = (int32_t)pageout.vpo_reactivations;
	stats->pageins = (int32_t)pageout.vpo_pageins;
	stats->pageouts = (int32_t)pageout.vpo_pageouts;
	return KERN_SUCCESS;
}

/*
 * Copies between kernel memory and task's pages, one page at a time
 * with the map locked (so that the page cannot go meanwhile); to_task
 * says which way.  Writes go through whatever the protection is
 * (force); reads need VM_PROT_READ.
 */
static kern_return_t
vm_user_copy(struct task *task, vm_offset_t addr, void *kernel, vm_size_t len,
	     boolean_t to_task)
{
	struct vm_map *map = task->task_map;
	char *buf = kernel;

	if (len > 0 && (addr < USER_MIN_ADDRESS || addr >= USER_MAX_ADDRESS ||
			len > USER_MAX_ADDRESS - addr))
		return KERN_INVALID_ADDRESS;
	while (len > 0) {
		vm_size_t chunk = PAGE_SIZE - (addr & PAGE_MASK);
		struct vm_page *page;
		if (chunk > len)
			chunk = len;
		kern_return_t kr = vm_fault_page_lock(
		    map, addr, to_task ? VM_PROT_WRITE : VM_PROT_READ, to_task,
		    &page);
		if (kr != KERN_SUCCESS)
			return kr;
		char *kva = (char *)phystokv(vm_page_to_phys(page)) +
			    (addr & PAGE_MASK);
		if (to_task)
			memcpy(kva, buf, chunk);
		else
			memcpy(buf, kva, chunk);
		simple_unlock(&map->vm_lock);
		buf += chunk;
		addr += chunk;
		len -= chunk;
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_user_write(struct task *task, vm_offset_t addr, const void *data,
	      vm_size_t len)
{
	return vm_user_copy(task, addr, (void *)data, len, TRUE);
}

kern_return_t
vm_user_read(struct task *task, vm_offset_t addr, void *data, vm_size_t len)
{
	return vm_user_copy(task, addr, data, len, FALSE);
}

kern_return_t
vm_read(struct task *task, vm_address_t address, vm_size_t size,
	vm_map_copy_t *data, mach_msg_type_number_t *count)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (size > UINT32_MAX)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = vm_map_copyin(task, address, size, FALSE, data);
	if (kr == KERN_SUCCESS)
		*count = (mach_msg_type_number_t)size;
	return kr;
}

kern_return_t
vm_write(struct task *task, vm_address_t address, vm_map_copy_t data,
	 mach_msg_type_number_t count)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (count == 0)
		return KERN_SUCCESS;
	return vm_map_copy_overwrite(task, address, data);
}

kern_return_t
vm_copy(struct task *task, vm_address_t source_address, vm_size_t size,
	vm_address_t dest_address)
{
	vm_map_copy_t copy;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (size == 0)
		return KERN_SUCCESS;
	kern_return_t kr =
	    vm_map_copyin(task, source_address, size, FALSE, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_copy_overwrite(task, dest_address, copy);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

kern_return_t
vm_wire(struct host *host, struct task *task, vm_address_t address,
	vm_size_t size, vm_prot_t access)
{
	vm_offset_t start, end;

	if (host == NULL || !host->h_privileged)
		return KERN_INVALID_HOST;
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (!vm_user_prot_ok(access))
		return KERN_INVALID_ARGUMENT;
	if (!vm_user_page_range(address, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	kern_return_t kr = vm_map_wire(task->task_map, start, end, access);
	/* Resident now: each page faulted in (or the wiring undone). */
	for (vm_offset_t va = start;
	     kr == KERN_SUCCESS && access != VM_PROT_NONE && va < end;
	     va += PAGE_SIZE) {
		struct vm_page *page;
		kr = vm_fault_page_lock(task->task_map, va, access, FALSE,
					&page);
		if (kr == KERN_SUCCESS)
			simple_unlock(&task->task_map->vm_lock);
		else
			vm_map_wire(task->task_map, start, end, VM_PROT_NONE);
	}
	return kr;
}

kern_return_t
vm_pageout(struct host *host, struct task *task, vm_address_t address,
	   vm_size_t size, natural_t *count)
{
	vm_offset_t start, end;
	unsigned long went;

	*count = 0;
	if (host == NULL || !host->h_privileged)
		return KERN_INVALID_HOST;
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (!vm_user_page_range(address, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	kern_return_t kr = vm_pageout_range(task->task_map, start, end, &went);
	*count = (natural_t)went;
	return kr;
}
