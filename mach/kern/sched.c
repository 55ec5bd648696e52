/*
 * The scheduler.
 *
 * Run queues: one FIFO per priority and a bitmap of the non-empty ones;
 * the best thread is the head of the highest non-empty queue.  The
 * running thread is on no queue.  The idle thread is on no queue either:
 * it runs when all queues are empty.
 *
 * Entry points: see kern/sched.h.
 *
 * Handoff (an L4 lesson, kernel argument handoff=off to switch it off):
 * IPC gives the processor from a sender straight to the receiver it woke
 * (sched_handoff, sched_handoff_user), without the run queues.  Switched
 * off, the receiver is put on its run queue and the next thread is the
 * queues' choice, as after a wakeup and a block; the IPC fast path still
 * switches without a stack (docs/bench.md, "The lessons").
 *
 * Locking: sched_lock guards the queues and priorities (a thread's state
 * changes between TH_RUN and TH_WAIT under wait_lock, kern/wait.h).
 * Context switches happen with interrupts disabled and sched_lock
 * released; on one CPU that excludes every other path into the scheduler.
 * (SMP will have to hold the lock across the switch and release it in
 * thread_continue.)
 */
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <mach/traps.h>
#include <machine/machine.h>
#include <stddef.h>
#include <vm/pmap.h>

#define NPRIORITIES (MACH_PRIORITY_MAX + 1)

static simple_lock_data_t sched_lock;
static struct thread *run_queue_head[NPRIORITIES];
static struct thread *run_queue_tail[NPRIORITIES];
static uint32_t run_queue_bitmap;
struct sched_statistics sched_stats;
int sched_handoff_enabled = 1;
static struct thread boot_thread; /* stands for the boot context */

static void
run_queue_insert_locked(struct thread *thread)
{
	int priority = thread->th_priority;

	assert(!thread->th_on_run_queue);
	if (thread->th_quantum <= 0)
		thread->th_quantum = SCHED_QUANTUM_TICKS;
	thread->th_run_next = NULL;
	if (run_queue_tail[priority] != NULL)
		run_queue_tail[priority]->th_run_next = thread;
	else
		run_queue_head[priority] = thread;
	run_queue_tail[priority] = thread;
	run_queue_bitmap |= 1u << priority;
	thread->th_on_run_queue = 1;
}

static void
run_queue_remove_locked(struct thread *thread)
{
	int priority = thread->th_priority;
	struct thread **link = &run_queue_head[priority];
	struct thread *previous = NULL;

	while (*link != thread) {
		assert(*link != NULL);
		previous = *link;
		link = &(*link)->th_run_next;
	}
	*link = thread->th_run_next;
	if (run_queue_tail[priority] == thread)
		run_queue_tail[priority] = previous;
	if (run_queue_head[priority] == NULL)
		run_queue_bitmap &= ~(1u << priority);
	thread->th_on_run_queue = 0;
}

/* The highest priority with a runnable thread, or -1. */
static int
run_queue_best_priority_locked(void)
{
	if (run_queue_bitmap == 0)
		return -1;
	return 31 - __builtin_clz(run_queue_bitmap);
}

static struct thread *
run_queue_take_best_locked(void)
{
	int priority = run_queue_best_priority_locked();
	if (priority < 0)
		return NULL;
	struct thread *thread = run_queue_head[priority];
	run_queue_remove_locked(thread);
	return thread;
}

static int
sched_is_idle(struct thread *thread)
{
	return thread == cpu_get(cpu_idle_thread);
}

void
sched_bootstrap(void)
{
	simple_lock_init(&sched_lock);
	boot_thread.th_state = TH_RUN;
	cpu_set(cpu_thread, &boot_thread);
}

void
sched_setrun(struct thread *thread)
{
	simple_lock(&sched_lock);
	assert(thread->th_state == TH_RUN);
	run_queue_insert_locked(thread);
	struct thread *running = current_thread();
	if (sched_is_idle(running) ||
	    thread->th_priority > running->th_priority)
		cpu_set(cpu_need_resched, 1);
	simple_unlock(&sched_lock);
}

void
sched_remove(struct thread *thread)
{
	simple_lock(&sched_lock);
	if (thread->th_on_run_queue)
		run_queue_remove_locked(thread);
	simple_unlock(&sched_lock);
}

static void
sched_switch(struct thread *prev, struct thread *next)
{
	sched_stats.ss_context_switches++;
	cpu_set(cpu_thread, next);
	if (next->th_task != NULL)
		pmap_activate(next->th_task->task_pmap);
	struct thread *last = machine_thread_switch(prev, next);
	thread_continue(last);
}

/*
 * Puts the thread that is giving up the processor back on its run queue
 * if it can still run.  It may be there already: a thread woken between
 * deciding to wait and blocking simply runs on.
 */
static void
sched_requeue_locked(struct thread *prev)
{
	if (prev->th_state == TH_RUN && !prev->th_on_run_queue &&
	    !sched_is_idle(prev) && prev != &boot_thread)
		run_queue_insert_locked(prev);
}

void
sched_handoff(struct thread *next)
{
	struct thread *prev = current_thread();

	assert(!cpu_intr_enabled());
	assert(next->th_state == TH_RUN && !next->th_on_run_queue);
	if (!sched_handoff_enabled) {
		/* handoff=off: next waits its turn on the queues. */
		simple_lock(&sched_lock);
		run_queue_insert_locked(next);
		simple_unlock(&sched_lock);
		sched_block();
		return;
	}
	sched_stats.ss_handoffs++;
	simple_lock(&sched_lock);
	sched_requeue_locked(prev);
	cpu_set(cpu_need_resched, 0);
	simple_unlock(&sched_lock);
	sched_switch(prev, next);
}

int
sched_queues_would_choose(const struct thread *next)
{
	simple_lock(&sched_lock);
	int would = run_queue_best_priority_locked() < next->th_priority;
	simple_unlock(&sched_lock);
	return would;
}

void
sched_choose_from_queues(struct thread *next)
{
	simple_lock(&sched_lock);
	run_queue_insert_locked(next);
	struct thread *chosen = run_queue_take_best_locked();
	cpu_set(cpu_need_resched, 0);
	simple_unlock(&sched_lock);
	assert(chosen == next);
	(void)chosen;
}

void
sched_block(void)
{
	struct thread *prev = current_thread();
	struct cpu *cpu = cpu_current();

	assert(!cpu_intr_enabled());
	simple_lock(&sched_lock);
	sched_requeue_locked(prev);
	struct thread *next = run_queue_take_best_locked();
	if (next == NULL)
		next = cpu->cpu_idle_thread;
	cpu->cpu_need_resched = 0;
	simple_unlock(&sched_lock);

	if (next != prev)
		sched_switch(prev, next);
}

void
sched_yield(void)
{
	unsigned long flags = cpu_intr_save();
	current_thread()->th_quantum = 0;
	sched_block();
	cpu_intr_restore(flags);
}

void
sched_set_priority(struct thread *thread, int priority)
{
	assert(priority >= MACH_PRIORITY_MIN && priority <= MACH_PRIORITY_MAX);
	simple_lock(&sched_lock);
	int queued = thread->th_on_run_queue;
	if (queued)
		run_queue_remove_locked(thread);
	thread->th_priority = priority;
	if (queued)
		run_queue_insert_locked(thread);
	struct thread *running = current_thread();
	if (run_queue_best_priority_locked() > running->th_priority)
		cpu_set(cpu_need_resched, 1);
	simple_unlock(&sched_lock);
}

void
sched_clock_tick(int from_user)
{
	struct thread *running = current_thread();

	sched_stats.ss_ticks++;
	wait_clock_tick(sched_stats.ss_ticks);
	if (sched_is_idle(running))
		return;
	if (from_user)
		running->th_user_ticks++;
	else
		running->th_system_ticks++;
	if (--running->th_quantum <= 0)
		cpu_set(cpu_need_resched, 1);
}

/*
 * On the way back to user mode: end the thread if it should, give up the
 * processor if a reschedule is pending, and stop while the thread is held
 * (suspended: a wait on its hold queue, which termination interrupts).
 */
void
sched_ast_check(void)
{
	struct thread *self = current_thread();

	assert(!cpu_intr_enabled());
	for (;;) {
		if (self->th_should_terminate)
			thread_terminate_self();
		/* Preempted here, the thread may come back marked to end:
		 * look again before it is held. */
		if (cpu_get(cpu_need_resched)) {
			sched_block();
			continue;
		}
		if (!thread_held(self))
			return;
		thread_hold_wait(self);
	}
}

void
sched_ast_continue(struct trap_frame *frame)
{
	(void)frame;
	sched_ast_check();
}

static void
sched_idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		cpu_intr_disable();
		if (run_queue_bitmap != 0 || cpu_get(cpu_need_resched))
			sched_block();
		else
			machine_idle();
	}
}

void
sched_start(void)
{
	struct cpu *cpu = cpu_current();

	struct thread *idle =
	    thread_create_kernel(sched_idle_loop, NULL, MACH_PRIORITY_MIN);
	if (idle == NULL)
		panic("sched_start: cannot create the idle thread");
	/* Out of its first wait, but on no run queue: it runs when they
	 * are all empty. */
	cpu_intr_disable();
	cpu->cpu_idle_thread =
	    wait_queue_wakeup_one(&idle->th_hold_queue, THREAD_AWAKENED);
	sched_block(); /* the boot context is never resumed */
	panic("sched_start: the boot context was resumed");
}

uint64_t
sched_ticks(void)
{
	return sched_stats.ss_ticks;
}

void
sched_statistics(struct sched_statistics *stats)
{
	*stats = sched_stats;
}
