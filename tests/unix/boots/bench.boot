# make bench's UNIX rows (tests/bench/bench_unix.c) run to the end with
# a few iterations, so that they cannot rot; no figure is checked
# (timings belong in make bench).  bench_unix is the server's first
# process, as in make bench.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /test/bench_unix --iterations 5 --warmup 1
module build/unix/archive
expect-line '^BENCH-DONE rows=9 errors=0$'
expect-no-line 'BENCH-ERROR'
timeout 60
