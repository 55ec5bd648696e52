/*
 * The POSIX rows, written once and built into each system's benchmark
 * program (bench_unix.c's table for the UNIX server, bench_lite.c's for
 * posix-lite, bench_linux.c's for Linux), so that the rows of a name
 * time the same source everywhere.  Those of this file are in the
 * subset both personalities offer (docs/posix-lite.md):
 *
 *	getpid		getpid()
 *	read_1		a 1-byte read of an open file (the offset set back
 *			outside the timing when it reaches the end)
 *	open_close	open and close of a small file
 *	pipe_pingpong	a byte to a child through one pipe and back
 *			through another: two reads and two writes
 *	spawn_wait	posix_spawn of a small program that exits at once,
 *			and waitpid
 *
 * bench_fork.c has those beyond that subset.  The child program is
 * BENCH_CHILD (h_bench of tests/common, built for the same system as the
 * rows); a build may name its own small file too (the Linux one names
 * both relative to its directory).
 */
#include "bench.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BENCH_SMALL_FILE
#define BENCH_SMALL_FILE "/etc/motd"
#endif

extern char **environ;

const char *
bench_posix_getpid(struct bench_run *run)
{
	for (int i = 0; i < bench_total(run); i++) {
		uint64_t start = bench_clock_start();
		pid_t pid = getpid();
		uint64_t stop = bench_clock_stop();
		if (pid <= 0)
			return "getpid failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

const char *
bench_posix_read_1(struct bench_run *run)
{
	int fd = open(BENCH_SMALL_FILE, O_RDONLY);
	char c;

	if (fd < 0)
		return "no file";
	for (int i = 0; i < bench_total(run); i++) {
		uint64_t start = bench_clock_start();
		ssize_t n = read(fd, &c, 1);
		uint64_t stop = bench_clock_stop();
		if (n == 0) { /* the end: again from the start, untimed */
			lseek(fd, 0, SEEK_SET);
			i--;
			continue;
		}
		if (n != 1) {
			close(fd);
			return "read failed";
		}
		bench_record(run, i, start, stop);
	}
	close(fd);
	return NULL;
}

const char *
bench_posix_open_close(struct bench_run *run)
{
	for (int i = 0; i < bench_total(run); i++) {
		uint64_t start = bench_clock_start();
		int fd = open(BENCH_SMALL_FILE, O_RDONLY);
		int closed = close(fd);
		uint64_t stop = bench_clock_stop();
		if (fd < 0 || closed != 0)
			return "open or close failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

/* Spawns BENCH_CHILD with argument what, its stdin and stdout in and out
 * (-1: ours); the pid, or -1. */
static pid_t
bench_spawn(const char *what, int in, int out)
{
	char *argv[] = {BENCH_CHILD, (char *)what, NULL};
	pid_t pid = -1;

	if (in < 0 && out < 0)
		return posix_spawn(&pid, BENCH_CHILD, NULL, NULL, argv,
				   environ) == 0
			   ? pid
			   : -1;
	int saved_in = dup(0), saved_out = dup(1);
	fcntl(saved_in, F_SETFD, FD_CLOEXEC);
	fcntl(saved_out, F_SETFD, FD_CLOEXEC);
	if (in >= 0)
		dup2(in, 0);
	if (out >= 0)
		dup2(out, 1);
	if (posix_spawn(&pid, BENCH_CHILD, NULL, NULL, argv, environ) != 0)
		pid = -1;
	dup2(saved_in, 0);
	dup2(saved_out, 1);
	close(saved_in);
	close(saved_out);
	return pid;
}

const char *
bench_posix_pipe_pingpong(struct bench_run *run)
{
	int to_child[2], to_parent[2];
	const char *why = NULL;
	char c = 'x';

	if (pipe(to_child) != 0 || pipe(to_parent) != 0)
		return "pipe failed";
	fcntl(to_child[1], F_SETFD, FD_CLOEXEC);
	fcntl(to_parent[0], F_SETFD, FD_CLOEXEC);
	pid_t pid = bench_spawn("echo", to_child[0], to_parent[1]);
	close(to_child[0]);
	close(to_parent[1]);
	if (pid < 0)
		why = "spawn failed";
	for (int i = 0; i < bench_total(run) && why == NULL; i++) {
		uint64_t start = bench_clock_start();
		if (write(to_child[1], &c, 1) != 1 ||
		    read(to_parent[0], &c, 1) != 1)
			why = "the round trip failed";
		uint64_t stop = bench_clock_stop();
		bench_record(run, i, start, stop);
	}
	close(to_child[1]);
	close(to_parent[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return why;
}

const char *
bench_posix_spawn_wait(struct bench_run *run)
{
	for (int i = 0; i < bench_total(run); i++) {
		int status;
		uint64_t start = bench_clock_start();
		pid_t pid = bench_spawn("exit", -1, -1);
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			return "spawn or waitpid failed";
		uint64_t stop = bench_clock_stop();
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return "the child failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}

/* Each program runs as the first process of its personality (as init
 * would): it waits for every child it made, so none is left behind. */
void
bench_end(void)
{
	int status;

	while (wait(&status) > 0)
		;
}
