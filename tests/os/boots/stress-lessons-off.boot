# IPC under load (tests/os/t_stress.c) with every L4 lesson switched off
# at once (docs/kernel.md, "The lessons as switches"): the general path,
# the run queues' choice, eager FPU, no register trap.  Alone in its
# boot, as in stress.boot, so that nothing else moves the counts.
kernel-args fastpath=off handoff=off fpu=eager regipc=off lightentry=off replycache=off
test build/tests/os/t_stress
expect-line '^kernel: lessons switched off: fastpath handoff regipc fpu\(eager\) lightentry replycache$'
timeout 120
