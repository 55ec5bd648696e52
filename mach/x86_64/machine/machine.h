/*
 * Hooks that machine-independent code calls into the machine layer.
 */
#ifndef MACHINE_MACHINE_H
#define MACHINE_MACHINE_H

#include <stddef.h>
#include <stdint.h>

/* Console device (x86_64/serial.c). */
void machine_console_init(void);
void machine_console_putc(char c);
/* The next byte the console has received, or -1 if none (never waits). */
int machine_console_getc(void);

/* Stops the machine.  Under QEMU with isa-debug-exit, QEMU exits with
 * status (code << 1) | 1. */
void machine_exit(int code) __attribute__((noreturn));

/* Waits for the next interrupt with interrupts enabled, then disables them. */
void machine_idle(void);

/* Prints the call chain starting at the caller's frame (or at rbp). */
void machine_backtrace(uint64_t rbp);

/* Current time-stamp counter and its rate calibrated at boot. */
uint64_t machine_tsc_per_tick(void);

/* FPU-unavailable traps taken and FPU states loaded since boot (the
 * lazy and eager FPU switching of x86_64/thread.c). */
void machine_fpu_statistics(unsigned long *traps, unsigned long *loads);

#endif /* MACHINE_MACHINE_H */
