/*
 * Mutexes of the thread library (<mach/mach_thread.h>).
 *
 *	mach_mutex_lock, mach_mutex_trylock, mach_mutex_unlock, mach_mutex_init
 *
 * The uncontended paths are one atomic instruction and no trap.  mm_state
 * is 0 (unlocked), 1 (locked, nobody queued) or 2 (locked, threads may be
 * queued), as in Drepper's "Futexes Are Tricky" (mutex 3), with a wait
 * queue (mach_wait_queue.c) in place of the futex:
 *
 *  - lock: take 0 -> 1; else spin a little; else, with the queue locked,
 *    swap in 2: if the old state was 0 the lock is ours (marked 2, which
 *    at worst costs a useless wakeup), otherwise queue up, unlock the
 *    queue, block, and try again when woken.
 *  - unlock: swap in 0; if the old state was 2, wake the first queued
 *    thread.
 *
 * Invariant: while a thread is queued, mm_state is 2 or a woken thread
 * is on its way to swap in 2 again.  A waiter sets 2 and queues itself
 * in one step under the queue lock, and an unlock that finds 2 takes the
 * queue lock after that step, so it always finds the waiter.  Hence
 * every queued thread is woken by some unlock, and an unlock that finds
 * 1 has nobody to wake.  Woken threads compete again with newcomers (no
 * handoff), which keeps the lock fast; it is not strictly fair.
 */
#include "mach_wait_queue.h"

#include <mach/mach_thread.h>

/* Tries before a contended lock blocks: worth a little on several CPUs. */
#define MACH_MUTEX_SPINS 64

void
mach_mutex_init(mach_mutex_t *mutex)
{
	*mutex = (mach_mutex_t)MACH_MUTEX_INITIALIZER;
}

int
mach_mutex_trylock(mach_mutex_t *mutex)
{
	int unlocked = 0;

	return __atomic_compare_exchange_n(&mutex->mm_state, &unlocked, 1, 0,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Spins a while for the holder to let go; returns 1 with the mutex. */
static int
mach_mutex_spin(mach_mutex_t *mutex)
{
	for (int i = 0; i < MACH_MUTEX_SPINS; i++) {
		if (__atomic_load_n(&mutex->mm_state, __ATOMIC_RELAXED) == 0 &&
		    mach_mutex_trylock(mutex))
			return 1;
		__builtin_ia32_pause();
	}
	return 0;
}

void
mach_mutex_lock(mach_mutex_t *mutex)
{
	if (mach_mutex_trylock(mutex) || mach_mutex_spin(mutex))
		return;
	for (;;) {
		mach_wait_queue_lock(&mutex->mm_waiters);
		if (__atomic_exchange_n(&mutex->mm_state, 2,
					__ATOMIC_ACQUIRE) == 0) {
			mach_wait_queue_unlock(&mutex->mm_waiters);
			return;
		}
		mach_wait_queue_enqueue_locked(&mutex->mm_waiters);
		mach_wait_queue_unlock(&mutex->mm_waiters);
		mach_wait_queue_block();
	}
}

void
mach_mutex_unlock(mach_mutex_t *mutex)
{
	if (__atomic_exchange_n(&mutex->mm_state, 0, __ATOMIC_RELEASE) == 2)
		mach_wait_queue_wakeup_one(&mutex->mm_waiters);
}
