# CPU time as the UNIX server's waits and timers see it
# (tests/unix/t_unix_cputime.c): wait4's resource usage, ITIMER_VIRTUAL
# and ITIMER_PROF.  A boot of its own: the test spins for seconds.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /sbin/init /test/t_unix_cputime
module build/unix/archive
stream t_unix_cputime
expect-line '^unix: init started$'
expect-line '^init: /test/t_unix_cputime exited with 0$'
expect-line '^init: done$'
timeout 120
