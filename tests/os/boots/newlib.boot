# newlib in a native task: formatted output, the heap, conversions,
# qsort, strings, libm, errno (tests/os/t_newlib.c).
test build/tests/os/t_newlib
