/*
 * Port sets: a receive right for several ports at once.  A thread that
 * receives on a set takes the first message queued on any member port.
 * Guarded by ipc_lock.
 */
#ifndef IPC_IPC_PSET_H
#define IPC_IPC_PSET_H

#include <ipc/ipc_types.h>

struct ipc_pset {
	int ips_active;
	struct ipc_space *ips_space;
	mach_port_name_t ips_name;
	struct ipc_port *ips_members; /* linked through ip_pset_next */
	struct thread *ips_receivers; /* threads waiting on the set */
};

void ipc_pset_bootstrap(void);
struct ipc_pset *ipc_pset_alloc_locked(struct ipc_space *space,
				       mach_port_name_t name);
/* Removes every member and frees the set. */
void ipc_pset_destroy_locked(struct ipc_pset *pset);

void ipc_pset_add_locked(struct ipc_pset *pset, ipc_port_t port);
void ipc_pset_remove_locked(ipc_port_t port);

/* The first member port with a queued message, or NULL. */
ipc_port_t ipc_pset_ready_port_locked(struct ipc_pset *pset);

#endif /* IPC_IPC_PSET_H */
