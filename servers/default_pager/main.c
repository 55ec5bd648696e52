/*
 * default_pager: the task that backs anonymous memory when the kernel
 * pages it out (docs/vm.md, "Pageout").  A boot module; it needs the
 * privileged host port, which the kernel gives the tasks it starts.
 *
 * Start-up: a port for the kernel to send memory_object_create to (the
 * default memory manager port) in a port set, every page of the task
 * wired (dp_wire_all: the kernel must never have to ask this task for
 * its own memory), then vm_set_default_memory_manager.  From then on
 * the kernel gives it memory objects and their pages, and it serves
 * them all from one thread, receiving into buffers of its own (wired
 * with the rest; mach_msg_server would malloc them later, unwired).
 * It never exits: the kernel counts it out of the tasks that keep the
 * machine up (onidle=exit does not wait for it).
 */
#include "default_pager.h"
#include "store.h"

#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/memory_object_server.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>
#include <stdio.h>
#include <stdlib.h>

#include "memory_object_default_server.h"

#define DP_MAX(a, b) ((a) > (b) ? (a) : (b))
#define DP_REQUEST_SIZE \
	DP_MAX(memory_object_default_MAX_REQUEST_SIZE, \
	       memory_object_MAX_REQUEST_SIZE)

mach_port_t dp_host_priv;
mach_port_t dp_self;
mach_port_t dp_port_set;

static union {
	mach_msg_header_t head;
	char bytes[DP_REQUEST_SIZE + 256]; /* (room for the trailer) */
} dp_request;
static union {
	mig_reply_error_t error;
	char bytes[DP_REQUEST_SIZE + 256];
} dp_reply;

static void
dp_serve(void)
{
	for (;;) {
		mach_msg_return_t mr = mach_msg(
		    &dp_request.head, MACH_RCV_MSG, 0, sizeof(dp_request),
		    dp_port_set, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			continue;
		if (!memory_object_default_server(&dp_request.head,
						  &dp_reply.error.Head))
			memory_object_server(&dp_request.head,
					     &dp_reply.error.Head);
		/* Every call is a simpleroutine: nothing to answer.  A
		 * refused request still holds what it carried. */
		kern_return_t kr = dp_reply.error.RetCode;
		if (kr != KERN_SUCCESS && kr != MIG_NO_REPLY) {
			dp_request.head.msgh_remote_port = MACH_PORT_NULL;
			mach_msg_destroy(&dp_request.head);
		}
	}
}

int
main(void)
{
	mach_port_t manager, previous;

	dp_self = mach_task_self();
	dp_host_priv = mach_host_priv_self();
	if (mach_port_allocate(dp_self, MACH_PORT_RIGHT_RECEIVE, &manager) !=
		KERN_SUCCESS ||
	    mach_port_allocate(dp_self, MACH_PORT_RIGHT_PORT_SET,
			       &dp_port_set) != KERN_SUCCESS ||
	    mach_port_move_member(dp_self, manager, dp_port_set) !=
		KERN_SUCCESS) {
		printf("default_pager: no ports\n");
		return EXIT_FAILURE;
	}
	/* (Printed before the wiring: stdio takes its buffer now.) */
	printf("default_pager: backing store: %s\n", dp_store_name());
	fflush(stdout);
	if (!dp_wire_all()) {
		printf("default_pager: cannot wire its memory\n");
		return EXIT_FAILURE;
	}
	previous = manager;
	if (vm_set_default_memory_manager(dp_host_priv, &previous) !=
	    KERN_SUCCESS) {
		printf("default_pager: not the default memory manager\n");
		return EXIT_FAILURE;
	}
	if (MACH_PORT_VALID(previous))
		mach_port_deallocate(dp_self, previous);
	printf("default_pager: ready\n");
	fflush(stdout);
	dp_serve();
	return EXIT_SUCCESS;
}
