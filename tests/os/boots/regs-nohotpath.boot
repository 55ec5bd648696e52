# The register message trap with the register hot path switched off
# (kernel hotpath=off): the same tests, every message of the fast path
# through ipc_fastpath.c; t_regs checks that none took the hot path.
kernel-args hotpath=off
test build/tests/os/t_regs nohotpath
expect-line '^kernel: the register hot path switched off$'
