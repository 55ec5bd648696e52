/*
 * Ports: a message queue with one receive right and any number of send
 * and send-once rights.
 *
 * A port is alive (ip_active) until its receive right is destroyed; then
 * it is dead: its queue is emptied, its send rights become dead names,
 * and the dead-name requests on it are notified.  A port is freed when
 * its last reference goes (ipc_port_release_locked).  References are held
 * by: each space entry naming the port, each right in a message, each
 * queued message for its destination, and the kernel object it stands
 * for, if any.
 *
 * ip_srights and ip_sorights count the port's send and send-once rights
 * anywhere in the system; when ip_srights drops to zero the no-senders
 * request, if any, is notified.  Guarded by ipc_lock.
 */
#ifndef IPC_IPC_PORT_H
#define IPC_IPC_PORT_H

#include <ipc/ipc_types.h>
#include <kern/debug.h>
#include <kern/wait_types.h>

/* A queue of messages and the threads waiting on it. */
struct ipc_mqueue {
	struct ipc_kmsg *imq_head;
	struct ipc_kmsg *imq_tail;
	mach_port_msgcount_t imq_count;
	mach_port_msgcount_t imq_qlimit;
	mach_port_seqno_t imq_seqno;	 /* of the next message received */
	struct wait_queue imq_receivers; /* waiting to receive */
	struct wait_queue imq_senders;	 /* waiting for room */
};

/* What a kernel object port stands for (ip_kobject's type). */
enum ipc_kobject_type {
	IKOT_NONE = 0,
	IKOT_TASK,
	IKOT_THREAD,
	IKOT_HOST,
	IKOT_HOST_PRIV,
	IKOT_PAGER_CONTROL, /* a memory object's control port (vm_pager.c) */
	IKOT_PAGER_NAME,    /* a memory object's name port */
	IKOT_CONSOLE,	    /* the console device (kern/console_device.c) */
};

/* A dead-name request: notify ipr_notify with ipr_name when port dies. */
struct ipc_dead_request {
	struct ipc_dead_request *ipr_next;
	struct ipc_space *ipr_space;
	mach_port_name_t ipr_name;
	ipc_port_t ipr_notify; /* send-once right */
};

struct ipc_port {
	int ip_references;
	int ip_active;
	struct ipc_space *ip_receiver; /* NULL while the receive right is in
					  a message or the port is dead */
	mach_port_name_t ip_receiver_name;
	struct ipc_pset *ip_pset; /* the set the port belongs to, or NULL */
	struct ipc_port *ip_pset_next;
	/* on its set's ready list (ipc_pset.h), and the next one there */
	int ip_pset_ready;
	struct ipc_port *ip_pset_ready_next;
	struct ipc_mqueue ip_messages;
	mach_port_rights_t ip_srights;
	mach_port_rights_t ip_sorights;
	mach_port_mscount_t ip_mscount; /* make-send count */
	ipc_port_t ip_nsrequest;	/* no-senders: send-once right */
	mach_port_mscount_t ip_nsrequest_sync;
	ipc_port_t ip_pdrequest; /* port-destroyed: send-once right */
	struct ipc_dead_request *ip_dnrequests;
	enum ipc_kobject_type ip_kotype;
	void *ip_kobject;
	struct ipc_port
	    *ip_destroy_next;		 /* list of receive rights to destroy */
	struct ipc_port *ip_destination; /* while the receive right is in a
					    message: the port it is sent to
					    (a reference), else IP_NULL */
};

void ipc_port_bootstrap(void);

/* A new live port with no rights and one reference, or NULL. */
ipc_port_t ipc_port_alloc_locked(void);

static inline void
ipc_port_reference_locked(ipc_port_t port)
{
	port->ip_references++;
}

/* Frees a port whose last reference went (ipc_port_release_locked). */
void ipc_port_free_locked(ipc_port_t port);

/* Drops a reference; frees the port with the last.  (Inline, as the
 * right accounting below: every message moves a right or two.) */
static inline void
ipc_port_release_locked(ipc_port_t port)
{
	assert(port->ip_references > 0);
	if (--port->ip_references == 0)
		ipc_port_free_locked(port);
}

/*
 * Destroys the receive right: the port dies (or, with a port-destroyed
 * request, its receive right is sent in the notification instead).
 * Consumes the receive right's reference.  Receive rights in its queued
 * messages are destroyed too, without recursion, before it returns.
 */
void ipc_port_destroy_locked(ipc_port_t port);

/*
 * The receive right leaves its space (into a message, or destroyed):
 * the port leaves its set, and the threads waiting to receive from it
 * are woken with result.
 */
void ipc_port_clear_receiver_locked(ipc_port_t port, mach_msg_return_t result);

/*
 * Receive rights in transit.  A receive right in a message goes to the
 * message's destination (ipc_port_set_destination_locked) until it is
 * received into a space (ipc_port_set_receiver_locked) or destroyed.
 * Such rights form chains: a port in transit to a port in transit to
 * ... a port that has a receiver.  A message that would close a chain
 * into a cycle (a port's receive right queued, directly or not, on the
 * port itself) is refused or destroyed: nothing could ever receive it.
 */
void ipc_port_set_destination_locked(ipc_port_t port, ipc_port_t dest);
void ipc_port_set_receiver_locked(ipc_port_t port, struct ipc_space *space,
				  mach_port_name_t name);
/* Whether sending port's receive right to dest would close a cycle. */
int ipc_port_check_circularity_locked(ipc_port_t port, ipc_port_t dest);

/* Right accounting: making, copying and releasing send rights. */
static inline void
ipc_port_make_send_locked(ipc_port_t port)
{
	port->ip_mscount++;
	port->ip_srights++;
	ipc_port_reference_locked(port);
}

static inline void
ipc_port_copy_send_locked(ipc_port_t port)
{
	port->ip_srights++;
	ipc_port_reference_locked(port);
}

static inline void
ipc_port_make_send_once_locked(ipc_port_t port)
{
	port->ip_sorights++;
	ipc_port_reference_locked(port);
}

/* The last send right of a live port with a no-senders request. */
void ipc_port_no_senders_locked(ipc_port_t port);

/* Releases a send right (and its reference); the last one of a live port
 * fires the no-senders request. */
static inline void
ipc_port_release_send_locked(ipc_port_t port)
{
	assert(port->ip_srights > 0);
	if (--port->ip_srights == 0 && IP_VALID(port->ip_nsrequest))
		ipc_port_no_senders_locked(port);
	ipc_port_release_locked(port);
}

void ipc_port_release_send_once_locked(ipc_port_t port);

/*
 * Dead-name requests (mach_port_request_notification).  The request of
 * (space, name) becomes one for notify (IP_NULL: none); *previous gets
 * the notify right of the one it replaces, or IP_NULL.  Returns
 * KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE with nothing changed.
 */
kern_return_t ipc_port_request_dead_name_locked(ipc_port_t port,
						struct ipc_space *space,
						mach_port_name_t name,
						ipc_port_t notify,
						ipc_port_t *previous);
ipc_port_t ipc_port_cancel_dead_name_locked(ipc_port_t port,
					    struct ipc_space *space,
					    mach_port_name_t name);

/* Kernel objects. */
ipc_port_t ipc_port_alloc_kernel(enum ipc_kobject_type type, void *object);
/* Ends a kernel object's port (its object is going away); NULL is fine. */
void ipc_port_dealloc_kernel_locked(ipc_port_t port);
/* A send right made in the kernel (for messages the kernel sends). */
ipc_port_t ipc_port_make_send(ipc_port_t port);
/* Another send right to a port the kernel holds one to (or IP_NULL). */
ipc_port_t ipc_port_copy_send(ipc_port_t port);
/* Stores the send right port in *slot, releasing the one there. */
void ipc_port_swap_send(ipc_port_t *slot, ipc_port_t port);

#endif /* IPC_IPC_PORT_H */
