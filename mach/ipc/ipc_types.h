/*
 * The IPC objects and the lock that guards them.
 *
 * Ports (ipc_port.h), port sets (ipc_pset.h), name spaces (ipc_space.h)
 * and messages in the kernel (ipc_kmsg.h).  One lock, ipc_lock, guards
 * every field of every IPC object: ports, port sets, spaces and their
 * entries, message queues and the wait lists of threads blocked in
 * mach_msg.  It is a simple lock (interrupts off), never held while user
 * memory is copied or a thread blocks.  A finer scheme (a lock per port
 * and per space, as in Mach) can replace it without changing callers:
 * every function that expects it held ends in _locked.
 */
#ifndef IPC_IPC_TYPES_H
#define IPC_IPC_TYPES_H

#include <kern/lock.h>
#include <mach/message.h>
#include <mach/port.h>
#include <stddef.h>

struct ipc_port;
struct ipc_pset;
struct ipc_space;
struct ipc_kmsg;
struct thread;

typedef struct ipc_port *ipc_port_t;
#define IP_NULL	       ((ipc_port_t)0)
#define IP_DEAD	       ((ipc_port_t)~0ul) /* a dead right in a kernel message */
#define IP_VALID(port) ((port) != IP_NULL && (port) != IP_DEAD)

extern simple_lock_data_t ipc_lock;

void ipc_bootstrap(void);

/* Counts of live IPC objects, for tests that look for leaks. */
struct ipc_statistics {
	unsigned long is_ports;
	unsigned long is_psets;
	unsigned long is_kmsgs;
	unsigned long is_spaces;
	unsigned long is_fastpath;	/* messages that took the fast path */
	unsigned long is_fastpath_regs; /* ... of the register trap */
	/* Of those, the ones that left by the light exit; and the fast
	 * replies through the reply cache. */
	unsigned long is_fastpath_light;
	unsigned long is_reply_cached;
	unsigned long is_hotpath;     /* of is_fastpath_light: the hot path's */
	unsigned long is_hotpath_msg; /* of is_fastpath: mach_msg's hot path */
};
void ipc_statistics(struct ipc_statistics *stats);

#endif /* IPC_IPC_TYPES_H */
