/*
 * Task memory for now: eager anonymous memory on top of pmap (see
 * vm/vm_user.h for the contract and its future).
 */
#include <kern/debug.h>
#include <kern/string.h>
#include <kern/task.h>
#include <mach/vm_prot.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <vm/vm_user.h>

void
vm_user_task_init(struct task *task)
{
	task->task_pages = NULL;
	task->task_next_anywhere = VM_USER_ANYWHERE_BASE;
}

void
vm_user_task_release(struct task *task)
{
	struct vm_page *page = task->task_pages;

	while (page != NULL) {
		struct vm_page *next = page->vmp_next;
		vm_page_free(page, 0);
		page = next;
	}
	task->task_pages = NULL;
}

static int
vm_user_range_valid(vm_offset_t addr, vm_size_t size)
{
	return (addr & PAGE_MASK) == 0 && addr >= USER_MIN_ADDRESS &&
	       addr < USER_MAX_ADDRESS && size <= USER_MAX_ADDRESS - addr;
}

/*
 * Range operations cost what is mapped in the range, never its size
 * (pmap_next_mapped skips what has no page tables): a task may name the
 * whole address space.
 */
static int
vm_user_range_free(struct task *task, vm_offset_t addr, vm_size_t size)
{
	return pmap_next_mapped(task->task_pmap, addr, addr + size) ==
	       addr + size;
}

/* The first free range of size bytes at or after the task's hint. */
static kern_return_t
vm_user_find_space_locked(struct task *task, vm_size_t size, vm_offset_t *addr)
{
	vm_offset_t va = task->task_next_anywhere;

	while (vm_user_range_valid(va, size)) {
		vm_offset_t used =
		    pmap_next_mapped(task->task_pmap, va, va + size);
		if (used == va + size) {
			*addr = va;
			task->task_next_anywhere = va + size;
			return KERN_SUCCESS;
		}
		va = used + PAGE_SIZE;
	}
	return KERN_NO_SPACE;
}

static void
vm_user_link_page_locked(struct task *task, struct vm_page *page)
{
	page->vmp_prev = NULL;
	page->vmp_next = task->task_pages;
	if (task->task_pages != NULL)
		task->task_pages->vmp_prev = page;
	task->task_pages = page;
}

static void
vm_user_unlink_page_locked(struct task *task, struct vm_page *page)
{
	if (page->vmp_prev != NULL)
		page->vmp_prev->vmp_next = page->vmp_next;
	else
		task->task_pages = page->vmp_next;
	if (page->vmp_next != NULL)
		page->vmp_next->vmp_prev = page->vmp_prev;
}

/* Unmaps and frees every page of the task in [addr, addr + size). */
static void
vm_user_free_range_locked(struct task *task, vm_offset_t addr, vm_size_t size)
{
	vm_offset_t end = addr + size;

	for (vm_offset_t va = pmap_next_mapped(task->task_pmap, addr, end);
	     va < end; va = pmap_next_mapped(task->task_pmap, va, end)) {
		phys_addr_t pa = pmap_extract(task->task_pmap, va);
		pmap_remove(task->task_pmap, va, va + PAGE_SIZE);
		struct vm_page *page = vm_page_lookup(trunc_page(pa));
		vm_user_unlink_page_locked(task, page);
		vm_page_free(page, 0);
	}
}

static kern_return_t
vm_user_populate_locked(struct task *task, vm_offset_t addr, vm_size_t size)
{
	vm_size_t count = size / PAGE_SIZE;

	for (vm_size_t i = 0; i < count; i++) {
		struct vm_page *page = vm_page_alloc(0);
		if (page == NULL ||
		    pmap_enter(task->task_pmap, addr + i * PAGE_SIZE,
			       vm_page_to_phys(page),
			       VM_PROT_DEFAULT) != KERN_SUCCESS) {
			if (page != NULL)
				vm_page_free(page, 0);
			vm_user_free_range_locked(task, addr, i * PAGE_SIZE);
			return KERN_RESOURCE_SHORTAGE;
		}
		memset(phystokv(vm_page_to_phys(page)), 0, PAGE_SIZE);
		vm_user_link_page_locked(task, page);
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_allocate(struct task *task, vm_offset_t *addr, vm_size_t size,
	    boolean_t anywhere)
{
	struct vm_page_statistics stats;
	kern_return_t kr;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (size == 0)
		return KERN_INVALID_ARGUMENT;
	if (size > USER_MAX_ADDRESS)
		return KERN_NO_SPACE;
	size = round_page(size);
	vm_page_statistics(&stats);
	if (size / PAGE_SIZE > stats.vps_free)
		return KERN_RESOURCE_SHORTAGE;

	simple_lock(&task->task_lock);
	if (anywhere)
		kr = vm_user_find_space_locked(task, size, addr);
	else if (!vm_user_range_valid(*addr, size))
		kr = KERN_INVALID_ADDRESS;
	else if (!vm_user_range_free(task, *addr, size))
		kr = KERN_NO_SPACE;
	else
		kr = KERN_SUCCESS;
	if (kr == KERN_SUCCESS)
		kr = vm_user_populate_locked(task, *addr, size);
	simple_unlock(&task->task_lock);
	return kr;
}

kern_return_t
vm_deallocate(struct task *task, vm_offset_t addr, vm_size_t size)
{
	vm_offset_t end = round_page(addr + size);

	addr = trunc_page(addr);
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (size == 0)
		return KERN_SUCCESS;
	if (end < addr || !vm_user_range_valid(addr, end - addr))
		return KERN_INVALID_ADDRESS;
	simple_lock(&task->task_lock);
	vm_user_free_range_locked(task, addr, end - addr);
	/* Search from the freed range next: space is reused first-fit. */
	if (addr >= VM_USER_ANYWHERE_BASE && addr < task->task_next_anywhere)
		task->task_next_anywhere = addr;
	simple_unlock(&task->task_lock);
	return KERN_SUCCESS;
}

kern_return_t
vm_protect(struct task *task, vm_offset_t addr, vm_size_t size,
	   boolean_t set_maximum, vm_prot_t prot)
{
	vm_offset_t end = round_page(addr + size);

	(void)set_maximum; /* no maximum protection yet */
	addr = trunc_page(addr);
	if (task == NULL)
		return KERN_INVALID_TASK;
	if (prot & ~VM_PROT_ALL)
		return KERN_INVALID_ARGUMENT;
	if (!vm_user_range_valid(addr, end - addr) || end < addr)
		return KERN_INVALID_ADDRESS;
	simple_lock(&task->task_lock);
	for (vm_offset_t va = addr; va < end; va += PAGE_SIZE)
		if (pmap_extract(task->task_pmap, va) == 0) {
			simple_unlock(&task->task_lock);
			return KERN_INVALID_ADDRESS;
		}
	for (vm_offset_t va = addr; va < end; va += PAGE_SIZE) {
		phys_addr_t pa = pmap_extract(task->task_pmap, va);
		kern_return_t kr = pmap_enter(task->task_pmap, va, pa, prot);
		assert(kr == KERN_SUCCESS); /* the page tables exist */
	}
	simple_unlock(&task->task_lock);
	return KERN_SUCCESS;
}

kern_return_t
vm_user_write(struct task *task, vm_offset_t addr, const void *data,
	      vm_size_t len)
{
	const char *src = data;

	while (len > 0) {
		phys_addr_t pa = pmap_extract(task->task_pmap, addr);
		vm_size_t chunk = PAGE_SIZE - (addr & PAGE_MASK);
		if (pa == 0)
			return KERN_INVALID_ADDRESS;
		if (chunk > len)
			chunk = len;
		memcpy(phystokv(pa), src, chunk);
		src += chunk;
		addr += chunk;
		len -= chunk;
	}
	return KERN_SUCCESS;
}

/*
 * vm_write (vm_map.defs): data is the kernel copy of the request's
 * out-of-line memory.  On success the routine owns it and frees it; on
 * failure it stays with the request, which the kernel then destroys.
 */
kern_return_t
vm_write(struct task *task, vm_address_t address, vm_offset_t data,
	 mach_msg_type_number_t count)
{
	kern_return_t kr =
	    task == NULL
		? KERN_INVALID_TASK
		: vm_user_write(task, address, (const void *)data, count);
	if (kr == KERN_SUCCESS && data != 0) {
		unsigned order = 0;
		while ((PAGE_SIZE << order) < count)
			order++;
		vm_page_free_kva((void *)data, order);
	}
	return kr;
}
