/*
 * The host object: one plain and one privileged port, made at boot.
 */
#include <ipc/ipc_port.h>
#include <kern/debug.h>
#include <kern/host.h>

static ipc_port_t host_self_port;
static ipc_port_t host_priv_self_port;
static int host_object; /* the object the host ports stand for */

void
host_bootstrap(void)
{
	host_self_port = ipc_port_alloc_kernel(IKOT_HOST, &host_object);
	host_priv_self_port =
	    ipc_port_alloc_kernel(IKOT_HOST_PRIV, &host_object);
	if (host_self_port == IP_NULL || host_priv_self_port == IP_NULL)
		panic("host_bootstrap: no memory for the host ports");
}

ipc_port_t
host_port(void)
{
	return host_self_port;
}

ipc_port_t
host_priv_port(void)
{
	return host_priv_self_port;
}
