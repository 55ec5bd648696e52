# The mach_port interface: rights, references, port sets, notifications
# (tests/os/t_port.c).
test build/tests/os/t_port
