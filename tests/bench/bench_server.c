/*
 * bench_server: the server task of the rpc_2tasks_null row
 * (bench_tasks.c), booted beside bench under the bootstrap name service.
 *
 *	bench_server
 *
 * Registers a send right to a new port of its own with the name service
 * as BENCH_SERVICE_NAME, serves null RPCs on it (bench_rpc_serve) until
 * bench sends its quit request, and exits.  A second thread serves the
 * message-size sweep (bench_sweep_serve) on a second port, registered
 * as BENCH_SWEEP_SERVICE_NAME, until bench ends it too.  Exits 1 (the
 * kernel then reports the status) if it could not register or serve.
 */
#include "bench.h"

#include <mach/bootstrap.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <stdio.h>
#include <stdlib.h>

/* A new port with a send right registered as name; MACH_PORT_NULL if
 * that fails (said on stderr). */
static mach_port_t
bench_server_register(const char *name)
{
	mach_port_t port = mach_reply_port();
	kern_return_t kr;

	kr = mach_port_insert_right(mach_task_self(), port, port,
				    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = bootstrap_register(bootstrap_port, name, port);
	if (kr == KERN_SUCCESS)
		return port;
	fprintf(stderr, "bench_server: cannot register %s: %#x\n", name, kr);
	return MACH_PORT_NULL;
}

static void *
bench_server_sweep_thread(void *port)
{
	return (void *)(long)bench_sweep_serve((mach_port_t)(long)port);
}

int
main(void)
{
	mach_port_t port = bench_server_register(BENCH_SERVICE_NAME);
	mach_port_t sweep = bench_server_register(BENCH_SWEEP_SERVICE_NAME);
	mach_thread_t sweeper;
	void *result;

	if (port == MACH_PORT_NULL || sweep == MACH_PORT_NULL)
		return EXIT_FAILURE;
	if (mach_thread_create(&sweeper, bench_server_sweep_thread,
			       (void *)(long)sweep) != KERN_SUCCESS) {
		fprintf(stderr,
			"bench_server: cannot start the sweep thread\n");
		return EXIT_FAILURE;
	}
	mach_msg_return_t mr = bench_rpc_serve(port);
	if (mr != MACH_MSG_SUCCESS) {
		fprintf(stderr, "bench_server: serving failed: %#x\n", mr);
		return EXIT_FAILURE;
	}
	mr = mach_thread_join(sweeper, &result) == KERN_SUCCESS
		 ? (mach_msg_return_t)(long)result
		 : KERN_FAILURE;
	if (mr != MACH_MSG_SUCCESS) {
		fprintf(stderr, "bench_server: the sweep failed: %#x\n", mr);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
