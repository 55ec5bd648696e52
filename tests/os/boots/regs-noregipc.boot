# A kernel without the register trap (kernel regipc=off): the trap is
# refused, and libmach's mach_msg_regs, the IDL stubs and the server
# loop (the name service's) take mach_msg instead.
kernel-args bootstrap regipc=off
module build/servers/bootstrap
test build/tests/os/t_regs noregipc
test build/tests/os/t_bootstrap
test build/tests/os/t_bootstrap_peer
expect-line '^kernel: lessons switched off: regipc$'
expect-line '^bootstrap: every task has ended$'
expect-no-line '^bootstrap: .*(failed|ignored|cannot|0x)'
