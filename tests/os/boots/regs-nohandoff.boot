# The register message trap with direct handoff switched off (kernel
# handoff=off): the same tests, the run queues choosing the next thread.
kernel-args handoff=off
test build/tests/os/t_regs nohandoff
