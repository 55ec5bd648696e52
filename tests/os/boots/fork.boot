# libmach in a forked child: its cached names are the child's own
# (tests/os/t_fork.c).
test build/tests/os/t_fork
