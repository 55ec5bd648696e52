/*
 * The kernel's allocator of map entries: a zone (kern/zalloc.h), through
 * the hooks of the entry store (vm/vm_map_entry.h).  Nothing reference
 * counts objects yet, so the object hooks are empty; the VM's objects
 * fill them.
 *
 * Entry points: vm_map_entry_zone_init, vm_map_entry_zone_hooks.
 */
#include <kern/debug.h>
#include <kern/zalloc.h>
#include <vm/vm_map_entry.h>

static struct zone *vm_map_entry_zone; /* written once, at start-up */

void
vm_map_entry_zone_init(void)
{
	assert(vm_map_entry_zone == NULL);
	vm_map_entry_zone =
	    zone_create("vm map entry", sizeof(struct vm_map_entry));
	if (vm_map_entry_zone == NULL)
		panic("vm_map_entry_zone_init: no memory for the zone");
}

static struct vm_map_entry *
vm_map_entry_zone_alloc(void)
{
	assert(vm_map_entry_zone != NULL);
	return zalloc(vm_map_entry_zone);
}

static void
vm_map_entry_zone_free(struct vm_map_entry *entry)
{
	zfree(vm_map_entry_zone, entry);
}

const struct vm_map_entry_hooks vm_map_entry_zone_hooks = {
    .vmeh_alloc = vm_map_entry_zone_alloc,
    .vmeh_free = vm_map_entry_zone_free,
    .vmeh_object_reference = NULL,
    .vmeh_object_release = NULL,
};
