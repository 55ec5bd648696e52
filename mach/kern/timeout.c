/*
 * Timeouts: a list of armed threads, each with the tick by which it must
 * be woken.  The list is short (threads blocked with a timeout), so the
 * tick walks it.  Expiry calls ipc_mqueue_timeout, the only user so far.
 *
 * timeout_lock guards the list and the th_timeout_* fields; it is taken
 * after ipc_lock, never before.
 */
#include <ipc/ipc_mqueue.h>
#include <kern/lock.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <machine/lapic.h>

static simple_lock_data_t timeout_lock;
static struct thread *timeout_list;

void
timeout_bootstrap(void)
{
	simple_lock_init(&timeout_lock);
}

void
timeout_arm(struct thread *thread, uint32_t ms)
{
	uint64_t ticks = ((uint64_t)ms * HZ + 999) / 1000;

	simple_lock(&timeout_lock);
	if (!thread->th_timeout_armed) {
		thread->th_timeout_next = timeout_list;
		timeout_list = thread;
		thread->th_timeout_armed = 1;
	}
	thread->th_timeout_tick = sched_ticks() + (ticks ? ticks : 1);
	simple_unlock(&timeout_lock);
}

static void
timeout_unlink_locked(struct thread *thread)
{
	struct thread **link = &timeout_list;
	while (*link != thread)
		link = &(*link)->th_timeout_next;
	*link = thread->th_timeout_next;
	thread->th_timeout_armed = 0;
}

void
timeout_cancel(struct thread *thread)
{
	simple_lock(&timeout_lock);
	if (thread->th_timeout_armed)
		timeout_unlink_locked(thread);
	simple_unlock(&timeout_lock);
}

void
timeout_tick(uint64_t now)
{
	for (;;) {
		struct thread *expired = NULL;
		simple_lock(&timeout_lock);
		for (struct thread *t = timeout_list; t != NULL;
		     t = t->th_timeout_next)
			if (t->th_timeout_tick <= now) {
				expired = t;
				break;
			}
		if (expired != NULL)
			timeout_unlink_locked(expired);
		simple_unlock(&timeout_lock);
		if (expired == NULL)
			return;
		ipc_mqueue_timeout(expired);
	}
}
