# The VM's objects (tests/os/t_cow.c): lazy memory, copy-on-write for
# child tasks and out-of-line memory, inheritance, maximum protections,
# vm_copy, vm_region, vm_map, and shadow chains that collapse.  It checks
# the kernel's page counts, so it runs alone.
test build/tests/os/t_cow
