/*
 * For the pageout tests: waits until a default pager has registered
 * with the kernel (vm_set_default_memory_manager, asked with the
 * privileged host port, which the test is given as a boot module).
 */
#ifndef PAGER_H
#define PAGER_H

#include <mach/mach_types.h>

void pager_wait_for_default(mach_port_t host_priv);

#endif /* PAGER_H */
