/*
 * The rows of lite-bench, the benchmark program of posix-lite (bench.c
 * is its harness; docs/bench.md): the rows both personalities run
 * (bench_posix.c), under posix-lite.  make bench boots the UNIX server
 * with /bin/lite as its first process, which runs lite-bench under the
 * posix-lite server: its children are its own and nothing else runs.
 */
#include "bench.h"

#include <stddef.h>

const struct bench_row bench_rows[] = {
    {"lite_getpid", bench_posix_getpid},
    {"lite_read_1", bench_posix_read_1},
    {"lite_open_close", bench_posix_open_close},
    {"lite_pipe_pingpong", bench_posix_pipe_pingpong},
    {"lite_spawn_wait", bench_posix_spawn_wait},
};
const int bench_row_count = sizeof(bench_rows) / sizeof(bench_rows[0]);
const struct bench_probe bench_probes[] = {{NULL, NULL}};
const int bench_probe_count = 0;
