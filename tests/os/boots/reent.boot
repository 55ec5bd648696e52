# newlib's per-thread state: errno, strtok, rand in each thread; one
# stdout, flushed at exit even when only a thread used it
# (tests/os/t_reent.c).
test build/tests/os/t_reent
expect-line '^t_reent: a thread.s line left in stdout, flushed at exit$'
