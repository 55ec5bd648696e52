# The checking kernel poisons freed pages: a write to a freed page is
# caught when vm_page_alloc hands it out again (checktest=page writes at
# offset 100).
kernel-args checktest=page
expect-panic
expect-line '^panic: vm_page_alloc: page 0x[0-9a-f]+ written after free \(at offset 100\)$'
expect-line '^  0xffffffff[0-9a-f]+ <checktest_page\+0x[0-9a-f]+>'
