# The console terminal of the UNIX server (tests/unix/t_unix_tty.c): the
# harness types into the serial console when the test asks for it.
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /sbin/init /test/t_unix_tty /bin/minish /bin/sh
module build/unix/archive
stream t_unix_tty
input '^\[t_unix_tty\] # type hello$' 'hello\r'
input '^\[t_unix_tty\] # type two lines$' 'one\rtwo\r'
input '^\[t_unix_tty\] # type erase$' 'abx\x7fc\r'
input '^\[t_unix_tty\] # type kill$' 'junk\x15ok\r'
input '^\[t_unix_tty\] # type werase$' 'foo bar\x17baz\r'
input '^\[t_unix_tty\] # type interrupt$' 'lost\x03kept\r'
input '^\[t_unix_tty\] # type eof$' '\x04'
input '^\[t_unix_tty\] # type partial$' 'par\x04'
input '^\[t_unix_tty\] # type long$' 'longline\r'
input '^\[t_unix_tty\] # type after$' 'after\r'
input '^\[t_unix_tty\] # type raw$' 'xyz'
input '^\[t_unix_tty\] # type control$' '\x03'
input '^\[t_unix_tty\] # type cooked$' 'again\r'
# Then minish, the small shell before dash: a program, a builtin, an
# unknown command, a line edited, exit with a status.
input '^init: /test/t_unix_tty exited with 0$' 'hello a b\rcd /etc\r/bin/hello x\rnosuch\rexix\x7ft 3\r'
expect-line '^unix: init started$'
expect-line 'hello from pid [0-9]+, a child of [0-9]+: hello a b$'
expect-line 'hello from pid [0-9]+, a child of [0-9]+: /bin/hello x$'
expect-line 'minish: nosuch: No such file or directory$'
expect-line 'init: /bin/minish exited with 3$'
# Then dash, interactive on the console with job control: arithmetic, a
# pipeline of programs, a variable; a job ended by ^C (130), a job
# stopped by ^Z, listed, killed; exit with a status.
input 'init: /bin/minish exited with 3$' 'echo $((6 * 7))\r/bin/hello p | /test/h_child echo 0 1\rv=dash; echo "$v here"\r/bin/sh -c "echo ready; exec /test/h_child pause"\r'
input 'ready$' '\x03echo status $?\r/bin/sh -c "echo set; exec /test/h_child pause"\r'
input 'set$' '\x1ajobs\rkill -9 %%\rexit 4\r'
expect-line 'status 130$'
expect-line 'Stopped'
expect-line 'Killed'
expect-line '42$'
expect-line 'hello from pid [0-9]+, a child of [0-9]+: /bin/hello p$'
expect-line 'dash here$'
expect-line 'init: /bin/sh exited with 4$'
expect-line '^init: /test/t_unix_tty exited with 0$'
# Echo: the line as typed, ^C shown as ^C.
expect-line '^hello$'
expect-line '^lost\^Ckept$'
expect-no-line 'xyz'
timeout 60
