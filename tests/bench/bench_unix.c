/*
 * The rows of bench_unix, the benchmark program of the UNIX server
 * (bench.c is its harness; docs/bench.md).  make bench boots the server
 * with bench_unix as its first process, so that its children are its
 * own and nothing else runs:
 *
 *	unix_getpid, unix_read_1, unix_open_close, unix_pipe_pingpong,
 *	unix_spawn_wait		the rows both personalities run
 *				(bench_posix.c); getpid is a message to the
 *				server and its answer (nothing is cached in
 *				the library)
 *	unix_fork_exit_wait	fork, the child's _exit, waitpid
 *	unix_fork_exec_wait	fork, execve of a small static program that
 *				exits at once (h_child exit 0), waitpid
 *	unix_open_read_close	open, a read of a small file, close
 *	unix_read_1m		a 1 MiB read of a file (pread at offset 0)
 */
#include "bench.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BENCH_SMALL_FILE "/etc/motd"
#define BENCH_BIG_FILE	 "/tmp/bench-1m"
#define BENCH_BIG_SIZE	 (1024 * 1024)
#define BENCH_PROGRAM	 "/test/h_child"

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

static const char *
bench_unix_fork_exit_wait(struct bench_run *run)
{
	return bench_fork_wait(run, NULL);
}

static const char *
bench_unix_fork_exec_wait(struct bench_run *run)
{
	static char *argv[] = {BENCH_PROGRAM, "exit", "0", NULL};

	return bench_fork_wait(run, argv);
}

static const char *
bench_unix_open_read_close(struct bench_run *run)
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

static const char *
bench_unix_read_1m(struct bench_run *run)
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

const struct bench_row bench_rows[] = {
    {"unix_getpid", bench_posix_getpid},
    {"unix_read_1", bench_posix_read_1},
    {"unix_open_close", bench_posix_open_close},
    {"unix_pipe_pingpong", bench_posix_pipe_pingpong},
    {"unix_spawn_wait", bench_posix_spawn_wait},
    {"unix_fork_exit_wait", bench_unix_fork_exit_wait},
    {"unix_fork_exec_wait", bench_unix_fork_exec_wait},
    {"unix_open_read_close", bench_unix_open_read_close},
    {"unix_read_1m", bench_unix_read_1m},
};
const int bench_row_count = sizeof(bench_rows) / sizeof(bench_rows[0]);
const struct bench_probe bench_probes[] = {{NULL, NULL}};
const int bench_probe_count = 0;
