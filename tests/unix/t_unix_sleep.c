/*
 * Waiting for time over the UNIX server: nanosleep, sleep and usleep
 * last at least what they were asked (the server answers from its timer
 * list) and serve others meanwhile; a signal's handler interrupts them
 * with EINTR and the time left (SA_RESTART or not); alarm, setitimer
 * and getitimer (ITIMER_REAL) send SIGALRM once or periodically and
 * tell what is left; the errnos.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILD "/test/h_child"

extern char **environ;

static volatile int alarms, usr1;

static pid_t
child(const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {"h_child", (char *)a1, (char *)a2, (char *)a3, NULL};
	pid_t pid;

	if (posix_spawn(&pid, CHILD, NULL, NULL, argv, environ) != 0)
		return -1;
	return pid;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

static void
on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void
on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void
test_sleeps(void)
{
	struct timespec request = {0, 50 * 1000000}, left;
	long long start = now_ms();

	tap_is_int(nanosleep(&request, &left), 0, "nanosleep 50 ms");
	tap_ok(now_ms() - start >= 50, "it lasted at least 50 ms");
	start = now_ms();
	tap_is_int(usleep(30000), 0, "usleep 30 ms");
	tap_ok(now_ms() - start >= 30, "it lasted at least 30 ms");
	start = now_ms();
	tap_is_int(sleep(1), 0, "sleep 1");
	tap_ok(now_ms() - start >= 1000, "it lasted at least a second");
	tap_is_int(sleep(0), 0, "sleep 0");
	request.tv_nsec = 1000000000;
	errno = 0;
	tap_ok(nanosleep(&request, NULL) == -1 && errno == EINVAL,
	       "nanosleep: EINVAL for 1e9 nanoseconds");
	request.tv_sec = -1;
	request.tv_nsec = 0;
	errno = 0;
	tap_ok(nanosleep(&request, NULL) == -1 && errno == EINVAL,
	       "nanosleep: EINVAL for a negative time");

	/* a sleeper waits in the server while others are served */
	pid_t sleeper = child("sleep", "2", NULL);
	int status;
	pid_t quick = child("exit", "3", NULL);
	tap_ok(waitpid(quick, &status, 0) == quick && WEXITSTATUS(status) == 3,
	       "another child runs and ends while one sleeps");
	tap_is_int(waitpid(sleeper, &status, WNOHANG), 0,
		   "the sleeper is still asleep");
	tap_ok(waitpid(sleeper, &status, 0) == sleeper && WIFEXITED(status) &&
		   WEXITSTATUS(status) == 0,
	       "then it wakes and ends");
}

static void
test_interrupted(void)
{
	struct sigaction action;
	struct timespec request = {30, 0}, left = {0, 0};

	memset(&action, 0, sizeof(action));
	action.sa_handler = on_usr1;
	action.sa_flags = SA_RESTART; /* nanosleep is never restarted */
	sigaction(SIGUSR1, &action, NULL);
	pid_t pid = child("signal", "25", "-1");
	errno = 0;
	tap_ok(nanosleep(&request, &left) == -1 && errno == EINTR && usr1 == 1,
	       "a handler interrupts nanosleep: EINTR, even with SA_RESTART");
	tap_ok(left.tv_sec > 0 && left.tv_sec < 30 && left.tv_nsec >= 0 &&
		   left.tv_nsec < 1000000000,
	       "with the time left");
	waitpid(pid, NULL, 0);

	request.tv_sec = LLONG_MAX; /* as good as for ever */
	request.tv_nsec = 0;
	pid = child("signal", "25", "-1");
	errno = 0;
	tap_ok(nanosleep(&request, NULL) == -1 && errno == EINTR && usr1 == 2,
	       "a sleep of LLONG_MAX seconds lasts until a signal");
	waitpid(pid, NULL, 0);

	pid = child("sleep", "30", NULL);
	kill(pid, SIGTERM);
	int status;
	waitpid(pid, &status, 0);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	       "SIGTERM ends a sleeper");
}

static void
test_alarms(void)
{
	struct itimerval value, old;

	signal(SIGALRM, on_alarm);
	long long start = now_ms();
	tap_is_int(alarm(1), 0, "alarm 1");
	errno = 0;
	tap_ok(pause() == -1 && errno == EINTR && alarms == 1,
	       "SIGALRM ends pause");
	tap_ok(now_ms() - start >= 1000, "after at least a second");

	alarm(10);
	unsigned left = alarm(0);
	tap_ok(left == 10 || left == 9, "alarm returns the seconds left");
	getitimer(ITIMER_REAL, &old);
	tap_ok(old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0,
	       "alarm 0 disarms");

	alarms = 0;
	value.it_value.tv_sec = 0;
	value.it_value.tv_usec = 20000;
	value.it_interval = value.it_value;
	tap_is_int(setitimer(ITIMER_REAL, &value, NULL), 0,
		   "setitimer every 20 ms");
	while (alarms < 3)
		pause();
	getitimer(ITIMER_REAL, &old);
	tap_ok(old.it_interval.tv_usec == 20000 && old.it_interval.tv_sec == 0,
	       "getitimer: the interval");
	memset(&value, 0, sizeof(value));
	setitimer(ITIMER_REAL, &value, &old);
	/* one more may come between the third and the disarming on a busy
	 * machine: 20 ms is not much */
	int seen = alarms;
	tap_ok(seen == 3 || seen == 4, "three SIGALRMs, then disarmed (%d)",
	       seen);
	usleep(60000);
	tap_is_int(alarms, seen, "no more come");

	errno = 0;
	tap_ok(setitimer(3, &value, NULL) == -1 && errno == EINVAL,
	       "setitimer: EINVAL for an unknown timer");
	value.it_value.tv_usec = 1000000;
	errno = 0;
	tap_ok(setitimer(ITIMER_REAL, &value, NULL) == -1 && errno == EINVAL,
	       "setitimer: EINVAL for 1e6 microseconds");

	/* the default action of SIGALRM ends the process */
	signal(SIGALRM, SIG_DFL);
	pid_t pid = child("pause", NULL, NULL);
	kill(pid, SIGALRM);
	int status;
	waitpid(pid, &status, 0);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM,
	       "SIGALRM ends a process by default");
}

int
main(void)
{
	test_sleeps();
	test_interrupted();
	test_alarms();
	return tap_done();
}
