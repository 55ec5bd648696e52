# A session losing its controlling terminal (tests/unix/t_unix_session.c).
# The test is the server's first process, not init: it leads session 1,
# the console's, which it gives up and takes back, and leaves it free for
# a session of its own making.  When it ends, the server does.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /test/t_unix_session
module build/unix/archive
stream t_unix_session
expect-line '^unix: init started$'
expect-line '^unix: init has ended; the server exits$'
timeout 60
