# newlib's own test programs (tests/unix/newlib.mk), run by init one
# after the other over the UNIX server.  Each is judged as its DejaGnu
# .exp file judges it: exit status 0 (newlib_pass_fail), and for atexit
# the line its .exp expects (newlib_check_output: the atexit and on_exit
# handlers run in reverse order at exit).  nulprintf's line is checked
# too: printing 8 bytes that have no NUL after them is its point.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /sbin/init /test/newlib/tstring /test/newlib/memmove1 /test/newlib/memcpy-1 /test/newlib/strcmp-1 /test/newlib/twctype /test/newlib/tiswctype /test/newlib/twctrans /test/newlib/nulprintf /test/newlib/swprintf /test/newlib/size_max /test/newlib/atexit /test/newlib/hsearchtest /test/newlib/tmmap
module build/unix/archive
expect-line '^unix: init started$'
expect-line '^init: /test/newlib/tstring exited with 0$'
expect-line '^init: /test/newlib/memmove1 exited with 0$'
expect-line '^init: /test/newlib/memcpy-1 exited with 0$'
expect-line '^init: /test/newlib/strcmp-1 exited with 0$'
expect-line '^init: /test/newlib/twctype exited with 0$'
expect-line '^init: /test/newlib/tiswctype exited with 0$'
expect-line '^init: /test/newlib/twctrans exited with 0$'
expect-line '^MMMMMMMM$'
expect-line '^init: /test/newlib/nulprintf exited with 0$'
expect-line '^init: /test/newlib/swprintf exited with 0$'
expect-line '^init: /test/newlib/size_max exited with 0$'
expect-line '^a0cba$'
expect-line '^init: /test/newlib/atexit exited with 0$'
expect-line '^init: /test/newlib/hsearchtest exited with 0$'
expect-line '^init: /test/newlib/tmmap exited with 0$'
expect-line '^init: done$'
timeout 60
