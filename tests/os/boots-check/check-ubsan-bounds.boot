# UBSan: an array index out of bounds (checktest=ubsan-bounds).
kernel-args checktest=ubsan-bounds
expect-panic
expect-line '^panic: ubsan: mach/kern/checktest\.c:[0-9]+:[0-9]+: index 4 out of bounds for type .int \[4\].$'
