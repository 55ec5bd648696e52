# The checking kernel poisons freed zone elements: a write to a freed
# element is caught when zalloc hands it out again, with the zone and
# the offset written (checktest=zone, kern/checktest.c writes at 40).
kernel-args checktest=zone
expect-panic
expect-line '^checktest: zone element 0xffff8[0-9a-f]+ written after free$'
expect-line '^panic: zalloc: zone checktest: element 0xffff8[0-9a-f]+ written after free \(at offset 40\)$'
expect-line '^  0xffffffff[0-9a-f]+ <checktest_zone\+0x[0-9a-f]+>'
