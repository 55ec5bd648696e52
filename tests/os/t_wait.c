/*
 * Waits that are not IPC (kern/wait.h): thread_switch's timed wait
 * (SWITCH_OPTION_WAIT) and suspension, which is a wait on the thread's
 * own hold queue, and how thread_abort, thread_terminate and
 * thread_suspend reach a thread in them.
 *
 * A sleeper is a thread that waits in thread_switch; it is raised above
 * this thread's priority once started, so that it has begun its wait
 * before this thread runs on.  Waits meant to be ended by someone else
 * are far longer than the boot's time limit.  Every wait of this thread
 * for another is bounded by timer ticks (kernel stats).
 */
#include "lib/tap.h"
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/thread.h>
#include <mach/traps.h>
#include <stdlib.h>

#define STACK_SIZE    (64 * 1024)
#define LONG_WAIT_MS  1000000 /* 1000 s: only an interruption ends it */
#define SHORT_WAIT_MS 50      /* 5 ticks at 100 Hz */
#define WAIT_TICKS    500     /* 5 s: far more than any test needs */

static struct kernel_stats
stats(void)
{
	struct kernel_stats s;
	if (mach_kernel_stats(&s) != KERN_SUCCESS)
		tap_bail("kernel_stats failed");
	return s;
}

static unsigned long
ticks(void)
{
	return stats().ks_timer_ticks;
}

struct sleeper {
	mach_msg_timeout_t ms;
	volatile int started;
	volatile kern_return_t result;
	volatile int done;
};

static void
sleeper_main(void *arg)
{
	struct sleeper *s = arg;
	s->started = 1;
	s->result = thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, s->ms);
	s->done = 1;
}

/* Starts a sleeper for ms; when this returns it waits (or is done). */
static mach_port_t
sleeper_start(struct sleeper *s, mach_msg_timeout_t ms)
{
	s->ms = ms;
	s->started = s->done = 0;
	s->result = -1;
	mach_port_t thread =
	    thread_spawn(sleeper_main, s, malloc(STACK_SIZE), STACK_SIZE);
	if (thread == MACH_PORT_NULL)
		tap_bail("thread_spawn failed");
	/* Above this thread: it runs until it waits, before this one goes
	 * on in user mode. */
	if (thread_set_priority(thread, MACH_PRIORITY_DEFAULT + 1) !=
	    KERN_SUCCESS)
		tap_bail("thread_set_priority failed");
	return thread;
}

/* Yields until *flag is set or WAIT_TICKS pass; returns *flag. */
static int
wait_for(volatile int *flag)
{
	unsigned long start = ticks();
	while (!*flag && ticks() - start < WAIT_TICKS)
		swtch_pri(0);
	return *flag;
}

/* Waits until the thread count is at most count; returns whether. */
static int
wait_for_threads(unsigned long count)
{
	unsigned long start = ticks();
	while (stats().ks_threads > count && ticks() - start < WAIT_TICKS)
		swtch_pri(0);
	return stats().ks_threads <= count;
}

static void
test_timed_wait(void)
{
	unsigned long before = ticks();
	tap_is_int(
	    thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, SHORT_WAIT_MS),
	    KERN_SUCCESS, "thread_switch(WAIT, 50 ms) returns");
	unsigned long waited = ticks() - before;
	tap_ok(waited >= 5, "and it waited its 5 ticks (%lu)", waited);

	tap_is_int(thread_switch(MACH_PORT_NULL, SWITCH_OPTION_NONE, 0),
		   KERN_SUCCESS, "thread_switch(NONE) yields");
	tap_is_int(thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 0),
		   KERN_SUCCESS, "thread_switch(WAIT, 0 ms) yields");
	tap_is_int(thread_switch(MACH_PORT_NULL, 7, 10), KERN_INVALID_ARGUMENT,
		   "an unknown option is refused");
	tap_is_int(thread_switch(MACH_PORT_NULL, SWITCH_OPTION_DEPRESS, 10),
		   KERN_INVALID_ARGUMENT, "SWITCH_OPTION_DEPRESS is refused");
	tap_is_int(thread_switch(mach_thread_self(), SWITCH_OPTION_WAIT, 10),
		   KERN_INVALID_ARGUMENT, "a thread to switch to is refused");
}

static void
test_abort(void)
{
	static struct sleeper s;
	unsigned long threads = stats().ks_threads;
	mach_port_t thread = sleeper_start(&s, LONG_WAIT_MS);

	tap_ok(s.started && !s.done, "a sleeper waits");
	tap_is_int(thread_abort(thread), KERN_SUCCESS, "thread_abort of it");
	tap_ok(wait_for(&s.done), "ends its wait");
	tap_is_int(s.result, KERN_ABORTED, "which returns KERN_ABORTED");
	wait_for_threads(threads); /* it ends itself */
	mach_port_deallocate(mach_task_self(), thread);
}

static void
test_terminate(void)
{
	static struct sleeper s;
	unsigned long threads = stats().ks_threads;
	mach_port_t thread = sleeper_start(&s, LONG_WAIT_MS);

	tap_is_int(thread_terminate(thread), KERN_SUCCESS,
		   "thread_terminate of a sleeper");
	tap_ok(wait_for_threads(threads) && !s.done, "ends it in its wait");
	mach_port_deallocate(mach_task_self(), thread);
}

static void
test_suspend_timed_out(void)
{
	static struct sleeper s;
	unsigned long threads = stats().ks_threads;
	mach_port_t thread = sleeper_start(&s, SHORT_WAIT_MS);

	tap_is_int(thread_suspend(thread), KERN_SUCCESS,
		   "thread_suspend of a sleeper in a 50 ms wait");
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 4 * SHORT_WAIT_MS);
	tap_ok(s.started && !s.done,
	       "its wait timed out, but held, it does not run on");
	tap_is_int(thread_resume(thread), KERN_SUCCESS, "thread_resume");
	tap_ok(wait_for(&s.done) && s.result == KERN_SUCCESS,
	       "then it runs on: its wait had ended by its timeout");
	wait_for_threads(threads);
	mach_port_deallocate(mach_task_self(), thread);
}

static void
test_suspend_aborted(void)
{
	static struct sleeper s;
	unsigned long threads = stats().ks_threads;
	mach_port_t thread = sleeper_start(&s, LONG_WAIT_MS);

	thread_suspend(thread);
	tap_is_int(thread_abort(thread), KERN_SUCCESS,
		   "thread_abort of a suspended sleeper");
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 2 * SHORT_WAIT_MS);
	tap_ok(!s.done, "its wait is interrupted, but held, it does not run");
	thread_resume(thread);
	tap_ok(wait_for(&s.done) && s.result == KERN_ABORTED,
	       "resumed, it returns KERN_ABORTED");
	wait_for_threads(threads);
	mach_port_deallocate(mach_task_self(), thread);
}

static void
test_suspend_terminated(void)
{
	static struct sleeper s;
	unsigned long threads = stats().ks_threads;
	mach_port_t thread = sleeper_start(&s, LONG_WAIT_MS);

	thread_suspend(thread);
	thread_suspend(thread); /* twice: no count makes it run */
	tap_is_int(thread_terminate(thread), KERN_SUCCESS,
		   "thread_terminate of a suspended sleeper");
	tap_ok(wait_for_threads(threads) && !s.done,
	       "ends it without a resume");
	mach_port_deallocate(mach_task_self(), thread);
}

/* A thread stopped while held waits on its hold queue: resumed it runs
 * on, terminated it ends. */
struct spinner {
	volatile unsigned long count;
	volatile int stop;
};

static void
spin(void *arg)
{
	struct spinner *s = arg;
	while (!s->stop)
		s->count++;
}

static void
test_held_spinner(void)
{
	static struct spinner s;
	unsigned long threads = stats().ks_threads;
	mach_port_t thread =
	    thread_spawn(spin, (void *)&s, malloc(STACK_SIZE), STACK_SIZE);

	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, SHORT_WAIT_MS);
	tap_ok(s.count > 0, "a spinning thread runs");
	tap_is_int(thread_suspend(thread), KERN_SUCCESS, "thread_suspend");
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, SHORT_WAIT_MS);
	unsigned long seen = s.count;
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, SHORT_WAIT_MS);
	tap_ok(s.count == seen, "suspended, it stops");
	thread_resume(thread);
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, SHORT_WAIT_MS);
	tap_ok(s.count != seen, "resumed, it runs on");
	thread_suspend(thread);
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, SHORT_WAIT_MS);
	tap_is_int(thread_terminate(thread), KERN_SUCCESS,
		   "thread_terminate of it stopped");
	tap_ok(wait_for_threads(threads), "ends it");
	mach_port_deallocate(mach_task_self(), thread);
}

int
main(void)
{
	tap_plan(29);
	test_timed_wait();
	test_abort();
	test_terminate();
	test_suspend_timed_out();
	test_suspend_aborted();
	test_suspend_terminated();
	test_held_spinner();
	tap_is_int(thread_abort(mach_thread_self()), KERN_SUCCESS,
		   "thread_abort of oneself does nothing");
	return tap_done();
}
