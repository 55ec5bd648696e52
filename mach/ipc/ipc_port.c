/*
 * Ports: allocation, references, right accounting and death.
 *
 * Entry points: see ipc_port.h.  Everything here runs under ipc_lock,
 * except the *_kernel helpers, which take it.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_space.h>
#include <kern/debug.h>
#include <kern/string.h>
#include <kern/zalloc.h>

static struct zone *ipc_port_zone;
static struct zone *ipc_dead_request_zone;
unsigned long ipc_port_count;

void
ipc_port_bootstrap(void)
{
	ipc_port_zone = zone_create("ipc port", sizeof(struct ipc_port));
	ipc_dead_request_zone = zone_create("ipc dead-name request",
					    sizeof(struct ipc_dead_request));
	if (ipc_port_zone == NULL || ipc_dead_request_zone == NULL)
		panic("ipc_port_bootstrap: no memory");
}

ipc_port_t
ipc_port_alloc_locked(void)
{
	ipc_port_t port = zalloc(ipc_port_zone);
	if (port == NULL)
		return IP_NULL;
	memset(port, 0, sizeof(*port));
	port->ip_references = 1;
	port->ip_active = 1;
	ipc_mqueue_init(&port->ip_messages);
	ipc_port_count++;
	return port;
}

void
ipc_port_free_locked(ipc_port_t port)
{
	assert(port->ip_references == 0);
	assert(!port->ip_active);
	assert(port->ip_messages.imq_head == NULL);
	ipc_port_count--;
	zfree(ipc_port_zone, port);
}

void
ipc_port_no_senders_locked(ipc_port_t port)
{
	assert(port->ip_srights == 0);
	if (port->ip_active && IP_VALID(port->ip_nsrequest) &&
	    port->ip_mscount >= port->ip_nsrequest_sync) {
		ipc_port_t notify = port->ip_nsrequest;
		port->ip_nsrequest = IP_NULL;
		ipc_notify_no_senders_locked(notify, port->ip_mscount);
	}
}

/* Releases an unused send-once right: a live port gets a send-once
 * notification through it. */
void
ipc_port_release_send_once_locked(ipc_port_t port)
{
	if (port->ip_active) {
		ipc_notify_send_once_locked(port); /* consumes the right */
		return;
	}
	assert(port->ip_sorights > 0);
	port->ip_sorights--;
	ipc_port_release_locked(port);
}

/* Notifies and frees every dead-name request of a port that died. */
static void
ipc_port_notify_dead_names_locked(ipc_port_t port)
{
	struct ipc_dead_request *request;

	while ((request = port->ip_dnrequests) != NULL) {
		port->ip_dnrequests = request->ipr_next;
		ipc_notify_dead_name_locked(request->ipr_notify,
					    request->ipr_name);
		zfree(ipc_dead_request_zone, request);
	}
}

void
ipc_port_clear_receiver_locked(ipc_port_t port, mach_msg_return_t result)
{
	ipc_pset_remove_locked(port);
	port->ip_receiver = NULL;
	port->ip_receiver_name = MACH_PORT_NULL;
	ipc_mqueue_wakeup_all_locked(&port->ip_messages.imq_receivers, result);
}

/* Drops the reference to the port a receive right in transit went to. */
static void
ipc_port_clear_destination_locked(ipc_port_t port)
{
	ipc_port_t dest = port->ip_destination;

	if (dest != IP_NULL) {
		port->ip_destination = IP_NULL;
		ipc_port_release_locked(dest);
	}
}

void
ipc_port_set_destination_locked(ipc_port_t port, ipc_port_t dest)
{
	assert(port->ip_receiver == NULL);
	ipc_port_reference_locked(dest);
	ipc_port_clear_destination_locked(port);
	port->ip_destination = dest;
}

void
ipc_port_set_receiver_locked(ipc_port_t port, struct ipc_space *space,
			     mach_port_name_t name)
{
	ipc_port_clear_destination_locked(port);
	port->ip_receiver = space;
	port->ip_receiver_name = name;
}

/*
 * Walks the chain from dest: each port in transit (alive, no receiver)
 * leads to the port its receive right was sent to.  The chains have no
 * cycles (this check keeps it so), so the walk ends.
 */
int
ipc_port_check_circularity_locked(ipc_port_t port, ipc_port_t dest)
{
	for (ipc_port_t p = dest; p != IP_NULL; p = p->ip_destination) {
		if (p == port)
			return 1;
		if (!p->ip_active || p->ip_receiver != NULL)
			return 0;
	}
	return 0;
}

/* Destroys one receive right (see ipc_port_destroy_locked). */
static void
ipc_port_destroy_one_locked(ipc_port_t port)
{
	assert(port->ip_active);
	ipc_port_clear_receiver_locked(port, MACH_RCV_PORT_DIED);
	ipc_port_clear_destination_locked(port);

	if (IP_VALID(port->ip_pdrequest)) {
		/* The receive right goes to whoever asked, instead of dying. */
		ipc_port_t notify = port->ip_pdrequest;
		port->ip_pdrequest = IP_NULL;
		ipc_notify_port_destroyed_locked(notify, port);
		return;
	}

	port->ip_active = 0;
	ipc_mqueue_wakeup_all_locked(&port->ip_messages.imq_senders,
				     MACH_SEND_INVALID_DEST);
	struct ipc_kmsg *kmsg;
	while ((kmsg = ipc_mqueue_dequeue_locked(&port->ip_messages)) != NULL)
		ipc_kmsg_destroy_locked(kmsg);
	if (IP_VALID(port->ip_nsrequest)) {
		ipc_port_t notify = port->ip_nsrequest;
		port->ip_nsrequest = IP_NULL;
		ipc_port_release_send_once_locked(notify);
	}
	ipc_port_notify_dead_names_locked(port);
	ipc_port_release_locked(port);
}

/*
 * Destroying a port destroys the messages queued on it, which may carry
 * receive rights whose queues carry more, as deep as a task cares to
 * nest them.  So the destruction does not recurse: a receive right met
 * while destroying is put on a list, and the outermost call destroys
 * them one after another before it returns.
 */
static ipc_port_t ipc_port_destroy_pending;
static int ipc_port_destroying;

void
ipc_port_destroy_locked(ipc_port_t port)
{
	if (ipc_port_destroying) {
		port->ip_destroy_next = ipc_port_destroy_pending;
		ipc_port_destroy_pending = port;
		return;
	}
	ipc_port_destroying = 1;
	ipc_port_destroy_one_locked(port);
	while ((port = ipc_port_destroy_pending) != IP_NULL) {
		ipc_port_destroy_pending = port->ip_destroy_next;
		ipc_port_destroy_one_locked(port);
	}
	ipc_port_destroying = 0;
}

kern_return_t
ipc_port_request_dead_name_locked(ipc_port_t port, struct ipc_space *space,
				  mach_port_name_t name, ipc_port_t notify,
				  ipc_port_t *previous)
{
	struct ipc_dead_request *request = NULL;

	if (IP_VALID(notify)) { /* first what can fail */
		request = zalloc(ipc_dead_request_zone);
		if (request == NULL)
			return KERN_RESOURCE_SHORTAGE;
	}
	*previous = ipc_port_cancel_dead_name_locked(port, space, name);
	if (request != NULL) {
		request->ipr_space = space;
		request->ipr_name = name;
		request->ipr_notify = notify;
		request->ipr_next = port->ip_dnrequests;
		port->ip_dnrequests = request;
	}
	return KERN_SUCCESS;
}

/* Removes the dead-name request of (space, name); returns its notify
 * right (which the caller now holds), or IP_NULL. */
ipc_port_t
ipc_port_cancel_dead_name_locked(ipc_port_t port, struct ipc_space *space,
				 mach_port_name_t name)
{
	struct ipc_dead_request **link = &port->ip_dnrequests;

	for (; *link != NULL; link = &(*link)->ipr_next) {
		struct ipc_dead_request *request = *link;
		if (request->ipr_space == space && request->ipr_name == name) {
			ipc_port_t notify = request->ipr_notify;
			*link = request->ipr_next;
			zfree(ipc_dead_request_zone, request);
			return notify;
		}
	}
	return IP_NULL;
}

ipc_port_t
ipc_port_alloc_kernel(enum ipc_kobject_type type, void *object)
{
	simple_lock(&ipc_lock);
	ipc_port_t port = ipc_port_alloc_locked();
	if (port != IP_NULL) {
		port->ip_receiver = ipc_space_kernel;
		port->ip_kotype = type;
		port->ip_kobject = object;
	}
	simple_unlock(&ipc_lock);
	return port;
}

void
ipc_port_dealloc_kernel_locked(ipc_port_t port)
{
	if (port == IP_NULL || !port->ip_active)
		return;
	port->ip_kotype = IKOT_NONE;
	port->ip_kobject = NULL;
	ipc_port_destroy_locked(port);
}

ipc_port_t
ipc_port_make_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	simple_lock(&ipc_lock);
	ipc_port_make_send_locked(port);
	simple_unlock(&ipc_lock);
	return port;
}

ipc_port_t
ipc_port_copy_send(ipc_port_t port)
{
	simple_lock(&ipc_lock);
	if (IP_VALID(port) && port->ip_active)
		ipc_port_copy_send_locked(port);
	else
		port = IP_VALID(port) ? IP_DEAD : port;
	simple_unlock(&ipc_lock);
	return port;
}

void
ipc_port_swap_send(ipc_port_t *slot, ipc_port_t port)
{
	simple_lock(&ipc_lock);
	ipc_port_t old = *slot;
	*slot = port;
	if (IP_VALID(old))
		ipc_port_release_send_locked(old);
	simple_unlock(&ipc_lock);
}
