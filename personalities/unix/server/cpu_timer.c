/*
 * The CPU-time interval timers: ITIMER_VIRTUAL (SIGVTALRM when the
 * process's user time reaches the timer) and ITIMER_PROF (SIGPROF, user
 * and system time).
 *
 *	cpu_timer_set		setitimer and getitimer of either
 *	cpu_timer_forget_process	a process ended: its timers disarmed
 *
 * The kernel samples each thread's CPU time at its 10 ms tick
 * (docs/kernel.md) but tells it only when asked (task_info), so the
 * server looks: while any process has a CPU timer armed, a timer of the
 * server's list (timer.c) fires every CPU_TIMER_PERIOD, reads the CPU
 * time of each process with one armed (clock_add_task_time) and posts
 * the signal of each timer its time has reached, re-armed by its
 * interval.  A CPU timer thus fires within about 20 ms of CPU time
 * after its expiry (the tick that charges the time, then the check).
 * A process's CPU time is that of all its tasks (p_time keeps the
 * time of those its execs replaced), so a timer goes on across exec,
 * as POSIX says; fork's child has none armed.
 */
#include "unix.h"

#include <signal.h>
#include <stdint.h>
#include <sys/time.h>

#define CPU_TIMER_PERIOD 10000000ll /* ns: the kernel's tick */

static struct timer cpu_timer_check;

/* The CPU time of p's tasks so far, in microseconds: user only for
 * ITIMER_VIRTUAL, user and system for ITIMER_PROF. */
static int64_t
cpu_timer_now(struct process *p, int which)
{
	struct cpu_time now = p->p_time;

	if (p->p_state == PROCESS_RUNNING)
		clock_add_task_time(&now, p->p_task);
	return which == ITIMER_VIRTUAL ? now.ct_user
				       : now.ct_user + now.ct_system;
}

static int
cpu_timer_signal(int which)
{
	return which == ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
}

/* Posts p's signals of the timers its CPU time has reached; 1 if any
 * timer of p is still armed. */
static int
cpu_timer_check_process(struct process *p)
{
	int armed = 0;

	for (int which = ITIMER_VIRTUAL; which <= ITIMER_PROF; which++) {
		struct cpu_timer *t = &p->p_cpu_timers[which - ITIMER_VIRTUAL];
		if (t->ctm_expiry == 0)
			continue;
		int64_t now = cpu_timer_now(p, which);
		if (now >= t->ctm_expiry) {
			struct signal_info info = {.si_code = SI_TIMER,
						   .si_pid = p->p_pid,
						   .si_uid = p->p_uid};
			/* one signal however far behind: they do not queue */
			t->ctm_expiry =
			    t->ctm_interval == 0 ? 0 : now + t->ctm_interval;
			signal_post(p, cpu_timer_signal(which), &info);
		}
		armed |= t->ctm_expiry != 0;
	}
	return armed;
}

static void
cpu_timer_fired(struct timer *check)
{
	int armed = 0;

	for (struct process *p = proc_first(); p != NULL; p = p->p_next)
		if (p->p_state == PROCESS_RUNNING)
			armed |= cpu_timer_check_process(p);
	if (armed)
		timer_arm(check, clock_now() + CPU_TIMER_PERIOD);
}

void
cpu_timer_set(struct process *p, int which, int set, int64_t value,
	      int64_t interval, int64_t *old_value, int64_t *old_interval)
{
	struct cpu_timer *t = &p->p_cpu_timers[which - ITIMER_VIRTUAL];
	int64_t now = cpu_timer_now(p, which);

	*old_value = 0;
	if (t->ctm_expiry != 0) /* armed: at least 1 until it fires */
		*old_value = t->ctm_expiry > now ? t->ctm_expiry - now : 1;
	*old_interval = t->ctm_interval;
	if (!set)
		return;
	t->ctm_interval = interval;
	t->ctm_expiry = value == 0 ? 0 : now + value;
	if (value != 0 && !cpu_timer_check.t_armed) {
		cpu_timer_check.t_fire = cpu_timer_fired;
		timer_arm(&cpu_timer_check, clock_now() + CPU_TIMER_PERIOD);
	}
}

void
cpu_timer_forget_process(struct process *p)
{
	for (int i = 0; i < 2; i++)
		p->p_cpu_timers[i] = (struct cpu_timer){0, 0};
}
