/*
 * A map's entry store: the address-ordered entries of one address map
 * ([start, end) ranges, each mapping part of a memory object with its
 * protection, inheritance and wiring), and the searches the VM needs on
 * them, each in O(log n) for n entries.  It is the part of vm_map that
 * only arranges ranges: it never touches page tables, objects or pages.
 * A vm_map (and later a vm_map_copy) embeds a struct vm_map_header.
 *
 * Entry points:
 *	vm_map_entry_header_init	an empty store for [min, max)
 *	vm_map_entry_alloc, _free	an entry from the store's allocator
 *	vm_map_entry_link		put an entry in (refuses overlap)
 *	vm_map_entry_lookup		the entry holding an address, or the
 *					one before it
 *	vm_map_entry_first, _last, _next, _prev	address order
 *	vm_map_entry_clip_start, _clip_end	split an entry at an address
 *	vm_map_entry_clip_range		split so that a range has whole entries
 *	vm_map_entry_remove_range	take the entries of a range out
 *	vm_map_entry_find_space		the lowest free range that fits
 *	vm_map_entry_coalesce		merge an entry with like neighbours
 *
 * Invariants, after every call: entries are non-empty, page-aligned,
 * disjoint and inside [vmh_min, vmh_max); the tree holds them in address
 * order, balanced (kern/avl.h); each entry's vme_gap is the free space
 * just below it (down to the previous entry's end, or vmh_min) and its
 * vme_max_gap the largest vme_gap in its subtree, which lets
 * find_space skip every subtree that has no hole big enough.
 *
 * Failures change nothing: a call that needs new entries (a clip) takes
 * all of them from the allocator before it changes the store, and gives
 * them back if one is refused.  Entries come from the store's hooks, so
 * the kernel takes them from a zone (vm_map.c) and the host
 * tests from malloc.
 *
 * Objects: the store never looks inside one.  An entry holds one
 * reference on its object (NULL: none yet), which the caller gives with
 * the entry to vm_map_entry_link and gets back with the entries that
 * vm_map_entry_remove_range returns.  A clip makes two entries of one, so
 * it takes a reference (vmeh_object_reference); a merge makes one of two,
 * so it drops one (vmeh_object_release).
 *
 * Locking: the store has no lock of its own.  The map that embeds it
 * serializes every call on it, lookups included, which move the hint.
 */
#ifndef VM_VM_MAP_ENTRY_H
#define VM_VM_MAP_ENTRY_H

#include <kern/avl.h>
#include <mach/kern_return.h>
#include <mach/std_types.h>

struct vm_object;

/*
 * One mapped range.  The caller owns the attribute fields (vme_object to
 * vme_flags) and may change them in place; the store owns the range and
 * the tree fields, which only vm_map_entry_* functions change while the
 * entry is in a store.
 */
struct vm_map_entry {
	struct avl_node vme_node; /* store: in vmh_tree, ordered by vme_start */
	vm_offset_t vme_start;	  /* store: first address */
	vm_offset_t vme_end;	  /* store: first address after the range */
	struct vm_object *vme_object;  /* one reference; NULL: none yet */
	vm_offset_t vme_offset;	       /* the object's offset at vme_start */
	vm_prot_t vme_protection;      /* what accesses are allowed now */
	vm_prot_t vme_max_protection;  /* the most vme_protection may be */
	vm_inherit_t vme_inheritance;  /* what a child task gets */
	unsigned int vme_wired_count;  /* wirings; pages stay resident if > 0 */
	unsigned int vme_flags;	       /* the map's; the store only compares */
	vm_size_t vme_gap;	       /* store: free space just below */
	vm_size_t vme_max_gap;	       /* store: largest vme_gap in subtree */
	struct vm_map_entry *vme_link; /* a list of entries out of a store */
};

/*
 * Where a store's entries come from, and what a clip or a merge does to
 * an object's references.  The object hooks are called with non-NULL
 * objects only, and may be NULL themselves (objects not counted).
 */
struct vm_map_entry_hooks {
	struct vm_map_entry *(*vmeh_alloc)(void); /* NULL if no memory */
	void (*vmeh_free)(struct vm_map_entry *entry);
	void (*vmeh_object_reference)(struct vm_object *object);
	void (*vmeh_object_release)(struct vm_object *object);
};

/* The store; all fields guarded by whatever serializes the map. */
struct vm_map_header {
	vm_offset_t vmh_min;	  /* constant: lowest address entries may use */
	vm_offset_t vmh_max;	  /* constant: first address above the range */
	struct avl_tree vmh_tree; /* the entries, by address */
	unsigned long vmh_count;  /* entries in the tree */
	struct vm_map_entry *vmh_hint; /* last entry looked up, or NULL */
	const struct vm_map_entry_hooks *vmh_hooks; /* constant */
};

/*
 * Makes header an empty store for addresses [min, max), both page-aligned
 * with min < max, whose entries come from hooks (kept by reference).
 */
void vm_map_entry_header_init(struct vm_map_header *header, vm_offset_t min,
			      vm_offset_t max,
			      const struct vm_map_entry_hooks *hooks);

/*
 * A new entry from header's allocator, with every field zero, or NULL if
 * there is no memory.
 */
struct vm_map_entry *vm_map_entry_alloc(struct vm_map_header *header);

/*
 * Gives back an entry that is in no store.  Its object reference, if it
 * holds one, is the caller's to drop first.
 */
void vm_map_entry_free(struct vm_map_header *header,
		       struct vm_map_entry *entry);

/*
 * Puts entry, with its range and attributes set, into the store.  The
 * store takes over the entry and its object reference.
 * Returns KERN_SUCCESS; KERN_INVALID_ARGUMENT if the range is empty or
 * not page-aligned; KERN_INVALID_ADDRESS if it wraps or leaves
 * [vmh_min, vmh_max); KERN_NO_SPACE if it overlaps an entry.  On error
 * nothing changed and the entry is still the caller's.
 */
kern_return_t vm_map_entry_link(struct vm_map_header *header,
				struct vm_map_entry *entry);

/*
 * Finds address: returns TRUE with *entry the entry that holds it, or
 * FALSE with *entry the last entry below address (NULL if none).
 * Checks the hint first and leaves the entry found there.
 */
boolean_t vm_map_entry_lookup(struct vm_map_header *header, vm_offset_t address,
			      struct vm_map_entry **entry);

/* The lowest and highest entries, NULL in an empty store. */
struct vm_map_entry *vm_map_entry_first(const struct vm_map_header *header);
struct vm_map_entry *vm_map_entry_last(const struct vm_map_header *header);

/* The entry above and below entry (in a store), NULL at either end. */
struct vm_map_entry *vm_map_entry_next(const struct vm_map_entry *entry);
struct vm_map_entry *vm_map_entry_prev(const struct vm_map_entry *entry);

/*
 * If address is strictly inside entry (in header), splits it there:
 * entry keeps [address, end) and its object offset moves up by the same
 * amount; a new entry with the same attributes takes [start, address).
 * Returns KERN_SUCCESS (also when there was nothing to split), or
 * KERN_RESOURCE_SHORTAGE (no entry: nothing changed).
 */
kern_return_t vm_map_entry_clip_start(struct vm_map_header *header,
				      struct vm_map_entry *entry,
				      vm_offset_t address);

/*
 * If address is strictly inside entry, splits it there: entry keeps
 * [start, address); a new entry takes [address, end).
 * Returns KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (nothing changed).
 */
kern_return_t vm_map_entry_clip_end(struct vm_map_header *header,
				    struct vm_map_entry *entry,
				    vm_offset_t address);

/*
 * Splits the entries that straddle start or end (one entry may straddle
 * both), so that every entry meeting [start, end) lies inside it.  The
 * operations that change a range's attributes (protect, inherit, wire)
 * start here.
 * Returns KERN_SUCCESS; KERN_INVALID_ARGUMENT or KERN_INVALID_ADDRESS
 * for a range vm_map_entry_link would refuse; KERN_RESOURCE_SHORTAGE.
 * On error nothing changed.
 */
kern_return_t vm_map_entry_clip_range(struct vm_map_header *header,
				      vm_offset_t start, vm_offset_t end);

/*
 * Takes out of the store everything in [start, end), clipping the
 * entries that straddle either end; what is not mapped in the range is
 * skipped.  *removed receives the entries taken out, in address order,
 * chained by vme_link: the caller drops their objects' references and
 * frees them (vm_map_entry_free).
 * Returns KERN_SUCCESS (*removed NULL if nothing was mapped), or, with
 * nothing changed and *removed untouched, the errors of
 * vm_map_entry_clip_range.
 */
kern_return_t vm_map_entry_remove_range(struct vm_map_header *header,
					vm_offset_t start, vm_offset_t end,
					struct vm_map_entry **removed);

/*
 * Finds room for size bytes (a non-zero multiple of the page size) at an
 * address whose bits in mask are clear, mask | PAGE_MASK being 2^k - 1
 * (an alignment of 2^k, at least a page): the lowest such address at or
 * above hint, or if there is none, the lowest in the store.  Changes
 * nothing, not even the hint.
 * Returns KERN_SUCCESS with *address set; KERN_INVALID_ARGUMENT for a bad
 * size or mask; KERN_NO_SPACE if no free range fits.
 * Cost: O(log n) when the alignment is the page size.  With a coarser
 * one, each hole below the answer that is at least size but less than
 * size + mask long, and cannot hold an aligned range, costs O(log n) more.
 */
kern_return_t vm_map_entry_find_space(struct vm_map_header *header,
				      vm_size_t size, vm_offset_t mask,
				      vm_offset_t hint, vm_offset_t *address);

/*
 * Merges entry with the entries just below and above it where they
 * touch it and have the same attributes: the same object at contiguous
 * offsets (any offsets if the object is NULL), protections, inheritance,
 * wired count and flags.  Absorbed entries are freed, and their object
 * references dropped.  Returns the entry that now covers entry's range.
 */
struct vm_map_entry *vm_map_entry_coalesce(struct vm_map_header *header,
					   struct vm_map_entry *entry);

#endif /* VM_VM_MAP_ENTRY_H */
