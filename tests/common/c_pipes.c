/*
 * Pipes in the common subset: bytes in order, end of file when the
 * last writer closes, EPIPE when no reader is left, and a pipe to a
 * spawned child, which inherits it as its standard output.
 */
#include "common.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The child: writes its argument to its stdout, exits 0. */
static int
child(const char *text)
{
	return write(1, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : 1;
}

int
main(int argc, char **argv)
{
	char buf[64] = {0}, self[64];
	int fds[2], status = -1;
	pid_t pid;

	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);
	tap_plan(17);
	tap_is_int(pipe(fds), 0, "pipe");
	tap_is_int(write(fds[1], "abc", 3), 3, "write 3 bytes");
	tap_is_int(write(fds[1], "def", 3), 3, "write 3 more");
	tap_is_int(read(fds[0], buf, 4), 4, "read 4");
	tap_is_str(buf, "abcd", "in order");
	tap_is_int(close(fds[1]), 0, "close the writer");
	memset(buf, 0, sizeof(buf));
	tap_is_int(read(fds[0], buf, sizeof(buf)), 2, "the rest");
	tap_is_int(read(fds[0], buf, sizeof(buf)), 0,
		   "then end of file: no writer is left");
	close(fds[0]);

	pipe(fds);
	int copy = dup(fds[0]);
	tap_is_int(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0,
		   "F_SETFL O_NONBLOCK on the reader");
	tap_ok(fcntl(copy, F_GETFL) & O_NONBLOCK,
	       "the open file's flag: its dup sees it");
	tap_fails(read(copy, buf, 1), EAGAIN, "an empty pipe: EAGAIN");
	fcntl(fds[0], F_SETFL, 0);
	tap_ok(!(fcntl(copy, F_GETFL) & O_NONBLOCK), "and it goes again");
	close(copy);
	close(fds[0]);
	close(fds[1]);

	signal(SIGPIPE, SIG_IGN);
	pipe(fds);
	close(fds[0]);
	tap_fails(write(fds[1], "x", 1), EPIPE, "no reader: EPIPE");
	close(fds[1]);

	/* the child's stdout: the pipe, for the time of the spawn */
	pipe(fds);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	int saved = dup(1);
	fcntl(saved, F_SETFD, FD_CLOEXEC);
	dup2(fds[1], 1);
	close(fds[1]);
	char *child_argv[] = {argv[0], "child", "through the pipe", NULL};
	int error = posix_spawn(&pid, common_self(argv[0], self, sizeof(self)),
				NULL, NULL, child_argv, environ);
	dup2(saved, 1);
	close(saved);
	tap_is_int(error, 0, "spawn a child writing to the pipe");
	memset(buf, 0, sizeof(buf));
	size_t got = 0;
	ssize_t n;
	while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	tap_is_str(buf, "through the pipe", "its bytes arrive");
	tap_is_int(waitpid(pid, &status, 0), pid, "waitpid");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "it exited with 0");
	close(fds[0]);
	return tap_done();
}
