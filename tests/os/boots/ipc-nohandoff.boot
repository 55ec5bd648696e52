# The IPC tests with direct handoff switched off (kernel handoff=off):
# a receiver is made runnable and the run queues choose the next thread;
# t_ipc checks that no direct handoff happened.
kernel-args handoff=off
test build/tests/os/t_ipc nohandoff
expect-line '^kernel: lessons switched off: handoff$'
