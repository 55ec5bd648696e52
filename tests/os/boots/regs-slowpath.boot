# The register message trap with the fast path switched off
# (kernel fastpath=off): the general path alone.
kernel-args fastpath=off
test build/tests/os/t_regs slowpath
