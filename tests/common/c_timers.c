/*
 * POSIX timers in the common subset: timer_create on both clocks with
 * SIGEV_SIGNAL and SIGEV_NONE, timer_settime relative, absolute and
 * periodic, timer_gettime, timer_getoverrun while the signal is
 * blocked, timer_delete, and their errors.  Only counts and orders are
 * checked, never how long something took: a wait for a signal gives up
 * only after seconds.
 */
#include "common.h"

#include <signal.h>
#include <time.h>

#define MS 1000000l

static volatile sig_atomic_t usr1, usr2;

static void
on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void
on_usr2(int sig)
{
	(void)sig;
	usr2++;
}

static void
pause_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * MS};

	nanosleep(&t, NULL);
}

/* Waits (5 s at most) until *count reaches n; is it there? */
static int
wait_for(volatile sig_atomic_t *count, int n)
{
	for (int i = 0; i < 1000 && *count < n; i++)
		pause_ms(5);
	return *count >= n;
}

static struct itimerspec
after(long value_ms, long interval_ms)
{
	return (struct itimerspec){
	    .it_value = {value_ms / 1000, value_ms % 1000 * MS},
	    .it_interval = {interval_ms / 1000, interval_ms % 1000 * MS}};
}

int
main(void)
{
	struct sigaction action = {.sa_handler = on_usr1};
	struct sigevent event = {.sigev_notify = SIGEV_SIGNAL,
				 .sigev_signo = SIGUSR1};
	struct itimerspec value, old;
	timer_t timer, quiet;

	tap_plan(20);
	sigaction(SIGUSR1, &action, NULL);
	action.sa_handler = on_usr2;
	sigaction(SIGUSR2, &action, NULL);

	tap_is_int(timer_create(CLOCK_MONOTONIC, &event, &timer), 0,
		   "timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL)");
	timer_gettime(timer, &value);
	tap_ok(value.it_value.tv_sec == 0 && value.it_value.tv_nsec == 0,
	       "a new timer is disarmed");
	value = after(20, 0);
	tap_is_int(timer_settime(timer, 0, &value, NULL), 0, "armed for 20 ms");
	tap_ok(wait_for(&usr1, 1), "its signal came");
	timer_gettime(timer, &value);
	tap_ok(usr1 == 1 && value.it_value.tv_sec == 0 &&
		   value.it_value.tv_nsec == 0,
	       "once, and it is disarmed again");

	value = after(10, 10);
	timer_settime(timer, 0, &value, NULL);
	tap_ok(wait_for(&usr1, 4), "a periodic timer fires again and again");
	value = after(0, 0);
	timer_settime(timer, 0, &value, &old);
	tap_ok(old.it_interval.tv_sec == 0 &&
		   old.it_interval.tv_nsec == 10 * MS,
	       "disarming it gives back its interval");
	pause_ms(50);
	sig_atomic_t seen = usr1;
	pause_ms(50);
	tap_is_int(usr1, seen, "disarmed, it fires no more");

	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	tap_is_int(timer_create(CLOCK_REALTIME, &event, &timer), 0,
		   "timer_create(CLOCK_REALTIME)");
	value = after(0, 0);
	value.it_value = now;
	value.it_value.tv_nsec += 20 * MS;
	if (value.it_value.tv_nsec >= 1000 * MS) {
		value.it_value.tv_sec++;
		value.it_value.tv_nsec -= 1000 * MS;
	}
	seen = usr1;
	tap_is_int(timer_settime(timer, TIMER_ABSTIME, &value, NULL), 0,
		   "armed for an absolute time");
	tap_ok(wait_for(&usr1, seen + 1), "its signal came");

	event.sigev_notify = SIGEV_NONE;
	timer_create(CLOCK_MONOTONIC, &event, &quiet);
	value = after(10000, 0);
	timer_settime(quiet, 0, &value, NULL);
	timer_gettime(quiet, &value);
	tap_ok(value.it_value.tv_sec * 1000000000ll + value.it_value.tv_nsec >
		       0 &&
		   value.it_value.tv_sec < 10,
	       "SIGEV_NONE: timer_gettime counts down");

	/* Expiries while the signal is blocked: one signal, overruns. */
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	event.sigev_notify = SIGEV_SIGNAL;
	event.sigev_signo = SIGUSR2;
	timer_t blocked;
	timer_create(CLOCK_MONOTONIC, &event, &blocked);
	sigprocmask(SIG_BLOCK, &block, NULL);
	value = after(10, 10);
	timer_settime(blocked, 0, &value, NULL);
	pause_ms(150);
	int overrun = timer_getoverrun(blocked);
	value = after(0, 0);
	timer_settime(blocked, 0, &value, NULL);
	tap_ok(overrun >= 1, "expiries while it is blocked are overruns");
	tap_is_int(usr2, 0, "and the signal waits");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	wait_for(&usr2, 1);
	tap_is_int(usr2, 1, "unblocked, it comes once");

	tap_is_int(timer_delete(blocked), 0, "timer_delete");
	errno = 0;
	tap_fails(timer_settime(blocked, 0, &value, NULL), EINVAL,
		  "a deleted timer: EINVAL");
	tap_fails(timer_getoverrun(blocked), EINVAL,
		  "timer_getoverrun: EINVAL");
	tap_fails(timer_create((clockid_t)99, NULL, &blocked), EINVAL,
		  "an unknown clock: EINVAL");
	value = after(0, 0);
	value.it_value.tv_nsec = 1000 * MS;
	tap_fails(timer_settime(timer, 0, &value, NULL), EINVAL,
		  "tv_nsec out of range: EINVAL");
	timer_delete(timer);
	timer_delete(quiet);
	return tap_done();
}
