# Eager FPU switching (kernel fpu=eager): the FPU state moves at every
# switch between user threads, never on a trap.  t_sched checks the
# states and that no FPU trap came; t_ipc, that IPC is unchanged.
kernel-args fpu=eager
test build/tests/os/t_sched eagerfpu
test build/tests/os/t_threads
expect-line '^kernel: lessons switched off: fpu\(eager\)$'
