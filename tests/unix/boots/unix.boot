# The UNIX server with init running the test programs of /test, one
# after the other; each reports TAP on the console under its name.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /sbin/init /test/t_hello_unix /test/t_unix_files /test/t_unix_procs /test/t_unix_fork /test/t_unix_mman /test/t_unix_filemap /test/t_unix_limits /test/t_unix_perms /test/t_unix_time /test/t_unix_signals /test/t_unix_sleep /test/t_unix_groups /test/t_unix_system /test/t_unix_posix /test/t_unix_libc /test/t_dash /test/t_utils
module build/unix/archive
stream t_hello_unix
stream t_unix_files
stream t_unix_procs
stream t_unix_fork
stream t_unix_mman
stream t_unix_filemap
stream t_unix_limits
stream t_unix_perms
stream t_unix_time
stream t_unix_signals
stream t_unix_sleep
stream t_unix_groups
stream t_unix_system
stream t_unix_posix
stream t_unix_libc
stream t_dash
stream t_utils
expect-line '^unix: init started$'
expect-line '^init: /test/t_hello_unix exited with 0$'
expect-line '^init: /test/t_unix_files exited with 0$'
expect-line '^init: /test/t_unix_procs exited with 0$'
expect-line '^init: /test/t_unix_fork exited with 0$'
expect-line '^init: /test/t_unix_mman exited with 0$'
expect-line '^init: /test/t_unix_filemap exited with 0$'
expect-line '^init: /test/t_unix_limits exited with 0$'
expect-line '^init: /test/t_unix_perms exited with 0$'
expect-line '^init: /test/t_unix_time exited with 0$'
expect-line '^init: /test/t_unix_signals exited with 0$'
expect-line '^init: /test/t_unix_sleep exited with 0$'
expect-line '^init: /test/t_unix_groups exited with 0$'
expect-line '^init: /test/t_unix_system exited with 0$'
expect-line '^init: /test/t_unix_posix exited with 0$'
expect-line '^init: /test/t_unix_libc exited with 0$'
expect-line '^init: /test/t_dash exited with 0$'
expect-line '^init: /test/t_utils exited with 0$'
expect-line '^init: done$'
timeout 60
