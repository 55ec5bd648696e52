/*
 * Host unit tests of a map's entry store (mach/vm/vm_map_entry.c) and,
 * through it, of the AVL tree's augmented values.
 *
 * Every test keeps the reference model of vm_map_entry_model.h beside
 * the store and checks the two after each step (check_store): the edge
 * cases one by one, each call that allocates with a failure injected at
 * every allocation it makes, 10,000 entries, and random operations
 * against the model with a fixed seed.
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
#include "vm_map_entry_model.h"

static int
teardown_each(void **state)
{
	(void)state;
	map_clear();
	return 0;
}

static void
test_init_refuses_bad_bounds(void **state)
{
	struct vm_map_header header;

	(void)state;
	map_init(PAGES(16), PAGES(32));
	expect_assert_failure(
	    vm_map_entry_header_init(&header, PAGES(2), PAGES(2), &hooks));
	expect_assert_failure(
	    vm_map_entry_header_init(&header, PAGES(3), PAGES(2), &hooks));
	expect_assert_failure(
	    vm_map_entry_header_init(&header, PAGES(2) + 1, PAGES(3), &hooks));
	assert_null(vm_map_entry_first(&map));
	assert_int_equal(check_store(), 0);
}

/* Every refusal of vm_map_entry_link, and the touching cases it takes. */
static void
test_link_refusals(void **state)
{
	(void)state;
	map_init(0x10000, 0x100000);
	map_add(0x20000, 0x30000, 0, 0);
	assert_int_equal(map_link(range_make(0x20800, 0x40000, -1, 0)),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_link(range_make(0x40000, 0x40800, -1, 0)),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_link(range_make(0x40000, 0x40000, -1, 0)),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_link(range_make(0x50000, 0x40000, -1, 0)),
			 KERN_INVALID_ADDRESS);
	assert_int_equal(map_link(range_make(0xf000, 0x11000, -1, 0)),
			 KERN_INVALID_ADDRESS);
	assert_int_equal(map_link(range_make(0xff000, 0x101000, -1, 0)),
			 KERN_INVALID_ADDRESS);
	assert_int_equal(map_link(range_make(0x20000, 0x30000, 1, 0)),
			 KERN_NO_SPACE);
	assert_int_equal(map_link(range_make(0x21000, 0x22000, 1, 0)),
			 KERN_NO_SPACE);
	assert_int_equal(map_link(range_make(0x1f000, 0x31000, 1, 0)),
			 KERN_NO_SPACE);
	assert_int_equal(map_link(range_make(0x1f000, 0x21000, 1, 0)),
			 KERN_NO_SPACE);
	assert_int_equal(map_link(range_make(0x2f000, 0x31000, 1, 0)),
			 KERN_NO_SPACE);
	check_store();
	map_add(0x1f000, 0x20000, 1, 0);
	map_add(0x30000, 0x31000, 1, 0);
	map_add(0x10000, 0x11000, 2, 0);
	map_add(0xff000, 0x100000, 2, 0);
	assert_int_equal(map_link(range_make(0x11000, 0x1f001, -1, 0)),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_link(range_make(0x11000, 0x20000, -1, 0)),
			 KERN_NO_SPACE);
	map_add(0x11000, 0x1f000, -1, 0); /* fills the hole exactly */
	check_store();
	assert_int_equal(vm_map_entry_first(&map)->vme_start, 0x10000);
	assert_int_equal(vm_map_entry_last(&map)->vme_end, 0x100000);
}

/* Entries touching both ends of the map, and the holes between them. */
static void
test_ends_of_map(void **state)
{
	vm_offset_t address;

	(void)state;
	map_init(0x10000, 0x20000);
	assert_int_equal(map_find_space(PAGES(16), 0, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x10000);
	assert_int_equal(map_find_space(PAGES(17), 0, 0, &address),
			 KERN_NO_SPACE);
	map_add(0x10000, 0x11000, 0, 0);
	map_add(0x1f000, 0x20000, 0, 0);
	check_store();
	assert_int_equal(map_find_space(PAGES(14), 0, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x11000);
	assert_int_equal(map_find_space(PAGES(15), 0, 0, &address),
			 KERN_NO_SPACE);
	map_check_lookup(0x10000);
	map_check_lookup(0x1ffff);
	map_check_lookup(0x1f000 - 1);
	/* Only the hole at the top is left. */
	map_add(0x11000, 0x1e000, 1, 0);
	assert_int_equal(map_remove_range(0x1f000, 0x20000), KERN_SUCCESS);
	assert_int_equal(map_find_space(PAGES(2), 0, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x1e000);
	assert_int_equal(map_find_space(PAGES(3), 0, 0, &address),
			 KERN_NO_SPACE);
	/* Removing the lowest entry makes the bottom hole. */
	assert_int_equal(map_remove_range(0x10000, 0x11000), KERN_SUCCESS);
	assert_int_equal(map_find_space(PAGES(1), 0, 0x1e000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x1e000);
	assert_int_equal(map_find_space(PAGES(2), 0, 0x1f000, &address),
			 KERN_SUCCESS); /* none above the hint: wraps */
	assert_int_equal(address, 0x1e000);
	assert_int_equal(map_find_space(PAGES(1), 0, 0x1f000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x1f000);
	check_store();
}

/*
 * A map whose top is the last page of the 64-bit address space: ranges
 * that wrap, sizes that overflow, and a hint whose search must wrap
 * around to the bottom.  Then a map that starts at address 0.
 */
static void
test_address_space_wrap(void **state)
{
	vm_offset_t address;
	struct vm_map_entry *entry;

	(void)state;
	map_init(TOP - PAGES(64), TOP);
	map_add(TOP - PAGES(1), TOP, 0, 0);
	assert_int_equal(
	    map_link(range_make(TOP - PAGES(2), TOP + PAGES(1), -1, 0)),
	    KERN_INVALID_ADDRESS); /* the end wrapped to 0 */
	assert_int_equal(map_remove_range(TOP - PAGES(1), TOP + PAGES(1)),
			 KERN_INVALID_ADDRESS);
	assert_int_equal(map_clip_range(TOP - PAGES(1), 0),
			 KERN_INVALID_ADDRESS);
	assert_int_equal(map_find_space(PAGES(2), 0, TOP - PAGES(1), &address),
			 KERN_SUCCESS);
	assert_int_equal(address, TOP - PAGES(64));
	assert_int_equal(map_find_space(PAGES(63), 0, TOP - PAGES(2), &address),
			 KERN_SUCCESS);
	assert_int_equal(address, TOP - PAGES(64));
	assert_int_equal(map_find_space(PAGES(64), 0, 0, &address),
			 KERN_NO_SPACE);
	assert_int_equal(map_find_space(TOP, 0, 0, &address), KERN_NO_SPACE);
	assert_int_equal(map_find_space(PAGES(1), 0, UINTPTR_MAX - 5, &address),
			 KERN_SUCCESS);
	assert_int_equal(map_find_space(PAGES(1), UINTPTR_MAX, 0, &address),
			 KERN_NO_SPACE); /* only 0 is aligned to 2^64 */
	assert_int_equal(
	    map_find_space(PAGES(1), UINTPTR_MAX >> 1, 0, &address),
	    KERN_NO_SPACE);
	/* An unaligned hint in the last free page, rounded up to the
	 * entry at the top: the search wraps. */
	assert_int_equal(
	    map_find_space(PAGES(1), 0, TOP - PAGES(2) + 1, &address),
	    KERN_SUCCESS);
	assert_int_equal(address, TOP - PAGES(64));
	assert_true(vm_map_entry_lookup(&map, TOP - 1, &entry));
	assert_int_equal(entry->vme_end, TOP);
	map_check_lookup(TOP);
	assert_int_equal(map_clip_range(TOP - PAGES(3), TOP), KERN_SUCCESS);
	assert_int_equal(map_remove_range(TOP - PAGES(64), TOP), KERN_SUCCESS);
	check_store();

	map_clear();
	map_init(0, PAGES(64));
	map_add(0, PAGES(1), 1, 0);
	map_add(PAGES(63), PAGES(64), 1, 0);
	assert_int_equal(map_find_space(PAGES(62), 0, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, PAGES(1));
	map_check_lookup(0);
	map_check_lookup(PAGES(64));
	assert_int_equal(map_remove_range(0, PAGES(64)), KERN_SUCCESS);
	assert_int_equal(map_find_space(PAGES(64), 0, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0);
}

static void
test_find_space_refusals(void **state)
{
	vm_offset_t address;

	(void)state;
	map_init(0x10000, 0x100000);
	assert_int_equal(map_find_space(0, 0, 0, &address),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_find_space(0x1800, 0, 0, &address),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_find_space(PAGES(1) + 1, 0, 0, &address),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_find_space(PAGES(1), 0x5fff, 0, &address),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_find_space(PAGES(1), 0x10000, 0, &address),
			 KERN_INVALID_ARGUMENT);
	/* Masks below the page size mean page alignment. */
	assert_int_equal(map_find_space(PAGES(1), 0x7ff, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x10000);
	assert_int_equal(map_find_space(PAGES(1), 0x5, 0x10800, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x11000);
}

/*
 * Holes that are long enough but cannot hold the range once aligned,
 * and one that fits exactly when aligned: the answer is the lowest
 * aligned fit, not the first hole with room to spare.
 */
static void
test_find_space_alignment(void **state)
{
	vm_offset_t address;

	(void)state;
	map_init(0x1000, 0x401000);
	map_add(0x3000, 0x8000, 0, 0);	 /* hole [0x1000, 0x3000) below */
	map_add(0xc000, 0x10000, 0, 0);	 /* hole [0x8000, 0xc000) below */
	map_add(0x15000, 0x16000, 1, 0); /* hole [0x10000, 0x15000) */
	assert_int_equal(map_find_space(0x4000, 0x3fff, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x8000);
	assert_int_equal(map_find_space(0x2000, 0x3fff, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x8000);
	assert_int_equal(map_find_space(0x2000, 0, 0, &address), KERN_SUCCESS);
	assert_int_equal(address, 0x1000);
	assert_int_equal(map_find_space(0x1000, 0xffff, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x10000);
	assert_int_equal(map_find_space(0x8000, 0x7fff, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x18000);
	assert_int_equal(map_find_space(0x200000, 0x1fffff, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x200000);
	assert_int_equal(map_find_space(0x200001000, 0x1fffff, 0, &address),
			 KERN_NO_SPACE);
	map_add(0x200000, 0x201000, -1, 0);
	assert_int_equal(map_find_space(0x200000, 0x1fffff, 0, &address),
			 KERN_NO_SPACE);
	assert_int_equal(map_find_space(0x100000, 0xfffff, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x100000);
	/* With a hint: the lowest aligned fit at or above it. */
	assert_int_equal(map_find_space(0x4000, 0x3fff, 0x9000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x10000);
	check_store();
}

static void
test_find_space_hint(void **state)
{
	vm_offset_t address;

	(void)state;
	map_init(0x10000, 0x30000);
	map_add(0x12000, 0x14000, 0, 0);
	map_add(0x20000, 0x21000, 0, 0);
	assert_int_equal(map_find_space(PAGES(1), 0, 0x15000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x15000);
	assert_int_equal(map_find_space(PAGES(1), 0, 0x13000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x14000);
	assert_int_equal(map_find_space(PAGES(1), 0, 0x15800, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x16000);
	assert_int_equal(map_find_space(PAGES(2), 0, 0x2f000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x10000); /* wrapped to the bottom */
	assert_int_equal(map_find_space(PAGES(1), 0, 0x5000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x10000);
	assert_int_equal(map_find_space(PAGES(1), 0, 0x40000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x10000);
	assert_int_equal(map_find_space(PAGES(2), 0, 0x1f000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x21000);
	assert_int_equal(map_find_space(PAGES(12), 0, 0x14000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x14000);
	assert_int_equal(map_find_space(PAGES(13), 0, 0x14000, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, 0x21000);
	assert_int_equal(map_find_space(PAGES(16), 0, 0x14000, &address),
			 KERN_NO_SPACE);
}

/* Clips split entries, move offsets, and reference objects. */
static void
test_clip(void **state)
{
	struct vm_map_entry *entry, *other;
	long calls;

	(void)state;
	map_init(0x10000, 0x100000);
	map_add(0x10000, 0x20000, 0, 0x5000);
	map_add(0x30000, 0x40000, -1, 0);
	assert_true(vm_map_entry_lookup(&map, 0x10000, &entry));
	assert_int_equal(vm_map_entry_clip_start(&map, entry, 0x14000),
			 KERN_SUCCESS);
	model_split(0x14000);
	check_store();
	assert_int_equal(entry->vme_start, 0x14000); /* entry keeps the top */
	assert_int_equal(entry->vme_offset, 0x9000);
	assert_int_equal(object_refs[0], 2);
	assert_int_equal(vm_map_entry_clip_end(&map, entry, 0x18000),
			 KERN_SUCCESS);
	model_split(0x18000);
	check_store();
	assert_int_equal(entry->vme_end, 0x18000); /* and here the bottom */
	other = vm_map_entry_next(entry);
	assert_int_equal(other->vme_offset, 0xd000);
	assert_int_equal(object_refs[0], 3);
	/* Clips at or beyond the edges do nothing and allocate nothing. */
	calls = alloc_calls;
	assert_int_equal(vm_map_entry_clip_start(&map, entry, 0x14000),
			 KERN_SUCCESS);
	assert_int_equal(vm_map_entry_clip_end(&map, entry, 0x18000),
			 KERN_SUCCESS);
	assert_int_equal(vm_map_entry_clip_start(&map, entry, 0x10000),
			 KERN_SUCCESS);
	assert_int_equal(vm_map_entry_clip_end(&map, entry, 0x20000),
			 KERN_SUCCESS);
	assert_int_equal(map_clip_range(0x14000, 0x18000), KERN_SUCCESS);
	assert_int_equal(map_clip_range(0x20000, 0x30000), KERN_SUCCESS);
	assert_int_equal(alloc_calls, calls);
	check_store();
	/* An entry without an object. */
	assert_int_equal(map_clip_range(0x31000, 0x3f000), KERN_SUCCESS);
	check_store();
	assert_int_equal(map_clip_range(0x31000, 0x3f001),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_clip_range(0x32000, 0x32000),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_clip_range(0x8000, 0x32000), KERN_INVALID_ADDRESS);
	assert_int_equal(map_clip_range(0x32000, 0x31000),
			 KERN_INVALID_ADDRESS);
	check_store();
}

static void
test_remove_range(void **state)
{
	(void)state;
	map_init(0x10000, 0x100000);
	map_add(0x10000, 0x20000, 0, 0x1000);
	map_add(0x20000, 0x30000, 1, 0);
	map_add(0x40000, 0x50000, 2, 0);
	assert_int_equal(map_remove_range(0x30000, 0x40000), KERN_SUCCESS);
	assert_int_equal(map_remove_range(0x12000, 0x13000), KERN_SUCCESS);
	check_store();
	assert_int_equal(map_remove_range(0x1f000, 0x41000), KERN_SUCCESS);
	check_store();
	assert_int_equal(map_remove_range(0x10000, 0x12000), KERN_SUCCESS);
	assert_int_equal(map_remove_range(0x10000, 0x12001),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(map_remove_range(0x10000, 0x110000),
			 KERN_INVALID_ADDRESS);
	check_store();
	assert_int_equal(model_count, 2);
}

static void
test_coalesce(void **state)
{
	struct range r;
	int i;

	(void)state;
	map_init(0x10000, 0x100000);
	/* Three pieces of one object at contiguous offsets. */
	map_add(0x10000, 0x11000, 0, 0x4000);
	map_add(0x11000, 0x13000, 0, 0x5000);
	map_add(0x13000, 0x14000, 0, 0x7000);
	i = map_coalesce(1);
	check_store();
	assert_int_equal(i, 0);
	assert_int_equal(model_count, 1);
	assert_int_equal(object_refs[0], 1);
	/* Differences that forbid a merge, one at a time. */
	for (int what = 0; what < 8; what++) {
		r = range_make(0x14000, 0x15000, 0, 0x8000);
		switch (what) {
		case 0:
			r.object = 1;
			break;
		case 1:
			r.offset = 0x9000;
			break;
		case 2:
			r.protection = VM_PROT_READ;
			break;
		case 3:
			r.max_protection = VM_PROT_DEFAULT;
			break;
		case 4:
			r.inheritance = 2;
			break;
		case 5:
			r.wired_count = 1;
			break;
		case 6:
			r.flags = 4;
			break;
		case 7:
			r.start = 0x15000, r.end = 0x16000, r.offset = 0x9000;
			break;
		}
		assert_int_equal(map_link(r), KERN_SUCCESS);
		i = map_coalesce(1);
		assert_int_equal(i, 1);
		assert_int_equal(model_count, 2);
		check_store();
		assert_int_equal(map_remove_range(r.start, r.end),
				 KERN_SUCCESS);
	}
	/* No object: any offsets merge. */
	map_add(0x20000, 0x21000, -1, 0x1000);
	map_add(0x21000, 0x22000, -1, 0x77000);
	map_add(0x22000, 0x23000, -1, 0);
	i = map_coalesce(2);
	check_store();
	assert_int_equal(i, 1);
	assert_int_equal(model[1].end, 0x23000);
	/* A clip undone. */
	assert_int_equal(map_clip_range(0x11000, 0x12000), KERN_SUCCESS);
	assert_int_equal(model_count, 4);
	i = map_coalesce(1);
	check_store();
	assert_int_equal(model_count, 2);
	assert_int_equal(object_refs[0], 1);
	assert_int_equal(model[0].end, 0x14000);
}

static void
test_lookup_and_hint(void **state)
{
	struct vm_map_entry *entry, *hinted;

	(void)state;
	map_init(0x10000, 0x100000);
	map_check_lookup(0x10000);
	map_add(0x20000, 0x30000, 0, 0);
	map_add(0x40000, 0x50000, 0, 0);
	map_add(0x50000, 0x51000, 1, 0);
	for (vm_offset_t a = 0x8000; a < 0x60000; a += 0x800)
		map_check_lookup(a);
	assert_true(vm_map_entry_lookup(&map, 0x45000, &hinted));
	assert_ptr_equal(map.vmh_hint, hinted);
	/* A miss leaves the hint. */
	assert_false(vm_map_entry_lookup(&map, 0x35000, &entry));
	assert_ptr_equal(map.vmh_hint, hinted);
	assert_int_equal(entry->vme_start, 0x20000);
	/* The hinted entry removed: the hint goes with it. */
	assert_int_equal(map_remove_range(0x40000, 0x50000), KERN_SUCCESS);
	assert_null(map.vmh_hint);
	map_check_lookup(0x45000);
	/* A hinted entry clipped: lookups still see the right pieces. */
	assert_true(vm_map_entry_lookup(&map, 0x28000, &hinted));
	assert_int_equal(map_clip_range(0x24000, 0x26000), KERN_SUCCESS);
	for (vm_offset_t a = 0x1f000; a < 0x32000; a += 0x1000)
		map_check_lookup(a);
	check_store();
}

/*
 * Each call that allocates, run with its first allocation failing, then
 * its second, and so on until it succeeds: every failure must leave the
 * store as it was, and it must need exactly the entries expected.
 */
static void
test_failure_at_every_point(void **state)
{
	static const struct {
		int op; /* 0 remove, 1 clip range, 2 clip start, 3 clip end */
		vm_offset_t start, end; /* 2, 3: clip at start the entry
					 * holding end */
		int needed;
	} cases[] = {
	    {0, 0x12000, 0x18000, 2}, {0, 0x18000, 0x28000, 2},
	    {0, 0x18000, 0x45000, 2}, {0, 0x10000, 0x30000, 0},
	    {0, 0x30000, 0x40000, 0}, {0, 0x1f000, 0x20000, 1},
	    {0, 0x1f000, 0x40000, 1}, {0, 0x30000, 0x41000, 1},
	    {1, 0x12000, 0x18000, 2}, {1, 0x18000, 0x28000, 2},
	    {1, 0x1f000, 0x30000, 1}, {1, 0x30000, 0x40000, 0},
	    {2, 0x11000, 0x10000, 1}, {3, 0x11000, 0x10000, 1},
	    {2, 0x10000, 0x10000, 0}, {3, 0x20000, 0x10000, 0},
	};
	struct vm_map_entry *entry;
	kern_return_t kr;
	long k;

	(void)state;
	for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		map_init(0x10000, 0x100000);
		map_add(0x10000, 0x20000, 0, 0);
		map_add(0x20000, 0x30000, 1, 0x3000);
		map_add(0x40000, 0x50000, 0, 0x100000);
		for (k = 1;; k++) {
			fail_at = alloc_calls + k;
			switch (cases[c].op) {
			case 0:
				kr = map_remove_range(cases[c].start,
						      cases[c].end);
				break;
			case 1:
				kr = map_clip_range(cases[c].start,
						    cases[c].end);
				break;
			default:
				assert_true(vm_map_entry_lookup(
				    &map, cases[c].end, &entry));
				kr = cases[c].op == 2
					 ? vm_map_entry_clip_start(
					       &map, entry, cases[c].start)
					 : vm_map_entry_clip_end(
					       &map, entry, cases[c].start);
				if (kr == KERN_SUCCESS)
					model_split(cases[c].start);
				break;
			}
			check_store();
			if (kr == KERN_SUCCESS)
				break;
			assert_int_equal(kr, KERN_RESOURCE_SHORTAGE);
		}
		assert_int_equal(k - 1, cases[c].needed);
		map_clear();
	}
}

/* 10,000 entries: the tree stays within the AVL bound, and a search
 * whose only fit is the top hole finds it. */
static void
test_ten_thousand_entries(void **state)
{
	enum { N = 10000 };
	static int order[N];
	vm_offset_t address;
	int height;

	(void)state;
	rng_state = 7;
	map_init(PAGES(1), PAGES(2 * N + 8));
	for (int i = 0; i < N; i++)
		order[i] = i;
	for (int i = N - 1; i > 0; i--) {
		int j = rng() % (i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < N; i++) /* one page each, one page apart */
		map_add(PAGES(2 + 2 * order[i]), PAGES(3 + 2 * order[i]),
			order[i] % OBJECTS, 0);
	height = check_store();
	assert_true(height <= avl_height_bound(N));
	assert_int_equal(map_find_space(PAGES(2), 0, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, PAGES(2 * N + 1));
	assert_int_equal(map_find_space(PAGES(2), PAGES(2) - 1, 0, &address),
			 KERN_SUCCESS);
	assert_int_equal(address, PAGES(2 * N + 2));
	for (int i = 0; i < N; i += 17)
		map_check_lookup(PAGES(2 + 2 * i) + 5);
	/* Every other entry out: holes of three pages everywhere. */
	for (int i = 0; i < N; i += 2)
		assert_int_equal(
		    map_remove_range(PAGES(2 + 2 * i), PAGES(3 + 2 * i)),
		    KERN_SUCCESS);
	height = check_store();
	assert_true(height <= avl_height_bound(N / 2));
	assert_int_equal(map_find_space(PAGES(3), 0, PAGES(N), &address),
			 KERN_SUCCESS);
	assert_int_equal(address, PAGES(N + 1));
}

/*
 * Random operations against the model, with a fixed seed: links (some
 * refused), removals, clips, searches, lookups and merges, in a small
 * address range so that they meet; the second half with one allocation
 * in five failing.
 */
#define RANDOM_ROUNDS 40000
#define RANDOM_PAGES  1024

static vm_offset_t
random_page(vm_offset_t min, long spread)
{
	return min + PAGES(rng() % spread);
}

static void
random_round(int round, int *max_seen)
{
	static const vm_offset_t masks[] = {0,	    0x1fff,  0x7fff,
					    0xffff, 0x3ffff, 0x5fff};
	vm_offset_t min = map.vmh_min, start, end, address;
	struct vm_map_entry *entry;
	struct range r;
	kern_return_t kr;
	int i, inside;

	fail_one_in = round >= RANDOM_ROUNDS / 2 ? 5 : 0;
	switch (rng() % 10) {
	case 0:
	case 1:
	case 2: /* link, sometimes out of range or unaligned */
		start = random_page(min - PAGES(2), RANDOM_PAGES + 4);
		end = start + PAGES(1 + rng() % 8);
		if (rng() % 50 == 0)
			end += 0x800;
		r = range_make(start, end, (int)(rng() % (OBJECTS + 1)) - 1,
			       PAGES(rng() % 4));
		r.protection = rng() % 2 ? VM_PROT_DEFAULT : VM_PROT_READ;
		r.wired_count = rng() % 8 == 0;
		fail_one_in = 0; /* map_link's own entry */
		map_link(r);
		break;
	case 3:
	case 4: /* remove */
		start = random_page(min - PAGES(1), RANDOM_PAGES + 2);
		end = start + PAGES(1 + rng() % 16);
		map_remove_range(start, end);
		break;
	case 5: /* clip a range, or one entry at one end */
		start = random_page(min, RANDOM_PAGES);
		end = start + PAGES(1 + rng() % 20);
		if (rng() % 2 || !vm_map_entry_lookup(&map, start, &entry)) {
			map_clip_range(start, end);
			break;
		}
		start = entry->vme_start + PAGES(rng() % 4);
		inside = start < entry->vme_end; /* else: nothing to do */
		kr = rng() % 2 ? vm_map_entry_clip_start(&map, entry, start)
			       : vm_map_entry_clip_end(&map, entry, start);
		if (kr != KERN_SUCCESS)
			assert_int_equal(kr, KERN_RESOURCE_SHORTAGE);
		else if (inside)
			model_split(start);
		break;
	case 6:
	case 7: /* find space */
		map_find_space(
		    PAGES(1 + rng() % 16),
		    masks[rng() % (sizeof(masks) / sizeof(masks[0]))],
		    random_page(min - PAGES(8), RANDOM_PAGES + 16) +
			(rng() % 3 == 0 ? 0x123 : 0),
		    &address);
		break;
	case 8: /* look up */
		for (int k = 0; k < 8; k++)
			map_check_lookup(
			    random_page(min - PAGES(1), RANDOM_PAGES + 2) +
			    rng() % PAGE_SIZE);
		break;
	case 9: /* merge */
		if (model_count == 0)
			break;
		i = rng() % model_count;
		map_coalesce(i);
		break;
	}
	check_store();
	if (model_count > *max_seen)
		*max_seen = model_count;
}

static void
test_random_against_model(void **state)
{
	int max_seen = 0;
	long failed;

	(void)state;
	rng_state = 20260417;
	map_init(PAGES(16), PAGES(16 + RANDOM_PAGES));
	failed = failures;
	for (int round = 0; round < RANDOM_ROUNDS; round++)
		random_round(round, &max_seen);
	fail_one_in = 0;
	/* The test reached sizeable trees and met failures. */
	assert_true(max_seen >= 100);
	assert_true(failures - failed >= 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_init_refuses_bad_bounds,
				      teardown_each),
	    cmocka_unit_test_teardown(test_link_refusals, teardown_each),
	    cmocka_unit_test_teardown(test_ends_of_map, teardown_each),
	    cmocka_unit_test_teardown(test_address_space_wrap, teardown_each),
	    cmocka_unit_test_teardown(test_find_space_refusals, teardown_each),
	    cmocka_unit_test_teardown(test_find_space_alignment, teardown_each),
	    cmocka_unit_test_teardown(test_find_space_hint, teardown_each),
	    cmocka_unit_test_teardown(test_clip, teardown_each),
	    cmocka_unit_test_teardown(test_remove_range, teardown_each),
	    cmocka_unit_test_teardown(test_coalesce, teardown_each),
	    cmocka_unit_test_teardown(test_lookup_and_hint, teardown_each),
	    cmocka_unit_test_teardown(test_failure_at_every_point,
				      teardown_each),
	    cmocka_unit_test_teardown(test_ten_thousand_entries, teardown_each),
	    cmocka_unit_test_teardown(test_random_against_model, teardown_each),
	};

	return cmocka_run_group_tests_name("vm_map_entry", tests, NULL, NULL);
}
