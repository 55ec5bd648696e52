# Tasks and threads as kernel objects, exceptions, one task building
# another (tests/os/t_task.c).
test build/tests/os/t_task
