# t_hostile with the IPC fast path switched off (kernel fastpath=off):
# the general path alone must hold against the same tries.
kernel-args fastpath=off
test build/tests/os/t_hostile slowpath
