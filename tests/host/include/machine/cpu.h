/*
 * Host stand-in for <machine/cpu.h>, used when the host unit tests
 * compile kernel files (tests/host/host.mk puts this directory before
 * mach/x86_64).  There are no interrupts to mask in a user process, and
 * the tests are single-threaded: a simple lock that spins is a lock left
 * held, so cpu_pause reports it as a failure instead of hanging.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <stdint.h>

/* Fails the current test: a lock was found held (tests/host/host_support.c). */
void host_cpu_spin(void);

static inline unsigned long
cpu_intr_save(void)
{
	return 0;
}

static inline void
cpu_intr_restore(unsigned long flags)
{
	(void)flags;
}

static inline void
cpu_intr_enable(void)
{
}

static inline void
cpu_intr_disable(void)
{
}

static inline int
cpu_intr_enabled(void)
{
	return 0;
}

static inline void
cpu_pause(void)
{
	host_cpu_spin();
}

static inline uint64_t
cpu_rdtsc(void)
{
	return 0;
}

#endif /* MACHINE_CPU_H */
