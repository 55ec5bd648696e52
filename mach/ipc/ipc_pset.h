/*
 * Port sets: a receive right for several ports at once.  A thread that
 * receives on a set takes a message of the member port that has waited
 * longest: the set keeps its members with queued messages on a ready
 * list, in the order their queues became non-empty, and a port taken
 * from its head goes back to the tail if it has more.  So the set is
 * fair (no busy port starves the others), finding a message costs
 * O(1) however many members there are, and messages to different
 * members are taken in the order they came, one per port at a time: a
 * notification queued on one port before a request to another is
 * served first (a server learns of a closed pipe end before the write
 * that follows the close).  Guarded by ipc_lock.
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
	/* members with queued messages, through ip_pset_ready_next */
	struct ipc_port *ips_ready_head, *ips_ready_tail;
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

/* The member port whose messages have waited longest (the head of the
 * ready list), or NULL: no member has a message. */
static inline ipc_port_t
ipc_pset_ready_port_locked(struct ipc_pset *pset)
{
	return pset->ips_ready_head;
}

/* One message has been taken from port, the ready list's head: it goes
 * behind the others if it has more, else off the list. */
void ipc_pset_rotate_locked(ipc_port_t port);

/* A member port has queued messages: onto its set's ready list, at the
 * tail (a new message) or the head (one given back: MACH_RCV_LARGE),
 * unless it is on it already. */
void ipc_pset_note_ready_locked(ipc_port_t port, int at_head);

#endif /* IPC_IPC_PSET_H */
