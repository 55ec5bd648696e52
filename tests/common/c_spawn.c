/*
 * Processes in the common subset: posix_spawn and waitpid with every
 * status kind, WNOHANG, ECHILD, a missing program, pids and parents,
 * and what a child inherits (descriptors, the current directory).
 */
#include "common.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
static char self[64];

/* The child's part: what argv[2] says. */
static int
child(const char *what, const char *argument)
{
	if (strcmp(what, "exit") == 0)
		return atoi(argument);
	if (strcmp(what, "signal") == 0) {
		raise(atoi(argument));
		return 100; /* not reached */
	}
	if (strcmp(what, "fault") == 0) {
		int *volatile nowhere = (int *)8;
		return *nowhere; /* SIGSEGV */
	}
	if (strcmp(what, "sleep") == 0) {
		struct timespec t = {0, atoi(argument) * 1000000};
		nanosleep(&t, NULL);
		return 0;
	}
	if (strcmp(what, "ppid") == 0)
		return getppid() == atoi(argument) ? 0 : 1;
	if (strcmp(what, "fd") == 0) /* the descriptor is open, readable */
		return read(atoi(argument), &(char){0}, 1) == 1 ? 0 : 1;
	if (strcmp(what, "cwd") == 0) /* a relative path from the cwd */
		return access(argument, F_OK) == 0 ? 0 : 1;
	return 99;
}

/* Spawns self with what and argument; the pid, or -1. */
static pid_t
start(const char *what, const char *argument)
{
	char *argv[] = {"c_spawn", "child", (char *)what, (char *)argument,
			NULL};
	pid_t pid = -1;

	if (posix_spawn(&pid, self, NULL, NULL, argv, environ) != 0)
		return -1;
	return pid;
}

/* Spawns, waits; the wait status (or -1). */
static int
run(const char *what, const char *argument)
{
	int status = -1;
	pid_t pid = start(what, argument);

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

int
main(int argc, char **argv)
{
	char number[16];
	int status;

	if (argc == 4 && strcmp(argv[1], "child") == 0)
		return child(argv[2], argv[3]);
	common_self(argv[0], self, sizeof(self));
	tap_plan(19);

	status = run("exit", "0");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit 0");
	status = run("exit", "42");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 42, "exit 42");
	status = run("exit", "300");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 300 % 256,
	       "an exit code is taken modulo 256");
	status = run("signal", "15");
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	       "killed by SIGTERM it raised");
	status = run("fault", "0");
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	       "a fault: killed by SIGSEGV");

	pid_t pid = start("sleep", "200");
	tap_ok(pid > 0, "spawn a sleeping child");
	tap_is_int(waitpid(pid, &status, WNOHANG), 0,
		   "WNOHANG while it runs: 0");
	tap_is_int(waitpid(pid, &status, 0), pid, "then waitpid waits for it");
	tap_fails(waitpid(-1, &status, 0), ECHILD, "no child left: ECHILD");
	tap_fails(waitpid(-1, &status, WNOHANG), ECHILD, "WNOHANG too: ECHILD");

	char *argv_none[] = {"none", NULL};
	tap_is_int(posix_spawn(&pid, "/test/c_spawn.none", NULL, NULL,
			       argv_none, environ),
		   ENOENT, "a missing program: ENOENT");
	tap_is_int(posix_spawn(&pid, "/tmp", NULL, NULL, argv_none, environ),
		   EACCES, "a directory: EACCES");

	snprintf(number, sizeof(number), "%d", (int)getpid());
	status = run("ppid", number);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the child's getppid is our getpid");
	pid_t a = start("exit", "1"), b = start("exit", "2");
	tap_ok(a > 0 && b > 0 && a != b && a != getpid(),
	       "children have pids of their own");
	int seen = 0;
	for (int i = 0; i < 2; i++) {
		pid_t who = waitpid(-1, &status, 0);
		if (who == a && WEXITSTATUS(status) == 1)
			seen |= 1;
		if (who == b && WEXITSTATUS(status) == 2)
			seen |= 2;
	}
	tap_is_int(seen, 3, "waitpid(-1) reaps each with its own status");

	int fd = open("/test/c_spawn", O_RDONLY);
	snprintf(number, sizeof(number), "%d", fd);
	status = run("fd", number);
	tap_ok(fd >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "a child inherits an open descriptor");
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	status = run("fd", number);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	       "but not a close-on-exec one");
	close(fd);

	chdir("/test");
	status = run("cwd", "c_spawn");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "a child starts in our current directory");
	chdir("/");
	status = run("cwd", "c_spawn");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	       "which it does not share afterwards");
	return tap_done();
}
