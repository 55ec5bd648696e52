# The register message trap (tests/os/t_regs.c).
test build/tests/os/t_regs
