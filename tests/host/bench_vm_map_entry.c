/*
 * Host micro-benchmark of a map's entry store (mach/vm/vm_map_entry.c),
 * run by `make bench-host` (and so by `make bench`), never by the tests.
 *
 * A store of 10,000 one-page entries, one page apart, against the same
 * ranges in an address-ordered linked list walked from its head, which
 * is what a map without a tree does when its hint misses:
 *	lookup		an address drawn at random (the hint almost never
 *			helps), in the tree and by the list walk
 *	find_space	two pages, whose only fit is above the last entry:
 *			the tree's gap search against a walk of the holes
 *	link + remove	one entry put in and taken out again
 * Each figure is the mean over many calls, in nanoseconds of host time;
 * the machine's load shows in it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "host_support.h"
#include <machine/vm_param.h>
#include <vm/vm_map_entry.h>

#define ENTRIES	   10000
#define BASE	   0x100000000ul
#define ADDRESS(i) (BASE + 2 * (vm_offset_t)(i)*PAGE_SIZE)

struct list_entry {
	struct list_entry *le_next;
	vm_offset_t le_start, le_end;
};

static struct vm_map_entry *
bench_alloc(void)
{
	return malloc(sizeof(struct vm_map_entry));
}

static void
bench_free(struct vm_map_entry *entry)
{
	free(entry);
}

static const struct vm_map_entry_hooks bench_hooks = {
    .vmeh_alloc = bench_alloc,
    .vmeh_free = bench_free,
};

static struct vm_map_header store;
static struct list_entry *list_head;
static vm_offset_t probes[1 << 16];
static volatile uintptr_t sink; /* keeps results from being optimized out */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t rng_state = 1;

static uint64_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 33;
}

static void
build(void)
{
	struct list_entry **tail = &list_head;

	vm_map_entry_header_init(&store, BASE, ADDRESS(ENTRIES + 4),
				 &bench_hooks);
	for (int i = 0; i < ENTRIES; i++) {
		struct vm_map_entry *entry = vm_map_entry_alloc(&store);
		struct list_entry *item = malloc(sizeof(*item));

		if (entry == NULL || item == NULL)
			exit(1);
		entry->vme_start = item->le_start = ADDRESS(i);
		entry->vme_end = item->le_end = ADDRESS(i) + PAGE_SIZE;
		if (vm_map_entry_link(&store, entry) != KERN_SUCCESS)
			exit(1);
		item->le_next = NULL;
		*tail = item;
		tail = &item->le_next;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		probes[i] = ADDRESS(rng() % ENTRIES) + rng() % (2 * PAGE_SIZE);
}

/* The list's answer to a lookup: the entry holding address, or NULL. */
static struct list_entry *
list_lookup(vm_offset_t address)
{
	struct list_entry *item;

	for (item = list_head; item != NULL && item->le_start <= address;
	     item = item->le_next)
		if (address < item->le_end)
			return item;
	return NULL;
}

/* The list's first fit for size bytes: the holes walked in order. */
static vm_offset_t
list_find_space(vm_size_t size)
{
	vm_offset_t low = store.vmh_min;

	for (struct list_entry *item = list_head; item != NULL;
	     item = item->le_next) {
		if (item->le_start - low >= size)
			return low;
		low = item->le_end;
	}
	return store.vmh_max - low >= size ? low : 0;
}

static double
time_tree_lookup(long calls)
{
	struct vm_map_entry *entry;
	double start = now();

	for (long i = 0; i < calls; i++) {
		vm_map_entry_lookup(&store, probes[i & 0xffff], &entry);
		sink += (uintptr_t)entry;
	}
	return (now() - start) / calls;
}

static double
time_list_lookup(long calls)
{
	double start = now();

	for (long i = 0; i < calls; i++)
		sink += (uintptr_t)list_lookup(probes[i & 0xffff]);
	return (now() - start) / calls;
}

static double
time_tree_find_space(long calls)
{
	vm_offset_t address = 0;
	double start = now();

	for (long i = 0; i < calls; i++) {
		if (vm_map_entry_find_space(&store, 2 * PAGE_SIZE, 0, 0,
					    &address) != KERN_SUCCESS)
			exit(1);
		sink += address;
	}
	return (now() - start) / calls;
}

static double
time_list_find_space(long calls)
{
	double start = now();

	for (long i = 0; i < calls; i++)
		sink += list_find_space(2 * PAGE_SIZE);
	return (now() - start) / calls;
}

/* One entry into a hole in the middle and out again. */
static double
time_link_remove(long calls)
{
	struct vm_map_entry *entry, *removed;
	double start = now();

	for (long i = 0; i < calls; i++) {
		vm_offset_t at = ADDRESS(rng() % ENTRIES) + PAGE_SIZE;

		entry = vm_map_entry_alloc(&store);
		entry->vme_start = at;
		entry->vme_end = at + PAGE_SIZE;
		if (vm_map_entry_link(&store, entry) != KERN_SUCCESS ||
		    vm_map_entry_remove_range(&store, at, at + PAGE_SIZE,
					      &removed) != KERN_SUCCESS ||
		    removed != entry)
			exit(1);
		vm_map_entry_free(&store, removed);
	}
	return (now() - start) / calls;
}

static void
row(const char *name, double tree, double list)
{
	if (list > 0)
		printf("  %-28s %9.1f ns %11.1f ns   x%.0f\n", name, tree, list,
		       list / tree);
	else
		printf("  %-28s %9.1f ns %14s\n", name, tree, "-");
}

int
main(void)
{
	double tree, list;

	build();
	printf("vm_map_entry: %d entries, host time per call (mean)\n",
	       ENTRIES);
	printf("  %-28s %12s %14s\n", "operation", "tree", "list walk");
	time_tree_lookup(100000); /* warm-up */
	tree = time_tree_lookup(2000000);
	list = time_list_lookup(20000);
	row("lookup, random address", tree, list);
	tree = time_tree_find_space(200000);
	list = time_list_find_space(2000);
	row("find_space, fit at the top", tree, list);
	row("link + remove one entry", time_link_remove(200000), 0);
	return 0;
}
