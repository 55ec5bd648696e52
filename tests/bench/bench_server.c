/*
 * bench_server: the server task of the rpc_2tasks_null row
 * (bench_tasks.c), booted beside bench under the bootstrap name service.
 *
 *	bench_server
 *
 * Registers a send right to a new port of its own with the name service
 * as BENCH_SERVICE_NAME, serves null RPCs on it (bench_rpc_serve) until
 * bench sends its quit request, and exits.  Exits 1 (the kernel then
 * reports the status) if it could not register or serve.
 */
#include "bench.h"

#include <mach/bootstrap.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <stdio.h>
#include <stdlib.h>

int
main(void)
{
	mach_port_t port = mach_reply_port();
	kern_return_t kr;

	kr = mach_port_insert_right(mach_task_self(), port, port,
				    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = bootstrap_register(bootstrap_port, BENCH_SERVICE_NAME,
					port);
	if (kr != KERN_SUCCESS) {
		fprintf(stderr, "bench_server: cannot register %s: %#x\n",
			BENCH_SERVICE_NAME, kr);
		return EXIT_FAILURE;
	}
	mach_msg_return_t mr = bench_rpc_serve(port);
	if (mr != MACH_MSG_SUCCESS) {
		fprintf(stderr, "bench_server: serving failed: %#x\n", mr);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
