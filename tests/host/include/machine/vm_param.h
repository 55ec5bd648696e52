/*
 * Host stand-in for <machine/vm_param.h>.  The page size and user range
 * are the real ones; "physical memory" is a test arena, an ordinary block
 * of the test's memory that host_arena_create (tests/host/host_support.c)
 * allocates: physical address 0 is the arena's first byte, so phystokv
 * and kvtophys add and subtract host_phys_base.
 */
#ifndef MACHINE_VM_PARAM_H
#define MACHINE_VM_PARAM_H

#include <stdint.h>

#define PAGE_SHIFT    12
#define PAGE_SIZE     (1ul << PAGE_SHIFT)
#define PAGE_MASK     (PAGE_SIZE - 1)
#define round_page(x) (((uintptr_t)(x) + PAGE_MASK) & ~PAGE_MASK)
#define trunc_page(x) ((uintptr_t)(x) & ~PAGE_MASK)

#define USER_MIN_ADDRESS 0x0000000000001000ul
#define USER_MAX_ADDRESS 0x0000800000000000ul

typedef uint64_t phys_addr_t;

extern uintptr_t host_phys_base; /* the arena's address */

#define phystokv(pa) ((void *)(host_phys_base + (uintptr_t)(pa)))
#define kvtophys(va) ((phys_addr_t)((uintptr_t)(va)-host_phys_base))

#endif /* MACHINE_VM_PARAM_H */
