/*
 * Memory objects as the kernel holds them: a vm_object is a range of
 * offsets whose pages are either resident (in the object's page tree)
 * or found further down its shadow chain, or are zero.  Every entry of a
 * vm_map maps part of one object (vm/vm_map.h).
 *
 * Copy-on-write: an object that has been copied gets a shadow object on
 * top of it, which holds the pages written since the copy; a page not in
 * the shadow is read from the object below it (at vo_shadow_offset
 * more).  A copy made at fork or for an out-of-line message marks both
 * entries "needs copy": the first write through either pushes a shadow
 * object under that entry (vm/vm_fault.c).  Chains are collapsed when a
 * backing object has no other holder than its shadow
 * (vm_object_collapse_locked), so that repeated forks do not grow them
 * without bound.
 *
 * Entry points:
 *	vm_object_bootstrap			the zone and lock, once
 *	vm_object_create			an empty object
 *	vm_object_reference, _deallocate	references
 *	vm_object_shadow_locked			an object on top of another
 *	vm_object_copy_delay_locked, _push_locked  copies of shared memory
 *	vm_object_page_lookup_locked, _page_find_locked, _page_insert_locked
 *	vm_object_collapse_locked		shorten a shadow chain
 *	vm_object_existence_*_locked		what the default pager holds
 *	vm_object_queue_*_locked		the pageout queues
 *	vm_object_statistics			objects and pages alive
 *
 * Locking: one lock, vm_object_lock, guards every object's fields and
 * its pages' vmp_object, vmp_offset and vmp_node.  Taken after a map's
 * lock and before the pmap locks (docs/locking.md).  One lock keeps a
 * shadow chain consistent while a fault walks it; the walk and a page's
 * copy are short (a page at most).
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <ipc/ipc_types.h>
#include <kern/avl.h>
#include <kern/lock.h>
#include <kern/wait.h>
#include <mach/kern_return.h>
#include <mach/memory_object.h>
#include <mach/std_types.h>

struct vm_page;
struct vm_pager_return;

/* All fields guarded by vm_object_lock. */
struct vm_object {
	unsigned int vo_ref_count;     /* entries, copies, shadows above */
	vm_size_t vo_size;	       /* bytes of offsets it covers */
	struct avl_tree vo_pages;      /* resident pages, by vmp_offset */
	unsigned long vo_resident;     /* pages in vo_pages */
	struct vm_object *vo_shadow;   /* one reference, or NULL */
	vm_offset_t vo_shadow_offset;  /* vo_shadow's offset at our 0 */
	struct vm_object *vo_shadower; /* the last object made on top of
					  this one, or NULL (no reference) */
	struct vm_object *vo_copies;   /* copies of this shared memory, by
					  vo_copy_next: each shadows it, and
					  a page is pushed into each before
					  it is written (copy delay) */
	struct vm_object *vo_copy_of;  /* the object this is a copy of */
	struct vm_object *vo_copy_next;
	/* An object with a pager (vm/vm_pager.c); all zero without one. */
	ipc_port_t vo_pager;	/* a send right to it */
	ipc_port_t vo_control;	/* the control port (kernel object) */
	ipc_port_t vo_name;	/* the name port (kernel object) */
	boolean_t vo_ready;	/* the pager said ready */
	boolean_t vo_may_cache; /* recorded only */
	memory_object_copy_strategy_t vo_copy_strategy; /* recorded only */
	kern_return_t vo_pager_error;	 /* not 0: destroyed, faults fail */
	struct wait_queue vo_wait;	 /* faults waiting for its pages */
	struct vm_object *vo_pager_next; /* the pagers' objects (vm_pager.c) */
	struct vm_pager_return *vo_returns; /* terminated: data to return */
	uint32_t vo_trace;		    /* its number in the pager trace */
	/* Anonymous memory (vm/vm_pageout.c). */
	boolean_t vo_internal;	      /* the kernel's memory: a pager it has is
				  the default pager, given at its first
				  pageout */
	boolean_t vo_laundry;	      /* holds a page on its way to a pager:
				  never paged out */
	struct avl_tree vo_existence; /* internal with a pager: the pages
					 it holds (vm_object_existence_*) */
};

/* Whether object is a pager's memory (not anonymous memory that went
 * to the default pager).  vm_object_lock held, or object constant. */
static inline boolean_t
vm_object_external(const struct vm_object *object)
{
	return object->vo_pager != IP_NULL && !object->vo_internal;
}

extern simple_lock_data_t vm_object_lock;

void vm_object_bootstrap(void);

/* A new object of size bytes, all zero, with one reference; NULL if no
 * memory.  Takes vm_object_lock. */
struct vm_object *vm_object_create(vm_size_t size);

/* Adds a reference.  vm_object_lock not held (the _locked form: held). */
void vm_object_reference(struct vm_object *object);
void vm_object_reference_locked(struct vm_object *object);

/*
 * Drops a reference (object may be NULL); at the last one frees the
 * object and its pages, unmapping any page still mapped, and drops its
 * reference on its shadow, and so on down the chain.  An object left
 * held only by the object on top of it is merged into that one
 * (vm_object_collapse_locked).  vm_object_lock
 * not held (the _locked form: held).
 */
void vm_object_deallocate(struct vm_object *object);
void vm_object_deallocate_locked(struct vm_object *object);

/*
 * A new object of size bytes on top of object (whose reference the new
 * one takes over), reading through to object's offset at offset: the
 * copy-on-write step.  NULL if no memory (object's reference is still
 * the caller's then).  vm_object_lock held.
 */
struct vm_object *vm_object_shadow_locked(struct vm_object *object,
					  vm_offset_t offset, vm_size_t size);

/*
 * A copy of size bytes of object from offset on, for memory others
 * write to directly (shared, or a pager's), where symmetric
 * copy-on-write cannot be used: a new object (one reference) on top of
 * object, which object pushes each page into before that page is first
 * written (vm_object_push_locked); object's resident pages in the
 * window are made read-only everywhere.  NULL if memory is short.
 * vm_object_lock held.
 */
struct vm_object *vm_object_copy_delay_locked(struct vm_object *object,
					      vm_offset_t offset,
					      vm_size_t size);

/*
 * Before page (object's own, at its offset) is written: gives each copy
 * of object that has no page of its own there a copy of it.  Returns
 * KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.  vm_object_lock held.
 */
kern_return_t vm_object_push_locked(struct vm_object *object,
				    struct vm_page *page);

/* The page of object at offset (page-aligned), resident in object
 * itself, or NULL.  vm_object_lock held. */
struct vm_page *vm_object_page_lookup_locked(struct vm_object *object,
					     vm_offset_t offset);

/* The page of object at offset, in object or down its shadow chain, or
 * NULL (the data is zero); *depth says where (0: object itself).
 * vm_object_lock held. */
struct vm_page *vm_object_page_find_locked(struct vm_object *object,
					   vm_offset_t offset, int *depth);

/* The page of object (its own) with the lowest offset at or above
 * offset, or NULL.  vm_object_lock held. */
struct vm_page *vm_object_page_next_locked(struct vm_object *object,
					   vm_offset_t offset);

/* Makes page (in no object) object's page at offset, which has none.
 * vm_object_lock held. */
void vm_object_page_insert_locked(struct vm_object *object, vm_offset_t offset,
				  struct vm_page *page);

/* Takes page out of its object, unmaps it everywhere and frees it.
 * vm_object_lock held. */
void vm_object_page_free_locked(struct vm_page *page);

/* Frees object's resident pages at offsets in [start, end), unmapping
 * them: memory nothing can reach any more.  vm_object_lock held. */
void vm_object_page_remove_locked(struct vm_object *object, vm_offset_t start,
				  vm_offset_t end);

/*
 * Merges into object the objects below it that nobody else holds
 * (reference count 1: only object's shadow link) and that have no
 * pager: their pages that object lacks move up, the rest are freed, and
 * object reads through to what was below them.  Cost: the pages moved
 * or freed.  vm_object_lock held.
 */
void vm_object_collapse_locked(struct vm_object *object);

/*
 * The existence map of an internal object with a pager: which offsets
 * the default pager holds, so that a fault asks it only for those
 * (others are zero, or further down the chain).  _set records offset
 * (KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE: nothing recorded);
 * _test asks; _free forgets them all.  vm_object_lock held.
 */
kern_return_t vm_object_existence_set_locked(struct vm_object *object,
					     vm_offset_t offset);
boolean_t vm_object_existence_test_locked(struct vm_object *object,
					  vm_offset_t offset);
void vm_object_existence_free_locked(struct vm_object *object);

/*
 * The pageout queues (vm/vm_pageout.c): every page in an object is on
 * the active queue, the inactive one, or neither (vmp_queue: a wired
 * page, which pageout takes off both), linked by vmp_next and vmp_prev
 * (the free lists' links, unused while a page is in an object).  A page
 * put in an object goes to the active queue's tail.  _first is a
 * queue's oldest page (NULL: empty); _move takes page off its queue and
 * puts it at the tail of queue (VM_PAGE_QUEUE_NONE: on neither); _count
 * is a queue's length.  vm_object_lock held.
 */
struct vm_page *vm_object_queue_first_locked(int queue);
void vm_object_queue_move_locked(struct vm_page *page, int queue);
unsigned long vm_object_queue_count_locked(int queue);

/* Takes page out of its object (still mapped; the caller unmaps it).
 * vm_object_lock held. */
void vm_object_page_unlink_locked(struct vm_page *page);

/* Frees a terminated pager object's memory (vm_pager_flush, once its
 * ports no longer lead to it).  No lock held. */
void vm_object_free_dead(struct vm_object *object);

/* Objects alive and the pages they hold (a leak shows here). */
struct vm_object_statistics {
	unsigned long vos_objects;
	unsigned long vos_resident;
	unsigned long vos_active;   /* on the active queue */
	unsigned long vos_inactive; /* on the inactive queue */
};
void vm_object_statistics(struct vm_object_statistics *stats);

#endif /* VM_VM_OBJECT_H */
