/*
 * rpc_2tasks_null, rpc_2tasks_regs and rpc_2tasks_fpu: the null RPCs of
 * rpc_2threads_*, between two tasks.
 *
 * The server is the task bench_server (bench_server.c), booted beside
 * bench under the bootstrap name service (kernel argument `bootstrap`,
 * servers/bootstrap the first module): it registers a send right to its
 * port as BENCH_SERVICE_NAME, and this task looks the name up.  One
 * iteration is the client's one mach_msg_trap, as in rpc_2threads_null
 * (bench_rpc_client); rpc_2tasks_regs is the same in registers, as
 * rpc_2threads_regs, and rpc_2tasks_fpu with the FPU, as
 * rpc_2threads_fpu.  The server serves every such row and stops when
 * bench ends it (bench_tasks_exit_server).  Its second port, registered
 * as BENCH_SWEEP_SERVICE_NAME, serves the message-size sweep
 * (bench_sweep.c).
 */
#include "bench.h"

#include <mach/bootstrap.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>

/*
 * How long to wait for bench_server to register, in 10 ms steps.  (Not
 * bootstrap_look_up, which would wait forever for a server that failed.)
 */
#define LOOK_UP_TRIES 1000

/* Waits ms milliseconds: a receive that times out on a port of one's own. */
static void
bench_sleep(mach_port_t port, mach_msg_timeout_t ms)
{
	union bench_msg msg;

	mach_msg_trap(&msg.bm_header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		      sizeof(msg), port, ms);
}

/* bench_server's ports, each looked up once: the null RPCs' (it serves
 * every rpc_2tasks_* row) and the sweep's (bench_sweep.c). */
static mach_port_t bench_tasks_server = MACH_PORT_NULL;
static mach_port_t bench_tasks_sweep = MACH_PORT_NULL;

/* Looks name up into *port, unless it was already. */
static const char *
bench_tasks_look_up(const char *name, mach_port_t *port)
{
	mach_port_t server = MACH_PORT_NULL;
	mach_port_t idle = mach_reply_port();
	kern_return_t kr = BOOTSTRAP_UNKNOWN_SERVICE;

	if (MACH_PORT_VALID(*port))
		return NULL;
	if (!MACH_PORT_VALID(bootstrap_port))
		return "no bootstrap port (boot with the bootstrap server)";
	for (int try = 0;
	     try < LOOK_UP_TRIES && kr == BOOTSTRAP_UNKNOWN_SERVICE; try++) {
		kr = bootstrap_look_up_nowait(bootstrap_port, name, &server);
		if (kr == BOOTSTRAP_UNKNOWN_SERVICE)
			bench_sleep(idle, 10);
	}
	mach_port_destroy(mach_task_self(), idle);
	if (kr != KERN_SUCCESS)
		return "cannot look bench_server up (is it booted?)";
	*port = server;
	return NULL;
}

const char *
bench_tasks_sweep_server(mach_port_t *port)
{
	const char *why =
	    bench_tasks_look_up(BENCH_SWEEP_SERVICE_NAME, &bench_tasks_sweep);
	*port = bench_tasks_sweep;
	return why;
}

/* Sends BENCH_MSG_EXIT to *port (looked up as name) and forgets it. */
static void
bench_tasks_exit(const char *name, mach_port_t *port)
{
	if (bench_tasks_look_up(name, port) != NULL)
		return;
	bench_rpc_exit(*port);
	mach_port_deallocate(mach_task_self(), *port);
	*port = MACH_PORT_NULL;
}

void
bench_tasks_exit_server(void)
{
	if (!MACH_PORT_VALID(bootstrap_port))
		return;
	bench_tasks_exit(BENCH_SWEEP_SERVICE_NAME, &bench_tasks_sweep);
	bench_tasks_exit(BENCH_SERVICE_NAME, &bench_tasks_server);
}

/* A null RPC row to bench_server, in the manner kind. */
static const char *
bench_rpc_2tasks(struct bench_run *run, enum bench_rpc_kind kind)
{
	const char *why =
	    bench_tasks_look_up(BENCH_SERVICE_NAME, &bench_tasks_server);
	return why != NULL ? why
			   : bench_rpc_client(run, bench_tasks_server, kind);
}

const char *
bench_rpc_2tasks_regs(struct bench_run *run)
{
	return bench_rpc_2tasks(run, BENCH_RPC_REGS);
}

const char *
bench_rpc_2tasks_null(struct bench_run *run)
{
	return bench_rpc_2tasks(run, BENCH_RPC_MSG);
}

const char *
bench_rpc_2tasks_fpu(struct bench_run *run)
{
	return bench_rpc_2tasks(run, BENCH_RPC_FPU);
}
