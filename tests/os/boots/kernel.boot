# The kernel core: scheduling (t_sched: threads; t_spin: two CPU-bound
# tasks), traps with bad arguments (t_traps), and user faults (t_fault):
# each faulting task is killed with a message naming its fault while the
# others run on to the end.
test build/tests/os/t_sched
test build/tests/os/t_traps
test build/tests/os/t_spin
module build/tests/os/t_spin peer
module build/tests/os/t_fault null
module build/tests/os/t_fault kernel
module build/tests/os/t_fault write-text
module build/tests/os/t_fault execute-data
module build/tests/os/t_fault invalid-opcode
module build/tests/os/t_fault divide
module build/tests/os/t_fault privileged
expect-line '^kernel: task t_fault \(id [0-9]+\) killed: page fault at 0x0 \(read, not present\), rip 0x4'
expect-line '^kernel: task t_fault \(id [0-9]+\) killed: page fault at 0xffffffff80100000 \(read, protection\)'
expect-line '^kernel: task t_fault \(id [0-9]+\) killed: page fault at 0x4[0-9a-f]+ \(write, protection\)'
expect-line '^kernel: task t_fault \(id [0-9]+\) killed: page fault at 0x4[0-9a-f]+ \(execute, protection\)'
expect-line '^kernel: task t_fault \(id [0-9]+\) killed: invalid opcode at rip 0x4'
expect-line '^kernel: task t_fault \(id [0-9]+\) killed: divide error at rip 0x4'
expect-line '^kernel: task t_fault \(id [0-9]+\) killed: general protection fault at rip 0x4'
expect-no-line 'exited with status'
expect-no-line 't_fault: unknown or survived'
