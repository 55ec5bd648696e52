# The name service: the kernel starts servers/bootstrap first and hands
# it the other tasks, suspended; it gives each its bootstrap port,
# resumes it, serves names between them (tests/os/t_bootstrap.c drives
# t_bootstrap_peer.c) and exits when both have ended.
kernel-args bootstrap
module build/servers/bootstrap
test build/tests/os/t_bootstrap
test build/tests/os/t_bootstrap_peer
expect-line '^bootstrap: started 2 tasks$'
expect-line '^bootstrap: every task has ended$'
expect-no-line '^bootstrap: .*(failed|ignored|cannot|0x)'
