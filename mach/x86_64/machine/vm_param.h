/*
 * The x86-64 address space layout and page size.
 *
 *	0x0000000000000000 .. 0x00007fffffffffff	user space (per task)
 *	0xffff800000000000 .. +physical memory		direct map of all RAM
 *	0xffffff0000000000 .. +1 GiB			the kernel map
 *	0xffffffff80000000 .. +kernel image		the kernel, linked here
 *
 * The direct map lets the kernel reach any physical page at
 * phystokv(pa); page tables, page frames and zone memory are all used
 * through it.  It is made of 2 MiB pages.  The kernel map holds kernel
 * mappings made one 4 KiB page at a time (pmap_kernel_enter), with holes
 * where nothing is mapped: the checking kernel's stacks with a guard
 * below each (kern/stack.c).
 */
#ifndef MACHINE_VM_PARAM_H
#define MACHINE_VM_PARAM_H

#include <stdint.h>

#define PAGE_SHIFT    12
#define PAGE_SIZE     (1ul << PAGE_SHIFT)
#define PAGE_MASK     (PAGE_SIZE - 1)
#define round_page(x) (((uintptr_t)(x) + PAGE_MASK) & ~PAGE_MASK)
#define trunc_page(x) ((uintptr_t)(x) & ~PAGE_MASK)

#define USER_MIN_ADDRESS 0x0000000000001000ul /* page 0 stays unmapped */
#define USER_MAX_ADDRESS 0x0000800000000000ul /* first non-user address */

#define DIRECT_MAP_BASE 0xffff800000000000ul
#define DIRECT_MAP_MAX	(64ul << 30) /* most RAM the direct map covers */
#define KERNEL_MAP_BASE 0xffffff0000000000ul /* PML4 entry 510 */
#define KERNEL_MAP_END	(KERNEL_MAP_BASE + (1ul << 30))
#define KERNEL_BASE	0xffffffff80000000ul

typedef uint64_t phys_addr_t;

#define phystokv(pa) ((void *)((phys_addr_t)(pa) + DIRECT_MAP_BASE))
#define kvtophys(va) ((phys_addr_t)(uintptr_t)(va)-DIRECT_MAP_BASE)

/* Physical address of a symbol of the kernel image (linked at KERNEL_BASE). */
#define kvtophys_kernel(va) ((phys_addr_t)(va)-KERNEL_BASE)

#endif /* MACHINE_VM_PARAM_H */
