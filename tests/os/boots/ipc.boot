# Mach IPC through the message trap (tests/os/t_ipc.c).
test build/tests/os/t_ipc
