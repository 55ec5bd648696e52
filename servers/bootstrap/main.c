/*
 * bootstrap: the name service, the first user task of a boot with the
 * kernel argument `bootstrap` (tasks.c describes the start protocol).
 *
 * Ports: the service port (receive right, and the send right every task
 * gets as its bootstrap port, this one included), the notify port
 * (dead-name notifications of the task ports and of the registered
 * services), and a port set of both, on which the one thread receives
 * in mach_msg_server.  The demux sends each message to the stubs of the
 * port it came to: bootstrap.defs (registry.c) for the service port,
 * notify.defs for the notify port, so a client cannot forge a
 * notification.  The server exits when every task it started has ended,
 * daemons aside (tasks.c).
 */
#include "bootstrap.h"
#include "bootstrap_server.h"

#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <mach/notify_server.h>
#include <mach/task.h>
#include <stdio.h>
#include <stdlib.h>

#define BOOTSTRAP_MAX(a, b) ((a) > (b) ? (a) : (b))
#define BOOTSTRAP_MSG_MAX \
	BOOTSTRAP_MAX( \
	    BOOTSTRAP_MAX(bootstrap_MAX_REQUEST_SIZE, \
			  bootstrap_MAX_REPLY_SIZE), \
	    BOOTSTRAP_MAX(notify_MAX_REQUEST_SIZE, notify_MAX_REPLY_SIZE))

struct bootstrap_ports bootstrap_ports;

/* The three ports; returns the first error. */
static kern_return_t
bootstrap_make_ports(void)
{
	mach_port_t self = mach_task_self();
	struct bootstrap_ports *p = &bootstrap_ports;
	kern_return_t kr;

	kr = mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &p->bp_service);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(self, p->bp_service, p->bp_service,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE,
					&p->bp_notify);
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET,
					&p->bp_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, p->bp_service, p->bp_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, p->bp_notify, p->bp_set);
	return kr;
}

kern_return_t
bootstrap_watch(mach_port_t name)
{
	mach_port_t previous = MACH_PORT_NULL;
	kern_return_t kr;

	kr = mach_port_request_notification(
	    mach_task_self(), name, MACH_NOTIFY_DEAD_NAME, 0,
	    bootstrap_ports.bp_notify, &previous);
	if (kr == KERN_SUCCESS && MACH_PORT_VALID(previous))
		mach_port_deallocate(mach_task_self(), previous);
	return kr;
}

static boolean_t
bootstrap_demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	if (request->msgh_local_port == bootstrap_ports.bp_notify)
		return notify_server(request, reply);
	return bootstrap_server(request, reply);
}

/* A task port or a registered service died. */
kern_return_t
mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	registry_dead_name(name);
	if (tasks_dead_name(name) && tasks_alive() == 0) {
		printf("bootstrap: every task has ended\n");
		exit(0);
	}
	return KERN_SUCCESS;
}

/* Replaced dead-name requests: nothing to do. */
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

kern_return_t
mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	(void)notify;
	(void)mscount;
	return KERN_SUCCESS;
}

/* Never requested; a receive right sent here is not wanted. */
kern_return_t
mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	(void)notify;
	mach_port_mod_refs(mach_task_self(), rights, MACH_PORT_RIGHT_RECEIVE,
			   -1);
	return KERN_SUCCESS;
}

int
main(int argc, char **argv)
{
	kern_return_t kr = bootstrap_make_ports();

	if (kr != KERN_SUCCESS) {
		printf("bootstrap: cannot make its ports: 0x%x\n", kr);
		return 1;
	}
	task_set_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT,
			      bootstrap_ports.bp_service);
	bootstrap_port = bootstrap_ports.bp_service;
	int started = tasks_start(argc, argv);
	printf("bootstrap: started %d task%s\n", started,
	       started == 1 ? "" : "s");
	if (tasks_alive() == 0) {
		printf("bootstrap: no task to serve\n");
		return 0;
	}
	kr = mach_msg_server(bootstrap_demux, BOOTSTRAP_MSG_MAX,
			     bootstrap_ports.bp_set, 0);
	printf("bootstrap: receive failed: 0x%x\n", kr);
	return 1;
}
