/*
 * CPU time over the UNIX server, as waits and timers see it: wait4 and
 * wait3 give the reaped child's user and system time (with its own
 * waited-for children's), zeros when nothing is reaped; ITIMER_VIRTUAL
 * and ITIMER_PROF send SIGVTALRM and SIGPROF once the process's CPU
 * time reaches them (the server checks every 10 ms), re-armed by their
 * interval, not while the process sleeps; getitimer counts down,
 * setitimer gives the old value, 0 disarms, fork's child has none, and
 * SIGPROF's default action ends the process.  Bounds are loose and
 * every wait for a signal has a long limit: they check the accounting,
 * not the speed of a shared machine.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LIMIT_MS 20000 /* the longest a spin waits for a signal */

static volatile sig_atomic_t vtalrms, profs;

static void
on_vtalrm(int sig)
{
	(void)sig;
	vtalrms++;
}

static void
on_prof(int sig)
{
	(void)sig;
	profs++;
}

static long long
now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

/* Spins in user mode for ms milliseconds of the clock, or until *until
 * reaches count (until NULL: the whole time). */
static void
spin(long long ms, volatile sig_atomic_t *until, int count)
{
	long long end = now_ms() + ms;

	while (now_ms() < end && (until == NULL || *until < count))
		for (volatile int i = 0; i < 100000; i++)
			;
}

static long long
timeval_ms(const struct timeval *tv)
{
	return tv->tv_sec * 1000LL + tv->tv_usec / 1000;
}

/* A child that spins ms, then exits with code. */
static pid_t
spinner(long long ms, int code)
{
	pid_t pid = fork();

	if (pid == 0) {
		spin(ms, NULL, 0);
		_exit(code);
	}
	return pid;
}

static void
test_wait4(void)
{
	struct rusage usage;
	int status = -1;

	pid_t pid = spinner(200, 7);
	memset(&usage, 0xff, sizeof(usage));
	tap_is_int(wait4(pid, &status, 0, &usage), pid, "wait4: the child");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 7,
	       "wait4: its status");
	tap_ok(timeval_ms(&usage.ru_utime) >= 60,
	       "wait4: 200 ms spinning is %lld ms of user time",
	       timeval_ms(&usage.ru_utime));
	tap_ok(usage.ru_utime.tv_usec >= 0 &&
		   usage.ru_utime.tv_usec < 1000000 &&
		   usage.ru_stime.tv_sec >= 0 && usage.ru_stime.tv_usec >= 0 &&
		   usage.ru_stime.tv_usec < 1000000,
	       "wait4: the times are well formed");

	pid = spinner(200, 0);
	memset(&usage, 0xff, sizeof(usage));
	tap_is_int(wait3(&status, 0, &usage), pid, "wait3: the child");
	tap_ok(timeval_ms(&usage.ru_utime) >= 60, "wait3: %lld ms of user time",
	       timeval_ms(&usage.ru_utime));

	/* a child that waits for a spinning grandchild: its usage has both */
	pid = fork();
	if (pid == 0) {
		pid_t grandchild = spinner(200, 0);
		waitpid(grandchild, NULL, 0);
		_exit(0);
	}
	tap_is_int(wait4(pid, &status, 0, &usage), pid,
		   "wait4: a child that reaped a grandchild");
	tap_ok(timeval_ms(&usage.ru_utime) >= 60,
	       "wait4: the grandchild's time counts: %lld ms",
	       timeval_ms(&usage.ru_utime));

	/* nothing reaped: zeros */
	int pipefd[2];
	pipe(pipefd);
	pid = fork();
	if (pid == 0) {
		char byte;
		close(pipefd[1]);
		read(pipefd[0], &byte, 1);
		_exit(0);
	}
	close(pipefd[0]);
	memset(&usage, 0xff, sizeof(usage));
	tap_is_int(wait4(pid, &status, WNOHANG, &usage), 0,
		   "wait4 WNOHANG: no child ended");
	tap_ok(usage.ru_utime.tv_sec == 0 && usage.ru_utime.tv_usec == 0 &&
		   usage.ru_stime.tv_sec == 0 && usage.ru_stime.tv_usec == 0,
	       "wait4 WNOHANG: zeros");
	kill(pid, SIGSTOP);
	memset(&usage, 0xff, sizeof(usage));
	tap_is_int(wait4(pid, &status, WUNTRACED, &usage), pid,
		   "wait4 WUNTRACED: the stopped child");
	tap_ok(WIFSTOPPED(status) && usage.ru_utime.tv_sec == 0 &&
		   usage.ru_utime.tv_usec == 0,
	       "wait4 of a stop: zeros");
	kill(pid, SIGCONT);
	close(pipefd[1]);
	tap_is_int(wait4(pid, &status, 0, NULL), pid, "wait4 without usage");
	errno = 0;
	tap_ok(wait4(-1, &status, 0, &usage) == -1 && errno == ECHILD,
	       "wait4: ECHILD");
}

static void
set_timer(int which, long long value_ms, long long interval_ms)
{
	struct itimerval value = {
	    {interval_ms / 1000, interval_ms % 1000 * 1000},
	    {value_ms / 1000, value_ms % 1000 * 1000}};

	setitimer(which, &value, NULL);
}

static void
test_virtual(void)
{
	struct itimerval value, old;

	signal(SIGVTALRM, on_vtalrm);
	set_timer(ITIMER_VIRTUAL, 50, 0);
	spin(LIMIT_MS, &vtalrms, 1);
	tap_is_int(vtalrms, 1, "ITIMER_VIRTUAL: SIGVTALRM while spinning");
	getitimer(ITIMER_VIRTUAL, &value);
	tap_ok(value.it_value.tv_sec == 0 && value.it_value.tv_usec == 0,
	       "getitimer: disarmed once fired");

	/* asleep, the process's user time does not advance */
	vtalrms = 0;
	set_timer(ITIMER_VIRTUAL, 50, 0);
	tap_is_int(usleep(300000), 0, "a sleep of 300 ms is not interrupted");
	tap_is_int(vtalrms, 0, "no SIGVTALRM while asleep");
	spin(LIMIT_MS, &vtalrms, 1);
	tap_is_int(vtalrms, 1, "but then while spinning");

	/* counting down, the old value, disarming */
	set_timer(ITIMER_VIRTUAL, 10000, 0);
	spin(200, NULL, 0);
	getitimer(ITIMER_VIRTUAL, &value);
	long long left = timeval_ms(&value.it_value);
	tap_ok(left > 0 && left < 10000, "getitimer counts down: %lld ms left",
	       left);
	memset(&value, 0, sizeof(value));
	tap_is_int(setitimer(ITIMER_VIRTUAL, &value, &old), 0,
		   "setitimer 0: disarms");
	tap_ok(timeval_ms(&old.it_value) > 0 &&
		   timeval_ms(&old.it_value) <= left,
	       "setitimer: the old value (%lld ms)", timeval_ms(&old.it_value));
	getitimer(ITIMER_VIRTUAL, &value);
	tap_ok(value.it_value.tv_sec == 0 && value.it_value.tv_usec == 0,
	       "getitimer: disarmed");
	vtalrms = 0;
	spin(200, NULL, 0);
	tap_is_int(vtalrms, 0, "a disarmed timer sends nothing");

	/* periodic: re-armed by the interval, until disarmed */
	set_timer(ITIMER_VIRTUAL, 20, 20);
	getitimer(ITIMER_VIRTUAL, &value);
	tap_is_int(timeval_ms(&value.it_interval), 20,
		   "getitimer: the interval");
	spin(LIMIT_MS, &vtalrms, 3);
	set_timer(ITIMER_VIRTUAL, 0, 0);
	int seen = vtalrms;
	tap_ok(seen >= 3, "a periodic ITIMER_VIRTUAL: %d signals", seen);
	spin(200, NULL, 0);
	tap_is_int(vtalrms, seen, "none after it is disarmed");

	/* fork's child has no timer of its parent's */
	set_timer(ITIMER_VIRTUAL, 10000, 0);
	pid_t pid = fork();
	if (pid == 0) {
		getitimer(ITIMER_VIRTUAL, &value);
		_exit(value.it_value.tv_sec == 0 && value.it_value.tv_usec == 0
			  ? 0
			  : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "fork's child has no ITIMER_VIRTUAL armed");
	set_timer(ITIMER_VIRTUAL, 0, 0);
}

static void
test_prof(void)
{
	struct itimerval value;

	signal(SIGPROF, on_prof);
	set_timer(ITIMER_PROF, 50, 30);
	spin(LIMIT_MS, &profs, 2);
	getitimer(ITIMER_PROF, &value);
	set_timer(ITIMER_PROF, 0, 0);
	tap_ok(profs >= 2, "ITIMER_PROF: SIGPROF twice while spinning (%d)",
	       (int)profs);
	tap_is_int(timeval_ms(&value.it_interval), 30,
		   "getitimer(ITIMER_PROF): the interval");
	tap_ok(timeval_ms(&value.it_value) <= 30,
	       "getitimer(ITIMER_PROF): at most the interval left");

	/* both at once, each its own signal */
	vtalrms = profs = 0;
	set_timer(ITIMER_VIRTUAL, 40, 0);
	set_timer(ITIMER_PROF, 40, 0);
	long long end = now_ms() + LIMIT_MS;
	while ((vtalrms == 0 || profs == 0) && now_ms() < end)
		spin(10, NULL, 0);
	tap_ok(vtalrms == 1 && profs == 1, "both armed: one of each");

	/* the default action of SIGPROF ends the process */
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGPROF, SIG_DFL);
		set_timer(ITIMER_PROF, 30, 0);
		spin(LIMIT_MS, NULL, 0);
		_exit(0);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGPROF,
	       "SIGPROF's default action ends a spinning child");
}

int
main(void)
{
	test_wait4();
	test_virtual();
	test_prof();
	return tap_done();
}
