/*
 * x86-64 page tables: four levels (PML4, PDPT, PD, PT) of 512 entries,
 * 4 KiB user pages, NX where the CPU has it, and PCIDs so that switching
 * address spaces keeps other spaces' TLB entries.
 *
 * Entry points: those of vm/pmap.h.
 *
 * The kernel half (PML4 entries 256..511: the direct map and the kernel
 * image) is built by boot.S with global 2 MiB pages and copied into every
 * new PML4, so kernel mappings are shared and survive address space
 * switches.  The kernel map (KERNEL_MAP_BASE, machine/vm_param.h) gets
 * its PML4 entry in pmap_bootstrap, before any pmap is made; the tables
 * below it, filled in later by pmap_kernel_enter with global 4 KiB pages,
 * are thereby shared too.
 *
 * TLB and PCIDs: each pmap gets a PCID (1..4095) when there is one free;
 * a CR3 load with bit 63 set keeps that PCID's entries.  A pmap that has
 * lost mappings while not active, or is new, has pm_stale set: its next
 * activation loads CR3 without bit 63, which flushes its PCID.  In the
 * active pmap (the CPU's cpu_pmap) a removed page is flushed with invlpg.  (One CPU: SMP will
 * need shootdowns here.)
 *
 * Protection: a user page is present with PTE_WRITE for VM_PROT_WRITE
 * and PTE_NX unless VM_PROT_EXECUTE (NX is on from boot.S when the CPU
 * has it).
 *
 * Reverse mappings: every mapping of a managed page (one vm_page_lookup
 * knows) is also on that page's list of pv entries (vmp_pv), so that
 * pmap_page_protect finds every address space that maps a page (for
 * copy-on-write, and later pageout).  pmap_pv_lock guards all pv lists;
 * every operation on user mappings takes it before the pmap's lock.
 */
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <mach/vm_prot.h>
#include <machine/asm.h>
#include <machine/cpu_data.h>
#include <machine/io.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>

#define PTE_PRESENT  0x001ul
#define PTE_WRITE    0x002ul
#define PTE_USER     0x004ul
#define PTE_ACCESSED 0x020ul
#define PTE_DIRTY    0x040ul
#define PTE_LARGE    0x080ul
#define PTE_GLOBAL   0x100ul
#define PTE_WIRED    0x200ul /* software: the mapping is in wired memory */
#define PTE_NX	     (1ul << 63)
#define PTE_ADDR     0x000ffffffffff000ul

#define PCID_COUNT  4096
#define CR3_NOFLUSH (1ul << 63)

typedef uint64_t pt_entry_t;

struct pmap {
	struct pmap_public pm_public; /* first: pmap_generation reads it */
	simple_lock_data_t pm_lock;   /* guards the page tables */
	phys_addr_t pm_pml4;	      /* physical address of the PML4 */
	uint16_t pm_pcid;	      /* 0: none (flushed at every switch) */
	int pm_stale;		      /* TLB may hold old entries of pm_pcid */
};

/* One mapping of a managed page: the page is mapped at pv_va in pv_pmap. */
struct pmap_pv {
	struct pmap_pv *pv_next;
	struct pmap *pv_pmap;
	vm_offset_t pv_va;
};

static struct pmap kernel_pmap;
static struct zone *pmap_zone;
static struct zone *pmap_pv_zone;
static simple_lock_data_t pmap_pv_lock;
static simple_lock_data_t pcid_lock;
static uint8_t pcid_in_use[PCID_COUNT];
static int pcid_enabled;

extern pt_entry_t boot_pml4[512];
extern pt_entry_t boot_pd[4 * 512];

static_assert(KERNEL_MAP_END - KERNEL_MAP_BASE <= (1ul << 39) &&
		  (KERNEL_MAP_BASE & ((1ul << 39) - 1)) == 0,
	      "the kernel map is one PML4 entry");

static inline pt_entry_t *
pmap_table(pt_entry_t entry)
{
	return phystokv(entry & PTE_ADDR);
}

static inline unsigned int
pmap_index(vm_offset_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

static pt_entry_t *pmap_alloc_table(phys_addr_t *pa);

/*
 * Makes the boot page tables the kernel pmap: drops the identity map,
 * marks kernel pages global, adds the kernel map's entry, turns on PCIDs
 * if the CPU has them.
 */
void
pmap_bootstrap(void)
{
	for (int i = 0; i < 4 * 512; i++)
		boot_pd[i] |= PTE_GLOBAL;
	boot_pml4[0] = 0;
	phys_addr_t kernel_map_pdpt;
	if (pmap_alloc_table(&kernel_map_pdpt) == NULL)
		panic("pmap_bootstrap: no memory for the kernel map");
	boot_pml4[pmap_index(KERNEL_MAP_BASE, 3)] =
	    kernel_map_pdpt | PTE_PRESENT | PTE_WRITE;

	simple_lock_init(&kernel_pmap.pm_lock);
	simple_lock_init(&pcid_lock);
	kernel_pmap.pm_pml4 = kvtophys_kernel(boot_pml4);
	kernel_pmap.pm_pcid = 0;
	cpu_set(cpu_pmap, &kernel_pmap);
	write_cr3(kernel_pmap.pm_pml4); /* also flushes the identity map */

	if (cpu_features.cf_pcid) {
		write_cr4(read_cr4() | CR4_PCIDE);
		pcid_enabled = 1;
	}
	simple_lock_init(&pmap_pv_lock);
	pmap_zone = zone_create("pmap", sizeof(struct pmap));
	pmap_pv_zone = zone_create("pmap pv", sizeof(struct pmap_pv));
	if (pmap_zone == NULL || pmap_pv_zone == NULL)
		panic("pmap_bootstrap: no memory for the pmap zones");
}

struct pmap *
pmap_kernel(void)
{
	return &kernel_pmap;
}

static uint16_t
pcid_allocate(void)
{
	uint16_t pcid = 0;

	if (!pcid_enabled)
		return 0;
	simple_lock(&pcid_lock);
	for (int i = 1; i < PCID_COUNT; i++)
		if (!pcid_in_use[i]) {
			pcid_in_use[i] = 1;
			pcid = i;
			break;
		}
	simple_unlock(&pcid_lock);
	return pcid;
}

static void
pcid_free(uint16_t pcid)
{
	if (pcid == 0)
		return;
	simple_lock(&pcid_lock);
	pcid_in_use[pcid] = 0;
	simple_unlock(&pcid_lock);
}

static unsigned long pmap_tables; /* page-table pages; atomic */

unsigned long
pmap_table_pages(void)
{
	return __atomic_load_n(&pmap_tables, __ATOMIC_RELAXED);
}

static pt_entry_t *
pmap_alloc_table(phys_addr_t *pa)
{
	pt_entry_t *table = vm_page_alloc_kva(0);
	if (table == NULL)
		return NULL;
	__atomic_add_fetch(&pmap_tables, 1, __ATOMIC_RELAXED);
	memset(table, 0, PAGE_SIZE);
	*pa = kvtophys(table);
	return table;
}

struct pmap *
pmap_create(void)
{
	struct pmap *pmap = zalloc(pmap_zone);
	phys_addr_t pml4_pa;

	if (pmap == NULL)
		return NULL;
	pt_entry_t *pml4 = pmap_alloc_table(&pml4_pa);
	if (pml4 == NULL) {
		zfree(pmap_zone, pmap);
		return NULL;
	}
	for (int i = 256; i < 512; i++)
		pml4[i] = boot_pml4[i];
	simple_lock_init(&pmap->pm_lock);
	pmap->pm_pml4 = pml4_pa;
	pmap->pm_pcid = pcid_allocate();
	pmap->pm_stale = 1;
	return pmap;
}

/* Frees a table and the tables below it; level 3 is a PML4, 0 a page
 * table, whose entries are leaves (frames owned by the caller). */
static void
pmap_free_level(pt_entry_t *table, int level)
{
	int count = level == 3 ? 256 : 512; /* only the user half of a PML4 */

	if (level > 0)
		for (int i = 0; i < count; i++)
			if (table[i] & PTE_PRESENT)
				pmap_free_level(pmap_table(table[i]),
						level - 1);
	vm_page_free_kva(table, 0);
	__atomic_sub_fetch(&pmap_tables, 1, __ATOMIC_RELAXED);
}

void
pmap_destroy(struct pmap *pmap)
{
	assert(pmap != &kernel_pmap);
	if (pmap ==
	    cpu_get(cpu_pmap)) /* its last thread has just switched away */
		pmap_activate(&kernel_pmap);

	pmap_remove(pmap, USER_MIN_ADDRESS, USER_MAX_ADDRESS); /* pv entries */
	pmap_free_level(phystokv(pmap->pm_pml4), 3);
	pcid_free(pmap->pm_pcid);
	zfree(pmap_zone, pmap);
}

/*
 * The leaf entry for va, allocating missing tables if create is set.
 * Returns NULL if a table is missing (or could not be allocated).
 */
static pt_entry_t *
pmap_walk_locked(struct pmap *pmap, vm_offset_t va, int create)
{
	pt_entry_t *table = phystokv(pmap->pm_pml4);

	for (int level = 3; level > 0; level--) {
		pt_entry_t *entry = &table[pmap_index(va, level)];
		if (!(*entry & PTE_PRESENT)) {
			phys_addr_t pa;
			if (!create || pmap_alloc_table(&pa) == NULL)
				return NULL;
			*entry = pa | PTE_PRESENT | PTE_WRITE |
				 (va < USER_MAX_ADDRESS ? PTE_USER : 0);
		}
		table = pmap_table(*entry);
	}
	return &table[pmap_index(va, 0)];
}

static void
pmap_invalidate_locked(struct pmap *pmap, vm_offset_t va)
{
	if (pmap == cpu_get(cpu_pmap))
		invlpg(va);
	else
		pmap->pm_stale = 1;
}

/* The bits of a user page entry for prot (the frame aside); prot is not
 * VM_PROT_NONE. */
static pt_entry_t
pmap_user_bits(vm_prot_t prot)
{
	pt_entry_t bits = PTE_PRESENT | PTE_USER;
	if (prot & VM_PROT_WRITE)
		bits |= PTE_WRITE;
	if (!(prot & VM_PROT_EXECUTE) && cpu_features.cf_nx)
		bits |= PTE_NX;
	return bits;
}

/* Takes the pv entry of (pmap, va) off pa's list, if pa is managed;
 * returns it (to be freed) or NULL.  pmap_pv_lock held. */
static struct pmap_pv *
pmap_pv_unlink_locked(struct pmap *pmap, vm_offset_t va, phys_addr_t pa)
{
	struct vm_page *page = vm_page_lookup(pa);

	if (page == NULL)
		return NULL;
	for (struct pmap_pv **link = &page->vmp_pv; *link != NULL;
	     link = &(*link)->pv_next)
		if ((*link)->pv_pmap == pmap && (*link)->pv_va == va) {
			struct pmap_pv *pv = *link;
			*link = pv->pv_next;
			return pv;
		}
	panic("pmap: mapping of 0x%lx at 0x%lx not on its pv list", pa, va);
}

/* Clears the leaf *pte (mapping va) and forgets its pv entry; returns the
 * entry to free.  pmap_pv_lock and the pmap's lock held. */
static struct pmap_pv *
pmap_clear_leaf_locked(struct pmap *pmap, vm_offset_t va, pt_entry_t *pte)
{
	phys_addr_t pa = *pte & PTE_ADDR;
	pt_entry_t was = *pte;

	*pte = 0;
	pmap_invalidate_locked(pmap, va);
	/* the page's dirty bit outlives the mapping: a pager wants it */
	struct vm_page *page = (was & PTE_DIRTY) ? vm_page_lookup(pa) : NULL;
	if (page != NULL)
		page->vmp_modified = 1;
	pmap->pm_public.pp_generation++;
	pmap->pm_public.pp_resident--;
	return pmap_pv_unlink_locked(pmap, va, pa);
}

static unsigned long pmap_pvs; /* pv entries allocated; atomic */

unsigned long
pmap_mapping_count(void)
{
	return __atomic_load_n(&pmap_pvs, __ATOMIC_RELAXED);
}

static struct pmap_pv *
pmap_pv_alloc(void)
{
	struct pmap_pv *pv = zalloc(pmap_pv_zone);

	if (pv != NULL)
		__atomic_add_fetch(&pmap_pvs, 1, __ATOMIC_RELAXED);
	return pv;
}

static void
pmap_pv_free(struct pmap_pv *pv)
{
	zfree(pmap_pv_zone, pv);
	__atomic_sub_fetch(&pmap_pvs, 1, __ATOMIC_RELAXED);
}

static void
pmap_pv_free_list(struct pmap_pv *list)
{
	while (list != NULL) {
		struct pmap_pv *next = list->pv_next;
		pmap_pv_free(list);
		list = next;
	}
}

kern_return_t
pmap_enter(struct pmap *pmap, vm_offset_t va, phys_addr_t pa, vm_prot_t prot,
	   boolean_t wired)
{
	assert((va & PAGE_MASK) == 0 && va < USER_MAX_ADDRESS);
	assert((pa & PAGE_MASK) == 0 && (prot & VM_PROT_ALL) != VM_PROT_NONE);

	struct vm_page *page = vm_page_lookup(pa);
	struct pmap_pv *pv = NULL, *old = NULL;
	if (page != NULL && (pv = pmap_pv_alloc()) == NULL)
		return KERN_RESOURCE_SHORTAGE;

	simple_lock(&pmap_pv_lock);
	simple_lock(&pmap->pm_lock);
	pt_entry_t *pte = pmap_walk_locked(pmap, va, 1);
	if (pte == NULL) {
		simple_unlock(&pmap->pm_lock);
		simple_unlock(&pmap_pv_lock);
		if (pv != NULL)
			pmap_pv_free(pv);
		return KERN_RESOURCE_SHORTAGE;
	}
	if ((*pte & PTE_PRESENT) && (*pte & PTE_ADDR) == pa) {
		old = pv; /* the same page: its pv entry is there already */
	} else {
		if (*pte & PTE_PRESENT)
			old = pmap_clear_leaf_locked(pmap, va, pte);
		if (pv != NULL) {
			pv->pv_pmap = pmap;
			pv->pv_va = va;
			pv->pv_next = page->vmp_pv;
			page->vmp_pv = pv;
		}
	}
	pt_entry_t was = *pte;
	*pte = pa | pmap_user_bits(prot) | (wired ? PTE_WIRED : 0);
	if (was & PTE_PRESENT) /* a protection change */
		pmap_invalidate_locked(pmap, va);
	else
		pmap->pm_public.pp_resident++;
	simple_unlock(&pmap->pm_lock);
	simple_unlock(&pmap_pv_lock);
	if (old != NULL)
		pmap_pv_free(old);
	return KERN_SUCCESS;
}

/*
 * The first mapped page in [va, end), or end.  A missing table skips
 * everything it would map, and a present one is scanned entry by entry
 * from where the walk reached it, so the cost is that of the tables
 * present, never of the size of the range.
 */
static vm_offset_t
pmap_next_mapped_locked(struct pmap *pmap, vm_offset_t va, vm_offset_t end)
{
	while (va < end) {
		pt_entry_t *table = phystokv(pmap->pm_pml4);
		int level = 3;
		pt_entry_t entry;
		while ((entry = table[pmap_index(va, level)]) & PTE_PRESENT) {
			if (level == 0)
				return va;
			table = pmap_table(entry);
			level--;
		}
		/* The rest of this table, to its first present entry. */
		vm_offset_t span = PAGE_SIZE << (9 * level);
		unsigned int i = pmap_index(va, level);
		va &= ~(span - 1);
		do {
			va += span;
			if (va == 0) /* wrapped: nothing above */
				return end;
		} while (++i < 512 && va < end && !(table[i] & PTE_PRESENT));
	}
	return end;
}

/* Lowers the protection of the mapping at *pte (va) to prot, removing it
 * for VM_PROT_NONE; returns a pv entry to free, or NULL.  pmap_pv_lock
 * and the pmap's lock held. */
static struct pmap_pv *
pmap_lower_leaf_locked(struct pmap *pmap, vm_offset_t va, pt_entry_t *pte,
		       vm_prot_t prot)
{
	if ((prot & VM_PROT_ALL) == VM_PROT_NONE)
		return pmap_clear_leaf_locked(pmap, va, pte);
	pt_entry_t was = *pte;
	if (!(prot & VM_PROT_WRITE))
		*pte &= ~PTE_WRITE;
	if (!(prot & VM_PROT_EXECUTE) && cpu_features.cf_nx)
		*pte |= PTE_NX;
	if (*pte != was) {
		pmap_invalidate_locked(pmap, va);
		pmap->pm_public.pp_generation++;
	}
	return NULL;
}

void
pmap_protect(struct pmap *pmap, vm_offset_t start, vm_offset_t end,
	     vm_prot_t prot)
{
	struct pmap_pv *dead = NULL;

	simple_lock(&pmap_pv_lock);
	simple_lock(&pmap->pm_lock);
	for (vm_offset_t va = pmap_next_mapped_locked(pmap, start, end);
	     va < end;
	     va = pmap_next_mapped_locked(pmap, va + PAGE_SIZE, end)) {
		struct pmap_pv *pv = pmap_lower_leaf_locked(
		    pmap, va, pmap_walk_locked(pmap, va, 0), prot);
		if (pv != NULL) {
			pv->pv_next = dead;
			dead = pv;
		}
	}
	simple_unlock(&pmap->pm_lock);
	simple_unlock(&pmap_pv_lock);
	pmap_pv_free_list(dead);
}

void
pmap_remove(struct pmap *pmap, vm_offset_t start, vm_offset_t end)
{
	pmap_protect(pmap, start, end, VM_PROT_NONE);
}

boolean_t
pmap_page_modified(phys_addr_t pa, boolean_t clear)
{
	struct vm_page *page = vm_page_lookup(pa);
	boolean_t modified = FALSE;

	assert(page != NULL);
	simple_lock(&pmap_pv_lock);
	if (page->vmp_modified) {
		modified = TRUE;
		if (clear)
			page->vmp_modified = 0;
	}
	for (struct pmap_pv *pv = page->vmp_pv; pv != NULL; pv = pv->pv_next) {
		simple_lock(&pv->pv_pmap->pm_lock);
		pt_entry_t *pte = pmap_walk_locked(pv->pv_pmap, pv->pv_va, 0);
		if (*pte & PTE_DIRTY) {
			modified = TRUE;
			if (clear) {
				*pte &= ~PTE_DIRTY;
				pmap_invalidate_locked(pv->pv_pmap, pv->pv_va);
			}
		}
		simple_unlock(&pv->pv_pmap->pm_lock);
	}
	simple_unlock(&pmap_pv_lock);
	return modified;
}

/* Calls visit on each leaf entry mapping the managed page at pa, with
 * pmap_pv_lock and that pmap's lock held; returns the OR of its results. */
static int
pmap_page_visit(phys_addr_t pa,
		int (*visit)(struct pmap *, vm_offset_t, pt_entry_t *, int),
		int arg)
{
	struct vm_page *page = vm_page_lookup(pa);
	int result = 0;

	assert(page != NULL);
	simple_lock(&pmap_pv_lock);
	for (struct pmap_pv *pv = page->vmp_pv; pv != NULL; pv = pv->pv_next) {
		simple_lock(&pv->pv_pmap->pm_lock);
		result |=
		    visit(pv->pv_pmap, pv->pv_va,
			  pmap_walk_locked(pv->pv_pmap, pv->pv_va, 0), arg);
		simple_unlock(&pv->pv_pmap->pm_lock);
	}
	simple_unlock(&pmap_pv_lock);
	return result;
}

static int
pmap_referenced_leaf(struct pmap *pmap, vm_offset_t va, pt_entry_t *pte,
		     int clear)
{
	if (!(*pte & PTE_ACCESSED))
		return 0;
	if (clear) {
		*pte &= ~PTE_ACCESSED;
		pmap_invalidate_locked(pmap, va);
	}
	return 1;
}

boolean_t
pmap_page_referenced(phys_addr_t pa, boolean_t clear)
{
	return pmap_page_visit(pa, pmap_referenced_leaf, clear) != 0;
}

static int
pmap_wired_leaf(struct pmap *pmap, vm_offset_t va, pt_entry_t *pte, int arg)
{
	(void)pmap, (void)va, (void)arg;
	return (*pte & PTE_WIRED) != 0;
}

boolean_t
pmap_page_wired(phys_addr_t pa)
{
	return pmap_page_visit(pa, pmap_wired_leaf, 0) != 0;
}

void
pmap_unwire(struct pmap *pmap, vm_offset_t start, vm_offset_t end)
{
	simple_lock(&pmap->pm_lock);
	for (vm_offset_t va = pmap_next_mapped_locked(pmap, start, end);
	     va < end; va = pmap_next_mapped_locked(pmap, va + PAGE_SIZE, end))
		*pmap_walk_locked(pmap, va, 0) &= ~PTE_WIRED;
	simple_unlock(&pmap->pm_lock);
}

void
pmap_page_protect(phys_addr_t pa, vm_prot_t prot)
{
	struct vm_page *page = vm_page_lookup(pa);
	struct pmap_pv *dead = NULL;

	assert(page != NULL);
	simple_lock(&pmap_pv_lock);
	struct pmap_pv *pv = page->vmp_pv, *next;
	for (; pv != NULL; pv = next) {
		next = pv->pv_next;
		struct pmap *pmap = pv->pv_pmap;
		simple_lock(&pmap->pm_lock);
		struct pmap_pv *gone = pmap_lower_leaf_locked(
		    pmap, pv->pv_va, pmap_walk_locked(pmap, pv->pv_va, 0),
		    prot);
		simple_unlock(&pmap->pm_lock);
		if (gone != NULL) {
			gone->pv_next = dead;
			dead = gone;
		}
	}
	simple_unlock(&pmap_pv_lock);
	pmap_pv_free_list(dead);
}

kern_return_t
pmap_kernel_enter(vm_offset_t va, phys_addr_t pa)
{
	assert(va >= KERNEL_MAP_BASE && va < KERNEL_MAP_END);
	assert((va & PAGE_MASK) == 0 && (pa & PAGE_MASK) == 0);

	pt_entry_t bits = PTE_PRESENT | PTE_WRITE | PTE_GLOBAL;
	if (cpu_features.cf_nx)
		bits |= PTE_NX;

	simple_lock(&kernel_pmap.pm_lock);
	pt_entry_t *pte = pmap_walk_locked(&kernel_pmap, va, 1);
	if (pte == NULL) {
		simple_unlock(&kernel_pmap.pm_lock);
		return KERN_RESOURCE_SHORTAGE;
	}
	assert(!(*pte & PTE_PRESENT));
	*pte = pa | bits; /* a page not present is in no TLB */
	simple_unlock(&kernel_pmap.pm_lock);
	return KERN_SUCCESS;
}

void
pmap_kernel_remove(vm_offset_t va)
{
	assert(va >= KERNEL_MAP_BASE && va < KERNEL_MAP_END);

	simple_lock(&kernel_pmap.pm_lock);
	pt_entry_t *pte = pmap_walk_locked(&kernel_pmap, va, 0);
	assert(pte != NULL && (*pte & PTE_PRESENT));
	*pte = 0;
	invlpg(va); /* global pages too, in every PCID */
	simple_unlock(&kernel_pmap.pm_lock);
}

/* The access a present leaf entry allows, as the MMU enforces it. */
static vm_prot_t
pmap_entry_protection(pt_entry_t entry)
{
	vm_prot_t prot = VM_PROT_READ;
	if (entry & PTE_WRITE)
		prot |= VM_PROT_WRITE;
	if (!(entry & PTE_NX))
		prot |= VM_PROT_EXECUTE;
	return prot;
}

phys_addr_t
pmap_lookup(struct pmap *pmap, vm_offset_t va, vm_prot_t *prot)
{
	phys_addr_t pa = 0;
	vm_prot_t allowed = VM_PROT_NONE;

	simple_lock(&pmap->pm_lock);
	pt_entry_t *pte = pmap_walk_locked(pmap, trunc_page(va), 0);
	if (pte != NULL && (*pte & PTE_PRESENT)) {
		pa = (*pte & PTE_ADDR) | (va & PAGE_MASK);
		allowed = pmap_entry_protection(*pte);
	}
	simple_unlock(&pmap->pm_lock);
	if (prot != NULL)
		*prot = allowed;
	return pa;
}

boolean_t
pmap_user_writable(struct pmap *pmap, vm_offset_t start, vm_size_t len)
{
	const pt_entry_t want = PTE_PRESENT | PTE_WRITE | PTE_USER;

	for (vm_offset_t va = trunc_page(start); va < start + len;
	     va += PAGE_SIZE) {
		pt_entry_t *table = phystokv(pmap->pm_pml4);
		for (int level = 3; level > 0; level--) {
			pt_entry_t entry = table[pmap_index(va, level)];
			if (!(entry & PTE_PRESENT))
				return FALSE;
			table = pmap_table(entry);
		}
		if ((table[pmap_index(va, 0)] & want) != want)
			return FALSE;
	}
	return TRUE;
}

phys_addr_t
pmap_extract(struct pmap *pmap, vm_offset_t va)
{
	return pmap_lookup(pmap, va, NULL);
}

void
pmap_activate(struct pmap *pmap)
{
	if (pmap == cpu_get(cpu_pmap) && !pmap->pm_stale)
		return;
	uint64_t cr3 = pmap->pm_pml4;
	if (pcid_enabled) {
		cr3 |= pmap->pm_pcid;
		if (!pmap->pm_stale && pmap->pm_pcid != 0)
			cr3 |= CR3_NOFLUSH;
	}
	pmap->pm_stale = 0;
	cpu_set(cpu_pmap, pmap);
	write_cr3(cr3);
}
