# The register message trap with the reply cache switched off (kernel
# replycache=off): the same tests, each request's reply right an entry
# of its own; t_regs checks that no reply went through the cache.
kernel-args replycache=off
test build/tests/os/t_regs noreplycache
expect-line '^kernel: lessons switched off: replycache$'
