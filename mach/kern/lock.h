/*
 * Simple locks: spinlocks that also keep interrupts off while held.
 *
 * On one CPU the spinning never happens and a lock costs an interrupt
 * save and restore; the same code is correct on SMP.  A simple lock is
 * never held across a context switch, and never taken in an order other
 * than the one in docs/locking.md.
 */
#ifndef KERN_LOCK_H
#define KERN_LOCK_H

#include <machine/cpu.h>

typedef struct simple_lock {
	volatile int sl_locked;
	unsigned long sl_saved_flags; /* interrupt state of the holder */
} simple_lock_data_t, *simple_lock_t;

#define SIMPLE_LOCK_INITIALIZER \
	{ \
		0, 0 \
	}

static inline void
simple_lock_init(simple_lock_t lock)
{
	lock->sl_locked = 0;
	lock->sl_saved_flags = 0;
}

static inline void
simple_lock(simple_lock_t lock)
{
	unsigned long flags = cpu_intr_save();
	while (__atomic_exchange_n(&lock->sl_locked, 1, __ATOMIC_ACQUIRE))
		cpu_pause();
	lock->sl_saved_flags = flags;
}

static inline void
simple_unlock(simple_lock_t lock)
{
	unsigned long flags = lock->sl_saved_flags;
	__atomic_store_n(&lock->sl_locked, 0, __ATOMIC_RELEASE);
	cpu_intr_restore(flags);
}

/*
 * The same for code that runs with interrupts disabled already (the IPC
 * fast path, called from the trap entry): the interrupt state is neither
 * saved nor restored.  Pair them with each other only.
 */
static inline void
simple_lock_intr_off(simple_lock_t lock)
{
	while (__atomic_exchange_n(&lock->sl_locked, 1, __ATOMIC_ACQUIRE))
		cpu_pause();
}

/*
 * simple_lock for a caller whose interrupts are disabled already (a
 * trap's path that keeps them so), released with simple_unlock as any
 * other: the holder's state is recorded as disabled without reading it.
 */
static inline void
simple_lock_intr_disabled(simple_lock_t lock)
{
	while (__atomic_exchange_n(&lock->sl_locked, 1, __ATOMIC_ACQUIRE))
		cpu_pause();
	lock->sl_saved_flags = 0;
}

/*
 * Takes the lock if it is free, without spinning, interrupts already off
 * (the IPC fast path, which leaves a busy lock to the general path).
 * Returns whether it took it; release with simple_unlock_intr_off.
 */
static inline int
simple_lock_try_intr_off(simple_lock_t lock)
{
	return __atomic_exchange_n(&lock->sl_locked, 1, __ATOMIC_ACQUIRE) == 0;
}

static inline void
simple_unlock_intr_off(simple_lock_t lock)
{
	__atomic_store_n(&lock->sl_locked, 0, __ATOMIC_RELEASE);
}

static inline int
simple_lock_held(simple_lock_t lock)
{
	return lock->sl_locked;
}

#endif /* KERN_LOCK_H */
