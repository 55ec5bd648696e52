# The checking kernel's stacks have an unmapped guard below them
# (mach/kern/stack.c): a kernel thread that recurses without end
# (checktest=stack) faults in the guard, a double fault on its own stack,
# reported as a kernel stack overflow.  The module only makes the
# scheduler start, which runs the thread.
kernel-args checktest=stack
module build/tests/os/t_hello
expect-panic
expect-line '^checktest: overflowing a kernel stack$'
expect-line '^panic: kernel stack overflow \(double fault, vector 8, address 0xffffff00[0-9a-f]+\) at 0xffffffff[0-9a-f]+ <checktest_recurse'
expect-line '^  rip ffffffff[0-9a-f]+ cs 8 .* cr2 ffffff00'
expect-line '^  0xffffffff[0-9a-f]+ <checktest_recurse'
