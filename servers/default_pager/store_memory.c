/*
 * The memory store: the pages' data in the default pager's own wired
 * memory, until there is a disk to plug in behind store.h.
 *
 * It keeps a page that is one 8-byte value repeated (a zero page, a
 * page filled with a pattern) as that value alone, and any other page
 * as a copy in a pool page.  Memory given to the default pager is thus
 * still memory, except for those uniform pages: a machine whose
 * anonymous memory is mostly such pages may touch more than its RAM;
 * with general data, RAM plus this store's share of it is the limit
 * until a disk takes its place.
 */
#include "default_pager.h"
#include "store.h"

#include <string.h>

enum {
	DP_MEMORY_EMPTY = 0,
	DP_MEMORY_UNIFORM = 1, /* ds_value: the value repeated */
	DP_MEMORY_COPY = 2,    /* ds_value: the pool page with the data */
};

/* Whether the page is one value repeated (*value). */
static int
dp_memory_uniform(const void *data, uint64_t *value)
{
	const uint64_t *word = data;

	for (unsigned long i = 1; i < DP_PAGE_SIZE / 8; i++)
		if (word[i] != word[0])
			return 0;
	*value = word[0];
	return 1;
}

static void
dp_memory_free(struct dp_store *store, struct dp_slot *slot)
{
	(void)store;
	if (slot->ds_kind == DP_MEMORY_COPY)
		dp_pool_free((void *)(uintptr_t)slot->ds_value);
	slot->ds_kind = DP_MEMORY_EMPTY;
	slot->ds_value = 0;
}

static kern_return_t
dp_memory_write(struct dp_store *store, struct dp_slot *slot, const void *data)
{
	uint64_t value;

	if (dp_memory_uniform(data, &value)) {
		dp_memory_free(store, slot);
		slot->ds_kind = DP_MEMORY_UNIFORM;
		slot->ds_value = value;
		return KERN_SUCCESS;
	}
	if (slot->ds_kind != DP_MEMORY_COPY) {
		void *page = dp_pool_alloc();
		if (page == NULL)
			return KERN_RESOURCE_SHORTAGE;
		dp_memory_free(store, slot);
		slot->ds_kind = DP_MEMORY_COPY;
		slot->ds_value = (uintptr_t)page;
	}
	memcpy((void *)(uintptr_t)slot->ds_value, data, DP_PAGE_SIZE);
	return KERN_SUCCESS;
}

static void
dp_memory_read(struct dp_store *store, const struct dp_slot *slot, void *data)
{
	(void)store;
	if (slot->ds_kind == DP_MEMORY_COPY) {
		memcpy(data, (void *)(uintptr_t)slot->ds_value, DP_PAGE_SIZE);
		return;
	}
	uint64_t *word = data;
	for (unsigned long i = 0; i < DP_PAGE_SIZE / 8; i++)
		word[i] = slot->ds_value;
}

struct dp_store dp_memory_store = {
    .st_name = "memory",
    .st_write = dp_memory_write,
    .st_read = dp_memory_read,
    .st_free = dp_memory_free,
};
