# The checking kernel's UBSan handlers (mach/kern/ubsan.c) report a
# signed integer overflow with its place and values, and stop the
# machine (kernel argument checktest=ubsan-overflow, kern/checktest.c).
kernel-args checktest=ubsan-overflow
expect-panic
expect-line '^panic: ubsan: mach/kern/checktest\.c:[0-9]+:[0-9]+: signed integer overflow: 2147483647 \+ 1 cannot be represented in type .int.$'
expect-line '^  0xffffffff[0-9a-f]+ <checktest_ubsan_overflow\+0x[0-9a-f]+>'
