# The IPC tests with eager FPU switching (kernel fpu=eager).
kernel-args fpu=eager
test build/tests/os/t_ipc
