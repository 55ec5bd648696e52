/*
 * Kernel objects: tasks, threads and the host are ports whose receiver is
 * the kernel.  A message sent to one is served at once, in the sender's
 * thread, by the IDL-generated server stubs of the object's interfaces;
 * the reply goes to the request's reply port.
 */
#ifndef IPC_IPC_KOBJECT_H
#define IPC_IPC_KOBJECT_H

#include <ipc/ipc_port.h>

/* Serves a request (rights already copied in) and sends the reply. */
void ipc_kobject_serve(struct ipc_kmsg *request);

/*
 * Said by a kernel routine that keeps its request's reply right to
 * answer later, and returns MIG_NO_REPLY (console_read).  Any other
 * MIG_NO_REPLY (a simpleroutine's, whose request needs no reply) gives
 * back the reply right the request brought all the same: a client that
 * sends a simpleroutine with a reply port loses nothing.
 */
void ipc_kobject_keep_reply(void);

/* A server demux, as the IDL compiler generates them. */
typedef boolean_t (*ipc_kobject_demux_t)(mach_msg_header_t *request,
					 mach_msg_header_t *reply);

/* The largest reply of the kernel's interfaces (kern/kobject_servers.c). */
extern const mach_msg_size_t ipc_kobject_reply_max;

#endif /* IPC_IPC_KOBJECT_H */
