/*
 * unix: the UNIX single server.  It is a module of a boot with the name
 * service (kernel argument `bootstrap`); its arguments are init's path
 * and init's arguments:
 *
 *	module build/unix/unix /sbin/init ARGS...
 *	module build/unix/archive
 *
 * Start: the file system's root and /dev (vfs_init); the ports; the
 * service port is registered with the name service as "unix"; then the
 * server waits for the boot archive (unix_boot_archive, sent in pieces
 * by the archive module), fills the RAM file system from it, and starts init
 * as pid 1.  When init ends, the server ends every process and exits.
 *
 * Ports: the service port (unix_boot_archive only), the notify port
 * (dead-name notifications of the processes' task ports), the exception
 * port (every process's task exception port), and each process's port;
 * the one thread receives on a port set of them all (unix_loop), with a
 * timeout that ends at the first of the timers' deadlines (timer.c).
 * The memory objects of mapped files have a port set and a thread of
 * their own (pager.c); the two threads take unix_lock in turn.
 * The demux chooses the interface by the port a message came to, so
 * that a process cannot reach the notification or exception handlers
 * through its own port; the console's answers come to the terminal's
 * port (tty.c).  A request to a process port whose reply right
 * is not a send-once right is refused (MIG_BAD_ARGUMENTS) without
 * running: a deferred reply is only ever kept in a send-once right.
 */
#include "io_server.h"
#include "unix.h"
#include "unix_server.h"

#include <errno.h>
#include <mach/bootstrap.h>
#include <mach/bootstrap_types.h>
#include <mach/exc_server.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_types.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include <mach/notify_server.h>
#include <mach/task.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIX_MAX(a, b) ((a) > (b) ? (a) : (b))
#define UNIX_MSG_MAX \
	UNIX_MAX( \
	    UNIX_MAX( \
		UNIX_MAX(unix_MAX_REQUEST_SIZE, unix_MAX_REPLY_SIZE), \
		UNIX_MAX(notify_MAX_REQUEST_SIZE, notify_MAX_REPLY_SIZE)), \
	    UNIX_MAX(UNIX_MAX(exc_MAX_REQUEST_SIZE, exc_MAX_REPLY_SIZE), \
		     UNIX_MAX(io_MAX_REQUEST_SIZE, io_MAX_REPLY_SIZE)))

struct unix_ports unix_ports;
mach_mutex_t unix_lock = MACH_MUTEX_INITIALIZER;
static int unix_argc;
static char **unix_argv;
static int unix_boot_done;
static char *unix_archive; /* the pieces received so far */
static size_t unix_archive_size;

int
unix_booted(void)
{
	return unix_boot_done;
}

kern_return_t
unix_make_port(mach_port_t *port)
{
	mach_port_t self = mach_task_self();
	kern_return_t kr =
	    mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, port);

	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, *port, unix_ports.up_set);
	return kr;
}

static kern_return_t
unix_make_ports(void)
{
	struct unix_ports *u = &unix_ports;
	kern_return_t kr = mach_port_allocate(
	    mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &u->up_set);

	if (kr == KERN_SUCCESS)
		kr = unix_make_port(&u->up_service);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), u->up_service,
					    u->up_service,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = unix_make_port(&u->up_notify);
	if (kr == KERN_SUCCESS)
		kr = unix_make_port(&u->up_exception);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), u->up_exception,
					    u->up_exception,
					    MACH_MSG_TYPE_MAKE_SEND);
	return kr;
}

/* Refuses a request: the short error reply, which the loop sends. */
static boolean_t
unix_refuse(mach_msg_header_t *request, mach_msg_header_t *reply,
	    kern_return_t code)
{
	mig_reply_error_t *r = (mig_reply_error_t *)reply;

	r->Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(request->msgh_bits), 0);
	r->Head.msgh_size = sizeof(*r);
	r->Head.msgh_remote_port = request->msgh_remote_port;
	r->Head.msgh_local_port = MACH_PORT_NULL;
	r->Head.msgh_id = request->msgh_id + 100;
	r->RetCode = code;
	return TRUE;
}

boolean_t
unix_refuse_unless_send_once(mach_msg_header_t *request,
			     mach_msg_header_t *reply)
{
	if (MACH_PORT_VALID(request->msgh_remote_port) &&
	    MACH_MSGH_BITS_REMOTE(request->msgh_bits) !=
		MACH_MSG_TYPE_PORT_SEND_ONCE)
		return unix_refuse(request, reply, MIG_BAD_ARGUMENTS);
	return FALSE;
}

/*
 * The interface by the port a message came to: the notify and exception
 * ports have theirs; a message with an id of unix.defs is a process's
 * request (or the service port's: unix_boot_archive), checked first
 * because it is the common case; then the console's answers and the io
 * ports.  A process port gets only unix.defs (its routines look the
 * process up by the port, and refuse any other port).
 */
static boolean_t
unix_demux_interface(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mach_port_t local = request->msgh_local_port;
	mach_msg_id_t id = request->msgh_id;

	if (local == unix_ports.up_notify)
		return notify_server(request, reply);
	if (local == unix_ports.up_exception)
		return exc_server(request, reply);
	if ((id < unix_MSG_ID_BASE ||
	     id >= unix_MSG_ID_BASE + unix_MSG_ID_COUNT) &&
	    (tty_demux(request, reply) || io_demux(request, reply)))
		return TRUE;
	if (local != unix_ports.up_service &&
	    unix_refuse_unless_send_once(request, reply))
		return TRUE;
	return unix_server(request, reply);
}

/* A request, then the signals it posted and the polls that it (or
 * they) made ready, before its reply goes. */
static boolean_t
unix_demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	boolean_t known = unix_demux_interface(request, reply);

	signal_flush();
	poll_recheck();
	return known;
}

/* Appends a piece of the archive; 0 or ENOMEM. */
static int
unix_archive_append(const char *piece, size_t size)
{
	char *bigger = realloc(unix_archive, unix_archive_size + size);

	if (bigger == NULL)
		return ENOMEM;
	memcpy(bigger + unix_archive_size, piece, size);
	unix_archive = bigger;
	unix_archive_size += size;
	return 0;
}

/* The archive is complete: the file system, then init. */
static void
unix_boot(void)
{
	int error = cpio_load(unix_archive, unix_archive_size);

	free(unix_archive);
	unix_archive = NULL;
	if (error != 0) {
		printf("unix: the boot archive is malformed (%d)\n", error);
		exit(1);
	}
	error = proc_start_init(unix_argc, unix_argv);
	if (error != 0) {
		printf("unix: cannot start init %s: error %d\n", unix_argv[0],
		       error);
		exit(1);
	}
	printf("unix: init started\n");
}

kern_return_t
do_unix_boot_archive(mach_port_t port, char *piece,
		     mach_msg_type_number_t pieceCnt, int last, int *error)
{
	if (port != unix_ports.up_service)
		*error = EPERM;
	else if (unix_boot_done)
		*error = EBUSY;
	else
		*error = unix_archive_append(piece, pieceCnt);
	user_release(piece, pieceCnt);
	if (*error == 0 && last) {
		unix_boot_done = 1;
		unix_boot();
	}
	return KERN_SUCCESS;
}

kern_return_t
do_unix_look_up(mach_port_t port, char *name, mach_msg_type_number_t nameCnt,
		int *error, mach_port_t *service)
{
	*service = MACH_PORT_NULL;
	if (proc_lookup(port) == NULL)
		*error = ESRCH;
	else if (nameCnt == 0 || memchr(name, '\0', nameCnt) == NULL)
		*error = EINVAL;
	else if (bootstrap_look_up_nowait(bootstrap_port, name, service) !=
		 KERN_SUCCESS)
		*error = ENOENT;
	else
		*error = 0;
	return KERN_SUCCESS;
}

/* A task port died: its process ended (or was killed). */
kern_return_t
mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	proc_task_died(name);
	return KERN_SUCCESS;
}

kern_return_t
mach_notify_send_once(mach_port_t notify)
{
	(void)notify;
	return KERN_SUCCESS;
}

kern_return_t
mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_SUCCESS;
}

kern_return_t
mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	pager_no_senders(notify, mscount); /* only file objects ask */
	return KERN_SUCCESS;
}

kern_return_t
mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	(void)notify;
	mach_port_mod_refs(mach_task_self(), rights, MACH_PORT_RIGHT_RECEIVE,
			   -1);
	return KERN_SUCCESS;
}

/*
 * Releases what a reply that goes nowhere carries (no reply port, or a
 * send that failed).  A right it would have made (MAKE_SEND of a new
 * io port, io.c) is made and released first: the port waits for its
 * no-senders notification (sync 1), which then comes as for a right
 * delivered and dropped, and its file is closed; otherwise the port
 * would live for ever, with no sender to end it.
 */
static void
unix_drop_reply(mach_msg_header_t *reply)
{
	mach_port_t self = mach_task_self();

	if (reply->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_body_t *body = (mach_msg_body_t *)(reply + 1);
		mach_msg_port_descriptor_t *port =
		    (mach_msg_port_descriptor_t *)(body + 1);
		for (mach_msg_size_t i = 0;
		     i < body->msgh_descriptor_count &&
		     port[i].type == MACH_MSG_PORT_DESCRIPTOR;
		     i++)
			if (port[i].disposition == MACH_MSG_TYPE_MAKE_SEND &&
			    MACH_PORT_VALID(port[i].name) &&
			    mach_port_insert_right(
				self, port[i].name, port[i].name,
				MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS)
				mach_port_deallocate(self, port[i].name);
	}
	mach_msg_destroy(reply);
}

/* Sends a reply the demux made (to a send-once right: it cannot block),
 * or releases what it carries if it cannot be sent. */
static void
unix_send_reply(mach_msg_header_t *reply)
{
	mach_msg_option_t options = MACH_SEND_MSG;

	if (MACH_MSGH_BITS_REMOTE(reply->msgh_bits) !=
	    MACH_MSG_TYPE_MOVE_SEND_ONCE)
		options |= MACH_SEND_TIMEOUT;
	mach_msg_return_t mr = mach_msg(reply, options, reply->msgh_size, 0,
					MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (mr == MACH_SEND_INVALID_DEST || mr == MACH_SEND_INVALID_RIGHT ||
	    mr == MACH_SEND_INVALID_HEADER)
		unix_drop_reply(reply);
}

/*
 * One request: the demux, then the reply protocol of IDL servers
 * (docs/idl.md): MIG_NO_REPLY keeps the reply right; another error
 * destroys the request's resources; a reply with a destination goes.
 * Returns 1 if the reply is left for the loop to send with its next
 * receive: one trap for both, as mach_msg_server does (a reply to a
 * send-once right, which cannot block); 0 if it is done with.
 */
static int
unix_serve(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_error_t *error = (mig_reply_error_t *)reply;

	(void)unix_demux(request, reply);
	if (!(reply->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    error->RetCode != KERN_SUCCESS) {
		if (error->RetCode == MIG_NO_REPLY)
			return 0;
		request->msgh_remote_port = MACH_PORT_NULL; /* the reply's */
		mach_msg_destroy(request);
	}
	if (reply->msgh_remote_port == MACH_PORT_NULL) {
		unix_drop_reply(reply);
		return 0;
	}
	if (MACH_MSGH_BITS_REMOTE(reply->msgh_bits) ==
	    MACH_MSG_TYPE_MOVE_SEND_ONCE)
		return 1;
	unix_send_reply(reply);
	return 0;
}

/* A reply into the request buffer: whole words (a message's size is a
 * multiple of 4, the buffers hold UNIX_MSG_MAX and more), fewer
 * instructions than memcpy's for the few words of most replies. */
static inline void
unix_copy_message(void *to, const void *from, mach_msg_size_t size)
{
	size_t words = (size + 7) / 8;

	__asm__ volatile("rep movsq"
			 : "+D"(to), "+S"(from), "+c"(words)
			 :
			 : "memory");
}

/* The timers that are due, with the signals and polls they made; the
 * receive timeout until the next.  Under unix_lock. */
static mach_msg_timeout_t
unix_timers_locked(void)
{
	if (timer_run() > 0) {
		signal_flush();
		poll_recheck();
	}
	return timer_timeout();
}

/*
 * The server loop: mach_msg_server's, but the receive times out at the
 * first timer's deadline, and the timers that are due run (with the
 * signals they post) before the next request.  A reply goes in the
 * trap that receives the next request.  Requests always arrive in the
 * same buffer (the kernel's fast path checks a receive buffer's pages
 * once, then only while it stays the same one:
 * fastpath_buffer_writable, mach/ipc/ipc_fastpath.c), so a
 * reply is copied there from the one the demux wrote.  Returns only if
 * a receive fails.
 */
static mach_msg_return_t
unix_loop(void)
{
	mach_msg_size_t size = UNIX_MSG_MAX + MAX_TRAILER_SIZE;
	mach_msg_header_t *request = malloc(size), *reply = malloc(size);

	if (request == NULL || reply == NULL)
		return KERN_RESOURCE_SHORTAGE;
	mach_msg_size_t reply_size = 0; /* a reply in request, to send */
	mach_mutex_lock(&unix_lock);
	for (;;) {
		mach_msg_timeout_t timeout = unix_timers_locked();
		mach_mutex_unlock(&unix_lock);
		/* the sender's token: io.c believes only the kernel's
		 * notifications */
		mach_msg_option_t options =
		    MACH_RCV_MSG |
		    MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
		    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER);
		if (timeout != MACH_MSG_TIMEOUT_NONE)
			options |= MACH_RCV_TIMEOUT;
		if (reply_size != 0)
			options |= MACH_SEND_MSG;
		mach_msg_return_t mr =
		    mach_msg(request, options, reply_size, size,
			     unix_ports.up_set, timeout, MACH_PORT_NULL);
		if (reply_size != 0 && mr >= MACH_SEND_IN_PROGRESS &&
		    mr <= MACH_SEND_INVALID_TRAILER)
			unix_drop_reply(request); /* the reply, not sent */
		else if (mr != MACH_MSG_SUCCESS && mr != MACH_RCV_TIMED_OUT &&
			 mr != MACH_RCV_TOO_LARGE && mr != MACH_RCV_INTERRUPTED)
			return mr;
		reply_size = 0;
		if (mr == MACH_MSG_SUCCESS &&
		    (request->msgh_bits & MACH_MSGH_BITS_COMPLEX))
			user_prefault(request); /* (user.c: before the lock) */
		mach_mutex_lock(&unix_lock);
		if (mr == MACH_MSG_SUCCESS && unix_serve(request, reply)) {
			reply_size = reply->msgh_size;
			unix_copy_message(request, reply, reply_size);
		}
	}
}

int
main(int argc, char **argv)
{
	kern_return_t kr;

	if (argc < 2) {
		printf("unix: usage: unix INIT [ARGS...]\n");
		return 1;
	}
	unix_argc = argc - 1;
	unix_argv = argv + 1;
	if (vfs_init() != 0 || (kr = unix_make_ports()) != KERN_SUCCESS) {
		printf("unix: cannot start: out of resources\n");
		return 1;
	}
	kr = bootstrap_register(bootstrap_port, "unix", unix_ports.up_service);
	if (kr != KERN_SUCCESS) {
		printf("unix: cannot register with the name service: 0x%x\n",
		       kr);
		return 1;
	}
	tty_init();
	/* Its waits (unix_lock, the pager's barrier) allocate nothing once
	 * it serves. */
	mach_wait_queue_prepare();
	if ((kr = pager_start()) != KERN_SUCCESS) {
		printf("unix: cannot start the pager thread: 0x%x\n", kr);
		return 1;
	}
	kr = unix_loop();
	printf("unix: receive failed: 0x%x\n", kr);
	return 1;
}
