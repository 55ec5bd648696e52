/*
 * Signals in the common subset: sigaction handlers, SIG_IGN, the mask
 * holding a signal pending until it is unblocked, kill of oneself and
 * of a child whose handler exits, and default actions seen by waitpid.
 */
#include "common.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
static volatile int caught;

static void
handler(int sig)
{
	caught = sig;
}

static void
exit_handler(int sig)
{
	_exit(sig == SIGUSR1 ? 3 : 4);
}

/* The child: a handler that exits 3, then tells the parent it is ready
 * (a byte on fd 1) and sleeps until killed. */
static int
child(void)
{
	struct sigaction action = {.sa_handler = exit_handler};
	struct timespec second = {1, 0};

	sigaction(SIGUSR1, &action, NULL);
	write(1, "r", 1);
	for (int i = 0; i < 30; i++)
		nanosleep(&second, NULL);
	return 1;
}

int
main(int argc, char **argv)
{
	struct sigaction action = {.sa_handler = handler}, old;
	sigset_t set, pending;
	char self[64];

	if (argc == 2 && strcmp(argv[1], "child") == 0)
		return child();
	tap_plan(15);
	tap_is_int(sigaction(SIGUSR1, &action, &old), 0, "sigaction");
	tap_ok(old.sa_handler == SIG_DFL, "the old action: SIG_DFL");
	tap_is_int(raise(SIGUSR1), 0, "raise");
	tap_is_int(caught, SIGUSR1, "the handler ran");
	caught = 0;
	tap_is_int(kill(getpid(), SIGUSR1), 0, "kill of ourselves");
	tap_is_int(caught, SIGUSR1, "the handler ran");
	caught = 0;
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	tap_is_int(caught, 0, "an ignored signal does nothing");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	tap_is_int(sigprocmask(SIG_BLOCK, &set, NULL), 0, "block SIGUSR1");
	raise(SIGUSR1);
	tap_is_int(caught, 0, "a blocked signal waits");
	sigpending(&pending);
	tap_ok(sigismember(&pending, SIGUSR1), "it is pending");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	tap_is_int(caught, SIGUSR1, "unblocked, it runs");
	tap_fails(sigaction(SIGKILL, &action, NULL), EINVAL,
		  "SIGKILL cannot be caught: EINVAL");

	int fds[2], status = -1;
	pid_t pid;
	char ready = 0;
	pipe(fds);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	int saved = dup(1);
	fcntl(saved, F_SETFD, FD_CLOEXEC);
	dup2(fds[1], 1);
	close(fds[1]);
	char *child_argv[] = {argv[0], "child", NULL};
	posix_spawn(&pid, common_self(argv[0], self, sizeof(self)), NULL, NULL,
		    child_argv, environ);
	dup2(saved, 1);
	close(saved);
	tap_is_int(read(fds[0], &ready, 1), 1, "the child is ready");
	tap_is_int(kill(pid, SIGUSR1), 0, "kill the child with SIGUSR1");
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	       "its handler ran and exited 3");
	close(fds[0]);
	return tap_done();
}
