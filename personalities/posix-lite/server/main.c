/*
 * lite: the posix-lite server.  It is a module of a boot with the name
 * service and the UNIX server, whose file system it stands on; its
 * arguments are programs to run at boot, one after the other:
 *
 *	module build/posix-lite/lite [PROGRAM...]
 *
 * Start: the ports; the service port registered with the name service
 * as "posix-lite" (requests wait in it meanwhile); the UNIX server's
 * root directory as an io port (unix_io_root, proving this is a boot
 * task with the privileged host port; tried again until the UNIX
 * server has its file system); then the boot programs.  Each one's end is reported on the console
 * ("lite: PATH exited with N" or "... killed by signal N").  The server
 * serves until the file system goes (the root port's dead-name
 * notification): then it ends every process and exits.
 *
 * Ports: the service port (lite_attach), the notify port (dead names of
 * tasks and of the root), the exception port, each process's port (a
 * foreign parent's asks for its no-senders notification on itself); the
 * one thread receives on a port set of them all.
 */
#include "lite.h"
#include "lite_server.h"

#include <errno.h>
#include <mach/bootstrap.h>
#include <mach/exc_server.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include <mach/notify_server.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unix/unix.h>

#define LITE_MAX(a, b) ((a) > (b) ? (a) : (b))
#define LITE_MSG_MAX \
	LITE_MAX( \
	    LITE_MAX( \
		LITE_MAX(lite_MAX_REQUEST_SIZE, lite_MAX_REPLY_SIZE), \
		LITE_MAX(notify_MAX_REQUEST_SIZE, notify_MAX_REPLY_SIZE)), \
	    LITE_MAX(exc_MAX_REQUEST_SIZE, exc_MAX_REPLY_SIZE))

struct lite_ports lite_ports;
static char **lite_boot_list; /* the programs not yet started */
static int lite_boot_left;

kern_return_t
lite_make_port(mach_port_t *port)
{
	mach_port_t self = mach_task_self();
	kern_return_t kr =
	    mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, port);

	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, *port, lite_ports.lp_set);
	return kr;
}

static kern_return_t
lite_make_ports(void)
{
	struct lite_ports *l = &lite_ports;
	mach_port_t self = mach_task_self();
	kern_return_t kr =
	    mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &l->lp_set);

	if (kr == KERN_SUCCESS)
		kr = lite_make_port(&l->lp_service);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(self, l->lp_service, l->lp_service,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = lite_make_port(&l->lp_notify);
	if (kr == KERN_SUCCESS)
		kr = lite_make_port(&l->lp_exception);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(self, l->lp_exception,
					    l->lp_exception,
					    MACH_MSG_TYPE_MAKE_SEND);
	return kr;
}

/* Waits 10 ms (a receive on a port nothing is sent to). */
static void
lite_pause(void)
{
	mach_msg_header_t msg;

	mach_msg(&msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg),
		 lite_ports.lp_notify, 10, MACH_PORT_NULL);
}

/* The root directory of the UNIX server's file system; 0 or an error. */
static int
lite_find_root(void)
{
	mach_port_t unix_service = MACH_PORT_NULL, previous;
	mach_port_t host_priv = mach_host_priv_self();
	kern_return_t kr;
	int error = EAGAIN;

	for (int tries = 0; tries < 1000 && error == EAGAIN; tries++) {
		if (!MACH_PORT_VALID(unix_service) &&
		    bootstrap_look_up(bootstrap_port, "unix", &unix_service) !=
			KERN_SUCCESS) {
			lite_pause();
			continue;
		}
		kr = unix_io_root(unix_service, host_priv, &error,
				  &lite_ports.lp_root);
		if (kr != KERN_SUCCESS)
			error = EIO;
		if (error == EAGAIN)
			lite_pause();
	}
	if (error == 0)
		mach_port_request_notification(
		    mach_task_self(), lite_ports.lp_root, MACH_NOTIFY_DEAD_NAME,
		    0, lite_ports.lp_notify, &previous);
	return error;
}

/* Starts the next boot program that can start. */
static void
lite_boot_next(void)
{
	while (lite_boot_left > 0) {
		const char *path = *lite_boot_list++;
		struct lite_process *p;
		lite_boot_left--;
		int error = proc_spawn_boot(path, &p);
		if (error == 0)
			return;
		printf("lite: cannot run %s: error %d\n", path, error);
	}
	printf("lite: boot programs done\n");
}

void
lite_boot_program_ended(struct lite_process *process, int status)
{
	if (WIFEXITED(status))
		printf("lite: %s exited with %d\n", process->lp_boot_path,
		       WEXITSTATUS(status));
	else
		printf("lite: %s killed by signal %d\n", process->lp_boot_path,
		       WTERMSIG(status));
	process->lp_boot_path = NULL;
	lite_boot_next();
}

/* A task died, or the root did (the UNIX server has gone). */
kern_return_t
mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	if (name != lite_ports.lp_root) {
		proc_task_died(name);
		return KERN_SUCCESS;
	}
	printf("lite: the file system has gone; ending\n");
	proc_end_all();
	exit(0);
}

kern_return_t
mach_notify_send_once(mach_port_t notify)
{
	(void)notify;
	return KERN_SUCCESS;
}

kern_return_t
mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_SUCCESS;
}

/* Sent to a foreign parent's own port when its last sender has gone. */
kern_return_t
mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	(void)mscount;
	proc_foreign_gone(notify);
	return KERN_SUCCESS;
}

kern_return_t
mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	(void)notify;
	mach_port_mod_refs(mach_task_self(), rights, MACH_PORT_RIGHT_RECEIVE,
			   -1);
	return KERN_SUCCESS;
}

static boolean_t
lite_demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mach_port_t local = request->msgh_local_port;

	if (local == lite_ports.lp_exception)
		return exc_server(request, reply);
	if (local == lite_ports.lp_notify ||
	    (request->msgh_id == MACH_NOTIFY_NO_SENDERS &&
	     mach_msg_from_kernel(request)))
		return notify_server(request, reply);
	return lite_server(request, reply);
}

int
main(int argc, char **argv)
{
	kern_return_t kr;
	int error;

	if ((kr = lite_make_ports()) != KERN_SUCCESS) {
		printf("lite: cannot start: out of resources\n");
		return 1;
	}
	/* registered first: requests wait in the port for the root */
	kr = bootstrap_register(bootstrap_port, "posix-lite",
				lite_ports.lp_service);
	if (kr != KERN_SUCCESS) {
		printf("lite: cannot register with the name service: 0x%x\n",
		       kr);
		return 1;
	}
	if ((error = lite_find_root()) != 0) {
		printf("lite: no file system from the UNIX server (%d)\n",
		       error);
		return 1;
	}
	printf("lite: serving\n");
	lite_boot_list = argv + 1;
	lite_boot_left = argc - 1;
	lite_boot_next();
	kr = mach_msg_server(
	    lite_demux, LITE_MSG_MAX, lite_ports.lp_set,
	    MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
		MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER));
	printf("lite: receive failed: 0x%x\n", kr);
	return 1;
}
