/*
 * adder: a demo server.  It registers a port as "adder" with the
 * bootstrap name service and serves adder.defs through the stubs the IDL
 * compiler generated, until a client sends adder_quit.
 */
#include <mach/bootstrap.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <stdio.h>

#include "adder_server.h"

static int served, quit;

kern_return_t
adder_add(mach_port_t server, int a, int b, int *sum)
{
	(void)server;
	*sum = a + b;
	served++;
	return KERN_SUCCESS;
}

kern_return_t
adder_quit(mach_port_t server)
{
	(void)server;
	quit = 1;
	return KERN_SUCCESS;
}

int
main(void)
{
	mach_port_t self = mach_task_self(), port;

	if (bootstrap_port == MACH_PORT_NULL) {
		printf("adder: no bootstrap port (boot with kernel argument "
		       "bootstrap)\n");
		return 1;
	}
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (bootstrap_register(bootstrap_port, "adder", port) != KERN_SUCCESS)
		return 1;
	printf("adder: serving \"adder\" through the bootstrap server\n");
	mach_thread_priority(MACH_PRIORITY_DEFAULT + 4); /* as calc's */
	while (!quit)
		mach_msg_server_once(adder_server,
				     adder_MAX_REQUEST_SIZE >
					     adder_MAX_REPLY_SIZE
					 ? adder_MAX_REQUEST_SIZE
					 : adder_MAX_REPLY_SIZE,
				     port, 0);
	printf("adder: served %d additions, done\n", served);
	return 0;
}
