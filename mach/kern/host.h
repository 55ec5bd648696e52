/*
 * The host: the machine as a kernel object.  Its plain port answers
 * queries (host_info); its privileged port is for the bootstrap task.
 */
#ifndef KERN_HOST_H
#define KERN_HOST_H

#include <ipc/ipc_types.h>

void host_bootstrap(void);
ipc_port_t host_port(void);
ipc_port_t host_priv_port(void);

#endif /* KERN_HOST_H */
