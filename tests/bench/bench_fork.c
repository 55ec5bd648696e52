/*
 * The POSIX rows beyond the subset posix-lite offers (bench_posix.c has
 * the others), built into the UNIX server's benchmark program and
 * Linux's (bench_unix.c, bench_linux.c):
 *
 *	fork_exit_wait	fork, the child's _exit, waitpid
 *	fork_exec_wait	fork, execv of a small static program that exits
 *			at once (BENCH_EXEC_PROGRAM), waitpid
 *	open_read_close	open, a read of a small file, close
 *	read_1m		a 1 MiB read of a file (pread at offset 0)
 *
 * A build may name its own files (the Linux one names them relative to
 * its directory).
 */
#include "bench.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BENCH_SMALL_FILE
#define BENCH_SMALL_FILE "/etc/motd"
#endif
#ifndef BENCH_BIG_FILE
#define BENCH_BIG_FILE "/tmp/bench-1m"
#endif
#define BENCH_BIG_SIZE (1024 * 1024)
/* The program fork_exec_wait runs, and its arguments. */
#ifndef BENCH_EXEC_PROGRAM
#define BENCH_EXEC_PROGRAM "/test/h_child", "exit", "0"
#endif

/* Times fork, the child's exit (after exec, if argv), and waitpid. */
static const char *
bench_fork_wait(struct bench_run *run, char *const argv[])
{
	for (int i = 0; i < bench_total(run); i++) {
		int status;
		uint64_t start = bench_clock_start();
		pid_t pid = fork();
		if (pid == 0) {
			if (argv != NULL) {
				execv(argv[0], argv);
				_exit(127);
			}
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			return "fork or waitpid failed";
		uint64_t stop = bench_clock_stop();
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return "the child failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

const char *
bench_posix_fork_exit_wait(struct bench_run *run)
{
	return bench_fork_wait(run, NULL);
}

const char *
bench_posix_fork_exec_wait(struct bench_run *run)
{
	static char *argv[] = {BENCH_EXEC_PROGRAM, NULL};

	return bench_fork_wait(run, argv);
}

const char *
bench_posix_open_read_close(struct bench_run *run)
{
	char buf[512];

	for (int i = 0; i < bench_total(run); i++) {
		uint64_t start = bench_clock_start();
		int fd = open(BENCH_SMALL_FILE, O_RDONLY);
		ssize_t n = read(fd, buf, sizeof(buf));
		int closed = close(fd);
		uint64_t stop = bench_clock_stop();
		if (fd < 0 || n <= 0 || closed != 0)
			return "open, read or close failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

const char *
bench_posix_read_1m(struct bench_run *run)
{
	char *buf = malloc(BENCH_BIG_SIZE);
	int fd = open(BENCH_BIG_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	const char *why = NULL;

	if (buf == NULL || fd < 0)
		why = "no memory or no file";
	if (why == NULL) {
		memset(buf, 'b', BENCH_BIG_SIZE);
		if (write(fd, buf, BENCH_BIG_SIZE) != BENCH_BIG_SIZE)
			why = "the file could not be written";
	}
	for (int i = 0; i < bench_total(run) && why == NULL; i++) {
		uint64_t start = bench_clock_start();
		ssize_t n = pread(fd, buf, BENCH_BIG_SIZE, 0);
		uint64_t stop = bench_clock_stop();
		if (n != BENCH_BIG_SIZE)
			why = "a short read";
		bench_record(run, i, start, stop);
	}
	if (fd >= 0)
		close(fd);
	unlink(BENCH_BIG_FILE);
	free(buf);
	return why;
}
