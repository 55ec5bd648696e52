# Task memory and out-of-line memory (tests/os/t_vm.c): pages without
# access, guard pages and execute protection as memory exceptions; the
# deallocate flag of out-of-line memory and its send errors; vm_read,
# vm_write, large regions.  It checks the kernel's page counts, so it
# runs alone.
test build/tests/os/t_vm
