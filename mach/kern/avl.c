/*
 * AVL trees (see kern/avl.h for the contract).
 *
 * Each node keeps its parent and its balance factor, height(right) -
 * height(left), which an AVL tree holds to -1, 0 or 1.  An insertion or
 * removal changes one subtree's height by one; the balance factors are
 * then corrected on the way up ("retracing") until a subtree's height is
 * found unchanged, and a node whose factor reaches +-2 is repaired by one
 * or two rotations.  A rotation's new balance factors are computed from
 * the old ones by formulas that hold for every case (single or double
 * rotation, insertion or removal), so no case table is needed.
 *
 * Augmented values are recomputed from the insertion or removal point up
 * to the root first, on the tree as it stands before any rotation; a
 * rotation then changes only the subtrees of its two nodes, whose values
 * it recomputes itself, the lower one first.  Every subtree above keeps
 * the same nodes, so its value stays right.
 */
#include <kern/avl.h>
#include <kern/debug.h>

static inline struct avl_node *
avl_leftmost(struct avl_node *node)
{
	while (node->an_left != NULL)
		node = node->an_left;
	return node;
}

static inline struct avl_node *
avl_rightmost(struct avl_node *node)
{
	while (node->an_right != NULL)
		node = node->an_right;
	return node;
}

/* The link that points at node: its parent's child pointer, or the root. */
static inline struct avl_node **
avl_link_of(struct avl_tree *tree, struct avl_node *node)
{
	struct avl_node *parent = node->an_parent;

	if (parent == NULL)
		return &tree->at_root;
	return parent->an_left == node ? &parent->an_left : &parent->an_right;
}

static inline void
avl_update_node(struct avl_tree *tree, struct avl_node *node)
{
	if (tree->at_update != NULL)
		tree->at_update(node);
}

static inline int
avl_max(int a, int b)
{
	return a > b ? a : b;
}

static inline int
avl_min(int a, int b)
{
	return a < b ? a : b;
}

/*
 * Rotates left around x (whose right child y takes its place) and returns
 * y.  With a, b, c the heights of x's left subtree and y's two subtrees,
 * the new factors follow from x' = b - a and y' = c - 1 - max(a, b).
 */
static struct avl_node *
avl_rotate_left(struct avl_tree *tree, struct avl_node *x)
{
	struct avl_node *y = x->an_right;

	*avl_link_of(tree, x) = y;
	y->an_parent = x->an_parent;
	x->an_right = y->an_left;
	if (y->an_left != NULL)
		y->an_left->an_parent = x;
	y->an_left = x;
	x->an_parent = y;
	x->an_balance = x->an_balance - 1 - avl_max(y->an_balance, 0);
	y->an_balance = y->an_balance - 1 + avl_min(x->an_balance, 0);
	avl_update_node(tree, x);
	avl_update_node(tree, y);
	return y;
}

/* The mirror image of avl_rotate_left: x's left child y takes its place. */
static struct avl_node *
avl_rotate_right(struct avl_tree *tree, struct avl_node *x)
{
	struct avl_node *y = x->an_left;

	*avl_link_of(tree, x) = y;
	y->an_parent = x->an_parent;
	x->an_left = y->an_right;
	if (y->an_right != NULL)
		y->an_right->an_parent = x;
	y->an_right = x;
	x->an_parent = y;
	x->an_balance = x->an_balance + 1 - avl_min(y->an_balance, 0);
	y->an_balance = y->an_balance + 1 + avl_max(x->an_balance, 0);
	avl_update_node(tree, x);
	avl_update_node(tree, y);
	return y;
}

/* Repairs x, whose factor is +-2; returns the subtree's new root. */
static struct avl_node *
avl_rebalance(struct avl_tree *tree, struct avl_node *x)
{
	if (x->an_balance > 0) {
		if (x->an_right->an_balance < 0)
			avl_rotate_right(tree, x->an_right);
		return avl_rotate_left(tree, x);
	}
	if (x->an_left->an_balance > 0)
		avl_rotate_left(tree, x->an_left);
	return avl_rotate_right(tree, x);
}

/* Recomputes the augmented values from node up to the root. */
static void
avl_update_to_root(struct avl_tree *tree, struct avl_node *node)
{
	if (tree->at_update == NULL)
		return;
	for (; node != NULL; node = node->an_parent)
		tree->at_update(node);
}

/*
 * Retracing after node was added as a leaf: each ancestor's subtree grew
 * on node's side, until one absorbs the growth (factor back to 0) or is
 * rebalanced (which restores the height it had before).
 */
static void
avl_retrace_insert(struct avl_tree *tree, struct avl_node *node)
{
	struct avl_node *child = node, *parent = node->an_parent;

	while (parent != NULL) {
		parent->an_balance += parent->an_left == child ? -1 : 1;
		if (parent->an_balance == 0)
			return;
		if (parent->an_balance == 2 || parent->an_balance == -2) {
			avl_rebalance(tree, parent);
			return;
		}
		child = parent;
		parent = parent->an_parent;
	}
}

/* Links node as a new leaf at *link, under parent, and rebalances. */
static void
avl_attach(struct avl_tree *tree, struct avl_node *parent,
	   struct avl_node **link, struct avl_node *node)
{
	assert(*link == NULL);
	node->an_left = NULL;
	node->an_right = NULL;
	node->an_parent = parent;
	node->an_balance = 0;
	*link = node;
	avl_update_to_root(tree, node);
	avl_retrace_insert(tree, node);
}

void
avl_init(struct avl_tree *tree, avl_update_fn update)
{
	tree->at_root = NULL;
	tree->at_update = update;
}

struct avl_node *
avl_insert(struct avl_tree *tree, struct avl_node *node, avl_compare_fn compare)
{
	struct avl_node *parent = NULL, **link = &tree->at_root;
	int order;

	while (*link != NULL) {
		parent = *link;
		order = compare(node, parent);
		if (order == 0)
			return parent;
		link = order < 0 ? &parent->an_left : &parent->an_right;
	}
	avl_attach(tree, parent, link, node);
	return NULL;
}

/* Just after prev: its right child if it has none, else the leftmost
 * node of its right subtree gets node as its left child. */
void
avl_insert_after(struct avl_tree *tree, struct avl_node *prev,
		 struct avl_node *node)
{
	struct avl_node *parent;

	if (prev == NULL) {
		if (tree->at_root == NULL) {
			avl_attach(tree, NULL, &tree->at_root, node);
			return;
		}
		parent = avl_leftmost(tree->at_root);
		avl_attach(tree, parent, &parent->an_left, node);
	} else if (prev->an_right == NULL) {
		avl_attach(tree, prev, &prev->an_right, node);
	} else {
		parent = avl_leftmost(prev->an_right);
		avl_attach(tree, parent, &parent->an_left, node);
	}
}

void
avl_insert_before(struct avl_tree *tree, struct avl_node *next,
		  struct avl_node *node)
{
	struct avl_node *parent;

	if (next == NULL) {
		if (tree->at_root == NULL) {
			avl_attach(tree, NULL, &tree->at_root, node);
			return;
		}
		parent = avl_rightmost(tree->at_root);
		avl_attach(tree, parent, &parent->an_right, node);
	} else if (next->an_left == NULL) {
		avl_attach(tree, next, &next->an_left, node);
	} else {
		parent = avl_rightmost(next->an_left);
		avl_attach(tree, parent, &parent->an_right, node);
	}
}

/*
 * Retracing after parent's subtree on the given side (left if left is
 * set) lost one level: each ancestor either absorbs the loss (factor
 * becomes +-1: its height is unchanged), passes it up (factor 0), or is
 * rebalanced, which passes it up unless the new root is left leaning.
 */
static void
avl_retrace_remove(struct avl_tree *tree, struct avl_node *parent, int left)
{
	struct avl_node *child;

	while (parent != NULL) {
		parent->an_balance += left ? 1 : -1;
		if (parent->an_balance == 1 || parent->an_balance == -1)
			return;
		if (parent->an_balance != 0) {
			parent = avl_rebalance(tree, parent);
			if (parent->an_balance != 0)
				return;
		}
		child = parent;
		parent = child->an_parent;
		left = parent != NULL && parent->an_left == child;
	}
}

/*
 * A node with two children is replaced by its successor, the leftmost
 * node of its right subtree, which has no left child: the successor is
 * unlinked from its own place first (its right child takes it), then put
 * where node was, with node's balance factor.  Either way, exactly one
 * subtree lost one level, on one side of one node: that is where
 * retracing starts.
 */
void
avl_remove(struct avl_tree *tree, struct avl_node *node)
{
	struct avl_node *parent, *child, *successor;
	int left;

	if (node->an_left != NULL && node->an_right != NULL) {
		successor = avl_leftmost(node->an_right);
		if (successor == node->an_right) {
			parent = successor;
			left = 0;
		} else {
			parent = successor->an_parent;
			left = 1;
			parent->an_left = successor->an_right;
			if (successor->an_right != NULL)
				successor->an_right->an_parent = parent;
			successor->an_right = node->an_right;
			node->an_right->an_parent = successor;
		}
		successor->an_left = node->an_left;
		node->an_left->an_parent = successor;
		successor->an_balance = node->an_balance;
		*avl_link_of(tree, node) = successor;
		successor->an_parent = node->an_parent;
	} else {
		child = node->an_left != NULL ? node->an_left : node->an_right;
		parent = node->an_parent;
		left = parent != NULL && parent->an_left == node;
		*avl_link_of(tree, node) = child;
		if (child != NULL)
			child->an_parent = parent;
	}
	node->an_left = node->an_right = node->an_parent = NULL;
	avl_update_to_root(tree, parent);
	avl_retrace_remove(tree, parent, left);
}

struct avl_node *
avl_first(const struct avl_tree *tree)
{
	return tree->at_root == NULL ? NULL : avl_leftmost(tree->at_root);
}

struct avl_node *
avl_last(const struct avl_tree *tree)
{
	return tree->at_root == NULL ? NULL : avl_rightmost(tree->at_root);
}

struct avl_node *
avl_next(const struct avl_node *node)
{
	struct avl_node *at = (struct avl_node *)node;

	if (at->an_right != NULL)
		return avl_leftmost(at->an_right);
	while (at->an_parent != NULL && at == at->an_parent->an_right)
		at = at->an_parent;
	return at->an_parent;
}

struct avl_node *
avl_prev(const struct avl_node *node)
{
	struct avl_node *at = (struct avl_node *)node;

	if (at->an_left != NULL)
		return avl_rightmost(at->an_left);
	while (at->an_parent != NULL && at == at->an_parent->an_left)
		at = at->an_parent;
	return at->an_parent;
}

void
avl_update_path(struct avl_tree *tree, struct avl_node *node)
{
	avl_update_to_root(tree, node);
}
