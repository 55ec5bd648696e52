# Both personalities in one boot: the UNIX server, whose init runs the
# programs of tests/common under each personality (t_common.sh: the
# posix-lite ones through /bin/lite) and the sharing test; and the
# posix-lite server beside it.  The two runs of each program must say
# the same.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /sbin/init /test/t_common.sh /test/t_lite_share
module build/unix/archive
module build/posix-lite/lite
stream c_files
stream lite-c_files
stream c_dirs
stream lite-c_dirs
stream c_pipes
stream lite-c_pipes
stream c_spawn
stream lite-c_spawn
stream c_clocks
stream lite-c_clocks
stream c_signals
stream lite-c_signals
stream c_threads
stream lite-c_threads
stream c_timers
stream lite-c_timers
stream t_lite_share
same-stream c_files lite-c_files
same-stream c_dirs lite-c_dirs
same-stream c_pipes lite-c_pipes
same-stream c_spawn lite-c_spawn
same-stream c_clocks lite-c_clocks
same-stream c_signals lite-c_signals
same-stream c_threads lite-c_threads
same-stream c_timers lite-c_timers
expect-line '^lite: serving$'
expect-line '^init: /test/t_common.sh exited with 0$'
expect-line '^init: /test/t_lite_share exited with 0$'
expect-line '^lite: the file system has gone; ending$'
timeout 90
