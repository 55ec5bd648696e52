/*
 * Host unit tests of the buddy page allocator (mach/vm/vm_page.c).
 *
 * Physical memory is a 16 MiB arena (host_support.c); each test calls
 * vm_page_bootstrap afresh with its own region layout.  The stress test
 * checks the allocator against a shadow map of every page's state, with
 * a fixed seed so that a failure can be replayed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host_support.h"
#include <vm/vm_page.h>

#define ARENA_SIZE  (16ul << 20)
#define ARENA_PAGES (ARENA_SIZE / PAGE_SIZE)
#define MAX_BLOCK   (1ul << VM_PAGE_MAX_ORDER)

/* Pages the page array of an n-page segment takes. */
static unsigned long
array_pages(unsigned long n)
{
	return (n * sizeof(struct vm_page) + PAGE_SIZE - 1) / PAGE_SIZE;
}

static unsigned long
free_pages(void)
{
	struct vm_page_statistics stats;

	vm_page_statistics(&stats);
	return stats.vps_free;
}

static unsigned long
total_pages(void)
{
	struct vm_page_statistics stats;

	vm_page_statistics(&stats);
	return stats.vps_total;
}

static void
bootstrap_whole_arena(void)
{
	struct phys_region region = {0, ARENA_SIZE};

	vm_page_bootstrap(&region, 1);
}

static int
setup(void **state)
{
	(void)state;
	host_arena_create(ARENA_SIZE);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	host_arena_destroy();
	return 0;
}

/*
 * Regions with unaligned edges, a region smaller than a page, one page
 * (too small for its own array), two that touch given in reverse order,
 * and holes between them all.
 */
static const struct phys_region layout[] = {
    {0x1800, 0x8f00},	  /* pages 2..7 */
    {0x10100, 0x10fff},	  /* no whole page */
    {0xa00000, 0xb00000}, /* joins the next one: pages 0x900..0xaff */
    {0x100000, 0x600000}, /* pages 0x100..0x5ff */
    {0x700123, 0x700923}, /* no whole page */
    {0x800000, 0x801000}, /* one page: no room for its array */
    {0x900000, 0xa00000},  {0xc00000, 0xc00000}, /* empty */
    {0xbe0100, 0x1000000}, /* pages 0xbe1..0xfff: its array, then one
			      max-order block (0xc00..0xfff) */
};
#define LAYOUT_COUNT (sizeof(layout) / sizeof(layout[0]))

/* The segments that layout should turn into, as page numbers. */
static const struct {
	unsigned long first, end;
} layout_segments[] = {
    {0x2, 0x8}, {0x100, 0x600}, {0x900, 0xb00}, {0xbe1, 0x1000}};
#define LAYOUT_SEGMENTS 4

static unsigned long
layout_expected_free(void)
{
	unsigned long n, total = 0;

	for (int i = 0; i < LAYOUT_SEGMENTS; i++) {
		n = layout_segments[i].end - layout_segments[i].first;
		total += n - array_pages(n);
	}
	return total;
}

static void
test_bootstrap_counts(void **state)
{
	(void)state;
	vm_page_bootstrap(layout, LAYOUT_COUNT);
	assert_int_equal(total_pages(), 6 + 0x500 + 0x200 + 0x41f);
	assert_int_equal(free_pages(), layout_expected_free());
}

static void
test_bootstrap_array_in_region(void **state)
{
	struct vm_page *page;

	(void)state;
	vm_page_bootstrap(layout, LAYOUT_COUNT);
	for (int i = 0; i < LAYOUT_SEGMENTS; i++) {
		phys_addr_t start = layout_segments[i].first * PAGE_SIZE;
		unsigned long n =
		    layout_segments[i].end - layout_segments[i].first;

		page = vm_page_lookup(start);
		assert_ptr_equal(page, phystokv(start));
		for (unsigned long j = 0; j < n; j++) {
			assert_int_equal(page[j].vmp_phys,
					 start + j * PAGE_SIZE);
			if (j < array_pages(n))
				assert_int_equal(page[j].vmp_free, 0);
		}
	}
	/* The two touching regions share one array. */
	assert_ptr_equal(vm_page_lookup(0xa00000),
			 vm_page_lookup(0x900000) + 0x100);
}

static void
test_lookup(void **state)
{
	(void)state;
	vm_page_bootstrap(layout, LAYOUT_COUNT);
	assert_null(vm_page_lookup(0));
	assert_null(vm_page_lookup(0x1fff));
	assert_non_null(vm_page_lookup(0x2000));
	assert_ptr_equal(vm_page_lookup(0x7fff), vm_page_lookup(0x7000));
	assert_null(vm_page_lookup(0x8000));
	assert_null(vm_page_lookup(0x10000));
	assert_null(vm_page_lookup(0x700000));
	assert_null(vm_page_lookup(0x800000));
	assert_non_null(vm_page_lookup(0x5fffff));
	assert_null(vm_page_lookup(0x600000));
	assert_non_null(vm_page_lookup(0xafffff));
	assert_null(vm_page_lookup(0xb00000));
	assert_null(vm_page_lookup(ARENA_SIZE * 4));
	assert_null(vm_page_lookup(~(phys_addr_t)0));
}

static void
test_alloc_every_order(void **state)
{
	unsigned long before;
	struct vm_page *page;

	(void)state;
	bootstrap_whole_arena();
	before = free_pages();
	assert_int_equal(total_pages(), ARENA_PAGES);
	assert_int_equal(before, ARENA_PAGES - array_pages(ARENA_PAGES));
	for (unsigned int order = 0; order <= VM_PAGE_MAX_ORDER; order++) {
		page = vm_page_alloc(order);
		assert_non_null(page);
		assert_int_equal(page->vmp_phys % (PAGE_SIZE << order), 0);
		assert_ptr_equal(vm_page_lookup(page->vmp_phys), page);
		assert_int_equal(free_pages(), before - (1ul << order));
		memset(phystokv(page->vmp_phys), order, PAGE_SIZE << order);
		vm_page_free(page, order);
		assert_int_equal(free_pages(), before);
	}
}

static void
test_alloc_kva(void **state)
{
	unsigned long before;
	void *kva;

	(void)state;
	bootstrap_whole_arena();
	before = free_pages();
	kva = vm_page_alloc_kva(3);
	assert_non_null(kva);
	assert_int_equal(kvtophys(kva) % (PAGE_SIZE << 3), 0);
	assert_ptr_equal(vm_page_lookup(kvtophys(kva))->vmp_phys,
			 kvtophys(kva));
	assert_int_equal(free_pages(), before - 8);
	vm_page_free_kva(kva, 3);
	assert_int_equal(free_pages(), before);
}

/*
 * Takes every page one at a time until NULL, gives them all back in a
 * scrambled order, and checks that the largest blocks came back whole.
 */
static void
test_exhaust_and_merge(void **state)
{
	unsigned long before, n = 0, first_max;
	struct vm_page **pages, *page;
	unsigned char *seen;

	(void)state;
	bootstrap_whole_arena();
	before = free_pages();
	pages = calloc(ARENA_PAGES, sizeof(*pages));
	seen = calloc(ARENA_PAGES, 1);
	while ((page = vm_page_alloc(0)) != NULL) {
		assert_false(seen[page->vmp_phys / PAGE_SIZE]);
		seen[page->vmp_phys / PAGE_SIZE] = 1;
		pages[n++] = page;
	}
	assert_int_equal(n, before);
	assert_int_equal(free_pages(), 0);
	assert_null(vm_page_alloc(VM_PAGE_MAX_ORDER));
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = (i * 2654435761ul) % (i + 1);
		page = pages[i];
		pages[i] = pages[j];
		pages[j] = page;
	}
	for (unsigned long i = 0; i < n; i++)
		vm_page_free(pages[i], 0);
	assert_int_equal(free_pages(), before);

	/* Pages 32..1023 are not a max-order block; the other 3 MiB are. */
	first_max = (array_pages(ARENA_PAGES) + MAX_BLOCK - 1) / MAX_BLOCK;
	for (unsigned long i = first_max; i < ARENA_PAGES / MAX_BLOCK; i++)
		assert_non_null(vm_page_alloc(VM_PAGE_MAX_ORDER));
	assert_null(vm_page_alloc(VM_PAGE_MAX_ORDER));
	free(pages);
	free(seen);
}

/* With only small blocks left, a large request fails. */
static void
test_exhaust_large_only(void **state)
{
	struct vm_page *blocks[4], *small;
	unsigned long before;
	int n = 0;

	(void)state;
	bootstrap_whole_arena();
	before = free_pages();
	while ((blocks[n] = vm_page_alloc(VM_PAGE_MAX_ORDER)) != NULL)
		n++;
	assert_int_equal(n, 3);
	/* Pages 512..1023 are the only order-9 block left. */
	assert_non_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	assert_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	small = vm_page_alloc(5);
	assert_non_null(small);
	vm_page_free(small, 5);
	/* A max-order block given back splits into two order-9 blocks. */
	vm_page_free(blocks[1], VM_PAGE_MAX_ORDER);
	assert_non_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	assert_non_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	assert_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	assert_int_equal(free_pages(), before - 4 * MAX_BLOCK + 512);
}

/*
 * A segment of pages 0x103..0x1ff keeps its array in 0x103..0x104, so
 * block 0x108 of order 3 has its buddy, 0x100, in the hole below.  The
 * hole is filled with what looks like free vm_pages of that order; the
 * allocator must not merge with them.
 */
static void
test_merge_stays_in_segment(void **state)
{
	struct phys_region region = {0x103000, 0x200000};
	struct vm_page *fake = phystokv(0x100000), *page, **pages;
	unsigned long before, n = 0;

	(void)state;
	for (size_t i = 0; i < 3 * PAGE_SIZE / sizeof(*fake); i++) {
		memset(&fake[i], 0, sizeof(fake[i]));
		fake[i].vmp_free = 1;
		fake[i].vmp_order = 3; /* the buddy of block 0x108 */
	}
	vm_page_bootstrap(&region, 1);
	before = free_pages();
	pages = calloc(before, sizeof(*pages));
	while ((page = vm_page_alloc(0)) != NULL)
		pages[n++] = page;
	while (n > 0)
		vm_page_free(pages[--n], 0);
	assert_int_equal(free_pages(), before);
	while ((page = vm_page_alloc(0)) != NULL) {
		assert_true(page->vmp_phys >= 0x105000 &&
			    page->vmp_phys < 0x200000);
		assert_ptr_equal(vm_page_lookup(page->vmp_phys), page);
		n++;
	}
	assert_int_equal(n, before);
	free(pages);
}

static void
test_double_free_panics(void **state)
{
	struct vm_page *page, *other;

	(void)state;
	bootstrap_whole_arena();
	page = vm_page_alloc(0);
	other = vm_page_alloc(0); /* keeps page from merging away */
	vm_page_free(page, 0);
	expect_assert_failure(vm_page_free(page, 0));
	assert_panic_contains("double free");
	/* The lock was dropped before the panic. */
	assert_non_null(vm_page_alloc(0));
	vm_page_free(other, 0);
	expect_assert_failure(vm_page_free(other, 0));
	assert_panic_contains("double free");
}

static void
test_bad_free_panics(void **state)
{
	struct vm_page *block, fake;
	unsigned long before;

	(void)state;
	bootstrap_whole_arena();
	block = vm_page_alloc(2);
	before = free_pages();
	expect_assert_failure(vm_page_free(block + 1, 0));
	assert_panic_contains("heads no allocated block");
	expect_assert_failure(vm_page_free(block + 2, 1));
	assert_panic_contains("heads no allocated block");
	expect_assert_failure(vm_page_free(block, 1));
	assert_panic_contains("heads no allocated block");
	expect_assert_failure(vm_page_free(vm_page_lookup(0), 0));
	assert_panic_contains("heads no allocated block");
	memset(&fake, 0, sizeof(fake));
	expect_assert_failure(vm_page_free(&fake, 0));
	assert_panic_contains("not a vm_page");
	expect_assert_failure(
	    vm_page_free((struct vm_page *)((char *)block + 1), 0));
	assert_panic_contains("not a vm_page");
	assert_int_equal(free_pages(), before);
	vm_page_free(block, 2);
	assert_int_equal(free_pages(), before + 4);
}

static void
test_free_kva_unmanaged_panics(void **state)
{
	struct phys_region region = {0x100000, 0x200000};

	(void)state;
	vm_page_bootstrap(&region, 1);
	expect_assert_failure(vm_page_free_kva(phystokv(0x300000), 0));
	assert_panic_contains("not managed");
}

/* Page states in the stress test's shadow map. */
enum { UNMANAGED, RESERVED, FREE, ALLOCATED };

struct block {
	struct vm_page *page;
	unsigned int order;
	uint64_t stamp;
};

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 33;
}

static void
shadow_init(unsigned char *shadow)
{
	memset(shadow, UNMANAGED, ARENA_PAGES);
	for (int i = 0; i < LAYOUT_SEGMENTS; i++) {
		unsigned long first = layout_segments[i].first;
		unsigned long end = layout_segments[i].end;
		unsigned long reserved = array_pages(end - first);

		memset(shadow + first, RESERVED, reserved);
		memset(shadow + first + reserved, FREE, end - first - reserved);
	}
}

/* Whether shadow has a free, aligned run of 2^order pages in a segment. */
static int
shadow_has_free_block(const unsigned char *shadow, unsigned int order)
{
	unsigned long size = 1ul << order;

	for (int i = 0; i < LAYOUT_SEGMENTS; i++) {
		unsigned long pfn =
		    (layout_segments[i].first + size - 1) & ~(size - 1);
		for (; pfn + size <= layout_segments[i].end; pfn += size) {
			unsigned long j = 0;
			while (j < size && shadow[pfn + j] == FREE)
				j++;
			if (j == size)
				return 1;
		}
	}
	return 0;
}

static void
stress_alloc(unsigned char *shadow, struct block *live, int *nlive,
	     unsigned long *allocated)
{
	unsigned int order =
	    rng() % 4 == 0 ? rng() % (VM_PAGE_MAX_ORDER + 1) : rng() % 3;
	struct vm_page *page = vm_page_alloc(order);
	unsigned long pfn, size = 1ul << order;

	if (page == NULL) {
		assert_false(shadow_has_free_block(shadow, order));
		return;
	}
	pfn = page->vmp_phys / PAGE_SIZE;
	assert_int_equal(pfn % size, 0);
	for (unsigned long j = 0; j < size; j++) {
		assert_int_equal(shadow[pfn + j], FREE);
		shadow[pfn + j] = ALLOCATED;
		assert_ptr_equal(vm_page_lookup((pfn + j) * PAGE_SIZE),
				 page + j);
	}
	live[*nlive].page = page;
	live[*nlive].order = order;
	live[*nlive].stamp = rng();
	*(uint64_t *)phystokv(page->vmp_phys) = live[*nlive].stamp;
	*(uint64_t *)((char *)phystokv(page->vmp_phys) + (PAGE_SIZE << order) -
		      8) = live[*nlive].stamp;
	(*nlive)++;
	*allocated += size;
}

static void
stress_free(unsigned char *shadow, struct block *live, int *nlive,
	    unsigned long *allocated)
{
	int i = rng() % *nlive;
	struct block b = live[i];
	char *kva = phystokv(b.page->vmp_phys);
	unsigned long pfn = b.page->vmp_phys / PAGE_SIZE;

	assert_int_equal(*(uint64_t *)kva, b.stamp);
	assert_int_equal(*(uint64_t *)(kva + (PAGE_SIZE << b.order) - 8),
			 b.stamp);
	vm_page_free(b.page, b.order);
	memset(shadow + pfn, FREE, 1ul << b.order);
	live[i] = live[--*nlive];
	*allocated -= 1ul << b.order;
}

static void
test_stress_against_shadow(void **state)
{
	unsigned char *shadow = malloc(ARENA_PAGES);
	struct block *live = calloc(ARENA_PAGES, sizeof(*live));
	unsigned long initial, allocated = 0;
	int nlive = 0;

	(void)state;
	rng_state = 20240601;
	vm_page_bootstrap(layout, LAYOUT_COUNT);
	shadow_init(shadow);
	initial = free_pages();
	for (int step = 0; step < 30000; step++) {
		/* Drift between filling up and draining. */
		int fill = (step / 3000) % 2 == 0 ? 70 : 30;
		if (nlive == 0 || (int)(rng() % 100) < fill)
			stress_alloc(shadow, live, &nlive, &allocated);
		else
			stress_free(shadow, live, &nlive, &allocated);
		assert_int_equal(free_pages(), initial - allocated);
	}
	while (nlive > 0)
		stress_free(shadow, live, &nlive, &allocated);
	assert_int_equal(free_pages(), initial);
	/* Everything merged back: the one max-order block is whole again. */
	assert_non_null(vm_page_alloc(VM_PAGE_MAX_ORDER));
	assert_null(vm_page_alloc(VM_PAGE_MAX_ORDER));
	assert_non_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	assert_non_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	assert_null(vm_page_alloc(VM_PAGE_MAX_ORDER - 1));
	free(shadow);
	free(live);
}

#ifdef MACH_CHECK
/*
 * The checking kernel: a byte written into a freed block, in any of its
 * pages, is found when vm_page_alloc hands the block out again, and the
 * page and offset named.  Pages free since the bootstrap hold no poison.
 */
static void
test_write_after_free_panics(void **state)
{
	struct vm_page *block, *again;
	unsigned long before;
	char message[80], *kva;

	(void)state;
	bootstrap_whole_arena();
	before = free_pages();
	block = vm_page_alloc(2);
	kva = phystokv(vm_page_to_phys(block));
	memset(kva, 0x11, 4 * PAGE_SIZE); /* never poisoned: no check */
	vm_page_free(block, 2);
	assert_int_equal(free_pages(), before);
	kva[2 * PAGE_SIZE + 100] = 1;		 /* the use after free */
	expect_assert_failure(vm_page_alloc(2)); /* the same block: LIFO */
	snprintf(message, sizeof(message),
		 "page %#lx written after free (at offset 100)",
		 (unsigned long)vm_page_to_phys(block) + 2 * PAGE_SIZE);
	assert_panic_contains(message);
	/* The block was handed out when the check failed: give it back. */
	vm_page_free(block, 2);
	again = vm_page_alloc(2);
	assert_ptr_equal(again, block); /* and now it passes */
	vm_page_free(again, 2);
	assert_int_equal(free_pages(), before);
}
#else
/* Poisoning is the checking kernel's: this build skips the test, which
 * counts once, in the check build (tests/host/run.sh). */
static void
test_write_after_free_panics(void **state)
{
	(void)state;
	skip();
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bootstrap_counts),
	    cmocka_unit_test(test_bootstrap_array_in_region),
	    cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_alloc_every_order),
	    cmocka_unit_test(test_alloc_kva),
	    cmocka_unit_test(test_exhaust_and_merge),
	    cmocka_unit_test(test_exhaust_large_only),
	    cmocka_unit_test(test_merge_stays_in_segment),
	    cmocka_unit_test(test_double_free_panics),
	    cmocka_unit_test(test_bad_free_panics),
	    cmocka_unit_test(test_free_kva_unmanaged_panics),
	    cmocka_unit_test(test_write_after_free_panics),
	    cmocka_unit_test(test_stress_against_shadow),
	};

	return cmocka_run_group_tests_name("vm_page", tests, setup, teardown);
}
