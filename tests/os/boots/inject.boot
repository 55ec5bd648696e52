# Fault injection (tests/os/t_inject.c, kern/failalloc.h): one kernel
# allocation in seven fails, at random but repeatably (seed 2026), while
# the IPC, port and task operations run.
kernel-args failalloc=random:7:2026
test build/tests/os/t_inject
