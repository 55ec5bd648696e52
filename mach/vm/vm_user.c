/*
 * Task memory for now: eager anonymous memory on top of pmap (see
 * vm/vm_user.h for the contract and its future).
 *
 * Every page mapped in a task is on the task's list (task_pages, linked
 * through vmp_next and vmp_prev) and is found from its address with
 * pmap_lookup; a page with VM_PROT_NONE is mapped too (the pmap keeps
 * it, inaccessible).  Work that grows with the size of a range is done
 * without the task's lock, which keeps interrupts off: pages are
 * allocated and zeroed before it is taken, and data is copied a page at
 * a time, the lock held only while that page is looked up and copied.
 */
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <kern/task.h>
#include <mach/vm_prot.h>
#include <vm/pmap.h>
#include <vm/vm_map_copy.h>
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

int
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

/* Where count pages go: *addr checked, or (anywhere) found. */
static kern_return_t
vm_user_place_locked(struct task *task, vm_offset_t *addr, vm_size_t count,
		     boolean_t anywhere)
{
	vm_size_t size = count * PAGE_SIZE;

	if (anywhere)
		return vm_user_find_space_locked(task, size, addr);
	if (!vm_user_range_valid(*addr, size))
		return KERN_INVALID_ADDRESS;
	if (!vm_user_range_free(task, *addr, size))
		return KERN_NO_SPACE;
	return KERN_SUCCESS;
}

/* A freed range is searched first next time: space is reused first-fit. */
static void
vm_user_note_freed_locked(struct task *task, vm_offset_t addr)
{
	if (addr >= VM_USER_ANYWHERE_BASE && addr < task->task_next_anywhere)
		task->task_next_anywhere = addr;
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

/* Unmaps the mapped page at va and takes it off the task's list. */
static struct vm_page *
vm_user_take_page_locked(struct task *task, vm_offset_t va)
{
	phys_addr_t pa = pmap_extract(task->task_pmap, va);
	struct vm_page *page = vm_page_lookup(trunc_page(pa));

	assert(pa != 0 && page != NULL);
	pmap_remove(task->task_pmap, va, va + PAGE_SIZE);
	vm_user_unlink_page_locked(task, page);
	return page;
}

/* Unmaps and frees every page of the task in [addr, addr + size). */
static void
vm_user_free_range_locked(struct task *task, vm_offset_t addr, vm_size_t size)
{
	vm_offset_t end = addr + size;

	for (vm_offset_t va = pmap_next_mapped(task->task_pmap, addr, end);
	     va < end; va = pmap_next_mapped(task->task_pmap, va, end))
		vm_page_free(vm_user_take_page_locked(task, va), 0);
}

kern_return_t
vm_user_pages_alloc(vm_size_t count, boolean_t zero, struct vm_page **list)
{
	struct vm_page *head = NULL, **tail = &head;

	for (vm_size_t i = 0; i < count; i++) {
		struct vm_page *page = vm_page_alloc(0);
		if (page == NULL) {
			*tail = NULL;
			vm_user_pages_free(head);
			return KERN_RESOURCE_SHORTAGE;
		}
		if (zero)
			memset(phystokv(vm_page_to_phys(page)), 0, PAGE_SIZE);
		*tail = page;
		tail = &page->vmp_next;
	}
	*tail = NULL;
	*list = head;
	return KERN_SUCCESS;
}

void
vm_user_pages_free(struct vm_page *list)
{
	while (list != NULL) {
		struct vm_page *next = list->vmp_next;
		vm_page_free(list, 0);
		list = next;
	}
}

/* Maps the count pages of list at addr: all VM_PROT_DEFAULT, or page i
 * prots[i].  Returns as pmap_enter_list, *entered the pages mapped. */
static kern_return_t
vm_user_pages_map_locked(struct task *task, vm_offset_t addr, vm_size_t count,
			 struct vm_page *list, const uint8_t *prots,
			 vm_size_t *entered)
{
	if (prots == NULL)
		return pmap_enter_list(task->task_pmap, addr, list, count,
				       VM_PROT_DEFAULT, entered);
	kern_return_t kr = KERN_SUCCESS;
	vm_size_t i;
	for (i = 0; i < count && kr == KERN_SUCCESS; list = list->vmp_next) {
		kr = pmap_enter(task->task_pmap, addr + i * PAGE_SIZE,
				vm_page_to_phys(list), prots[i]);
		i += kr == KERN_SUCCESS;
	}
	*entered = i;
	return kr;
}

kern_return_t
vm_user_pages_enter(struct task *task, vm_offset_t *addr, vm_size_t count,
		    boolean_t anywhere, struct vm_page *list,
		    const uint8_t *prots)
{
	vm_size_t entered = 0;

	simple_lock(&task->task_lock);
	kern_return_t kr = vm_user_place_locked(task, addr, count, anywhere);
	if (kr == KERN_SUCCESS)
		kr = vm_user_pages_map_locked(task, *addr, count, list, prots,
					      &entered);
	if (kr != KERN_SUCCESS) /* the list is untouched: unmap, no more */
		pmap_remove(task->task_pmap, *addr,
			    *addr + entered * PAGE_SIZE);
	else
		for (vm_size_t i = 0; i < count; i++) { /* relinked: */
			struct vm_page *next = list->vmp_next;
			vm_user_link_page_locked(task, list); /* the task's */
			list = next;
		}
	simple_unlock(&task->task_lock);
	return kr;
}

/* Checks that the count pages at addr are mapped and readable. */
static kern_return_t
vm_user_check_readable_locked(struct task *task, vm_offset_t addr,
			      vm_size_t count)
{
	for (vm_size_t i = 0; i < count; i++) {
		vm_prot_t prot;
		if (pmap_lookup(task->task_pmap, addr + i * PAGE_SIZE, &prot) ==
		    0)
			return KERN_INVALID_ADDRESS;
		if (!(prot & VM_PROT_READ))
			return KERN_PROTECTION_FAILURE;
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_user_pages_remove(struct task *task, vm_offset_t addr, vm_size_t count,
		     struct vm_page **list, uint8_t *prots)
{
	struct vm_page *head = NULL, **tail = &head;

	if (!vm_user_range_valid(addr, count * PAGE_SIZE))
		return KERN_INVALID_ADDRESS;
	simple_lock(&task->task_lock);
	kern_return_t kr = vm_user_check_readable_locked(task, addr, count);
	for (vm_size_t i = 0; kr == KERN_SUCCESS && i < count; i++) {
		vm_prot_t prot;
		pmap_lookup(task->task_pmap, addr + i * PAGE_SIZE, &prot);
		prots[i] = prot;
		*tail = vm_user_take_page_locked(task, addr + i * PAGE_SIZE);
		tail = &(*tail)->vmp_next;
	}
	*tail = NULL;
	if (kr == KERN_SUCCESS)
		vm_user_note_freed_locked(task, addr);
	simple_unlock(&task->task_lock);
	*list = head;
	return kr;
}

kern_return_t
vm_allocate(struct task *task, vm_offset_t *addr, vm_size_t size,
	    boolean_t anywhere)
{
	struct vm_page_statistics stats;
	struct vm_page *pages;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (size == 0)
		return KERN_INVALID_ARGUMENT;
	if (size > USER_MAX_ADDRESS)
		return KERN_NO_SPACE;
	size = round_page(size);
	if (!anywhere && !vm_user_range_valid(*addr, size))
		return KERN_INVALID_ADDRESS;
	/* Checked again under the lock; here only to save the zeroing. */
	if (!anywhere && !vm_user_range_free(task, *addr, size))
		return KERN_NO_SPACE;
	vm_page_statistics(&stats);
	if (size / PAGE_SIZE > stats.vps_free)
		return KERN_RESOURCE_SHORTAGE;
	/* Zeroed with no lock held: then the lock only maps them. */
	kern_return_t kr = vm_user_pages_alloc(size / PAGE_SIZE, TRUE, &pages);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_user_pages_enter(task, addr, size / PAGE_SIZE, anywhere, pages,
				 NULL);
	if (kr != KERN_SUCCESS)
		vm_user_pages_free(pages);
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
	vm_user_note_freed_locked(task, addr);
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

/*
 * Copies between kernel memory and task's pages, one page at a time
 * under the task's lock (so that the page cannot go meanwhile); to_task
 * says which way.  need is the access the task's pages must allow.
 */
static kern_return_t
vm_user_copy(struct task *task, vm_offset_t addr, void *kernel, vm_size_t len,
	     int to_task, vm_prot_t need)
{
	char *buf = kernel;

	while (len > 0) {
		vm_size_t chunk = PAGE_SIZE - (addr & PAGE_MASK);
		vm_prot_t prot;
		if (chunk > len)
			chunk = len;
		simple_lock(&task->task_lock);
		phys_addr_t pa = pmap_lookup(task->task_pmap, addr, &prot);
		if (pa == 0 || (prot & need) != need) {
			simple_unlock(&task->task_lock);
			return pa == 0 ? KERN_INVALID_ADDRESS
				       : KERN_PROTECTION_FAILURE;
		}
		if (to_task)
			memcpy(phystokv(pa), buf, chunk);
		else
			memcpy(buf, phystokv(pa), chunk);
		simple_unlock(&task->task_lock);
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
	if (len > 0 &&
	    (addr >= USER_MAX_ADDRESS || len > USER_MAX_ADDRESS - addr))
		return KERN_INVALID_ADDRESS;
	return vm_user_copy(task, addr, (void *)data, len, 1, VM_PROT_NONE);
}

kern_return_t
vm_user_read(struct task *task, vm_offset_t addr, void *data, vm_size_t len)
{
	if (len > 0 &&
	    (addr >= USER_MAX_ADDRESS || len > USER_MAX_ADDRESS - addr))
		return KERN_INVALID_ADDRESS;
	return vm_user_copy(task, addr, data, len, 0, VM_PROT_READ);
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
