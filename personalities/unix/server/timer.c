/*
 * Timers: the server's list of deadlines, and the calls that wait for
 * time (sleep) or send a signal when it comes (setitimer, alarm).
 *
 *	timer_arm, timer_cancel	a deadline in the list, or out of it
 *	timer_timeout		the receive timeout of the server loop (ms;
 *				inline in unix.h over timer_timeout_armed)
 *	timer_run		fires the timers whose deadline has come
 *				(inline in unix.h over timer_run_due)
 *	timer_forget_process	a process ended: its timers cancelled
 *	timer_forget_sleep	its sleep only (an exec keeps the alarm)
 *	timer_interrupt_process	a handler is to run: a sleep answers EINTR
 *	do_unix_sleep, do_unix_setitimer (ITIMER_REAL here; the CPU-time
 *				timers in cpu_timer.c)
 *
 * The list is sorted by deadline (nanoseconds since boot, clock.c).
 * The server never blocks on time: the loop (main.c) receives with a
 * timeout that ends at the first deadline and then runs the timers that
 * are due, so a sleeping process waits in the list, its reply right
 * kept, while every other process is served.  The kernel's timer runs
 * at 100 Hz, so a deadline is met within about 10 ms.
 */
#include "unix.h"
#include "unix_reply.h"
#include "unix_server.h"

#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/message.h>
#include <stddef.h>
#include <sys/time.h>

#define TIMER_NS_PER_SECOND 1000000000ll
#define TIMER_NS_PER_MS	    1000000ll
#define TIMER_NS_PER_US	    1000ll
/* The longest wait, so that a deadline never overflows: 31 years. */
#define TIMER_SECONDS_MAX 1000000000ll

struct timer *timer_list; /* by deadline, earliest first */

void
timer_cancel(struct timer *t)
{
	if (!t->t_armed)
		return;
	struct timer **link = &timer_list;
	while (*link != t)
		link = &(*link)->t_next;
	*link = t->t_next;
	t->t_armed = 0;
}

void
timer_arm(struct timer *t, int64_t deadline)
{
	timer_cancel(t);
	struct timer **link = &timer_list;
	while (*link != NULL && (*link)->t_deadline <= deadline)
		link = &(*link)->t_next;
	t->t_deadline = deadline;
	t->t_next = *link;
	*link = t;
	t->t_armed = 1;
}

mach_msg_timeout_t
timer_timeout_armed(void)
{
	int64_t left = timer_list->t_deadline - clock_now();
	if (left <= 0)
		return 1; /* due: a receive that waits only a moment */
	return (left + TIMER_NS_PER_MS - 1) / TIMER_NS_PER_MS;
}

int
timer_run_due(void)
{
	int fired = 0;
	int64_t now = clock_now();
	while (timer_list != NULL && timer_list->t_deadline <= now) {
		struct timer *t = timer_list;
		timer_list = t->t_next;
		t->t_armed = 0;
		t->t_fire(t); /* may arm it again */
		fired++;
	}
	return fired;
}

/* The time left until t's deadline, 0 if it is not armed. */
static int64_t
timer_left(struct timer *t)
{
	int64_t left = t->t_armed ? t->t_deadline - clock_now() : 0;

	return left > 0 ? left : 0;
}

/* Answers a waiting sleep; left: the nanoseconds it had to go. */
static void
timer_answer_sleep(struct process *p, int error, int64_t left)
{
	mach_port_t reply = p->p_sleep_reply;

	if (!MACH_PORT_VALID(reply))
		return;
	p->p_sleep_reply = MACH_PORT_NULL;
	timer_cancel(&p->p_sleep_timer);
	if (unix_sleep_reply(reply, p->p_sleep_reply_type, KERN_SUCCESS, error,
			     left / TIMER_NS_PER_SECOND,
			     left % TIMER_NS_PER_SECOND) != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), reply);
}

static void
timer_sleep_fired(struct timer *t)
{
	struct process *p =
	    (struct process *)((char *)t -
			       offsetof(struct process, p_sleep_timer));

	timer_answer_sleep(p, 0, 0);
}

static void
timer_alarm_fired(struct timer *t)
{
	struct process *p =
	    (struct process *)((char *)t -
			       offsetof(struct process, p_alarm_timer));
	struct signal_info info = {
	    .si_code = SI_TIMER, .si_pid = p->p_pid, .si_uid = p->p_uid};

	if (p->p_alarm_interval > 0)
		timer_arm(t, t->t_deadline + p->p_alarm_interval);
	signal_post(p, SIGALRM, &info);
}

void
timer_init_process(struct process *p)
{
	p->p_sleep_timer.t_fire = timer_sleep_fired;
	p->p_alarm_timer.t_fire = timer_alarm_fired;
	p->p_sleep_reply = MACH_PORT_NULL;
}

void
timer_forget_sleep(struct process *p)
{
	timer_cancel(&p->p_sleep_timer);
	if (MACH_PORT_VALID(p->p_sleep_reply))
		mach_port_deallocate(mach_task_self(), p->p_sleep_reply);
	p->p_sleep_reply = MACH_PORT_NULL;
}

void
timer_forget_process(struct process *p)
{
	timer_cancel(&p->p_alarm_timer);
	cpu_timer_forget_process(p);
	timer_forget_sleep(p);
}

void
timer_interrupt_process(struct process *p)
{
	timer_answer_sleep(p, EINTR, timer_left(&p->p_sleep_timer));
}

kern_return_t
do_unix_sleep(mach_port_t port, mach_port_t reply,
	      mach_msg_type_name_t replyPoly, int64_t seconds, int nanoseconds,
	      int *error, int64_t *left_seconds, int *left_nanoseconds)
{
	struct process *p = proc_lookup(port);

	*left_seconds = 0;
	*left_nanoseconds = 0;
	if (p == NULL || MACH_PORT_VALID(p->p_sleep_reply)) {
		*error = p == NULL ? ESRCH : EBUSY; /* one thread a process */
		return KERN_SUCCESS;
	}
	if (seconds < 0 || nanoseconds < 0 ||
	    nanoseconds >= TIMER_NS_PER_SECOND) {
		*error = EINVAL;
		return KERN_SUCCESS;
	}
	if (seconds > TIMER_SECONDS_MAX) /* as good as for ever */
		seconds = TIMER_SECONDS_MAX;
	*error = 0;
	if (seconds == 0 && nanoseconds == 0)
		return KERN_SUCCESS;
	p->p_sleep_reply = reply;
	p->p_sleep_reply_type = replyPoly;
	timer_arm(&p->p_sleep_timer,
		  clock_now() + seconds * TIMER_NS_PER_SECOND + nanoseconds);
	return MIG_NO_REPLY;
}

kern_return_t
do_unix_setitimer(mach_port_t port, int which, int set, int64_t value,
		  int64_t interval, int *error, int64_t *old_value,
		  int64_t *old_interval)
{
	struct process *p = proc_lookup(port);
	const int64_t limit = INT64_MAX / TIMER_NS_PER_US / 2;

	*old_value = *old_interval = 0;
	if (p == NULL ||
	    (which != ITIMER_REAL && which != ITIMER_VIRTUAL &&
	     which != ITIMER_PROF) ||
	    (set && (value < 0 || interval < 0 || value > limit ||
		     interval > limit))) {
		*error = p == NULL ? ESRCH : EINVAL;
		return KERN_SUCCESS;
	}
	*error = 0;
	if (which != ITIMER_REAL) { /* CPU time: cpu_timer.c */
		cpu_timer_set(p, which, set, value, interval, old_value,
			      old_interval);
		return KERN_SUCCESS;
	}
	*old_value = (timer_left(&p->p_alarm_timer) + TIMER_NS_PER_US - 1) /
		     TIMER_NS_PER_US;
	*old_interval = p->p_alarm_interval / TIMER_NS_PER_US;
	if (!set)
		return KERN_SUCCESS;
	p->p_alarm_interval = interval * TIMER_NS_PER_US;
	if (value == 0)
		timer_cancel(&p->p_alarm_timer);
	else
		timer_arm(&p->p_alarm_timer,
			  clock_now() + value * TIMER_NS_PER_US);
	return KERN_SUCCESS;
}
