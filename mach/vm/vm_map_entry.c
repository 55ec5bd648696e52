/*
 * A map's entry store (see vm/vm_map_entry.h for the contract).
 *
 * The entries live in an AVL tree ordered by start address.  Each entry
 * also records the free space just below it, vme_gap, and the tree keeps
 * the largest vme_gap of each subtree in vme_max_gap (the augmented value,
 * recomputed by vm_map_entry_update_max_gap).  The holes of the address
 * range are then the vme_gap of every entry plus the one above the last
 * entry, and a search for a hole of a given size walks down only into
 * subtrees whose vme_max_gap is large enough.
 *
 * vme_gap depends on the entry below, so whoever adds or removes an entry
 * also recomputes the vme_gap of the entry above it and that entry's path
 * to the root (vm_map_entry_insert, vm_map_entry_unlink).  A clip changes
 * no hole: the new piece has no gap below it.
 *
 * Check first, then change: each public call validates its arguments and
 * takes every entry it may need from the allocator before it touches the
 * tree; what follows cannot fail.
 */
#include <kern/debug.h>
#include <machine/vm_param.h>
#include <vm/vm_map_entry.h>

#define VM_MAP_ENTRY_ADDRESS_MAX UINTPTR_MAX /* the top of vm_offset_t */

static inline struct vm_map_entry *
vm_map_entry_of(const struct avl_node *node)
{
	if (node == NULL)
		return NULL;
	return avl_entry(node, struct vm_map_entry, vme_node);
}

static inline vm_size_t
vm_map_entry_subtree_gap(const struct avl_node *node)
{
	return node == NULL ? 0 : vm_map_entry_of(node)->vme_max_gap;
}

/* The tree's augment callback: vme_max_gap from vme_gap and the children. */
static void
vm_map_entry_update_max_gap(struct avl_node *node)
{
	struct vm_map_entry *entry = vm_map_entry_of(node);
	vm_size_t gap = entry->vme_gap;

	if (vm_map_entry_subtree_gap(node->an_left) > gap)
		gap = vm_map_entry_subtree_gap(node->an_left);
	if (vm_map_entry_subtree_gap(node->an_right) > gap)
		gap = vm_map_entry_subtree_gap(node->an_right);
	entry->vme_max_gap = gap;
}

/* Orders an address (the key) against an entry's start. */
static int
vm_map_entry_compare_start(const void *key, const struct avl_node *node)
{
	vm_offset_t address = *(const vm_offset_t *)key;
	vm_offset_t start = vm_map_entry_of(node)->vme_start;

	if (address < start)
		return -1;
	return address > start;
}

void
vm_map_entry_header_init(struct vm_map_header *header, vm_offset_t min,
			 vm_offset_t max,
			 const struct vm_map_entry_hooks *hooks)
{
	assert(min < max && ((min | max) & PAGE_MASK) == 0);
	assert(hooks != NULL && hooks->vmeh_alloc != NULL &&
	       hooks->vmeh_free != NULL);
	header->vmh_min = min;
	header->vmh_max = max;
	avl_init(&header->vmh_tree, vm_map_entry_update_max_gap);
	header->vmh_count = 0;
	header->vmh_hint = NULL;
	header->vmh_hooks = hooks;
}

struct vm_map_entry *
vm_map_entry_alloc(struct vm_map_header *header)
{
	struct vm_map_entry *entry = header->vmh_hooks->vmeh_alloc();

	if (entry != NULL)
		*entry = (struct vm_map_entry){0};
	return entry;
}

void
vm_map_entry_free(struct vm_map_header *header, struct vm_map_entry *entry)
{
	assert(entry != NULL && header->vmh_hint != entry);
	header->vmh_hooks->vmeh_free(entry);
}

struct vm_map_entry *
vm_map_entry_first(const struct vm_map_header *header)
{
	return vm_map_entry_of(avl_first(&header->vmh_tree));
}

struct vm_map_entry *
vm_map_entry_last(const struct vm_map_header *header)
{
	return vm_map_entry_of(avl_last(&header->vmh_tree));
}

struct vm_map_entry *
vm_map_entry_next(const struct vm_map_entry *entry)
{
	return vm_map_entry_of(avl_next(&entry->vme_node));
}

struct vm_map_entry *
vm_map_entry_prev(const struct vm_map_entry *entry)
{
	return vm_map_entry_of(avl_prev(&entry->vme_node));
}

/* The entry with the greatest start <= address, or NULL; no hint. */
static struct vm_map_entry *
vm_map_entry_floor(const struct vm_map_header *header, vm_offset_t address)
{
	return vm_map_entry_of(avl_lookup_le(&header->vmh_tree, &address,
					     vm_map_entry_compare_start));
}

boolean_t
vm_map_entry_lookup(struct vm_map_header *header, vm_offset_t address,
		    struct vm_map_entry **entry)
{
	struct vm_map_entry *found = header->vmh_hint;

	assert(entry != NULL);
	if (found != NULL && found->vme_start <= address &&
	    address < found->vme_end) {
		*entry = found;
		return TRUE;
	}
	found = vm_map_entry_floor(header, address);
	*entry = found;
	if (found == NULL || address >= found->vme_end)
		return FALSE;
	header->vmh_hint = found;
	return TRUE;
}

/* Recomputes entry's vme_gap (prev is the entry below it, or NULL). */
static void
vm_map_entry_set_gap(struct vm_map_header *header, struct vm_map_entry *prev,
		     struct vm_map_entry *entry)
{
	vm_offset_t below = prev == NULL ? header->vmh_min : prev->vme_end;

	entry->vme_gap = entry->vme_start - below;
	avl_update_path(&header->vmh_tree, &entry->vme_node);
}

/* Puts entry into the tree just above prev (NULL: first); next is the
 * entry above that place, or NULL. */
static void
vm_map_entry_insert(struct vm_map_header *header, struct vm_map_entry *prev,
		    struct vm_map_entry *entry, struct vm_map_entry *next)
{
	entry->vme_gap =
	    entry->vme_start - (prev == NULL ? header->vmh_min : prev->vme_end);
	avl_insert_after(&header->vmh_tree,
			 prev == NULL ? NULL : &prev->vme_node,
			 &entry->vme_node);
	header->vmh_count++;
	if (next != NULL)
		vm_map_entry_set_gap(header, entry, next);
}

/* Takes entry out of the tree; the hole below the next one grows. */
static void
vm_map_entry_unlink(struct vm_map_header *header, struct vm_map_entry *entry)
{
	struct vm_map_entry *prev = vm_map_entry_prev(entry);
	struct vm_map_entry *next = vm_map_entry_next(entry);

	avl_remove(&header->vmh_tree, &entry->vme_node);
	header->vmh_count--;
	if (header->vmh_hint == entry)
		header->vmh_hint = NULL;
	if (next != NULL)
		vm_map_entry_set_gap(header, prev, next);
}

static kern_return_t
vm_map_entry_range_check(const struct vm_map_header *header, vm_offset_t start,
			 vm_offset_t end)
{
	if (((start | end) & PAGE_MASK) != 0 || start == end)
		return KERN_INVALID_ARGUMENT;
	if (end < start || start < header->vmh_min || end > header->vmh_max)
		return KERN_INVALID_ADDRESS;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_entry_link(struct vm_map_header *header, struct vm_map_entry *entry)
{
	struct vm_map_entry *prev, *next;
	kern_return_t kr;

	assert(entry != NULL);
	kr = vm_map_entry_range_check(header, entry->vme_start, entry->vme_end);
	if (kr != KERN_SUCCESS)
		return kr;
	prev = vm_map_entry_floor(header, entry->vme_start);
	if (prev != NULL && prev->vme_end > entry->vme_start)
		return KERN_NO_SPACE;
	next =
	    prev == NULL ? vm_map_entry_first(header) : vm_map_entry_next(prev);
	if (next != NULL && next->vme_start < entry->vme_end)
		return KERN_NO_SPACE;
	vm_map_entry_insert(header, prev, entry, next);
	return KERN_SUCCESS;
}

/* A clip's new entry: a copy of entry's attributes, on a new reference. */
static void
vm_map_entry_copy(struct vm_map_header *header, struct vm_map_entry *copy,
		  const struct vm_map_entry *entry)
{
	*copy = *entry;
	copy->vme_link = NULL;
	if (copy->vme_object != NULL &&
	    header->vmh_hooks->vmeh_object_reference != NULL)
		header->vmh_hooks->vmeh_object_reference(copy->vme_object);
}

/*
 * Splits entry at address with spare as the new lower piece.  The lower
 * piece inherits entry's gap and entry gets none; spare goes in below
 * entry, so entry is on its path and its vme_max_gap is recomputed too.
 */
static void
vm_map_entry_split_start(struct vm_map_header *header,
			 struct vm_map_entry *entry, vm_offset_t address,
			 struct vm_map_entry *spare)
{
	assert(entry->vme_start < address && address < entry->vme_end);
	vm_map_entry_copy(header, spare, entry);
	spare->vme_end = address;
	entry->vme_offset += address - entry->vme_start;
	entry->vme_start = address;
	entry->vme_gap = 0;
	avl_insert_before(&header->vmh_tree, &entry->vme_node,
			  &spare->vme_node);
	header->vmh_count++;
}

/* Splits entry at address with spare as the new upper piece. */
static void
vm_map_entry_split_end(struct vm_map_header *header, struct vm_map_entry *entry,
		       vm_offset_t address, struct vm_map_entry *spare)
{
	assert(entry->vme_start < address && address < entry->vme_end);
	vm_map_entry_copy(header, spare, entry);
	spare->vme_start = address;
	spare->vme_offset += address - entry->vme_start;
	spare->vme_gap = 0;
	entry->vme_end = address;
	avl_insert_after(&header->vmh_tree, &entry->vme_node, &spare->vme_node);
	header->vmh_count++;
}

kern_return_t
vm_map_entry_clip_start(struct vm_map_header *header,
			struct vm_map_entry *entry, vm_offset_t address)
{
	struct vm_map_entry *spare;

	assert((address & PAGE_MASK) == 0);
	if (address <= entry->vme_start || address >= entry->vme_end)
		return KERN_SUCCESS;
	spare = vm_map_entry_alloc(header);
	if (spare == NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_map_entry_split_start(header, entry, address, spare);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_entry_clip_end(struct vm_map_header *header, struct vm_map_entry *entry,
		      vm_offset_t address)
{
	struct vm_map_entry *spare;

	assert((address & PAGE_MASK) == 0);
	if (address <= entry->vme_start || address >= entry->vme_end)
		return KERN_SUCCESS;
	spare = vm_map_entry_alloc(header);
	if (spare == NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_map_entry_split_end(header, entry, address, spare);
	return KERN_SUCCESS;
}

/* The entry that holds address and starts below it, or NULL. */
static struct vm_map_entry *
vm_map_entry_straddling(const struct vm_map_header *header, vm_offset_t address)
{
	struct vm_map_entry *entry = vm_map_entry_floor(header, address);

	if (entry == NULL || entry->vme_start == address ||
	    entry->vme_end <= address)
		return NULL;
	return entry;
}

kern_return_t
vm_map_entry_clip_range(struct vm_map_header *header, vm_offset_t start,
			vm_offset_t end)
{
	struct vm_map_entry *low, *high, *spares[2];
	int needed = 0, taken;
	kern_return_t kr;

	kr = vm_map_entry_range_check(header, start, end);
	if (kr != KERN_SUCCESS)
		return kr;
	low = vm_map_entry_straddling(header, start);
	high = vm_map_entry_straddling(header, end);
	needed = (low != NULL) + (high != NULL);
	for (taken = 0; taken < needed; taken++) {
		spares[taken] = vm_map_entry_alloc(header);
		if (spares[taken] == NULL) {
			while (taken-- > 0)
				vm_map_entry_free(header, spares[taken]);
			return KERN_RESOURCE_SHORTAGE;
		}
	}
	/* From here on nothing fails.  low and high may be one entry: it
	 * still straddles end once its part below start is split off. */
	if (low != NULL)
		vm_map_entry_split_start(header, low, start, spares[--needed]);
	if (high != NULL)
		vm_map_entry_split_end(header, high, end, spares[--needed]);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_entry_remove_range(struct vm_map_header *header, vm_offset_t start,
			  vm_offset_t end, struct vm_map_entry **removed)
{
	struct vm_map_entry *entry, *next, *head = NULL, **tail = &head;
	kern_return_t kr;

	assert(removed != NULL);
	kr = vm_map_entry_clip_range(header, start, end);
	if (kr != KERN_SUCCESS)
		return kr;
	entry = vm_map_entry_floor(header, start);
	if (entry == NULL)
		entry = vm_map_entry_first(header);
	else if (entry->vme_end <= start)
		entry = vm_map_entry_next(entry);
	while (entry != NULL && entry->vme_start < end) {
		next = vm_map_entry_next(entry);
		vm_map_entry_unlink(header, entry);
		entry->vme_link = NULL;
		*tail = entry;
		tail = &entry->vme_link;
		entry = next;
	}
	*removed = head;
	return KERN_SUCCESS;
}

/*
 * Free-space search.  Holes are [entry start - vme_gap, entry start) for
 * each entry, then [last end, vmh_max).  A hole holds an aligned range of
 * size bytes at or above floor when its part above floor, started at the
 * next aligned address, is still size long.
 */

/* The lowest address >= address aligned to mask + 1; 0 if none exists. */
static int
vm_map_entry_align_up(vm_offset_t address, vm_offset_t mask,
		      vm_offset_t *aligned)
{
	if (address > VM_MAP_ENTRY_ADDRESS_MAX - mask)
		return 0;
	*aligned = (address + mask) & ~mask;
	return 1;
}

/* Whether hole [low, high) holds the range above floor; where, if so. */
static int
vm_map_entry_hole_fits(vm_offset_t low, vm_offset_t high, vm_size_t size,
		       vm_offset_t mask, vm_offset_t floor,
		       vm_offset_t *address)
{
	vm_offset_t at;

	if (!vm_map_entry_align_up(low > floor ? low : floor, mask, &at))
		return 0;
	if (at > high || high - at < size)
		return 0;
	*address = at;
	return 1;
}

/* The lowest entry of node's subtree whose vme_gap is at least size;
 * the subtree must have one (its vme_max_gap >= size). */
static struct vm_map_entry *
vm_map_entry_first_gap_in(const struct avl_node *node, vm_size_t size)
{
	assert(vm_map_entry_subtree_gap(node) >= size);
	for (;;) {
		if (vm_map_entry_subtree_gap(node->an_left) >= size)
			node = node->an_left;
		else if (vm_map_entry_of(node)->vme_gap >= size)
			return vm_map_entry_of(node);
		else
			node = node->an_right;
	}
}

/*
 * The next entry above entry whose vme_gap is at least size, or NULL:
 * in entry's right subtree if it has one, else at the first ancestor
 * reached from its left side, or in that ancestor's right subtree.
 */
static struct vm_map_entry *
vm_map_entry_next_gap(const struct vm_map_entry *entry, vm_size_t size)
{
	const struct avl_node *node = &entry->vme_node, *parent;

	if (vm_map_entry_subtree_gap(node->an_right) >= size)
		return vm_map_entry_first_gap_in(node->an_right, size);
	for (parent = node->an_parent; parent != NULL;
	     node = parent, parent = parent->an_parent) {
		if (parent->an_left != node)
			continue;
		if (vm_map_entry_of(parent)->vme_gap >= size)
			return vm_map_entry_of(parent);
		if (vm_map_entry_subtree_gap(parent->an_right) >= size)
			return vm_map_entry_first_gap_in(parent->an_right,
							 size);
	}
	return NULL;
}

/*
 * The lowest fit at or above floor.  Only an entry starting at or above
 * floor + size can have such a hole below it; the candidates are the
 * first of those, then the entries above it whose vme_gap is at least
 * size, in address order, then the hole above the last entry.
 */
static int
vm_map_entry_fit_above(const struct vm_map_header *header, vm_size_t size,
		       vm_offset_t mask, vm_offset_t floor,
		       vm_offset_t *address)
{
	struct vm_map_entry *entry, *last;

	if (floor > VM_MAP_ENTRY_ADDRESS_MAX - size)
		return 0;
	entry = vm_map_entry_floor(header, floor + size);
	if (entry == NULL)
		entry = vm_map_entry_first(header);
	else if (entry->vme_start < floor + size)
		entry = vm_map_entry_next(entry);
	for (; entry != NULL; entry = vm_map_entry_next_gap(entry, size)) {
		if (vm_map_entry_hole_fits(entry->vme_start - entry->vme_gap,
					   entry->vme_start, size, mask, floor,
					   address))
			return 1;
	}
	last = vm_map_entry_last(header);
	return vm_map_entry_hole_fits(
	    last == NULL ? header->vmh_min : last->vme_end, header->vmh_max,
	    size, mask, floor, address);
}

kern_return_t
vm_map_entry_find_space(struct vm_map_header *header, vm_size_t size,
			vm_offset_t mask, vm_offset_t hint,
			vm_offset_t *address)
{
	assert(address != NULL);
	mask |= PAGE_MASK;
	if (size == 0 || (size & PAGE_MASK) != 0 || (mask & (mask + 1)) != 0)
		return KERN_INVALID_ARGUMENT;
	if (hint < header->vmh_min || hint >= header->vmh_max)
		hint = header->vmh_min;
	if (vm_map_entry_fit_above(header, size, mask, hint, address))
		return KERN_SUCCESS;
	if (hint != header->vmh_min &&
	    vm_map_entry_fit_above(header, size, mask, header->vmh_min,
				   address))
		return KERN_SUCCESS;
	return KERN_NO_SPACE;
}

/* Whether high, the entry just above low, can become part of low. */
static int
vm_map_entry_mergeable(const struct vm_map_entry *low,
		       const struct vm_map_entry *high)
{
	if (low->vme_end != high->vme_start ||
	    low->vme_object != high->vme_object)
		return 0;
	if (low->vme_object != NULL &&
	    low->vme_offset + (low->vme_end - low->vme_start) !=
		high->vme_offset)
		return 0;
	return low->vme_protection == high->vme_protection &&
	       low->vme_max_protection == high->vme_max_protection &&
	       low->vme_inheritance == high->vme_inheritance &&
	       low->vme_wired_count == high->vme_wired_count &&
	       low->vme_flags == high->vme_flags;
}

/* low grows over high, which is freed with its object reference. */
static void
vm_map_entry_absorb(struct vm_map_header *header, struct vm_map_entry *low,
		    struct vm_map_entry *high)
{
	low->vme_end = high->vme_end;
	vm_map_entry_unlink(header, high);
	if (high->vme_object != NULL &&
	    header->vmh_hooks->vmeh_object_release != NULL)
		header->vmh_hooks->vmeh_object_release(high->vme_object);
	vm_map_entry_free(header, high);
}

struct vm_map_entry *
vm_map_entry_coalesce(struct vm_map_header *header, struct vm_map_entry *entry)
{
	struct vm_map_entry *prev = vm_map_entry_prev(entry);
	struct vm_map_entry *next = vm_map_entry_next(entry);

	if (next != NULL && vm_map_entry_mergeable(entry, next))
		vm_map_entry_absorb(header, entry, next);
	if (prev != NULL && vm_map_entry_mergeable(prev, entry)) {
		vm_map_entry_absorb(header, prev, entry);
		entry = prev;
	}
	return entry;
}
