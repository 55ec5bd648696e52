/*
 * Condition variables of the thread library (<mach/mach_thread.h>).
 *
 *	mach_cond_wait, mach_cond_signal, mach_cond_broadcast, mach_cond_init
 *
 * A waiter queues itself on the condition's wait queue before it
 * releases the mutex, and only then blocks (mach_wait_queue.c).  So a
 * signal given after the waiter released the mutex (normally by a thread
 * that took the mutex to change the state) finds it on the queue, and
 * its wakeup message waits in the waiter's wake port even if the waiter
 * has not blocked yet: no wakeup is lost.  A signal with nobody queued
 * does nothing.  There are no spurious wakeups, but a woken thread must
 * take the mutex again and another may change the state first, so
 * callers test their condition in a loop.
 */
#include "mach_wait_queue.h"

#include <mach/mach_thread.h>

void
mach_cond_init(mach_cond_t *cond)
{
	*cond = (mach_cond_t)MACH_COND_INITIALIZER;
}

void
mach_cond_wait(mach_cond_t *cond, mach_mutex_t *mutex)
{
	mach_wait_queue_lock(&cond->mc_waiters);
	mach_wait_queue_enqueue_locked(&cond->mc_waiters);
	mach_wait_queue_unlock(&cond->mc_waiters);
	mach_mutex_unlock(mutex);
	mach_wait_queue_block();
	mach_mutex_lock(mutex);
}

void
mach_cond_signal(mach_cond_t *cond)
{
	mach_wait_queue_wakeup_one(&cond->mc_waiters);
}

void
mach_cond_broadcast(mach_cond_t *cond)
{
	mach_wait_queue_wakeup_all(&cond->mc_waiters);
}
