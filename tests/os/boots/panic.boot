# A fault in the kernel (kernel argument crashtest) stops the machine
# with a report: the fault, the registers and a symbolized backtrace.
kernel-args crashtest
expect-panic
expect-line '^panic: kernel page fault \(vector 14\) at 0xffffffff[0-9a-f]+ <kernel_crash_test\+0x[0-9a-f]+>'
expect-line '^  rax [0-9a-f]{16} rbx [0-9a-f]{16}'
expect-line '^  rip ffffffff[0-9a-f]+ cs 8 .* cr2 ffff9fffdead0000'
expect-line '^backtrace:'
expect-line '^  0xffffffff[0-9a-f]+ <kernel_bootstrap\+0x[0-9a-f]+>'
