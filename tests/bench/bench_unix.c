/*
 * The rows of bench_unix, the benchmark program of the UNIX server
 * (bench.c is its harness; docs/bench.md).  make bench boots the server
 * with bench_unix as its first process, so that its children are its
 * own and nothing else runs:
 *
 *	unix_NAME	the POSIX rows (bench_posix.c), all of them;
 *			getpid is a message to the server and its answer
 *			(nothing is cached in the library); fork_exec_wait
 *			runs /test/h_child exit 0
 */
#include "bench.h"

#include <stddef.h>

const struct bench_row bench_rows[] = {
    {"unix_getpid", bench_posix_getpid},
    {"unix_read_1", bench_posix_read_1},
    {"unix_open_close", bench_posix_open_close},
    {"unix_pipe_pingpong", bench_posix_pipe_pingpong},
    {"unix_spawn_wait", bench_posix_spawn_wait},
    {"unix_fork_exit_wait", bench_posix_fork_exit_wait},
    {"unix_fork_exec_wait", bench_posix_fork_exec_wait},
    {"unix_open_read_close", bench_posix_open_read_close},
    {"unix_read_1m", bench_posix_read_1m},
};
const int bench_row_count = sizeof(bench_rows) / sizeof(bench_rows[0]);
const struct bench_probe bench_probes[] = {{NULL, NULL}};
const int bench_probe_count = 0;
