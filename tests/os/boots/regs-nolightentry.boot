# The register message trap with the light entry switched off (kernel
# lightentry=off): the same tests, the fast path leaving through the
# whole trap frame; t_regs checks that none left by the light exit.
kernel-args lightentry=off
test build/tests/os/t_regs nolightentry
expect-line '^kernel: lessons switched off: lightentry$'
