/*
 * Kernel stacks: one of KERNEL_STACK_SIZE bytes (machine/thread.h) for
 * each thread.  The checking kernel puts an unmapped guard below each,
 * so that an overflow faults instead of writing over other memory.
 *
 * Entry points:
 *	stack_alloc		a stack, or NULL if memory is short
 *	stack_free		give it back
 *	stack_guard_contains	whether an address lies in a stack's guard
 */
#ifndef KERN_STACK_H
#define KERN_STACK_H

#include <stdint.h>

/*
 * Returns the lowest address of a new kernel stack of KERNEL_STACK_SIZE
 * bytes, not cleared, or NULL if there is no memory for it.  Takes and
 * releases the stack lock, then (the checking kernel) the kernel pmap's
 * lock and the page allocator's lock.
 */
void *stack_alloc(void);

/* Frees a stack that stack_alloc returned; nothing may run on it. */
void stack_free(void *stack);

/*
 * Whether address lies in the guard below some kernel stack, which an
 * overflowing stack reaches first.  Always 0 in the normal kernel, whose
 * stacks have no guard.  Takes no lock: the fault handler calls it.
 */
int stack_guard_contains(uintptr_t address);

#endif /* KERN_STACK_H */
