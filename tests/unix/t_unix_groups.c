/*
 * Process groups and sessions over the UNIX server: setsid, setpgid,
 * getpgid, getpgrp, getsid and their errnos; kill and killpg to a
 * group; waitpid for a group (0 and -pgid); stop and continue seen by
 * waitpid (WUNTRACED, WCONTINUED, waiting or not) and by SIGCHLD;
 * orphaned groups: the terminal's stop signals do not stop them, and
 * one that a process's end orphans with a member stopped gets SIGHUP
 * and SIGCONT.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD "/test/h_child"

extern char **environ;

static volatile int usr1, chld_code, chld_status;

static pid_t
child(const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {"h_child", (char *)a1, (char *)a2, (char *)a3, NULL};
	pid_t pid;

	if (posix_spawn(&pid, CHILD, NULL, NULL, argv, environ) != 0)
		return -1;
	return pid;
}

static int
status_of(pid_t pid)
{
	int status = -1;

	waitpid(pid, &status, 0);
	return status;
}

static void
on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void
on_chld(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	(void)context;
	chld_code = info->si_code;
	chld_status = info->si_status;
}

static void
test_ids(void)
{
	pid_t me = getpid();

	tap_is_int(getpgrp(), 1, "init's group at first");
	tap_is_int(getsid(0), 1, "and init's session");
	tap_is_int(setsid(), me, "setsid: a session of our own");
	tap_ok(getpgrp() == me && getpgid(0) == me && getsid(0) == me &&
		   getsid(me) == me,
	       "we lead its session and group");
	errno = 0;
	tap_ok(setsid() == -1 && errno == EPERM,
	       "setsid: EPERM for a group leader");
	tap_is_int(getpgid(1), 1, "getpgid of init");

	pid_t c = child("pause", NULL, NULL);
	tap_is_int(getpgid(c), me, "a child is in our group");
	tap_is_int(getsid(c), me, "and our session");
	tap_is_int(setpgid(c, c), 0, "setpgid: the child leads a group");
	tap_is_int(getpgid(c), c, "getpgid says so");
	tap_is_int(setpgid(c, me), 0, "and back to ours");
	errno = 0;
	tap_ok(setpgid(1, 1) == -1 && errno == ESRCH,
	       "setpgid of another's process: ESRCH");
	errno = 0;
	tap_ok(setpgid(c, 29999) == -1 && errno == EPERM,
	       "setpgid to a group that does not exist: EPERM");
	errno = 0;
	tap_ok(setpgid(-1, 0) == -1 && errno == EINVAL, "setpgid: EINVAL");
	errno = 0;
	tap_ok(setpgid(0, -5) == -1 && errno == EINVAL,
	       "setpgid: EINVAL for a negative group");
	errno = 0;
	tap_ok(setpgid(0, 0) == -1 && errno == EPERM,
	       "setpgid: EPERM for a session leader");
	errno = 0;
	tap_ok(getpgid(29999) == -1 && errno == ESRCH, "getpgid: ESRCH");
	errno = 0;
	tap_ok(getsid(29999) == -1 && errno == ESRCH, "getsid: ESRCH");
	kill(c, SIGKILL);
	status_of(c);
}

static void
test_group_signals(void)
{
	pid_t me = getpid();
	pid_t a = child("pause", NULL, NULL), b = child("pause", NULL, NULL);
	pid_t other = child("pause", NULL, NULL);

	setpgid(a, a);
	setpgid(b, a);
	tap_is_int(kill(-a, SIGTERM), 0, "kill to a group");
	int sa = status_of(a), sb = status_of(b);
	tap_ok(WIFSIGNALED(sa) && WTERMSIG(sa) == SIGTERM && WIFSIGNALED(sb) &&
		   WTERMSIG(sb) == SIGTERM,
	       "ends both of its processes");
	int status;
	tap_is_int(waitpid(other, &status, WNOHANG), 0,
		   "and no one outside it");
	errno = 0;
	tap_ok(kill(-a, SIGTERM) == -1 && errno == ESRCH,
	       "kill to a group that is gone: ESRCH");

	a = child("pause", NULL, NULL);
	setpgid(a, a);
	tap_is_int(killpg(a, SIGINT), 0, "killpg");
	status = status_of(a);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
	       "ends the group's process");
	errno = 0;
	tap_ok(killpg(-3, SIGINT) == -1 && errno == EINVAL,
	       "killpg of a negative group: EINVAL");

	/* kill 0: our group, ourselves with it, and not init */
	signal(SIGUSR1, on_usr1);
	tap_is_int(kill(0, SIGUSR1), 0, "kill 0");
	status = status_of(other);
	tap_ok(usr1 == 1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1,
	       "reaches us and our group's child");
	(void)me;
}

static void
test_group_waits(void)
{
	pid_t ours = child("exit", "5", NULL);
	pid_t theirs = child("pause", NULL, NULL);
	int status, gate[2];
	char fd[8];

	setpgid(theirs, theirs);
	/* the second child exits only once it is in the other group */
	pipe(gate);
	fcntl(gate[1], F_SETFD, FD_CLOEXEC);
	snprintf(fd, sizeof(fd), "%d", gate[0]);
	pid_t theirs2 = child("gate", fd, "6");
	close(gate[0]);
	setpgid(theirs2, theirs);
	close(gate[1]);
	tap_is_int(waitpid(-theirs, &status, 0), theirs2,
		   "waitpid -pgid: a child of that group");
	tap_is_int(WEXITSTATUS(status), 6, "with its status");
	tap_is_int(waitpid(0, &status, 0), ours, "waitpid 0: one of ours");
	tap_is_int(WEXITSTATUS(status), 5, "with its status");
	errno = 0;
	tap_ok(waitpid(0, &status, WNOHANG) == -1 && errno == ECHILD,
	       "waitpid 0 with none left in our group: ECHILD");
	tap_is_int(waitpid(-theirs, &status, WNOHANG), 0,
		   "the other group's child still runs");
	kill(theirs, SIGKILL);
	status_of(theirs);
	errno = 0;
	tap_ok(waitpid(-theirs, &status, 0) == -1 && errno == ECHILD,
	       "waitpid for an empty group: ECHILD");
	errno = 0;
	tap_ok(waitpid(-1, &status, 0x100) == -1 && errno == EINVAL,
	       "waitpid: EINVAL for unknown options");
}

static void
test_stop_continue(void)
{
	struct sigaction action;
	sigset_t block, empty;
	int status;
	char pid_text[16];

	memset(&action, 0, sizeof(action));
	action.sa_sigaction = on_chld;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &action, NULL);
	sigemptyset(&empty);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);

	/* A group of its own, whose parent (we) is in another group of the
	 * session: not orphaned, so SIGTSTP and SIGTTIN stop it too. */
	pid_t c = child("pause", NULL, NULL);
	setpgid(c, c);
	kill(c, SIGSTOP);
	sigsuspend(&empty);
	tap_ok(chld_code == CLD_STOPPED && chld_status == SIGSTOP,
	       "SIGCHLD: CLD_STOPPED");
	tap_ok(waitpid(c, &status, WUNTRACED) == c && WIFSTOPPED(status) &&
		   WSTOPSIG(status) == SIGSTOP,
	       "waitpid WUNTRACED: stopped by SIGSTOP");
	tap_is_int(waitpid(c, &status, WUNTRACED | WNOHANG), 0,
		   "a stop is reported once");
	kill(c, SIGCONT);
	sigsuspend(&empty);
	tap_ok(chld_code == CLD_CONTINUED, "SIGCHLD: CLD_CONTINUED");
	tap_ok(waitpid(c, &status, WCONTINUED) == c && WIFCONTINUED(status),
	       "waitpid WCONTINUED: continued");
	kill(c, SIGTSTP);
	tap_ok(waitpid(c, &status, WUNTRACED) == c && WIFSTOPPED(status) &&
		   WSTOPSIG(status) == SIGTSTP,
	       "SIGTSTP stops by default");
	kill(c, SIGCONT);
	sigprocmask(SIG_UNBLOCK, &block, NULL);

	/* waiting before the stop: another child stops this one */
	snprintf(pid_text, sizeof(pid_text), "%d", (int)c);
	pid_t stopper = child("kill", pid_text, "21"); /* SIGTTIN */
	errno = 0;
	pid_t got = waitpid(c, &status, WUNTRACED);
	if (!tap_ok(got == c && WIFSTOPPED(status) &&
			WSTOPSIG(status) == SIGTTIN,
		    "a waiting waitpid WUNTRACED sees the stop (SIGTTIN)"))
		tap_diag("waitpid %d (child %d), errno %d, status %#x",
			 (int)got, (int)c, errno, status);
	status_of(stopper);
	kill(c, SIGKILL);
	status = status_of(c);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "SIGKILL ends a stopped process");

	action.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &action, NULL);
	chld_code = 0;
	c = child("pause", NULL, NULL);
	kill(c, SIGSTOP);
	waitpid(c, &status, WUNTRACED);
	tap_is_int(chld_code, 0, "SA_NOCLDSTOP: no SIGCHLD for a stop");
	sigprocmask(SIG_BLOCK, &block, NULL);
	kill(c, SIGKILL);
	status_of(c);
	sigsuspend(&empty); /* SIGCHLD is pending: returns at once */
	tap_is_int(chld_code, CLD_KILLED, "but one for the end");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	signal(SIGCHLD, SIG_DFL);
}

/* Runs body in a child and returns its wait status (WUNTRACED: a stop
 * is reported, and the child then killed). */
static int
in_child(void (*body)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		alarm(10); /* a lost signal ends it rather than the test */
		body();
		_exit(0);
	}
	waitpid(pid, &status, WUNTRACED);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return status;
}

/* A session of its own: its group's one member has its parent in
 * another session, so the group is orphaned and SIGTSTP is dropped. */
static void
tstp_orphaned(void)
{
	setsid();
	kill(getpid(), SIGTSTP);
}

static int hangup_pipe[2];

static void
on_hup(int sig)
{
	(void)sig;
	write(hangup_pipe[1], "H", 1);
	_exit(0);
}

/*
 * A session leader L; its child A leads a group whose other member, B,
 * stops itself.  The group is not orphaned while A (whose parent L is
 * in another group of the session) lives; A's end orphans it (B goes to
 * init, in another session), so B gets SIGHUP (its handler writes to a
 * pipe) and SIGCONT (so that the handler runs).
 */
static void
hangup_orphaned(void)
{
	char c = 0;

	setsid();
	pipe(hangup_pipe);
	pid_t a = fork();
	if (a == 0) {
		setpgid(0, 0);
		pid_t b = fork();
		if (b == 0) {
			signal(SIGHUP, on_hup);
			kill(getpid(), SIGSTOP);
			_exit(1); /* continued without SIGHUP */
		}
		int status;
		waitpid(b, &status, WUNTRACED);
		_exit(WIFSTOPPED(status) ? 0 : 1);
	}
	close(hangup_pipe[1]);
	waitpid(a, NULL, 0);
	_exit(read(hangup_pipe[0], &c, 1) == 1 && c == 'H' ? 0 : 1);
}

static void
test_orphaned(void)
{
	int status = in_child(tstp_orphaned);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "SIGTSTP does not stop an orphaned group (%#x)", status);
	status = in_child(hangup_orphaned);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "a group orphaned with a stopped member: SIGHUP, SIGCONT "
	       "(%#x)",
	       status);
}

int
main(void)
{
	test_ids();
	test_group_signals();
	test_group_waits();
	test_stop_continue();
	test_orphaned();
	return tap_done();
}
