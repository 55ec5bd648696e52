# The IPC tests with eager FPU switching (kernel fpu=eager), which also
# leaves mach_msg's hot path off (ipc_hotpath_enabled).
kernel-args fpu=eager
test build/tests/os/t_ipc nohotpath
