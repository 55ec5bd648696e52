/*
 * Kernel stacks (kern/stack.h).
 *
 * The normal kernel takes each stack from the direct map, as one
 * physically contiguous block (vm_page_alloc_kva): nothing to map or
 * unmap when a thread comes and goes, and the stacks share the direct
 * map's 2 MiB TLB entries.  An overflow there writes over whatever lies
 * below; the tests run on the checking kernel, which catches it.
 *
 * The checking kernel (MACH_CHECK) maps each stack page by page into a
 * slot of the kernel map (machine/vm_param.h) and leaves the lower half
 * of the slot unmapped:
 *
 *	slot:	[ guard: KERNEL_STACK_SIZE unmapped | stack: KERNEL_STACK_SIZE ]
 *
 * A stack that grows past its lowest page faults in the guard.  The guard
 * is as large as the stack, so that no frame of a kernel function, even
 * one that moves the stack pointer several pages at once, jumps over it.
 * The machine layer takes that fault on a stack of its own (the stack
 * that overflowed has no room for it), asks stack_guard_contains and
 * reports a kernel stack overflow (x86_64/trap.c).
 *
 * A freed stack is unmapped, so a stale pointer into it faults too, until
 * its slot is used again.  Slots are handed out lowest first: the page
 * tables of the kernel map are never freed, and this way there are only
 * as many as the most threads alive at once have needed (the in-OS tests
 * check that threads that come and go leave the free page count as it
 * was; handing slots out round the whole map would fail that).
 *
 * Locking: stack_lock guards the slot bitmap; it is held alone, never
 * with another lock (the mapping is done outside it).
 */
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/stack.h>
#include <machine/thread.h>
#include <machine/vm_param.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>

#ifdef MACH_CHECK

#define STACK_SLOT_SIZE	 (2 * KERNEL_STACK_SIZE) /* guard, then stack */
#define STACK_SLOT_COUNT ((KERNEL_MAP_END - KERNEL_MAP_BASE) / STACK_SLOT_SIZE)
#define STACK_PAGES	 (KERNEL_STACK_SIZE / PAGE_SIZE)

static_assert(KERNEL_STACK_SIZE == PAGE_SIZE << KERNEL_STACK_ORDER,
	      "a stack is one block of the page allocator");

static simple_lock_data_t stack_lock = SIMPLE_LOCK_INITIALIZER;
static uint64_t stack_slot_used[STACK_SLOT_COUNT / 64]; /* stack_lock */

/* Reserves the lowest free slot; returns its number, or -1 if none is
 * free. */
static long
stack_slot_take(void)
{
	long found = -1;

	simple_lock(&stack_lock);
	for (unsigned long i = 0; i < STACK_SLOT_COUNT / 64; i++) {
		if (stack_slot_used[i] == ~0ul)
			continue;
		unsigned int bit = __builtin_ctzl(~stack_slot_used[i]);
		stack_slot_used[i] |= 1ul << bit;
		found = i * 64 + bit;
		break;
	}
	simple_unlock(&stack_lock);
	return found;
}

static void
stack_slot_release(unsigned long slot)
{
	simple_lock(&stack_lock);
	assert(stack_slot_used[slot / 64] & (1ul << (slot % 64)));
	stack_slot_used[slot / 64] &= ~(1ul << (slot % 64));
	simple_unlock(&stack_lock);
}

/* The lowest address of the stack of slot. */
static inline uintptr_t
stack_of_slot(unsigned long slot)
{
	return KERNEL_MAP_BASE + slot * STACK_SLOT_SIZE + KERNEL_STACK_SIZE;
}

/* Unmaps the first pages of the stack at base. */
static void
stack_unmap(uintptr_t base, unsigned int pages)
{
	for (unsigned int i = 0; i < pages; i++)
		pmap_kernel_remove(base + i * PAGE_SIZE);
}

void *
stack_alloc(void)
{
	long slot = stack_slot_take();
	if (slot < 0)
		return NULL;
	struct vm_page *block = vm_page_alloc(KERNEL_STACK_ORDER);
	if (block == NULL) {
		stack_slot_release(slot);
		return NULL;
	}
	uintptr_t base = stack_of_slot(slot);
	phys_addr_t pa = vm_page_to_phys(block);
	for (unsigned int i = 0; i < STACK_PAGES; i++) {
		if (pmap_kernel_enter(base + i * PAGE_SIZE,
				      pa + i * PAGE_SIZE) != KERN_SUCCESS) {
			stack_unmap(base, i);
			vm_page_free(block, KERNEL_STACK_ORDER);
			stack_slot_release(slot);
			return NULL;
		}
	}
	return (void *)base;
}

void
stack_free(void *stack)
{
	uintptr_t base = (uintptr_t)stack;

	assert(base >= KERNEL_MAP_BASE && base < KERNEL_MAP_END);
	assert((base - KERNEL_MAP_BASE) % STACK_SLOT_SIZE == KERNEL_STACK_SIZE);

	phys_addr_t pa = pmap_extract(pmap_kernel(), base);
	struct vm_page *block = vm_page_lookup(pa);
	assert(block != NULL);
	stack_unmap(base, STACK_PAGES);
	vm_page_free(block, KERNEL_STACK_ORDER);
	stack_slot_release((base - KERNEL_MAP_BASE) / STACK_SLOT_SIZE);
}

int
stack_guard_contains(uintptr_t address)
{
	return address >= KERNEL_MAP_BASE && address < KERNEL_MAP_END &&
	       (address - KERNEL_MAP_BASE) % STACK_SLOT_SIZE <
		   KERNEL_STACK_SIZE;
}

#else /* !MACH_CHECK */

void *
stack_alloc(void)
{
	return vm_page_alloc_kva(KERNEL_STACK_ORDER);
}

void
stack_free(void *stack)
{
	vm_page_free_kva(stack, KERNEL_STACK_ORDER);
}

int
stack_guard_contains(uintptr_t address)
{
	(void)address;
	return 0;
}

#endif /* MACH_CHECK */
