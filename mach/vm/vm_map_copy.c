/*
 * Copy objects (see vm/vm_map_copy.h): two kinds today.
 *
 *	page list	whole pages linked through vmp_next, made from task
 *			memory; the data starts cpy_offset bytes into the
 *			first.  A plain copy has fresh pages with the data
 *			at offset 0 and the rest of the last page zeroed; a
 *			src_destroy copy has the source's own pages, with
 *			their offset and their protections (cpy_prots, to
 *			put them back).  Copied out by mapping the pages:
 *			nothing is copied or zeroed then.
 *	kernel buffer	the data in the same kalloc block as the header,
 *			made by the kernel; copied out into fresh pages.
 *
 * So a region sent out-of-line is copied once (none with deallocate),
 * and copy-on-write will take the copy away altogether.
 */
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/string.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_page.h>
#include <vm/vm_user.h>

enum vm_map_copy_type {
	VM_MAP_COPY_PAGE_LIST,
	VM_MAP_COPY_KERNEL_BUFFER,
};

struct vm_map_copy {
	enum vm_map_copy_type cpy_type;
	vm_size_t cpy_size;	   /* bytes of data */
	vm_offset_t cpy_source;	   /* the source's address (page list) */
	vm_offset_t cpy_offset;	   /* where the data starts in page 0 */
	struct vm_page *cpy_pages; /* page list, in order */
	vm_size_t cpy_page_count;
	uint8_t *cpy_prots; /* taken pages' protections, or NULL */
};

/* A kernel buffer's data follows its header. */
static inline void *
vm_map_copy_kdata(vm_map_copy_t copy)
{
	return copy + 1;
}

/* Fills count fresh pages with the size bytes of task's memory at addr,
 * from offset 0, and zeroes the rest of the last page. */
static kern_return_t
vm_map_copy_fill_pages(struct task *task, vm_offset_t addr, vm_size_t size,
		       struct vm_page *pages)
{
	for (struct vm_page *page = pages; page != NULL;
	     page = page->vmp_next) {
		char *kva = phystokv(vm_page_to_phys(page));
		vm_size_t chunk = size < PAGE_SIZE ? size : PAGE_SIZE;
		kern_return_t kr = vm_user_read(task, addr, kva, chunk);
		if (kr != KERN_SUCCESS)
			return kr;
		memset(kva + chunk, 0, PAGE_SIZE - chunk);
		addr += chunk;
		size -= chunk;
	}
	return KERN_SUCCESS;
}

/* A plain copy: fresh pages holding the data. */
static kern_return_t
vm_map_copyin_pages(struct task *task, vm_offset_t addr, vm_size_t size,
		    vm_map_copy_t copy)
{
	struct vm_page_statistics stats;
	vm_size_t count = round_page(size) / PAGE_SIZE;

	vm_page_statistics(&stats);
	if (count > stats.vps_free)
		return KERN_RESOURCE_SHORTAGE;
	kern_return_t kr = vm_user_pages_alloc(count, FALSE, &copy->cpy_pages);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_copy_fill_pages(task, addr, size, copy->cpy_pages);
	if (kr != KERN_SUCCESS) {
		vm_user_pages_free(copy->cpy_pages);
		return kr;
	}
	copy->cpy_page_count = count;
	copy->cpy_offset = 0;
	copy->cpy_prots = NULL;
	return KERN_SUCCESS;
}

/* A src_destroy copy: the source's own pages, taken out of the task. */
static kern_return_t
vm_map_copyin_take(struct task *task, vm_offset_t addr, vm_size_t size,
		   vm_map_copy_t copy)
{
	vm_offset_t start = trunc_page(addr);
	vm_size_t count = (round_page(addr + size) - start) / PAGE_SIZE;
	uint8_t *prots = kalloc(count);

	if (prots == NULL)
		return KERN_RESOURCE_SHORTAGE;
	kern_return_t kr =
	    vm_user_pages_remove(task, start, count, &copy->cpy_pages, prots);
	if (kr != KERN_SUCCESS) {
		kfree(prots, count);
		return kr;
	}
	copy->cpy_page_count = count;
	copy->cpy_offset = addr - start;
	copy->cpy_prots = prots;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copyin(struct task *task, vm_offset_t addr, vm_size_t size,
	      boolean_t src_destroy, vm_map_copy_t *copy)
{
	*copy = NULL;
	if (size == 0)
		return KERN_SUCCESS;
	if (addr < USER_MIN_ADDRESS || addr >= USER_MAX_ADDRESS ||
	    size > USER_MAX_ADDRESS - addr)
		return KERN_INVALID_ADDRESS;
	vm_map_copy_t c = kalloc(sizeof(*c));
	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	c->cpy_type = VM_MAP_COPY_PAGE_LIST;
	c->cpy_size = size;
	c->cpy_source = addr;
	kern_return_t kr = src_destroy
			       ? vm_map_copyin_take(task, addr, size, c)
			       : vm_map_copyin_pages(task, addr, size, c);
	if (kr != KERN_SUCCESS) {
		kfree(c, sizeof(*c));
		return kr;
	}
	*copy = c;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_kernel_buffer(vm_size_t size, vm_map_copy_t *copy, void **data)
{
	assert(size > 0);
	vm_map_copy_t c = kalloc(sizeof(*c) + size); /* NULL above 4 MiB */

	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	c->cpy_type = VM_MAP_COPY_KERNEL_BUFFER;
	c->cpy_size = size;
	c->cpy_source = 0;
	c->cpy_offset = 0;
	c->cpy_pages = NULL;
	c->cpy_page_count = 0;
	c->cpy_prots = NULL;
	*copy = c;
	*data = vm_map_copy_kdata(c);
	return KERN_SUCCESS;
}

/* Frees the header (and protections) of a copy whose data is gone. */
static void
vm_map_copy_free_header(vm_map_copy_t copy)
{
	if (copy->cpy_prots != NULL)
		kfree(copy->cpy_prots, copy->cpy_page_count);
	kfree(copy, sizeof(*copy));
}

void
vm_map_copy_discard(vm_map_copy_t copy)
{
	if (copy == NULL)
		return;
	if (copy->cpy_type == VM_MAP_COPY_KERNEL_BUFFER) {
		kfree(copy, sizeof(*copy) + copy->cpy_size);
		return;
	}
	vm_user_pages_free(copy->cpy_pages);
	vm_map_copy_free_header(copy);
}

/* Turns a kernel buffer into fresh pages holding its data (the buffer
 * stays allocated). */
static kern_return_t
vm_map_copy_buffer_pages(vm_map_copy_t copy, struct vm_page **list)
{
	const char *data = vm_map_copy_kdata(copy);
	vm_size_t left = copy->cpy_size;

	kern_return_t kr =
	    vm_user_pages_alloc(round_page(left) / PAGE_SIZE, FALSE, list);
	if (kr != KERN_SUCCESS)
		return kr;
	for (struct vm_page *page = *list; page != NULL;
	     page = page->vmp_next) {
		char *kva = phystokv(vm_page_to_phys(page));
		vm_size_t chunk = left < PAGE_SIZE ? left : PAGE_SIZE;
		memcpy(kva, data, chunk);
		memset(kva + chunk, 0, PAGE_SIZE - chunk);
		data += chunk;
		left -= chunk;
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copyout(struct task *task, vm_offset_t *addr, vm_map_copy_t copy)
{
	vm_offset_t base = 0;

	assert(copy != NULL);
	if (copy->cpy_type == VM_MAP_COPY_KERNEL_BUFFER) {
		struct vm_page *pages = NULL;
		vm_size_t count = round_page(copy->cpy_size) / PAGE_SIZE;
		kern_return_t kr = vm_map_copy_buffer_pages(copy, &pages);
		if (kr == KERN_SUCCESS)
			kr = vm_user_pages_enter(task, &base, count, TRUE,
						 pages, NULL);
		if (kr != KERN_SUCCESS) {
			if (pages != NULL)
				vm_user_pages_free(pages);
			return kr;
		}
		*addr = base;
		vm_map_copy_discard(copy);
		return KERN_SUCCESS;
	}
	kern_return_t kr = vm_user_pages_enter(
	    task, &base, copy->cpy_page_count, TRUE, copy->cpy_pages, NULL);
	if (kr != KERN_SUCCESS)
		return kr;
	*addr = base + copy->cpy_offset;
	vm_map_copy_free_header(copy);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_overwrite(struct task *task, vm_offset_t addr, vm_map_copy_t copy)
{
	kern_return_t kr = KERN_SUCCESS;

	assert(copy != NULL);
	if (copy->cpy_type == VM_MAP_COPY_KERNEL_BUFFER) {
		kr = vm_user_write(task, addr, vm_map_copy_kdata(copy),
				   copy->cpy_size);
	} else {
		vm_size_t left = copy->cpy_size, offset = copy->cpy_offset;
		for (struct vm_page *page = copy->cpy_pages;
		     left > 0 && kr == KERN_SUCCESS; page = page->vmp_next) {
			vm_size_t chunk = PAGE_SIZE - offset;
			if (chunk > left)
				chunk = left;
			kr = vm_user_write(
			    task, addr,
			    (char *)phystokv(vm_page_to_phys(page)) + offset,
			    chunk);
			addr += chunk;
			left -= chunk;
			offset = 0;
		}
	}
	if (kr == KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

kern_return_t
vm_map_copy_restore(struct task *task, vm_map_copy_t copy)
{
	if (copy == NULL)
		return KERN_SUCCESS;
	if (copy->cpy_prots == NULL) { /* the source never changed */
		vm_map_copy_discard(copy);
		return KERN_SUCCESS;
	}
	vm_offset_t start = trunc_page(copy->cpy_source);
	kern_return_t kr =
	    vm_user_pages_enter(task, &start, copy->cpy_page_count, FALSE,
				copy->cpy_pages, copy->cpy_prots);
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard(copy);
		return kr;
	}
	vm_map_copy_free_header(copy);
	return KERN_SUCCESS;
}
