/*
 * Host unit tests of zones (mach/kern/zalloc.c) over the real page
 * allocator (mach/vm/vm_page.c) in an 8 MiB arena.
 *
 * Zones cannot be destroyed, so vm_page is bootstrapped once for the
 * whole group; each test gives back every element it takes and checks
 * that the pages went back to vm_page.  Counts are compared as
 * differences, since earlier tests leave their (empty) zones behind.
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
#include <kern/zalloc.h>
#include <vm/vm_page.h>

#define ARENA_SIZE (8ul << 20)
#define FREE_MARK  0xdeadf7eedeadf7eeull /* zalloc.c's ZONE_FREE_MARK */

static unsigned long
free_pages(void)
{
	struct vm_page_statistics stats;

	vm_page_statistics(&stats);
	return stats.vps_free;
}

static struct zone_info
info_of(struct zone *zone)
{
	struct zone_info info;

	zone_info(zone, &info);
	return info;
}

static int
setup(void **state)
{
	struct phys_region region = {0, ARENA_SIZE};

	(void)state;
	host_arena_create(ARENA_SIZE);
	vm_page_bootstrap(&region, 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	host_arena_destroy();
	return 0;
}

static void
test_create_and_info(void **state)
{
	struct zone *zone;
	struct zone_info info;
	unsigned long before;
	void *elem;

	(void)state;
	zone = zone_create("test.create", 20);
	assert_non_null(zone);
	info = info_of(zone);
	assert_string_equal(info.zi_name, "test.create");
	assert_int_equal(info.zi_elem_size, 32);
	assert_int_equal(info.zi_in_use, 0);
	assert_int_equal(info.zi_pages, 0);
	assert_int_equal(info_of(zone_create("test.tiny", 0)).zi_elem_size, 16);
	assert_int_equal(info_of(zone_create("test.16", 16)).zi_elem_size, 16);

	before = free_pages();
	elem = zalloc(zone);
	assert_non_null(elem);
	assert_int_equal(info_of(zone).zi_in_use, 1);
	assert_int_equal(info_of(zone).zi_pages, 1);
	assert_int_equal(free_pages(), before - 1);
	zfree(zone, elem);
	assert_int_equal(info_of(zone).zi_in_use, 0);
	/* The zone keeps its last slab, empty: the next element takes no
	 * page. */
	assert_int_equal(info_of(zone).zi_pages, 1);
	assert_int_equal(free_pages(), before - 1);
	assert_ptr_equal(zalloc(zone), elem);
	assert_int_equal(free_pages(), before - 1);
	zfree(zone, elem);
}

/*
 * Fills a page, spills onto a second, checks that a freed element is
 * reused before a new page is taken, and that emptied pages go back.
 */
static void
test_page_reuse_and_return(void **state)
{
	struct zone *zone = zone_create("test.reuse", 64);
	unsigned long before = free_pages(), per_page = 0;
	void *elems[200], *again;
	int n = 0;

	(void)state;
	do {
		elems[n] = zalloc(zone);
		assert_non_null(elems[n]);
		n++;
	} while (info_of(zone).zi_pages == 1);
	per_page = n - 1;
	assert_int_equal(per_page, (PAGE_SIZE - 48) / 64);
	assert_int_equal(info_of(zone).zi_pages, 2);
	assert_int_equal(free_pages(), before - 2);
	for (unsigned long i = 1; i < per_page; i++)
		assert_int_equal(trunc_page(elems[i]), trunc_page(elems[0]));
	assert_int_not_equal(trunc_page(elems[per_page]), trunc_page(elems[0]));

	zfree(zone, elems[5]);
	again = zalloc(zone);
	assert_ptr_equal(again, elems[5]);
	assert_int_equal(info_of(zone).zi_pages, 2);

	/* Emptying the first page gives it back; the second stays. */
	for (unsigned long i = 0; i < per_page; i++)
		zfree(zone, elems[i]);
	assert_int_equal(info_of(zone).zi_pages, 1);
	assert_int_equal(free_pages(), before - 1);
	assert_int_equal(info_of(zone).zi_in_use, 1);
	zfree(zone, elems[per_page]);
	assert_int_equal(info_of(zone).zi_pages, 1); /* the last, kept */
	assert_int_equal(free_pages(), before - 1);
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 33;
}

/* Elements of one size: aligned, inside the arena, never overlapping. */
static void
check_size(size_t size, int count)
{
	struct zone *zone = zone_create("test.size", size);
	size_t rounded = (size + 15) & ~(size_t)15;
	unsigned long before = free_pages();
	unsigned char **elems = calloc(count, sizeof(*elems));
	uintptr_t arena = (uintptr_t)phystokv(0);

	unsigned long slab_pages = 0;

	assert_int_equal(info_of(zone).zi_elem_size, rounded ? rounded : 16);
	for (int i = 0; i < count; i++) {
		elems[i] = zalloc(zone);
		assert_non_null(elems[i]);
		assert_int_equal((uintptr_t)elems[i] % 16, 0);
		assert_true((uintptr_t)elems[i] >= arena &&
			    (uintptr_t)elems[i] + rounded <=
				arena + ARENA_SIZE);
		memset(elems[i], i & 0xff, rounded);
		if (i == 0)
			slab_pages = info_of(zone).zi_pages;
	}
	assert_int_equal(info_of(zone).zi_in_use, count);
	assert_int_equal(free_pages(), before - info_of(zone).zi_pages);
	for (int i = 0; i < count; i++) {
		for (size_t j = 0; j < rounded; j++)
			assert_int_equal(elems[i][j], i & 0xff);
	}
	for (int i = count - 1; i > 0; i--) {
		int j = rng() % (i + 1);
		unsigned char *t = elems[i];
		elems[i] = elems[j];
		elems[j] = t;
	}
	for (int i = 0; i < count; i++)
		zfree(zone, elems[i]);
	assert_int_equal(info_of(zone).zi_pages, slab_pages); /* one kept */
	assert_int_equal(free_pages(), before - slab_pages);
	free(elems);
}

static void
test_alignment_and_no_overlap(void **state)
{
	static const size_t sizes[] = {1,    8,	   16,	 17,   24,   48,
				       100,  250,  512,	 1000, 1100, 2000,
				       3000, 4000, 4048, 4049, 4096};

	(void)state;
	rng_state = 42;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_size(sizes[i], 300);
}

static void
test_many_zones(void **state)
{
	struct zone_statistics stats0, stats1, stats2;
	struct zone *zones[120];
	void *elems[120];
	char names[120][16];

	(void)state;
	zone_statistics(&stats0);
	for (int i = 0; i < 120; i++) {
		snprintf(names[i], sizeof(names[i]), "test.many%d", i);
		zones[i] = zone_create(names[i], 16 * (i + 1));
		assert_non_null(zones[i]);
	}
	zone_statistics(&stats1);
	assert_int_equal(stats1.zs_zones, stats0.zs_zones + 120);
	/* The struct zones are elements of the zone of zones. */
	assert_int_equal(stats1.zs_in_use, stats0.zs_in_use + 120);
	for (int i = 0; i < 120; i++) {
		elems[i] = zalloc(zones[i]);
		assert_non_null(elems[i]);
		memset(elems[i], i, 16 * (i + 1));
	}
	zone_statistics(&stats2);
	assert_int_equal(stats2.zs_in_use, stats1.zs_in_use + 120);
	assert_true(stats2.zs_bytes >= stats1.zs_bytes + 120 * PAGE_SIZE);
	unsigned long held = stats2.zs_bytes;
	for (int i = 0; i < 120; i++) {
		assert_string_equal(info_of(zones[i]).zi_name, names[i]);
		assert_int_equal(((unsigned char *)elems[i])[16 * i], i);
		zfree(zones[i], elems[i]);
	}
	zone_statistics(&stats2);
	assert_int_equal(stats2.zs_in_use, stats1.zs_in_use);
	assert_int_equal(stats2.zs_bytes, held); /* each keeps its slab */
}

static void
test_double_free_panics(void **state)
{
	struct zone *zone = zone_create("test.double", 32);
	unsigned long before = free_pages();
	uint64_t *a, *b;

	(void)state;
	a = zalloc(zone);
	b = zalloc(zone); /* keeps the page in the zone */
	zfree(zone, a);
	expect_assert_failure(zfree(zone, a));
	assert_panic_contains("double free");
	/* The zone's lock was dropped: the zone still works. */
	assert_ptr_equal(zalloc(zone), a);
	/* A live element that holds the free mark is not taken for free. */
	a[0] = 0;
	a[1] = FREE_MARK;
	zfree(zone, a);
	zfree(zone, b);
	expect_assert_failure(zfree(zone, b));
	assert_panic_contains("double free"); /* its page is kept, empty */
	assert_int_equal(free_pages(), before - 1);
}

static void
test_foreign_free_panics(void **state)
{
	struct zone *one = zone_create("test.one", 32);
	struct zone *two = zone_create("test.two", 32);
	struct zone *big = zone_create("test.big", 3000);
	char *a = zalloc(one), *b = zalloc(two), *c = zalloc(big);
	char *page = vm_page_alloc_kva(0);

	(void)state;
	expect_assert_failure(zfree(two, a));
	assert_panic_contains("not an element of zone test.two");
	expect_assert_failure(zfree(one, a + 16));
	assert_panic_contains("not an element");
	expect_assert_failure(zfree(one, (char *)trunc_page(a) + 16));
	assert_panic_contains("not an element");
	expect_assert_failure(zfree(one, page + 64));
	assert_panic_contains("not an element");
	expect_assert_failure(zfree(big, c + 1024));
	assert_panic_contains("not an element");
	/* Past the last element of a slab, in its unused tail. */
	expect_assert_failure(
	    zfree(one, (char *)trunc_page(a) + PAGE_SIZE - 16));
	assert_panic_contains("not an element");
	zfree(one, a);
	zfree(two, b);
	zfree(big, c);
	vm_page_free_kva(page, 0);
}

static void
test_too_large_panics(void **state)
{
	(void)state;
	expect_assert_failure(zone_create("test.huge", PAGE_SIZE + 1));
	assert_panic_contains("larger than a page");
}

/* When vm_page has nothing left, zalloc and zone_create return NULL. */
#ifdef MACH_CHECK
/*
 * The checking kernel: a byte written into a freed element, in its free
 * list link, its mark or its poison, is found when zalloc hands the
 * element out again, and its offset named.
 */
static void
test_write_after_free_panics(void **state)
{
	static const size_t offsets[] = {0, 8, 16, 40, 63};
	struct zone *zone = zone_create("test.poison", 64);
	unsigned long before = free_pages();
	char message[64];

	(void)state;
	for (size_t i = 0; i < sizeof(offsets) / sizeof(*offsets); i++) {
		char *kept = zalloc(zone); /* keeps the page in the zone */
		char *a = zalloc(zone);
		zfree(zone, a);
		a[offsets[i]] ^= 1;
		expect_assert_failure(zalloc(zone));
		snprintf(message, sizeof(message),
			 "zone test.poison: element %p written after free "
			 "(at offset %zu)",
			 (void *)a, offsets[i]);
		assert_panic_contains(message);
		a[offsets[i]] ^= 1; /* mended: the lock was dropped, */
		assert_ptr_equal(zalloc(zone), a); /* the zone works */
		zfree(zone, a);
		zfree(zone, kept);
	}
	assert_int_equal(free_pages(), before - 1); /* its last slab kept */
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

static void
test_exhaustion(void **state)
{
	struct zone *zone = zone_create("test.exhaust", 128);
	struct vm_page **held = calloc(ARENA_SIZE / PAGE_SIZE, sizeof(*held));
	unsigned long before = free_pages(), n = 0, elements = 0;
	void **elems = calloc(PAGE_SIZE, sizeof(*elems));
	struct zone *extra;

	(void)state;
	while (free_pages() > 2)
		held[n++] = vm_page_alloc(0);
	while ((elems[elements] = zalloc(zone)) != NULL)
		elements++;
	assert_int_equal(info_of(zone).zi_pages, 2);
	assert_int_equal(elements, 2 * ((PAGE_SIZE - 48) / 128));
	assert_null(zalloc(zone));
	/* The zone of zones runs out too, sooner or later. */
	for (int i = 0; i < 200 && (extra = zone_create("test.x", 8)); i++)
		;
	assert_null(zone_create("test.x", 8));
	while (elements > 0)
		zfree(zone, elems[--elements]);
	assert_int_equal(info_of(zone).zi_pages, 1); /* the last, kept */
	elems[0] = zalloc(zone);
	assert_non_null(elems[0]);
	zfree(zone, elems[0]);
	while (n > 0)
		vm_page_free(held[--n], 0);
	assert_int_equal(free_pages(), before - 1);
	free(held);
	free(elems);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_and_info),
	    cmocka_unit_test(test_page_reuse_and_return),
	    cmocka_unit_test(test_alignment_and_no_overlap),
	    cmocka_unit_test(test_many_zones),
	    cmocka_unit_test(test_double_free_panics),
	    cmocka_unit_test(test_foreign_free_panics),
	    cmocka_unit_test(test_too_large_panics),
	    cmocka_unit_test(test_write_after_free_panics),
	    cmocka_unit_test(test_exhaustion),
	};

	return cmocka_run_group_tests_name("zalloc", tests, setup, teardown);
}
