/*
 * Port sets (see ipc_pset.h).
 *
 * A set lives while its right does and, after the right is destroyed,
 * until the last thread that was receiving on it has woken and looked:
 * a woken receiver may run after the set died (ips_references).
 */
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <kern/debug.h>
#include <kern/wait.h>
#include <kern/zalloc.h>

static struct zone *ipc_pset_zone;
unsigned long ipc_pset_count;

void
ipc_pset_bootstrap(void)
{
	ipc_pset_zone = zone_create("ipc pset", sizeof(struct ipc_pset));
	if (ipc_pset_zone == NULL)
		panic("ipc_pset_bootstrap: no memory");
}

struct ipc_pset *
ipc_pset_alloc_locked(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_pset *pset = zalloc(ipc_pset_zone);
	if (pset == NULL)
		return NULL;
	pset->ips_active = 1;
	pset->ips_references = 1;
	pset->ips_space = space;
	pset->ips_name = name;
	pset->ips_members = NULL;
	pset->ips_ready_head = pset->ips_ready_tail = NULL;
	wait_queue_init(&pset->ips_receivers);
	ipc_pset_count++;
	return pset;
}

void
ipc_pset_add_locked(struct ipc_pset *pset, ipc_port_t port)
{
	assert(port->ip_pset == NULL);
	port->ip_pset = pset;
	port->ip_pset_next = pset->ips_members;
	pset->ips_members = port;
	/* A receiver waiting on the set may now have a message. */
	if (port->ip_messages.imq_head != NULL) {
		ipc_pset_note_ready_locked(port, 0);
		ipc_mqueue_wakeup_set_receiver_locked(pset);
	}
}

void
ipc_pset_note_ready_locked(ipc_port_t port, int at_head)
{
	struct ipc_pset *pset = port->ip_pset;

	assert(pset != NULL);
	if (port->ip_pset_ready)
		return;
	port->ip_pset_ready = 1;
	if (at_head || pset->ips_ready_head == NULL) {
		port->ip_pset_ready_next = pset->ips_ready_head;
		pset->ips_ready_head = port;
		if (pset->ips_ready_tail == NULL)
			pset->ips_ready_tail = port;
		return;
	}
	port->ip_pset_ready_next = NULL;
	pset->ips_ready_tail->ip_pset_ready_next = port;
	pset->ips_ready_tail = port;
}

/* Takes port off its set's ready list, wherever it is. */
static void
ipc_pset_unready_locked(struct ipc_pset *pset, ipc_port_t port)
{
	ipc_port_t *link = &pset->ips_ready_head, previous = NULL;

	if (!port->ip_pset_ready)
		return;
	while (*link != port) {
		previous = *link;
		link = &(*link)->ip_pset_ready_next;
	}
	*link = port->ip_pset_ready_next;
	if (pset->ips_ready_tail == port)
		pset->ips_ready_tail = previous;
	port->ip_pset_ready = 0;
	port->ip_pset_ready_next = NULL;
}

void
ipc_pset_remove_locked(ipc_port_t port)
{
	struct ipc_pset *pset = port->ip_pset;
	if (pset == NULL)
		return;
	ipc_pset_unready_locked(pset, port);
	ipc_port_t *link = &pset->ips_members;
	while (*link != port)
		link = &(*link)->ip_pset_next;
	*link = port->ip_pset_next;
	port->ip_pset = NULL;
	port->ip_pset_next = NULL;
}

void
ipc_pset_rotate_locked(ipc_port_t port)
{
	struct ipc_pset *pset = port->ip_pset;

	assert(pset != NULL && pset->ips_ready_head == port);
	ipc_pset_unready_locked(pset, port);
	if (port->ip_messages.imq_head != NULL)
		ipc_pset_note_ready_locked(port, 0);
}

void
ipc_pset_destroy_locked(struct ipc_pset *pset)
{
	while (pset->ips_members != NULL)
		ipc_pset_remove_locked(pset->ips_members);
	pset->ips_active = 0;
	ipc_mqueue_wakeup_all_locked(&pset->ips_receivers, MACH_RCV_PORT_DIED);
	ipc_pset_release_locked(pset);
}

void
ipc_pset_release_locked(struct ipc_pset *pset)
{
	assert(pset->ips_references > 0);
	if (--pset->ips_references > 0)
		return;
	assert(!pset->ips_active && wait_queue_empty(&pset->ips_receivers));
	ipc_pset_count--;
	zfree(ipc_pset_zone, pset);
}
