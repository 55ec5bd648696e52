/*
 * The reference model of the entry store tests (vm_map_entry_model.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vm_map_entry_model.h"

uint64_t rng_state;

uint64_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 33;
}

/* The allocator, with failures on demand. */
long live_entries;
long alloc_calls;
long fail_at = -1;
long failures;
unsigned fail_one_in;

static struct vm_map_entry *
hook_alloc(void)
{
	struct vm_map_entry *entry;

	alloc_calls++;
	if (alloc_calls == fail_at ||
	    (fail_one_in != 0 && rng() % fail_one_in == 0)) {
		failures++;
		return NULL;
	}
	entry = malloc(sizeof(*entry));
	assert_non_null(entry);
	memset(entry, 0xa5, sizeof(*entry));
	live_entries++;
	return entry;
}

static void
hook_free(struct vm_map_entry *entry)
{
	memset(entry, 0x5a, sizeof(*entry));
	free(entry);
	live_entries--;
}

/* Fake objects: an object is a reference count, never dereferenced by
 * the store. */
int object_refs[OBJECTS];

static struct vm_object *
object_of(int index)
{
	return index < 0 ? NULL : (struct vm_object *)&object_refs[index];
}

static int
index_of(const struct vm_object *object)
{
	for (int i = 0; i < OBJECTS; i++)
		if (object == object_of(i))
			return i;
	assert_null(object);
	return -1;
}

static void
hook_object_reference(struct vm_object *object)
{
	assert_non_null(object);
	object_refs[index_of(object)]++;
}

/* A merge never drops an object's last reference: both entries held one. */
static void
hook_object_release(struct vm_object *object)
{
	assert_non_null(object);
	assert_true(object_refs[index_of(object)] >= 2);
	object_refs[index_of(object)]--;
}

const struct vm_map_entry_hooks hooks = {
    .vmeh_alloc = hook_alloc,
    .vmeh_free = hook_free,
    .vmeh_object_reference = hook_object_reference,
    .vmeh_object_release = hook_object_release,
};

/* The reference model. */
struct vm_map_header map;
struct range model[MAX_MODEL];
int model_count;

struct range
range_make(vm_offset_t start, vm_offset_t end, int object, vm_offset_t offset)
{
	struct range r = {start,       end, object, offset, VM_PROT_DEFAULT,
			  VM_PROT_ALL, 1,   0,	    0};
	return r;
}

void
map_init(vm_offset_t min, vm_offset_t max)
{
	fail_at = -1;
	fail_one_in = 0;
	memset(object_refs, 0, sizeof(object_refs));
	assert_int_equal(live_entries, 0);
	vm_map_entry_header_init(&map, min, max, &hooks);
	model_count = 0;
}

/* Checks the subtree of node; returns its height.  *previous is the
 * entry before the subtree in address order (NULL: none), and becomes
 * the subtree's last. */
static int
check_subtree(const struct avl_node *node, const struct avl_node *parent,
	      const struct vm_map_entry **previous)
{
	const struct vm_map_entry *entry;
	int left, right;
	vm_size_t max_gap;

	if (node == NULL)
		return 0;
	entry = ENTRY(node);
	assert_ptr_equal(node->an_parent, parent);
	left = check_subtree(node->an_left, node, previous);
	assert_true(entry->vme_start < entry->vme_end);
	assert_int_equal((entry->vme_start | entry->vme_end) & PAGE_MASK, 0);
	assert_true(entry->vme_start >= map.vmh_min);
	assert_true(entry->vme_end <= map.vmh_max);
	if (*previous != NULL) {
		assert_true((*previous)->vme_end <= entry->vme_start);
		assert_int_equal(entry->vme_gap,
				 entry->vme_start - (*previous)->vme_end);
	} else {
		assert_int_equal(entry->vme_gap,
				 entry->vme_start - map.vmh_min);
	}
	*previous = entry;
	right = check_subtree(node->an_right, node, previous);
	assert_int_equal(node->an_balance, right - left);
	assert_true(right - left >= -1 && right - left <= 1);
	max_gap = entry->vme_gap;
	if (node->an_left != NULL &&
	    ENTRY(node->an_left)->vme_max_gap > max_gap)
		max_gap = ENTRY(node->an_left)->vme_max_gap;
	if (node->an_right != NULL &&
	    ENTRY(node->an_right)->vme_max_gap > max_gap)
		max_gap = ENTRY(node->an_right)->vme_max_gap;
	assert_int_equal(entry->vme_max_gap, max_gap);
	return 1 + (left > right ? left : right);
}

static void
assert_entry_is(const struct vm_map_entry *entry, const struct range *r)
{
	assert_int_equal(entry->vme_start, r->start);
	assert_int_equal(entry->vme_end, r->end);
	assert_ptr_equal(entry->vme_object, object_of(r->object));
	assert_int_equal(entry->vme_offset, r->offset);
	assert_int_equal(entry->vme_protection, r->protection);
	assert_int_equal(entry->vme_max_protection, r->max_protection);
	assert_int_equal(entry->vme_inheritance, r->inheritance);
	assert_int_equal(entry->vme_wired_count, r->wired_count);
	assert_int_equal(entry->vme_flags, r->flags);
}

/* The store equals the model and keeps every invariant; returns the
 * tree's height. */
int
check_store(void)
{
	const struct vm_map_entry *previous = NULL, *entry;
	int height, i, hint_found = map.vmh_hint == NULL;
	int refs[OBJECTS] = {0};

	height = check_subtree(map.vmh_tree.at_root, NULL, &previous);
	assert_int_equal(map.vmh_count, model_count);
	for (i = 0, entry = vm_map_entry_first(&map); entry != NULL;
	     entry = vm_map_entry_next(entry), i++) {
		assert_true(i < model_count);
		assert_entry_is(entry, &model[i]);
		if (entry == map.vmh_hint)
			hint_found = 1;
	}
	assert_int_equal(i, model_count);
	for (i = model_count - 1, entry = vm_map_entry_last(&map);
	     entry != NULL; entry = vm_map_entry_prev(entry), i--)
		assert_int_equal(entry->vme_start, model[i].start);
	assert_int_equal(i, -1);
	assert_true(hint_found);
	assert_int_equal(live_entries, model_count);
	for (i = 0; i < model_count; i++)
		if (model[i].object >= 0)
			refs[model[i].object]++;
	for (i = 0; i < OBJECTS; i++)
		assert_int_equal(object_refs[i], refs[i]);
	return height;
}

static void
model_insert_at(int index, struct range r)
{
	assert_true(model_count < MAX_MODEL);
	memmove(&model[index + 1], &model[index],
		(model_count - index) * sizeof(model[0]));
	model[index] = r;
	model_count++;
}

static void
model_delete(int index)
{
	memmove(&model[index], &model[index + 1],
		(model_count - index - 1) * sizeof(model[0]));
	model_count--;
}

/* The index of the first range that ends above address. */
static int
model_first_ending_above(vm_offset_t address)
{
	int i = 0;

	while (i < model_count && model[i].end <= address)
		i++;
	return i;
}

/* Splits the range strictly holding address, if any.  (The new piece's
 * object reference is the store's hook's to count.) */
int
model_split(vm_offset_t address)
{
	int i = model_first_ending_above(address);
	struct range upper;

	if (i == model_count || model[i].start >= address)
		return 0;
	upper = model[i];
	upper.start = address;
	upper.offset += address - model[i].start;
	model[i].end = address;
	model_insert_at(i + 1, upper);
	return 1;
}

/* The contract's range check (vm_map_entry_link). */
static kern_return_t
model_range_check(vm_offset_t start, vm_offset_t end)
{
	if ((start % PAGE_SIZE) != 0 || (end % PAGE_SIZE) != 0 || start == end)
		return KERN_INVALID_ARGUMENT;
	if (end < start || start < map.vmh_min || end > map.vmh_max)
		return KERN_INVALID_ADDRESS;
	return KERN_SUCCESS;
}

/* Links r, as a fresh entry holding a new object reference, in the store
 * and (if the store takes it) in the model; returns the store's answer,
 * which must be what the model expects. */
kern_return_t
map_link(struct range r)
{
	struct vm_map_entry *entry = vm_map_entry_alloc(&map);
	kern_return_t kr, expect;
	int i;

	assert_non_null(entry);
	entry->vme_start = r.start;
	entry->vme_end = r.end;
	entry->vme_object = object_of(r.object);
	entry->vme_offset = r.offset;
	entry->vme_protection = r.protection;
	entry->vme_max_protection = r.max_protection;
	entry->vme_inheritance = r.inheritance;
	entry->vme_wired_count = r.wired_count;
	entry->vme_flags = r.flags;
	expect = model_range_check(r.start, r.end);
	i = model_first_ending_above(r.start);
	if (expect == KERN_SUCCESS && i < model_count && model[i].start < r.end)
		expect = KERN_NO_SPACE;
	kr = vm_map_entry_link(&map, entry);
	assert_int_equal(kr, expect);
	if (kr == KERN_SUCCESS) {
		model_insert_at(i, r);
		if (r.object >= 0)
			object_refs[r.object]++;
	} else {
		vm_map_entry_free(&map, entry);
	}
	return kr;
}

void
map_add(vm_offset_t start, vm_offset_t end, int object, vm_offset_t offset)
{
	assert_int_equal(map_link(range_make(start, end, object, offset)),
			 KERN_SUCCESS);
}

/* Entries that straddle address (start below it, end above). */
static int
model_straddles(vm_offset_t address)
{
	int i = model_first_ending_above(address);

	return i < model_count && model[i].start < address;
}

/* Clips the store and the model at start and end; checks the answer. */
kern_return_t
map_clip_range(vm_offset_t start, vm_offset_t end)
{
	kern_return_t kr, expect = model_range_check(start, end);
	long failed = failures;

	kr = vm_map_entry_clip_range(&map, start, end);
	if (kr == KERN_RESOURCE_SHORTAGE) {
		assert_int_equal(expect, KERN_SUCCESS);
		assert_true(failures > failed);
		assert_true(model_straddles(start) || model_straddles(end));
		return kr;
	}
	assert_int_equal(kr, expect);
	if (kr == KERN_SUCCESS) {
		model_split(start);
		model_split(end);
	}
	return kr;
}

/* Removes [start, end) from store and model, checks the entries taken
 * out against the model's, drops their references and frees them. */
kern_return_t
map_remove_range(vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *removed = (struct vm_map_entry *)1, *next;
	kern_return_t kr, expect = model_range_check(start, end);
	long failed = failures;
	int i;

	kr = vm_map_entry_remove_range(&map, start, end, &removed);
	if (kr == KERN_RESOURCE_SHORTAGE) {
		assert_int_equal(expect, KERN_SUCCESS);
		assert_true(failures > failed);
		assert_ptr_equal(removed, (struct vm_map_entry *)1);
		return kr;
	}
	assert_int_equal(kr, expect);
	if (kr != KERN_SUCCESS) {
		assert_ptr_equal(removed, (struct vm_map_entry *)1);
		return kr;
	}
	model_split(start);
	model_split(end);
	i = model_first_ending_above(start);
	for (; removed != NULL; removed = next) {
		assert_true(i < model_count && model[i].end <= end);
		assert_entry_is(removed, &model[i]);
		next = removed->vme_link;
		if (model[i].object >= 0)
			object_refs[model[i].object]--;
		model_delete(i);
		vm_map_entry_free(&map, removed);
	}
	assert_true(i == model_count || model[i].start >= end);
	return kr;
}

void
map_clear(void)
{
	fail_at = -1;
	fail_one_in = 0;
	assert_int_equal(map_remove_range(map.vmh_min, map.vmh_max),
			 KERN_SUCCESS);
	assert_int_equal(model_count, 0);
	check_store();
}

/* The contract's find_space, by walking the model's holes in order. */
static int
model_fit(vm_size_t size, vm_offset_t align, vm_offset_t floor,
	  vm_offset_t *address)
{
	vm_offset_t low = map.vmh_min, high;
	unsigned __int128 at;

	for (int i = 0; i <= model_count; i++) {
		high = i < model_count ? model[i].start : map.vmh_max;
		at = low > floor ? low : floor;
		at = (at + align - 1) / align * align;
		if (at + size <= high) {
			*address = (vm_offset_t)at;
			return 1;
		}
		if (i < model_count)
			low = model[i].end;
	}
	return 0;
}

/* find_space in store and model; mask is the caller's (contract) mask. */
kern_return_t
map_find_space(vm_size_t size, vm_offset_t mask, vm_offset_t hint,
	       vm_offset_t *address)
{
	vm_offset_t found = 0x5a5a, expect = 0;
	vm_offset_t align;
	kern_return_t kr, expect_kr = KERN_NO_SPACE;

	kr = vm_map_entry_find_space(&map, size, mask, hint, &found);
	mask |= PAGE_MASK;
	align = mask + 1;
	if (size == 0 || size % PAGE_SIZE != 0 || (mask & align) != 0) {
		expect_kr = KERN_INVALID_ARGUMENT;
	} else {
		if (hint < map.vmh_min || hint >= map.vmh_max)
			hint = map.vmh_min;
		if (align != 0 &&
		    (model_fit(size, align, hint, &expect) ||
		     model_fit(size, align, map.vmh_min, &expect)))
			expect_kr = KERN_SUCCESS;
	}
	assert_int_equal(kr, expect_kr);
	if (kr == KERN_SUCCESS)
		assert_int_equal(found, expect);
	else
		assert_int_equal(found, 0x5a5a);
	*address = found;
	return kr;
}

/* vm_map_entry_lookup against the model. */
void
map_check_lookup(vm_offset_t address)
{
	struct vm_map_entry *entry = (struct vm_map_entry *)1;
	int i = model_first_ending_above(address);
	boolean_t found;

	found = vm_map_entry_lookup(&map, address, &entry);
	if (i < model_count && model[i].start <= address) {
		assert_true(found);
		assert_entry_is(entry, &model[i]);
		assert_ptr_equal(map.vmh_hint, entry);
	} else {
		assert_false(found);
		if (i == 0)
			assert_null(entry);
		else
			assert_entry_is(entry, &model[i - 1]);
	}
}

/* The contract's merge rule. */
static int
model_mergeable(const struct range *low, const struct range *high)
{
	return low->end == high->start && low->object == high->object &&
	       (low->object < 0 ||
		low->offset + (low->end - low->start) == high->offset) &&
	       low->protection == high->protection &&
	       low->max_protection == high->max_protection &&
	       low->inheritance == high->inheritance &&
	       low->wired_count == high->wired_count &&
	       low->flags == high->flags;
}

/* Coalesces the entry at model index i; returns the surviving index. */
int
map_coalesce(int i)
{
	struct vm_map_entry *entry, *result;

	assert_true(vm_map_entry_lookup(&map, model[i].start, &entry));
	result = vm_map_entry_coalesce(&map, entry);
	if (i + 1 < model_count && model_mergeable(&model[i], &model[i + 1])) {
		model[i].end = model[i + 1].end;
		model_delete(i + 1);
	}
	if (i > 0 && model_mergeable(&model[i - 1], &model[i])) {
		model[i - 1].end = model[i].end;
		model_delete(i);
		i--;
	}
	assert_entry_is(result, &model[i]);
	return i;
}

/* The largest height an AVL tree of n nodes may have. */
int
avl_height_bound(long n)
{
	long a = 1, b = 2;
	int h = 1;

	if (n == 0)
		return 0;
	while (b <= n) {
		long c = a + b + 1;
		a = b;
		b = c;
		h++;
	}
	return h;
}
