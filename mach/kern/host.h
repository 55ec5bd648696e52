/*
 * The host: the machine as a kernel object.  Its plain port answers
 * queries (host_info); its privileged port is for the bootstrap task.
 */
#ifndef KERN_HOST_H
#define KERN_HOST_H

#include <ipc/ipc_types.h>
#include <mach/mach_types.h>

struct host {
	int h_privileged; /* which of the two host objects this is */
};

void host_bootstrap(void);
ipc_port_t host_port(void);
ipc_port_t host_priv_port(void);

/* IDL intran: the host a host port stands for, or NULL. */
struct host *convert_port_to_host(ipc_port_t port);

struct kernel_stats;
void host_kernel_stats(struct kernel_stats *stats);

/* host.defs */
kern_return_t host_info(struct host *host, host_flavor_t flavor,
			host_info_t info, mach_msg_type_number_t *count);

#endif /* KERN_HOST_H */
