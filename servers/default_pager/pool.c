/*
 * The pool: the default pager's memory after start-up, wired pages
 * taken from the kernel DP_POOL_CHUNK pages at a time and never given
 * back; free ones on a list threaded through their first word.  And
 * dp_wire_all, which wires what the task has before it registers.
 */
#include "default_pager.h"

#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <string.h>

#define DP_POOL_CHUNK 16 /* pages asked of the kernel at once */

static void *dp_pool_free_list;

/* Adds a wired chunk to the free list; 0 if the kernel has none. */
static int
dp_pool_grow(void)
{
	vm_address_t addr = 0;
	vm_size_t size = DP_POOL_CHUNK * DP_PAGE_SIZE;

	if (vm_allocate(dp_self, &addr, size, TRUE) != KERN_SUCCESS)
		return 0;
	if (vm_wire(dp_host_priv, dp_self, addr, size,
		    VM_PROT_READ | VM_PROT_WRITE) != KERN_SUCCESS) {
		vm_deallocate(dp_self, addr, size);
		return 0;
	}
	for (vm_size_t done = 0; done < size; done += DP_PAGE_SIZE)
		dp_pool_free((void *)(addr + done));
	return 1;
}

void *
dp_pool_alloc(void)
{
	if (dp_pool_free_list == NULL && !dp_pool_grow())
		return NULL;
	void **page = dp_pool_free_list;
	dp_pool_free_list = *page;
	memset(page, 0, DP_PAGE_SIZE);
	return page;
}

void
dp_pool_free(void *page)
{
	*(void **)page = dp_pool_free_list;
	dp_pool_free_list = page;
}

int
dp_wire_all(void)
{
	vm_address_t addr = 0;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t name;
	vm_offset_t offset;

	while (vm_region(dp_self, &addr, &size, &prot, &max, &inherit, &shared,
			 &name, &offset) == KERN_SUCCESS) {
		/* (Guard pages, which allow nothing, stay as they are.) */
		if (prot != VM_PROT_NONE && vm_wire(dp_host_priv, dp_self, addr,
						    size, prot) != KERN_SUCCESS)
			return 0;
		addr += size;
	}
	return 1;
}
