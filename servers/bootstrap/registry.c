/*
 * The registry: names -> send rights, and the look-ups waiting for a
 * name.  The routines of bootstrap.defs (server side, do_bootstrap_*):
 *
 *	do_bootstrap_register		a name gets a service; waiters answered
 *	do_bootstrap_look_up		a service, now or once registered
 *	do_bootstrap_look_up_nowait	a service, or BOOTSTRAP_UNKNOWN_SERVICE
 *	registry_dead_name		a service died: its names are forgotten
 *
 * Each entry holds one send reference to its service (the one the
 * register request brought); replacing or forgetting the entry releases
 * it.  The server watches every registered right with a dead-name
 * notification, so a look-up never returns a dead service: once it dies,
 * look-ups wait again until someone registers the name anew.
 *
 * A look-up of a name not registered yet keeps its reply right (reply,
 * replyPoly: the sreplyport of bootstrap.defs), returns MIG_NO_REPLY so
 * the server loop sends nothing, and is answered by the register that
 * brings the name, with bootstrap_look_up_reply (bootstrap_reply.defs),
 * sent with a zero timeout: a client never blocks the server.  A client
 * that died meanwhile leaves a dead reply right, released on the failed
 * send.  Lists are short and searched linearly; waiters are answered in
 * the order they came.
 */
#include "bootstrap.h"
#include "bootstrap_reply.h"
#include "bootstrap_server.h"

#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mig_errors.h>
#include <stdlib.h>
#include <string.h>

static struct registry_entry *registry_entries;
static struct registry_waiter *registry_waiters; /* oldest first */

/* A name must have 1..BOOTSTRAP_NAME_MAX bytes. */
static kern_return_t
registry_check_name(const char *name)
{
	size_t length = strnlen(name, BOOTSTRAP_NAME_MAX + 1);

	if (length == 0 || length > BOOTSTRAP_NAME_MAX)
		return BOOTSTRAP_BAD_NAME;
	return KERN_SUCCESS;
}

static struct registry_entry *
registry_find(const char *name)
{
	struct registry_entry *entry;

	for (entry = registry_entries; entry != NULL; entry = entry->re_next)
		if (strcmp(entry->re_name, name) == 0)
			return entry;
	return NULL;
}

/*
 * Sends a waiter its service.  If the message cannot be delivered (the
 * client is gone, or its reply queue is full), our reply right is
 * released; after a timeout the kernel has also handed back the copy of
 * the service right the message held, which goes too.
 */
static void
registry_reply(struct registry_waiter *waiter, mach_port_t service)
{
	kern_return_t kr;

	kr = bootstrap_look_up_reply(waiter->rw_reply, waiter->rw_reply_type,
				     KERN_SUCCESS, service);
	if (kr == MACH_MSG_SUCCESS)
		return;
	mach_port_deallocate(mach_task_self(), waiter->rw_reply);
	if (kr == MACH_SEND_TIMED_OUT)
		mach_port_deallocate(mach_task_self(), service);
}

/* Answers, and forgets, every waiter for entry's name. */
static void
registry_answer_waiters(struct registry_entry *entry)
{
	struct registry_waiter **link = &registry_waiters, *waiter;

	while ((waiter = *link) != NULL) {
		if (strcmp(waiter->rw_name, entry->re_name) != 0) {
			link = &waiter->rw_next;
			continue;
		}
		*link = waiter->rw_next;
		registry_reply(waiter, entry->re_service);
		free(waiter);
	}
}

kern_return_t
do_bootstrap_register(mach_port_t bootstrap, bootstrap_server_name_t name,
		      mach_port_t service)
{
	struct registry_entry *entry;
	kern_return_t kr;

	(void)bootstrap;
	if ((kr = registry_check_name(name)) != KERN_SUCCESS)
		return kr;
	if (!MACH_PORT_VALID(service))
		return BOOTSTRAP_BAD_SERVICE;
	entry = registry_find(name);
	if (entry == NULL) {
		entry = calloc(1, sizeof(*entry));
		if (entry == NULL)
			return BOOTSTRAP_NO_MEMORY;
		strcpy(entry->re_name, name);
		entry->re_next = registry_entries;
		registry_entries = entry;
	} else {
		mach_port_deallocate(mach_task_self(), entry->re_service);
	}
	entry->re_service = service;
	bootstrap_watch(service);
	registry_answer_waiters(entry);
	return KERN_SUCCESS;
}

/* Keeps a look-up's reply right until name is registered. */
static kern_return_t
registry_wait(const char *name, mach_port_t reply, mach_msg_type_name_t type)
{
	struct registry_waiter *waiter, **link;

	if (!MACH_PORT_VALID(reply))
		return BOOTSTRAP_UNKNOWN_SERVICE; /* nobody to answer later */
	waiter = calloc(1, sizeof(*waiter));
	if (waiter == NULL)
		return BOOTSTRAP_NO_MEMORY;
	waiter->rw_reply = reply;
	waiter->rw_reply_type = type;
	strcpy(waiter->rw_name, name);
	for (link = &registry_waiters; *link != NULL; link = &(*link)->rw_next)
		;
	*link = waiter;
	return MIG_NO_REPLY;
}

kern_return_t
do_bootstrap_look_up_nowait(mach_port_t bootstrap, bootstrap_server_name_t name,
			    mach_port_t *service)
{
	struct registry_entry *entry;
	kern_return_t kr;

	(void)bootstrap;
	if ((kr = registry_check_name(name)) != KERN_SUCCESS)
		return kr;
	entry = registry_find(name);
	if (entry == NULL)
		return BOOTSTRAP_UNKNOWN_SERVICE;
	*service = entry->re_service;
	return KERN_SUCCESS;
}

kern_return_t
do_bootstrap_look_up(mach_port_t bootstrap, mach_port_t reply,
		     mach_msg_type_name_t replyPoly,
		     bootstrap_server_name_t name, mach_port_t *service)
{
	kern_return_t kr =
	    do_bootstrap_look_up_nowait(bootstrap, name, service);

	if (kr == BOOTSTRAP_UNKNOWN_SERVICE) /* not yet: answer later */
		return registry_wait(name, reply, replyPoly);
	return kr;
}

void
registry_dead_name(mach_port_t name)
{
	struct registry_entry **link = &registry_entries, *entry;

	while ((entry = *link) != NULL) {
		if (entry->re_service != name) {
			link = &entry->re_next;
			continue;
		}
		*link = entry->re_next;
		mach_port_deallocate(mach_task_self(), name);
		free(entry);
	}
}
