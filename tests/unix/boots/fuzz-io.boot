# The fuzzer (tests/os/t_fuzz.c) with the UNIX server's io interface
# (io=1, tests/os/fuzz/io.c): every io.defs routine with hostile
# arguments on the server's io ports, besides the kernel's calls, batch
# after batch, each checked for a kernel and a server that still answer
# and counts (the server's ports and tasks among them) back where they
# were.  init runs an interactive shell, which waits for a line of the
# console; the harness types `exit' once the campaign is done, and the
# boot ends with init.  Its victims are killed, and share its name.
kernel-args bootstrap pagertimeout=100
module build/servers/bootstrap
module build/unix/unix /sbin/init /bin/sh
module build/unix/archive
module build/tests/os/t_fuzz seed=1 calls=6000 batch=200 io=1
input '^FUZZ-DONE ' 'exit\r'
timeout 240
expect-line 'FUZZ-START .* io=1$'
expect-line '^FUZZ-DONE result=pass '
expect-no-line '^FUZZ-FAIL'
expect-line '^unix: init has ended; the server exits$'
