/*
 * Host unit tests of kalloc (mach/kern/kalloc.c) over the real zones and
 * page allocator in a 16 MiB arena: which sizes go to which zone or page
 * block, alignment, no overlap, the memory going back, the limits, and
 * a free with the wrong size caught.
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
#include <kern/kalloc.h>
#include <kern/zalloc.h>
#include <vm/vm_page.h>

#define ARENA_SIZE (16ul << 20)

static unsigned long
free_pages(void)
{
	struct vm_page_statistics stats;

	vm_page_statistics(&stats);
	return stats.vps_free;
}

static unsigned long
zone_objects(void)
{
	struct zone_statistics stats;

	zone_statistics(&stats);
	return stats.zs_in_use;
}

/* Free pages and the pages zones hold (a zone keeps its last slab, empty,
 * when its elements all come back): what no kalloc block holds. */
static unsigned long
unheld_pages(void)
{
	struct zone_statistics stats;

	zone_statistics(&stats);
	return free_pages() + stats.zs_bytes / PAGE_SIZE;
}

static int
setup(void **state)
{
	struct phys_region region = {0, ARENA_SIZE};

	(void)state;
	host_arena_create(ARENA_SIZE);
	vm_page_bootstrap(&region, 1);
	kalloc_bootstrap();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	host_arena_destroy();
	return 0;
}

/* Small sizes are zone elements, in the zone of the next power of two. */
static void
test_small_sizes_are_zone_elements(void **state)
{
	static const size_t sizes[] = {1, 15, 16, 17, 100, 1024, 2047, 2048};
	unsigned long objects = zone_objects();

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		char *a = kalloc(sizes[i]);
		assert_non_null(a);
		assert_int_equal((uintptr_t)a % 16, 0);
		assert_int_equal(zone_objects(), objects + 1);
		memset(a, 0x5a, sizes[i]);
		kfree(a, sizes[i]);
		assert_int_equal(zone_objects(), objects);
	}
}

/* Larger sizes are page blocks of the smallest order that holds them,
 * aligned to their size. */
static void
test_large_sizes_are_page_blocks(void **state)
{
	static const struct {
		size_t size;
		unsigned long pages;
	} cases[] = {
	    {2049, 1},	       {4096, 1},
	    {4097, 2},	       {8192, 2},
	    {8193, 4},	       {100000, 32},
	    {1ul << 20, 256},  {(1ul << 20) + 1, 512},
	    {4ul << 20, 1024},
	};
	unsigned long before = free_pages(), objects = zone_objects();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *a = kalloc(cases[i].size);
		assert_non_null(a);
		assert_int_equal((uintptr_t)a % (cases[i].pages * PAGE_SIZE),
				 0);
		assert_int_equal(free_pages(), before - cases[i].pages);
		assert_int_equal(zone_objects(), objects);
		memset(a, 0xa5, cases[i].size);
		kfree(a, cases[i].size);
		assert_int_equal(free_pages(), before);
	}
}

/* Zero, and more than the largest page block, are refused. */
static void
test_limits(void **state)
{
	unsigned long before = free_pages(), objects = zone_objects();

	(void)state;
	assert_null(kalloc(0));
	assert_null(kalloc((4ul << 20) + 1));
	assert_null(kalloc(SIZE_MAX));
	assert_int_equal(free_pages(), before);
	assert_int_equal(zone_objects(), objects);
}

/* Many blocks of mixed sizes at once: none overlaps another, and every
 * page goes back (to vm_page, or kept by its zone). */
static void
test_mixed_sizes_do_not_overlap(void **state)
{
	enum { COUNT = 200 };
	static char *blocks[COUNT];
	static size_t sizes[COUNT];
	unsigned long before = unheld_pages(), objects = zone_objects();
	uint64_t rng = 7;

	(void)state;
	for (int i = 0; i < COUNT; i++) {
		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		sizes[i] = 1 + (rng >> 33) % (i % 4 == 0 ? 40000 : 3000);
		blocks[i] = kalloc(sizes[i]);
		assert_non_null(blocks[i]);
		memset(blocks[i], i, sizes[i]);
	}
	for (int i = 0; i < COUNT; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			assert_int_equal((unsigned char)blocks[i][j], i & 0xff);
	for (int i = 0; i < COUNT; i++)
		kfree(blocks[i], sizes[i]);
	assert_int_equal(unheld_pages(), before);
	assert_int_equal(zone_objects(), objects);
}

/* A size of another class than the one asked for is caught: by the zone
 * (foreign element) or the page allocator (wrong order). */
static void
test_wrong_size_panics(void **state)
{
	char *small = kalloc(100);  /* kalloc.128 */
	char *large = kalloc(5000); /* two pages */

	(void)state;
	expect_assert_failure(kfree(small, 1000));
	assert_panic_contains("not an element of zone kalloc.1024");
	expect_assert_failure(kfree(large, 4096));
	assert_panic_contains("vm_page_free");
	kfree(small, 100);
	kfree(large, 5000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_small_sizes_are_zone_elements),
	    cmocka_unit_test(test_large_sizes_are_page_blocks),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_mixed_sizes_do_not_overlap),
	    cmocka_unit_test(test_wrong_size_panics),
	};

	return cmocka_run_group_tests_name("kalloc", tests, setup, teardown);
}
