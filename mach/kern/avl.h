/*
 * AVL trees: intrusive, balanced binary search trees.
 *
 * The caller embeds a struct avl_node in its own struct and supplies the
 * order: a comparison function for the calls that search, or a position
 * (avl_insert_after, avl_insert_before) when it already knows where a node
 * goes.  The tree never allocates, so nothing here can fail for lack of
 * memory.  Every operation costs O(log n): an AVL tree of n nodes is at
 * most 1.44 log2(n + 2) high.
 *
 * Entry points:
 *	avl_init		an empty tree, with an optional augment callback
 *	avl_insert		insert by comparison (refuses an equal node)
 *	avl_insert_after	insert just after a given node (or first)
 *	avl_insert_before	insert just before a given node (or last)
 *	avl_remove		unlink a node
 *	avl_lookup		the node equal to a key
 *	avl_lookup_le		the greatest node <= a key
 *	avl_first, avl_last, avl_next, avl_prev	in-order walking
 *	avl_update_path		recompute the augmented values above a node
 *
 * Augmented values.  A tree may keep a value per node that summarizes
 * its subtree (the largest gap, a count, ...).  It must be a function of
 * the node's own data and its children's values only; avl_init's callback
 * recomputes it for one node from those.  The tree calls it wherever a
 * subtree changes shape: on every node from an insertion or removal point
 * up to the root, and on both nodes of each rotation (lower one first).
 * When the caller changes a node's own data in place, it calls
 * avl_update_path(node).  With a NULL callback nothing is kept.
 *
 * Why AVL rather than red-black: lookups dominate (every page fault looks
 * up its map entry), and an AVL tree is flatter (1.44 log2 n against
 * 2 log2 n); the red-black tree's advantage, O(1) rotations per update,
 * is lost anyway when an augmented value has to be recomputed on the
 * whole path to the root.
 *
 * Locking: none; the owner of the tree serializes all calls on it.
 */
#ifndef KERN_AVL_H
#define KERN_AVL_H

#include <stddef.h>

struct avl_node {
	struct avl_node *an_left;
	struct avl_node *an_right;
	struct avl_node *an_parent;
	int an_balance; /* height(right) - height(left): -1, 0 or 1 */
};

/* Recomputes node's augmented value from its own data and children. */
typedef void (*avl_update_fn)(struct avl_node *node);

/* <0, 0, >0 as a orders before, with, after b. */
typedef int (*avl_compare_fn)(const struct avl_node *a,
			      const struct avl_node *b);

/* <0, 0, >0 as key orders before, with, after node. */
typedef int (*avl_key_compare_fn)(const void *key, const struct avl_node *node);

struct avl_tree {
	struct avl_node *at_root;
	avl_update_fn at_update; /* constant: NULL, or the augment callback */
};

/* The struct of type that holds node as its member. */
#define avl_entry(node, type, member) \
	((type *)((char *)(node)-offsetof(type, member)))

/* Makes tree empty; update (may be NULL) keeps each node's augment. */
void avl_init(struct avl_tree *tree, avl_update_fn update);

static inline int
avl_empty(const struct avl_tree *tree)
{
	return tree->at_root == NULL;
}

/*
 * Inserts node (not in any tree) at the place compare gives it.  Returns
 * NULL, or, if the tree holds a node that compares equal, that node
 * (and node is not inserted).
 */
struct avl_node *avl_insert(struct avl_tree *tree, struct avl_node *node,
			    avl_compare_fn compare);

/*
 * Inserts node (not in any tree) just after prev in the order, or first
 * if prev is NULL.  The caller guarantees that this keeps the order.
 */
void avl_insert_after(struct avl_tree *tree, struct avl_node *prev,
		      struct avl_node *node);

/*
 * Inserts node (not in any tree) just before next in the order, or last
 * if next is NULL.  The caller guarantees that this keeps the order.
 */
void avl_insert_before(struct avl_tree *tree, struct avl_node *next,
		       struct avl_node *node);

/* Unlinks node, which must be in tree.  Other nodes do not move in memory. */
void avl_remove(struct avl_tree *tree, struct avl_node *node);

/*
 * The two lookups are inline so that the compiler can inline the
 * caller's comparison too: lookups are the hot path (one a page fault),
 * and the indirect call cost a quarter of a lookup in a 10,000-node tree
 * (tests/host/bench_vm_map_entry.c).
 */

/* The node that compares equal to key, or NULL. */
static inline struct avl_node *
avl_lookup(const struct avl_tree *tree, const void *key,
	   avl_key_compare_fn compare)
{
	struct avl_node *node = tree->at_root;
	int order;

	while (node != NULL) {
		order = compare(key, node);
		if (order == 0)
			return node;
		node = order < 0 ? node->an_left : node->an_right;
	}
	return NULL;
}

/* The greatest node that orders before or with key, or NULL. */
static inline struct avl_node *
avl_lookup_le(const struct avl_tree *tree, const void *key,
	      avl_key_compare_fn compare)
{
	struct avl_node *node = tree->at_root, *best = NULL;
	int order;

	while (node != NULL) {
		order = compare(key, node);
		if (order == 0)
			return node;
		if (order < 0) {
			node = node->an_left;
		} else {
			best = node;
			node = node->an_right;
		}
	}
	return best;
}

/* The first and last nodes in order, NULL if the tree is empty. */
struct avl_node *avl_first(const struct avl_tree *tree);
struct avl_node *avl_last(const struct avl_tree *tree);

/* The next and previous node in order, NULL at either end. */
struct avl_node *avl_next(const struct avl_node *node);
struct avl_node *avl_prev(const struct avl_node *node);

/*
 * After the caller changed the data node's augmented value depends on,
 * recomputes the values of node and of each of its ancestors.
 */
void avl_update_path(struct avl_tree *tree, struct avl_node *node);

#endif /* KERN_AVL_H */
