/*
 * kalloc and kfree (see kern/kalloc.h): zones of power-of-two sizes for
 * small requests, page blocks for the rest.
 */
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/zalloc.h>
#include <vm/vm_page.h>

#define KALLOC_ZONE_COUNT 8 /* 16, 32, ... 2048 */

static_assert(KALLOC_ZONE_MIN << (KALLOC_ZONE_COUNT - 1) == KALLOC_ZONE_MAX,
	      "one zone per power of two");
static_assert(KALLOC_ZONE_MAX <= PAGE_SIZE, "zones hold at most a page");

static const char *const kalloc_zone_names[KALLOC_ZONE_COUNT] = {
    "kalloc.16",  "kalloc.32",	"kalloc.64",   "kalloc.128",
    "kalloc.256", "kalloc.512", "kalloc.1024", "kalloc.2048",
};
static struct zone *kalloc_zones[KALLOC_ZONE_COUNT]; /* set at boot */

void
kalloc_bootstrap(void)
{
	for (int i = 0; i < KALLOC_ZONE_COUNT; i++) {
		kalloc_zones[i] = zone_create(kalloc_zone_names[i],
					      (size_t)KALLOC_ZONE_MIN << i);
		if (kalloc_zones[i] == NULL)
			panic("kalloc_bootstrap: no memory for the zones");
	}
}

/* The zone for size bytes (at most KALLOC_ZONE_MAX). */
static struct zone *
kalloc_zone(size_t size)
{
	int i = 0;

	while (((size_t)KALLOC_ZONE_MIN << i) < size)
		i++;
	return kalloc_zones[i];
}

/* The smallest page order whose block holds size bytes (may exceed
 * VM_PAGE_MAX_ORDER: the caller checks). */
static unsigned int
kalloc_page_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *
kalloc(size_t size)
{
	if (size == 0 || size > (PAGE_SIZE << VM_PAGE_MAX_ORDER))
		return NULL;
	if (size <= KALLOC_ZONE_MAX)
		return zalloc(kalloc_zone(size));
	return vm_page_alloc_kva(kalloc_page_order(size));
}

void
kfree(void *addr, size_t size)
{
	assert(addr != NULL);
	assert(size > 0 && size <= (PAGE_SIZE << VM_PAGE_MAX_ORDER));

	if (size <= KALLOC_ZONE_MAX)
		zfree(kalloc_zone(size), addr);
	else
		vm_page_free_kva(addr, kalloc_page_order(size));
}
