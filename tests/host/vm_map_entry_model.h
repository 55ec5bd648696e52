/*
 * The reference model of the entry store tests (test_vm_map_entry.c):
 * a sorted array of ranges with their attributes, changed by the
 * simplest code that follows the contract in vm/vm_map_entry.h, and
 * beside it the store under test (map), with hooks that count entries
 * and object references and fail allocations on demand.
 *
 * The map_* functions run one operation on the store, check its answer
 * against the model's and, if it succeeded, change the model the same
 * way.  check_store compares the two and checks the store's invariants:
 * the tree's links, order and balance, each vme_gap and vme_max_gap, the
 * entry count, the hint, that no entry leaked (live_entries), and that
 * each fake object holds one reference per entry that maps it.
 *
 * The allocator fails at its call number fail_at, or each call with
 * probability 1/fail_one_in.  A call that returns KERN_RESOURCE_SHORTAGE
 * must leave the store exactly as the model, which did not change.
 *
 * Include after <stdarg.h>, <stddef.h>, <setjmp.h> and <cmocka.h>.
 */
#ifndef VM_MAP_ENTRY_MODEL_H
#define VM_MAP_ENTRY_MODEL_H

#include <mach/vm_prot.h>
#include <machine/vm_param.h>
#include <stdint.h>
#include <vm/vm_map_entry.h>

#define ENTRY(n)  avl_entry(n, struct vm_map_entry, vme_node)
#define PAGES(n)  ((vm_offset_t)(n)*PAGE_SIZE)
#define TOP	  (UINTPTR_MAX & ~PAGE_MASK) /* the highest page address */
#define OBJECTS	  3 /* fake objects, 0 .. OBJECTS - 1 */
#define MAX_MODEL 20000

/* A fixed-seed generator, so that a failure replays. */
extern uint64_t rng_state;
uint64_t rng(void);

/* The allocator's counts and failures. */
extern long live_entries;	 /* allocated and not yet freed */
extern long alloc_calls;	 /* every call, failed or not */
extern long fail_at;		 /* alloc_calls value whose call fails */
extern long failures;		 /* calls made to fail */
extern unsigned fail_one_in;	 /* nonzero: random failures */
extern int object_refs[OBJECTS]; /* each fake object's references */
extern const struct vm_map_entry_hooks hooks;

/* A range of the model; object is an index, -1 for NULL. */
struct range {
	vm_offset_t start, end;
	int object;
	vm_offset_t offset;
	vm_prot_t protection, max_protection;
	vm_inherit_t inheritance;
	unsigned int wired_count, flags;
};

extern struct vm_map_header map;
extern struct range model[MAX_MODEL];
extern int model_count;

/* A range with the default attributes. */
struct range range_make(vm_offset_t start, vm_offset_t end, int object,
			vm_offset_t offset);

/* An empty store and model for [min, max); no failures. */
void map_init(vm_offset_t min, vm_offset_t max);

/* Checks store against model; returns the tree's height. */
int check_store(void);

/* Splits the model's range that strictly holds address, if any. */
int model_split(vm_offset_t address);

/* Each runs the operation on the store, checks the answer against the
 * model's, and changes the model the same way.  map_link gives the
 * entry a new object reference; map_remove_range drops those of the
 * entries it gets back and frees them. */
kern_return_t map_link(struct range r);
void map_add(vm_offset_t start, vm_offset_t end, int object,
	     vm_offset_t offset); /* map_link that must succeed */
kern_return_t map_clip_range(vm_offset_t start, vm_offset_t end);
kern_return_t map_remove_range(vm_offset_t start, vm_offset_t end);
kern_return_t map_find_space(vm_size_t size, vm_offset_t mask, vm_offset_t hint,
			     vm_offset_t *address);
void map_check_lookup(vm_offset_t address);
int map_coalesce(int index); /* returns the surviving index */

/* Empties store and model (no failures) and checks them. */
void map_clear(void);

/* The largest height an AVL tree of n nodes may have. */
int avl_height_bound(long n);

#endif /* VM_MAP_ENTRY_MODEL_H */
