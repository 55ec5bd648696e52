# UBSan: a shift by the width of the type (checktest=ubsan-shift).
kernel-args checktest=ubsan-shift
expect-panic
expect-line '^panic: ubsan: mach/kern/checktest\.c:[0-9]+:[0-9]+: shift exponent 32 is too large for 32-bit type .unsigned int.$'
