/*
 * The posix-lite half of tests/unix/t_lite_share.c (built with lite-cc
 * only): what argv[1] says.
 *
 *	share FILE	appends a line to FILE, writes one to stdout (a
 *			pipe to the UNIX test), echoes its stdin's byte
 *			count, exits 5
 *	hold		opens files and a pipe, then faults holding them
 *	nosys		the calls outside the profile, each ENOSYS: exits
 *			with the number that were not
 *	unix		spawns UNIX programs (tests/unix/h_child): an exit
 *			status, a fault, a signal sent to one, a pipe as
 *			its stdout; exits with the bits of those that
 *			went wrong
 *	interrupt	says "ready" on stdout, then waits; SIGINT's
 *			handler says "int" and exits 3
 *	exit N		exits with N
 *	raise SIG	raises SIG (whose default action ends it)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int
share(const char *path)
{
	char buf[64];
	int fd = open(path, O_WRONLY | O_APPEND);
	int n = 0, got;

	if (fd < 0 || write(fd, "lite wrote this\n", 16) != 16)
		return 1;
	close(fd);
	if (write(1, "from lite\n", 10) != 10)
		return 2;
	while ((got = read(0, buf, sizeof(buf))) > 0)
		n += got;
	dprintf(1, "%d bytes in\n", n);
	return 5;
}

static int
hold(void)
{
	int fds[2];

	open("/test", O_RDONLY);
	open("/tmp", O_RDONLY);
	pipe(fds);
	int *volatile nowhere = (int *)16;
	return *nowhere;
}

static int
nosys(void)
{
	int wrong = 0;

	errno = 0;
	wrong += fork() != -1 || errno != ENOSYS;
	errno = 0;
	wrong += execve("/bin/true", (char *[]){"true", NULL}, NULL) != -1 ||
		 errno != ENOSYS;
	errno = 0;
	wrong += link("/tmp/a", "/tmp/b") != -1 || errno != ENOSYS;
	errno = 0;
	wrong += kill(0, SIGTERM) != -1 || errno != ENOSYS;
	return wrong;
}

/* Spawns /test/h_child with a1 a2 a3 (stdout: out, unless -1); its
 * pid. */
static pid_t
unix_child(char *a1, char *a2, char *a3, int out)
{
	char *argv[] = {"h_child", a1, a2, a3, NULL};
	posix_spawn_file_actions_t actions;
	pid_t pid = -1;

	posix_spawn_file_actions_init(&actions);
	if (out >= 0)
		posix_spawn_file_actions_adddup2(&actions, out, 1);
	if (posix_spawn(&pid, "/test/h_child", &actions, NULL, argv, environ) !=
	    0)
		pid = -1;
	posix_spawn_file_actions_destroy(&actions);
	return pid;
}

/* The wait status of child pid, or -1. */
static int
status_of(pid_t pid)
{
	int status = -1;

	return pid > 0 && waitpid(pid, &status, 0) == pid ? status : -1;
}

static int
unix_programs(void)
{
	int wrong = 0, fds[2], status;
	char buf[16] = {0};

	status = status_of(unix_child("exit", "9", NULL, -1));
	wrong |= !(WIFEXITED(status) && WEXITSTATUS(status) == 9);
	status = status_of(unix_child("segv", NULL, NULL, -1));
	wrong |= !(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << 1;
	pid_t pid = unix_child("pause", NULL, NULL, -1);
	wrong |= (kill(pid, SIGTERM) != 0) << 2;
	status = status_of(pid);
	wrong |= !(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << 3;
	pipe(fds);
	pid = unix_child("write", "1", "unix", fds[1]);
	close(fds[1]);
	wrong |=
	    (read(fds[0], buf, sizeof(buf)) != 4 || strcmp(buf, "unix") != 0)
	    << 4;
	status = status_of(pid);
	wrong |= !(WIFEXITED(status) && WEXITSTATUS(status) == 0) << 5;
	return wrong;
}

static void
on_interrupt(int sig)
{
	(void)sig;
	write(1, "int", 3);
	_exit(3);
}

static int
interrupt(void)
{
	signal(SIGINT, on_interrupt);
	write(1, "ready", 5);
	for (int i = 0; i < 60; i++)
		sleep(1);
	return 4;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "interrupt") == 0)
		return interrupt();
	if (argc == 2 && strcmp(argv[1], "unix") == 0)
		return unix_programs();
	if (argc == 3 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	if (argc == 3 && strcmp(argv[1], "raise") == 0)
		return raise(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "share") == 0)
		return share(argv[2]);
	if (argc == 2 && strcmp(argv[1], "hold") == 0)
		return hold();
	if (argc == 2 && strcmp(argv[1], "nosys") == 0)
		return nosys();
	return 99;
}
