/*
 * The server as the external pager of its own regular files: one
 * memory object (a port the server receives on) per file that is mapped,
 * made when a mapping is first asked for and kept while any send right
 * to it exists (the kernel's object holds one while it lives).
 *
 *	pager_file_object	the object of an open file, for mmap
 *				(unix_file_memory_object), with the access
 *				checks
 *	pager_node_object	a send right for the server's own vm_map
 *				(exec)
 *	pager_keep		an executable just run: its object kept
 *				mapped by the server (the last
 *				PAGER_KEPT_MAX), so its pages stay for the
 *				next exec
 *	pager_sync		msync: dirty pages back into the file
 *	pager_clean		before a read(): the same, for a range
 *	pager_change_begin/end	around a write() or a shrink: dirty pages
 *				back and out of the kernel, requests held
 *				until the change is made
 *	pager_mapped		does the node have an object?
 *	pager_start		the pager thread
 *
 * The memory_object.defs routines (init, data_request, data_return,
 * data_unlock, lock_completed, terminate) and the no-senders
 * notification run in a thread of their own, the pager thread, on a port
 * set of the objects.  It must: the main thread writes into processes
 * with vm_write (user_write), which faults in a page of one of our
 * objects when a process reads into a mapped file's page, and that fault
 * waits for our data_request's answer.  So the main thread drops the
 * server's lock (unix_lock) around vm_write, and the pager thread takes it
 * for each message; the pager thread waits for nothing else, so every
 * fault on our objects is answered.  The main thread's own faults on
 * them (a request's out-of-line bytes, a copy of the sender's pages) are
 * taken before it takes the lock (user_prefault, user.c).
 *
 * Coherence with read() and write(): memory_object_lock_request is done
 * by the kernel in the call, which queues the data_returns of the dirty
 * pages on the object's port before it returns; the main thread then
 * sends a message of its own to that port (a barrier) and waits, with
 * unix_lock released, until the pager thread has seen it, and so every
 * data_return before it.  While a change is being made the data requests
 * that arrive are kept and answered after it, from the changed file.
 */
#include "unix.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/memory_object_control.h>
#include <mach/memory_object_server.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include <mach/notify_server.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PAGER_PAGE	 4096ul
#define PAGER_TRUNC(x)	 ((x) & ~(PAGER_PAGE - 1))
#define PAGER_ROUND(x)	 (((x) + PAGER_PAGE - 1) & ~(PAGER_PAGE - 1))
#define PAGER_BARRIER_ID 0x756e7870 /* "unxp": our own message */
#define PAGER_MSG_MAX	 8192

/* A data request kept while the file changes. */
struct pager_request {
	struct pager_request *pq_next;
	mach_port_t pq_control;
	vm_offset_t pq_offset;
	vm_size_t pq_length;
};

/*
 * A file's memory object.  Guarded by unix_lock, like everything else.
 * fp_made counts the send rights made (the no-senders notification's
 * count is compared with it: one made since it fired keeps the object).
 */
struct file_pager {
	struct file_pager *fp_next;
	struct node *fp_node;	/* held while the object lives */
	mach_port_t fp_port;	/* receive right: the memory object */
	mach_port_t fp_control; /* the kernel object's, or none */
	mach_port_mscount_t fp_made;
	int fp_writers; /* a shared writable mapping was allowed */
	int fp_hold;	/* a change is being made */
	int fp_waiters; /* main-thread waits for a barrier */
	int fp_dead;	/* no senders while waited on */
	unsigned fp_barriers_sent, fp_barriers_seen;
	struct pager_request *fp_held;
	/* the server's own mapping, which keeps the kernel's object and
	 * its pages while no process maps it (pager_keep), or 0 */
	vm_address_t fp_kept_address;
	vm_size_t fp_kept_size;
};

/* The objects kept mapped by the server, the most recently run first. */
#define PAGER_KEPT_MAX 8
static struct file_pager *pager_kept[PAGER_KEPT_MAX];

static struct file_pager *pager_list;
static mach_port_t pager_set;
static mach_cond_t pager_barrier_cond = MACH_COND_INITIALIZER;
static char pager_page[PAGER_PAGE] __attribute__((aligned(PAGER_PAGE)));

/* The node's memory object, if it is a regular file with one. */
static struct file_pager *
pager_of(struct node *node)
{
	return S_ISREG(node->n_mode) ? node->n_file.nf_pager : NULL;
}

int
pager_mapped(struct node *node)
{
	return pager_of(node) != NULL;
}

static struct file_pager *
pager_find(mach_port_t port)
{
	for (struct file_pager *fp = pager_list; fp != NULL; fp = fp->fp_next)
		if (fp->fp_port == port)
			return fp;
	return NULL;
}

/* Asks for the no-senders notification, once sync send rights have
 * been made. */
static void
pager_watch(struct file_pager *fp, mach_port_mscount_t sync)
{
	mach_port_t previous;

	if (mach_port_request_notification(
		mach_task_self(), fp->fp_port, MACH_NOTIFY_NO_SENDERS, sync,
		fp->fp_port, &previous) == KERN_SUCCESS &&
	    MACH_PORT_VALID(previous))
		mach_port_deallocate(mach_task_self(), previous);
}

/* The node's object, made if it has none: NULL if out of resources. */
static struct file_pager *
pager_get(struct node *node)
{
	struct file_pager *fp = node->n_file.nf_pager;

	if (fp != NULL)
		return fp;
	if ((fp = calloc(1, sizeof(*fp))) == NULL)
		return NULL;
	mach_port_t self = mach_task_self();
	if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &fp->fp_port) !=
	    KERN_SUCCESS) {
		free(fp);
		return NULL;
	}
	if (mach_port_move_member(self, fp->fp_port, pager_set) !=
	    KERN_SUCCESS) {
		mach_port_mod_refs(self, fp->fp_port, MACH_PORT_RIGHT_RECEIVE,
				   -1);
		free(fp);
		return NULL;
	}
	/* the kernel queues data_returns whatever the limit; our barrier
	 * must not wait behind a full queue either */
	mach_port_set_qlimit(self, fp->fp_port, MACH_PORT_QLIMIT_MAX);
	pager_watch(fp, 1);
	fp->fp_node = node;
	vfs_node_hold(node);
	node->n_file.nf_pager = fp;
	fp->fp_next = pager_list;
	pager_list = fp;
	return fp;
}

/* One more send right is being made (by a reply or by us).  The
 * no-senders request stays: it compares counts when it fires. */
static void
pager_made_send(struct file_pager *fp)
{
	fp->fp_made++;
}

static void
pager_destroy(struct file_pager *fp)
{
	struct file_pager **link = &pager_list;

	while (*link != fp)
		link = &(*link)->fp_next;
	*link = fp->fp_next;
	fp->fp_node->n_file.nf_pager = NULL;
	vfs_node_release(fp->fp_node);
	mach_port_t self = mach_task_self();
	if (MACH_PORT_VALID(fp->fp_control))
		mach_port_deallocate(self, fp->fp_control);
	mach_port_mod_refs(self, fp->fp_port, MACH_PORT_RIGHT_RECEIVE, -1);
	while (fp->fp_held != NULL) {
		struct pager_request *r = fp->fp_held;
		fp->fp_held = r->pq_next;
		mach_port_deallocate(self, r->pq_control);
		free(r);
	}
	free(fp);
}

int
pager_file_object(struct file *file, int prot, int flags, mach_port_t *object)
{
	*object = MACH_PORT_NULL;
	if (file->f_node == NULL || !S_ISREG(file->f_node->n_mode))
		return ENODEV;
	int mode = file->f_flags & O_ACCMODE;
	if (mode == O_WRONLY)
		return EACCES;
	int shared_write = (flags & MAP_SHARED) && (prot & PROT_WRITE);
	if (shared_write && mode != O_RDWR)
		return EACCES;
	struct file_pager *fp = pager_get(file->f_node);
	if (fp == NULL)
		return ENOMEM;
	/* writable now, or later by mprotect */
	if ((flags & MAP_SHARED) && mode == O_RDWR)
		fp->fp_writers = 1;
	pager_made_send(fp); /* the reply makes it */
	*object = fp->fp_port;
	return 0;
}

kern_return_t
pager_node_object(struct node *node, mach_port_t *object)
{
	struct file_pager *fp = pager_get(node);

	if (fp == NULL)
		return KERN_RESOURCE_SHORTAGE;
	kern_return_t kr =
	    mach_port_insert_right(mach_task_self(), fp->fp_port, fp->fp_port,
				   MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS)
		return kr;
	pager_made_send(fp);
	*object = fp->fp_port;
	return KERN_SUCCESS;
}

/*
 * Waits (unix_lock released) until the pager thread has handled every
 * message queued on fp's port before now.  fp may have lost its last
 * sender meanwhile: it is destroyed here then.
 */
static void
pager_barrier(struct file_pager *fp)
{
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = fp->fp_port,
	    .msgh_id = PAGER_BARRIER_ID,
	};

	fp->fp_waiters++; /* fp stays while unix_lock is let go */
	mach_msg_return_t mr =
	    mach_msg(&msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg), 0,
		     MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (mr == MACH_SEND_TIMED_OUT) { /* a full queue: let it drain */
		mach_mutex_unlock(&unix_lock);
		mr = mach_msg(&msg, MACH_SEND_MSG, sizeof(msg), 0,
			      MACH_PORT_NULL, 0, MACH_PORT_NULL);
		mach_mutex_lock(&unix_lock);
	}
	if (mr == MACH_MSG_SUCCESS) {
		unsigned target = ++fp->fp_barriers_sent;
		while ((int)(fp->fp_barriers_seen - target) < 0)
			mach_cond_wait(&pager_barrier_cond, &unix_lock);
	}
	fp->fp_waiters--;
}

/* Takes back the kernel's dirty pages of [offset, offset + size) (and
 * flushes them all if flush); 0 if fp died meanwhile. */
static int
pager_lock(struct file_pager *fp, off_t offset, off_t size, int flush)
{
	vm_offset_t start = PAGER_TRUNC((vm_offset_t)offset);
	vm_size_t length = PAGER_ROUND((vm_offset_t)(offset + size)) - start;
	if (MACH_PORT_VALID(fp->fp_control) && length > 0)
		(void)memory_object_lock_request(
		    fp->fp_control, start, length, MEMORY_OBJECT_RETURN_DIRTY,
		    flush, VM_PROT_NONE, MACH_PORT_NULL);
	/* even with no object (or a dying one): the data_returns of an
	 * object that just ended may still wait in the queue */
	pager_barrier(fp);
	if (fp->fp_dead && fp->fp_waiters == 0) {
		pager_destroy(fp);
		return 0;
	}
	return 1;
}

void
pager_clean(struct node *node, off_t offset, off_t size)
{
	struct file_pager *fp = pager_of(node);

	/* without a shared writer no page can be dirty */
	if (fp != NULL && fp->fp_writers)
		(void)pager_lock(fp, offset, size, FALSE);
}

void
pager_sync(ino_t ino, off_t offset, off_t size)
{
	for (struct file_pager *fp = pager_list; fp != NULL; fp = fp->fp_next)
		if (fp->fp_node->n_ino == ino) {
			pager_clean(fp->fp_node, offset, size);
			return;
		}
}

void
pager_change_begin(struct node *node, off_t offset, off_t size)
{
	struct file_pager *fp = pager_of(node);

	if (fp == NULL)
		return;
	fp->fp_hold++;
	(void)pager_lock(fp, offset, size, TRUE);
}

static void
pager_supply(struct node *node, mach_port_t control, vm_offset_t offset,
	     vm_size_t length)
{
	off_t size = node->n_file.nf_size;

	for (vm_offset_t at = offset; at < offset + length; at += PAGER_PAGE) {
		if ((off_t)at >= size) {
			memory_object_data_unavailable(control, at,
						       offset + length - at);
			return;
		}
		size_t count = size - (off_t)at < (off_t)PAGER_PAGE
				   ? (size_t)(size - at)
				   : PAGER_PAGE;
		memcpy(pager_page, node->n_file.nf_data + at, count);
		memset(pager_page + count, 0, PAGER_PAGE - count);
		memory_object_data_supply(control, at, (vm_offset_t)pager_page,
					  PAGER_PAGE, FALSE, VM_PROT_NONE,
					  FALSE, MACH_PORT_NULL);
	}
}

void
pager_change_end(struct node *node)
{
	struct file_pager *fp = pager_of(node);

	if (fp == NULL || --fp->fp_hold > 0)
		return;
	while (fp->fp_held != NULL) {
		struct pager_request *r = fp->fp_held;
		fp->fp_held = r->pq_next;
		pager_supply(node, r->pq_control, r->pq_offset, r->pq_length);
		mach_port_deallocate(mach_task_self(), r->pq_control);
		free(r);
	}
}

/* --- The pager thread: memory_object.defs --- */

kern_return_t
memory_object_init(mach_port_t object, mach_port_t control, mach_port_t name,
		   vm_size_t page_size)
{
	struct file_pager *fp = pager_find(object);

	(void)page_size;
	mach_port_deallocate(mach_task_self(), name);
	if (fp == NULL) {
		mach_port_deallocate(mach_task_self(), control);
		return KERN_SUCCESS;
	}
	/* the kernel ends an object (terminate) before it makes the next */
	if (MACH_PORT_VALID(fp->fp_control))
		mach_port_deallocate(mach_task_self(), fp->fp_control);
	fp->fp_control = control;
	(void)memory_object_ready(control, FALSE, MEMORY_OBJECT_COPY_DELAY);
	return KERN_SUCCESS; /* (an error would have the loop destroy
				control, which we keep) */
}

kern_return_t
memory_object_data_request(mach_port_t object, mach_port_t control,
			   vm_offset_t offset, vm_size_t length,
			   vm_prot_t access)
{
	struct file_pager *fp = pager_find(object);

	(void)access;
	if (fp == NULL) {
		(void)memory_object_data_error(control, offset, length,
					       KERN_MEMORY_ERROR);
		mach_port_deallocate(mach_task_self(), control);
		return KERN_SUCCESS;
	}
	if (fp->fp_hold > 0) {
		struct pager_request *r = malloc(sizeof(*r));
		if (r != NULL) {
			r->pq_control = control;
			r->pq_offset = offset;
			r->pq_length = length;
			r->pq_next = fp->fp_held;
			fp->fp_held = r;
			return MIG_NO_REPLY; /* keeps control */
		}
	}
	pager_supply(fp->fp_node, control, offset, length);
	mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

/* Written back: never beyond the file's end (which a write() or
 * ftruncate would have moved first). */
kern_return_t
memory_object_data_return(mach_port_t object, mach_port_t control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t count, boolean_t dirty,
			  boolean_t kernel_copy)
{
	struct file_pager *fp = pager_find(object);

	(void)dirty, (void)kernel_copy;
	/* Only the kernel's object has our control port: a process holding
	 * the object's send right cannot write the file by sending this.
	 * (The last pages of an object that ended come with a control
	 * port dead on the way: ours is a dead name by then.) */
	mach_port_type_t type = 0;
	int genuine = fp != NULL && MACH_PORT_VALID(fp->fp_control) &&
		      (control == fp->fp_control ||
		       (control == MACH_PORT_DEAD &&
			mach_port_type(mach_task_self(), fp->fp_control,
				       &type) == KERN_SUCCESS &&
			(type & MACH_PORT_TYPE_DEAD_NAME)));
	/* each message brings a reference to the control port: dropped */
	mach_port_deallocate(mach_task_self(), control);
	if (genuine && (off_t)offset < fp->fp_node->n_file.nf_size) {
		off_t room = fp->fp_node->n_file.nf_size - (off_t)offset;
		size_t n = (off_t)count < room ? count : (size_t)room;
		memcpy(fp->fp_node->n_file.nf_data + offset, (void *)data, n);
	}
	vm_deallocate(mach_task_self(), data, count);
	return KERN_SUCCESS;
}

/* This kernel never locks a page against its pager's wish; grant all. */
kern_return_t
memory_object_data_unlock(mach_port_t object, mach_port_t control,
			  vm_offset_t offset, vm_size_t length,
			  vm_prot_t access)
{
	(void)object, (void)access;
	(void)memory_object_lock_request(control, offset, length,
					 MEMORY_OBJECT_RETURN_NONE, FALSE,
					 VM_PROT_NONE, MACH_PORT_NULL);
	mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

/* We ask for no completions (our barrier serves): nothing to do. */
kern_return_t
memory_object_lock_completed(mach_port_t object, mach_port_t control,
			     vm_offset_t offset, vm_size_t length)
{
	(void)object, (void)offset, (void)length;
	mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

/* The kernel's object ended (its last mapping went); the port stays
 * while a process still holds a right to map it again. */
kern_return_t
memory_object_terminate(mach_port_t object, mach_port_t control,
			mach_port_t name)
{
	struct file_pager *fp = pager_find(object);

	(void)control, (void)name; /* MACH_PORT_NULL here (docs/vm.md) */
	if (fp != NULL && MACH_PORT_VALID(fp->fp_control)) {
		mach_port_deallocate(mach_task_self(), fp->fp_control);
		fp->fp_control = MACH_PORT_NULL;
	}
	return KERN_SUCCESS;
}

/* No send right left: no mapping, no process about to map. */
void
pager_no_senders(mach_port_t port, mach_port_mscount_t mscount)
{
	struct file_pager *fp = pager_find(port);

	if (fp == NULL)
		return;
	if (mscount < fp->fp_made)
		pager_watch(fp, fp->fp_made); /* a right made since */
	else if (fp->fp_waiters > 0)
		fp->fp_dead = 1; /* the waiter destroys it */
	else
		pager_destroy(fp);
}

static boolean_t
pager_demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_error_t *r = (mig_reply_error_t *)reply;
	boolean_t known = TRUE;

	mach_mutex_lock(&unix_lock);
	if (request->msgh_id != PAGER_BARRIER_ID &&
	    !mach_msg_from_kernel(request)) {
		known = FALSE; /* destroyed by the loop, unanswered */
	} else if (request->msgh_id == PAGER_BARRIER_ID) {
		struct file_pager *fp = pager_find(request->msgh_local_port);
		if (fp != NULL)
			fp->fp_barriers_seen++;
		mach_cond_broadcast(&pager_barrier_cond);
		r->Head.msgh_remote_port = MACH_PORT_NULL;
		r->RetCode = MIG_NO_REPLY;
	} else if (request->msgh_id == MACH_NOTIFY_NO_SENDERS) {
		known = notify_server(request, reply);
	} else {
		known = memory_object_server(request, reply);
	}
	mach_mutex_unlock(&unix_lock);
	return known;
}

static void *
pager_thread(void *arg)
{
	(void)arg;
	mach_wait_queue_prepare(); /* it waits for unix_lock */
	mach_msg_server(pager_demux, PAGER_MSG_MAX, pager_set,
			MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
			    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER));
	return NULL;
}

/* The server's mapping of fp goes: the kernel's object ends with its
 * last mapping (the pager thread hears of it). */
static void
pager_unkeep(struct file_pager *fp)
{
	vm_deallocate(mach_task_self(), fp->fp_kept_address, fp->fp_kept_size);
	fp->fp_kept_address = 0;
	fp->fp_kept_size = 0;
}

void
pager_keep(struct node *node)
{
	struct file_pager *fp = pager_of(node);
	int at = PAGER_KEPT_MAX - 1;

	if (fp == NULL || node->n_file.nf_size == 0)
		return;
	for (int i = 0; i < PAGER_KEPT_MAX; i++)
		if (pager_kept[i] == fp)
			at = i;
	if (pager_kept[at] != fp) { /* the least recently run goes */
		if (pager_kept[at] != NULL)
			pager_unkeep(pager_kept[at]);
		pager_kept[at] = NULL;
		mach_port_t object;
		vm_address_t address = 0;
		vm_size_t size = PAGER_ROUND((vm_size_t)node->n_file.nf_size);
		if (pager_node_object(node, &object) != KERN_SUCCESS)
			return;
		kern_return_t kr =
		    vm_map(mach_task_self(), &address, size, 0, TRUE, object, 0,
			   FALSE, VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE);
		mach_port_deallocate(mach_task_self(), object);
		if (kr != KERN_SUCCESS)
			return;
		fp->fp_kept_address = address;
		fp->fp_kept_size = size;
	}
	for (; at > 0; at--)
		pager_kept[at] = pager_kept[at - 1];
	pager_kept[0] = fp;
}

kern_return_t
pager_start(void)
{
	mach_thread_t thread;
	kern_return_t kr = mach_port_allocate(
	    mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &pager_set);

	if (kr == KERN_SUCCESS)
		kr = mach_thread_create(&thread, pager_thread, NULL);
	return kr;
}
