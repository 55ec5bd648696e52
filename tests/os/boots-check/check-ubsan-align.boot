# UBSan: a load from a misaligned address (checktest=ubsan-align).
kernel-args checktest=ubsan-align
expect-panic
expect-line '^panic: ubsan: mach/kern/checktest\.c:[0-9]+:[0-9]+: load of misaligned address 0xffffffff[0-9a-f]+[4c] for type .uint64_t., which requires 8-byte alignment$'
