# The console device (tests/os/t_console.c): the harness types into the
# serial console when the test asks for it.
test build/tests/os/t_console
input '^\[t_console\] # type hello$' 'hello\n'
input '^\[t_console\] # type x$' 'x'
input '^\[t_console\] # type abc$' 'abc'
input '^\[t_console\] # type k$' 'k'
input '^\[t_console\] # type a flood$' 'z' 1100
expect-line '^t_console: console_write works$'
timeout 90
