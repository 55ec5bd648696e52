/*
 * Host unit tests of the AVL tree (mach/kern/avl.c).
 *
 * Items carry an integer key and a weight; the tree's augmented values
 * are each subtree's node count (which only the shape changes, so every
 * rotation must keep it right) and its largest weight (which the test
 * changes in place, through avl_update_path).  After each operation the
 * whole tree is checked: parent links, order, balance factors against
 * real heights, and both augmented values.  The random test runs against
 * a reference (a presence array) with a fixed seed, so that a failure
 * replays.
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
#include <kern/avl.h>

struct item {
	struct avl_node node;
	int key;
	int weight;
	int count;	/* augmented: nodes in the subtree */
	int max_weight; /* augmented: the largest weight in the subtree */
};

#define ITEM(n) avl_entry(n, struct item, node)

static unsigned long compare_calls;

static void
item_update(struct avl_node *node)
{
	struct item *item = ITEM(node);

	item->count = 1;
	item->max_weight = item->weight;
	if (node->an_left != NULL) {
		item->count += ITEM(node->an_left)->count;
		if (ITEM(node->an_left)->max_weight > item->max_weight)
			item->max_weight = ITEM(node->an_left)->max_weight;
	}
	if (node->an_right != NULL) {
		item->count += ITEM(node->an_right)->count;
		if (ITEM(node->an_right)->max_weight > item->max_weight)
			item->max_weight = ITEM(node->an_right)->max_weight;
	}
}

static int
item_compare(const struct avl_node *a, const struct avl_node *b)
{
	compare_calls++;
	return (ITEM(a)->key > ITEM(b)->key) - (ITEM(a)->key < ITEM(b)->key);
}

static int
key_compare(const void *key, const struct avl_node *node)
{
	int k = *(const int *)key;

	compare_calls++;
	return (k > ITEM(node)->key) - (k < ITEM(node)->key);
}

/*
 * Checks the subtree of node (whose parent must be parent) and returns
 * its height; keys must lie in (low, high).
 */
static int
check_subtree(const struct avl_node *node, const struct avl_node *parent,
	      long low, long high, int augmented)
{
	int left, right, count = 1, max_weight;

	if (node == NULL)
		return 0;
	assert_ptr_equal(node->an_parent, parent);
	assert_true(ITEM(node)->key > low && ITEM(node)->key < high);
	left =
	    check_subtree(node->an_left, node, low, ITEM(node)->key, augmented);
	right = check_subtree(node->an_right, node, ITEM(node)->key, high,
			      augmented);
	assert_int_equal(node->an_balance, right - left);
	assert_true(right - left >= -1 && right - left <= 1);
	if (augmented) {
		max_weight = ITEM(node)->weight;
		if (node->an_left != NULL) {
			count += ITEM(node->an_left)->count;
			if (ITEM(node->an_left)->max_weight > max_weight)
				max_weight = ITEM(node->an_left)->max_weight;
		}
		if (node->an_right != NULL) {
			count += ITEM(node->an_right)->count;
			if (ITEM(node->an_right)->max_weight > max_weight)
				max_weight = ITEM(node->an_right)->max_weight;
		}
		assert_int_equal(ITEM(node)->count, count);
		assert_int_equal(ITEM(node)->max_weight, max_weight);
	}
	return 1 + (left > right ? left : right);
}

/* Checks the whole tree; returns its height. */
static int
check_tree(const struct avl_tree *tree)
{
	return check_subtree(tree->at_root, NULL, -(1L << 40), 1L << 40,
			     tree->at_update != NULL);
}

/* The largest height an AVL tree of n nodes may have: the height h of
 * the sparsest tree has at least Fibonacci(h + 2) - 1 nodes. */
static int
avl_height_bound(long n)
{
	long a = 1, b = 2; /* sparsest trees of height 1 and 2: 1, 2 nodes */
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

static void
item_init(struct item *item, int key, int weight)
{
	memset(item, 0xa5, sizeof(*item));
	item->key = key;
	item->weight = weight;
}

static void
test_empty(void **state)
{
	struct avl_tree tree;
	int key = 5;

	(void)state;
	avl_init(&tree, item_update);
	assert_true(avl_empty(&tree));
	assert_null(avl_first(&tree));
	assert_null(avl_last(&tree));
	assert_null(avl_lookup(&tree, &key, key_compare));
	assert_null(avl_lookup_le(&tree, &key, key_compare));
	assert_int_equal(check_tree(&tree), 0);
}

static void
test_one_node(void **state)
{
	struct avl_tree tree;
	struct item item;
	int key;

	(void)state;
	avl_init(&tree, item_update);
	item_init(&item, 10, 3);
	assert_null(avl_insert(&tree, &item.node, item_compare));
	assert_false(avl_empty(&tree));
	assert_ptr_equal(avl_first(&tree), &item.node);
	assert_ptr_equal(avl_last(&tree), &item.node);
	assert_null(avl_next(&item.node));
	assert_null(avl_prev(&item.node));
	key = 10;
	assert_ptr_equal(avl_lookup(&tree, &key, key_compare), &item.node);
	key = 9;
	assert_null(avl_lookup(&tree, &key, key_compare));
	assert_null(avl_lookup_le(&tree, &key, key_compare));
	key = 11;
	assert_null(avl_lookup(&tree, &key, key_compare));
	assert_ptr_equal(avl_lookup_le(&tree, &key, key_compare), &item.node);
	assert_int_equal(item.count, 1);
	assert_int_equal(item.max_weight, 3);
	avl_remove(&tree, &item.node);
	assert_true(avl_empty(&tree));
}

static void
test_duplicate_refused(void **state)
{
	struct avl_tree tree;
	struct item items[3], twin;

	(void)state;
	avl_init(&tree, item_update);
	for (int i = 0; i < 3; i++) {
		item_init(&items[i], i * 10, i);
		assert_null(avl_insert(&tree, &items[i].node, item_compare));
	}
	item_init(&twin, 10, 99);
	assert_ptr_equal(avl_insert(&tree, &twin.node, item_compare),
			 &items[1].node);
	assert_int_equal(check_tree(&tree), 2);
	assert_int_equal(ITEM(tree.at_root)->count, 3);
	assert_int_equal(ITEM(tree.at_root)->max_weight, 2);
}

/*
 * Ascending and descending insertions, the worst case for an unbalanced
 * tree, stay within the AVL height bound, and so does every removal
 * order; a lookup compares at most height times.
 */
#define SEQUENTIAL_COUNT 10000

static void
test_sequential_stays_balanced(void **state)
{
	static struct item items[SEQUENTIAL_COUNT];
	struct avl_tree tree;
	int height, key;

	(void)state;
	for (int descending = 0; descending < 2; descending++) {
		avl_init(&tree, item_update);
		for (int i = 0; i < SEQUENTIAL_COUNT; i++) {
			int k = descending ? SEQUENTIAL_COUNT - 1 - i : i;
			item_init(&items[k], k, k % 97);
			assert_null(
			    avl_insert(&tree, &items[k].node, item_compare));
			if (i % 1000 == 0)
				check_tree(&tree);
		}
		height = check_tree(&tree);
		assert_true(height <= avl_height_bound(SEQUENTIAL_COUNT));
		assert_int_equal(ITEM(tree.at_root)->count, SEQUENTIAL_COUNT);
		for (key = 0; key < SEQUENTIAL_COUNT; key += 7) {
			compare_calls = 0;
			assert_ptr_equal(avl_lookup(&tree, &key, key_compare),
					 &items[key].node);
			assert_true(compare_calls <= (unsigned long)height);
		}
		/* Remove every other node, then the rest from the top. */
		for (int i = 0; i < SEQUENTIAL_COUNT; i += 2)
			avl_remove(&tree, &items[i].node);
		height = check_tree(&tree);
		assert_true(height <= avl_height_bound(SEQUENTIAL_COUNT / 2));
		for (int i = SEQUENTIAL_COUNT - 1; i > 0; i -= 2) {
			avl_remove(&tree, &items[i].node);
			if (i % 501 == 0)
				check_tree(&tree);
		}
		assert_true(avl_empty(&tree));
	}
}

/* Positional insertion alone builds the same order. */
static void
test_insert_after_before(void **state)
{
	enum { N = 600 };
	static struct item items[N];
	struct avl_tree tree;
	struct avl_node *node;
	int i;

	(void)state;
	avl_init(&tree, item_update);
	/* 300 first, then alternately just after the last one placed below
	 * and just before the last one placed above, then at both ends. */
	item_init(&items[300], 300, 0);
	avl_insert_after(&tree, NULL, &items[300].node);
	for (i = 1; i < 100; i++) {
		item_init(&items[300 - i], 300 - i, i);
		avl_insert_before(&tree, &items[300 - i + 1].node,
				  &items[300 - i].node);
		item_init(&items[300 + i], 300 + i, i);
		avl_insert_after(&tree, &items[300 + i - 1].node,
				 &items[300 + i].node);
		check_tree(&tree);
	}
	for (i = 200; i >= 0; i--) {
		item_init(&items[i], i, 0);
		avl_insert_after(&tree, NULL, &items[i].node);
	}
	for (i = 400; i < N; i++) {
		item_init(&items[i], i, 0);
		avl_insert_before(&tree, NULL, &items[i].node);
	}
	check_tree(&tree);
	assert_int_equal(ITEM(tree.at_root)->count, N);
	/* Walk both ways. */
	for (i = 0, node = avl_first(&tree); node != NULL;
	     node = avl_next(node), i++)
		assert_int_equal(ITEM(node)->key, i);
	assert_int_equal(i, N);
	for (i = N - 1, node = avl_last(&tree); node != NULL;
	     node = avl_prev(node), i--)
		assert_int_equal(ITEM(node)->key, i);
	assert_int_equal(i, -1);
	/* Into the middle of a full tree: a node between two others. */
	avl_remove(&tree, &items[250].node);
	item_init(&items[250], 250, 7);
	avl_insert_after(&tree, &items[249].node, &items[250].node);
	assert_ptr_equal(avl_next(&items[250].node), &items[251].node);
	avl_remove(&tree, &items[251].node);
	item_init(&items[251], 251, 7);
	avl_insert_before(&tree, &items[252].node, &items[251].node);
	assert_ptr_equal(avl_prev(&items[251].node), &items[250].node);
	check_tree(&tree);
}

/* avl_update_path after a weight changed in place. */
static void
test_update_path(void **state)
{
	enum { N = 500 };
	static struct item items[N];
	struct avl_tree tree;

	(void)state;
	avl_init(&tree, item_update);
	for (int i = 0; i < N; i++) {
		item_init(&items[i], (i * 7919) % N, 1);
		assert_null(avl_insert(&tree, &items[i].node, item_compare));
	}
	for (int i = 0; i < N; i += 3) {
		items[i].weight = 1000 + i;
		avl_update_path(&tree, &items[i].node);
		check_tree(&tree);
		assert_int_equal(ITEM(tree.at_root)->max_weight, 1000 + i);
	}
	for (int i = N - 1; i >= 0; i--) {
		items[i].weight = 0;
		avl_update_path(&tree, &items[i].node);
	}
	check_tree(&tree);
	assert_int_equal(ITEM(tree.at_root)->max_weight, 0);
}

/* A tree without augmented values works the same. */
static void
test_without_update(void **state)
{
	enum { N = 300 };
	static struct item items[N];
	struct avl_tree tree;

	(void)state;
	avl_init(&tree, NULL);
	for (int i = 0; i < N; i++) {
		item_init(&items[i], (i * 37) % N, 0);
		assert_null(avl_insert(&tree, &items[i].node, item_compare));
	}
	check_tree(&tree);
	for (int i = 0; i < N; i += 2)
		avl_remove(&tree, &items[i].node);
	check_tree(&tree);
	assert_int_equal(items[1].count, (int)0xa5a5a5a5); /* never touched */
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 33;
}

#define RANDOM_KEYS   1000
#define RANDOM_ROUNDS 60000

/* The reference's answer to lookup_le(key): the greatest present <= key. */
static int
reference_le(const int *present, int key)
{
	if (key >= RANDOM_KEYS)
		key = RANDOM_KEYS - 1;
	while (key >= 0 && !present[key])
		key--;
	return key;
}

/*
 * Random insertions (by comparison and by position), removals, lookups
 * and walks against a presence array; the tree is checked after each.
 */
static void
test_random_against_reference(void **state)
{
	static struct item items[RANDOM_KEYS];
	static int present[RANDOM_KEYS];
	struct item twin;
	struct avl_tree tree;
	struct avl_node *node;
	int count = 0, key, expect, below;

	(void)state;
	rng_state = 20260101;
	memset(present, 0, sizeof(present));
	avl_init(&tree, item_update);
	for (int round = 0; round < RANDOM_ROUNDS; round++) {
		key = rng() % RANDOM_KEYS;
		switch (rng() % 4) {
		case 0: /* insert by comparison */
			if (present[key]) {
				item_init(&twin, key, 0);
				node =
				    avl_insert(&tree, &twin.node, item_compare);
				assert_ptr_equal(node, &items[key].node);
				break;
			}
			item_init(&items[key], key, rng() % 1000);
			assert_null(
			    avl_insert(&tree, &items[key].node, item_compare));
			present[key] = 1;
			count++;
			break;
		case 1: /* insert by position */
			if (present[key])
				break;
			below = reference_le(present, key);
			item_init(&items[key], key, rng() % 1000);
			if (rng() % 2) {
				avl_insert_after(&tree,
						 below < 0 ? NULL
							   : &items[below].node,
						 &items[key].node);
			} else {
				node = below < 0 ? avl_first(&tree)
						 : avl_next(&items[below].node);
				avl_insert_before(&tree, node,
						  &items[key].node);
			}
			present[key] = 1;
			count++;
			break;
		case 2: /* remove */
			if (!present[key])
				break;
			avl_remove(&tree, &items[key].node);
			present[key] = 0;
			count--;
			break;
		case 3: /* look up and walk */
			node = avl_lookup(&tree, &key, key_compare);
			assert_ptr_equal(node, present[key] ? &items[key].node
							    : NULL);
			expect = reference_le(present, key);
			node = avl_lookup_le(&tree, &key, key_compare);
			if (expect < 0) {
				assert_null(node);
				break;
			}
			assert_ptr_equal(node, &items[expect].node);
			below = reference_le(present, expect - 1);
			node = avl_prev(node);
			assert_ptr_equal(node,
					 below < 0 ? NULL : &items[below].node);
			break;
		}
		assert_int_equal(check_tree(&tree) <= avl_height_bound(count),
				 1);
		assert_int_equal(
		    tree.at_root == NULL ? 0 : ITEM(tree.at_root)->count,
		    count);
	}
	/* Empty it in key order through the walk. */
	while ((node = avl_first(&tree)) != NULL) {
		avl_remove(&tree, node);
		count--;
	}
	assert_int_equal(count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_one_node),
	    cmocka_unit_test(test_duplicate_refused),
	    cmocka_unit_test(test_sequential_stays_balanced),
	    cmocka_unit_test(test_insert_after_before),
	    cmocka_unit_test(test_update_path),
	    cmocka_unit_test(test_without_update),
	    cmocka_unit_test(test_random_against_reference),
	};

	return cmocka_run_group_tests_name("avl", tests, NULL, NULL);
}
