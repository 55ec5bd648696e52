/*
 * The physical page allocator: a binary buddy allocator over the array
 * of struct vm_page.
 *
 * Memory is kept as segments, maximal runs of whole usable pages:
 * vm_page_bootstrap drops the partial pages at the edges of each region
 * it is given, sorts the regions and joins those that touch or overlap.
 * Each segment describes its own pages with an array of struct vm_page
 * that lives in the segment's first pages; those pages are reserved for
 * good (they count in the total, never in the free count, and freeing
 * one panics).  A segment too small to hold its array and one more page
 * is ignored.
 *
 * A block of order k is 2^k pages inside one segment whose first page
 * number is a multiple of 2^k, so a block is aligned to its size in
 * physical memory.  Its buddy is the block of the same order whose page
 * number differs in bit k only.  A freed block merges with its buddy for
 * as long as the buddy is a free block of the same order.
 *
 * Page states, all under vm_page_lock:
 *	head of a free block		vmp_free 1, vmp_order its order,
 *					on vm_page_free_lists[order]
 *	head of an allocated block	vmp_free 0, vmp_order its order
 *	any other page (the rest of a	vmp_free 0,
 *	block, or the page array)	vmp_order VM_PAGE_ORDER_NONE
 * so vm_page_free tells in constant time a double free (vmp_free set)
 * from a page that heads no allocated block of that order.
 *
 * In the checking kernel (MACH_CHECK) vm_page_free fills every page it
 * frees with VM_PAGE_POISON and sets its vmp_poisoned, and vm_page_alloc
 * checks the fill of each such page it hands out: a write to a freed
 * page (a use after free, a stale mapping) panics with the page and the
 * offset written.  Pages free since boot hold no poison.
 *
 * Entry points: vm_page_bootstrap, vm_page_alloc, vm_page_free,
 * vm_page_lookup, vm_page_alloc_kva, vm_page_free_kva,
 * vm_page_statistics.  The segment table is written only by
 * vm_page_bootstrap, so vm_page_lookup reads it without the lock.
 */
#include <kern/debug.h>
#include <kern/failalloc.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <vm/vm_page.h>

#define VM_PAGE_MAX_SEGMENTS 64	  /* more disjoint runs than this are dropped */
#define VM_PAGE_ORDER_NONE   0xff /* vmp_order of a page heading no block */
#define VM_PAGE_POISON	     0xdbdbdbdbdbdbdbdbul /* checking kernel's fill */

/* A run of whole usable pages: page numbers [vs_first, vs_end). */
struct vm_page_segment {
	uint64_t vs_first;
	uint64_t vs_end;
	struct vm_page *vs_pages; /* vs_end - vs_first entries */
};

static simple_lock_data_t vm_page_lock = SIMPLE_LOCK_INITIALIZER;

/* Written by vm_page_bootstrap only. */
static struct vm_page_segment vm_page_segments[VM_PAGE_MAX_SEGMENTS];
static int vm_page_segment_count;
static unsigned long vm_page_total_count;

/* Guarded by vm_page_lock. */
static struct vm_page *vm_page_free_lists[VM_PAGE_MAX_ORDER + 1];
static unsigned long vm_page_free_count;

static inline uint64_t
vm_page_number(const struct vm_page *page)
{
	return page->vmp_phys >> PAGE_SHIFT;
}

static void
vm_page_push_free(struct vm_page *page, unsigned int order)
{
	struct vm_page *head = vm_page_free_lists[order];

	page->vmp_order = order;
	page->vmp_free = 1;
	page->vmp_prev = NULL;
	page->vmp_next = head;
	if (head != NULL)
		head->vmp_prev = page;
	vm_page_free_lists[order] = page;
}

static void
vm_page_remove_free(struct vm_page *page, unsigned int order)
{
	if (page->vmp_prev != NULL)
		page->vmp_prev->vmp_next = page->vmp_next;
	else
		vm_page_free_lists[order] = page->vmp_next;
	if (page->vmp_next != NULL)
		page->vmp_next->vmp_prev = page->vmp_prev;
	page->vmp_next = NULL;
	page->vmp_prev = NULL;
	page->vmp_free = 0;
}

/*
 * Inserts the pages [first, end) into the segment table, keeping it
 * sorted, then joins the segments that touch or overlap.
 */
static void
vm_page_segment_insert(uint64_t first, uint64_t end)
{
	struct vm_page_segment *segs = vm_page_segments;
	int i, j;

	if (vm_page_segment_count == VM_PAGE_MAX_SEGMENTS)
		return;
	for (i = vm_page_segment_count; i > 0 && segs[i - 1].vs_first > first;
	     i--)
		segs[i] = segs[i - 1];
	segs[i].vs_first = first;
	segs[i].vs_end = end;
	vm_page_segment_count++;

	for (i = 0, j = 1; j < vm_page_segment_count; j++) {
		if (segs[j].vs_first <= segs[i].vs_end) {
			if (segs[j].vs_end > segs[i].vs_end)
				segs[i].vs_end = segs[j].vs_end;
		} else {
			segs[++i] = segs[j];
		}
	}
	vm_page_segment_count = i + 1;
}

/* Turns the regions into page-aligned, sorted, disjoint segments. */
static void
vm_page_collect_segments(const struct phys_region *regions, int count)
{
	phys_addr_t start, end;
	int i;

	for (i = 0; i < count; i++) {
		start = regions[i].pr_start;
		end = regions[i].pr_end;
		if (start > UINT64_MAX - PAGE_MASK)
			continue;
		start = round_page(start);
		end = trunc_page(end);
		if (end > start)
			vm_page_segment_insert(start >> PAGE_SHIFT,
					       end >> PAGE_SHIFT);
	}
}

/* Frees the pages [first, end) of seg as the largest aligned blocks. */
static void
vm_page_free_range(struct vm_page_segment *seg, uint64_t first, uint64_t end)
{
	unsigned int order;

	while (first < end) {
		order = 0;
		while (order < VM_PAGE_MAX_ORDER &&
		       (first & ((2ul << order) - 1)) == 0 &&
		       first + (2ul << order) <= end)
			order++;
		vm_page_push_free(&seg->vs_pages[first - seg->vs_first], order);
		vm_page_free_count += 1ul << order;
		first += 1ul << order;
	}
}

/*
 * Places seg's page array in its first pages, fills it in and frees the
 * remaining pages.  Returns 0 if the segment cannot hold its array and
 * one more page.
 */
static int
vm_page_segment_init(struct vm_page_segment *seg)
{
	uint64_t npages = seg->vs_end - seg->vs_first;
	uint64_t array_pages, i;
	struct vm_page *page;

	array_pages = round_page(npages * sizeof(struct vm_page)) >> PAGE_SHIFT;
	if (array_pages >= npages)
		return 0;
	seg->vs_pages = phystokv(seg->vs_first << PAGE_SHIFT);
	for (i = 0; i < npages; i++) {
		page = &seg->vs_pages[i];
		memset(page, 0, sizeof(*page));
		page->vmp_phys = (seg->vs_first + i) << PAGE_SHIFT;
		page->vmp_order = VM_PAGE_ORDER_NONE;
	}
	vm_page_total_count += npages;
	vm_page_free_range(seg, seg->vs_first + array_pages, seg->vs_end);
	return 1;
}

/*
 * Takes the usable RAM and builds the allocator over it (see the file
 * comment for what happens to unaligned edges, holes, overlaps and small
 * regions).  At most VM_PAGE_MAX_SEGMENTS disjoint runs are kept.
 *
 * Called once at boot, before any other vm_page_* function and before
 * anyone else runs; it starts from scratch each time, which the host
 * tests use to try several memory layouts.
 */
void
vm_page_bootstrap(const struct phys_region *regions, int count)
{
	int i, kept;

	assert(count >= 0);
	assert(regions != NULL || count == 0);

	simple_lock_init(&vm_page_lock);
	for (i = 0; i <= VM_PAGE_MAX_ORDER; i++)
		vm_page_free_lists[i] = NULL;
	vm_page_free_count = 0;
	vm_page_total_count = 0;
	vm_page_segment_count = 0;

	vm_page_collect_segments(regions, count);
	for (i = 0, kept = 0; i < vm_page_segment_count; i++) {
		if (vm_page_segment_init(&vm_page_segments[i]))
			vm_page_segments[kept++] = vm_page_segments[i];
	}
	vm_page_segment_count = kept;
}

#ifdef MACH_CHECK
/* Fills the block of 2^order pages at page with poison. */
static void
vm_page_poison(struct vm_page *page, unsigned int order)
{
	for (uint64_t n = 0; n < (1ul << order); n++, page++) {
		uint64_t *word = phystokv(page->vmp_phys);
		for (size_t i = 0; i < PAGE_SIZE / 8; i++)
			word[i] = VM_PAGE_POISON;
		page->vmp_poisoned = 1;
	}
}

/* The offset of the first byte of page that is not poison, or -1. */
static long
vm_page_poison_damage(const struct vm_page *page)
{
	const uint64_t *word = phystokv(page->vmp_phys);

	for (size_t i = 0; i < PAGE_SIZE / 8; i++)
		if (word[i] !=
		    VM_PAGE_POISON) /* the lowest byte that differs */
			return i * 8 +
			       __builtin_ctzl(word[i] ^ VM_PAGE_POISON) / 8;
	return -1;
}

/*
 * Checks the poison of each page of the block of 2^order pages at page
 * that has it, and forgets it.  Panics, after dropping the lock, if a
 * page was written while free.
 */
static void
vm_page_check_poison_locked(struct vm_page *page, unsigned int order)
{
	for (uint64_t n = 0; n < (1ul << order); n++, page++) {
		if (!page->vmp_poisoned)
			continue;
		page->vmp_poisoned = 0;
		long offset = vm_page_poison_damage(page);
		if (offset >= 0) {
			simple_unlock(&vm_page_lock);
			panic("vm_page_alloc: page %#lx written after free (at "
			      "offset %ld)",
			      (unsigned long)page->vmp_phys, offset);
		}
	}
}
#else
static inline void
vm_page_poison(struct vm_page *page, unsigned int order)
{
	(void)page, (void)order;
}

static inline void
vm_page_check_poison_locked(struct vm_page *page, unsigned int order)
{
	(void)page, (void)order;
}
#endif

/*
 * Allocates 2^order contiguous pages aligned to their size, splitting
 * the smallest free block that is large enough.  Takes and releases
 * vm_page_lock.  Returns the head page, or NULL if no block is free.
 */
struct vm_page *
vm_page_alloc(unsigned int order)
{
	struct vm_page *page;
	unsigned int o;

	assert(order <= VM_PAGE_MAX_ORDER);
	if (failalloc_fail(FAILALLOC_PAGE))
		return NULL;

	simple_lock(&vm_page_lock);
	for (o = order; o <= VM_PAGE_MAX_ORDER; o++) {
		if (vm_page_free_lists[o] != NULL)
			break;
	}
	if (o > VM_PAGE_MAX_ORDER) {
		simple_unlock(&vm_page_lock);
		return NULL;
	}
	page = vm_page_free_lists[o];
	vm_page_remove_free(page, o);
	while (o > order) {
		o--;
		vm_page_push_free(page + (1ul << o), o);
	}
	page->vmp_order = order;
	page->vmp_busy = page->vmp_dirty = 0; /* an object's, from before */
	page->vmp_modified = 0;
	page->vmp_error = 0;
	vm_page_free_count -= 1ul << order;
	vm_page_check_poison_locked(page, order);
	simple_unlock(&vm_page_lock);
	return page;
}

/* The segment whose page array holds the pointer page, or NULL. */
static struct vm_page_segment *
vm_page_segment_of_page(const struct vm_page *page)
{
	struct vm_page_segment *seg;
	uintptr_t p = (uintptr_t)page, base, size;
	int i;

	for (i = 0; i < vm_page_segment_count; i++) {
		seg = &vm_page_segments[i];
		base = (uintptr_t)seg->vs_pages;
		size = (seg->vs_end - seg->vs_first) * sizeof(struct vm_page);
		if (p >= base && p - base < size &&
		    (p - base) % sizeof(struct vm_page) == 0)
			return seg;
	}
	return NULL;
}

/* Frees the block at page into seg, merging it with its free buddies. */
static void
vm_page_merge_locked(struct vm_page_segment *seg, struct vm_page *page,
		     unsigned int order)
{
	uint64_t pfn = vm_page_number(page), buddy_pfn;
	struct vm_page *buddy;

	assert(simple_lock_held(&vm_page_lock));

	while (order < VM_PAGE_MAX_ORDER) {
		buddy_pfn = pfn ^ (1ul << order);
		if (buddy_pfn < seg->vs_first || buddy_pfn >= seg->vs_end)
			break;
		buddy = &seg->vs_pages[buddy_pfn - seg->vs_first];
		if (!buddy->vmp_free || buddy->vmp_order != order)
			break;
		vm_page_remove_free(buddy, order);
		buddy->vmp_order = VM_PAGE_ORDER_NONE;
		page->vmp_order = VM_PAGE_ORDER_NONE;
		pfn &= ~(1ul << order);
		page = &seg->vs_pages[pfn - seg->vs_first];
		order++;
	}
	vm_page_push_free(page, order);
}

/*
 * Frees a block that vm_page_alloc returned with the same order, merging
 * it with its buddies.  Takes and releases vm_page_lock.  Panics if page
 * is not a vm_page, is already free, or does not head an allocated block
 * of that order; the lock is dropped first, so that the panic path does
 * not find it held.
 */
void
vm_page_free(struct vm_page *page, unsigned int order)
{
	struct vm_page_segment *seg;

	assert(page != NULL);
	assert(order <= VM_PAGE_MAX_ORDER);

	simple_lock(&vm_page_lock);
	seg = vm_page_segment_of_page(page);
	if (seg == NULL) {
		simple_unlock(&vm_page_lock);
		panic("vm_page_free: %p is not a vm_page", (void *)page);
	}
	if (page->vmp_free) {
		simple_unlock(&vm_page_lock);
		panic("vm_page_free: double free of page %#lx",
		      (unsigned long)page->vmp_phys);
	}
	if (page->vmp_pv != NULL || page->vmp_object != NULL) {
		simple_unlock(&vm_page_lock);
		panic("vm_page_free: page %#lx is still mapped or in an object",
		      (unsigned long)page->vmp_phys);
	}
	if (page->vmp_order != order) {
		simple_unlock(&vm_page_lock);
		panic("vm_page_free: page %#lx heads no allocated block of "
		      "order %u",
		      (unsigned long)page->vmp_phys, order);
	}
	vm_page_poison(page, order);
	vm_page_free_count += 1ul << order;
	vm_page_merge_locked(seg, page, order);
	simple_unlock(&vm_page_lock);
}

/*
 * Returns the vm_page of the page holding physical address pa, or NULL if
 * the allocator does not manage it.  Needs no lock.
 */
struct vm_page *
vm_page_lookup(phys_addr_t pa)
{
	struct vm_page_segment *seg;
	uint64_t pfn = pa >> PAGE_SHIFT;
	int i;

	for (i = 0; i < vm_page_segment_count; i++) {
		seg = &vm_page_segments[i];
		if (pfn >= seg->vs_first && pfn < seg->vs_end)
			return &seg->vs_pages[pfn - seg->vs_first];
	}
	return NULL;
}

/*
 * vm_page_alloc, returning the block's direct-map address (NULL if no
 * block is free).
 */
void *
vm_page_alloc_kva(unsigned int order)
{
	struct vm_page *page;

	assert(order <= VM_PAGE_MAX_ORDER);

	page = vm_page_alloc(order);
	if (page == NULL)
		return NULL;
	return phystokv(page->vmp_phys);
}

/*
 * Frees a block that vm_page_alloc_kva returned with the same order.
 * Panics as vm_page_free does, and if kva is not managed memory.
 */
void
vm_page_free_kva(void *kva, unsigned int order)
{
	struct vm_page *page;

	assert(kva != NULL);
	assert(((uintptr_t)kva & PAGE_MASK) == 0);
	assert(order <= VM_PAGE_MAX_ORDER);

	page = vm_page_lookup(kvtophys(kva));
	if (page == NULL)
		panic("vm_page_free_kva: %p is not managed memory", kva);
	vm_page_free(page, order);
}

/* Fills *stats with the current counts.  Takes and releases the lock. */
void
vm_page_statistics(struct vm_page_statistics *stats)
{
	assert(stats != NULL);

	simple_lock(&vm_page_lock);
	stats->vps_total = vm_page_total_count;
	stats->vps_free = vm_page_free_count;
	simple_unlock(&vm_page_lock);
}
