/*
 * Pageout: when free pages run short, a kernel thread takes resident
 * pages away from the objects that hold them and gives their data to
 * the objects' pagers, so that a task touching more memory than the
 * machine has goes on instead of waiting for a page forever.
 *
 * Entry points:
 *	vm_pageout_bootstrap		the watermarks and the thread, once
 *	vm_pageout_page_alloc		a page of user memory for a fault
 *	vm_pageout_wakeup_locked	a fault found no page
 *	vm_pageout_range		page out a range now (vm_pageout)
 *	vm_pageout_statistics		page-ins, page-outs, reactivations
 *	vm_pageout_count_pagein		a pager filled a page a fault waits for
 *	vm_pageout_task_gone		a task ends (the default pager's?)
 *	vm_set_default_memory_manager	the routine of host.defs
 *
 * Watermarks (in pages, from the RAM at boot): below vm_pageout_reserve
 * free pages only the kernel and the default pager's task get new
 * pages (other faults wait for pageout); below vm_pageout_low a fault
 * that takes a page wakes the thread, which pages out until
 * vm_pageout_high pages are free (or no page can go).
 *
 * Victims: the pageout queue (vm_object.h) holds every page of an
 * object, oldest first.  Second chance: a page whose mappings were used
 * since the last look (pmap_page_referenced) goes to the tail with the
 * bits cleared; a busy page, one in error, one mapped wired
 * (pmap_page_wired) or on its way to a pager (vo_laundry) stays.  A
 * clean page whose pager has its data is freed; any other page is
 * taken out of every pmap and its object, put into an object of its
 * own and sent, as out-of-line memory (moved, not copied), with
 * memory_object_data_return to an external object's pager, or to the
 * default pager for anonymous memory: memory_object_data_initialize
 * the first time (the object gets its pager with memory_object_create
 * at its first pageout), memory_object_data_return after that.
 *
 * Locking: the thread holds vm_object_lock to look at and take one
 * page, never a map's lock, and sends with no lock held.
 */
#ifndef VM_VM_PAGEOUT_H
#define VM_VM_PAGEOUT_H

#include <mach/kern_return.h>
#include <mach/std_types.h>

struct host;
struct task;
struct vm_page;

void vm_pageout_bootstrap(void);

/*
 * A page for user memory (a fault's zero, copied or busy page), or NULL
 * when free pages are below the reserve and the caller is not the
 * default pager's task, or none is free: the fault then waits and
 * tries again.  Wakes the pageout thread below the low watermark.
 * vm_object_lock held.
 */
struct vm_page *vm_pageout_page_alloc(void);

/* Wakes the pageout thread.  vm_object_lock held. */
void vm_pageout_wakeup_locked(void);

/*
 * Pages out what is resident of [start, end) of map now (page-aligned),
 * referenced or not, as the pageout thread would: clean pages a pager
 * has are freed, dirty ones and anonymous ones the default pager lacks
 * are sent; busy, wired and laundry pages, and anonymous ones while
 * there is no default pager, stay.  *count: the pages that went.
 * Returns KERN_SUCCESS, or KERN_INVALID_ADDRESS at a hole in the range
 * (the pages before it have gone).  No lock held.
 */
struct vm_map;
kern_return_t vm_pageout_range(struct vm_map *map, vm_offset_t start,
			       vm_offset_t end, unsigned long *count);

/* Counts since boot. */
struct vm_pageout_statistics {
	unsigned long vpo_pageins;	 /* pages a fault waited for */
	unsigned long vpo_pageouts;	 /* pages sent to pagers */
	unsigned long vpo_reactivations; /* inactive pages found referenced */
};
void vm_pageout_statistics(struct vm_pageout_statistics *stats);

/* A page a fault waited for came from its pager.  vm_object_lock held. */
void vm_pageout_count_pagein_locked(void);

/* Whether task is the default pager's.  No lock held. */
boolean_t vm_pageout_is_default_pager(struct task *task);

/* task is being destroyed: if it was the default pager's, pageout of
 * anonymous memory stops.  No lock held. */
void vm_pageout_task_gone(struct task *task);

#endif /* VM_VM_PAGEOUT_H */
