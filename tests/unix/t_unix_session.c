/*
 * A session losing its controlling terminal (POSIX _exit): when the
 * session leader that controls the console ends, the foreground group
 * gets SIGHUP (a background group does not) and the session has no
 * terminal left (/dev/tty: ENXIO); another session may then take the
 * console (TIOCSCTTY).  TIOCNOTTY gives it up too (SIGHUP and SIGCONT
 * to the foreground), TIOCSCTTY's and TIOCNOTTY's EPERM.
 *
 * It runs as the server's first process (session.boot), the leader of
 * session 1 and so of the console: a child of init could not make a
 * session of its own that takes the console while init's session has
 * it.  So it is also the init of its orphans, which it reaps.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_LIMIT 30 /* seconds: a child waiting for what never comes */

static volatile sig_atomic_t hangups, continues;

static void
on_hup(int sig)
{
	(void)sig;
	hangups++;
}

static void
on_cont(int sig)
{
	(void)sig;
	continues++;
}

static void
on_hup_exit(int sig)
{
	(void)sig;
	_exit(42);
}

/* Can the caller open /dev/tty?  0, or the errno. */
static int
open_tty(void)
{
	int fd = open("/dev/tty", O_RDWR);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Runs fn in a child and answers its exit status (-1: not an exit). */
static int
in_child(int (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	int status = -1;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
try_set_ctty(void)
{
	errno = 0;
	return ioctl(0, TIOCSCTTY, 0) == -1 ? errno : 0;
}

static int
try_give_up(void)
{
	errno = 0;
	return ioctl(0, TIOCNOTTY) == -1 ? errno : 0;
}

static int
new_session_set_ctty(void)
{
	setsid();
	return try_set_ctty();
}

/* The foreground member of the session: ends by SIGHUP's handler. */
static void
foreground_member(void)
{
	alarm(CHILD_LIMIT);
	for (;;)
		pause();
}

/* The background member: waits for the leader's end (its parent
 * becomes init: us), then says whether /dev/tty is ENXIO. */
static void
background_member(void)
{
	alarm(CHILD_LIMIT);
	setpgid(0, 0);
	while (getppid() != 1)
		usleep(10000);
	_exit(open_tty() == ENXIO ? 0 : 1);
}

/* The leader of a new session that takes the console, puts a child in
 * its foreground and another in the background, and ends.  Its status:
 * 0, or which check failed. */
static int
session_leader(void)
{
	if (setsid() != getpid())
		return 1;
	if (ioctl(0, TIOCSCTTY, 0) != 0)
		return 2;
	if (tcgetpgrp(0) != getpid())
		return 3;
	if (open_tty() != 0)
		return 4;
	signal(SIGHUP, on_hup_exit);
	if (fork() == 0)
		foreground_member();
	pid_t background = fork();
	if (background == 0)
		background_member();
	setpgid(background, background);
	return 0;
}

static void
test_leader_ends(void)
{
	int status = -1;
	tap_is_int(try_give_up(), 0, "we give the console up again");
	pid_t leader = fork();

	if (leader == 0)
		_exit(session_leader());
	tap_is_int(waitpid(leader, &status, 0), leader,
		   "the new session's leader ends");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "it took the console (TIOCSCTTY, tcgetpgrp, /dev/tty): %d",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	int foreground = -1, background = -1;
	for (int i = 0; i < 2; i++) {
		if (waitpid(-1, &status, 0) <= 0)
			break;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 42)
			foreground = 42;
		else
			background = WIFEXITED(status) ? WEXITSTATUS(status)
						       : 100 + WTERMSIG(status);
	}
	tap_is_int(foreground, 42, "its foreground member got SIGHUP");
	tap_is_int(background, 0,
		   "its background member got none, and /dev/tty is ENXIO");
	tap_is_int(open_tty(), ENXIO, "our session has no terminal either");
	tap_is_int(in_child(try_set_ctty), EPERM,
		   "TIOCSCTTY: EPERM for a process that leads no session");
	tap_is_int(try_set_ctty(), 0, "TIOCSCTTY: we take the console back");
	tap_is_int(tcgetpgrp(0), getpgrp(), "our group in the foreground");
	tap_is_int(open_tty(), 0, "/dev/tty opens again");
	tap_is_int(in_child(new_session_set_ctty), EPERM,
		   "TIOCSCTTY: EPERM while another session has the console");
	tap_is_int(in_child(try_give_up), EPERM,
		   "TIOCNOTTY: EPERM for a process that is not the leader");
}

static void
test_give_up(void)
{
	signal(SIGHUP, on_hup);
	signal(SIGCONT, on_cont);
	tap_is_int(try_give_up(), 0, "TIOCNOTTY by the session leader");
	tap_ok(hangups == 1 && continues == 1,
	       "its foreground group got SIGHUP and SIGCONT");
	tap_is_int(open_tty(), ENXIO, "then /dev/tty: ENXIO");
	tap_is_int(try_give_up(), ENOTTY, "TIOCNOTTY again: ENOTTY");
	errno = 0;
	tap_ok(ioctl(0, TIOCSCTTY, 0) == 0, "TIOCSCTTY takes it back");
	tap_is_int(hangups, 1, "and no SIGHUP when the console is taken");
}

extern const char *__progname; /* the TAP stream's name (tap.c) */

int
main(void)
{
	__progname = "t_unix_session"; /* the server's first: its path */
	tap_is_int(getpid(), 1, "we are the first process");
	tap_is_int(open_tty(), 0, "/dev/tty: our controlling terminal");
	test_give_up();
	test_leader_ends();
	return tap_done();
}
