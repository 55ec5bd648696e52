/*
 * The physical map: the machine-dependent half of virtual memory.  A pmap
 * is one address space's page tables; the machine-independent kernel
 * asks it to map, unmap and look up single pages, and to switch to it.
 * Implemented in x86_64/pmap.c.
 *
 * A pmap never owns the frames it maps: whoever calls pmap_enter keeps
 * ownership and frees the frame after unmapping it everywhere
 * (pmap_page_protect with VM_PROT_NONE).  The kernel half of
 * every pmap is shared with the kernel pmap and fixed at boot.
 *
 * Each pmap has a lock (pm_lock) guarding its page tables; it is taken
 * inside these functions, after any task or VM lock.
 */
#ifndef VM_PMAP_H
#define VM_PMAP_H

#include <mach/kern_return.h>
#include <mach/std_types.h>
#include <machine/vm_param.h>

struct pmap;

/*
 * What others may read of a pmap without its lock, at its start: a
 * generation count that moves whenever a mapping goes or loses write
 * access, so that what was found mapped writable at one generation is
 * so still at the same one (the IPC fast path's receive buffers); and
 * how many user pages it maps.  Both change under the pmap's lock.
 */
struct pmap_public {
	volatile unsigned long pp_generation;
	volatile unsigned long pp_resident; /* user pages mapped */
};

static inline unsigned long
pmap_generation(const struct pmap *pmap)
{
	return ((const struct pmap_public *)pmap)->pp_generation;
}

/* Pages mapped in pmap's user part (task_info's resident size). */
static inline unsigned long
pmap_resident_count(const struct pmap *pmap)
{
	return ((const struct pmap_public *)pmap)->pp_resident;
}

void pmap_bootstrap(void);
struct pmap *pmap_kernel(void);

/* A new, empty user address space, or NULL when memory is short. */
struct pmap *pmap_create(void);

/* Frees the pmap and its page tables.  No thread may run in it any more
 * (the CPU may still have it loaded: it then switches to the kernel's). */
void pmap_destroy(struct pmap *pmap);

/*
 * Maps the page at va (page-aligned user address) to pa with prot
 * (VM_PROT_*, not VM_PROT_NONE), replacing any previous mapping; wired
 * marks the mapping as one of wired memory (pmap_page_wired).  The MMU
 * may allow more than prot: on x86-64 every accessible page is readable,
 * and executable if the CPU has no NX.  Returns KERN_SUCCESS, or
 * KERN_RESOURCE_SHORTAGE if a page table or a reverse-map entry could
 * not be allocated (nothing changed then).
 */
kern_return_t pmap_enter(struct pmap *pmap, vm_offset_t va, phys_addr_t pa,
			 vm_prot_t prot, boolean_t wired);

/* Unmaps every page in [start, end); unmapped pages are skipped.  Costs
 * what is mapped there, not the size of the range. */
void pmap_remove(struct pmap *pmap, vm_offset_t start, vm_offset_t end);

/* Lowers the protection of every mapped page in [start, end) to at most
 * prot (VM_PROT_NONE unmaps them); never raises it.  Costs what is
 * mapped. */
void pmap_protect(struct pmap *pmap, vm_offset_t start, vm_offset_t end,
		  vm_prot_t prot);

/* Lowers to prot every mapping, in every pmap, of the managed page at pa
 * (VM_PROT_NONE unmaps it everywhere): copy-on-write takes a page away
 * from those who map it through an object that now has a copy. */
void pmap_page_protect(phys_addr_t pa, vm_prot_t prot);

/*
 * The kernel map (KERNEL_MAP_BASE to KERNEL_MAP_END, machine/vm_param.h):
 * kernel pages mapped one at a time, in every address space.
 * pmap_kernel_enter maps the page at va, which must be unmapped, to pa,
 * writable and not executable; returns KERN_SUCCESS, or
 * KERN_RESOURCE_SHORTAGE if a page table could not be allocated
 * (nothing changed then).  pmap_kernel_remove unmaps the mapped page at
 * va and flushes it from the TLB.  The page tables are never freed.
 * Both take the kernel pmap's lock.
 */
kern_return_t pmap_kernel_enter(vm_offset_t va, phys_addr_t pa);
void pmap_kernel_remove(vm_offset_t va);

/* The physical address mapped at va, or 0 if none. */
phys_addr_t pmap_extract(struct pmap *pmap, vm_offset_t va);

/* The same, and in *prot (unless NULL) the access the MMU allows there
 * (VM_PROT_NONE if nothing is mapped). */
phys_addr_t pmap_lookup(struct pmap *pmap, vm_offset_t va, vm_prot_t *prot);

/* Whether any mapping of the managed page at pa, present or removed
 * since the last clear, has been written to (the MMU's dirty bits, which
 * a removed mapping leaves in vmp_modified), clearing them if clear is
 * set. */
boolean_t pmap_page_modified(phys_addr_t pa, boolean_t clear);

/* Whether any mapping of the managed page at pa has been used since the
 * last call that cleared (the MMU's accessed bits), clearing them if
 * clear is set: pageout's second chance. */
boolean_t pmap_page_referenced(phys_addr_t pa, boolean_t clear);

/* Whether some mapping of the managed page at pa was entered wired
 * (pageout never takes such a page). */
boolean_t pmap_page_wired(phys_addr_t pa);

/* The mappings in [start, end) of pmap are no longer wired. */
void pmap_unwire(struct pmap *pmap, vm_offset_t start, vm_offset_t end);

/* Pages holding page tables now, in all pmaps, and mappings of managed
 * pages (accounting). */
unsigned long pmap_table_pages(void);
unsigned long pmap_mapping_count(void);

/*
 * Whether every page of [start, start + len) (in user space) is mapped
 * writable in pmap now.  Walks the tables without the pmap's lock: a
 * hint, exact on one CPU with interrupts off (the IPC fast path, which
 * checks a receiver's buffer with it before its point of no return).
 */
boolean_t pmap_user_writable(struct pmap *pmap, vm_offset_t start,
			     vm_size_t len);

/* Makes pmap the current address space of this CPU. */
void pmap_activate(struct pmap *pmap);

#endif /* VM_PMAP_H */
