# The fuzzer (tests/os/t_fuzz.c, docs/reliability.md): a bounded
# campaign with a fixed seed, every trap and kernel RPC with hostile
# arguments, batch after batch, each checked for a kernel that still
# answers and counts back where they were.  It is a module, not a test:
# its victims are killed, and share its name.  make fuzz runs long ones.
# Its pagers may never answer: a fault waits for one 100 ms at most.
kernel-args pagertimeout=100
module build/tests/os/t_fuzz seed=1 calls=30000 batch=200
timeout 240
expect-line '^FUZZ-DONE result=pass '
expect-no-line '^FUZZ-FAIL'
