/*
 * The trap table: trap numbers (mach/traps.h) to kernel functions.
 */
#ifndef KERN_SYSCALL_SW_H
#define KERN_SYSCALL_SW_H

#include <stdint.h>

#define MACH_TRAP_MAX_ARGS 6

typedef uint64_t (*mach_trap_function_t)(const uint64_t *args);

/* Runs trap number with its arguments; returns the value for rax.  An
 * unknown number returns KERN_INVALID_ARGUMENT. */
uint64_t mach_trap_dispatch(uint64_t number, const uint64_t *args);

/* The kernel console trap (debug_traps.c). */
uint64_t debug_trap_console_write(const uint64_t *args);

#endif /* KERN_SYSCALL_SW_H */
