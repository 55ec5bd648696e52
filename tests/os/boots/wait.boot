# Waits that are not IPC (t_wait): thread_switch's timed wait, and
# suspension as a wait, reached by thread_abort, thread_terminate and
# thread_suspend.  Alone in its boot: it counts the system's threads.
test build/tests/os/t_wait
