/*
 * Port sets: a receive right for several ports at once.  A thread that
 * receives on a set takes the first message queued on any member port.
 * Guarded by ipc_lock.
 */
#ifndef IPC_IPC_PSET_H
#define IPC_IPC_PSET_H

#include <ipc/ipc_types.h>
#include <kern/wait_types.h>

struct ipc_pset {
	int ips_active;
	int ips_references; /* the set's right, and each thread in a
			       receive on it (the set may die meanwhile) */
	struct ipc_space *ips_space;
	mach_port_name_t ips_name;
	struct ipc_port *ips_members;	 /* linked through ip_pset_next */
	struct wait_queue ips_receivers; /* threads waiting on the set */
};

void ipc_pset_bootstrap(void);
struct ipc_pset *ipc_pset_alloc_locked(struct ipc_space *space,
				       mach_port_name_t name);
/* Destroys the set's right: removes every member, wakes its receivers
 * (MACH_RCV_PORT_DIED) and drops the right's reference. */
void ipc_pset_destroy_locked(struct ipc_pset *pset);

/* References held by receivers; the last release frees the set. */
static inline void
ipc_pset_reference_locked(struct ipc_pset *pset)
{
	pset->ips_references++;
}
void ipc_pset_release_locked(struct ipc_pset *pset);

void ipc_pset_add_locked(struct ipc_pset *pset, ipc_port_t port);
void ipc_pset_remove_locked(ipc_port_t port);

/* The first member port with a queued message, or NULL. */
ipc_port_t ipc_pset_ready_port_locked(struct ipc_pset *pset);

#endif /* IPC_IPC_PSET_H */
