# make bench's posix-lite rows (tests/bench/bench_lite.c) run to the end
# with a few iterations, so that they cannot rot; no figure is checked.
# As in make bench: the UNIX server's first process is /bin/lite, which
# runs lite-bench under the posix-lite server.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /bin/lite /test/lite-bench --iterations 5 --warmup 1
module build/unix/archive
module build/posix-lite/lite
expect-line '^BENCH-DONE rows=5 errors=0$'
expect-no-line 'BENCH-ERROR'
timeout 60
