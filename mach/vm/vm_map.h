/*
 * Address maps: a task's address space as address-ordered entries
 * (vm/vm_map_entry.h), each mapping part of a vm_object (vm/vm_object.h)
 * with its protections and inheritance, over the task's pmap.  Nothing
 * is mapped in the pmap until a fault asks for it (vm/vm_fault.h).
 *
 * Entry points (task memory calls are in vm/vm_user.h):
 *	vm_map_bootstrap		zones and locks, once
 *	vm_map_create, _destroy		a task's map
 *	vm_map_enter			map an object (NULL: zero memory)
 *	vm_map_remove			unmap a range
 *	vm_map_protect, _inherit	change a range's attributes
 *	vm_map_region			describe the region at an address
 *	vm_map_fork			a child's map, inheriting per region
 *
 * An entry with VM_MAP_ENTRY_NEEDS_COPY shares its object with a copy
 * (another entry or a copy object): its pages are mapped read-only, and
 * the first write gives the entry its own shadow object (vm_fault.c).
 *
 * Locking: vm_lock guards the entries and the hint; it is taken before
 * vm_object_lock and the pmap locks, after nothing else of the VM, and
 * never held while user memory is copied with copyin/copyout (a fault
 * there takes it).
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <kern/lock.h>
#include <mach/kern_return.h>
#include <mach/std_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <vm/vm_map_entry.h>

struct pmap;
struct vm_object;

#define VM_MAP_ENTRY_NEEDS_COPY 0x1 /* vme_flags: copy-on-write pending */

struct vm_map {
	simple_lock_data_t vm_lock;
	struct vm_map_header vm_header; /* entries (vm_lock) */
	struct pmap *vm_pmap;		/* constant */
	vm_size_t vm_size;		/* bytes mapped (vm_lock) */
};

void vm_map_bootstrap(void);

/* Map entries allocated now, in maps and copies (accounting). */
unsigned long vm_map_entry_count(void);

/* A new empty map over pmap (which it then owns), or NULL. */
struct vm_map *vm_map_create(struct pmap *pmap);

/* Unmaps everything, frees the map and its pmap. */
void vm_map_destroy(struct vm_map *map);

/*
 * Maps size bytes (page multiple, non-zero) of object from offset: at
 * *addr (page-aligned) or, if anywhere, at the lowest free range at or
 * above *addr whose address has the bits of mask clear (returned in
 * *addr).  object NULL maps zero-filled memory (an object is made at the
 * first fault); otherwise the map takes over the caller's reference on
 * success.  needs_copy: the entry is a copy-on-write copy of object.
 * Returns KERN_SUCCESS, KERN_INVALID_ADDRESS (outside user space),
 * KERN_INVALID_ARGUMENT (prot not within max), KERN_NO_SPACE (in use, or
 * no range free) or KERN_RESOURCE_SHORTAGE; on error nothing changed.
 */
kern_return_t vm_map_enter(struct vm_map *map, vm_offset_t *addr,
			   vm_size_t size, vm_offset_t mask, boolean_t anywhere,
			   struct vm_object *object, vm_offset_t offset,
			   boolean_t needs_copy, vm_prot_t prot,
			   vm_prot_t max_prot, vm_inherit_t inheritance);

/*
 * Unmaps [start, end) (page-aligned, in user space); what is not mapped
 * is skipped.  Costs what is mapped there.  Returns KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE (an entry to split: nothing changed).
 */
kern_return_t vm_map_remove(struct vm_map *map, vm_offset_t start,
			    vm_offset_t end);

/*
 * Sets the current protection (or, with set_max, the maximum, lowering
 * the current one with it) of [start, end), which must be mapped
 * throughout; neither may go above a maximum.  Returns KERN_SUCCESS,
 * KERN_INVALID_ADDRESS (a hole), KERN_PROTECTION_FAILURE (above a
 * maximum) or
 * KERN_RESOURCE_SHORTAGE; on error nothing changed.
 */
kern_return_t vm_map_protect(struct vm_map *map, vm_offset_t start,
			     vm_offset_t end, vm_prot_t prot,
			     boolean_t set_max);

/* Sets the inheritance of the mapped parts of [start, end).  Returns
 * KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (nothing changed). */
kern_return_t vm_map_inherit(struct vm_map *map, vm_offset_t start,
			     vm_offset_t end, vm_inherit_t inheritance);

/*
 * Counts a wiring of [start, end) (mapped throughout, allowing access)
 * in its entries, or with VM_PROT_NONE takes one away.  The caller then
 * faults the pages in: a fault through a wired entry maps its page
 * wired (pmap_enter), which pageout never takes; the last unwiring of
 * an entry unwires its mappings.  Returns KERN_SUCCESS,
 * KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE or
 * KERN_RESOURCE_SHORTAGE; on error nothing changed.
 */
kern_return_t vm_map_wire(struct vm_map *map, vm_offset_t start,
			  vm_offset_t end, vm_prot_t access);

/* What vm_map_region tells of a region. */
struct vm_map_region_info {
	vm_offset_t vri_start;
	vm_size_t vri_size;
	vm_prot_t vri_protection;
	vm_prot_t vri_max_protection;
	vm_inherit_t vri_inheritance;
	boolean_t vri_shared; /* its object has other holders */
	vm_offset_t vri_offset;
};

/* The first region at or above addr: KERN_SUCCESS with *info, or
 * KERN_NO_SPACE if there is none. */
kern_return_t vm_map_region(struct vm_map *map, vm_offset_t addr,
			    struct vm_map_region_info *info);

/*
 * Fills child (empty) from parent as a child task inherits it: each
 * region per its inheritance (VM_INHERIT_SHARE: the same object;
 * VM_INHERIT_COPY: a copy-on-write copy; VM_INHERIT_NONE: nothing).
 * Returns KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (child may be part
 * filled; the caller destroys it).
 */
kern_return_t vm_map_fork(struct vm_map *parent, struct vm_map *child);

/*
 * For the VM's own files (vm_fault.c, vm_map_copy.c): entry helpers
 * with vm_lock held.
 *
 * vm_map_lookup_entry_locked: the entry holding addr, or NULL.
 * vm_map_range_check_locked: KERN_SUCCESS if [start, end) is mapped
 * without a hole by entries that all allow need; KERN_INVALID_ADDRESS
 * for a hole, else KERN_PROTECTION_FAILURE.
 */
struct vm_map_entry *vm_map_lookup_entry_locked(struct vm_map *map,
						vm_offset_t addr);
/* Sets copy's object, offset and flags to a copy of entry's memory (of
 * the map whose pmap is pmap): entry and copy pending copies of one
 * object, entry's pages read-only there; or, for memory entry shares
 * with others or a pager's, a delayed copy (vm_object_copy_delay_locked).
 * KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (copy's object then NULL). */
kern_return_t vm_map_entry_copy_locked(struct pmap *pmap,
				       struct vm_map_entry *entry,
				       struct vm_map_entry *copy);
/* An entry out of any map from the entry zone (NULL if memory is
 * short), and back.  Any lock may be held. */
struct vm_map_entry *vm_map_entry_zone_alloc(void);
void vm_map_entry_zone_free(struct vm_map_entry *entry);
/* Frees a list of entries out of any map (linked by vme_link), dropping
 * their objects' references.  No map or VM lock held. */
void vm_map_entries_free(struct vm_map_entry *list);
kern_return_t vm_map_range_check_locked(struct vm_map *map, vm_offset_t start,
					vm_offset_t end, vm_prot_t need);

#endif /* VM_VM_MAP_H */
