/*
 * The host: the machine as a kernel object.  Its plain port answers
 * queries (host_info); its privileged port, which boot modules have as
 * their TASK_HOST_PRIV_PORT, gives the devices (host_get_console) and the
 * pager trace.
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
/* The same for the privileged port only: NULL for the plain one. */
struct host *convert_port_to_host_priv(ipc_port_t port);

struct kernel_stats;
void host_kernel_stats(struct kernel_stats *stats);

/* host.defs */
kern_return_t host_info(struct host *host, host_flavor_t flavor,
			host_info_t info, mach_msg_type_number_t *count);

/* A send right to the console device.  KERN_INVALID_HOST unless
 * host_priv is the privileged host (NULL: the stubs' answer for any
 * other port). */
kern_return_t host_get_console(struct host *host_priv, mach_port_t *console);

#endif /* KERN_HOST_H */
