# External pagers (tests/os/t_pager.c): a pager thread serving GNU Mach's
# memory_object interface, its object mapped and touched, data requests,
# errors, a silent and a dead pager, lock requests, termination.  A
# pager that never answers is given up after 300 ms.  It checks the
# kernel's counts, so it runs alone.
kernel-args pagertimeout=300
test build/tests/os/t_pager
