# t_hostile with every L4 lesson switched off (docs/kernel.md, "The
# lessons as switches"): the kernel must hold against the same tries on
# the general path, the run queues' choice, eager FPU and no register
# trap.
kernel-args fastpath=off handoff=off fpu=eager regipc=off lightentry=off replycache=off
test build/tests/os/t_hostile
