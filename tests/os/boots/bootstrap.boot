# The name service: the kernel starts servers/bootstrap first and hands
# it the other tasks, suspended; it gives each its bootstrap port,
# resumes it, serves names between them (tests/os/t_bootstrap.c drives
# t_bootstrap_peer.c) and exits when both have ended.  The default
# pager runs too, named a daemon (daemon:default_pager), as in make
# run: it never exits, and the boot still ends.
kernel-args bootstrap
module build/servers/bootstrap daemon:default_pager
module build/servers/default_pager
test build/tests/os/t_bootstrap
test build/tests/os/t_bootstrap_peer
expect-line '^bootstrap: started 3 tasks$'
expect-line '^default_pager: ready$'
expect-line '^bootstrap: every task has ended$'
expect-no-line '^bootstrap: .*(failed|ignored|cannot|0x)'
