/*
 * A loopback transport for testing generated stubs on the host: a
 * mach_msg() (and mach_msg_regs(), counted, which is the same here) that
 * delivers the request to a server demux in the same
 * process, as the kernel would (header ports swapped, dispositions
 * turned into what a receiver sees, out-of-line memory copied into new
 * malloc'd memory, a trailer appended), and delivers the reply back the
 * same way.  Also the MIG run-time functions (mig_support.h), with
 * counters the tests can check, and the kernel's sending functions
 * that KernelUser stubs call (ipc/mach_msg_kernel.h), over the same
 * transport.
 */
#ifndef LOOPBACK_H
#define LOOPBACK_H

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>

typedef boolean_t (*loopback_demux_t)(mach_msg_header_t *, mach_msg_header_t *);

#define LOOPBACK_REPLY_PORT 0x5a5a01
#define LOOPBACK_BUFFER	    70000

struct loopback_stats {
	int requests;		 /* messages handed to the demux */
	int replies;		 /* replies handed back */
	int dealloc_reply_ports; /* mig_dealloc_reply_port calls */
	int allocations;	 /* mig_allocate calls */
	int deallocations;	 /* mig_deallocate calls */
	int from_kernel;	 /* mach_msg_*_from_kernel calls */
	int regs;		 /* mach_msg_regs calls (then mach_msg) */
	boolean_t last_demux;	 /* what the demux returned */
	kern_return_t last_retcode;
};

extern struct loopback_stats loopback_stats;

/* Route every mach_msg to this demux; reset the counters. */
void loopback_init(loopback_demux_t demux);

/* Called on the request as the server will see it, before the demux. */
extern void (*loopback_tamper_request)(mach_msg_header_t *request);

/* Called on the reply as the user will see it. */
extern void (*loopback_tamper_reply)(mach_msg_header_t *reply);

/* The last request as delivered to the server (packed), and its size. */
extern char loopback_last_request[LOOPBACK_BUFFER];

/* Deliver msg (a sender's message) into buffer as its receiver sees it. */
void loopback_deliver(const mach_msg_header_t *msg, char *buffer);

#endif
