/*
 * Copy objects (see vm/vm_map_copy.h): two kinds.
 *
 *	entry list	map entries out of any map (chained by vme_link,
 *			addresses still the source's), made from task
 *			memory: a plain copy shares the source's objects
 *			copy-on-write, both sides marked "needs copy", so
 *			no data moves when it is made or placed; a
 *			src_destroy copy holds the very entries taken out
 *			of the source.  The data starts cpy_offset bytes
 *			into the first page.
 *	kernel buffer	the data in the same kalloc block as the header,
 *			made by the kernel; copied out into fresh memory.
 *
 * So a region sent out-of-line costs what its entries cost, whatever its
 * size; the data is copied a page at a time, later, by whichever side
 * writes to it first.
 */
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/string.h>
#include <kern/task.h>
#include <vm/pmap.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_user.h>

enum vm_map_copy_type {
	VM_MAP_COPY_ENTRY_LIST,
	VM_MAP_COPY_KERNEL_BUFFER,
};

struct vm_map_copy {
	enum vm_map_copy_type cpy_type;
	vm_size_t cpy_size;	/* bytes of data */
	vm_offset_t cpy_start;	/* entry list: the source's first page */
	vm_offset_t cpy_offset; /* where the data starts in that page */
	struct vm_map_entry *cpy_entries; /* entry list, in address order */
	boolean_t cpy_taken; /* the entries were the source's own */
};

/* A kernel buffer's data follows its header. */
static inline void *
vm_map_copy_kdata(vm_map_copy_t copy)
{
	return copy + 1;
}

/* The pages [start, end) of map, taken out whole. */
static kern_return_t
vm_map_copyin_take_locked(struct vm_map *map, vm_offset_t start,
			  vm_offset_t end, vm_map_copy_t copy)
{
	kern_return_t kr = vm_map_entry_remove_range(&map->vm_header, start,
						     end, &copy->cpy_entries);

	if (kr != KERN_SUCCESS)
		return kr;
	pmap_remove(map->vm_pmap, start, end);
	map->vm_size -= end - start;
	copy->cpy_taken = TRUE;
	return KERN_SUCCESS;
}

/* Copy-on-write copies of the entries of [start, end). */
static kern_return_t
vm_map_copyin_share_locked(struct vm_map *map, vm_offset_t start,
			   vm_offset_t end, vm_map_copy_t copy)
{
	struct vm_map_entry **tail = &copy->cpy_entries;
	kern_return_t kr = vm_map_entry_clip_range(&map->vm_header, start, end);

	for (struct vm_map_entry *e = vm_map_lookup_entry_locked(map, start);
	     kr == KERN_SUCCESS && e != NULL && e->vme_start < end;
	     e = vm_map_entry_next(e)) {
		struct vm_map_entry *c = vm_map_entry_alloc(&map->vm_header);
		if (c == NULL) {
			kr = KERN_RESOURCE_SHORTAGE;
			break;
		}
		c->vme_start = e->vme_start;
		c->vme_end = e->vme_end;
		c->vme_protection = e->vme_protection;
		c->vme_max_protection = e->vme_max_protection;
		c->vme_inheritance = e->vme_inheritance;
		*tail = c;
		tail = &c->vme_link;
		kr = vm_map_entry_copy_locked(map->vm_pmap, e, c);
	}
	*tail = NULL;
	copy->cpy_taken = FALSE;
	return kr;
}

/*
 * A copy of the default pager's data (a page it supplies), made at
 * once in a kernel buffer: shared copy-on-write, the pages it reads
 * from could be paged out (to the default pager itself) before the
 * kernel has read them.
 */
static kern_return_t
vm_map_copyin_by_value(struct task *task, vm_offset_t addr, vm_size_t size,
		       vm_map_copy_t *copy)
{
	void *data;
	kern_return_t kr = vm_map_copy_kernel_buffer(size, copy, &data);

	if (kr == KERN_SUCCESS)
		kr = vm_user_read(task, addr, data, size);
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard(*copy);
		*copy = NULL;
	}
	return kr;
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
	if (!src_destroy && size <= PAGE_SIZE &&
	    vm_pageout_is_default_pager(task))
		return vm_map_copyin_by_value(task, addr, size, copy);
	vm_map_copy_t c = kalloc(sizeof(*c));
	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_offset_t start = trunc_page(addr), end = round_page(addr + size);
	c->cpy_type = VM_MAP_COPY_ENTRY_LIST;
	c->cpy_size = size;
	c->cpy_start = start;
	c->cpy_offset = addr - start;
	c->cpy_entries = NULL;

	struct vm_map *map = task->task_map;
	simple_lock(&map->vm_lock);
	kern_return_t kr =
	    vm_map_range_check_locked(map, start, end, VM_PROT_READ);
	if (kr == KERN_SUCCESS && src_destroy)
		kr = vm_map_copyin_take_locked(map, start, end, c);
	else if (kr == KERN_SUCCESS)
		kr = vm_map_copyin_share_locked(map, start, end, c);
	simple_unlock(&map->vm_lock);
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard(c);
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
	memset(c, 0, sizeof(*c));
	c->cpy_type = VM_MAP_COPY_KERNEL_BUFFER;
	c->cpy_size = size;
	*copy = c;
	*data = vm_map_copy_kdata(c);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_object(struct vm_object *object, vm_size_t size,
		   vm_map_copy_t *copy)
{
	assert(size > 0 && (size & PAGE_MASK) == 0);
	vm_map_copy_t c = kalloc(sizeof(*c));
	struct vm_map_entry *e = vm_map_entry_zone_alloc();

	if (c == NULL || e == NULL) {
		if (c != NULL)
			kfree(c, sizeof(*c));
		if (e != NULL)
			vm_map_entry_zone_free(e);
		return KERN_RESOURCE_SHORTAGE;
	}
	memset(e, 0, sizeof(*e));
	e->vme_start = 0;
	e->vme_end = size;
	e->vme_object = object;
	e->vme_protection = VM_PROT_DEFAULT;
	e->vme_max_protection = VM_PROT_ALL;
	e->vme_inheritance = VM_INHERIT_DEFAULT;
	memset(c, 0, sizeof(*c));
	c->cpy_type = VM_MAP_COPY_ENTRY_LIST;
	c->cpy_size = size;
	c->cpy_entries = e;
	*copy = c;
	return KERN_SUCCESS;
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
	vm_map_entries_free(copy->cpy_entries);
	kfree(copy, sizeof(*copy));
}

/*
 * Links the copy's entries into map, moved by delta, with the attributes
 * fresh memory has (or, restoring, their own).  The range is free (the
 * caller checked, map locked), so linking cannot fail.
 */
static void
vm_map_copy_link_locked(struct vm_map *map, vm_map_copy_t copy,
			vm_offset_t delta, boolean_t restoring)
{
	struct vm_map_entry *e = copy->cpy_entries, *next;

	for (; e != NULL; e = next) {
		next = e->vme_link;
		e->vme_link = NULL;
		e->vme_start += delta;
		e->vme_end += delta;
		if (!restoring) {
			e->vme_protection = VM_PROT_DEFAULT;
			e->vme_max_protection = VM_PROT_ALL;
			e->vme_inheritance = VM_INHERIT_DEFAULT;
		}
		kern_return_t kr = vm_map_entry_link(&map->vm_header, e);
		assert(kr == KERN_SUCCESS);
		map->vm_size += e->vme_end - e->vme_start;
	}
	copy->cpy_entries = NULL;
}

/* The pages an entry list spans. */
static vm_size_t
vm_map_copy_span(vm_map_copy_t copy)
{
	return round_page(copy->cpy_offset + copy->cpy_size);
}

kern_return_t
vm_map_copyout(struct task *task, vm_offset_t *addr, vm_map_copy_t copy)
{
	struct vm_map *map = task->task_map;
	vm_offset_t base = VM_USER_ANYWHERE_BASE;

	assert(copy != NULL);
	if (copy->cpy_type == VM_MAP_COPY_KERNEL_BUFFER) {
		kern_return_t kr =
		    vm_allocate(task, &base, copy->cpy_size, TRUE);
		if (kr != KERN_SUCCESS)
			return kr;
		kr = vm_user_write(task, base, vm_map_copy_kdata(copy),
				   copy->cpy_size);
		if (kr != KERN_SUCCESS) {
			vm_deallocate(task, base, copy->cpy_size);
			return kr;
		}
		*addr = base;
		vm_map_copy_discard(copy);
		return KERN_SUCCESS;
	}
	simple_lock(&map->vm_lock);
	kern_return_t kr = vm_map_entry_find_space(
	    &map->vm_header, vm_map_copy_span(copy), 0, base, &base);
	if (kr == KERN_SUCCESS)
		vm_map_copy_link_locked(map, copy, base - copy->cpy_start,
					FALSE);
	simple_unlock(&map->vm_lock);
	if (kr != KERN_SUCCESS)
		return kr;
	*addr = base + copy->cpy_offset;
	vm_map_copy_discard(copy);
	return KERN_SUCCESS;
}

/*
 * Copies len bytes (within one page) of the copy's data at offset from
 * its first page's start into kernel memory at dst, bringing the page
 * back from a pager if it went to one.  No lock held.
 */
static kern_return_t
vm_map_copy_read_page(vm_map_copy_t copy, vm_offset_t offset, char *dst,
		      vm_size_t len)
{
	vm_offset_t va = copy->cpy_start + offset;
	struct vm_map_entry *e = copy->cpy_entries;

	while (e->vme_end <= va)
		e = e->vme_link;
	if (e->vme_object == NULL) {
		memset(dst, 0, len);
		return KERN_SUCCESS;
	}
	struct vm_page *page;
	kern_return_t kr = vm_fault_object_page_lock(
	    e->vme_object, e->vme_offset + trunc_page(va) - e->vme_start,
	    &page);
	if (kr != KERN_SUCCESS)
		return kr;
	if (page == NULL)
		memset(dst, 0, len);
	else
		memcpy(dst,
		       (char *)phystokv(vm_page_to_phys(page)) +
			   (va & PAGE_MASK),
		       len);
	simple_unlock(&vm_object_lock);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_read(vm_map_copy_t copy, vm_size_t offset, void *dst, vm_size_t len)
{
	if (offset > copy->cpy_size || len > copy->cpy_size - offset)
		return KERN_INVALID_ARGUMENT;
	if (copy->cpy_type == VM_MAP_COPY_KERNEL_BUFFER) {
		memcpy(dst, (char *)vm_map_copy_kdata(copy) + offset, len);
		return KERN_SUCCESS;
	}
	char *to = dst;
	while (len > 0) {
		vm_offset_t at = copy->cpy_offset + offset;
		vm_size_t chunk = PAGE_SIZE - (at & PAGE_MASK);
		if (chunk > len)
			chunk = len;
		kern_return_t kr = vm_map_copy_read_page(copy, at, to, chunk);
		if (kr != KERN_SUCCESS)
			return kr;
		to += chunk;
		offset += chunk;
		len -= chunk;
	}
	return KERN_SUCCESS;
}

/*
 * Writes the entry list's data into map at addr, a page at a time,
 * through a buffer: the source page may have to come back from a pager
 * first, which must not happen with the map locked.
 */
static kern_return_t
vm_map_copy_overwrite_entries(struct vm_map *map, vm_offset_t addr,
			      vm_map_copy_t copy)
{
	char *buffer = kalloc(PAGE_SIZE);
	vm_offset_t done = 0;
	kern_return_t kr =
	    buffer != NULL ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;

	while (kr == KERN_SUCCESS && done < copy->cpy_size) {
		vm_size_t chunk = PAGE_SIZE - ((addr + done) & PAGE_MASK);
		vm_size_t from = (copy->cpy_offset + done) & PAGE_MASK;
		if (chunk > PAGE_SIZE - from)
			chunk = PAGE_SIZE - from;
		if (chunk > copy->cpy_size - done)
			chunk = copy->cpy_size - done;
		kr = vm_map_copy_read(copy, done, buffer, chunk);
		struct vm_page *page;
		if (kr == KERN_SUCCESS)
			kr = vm_fault_page_lock(map, addr + done, VM_PROT_WRITE,
						FALSE, &page);
		if (kr != KERN_SUCCESS)
			break;
		memcpy((char *)phystokv(vm_page_to_phys(page)) +
			   ((addr + done) & PAGE_MASK),
		       buffer, chunk);
		simple_unlock(&map->vm_lock);
		done += chunk;
	}
	if (buffer != NULL)
		kfree(buffer, PAGE_SIZE);
	return kr;
}

kern_return_t
vm_map_copy_overwrite(struct task *task, vm_offset_t addr, vm_map_copy_t copy)
{
	struct vm_map *map = task->task_map;
	vm_offset_t start = trunc_page(addr);

	assert(copy != NULL);
	if (addr < USER_MIN_ADDRESS || addr >= USER_MAX_ADDRESS ||
	    copy->cpy_size > USER_MAX_ADDRESS - addr)
		return KERN_INVALID_ADDRESS;
	vm_offset_t end = round_page(addr + copy->cpy_size);
	simple_lock(&map->vm_lock);
	kern_return_t kr =
	    vm_map_range_check_locked(map, start, end, VM_PROT_WRITE);
	simple_unlock(&map->vm_lock);
	if (kr == KERN_SUCCESS && copy->cpy_type == VM_MAP_COPY_KERNEL_BUFFER)
		kr = vm_user_write(task, addr, vm_map_copy_kdata(copy),
				   copy->cpy_size);
	else if (kr == KERN_SUCCESS)
		kr = vm_map_copy_overwrite_entries(map, addr, copy);
	if (kr == KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

kern_return_t
vm_map_copy_restore(struct task *task, vm_map_copy_t copy)
{
	if (copy == NULL)
		return KERN_SUCCESS;
	if (copy->cpy_type != VM_MAP_COPY_ENTRY_LIST || !copy->cpy_taken) {
		vm_map_copy_discard(copy); /* the source never changed */
		return KERN_SUCCESS;
	}
	struct vm_map *map = task->task_map;
	vm_offset_t start = copy->cpy_start,
		    end = start + vm_map_copy_span(copy);
	simple_lock(&map->vm_lock);
	struct vm_map_entry *e = NULL;
	boolean_t free = !vm_map_entry_lookup(&map->vm_header, start, &e);
	e = e != NULL ? vm_map_entry_next(e)
		      : vm_map_entry_first(&map->vm_header);
	free = free && (e == NULL || e->vme_start >= end);
	if (free)
		vm_map_copy_link_locked(map, copy, 0, TRUE);
	simple_unlock(&map->vm_lock);
	vm_map_copy_discard(copy);
	return free ? KERN_SUCCESS : KERN_NO_SPACE;
}
