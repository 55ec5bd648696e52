/*
 * Resident pages: one struct vm_page for every physical page the kernel
 * manages, and the allocator of physical pages (a buddy allocator: blocks
 * of 2^order contiguous pages, order 0 .. VM_PAGE_MAX_ORDER).
 *
 * Entry points:
 *	vm_page_bootstrap	hand the allocator the usable RAM, once
 *	vm_page_alloc		take a block of 2^order pages
 *	vm_page_free		give a block back
 *	vm_page_lookup		the vm_page of a physical address
 *	vm_page_statistics	totals, for tests and the kernel's stats
 *
 * The page array itself is carved out of the RAM it describes.  All
 * fields are guarded by the allocator's lock while the page is free; an
 * allocated page belongs to whoever allocated it.
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include <kern/avl.h>
#include <mach/std_types.h>
#include <machine/vm_param.h>
#include <stddef.h>
#include <stdint.h>

#define VM_PAGE_MAX_ORDER 10 /* largest block: 4 MiB */

struct vm_object;
struct pmap_pv;

struct vm_page {
	struct vm_page *vmp_next; /* free list link (free pages) */
	struct vm_page *vmp_prev;
	phys_addr_t vmp_phys; /* physical address of the page */
	/* An object's resident page (vm/vm_object.h; vm_object_lock). */
	struct vm_object *vmp_object; /* NULL: in no object */
	vm_offset_t vmp_offset;	      /* its offset in vmp_object */
	struct avl_node vmp_node;     /* in the object's tree, by offset */
	struct pmap_pv *vmp_pv;	      /* its mappings (x86_64/pmap.c) */
	int vmp_error;		      /* a pager's error for it, or 0 */
	uint8_t vmp_busy;	      /* asked of its pager, not there yet */
	uint8_t vmp_dirty;	      /* written by the kernel since supplied */
	/* a mapping removed since had the MMU's dirty bit (pmap_pv_lock) */
	uint8_t vmp_modified;
	uint8_t vmp_queue; /* pageout's VM_PAGE_QUEUE_* (vm_object_lock) */
	uint8_t vmp_order; /* order of the block this page heads, 0xff: none */
	uint8_t vmp_free;  /* heads a free block */
	uint8_t vmp_poisoned; /* checking kernel: free, filled with poison */
};

/* The pageout queues an object's page is on (vm/vm_object.h). */
#define VM_PAGE_QUEUE_NONE     0 /* neither: wired, or not in an object */
#define VM_PAGE_QUEUE_ACTIVE   1
#define VM_PAGE_QUEUE_INACTIVE 2
#define VM_PAGE_QUEUES	       3

/* A range of usable RAM: [start, end), as the boot loader reported it. */
struct phys_region {
	phys_addr_t pr_start;
	phys_addr_t pr_end;
};

/*
 * Takes the usable RAM, minus what is already in use (the caller has
 * removed the kernel image, boot modules and the first megabyte from the
 * regions), builds the page array inside it, and frees the rest.
 * Region boundaries need not be page-aligned: partial pages are dropped;
 * regions may come in any order, touch or overlap.  Each run of pages
 * keeps its own page array in its first pages, which count in vps_total
 * but are never free; a run too small to hold its array and one more
 * page is ignored.  Called once, before any other vm_page_* function
 * (calling it again starts from scratch: the host tests do).
 */
void vm_page_bootstrap(const struct phys_region *regions, int count);

/*
 * Allocates 2^order physically contiguous pages, aligned to their size.
 * Returns the first page's vm_page, or NULL when no block is free.
 * The memory is not cleared.
 */
struct vm_page *vm_page_alloc(unsigned int order);

/* Frees a block that vm_page_alloc returned with the same order.  Panics
 * on a double free or a page that heads no allocated block of that order.
 * The checking kernel fills the block with poison and vm_page_alloc
 * panics if that has changed when it hands the block out again. */
void vm_page_free(struct vm_page *page, unsigned int order);

/* The vm_page of a managed physical address, or NULL. */
struct vm_page *vm_page_lookup(phys_addr_t pa);

static inline phys_addr_t
vm_page_to_phys(const struct vm_page *page)
{
	return page->vmp_phys;
}

/* Convenience: allocate, and return the block's kernel (direct map) address. */
void *vm_page_alloc_kva(unsigned int order);
void vm_page_free_kva(void *kva, unsigned int order);

struct vm_page_statistics {
	unsigned long vps_total; /* pages managed */
	unsigned long vps_free;	 /* pages free now */
};
void vm_page_statistics(struct vm_page_statistics *stats);

#endif /* VM_VM_PAGE_H */
