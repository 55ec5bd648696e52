/*
 * The kernel's traps as C functions, for user tasks (libmach/traps.S).
 *
 * Each function is one `syscall` with the trap number of <mach/traps.h>;
 * arguments travel in rdi, rsi, rdx (r10, r8, r9) and the result in rax.
 * A trap given a pointer the task cannot access returns
 * KERN_INVALID_ADDRESS; it never kills the task.
 *
 * The debug_* traps are temporary scaffolding until IPC exists (see
 * <mach/traps.h>); programs should reach them through newlib (printf,
 * malloc, exit) where they can, so that they keep working when the traps
 * are retired.
 */
#ifndef MACH_MACH_TRAPS_H
#define MACH_MACH_TRAPS_H

#include <mach/kern_return.h>
#include <mach/std_types.h>
#include <mach/traps.h>
#include <stddef.h>

/* Does nothing: the cost of a trap.  Returns KERN_SUCCESS. */
kern_return_t mach_null_trap(void);

/*
 * Gives up the processor to any other ready thread (of any priority);
 * returns when this thread runs again.  pri is reserved; pass 0.
 */
int swtch_pri(int pri);

/*
 * Writes buf[0..len) to the console as one unit: the bytes of one call
 * are never interleaved with another task's.
 */
kern_return_t debug_console_write(const char *buf, size_t len);

/* Ends the whole task (all its threads) with status. */
void debug_task_exit(int status) __attribute__((noreturn));

/* debug_vm_allocate flags. */
#define DEBUG_VM_FIXED	  0 /* exactly at *addr */
#define DEBUG_VM_ANYWHERE 1 /* wherever there is room; *addr is set */

/*
 * Allocates size bytes (rounded up to pages) of zero-filled, read/write
 * memory: at *addr (page-aligned) with DEBUG_VM_FIXED, failing with
 * KERN_NO_SPACE if any page there is in use; or anywhere with
 * DEBUG_VM_ANYWHERE, storing the address in *addr.
 */
kern_return_t debug_vm_allocate(vm_address_t *addr, vm_size_t size, int flags);

/*
 * Starts a thread in this task at pc with rsp = sp_top and rdi = arg.
 * Returns its id (>= 1), or 0 if it could not be created.  The thread
 * must end with debug_thread_exit (pc must never return); see
 * thread_spawn for a friendlier way.
 */
long debug_thread_create(void (*pc)(void *), void *sp_top, void *arg);

/* Ends the calling thread; the last thread's exit ends the task. */
void debug_thread_exit(void) __attribute__((noreturn));

/* Sets the calling thread's priority, MACH_PRIORITY_MIN..MAX. */
kern_return_t debug_thread_priority(int priority);

/* Copies the kernel's accounting (struct kernel_stats) to *out. */
kern_return_t debug_kernel_stats(struct kernel_stats *out, size_t size);

/*
 * Starts fn(arg) in a new thread on stack[0..size); the thread exits
 * when fn returns.  Returns the thread id, or 0.  (libmach/thread.c)
 */
long thread_spawn(void (*fn)(void *), void *arg, void *stack, size_t size);

#endif /* MACH_MACH_TRAPS_H */
