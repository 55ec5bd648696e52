# What a hostile task can try with only its own rights
# (tests/os/t_hostile.c, docs/reliability.md): each test was once a way
# to crash, freeze or leak the kernel.
test build/tests/os/t_hostile
