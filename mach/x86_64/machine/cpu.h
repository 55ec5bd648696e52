/*
 * Small CPU operations that machine-independent code may use.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <stdint.h>

/* Disables interrupts and returns the previous state for cpu_intr_restore. */
static inline unsigned long
cpu_intr_save(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags)::"memory");
	return flags;
}

static inline void
cpu_intr_restore(unsigned long flags)
{
	if (flags & 0x200)
		__asm__ volatile("sti" ::: "memory");
}

/*
 * Enables interrupts and returns the previous state for cpu_intr_put:
 * for long work that holds no lock, inside a path that otherwise keeps
 * interrupts off (mach_msg: docs/locking.md).
 */
static inline unsigned long
cpu_intr_enable_save(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; popq %0; sti" : "=r"(flags)::"memory");
	return flags;
}

/* Puts interrupts back on or off, as flags (from a save) had them. */
static inline void
cpu_intr_put(unsigned long flags)
{
	if (flags & 0x200)
		__asm__ volatile("sti" ::: "memory");
	else
		__asm__ volatile("cli" ::: "memory");
}

static inline void
cpu_intr_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline void
cpu_intr_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline int
cpu_intr_enabled(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	return (flags & 0x200) != 0;
}

static inline void
cpu_pause(void)
{
	__asm__ volatile("pause");
}

static inline uint64_t
cpu_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#endif /* MACHINE_CPU_H */
