# The libmach thread library: threads, mutexes, condition variables and
# malloc from several threads (tests/os/t_threads.c).
test build/tests/os/t_threads
