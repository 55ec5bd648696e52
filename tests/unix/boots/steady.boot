# A server that serves makes no port of its own for a request
# (tests/unix/t_unix_steady.c): the test is the server's first process,
# so that nothing has made the server wait before it.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /test/t_unix_steady
module build/unix/archive
stream t_unix_steady
expect-line '^unix: init started$'
expect-line '^unix: init has ended; the server exits$'
timeout 60
