# IPC under load, with the kernel's object counts checked afterwards
# (tests/os/t_stress.c).  Alone in its boot, so that nothing else moves
# the counts.
test build/tests/os/t_stress
timeout 120
