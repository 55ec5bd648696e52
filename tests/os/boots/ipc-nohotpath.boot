# The IPC tests with the hot paths switched off (kernel hotpath=off):
# every fast message through the fast path's own doors; t_ipc checks
# that none took mach_msg's hot path.
kernel-args hotpath=off
test build/tests/os/t_ipc nohotpath
expect-line '^kernel: the register hot path switched off$'
