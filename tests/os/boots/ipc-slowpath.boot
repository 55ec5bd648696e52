# The IPC tests with the fast path switched off (kernel fastpath=off):
# the general path alone has the same semantics.
kernel-args fastpath=off
test build/tests/os/t_ipc slowpath
