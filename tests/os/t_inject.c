/*
 * The IPC, port and task operations again, with kernel allocations
 * failing on purpose (kernel argument failalloc=..., kern/failalloc.h):
 * rights and port sets with notifications, messages to oneself carrying
 * rights and out-of-line memory, RPCs to a server thread, child tasks
 * with memory and threads, and threads started and ended.  Every call
 * must succeed or report a shortage with its documented error; once
 * everything made is destroyed, the kernel's object counts are back
 * where they were; and allocations were in fact made to fail.
 *
 * Shortage errors: KERN_RESOURCE_SHORTAGE and KERN_NO_SPACE from kernel
 * RPCs, MACH_SEND_NO_BUFFER from mach_msg, MACH_RCV_BODY_ERROR when
 * out-of-line memory could not be placed in the receiver, a receive
 * error with MACH_MSG_IPC_SPACE when a right found no room in this
 * task's names, and MACH_RCV_INVALID_NAME from a libmach stub whose
 * reply port could not be made.  Such a lost right may be the only
 * handle of a new thread: the end terminates the threads and destroys
 * the names that the rounds left behind.
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <string.h>

#define PAGE	   4096
#define STACK_SIZE (64 * 1024)
#define ROUNDS	   60

static mach_port_t self;
static mach_port_t server_thread; /* the echo server's thread */

enum family { PORTS, MESSAGES, RPCS, TASKS, THREADS, FAMILIES };
static const char *const family_name[FAMILIES] = {
    "rights, sets and notifications", "messages with rights and memory",
    "RPCs to a server thread", "child tasks", "threads"};
static int calls[FAMILIES], shortages[FAMILIES], wrong[FAMILIES];

/* The shortage errors: mach_short_of_memory's, and MACH_RCV_BODY_ERROR
 * for out-of-line memory that could not be placed in the receiver. */
static int
is_shortage(kern_return_t kr)
{
	return mach_short_of_memory(kr) || kr == KERN_NO_SPACE ||
	       kr == MACH_RCV_BODY_ERROR;
}

/* Notes the result of one call; returns whether it succeeded. */
static int
note(enum family family, kern_return_t kr, const char *what)
{
	calls[family]++;
	if (kr == KERN_SUCCESS)
		return 1;
	if (is_shortage(kr))
		shortages[family]++;
	else if (wrong[family]++ < 5)
		tap_diag("%s: %s returned %#x", family_name[family], what, kr);
	return 0;
}

/* Repeats a cleanup call while memory is short. */
#define RETRY(call) \
	({ \
		kern_return_t kr_; \
		while (mach_short_of_memory(kr_ = (call))) \
			; \
		kr_; \
	})

/* The names in this space now (to destroy, at the end, the ones a lost
 * reply never told about). */
static unsigned
names_now(mach_port_name_t *out, unsigned max)
{
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = 0, t = 0;

	while (mach_port_names(self, &names, &n, &types, &t) != KERN_SUCCESS)
		n = t = 0;
	unsigned count = n < max ? n : max;
	memcpy(out, names, count * sizeof(*out));
	vm_deallocate(self, (vm_address_t)names, n * sizeof(*names));
	vm_deallocate(self, (vm_address_t)types, t * sizeof(*types));
	return count;
}

static void
round_ports(void)
{
	mach_port_t port = MACH_PORT_NULL, set = MACH_PORT_NULL, previous;
	mach_port_t notify = MACH_PORT_NULL;

	if (!note(PORTS,
		  mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
		  "mach_port_allocate"))
		return;
	note(PORTS, mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify),
	     "mach_port_allocate");
	note(PORTS,
	     mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND),
	     "mach_port_insert_right");
	note(PORTS, mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	     "mach_port_allocate(set)");
	if (set != MACH_PORT_NULL)
		note(PORTS, mach_port_move_member(self, port, set),
		     "mach_port_move_member");
	if (notify != MACH_PORT_NULL) {
		note(PORTS,
		     mach_port_request_notification(self, port,
						    MACH_NOTIFY_NO_SENDERS, 0,
						    notify, &previous),
		     "no-senders request");
		/* Twice: the second replaces the first, given back. */
		for (int i = 0; i < 2; i++) {
			previous = MACH_PORT_NULL;
			note(PORTS,
			     mach_port_request_notification(
				 self, port, MACH_NOTIFY_DEAD_NAME, 0, notify,
				 &previous),
			     "dead-name request");
			if (MACH_PORT_VALID(previous))
				RETRY(mach_port_deallocate(self, previous));
		}
	}
	RETRY(mach_port_destroy(self, port));
	if (set != MACH_PORT_NULL)
		RETRY(mach_port_destroy(self, set));
	if (notify != MACH_PORT_NULL)
		RETRY(mach_port_destroy(self, notify));
}

struct carrier {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t right;
	mach_msg_ool_descriptor_t memory;
	mach_msg_ool_ports_descriptor_t ports;
};

static void
round_messages(void)
{
	static char data[4 * PAGE];
	static union {
		struct carrier msg;
		char room[512];
	} in;
	struct carrier out;
	mach_port_t port, carried, names[2];

	if (!note(MESSAGES,
		  mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
		  "mach_port_allocate"))
		return;
	if (!note(MESSAGES,
		  mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &carried),
		  "mach_port_allocate")) {
		RETRY(mach_port_destroy(self, port));
		return;
	}
	names[0] = names[1] = port;
	memset(&out, 0, sizeof(out));
	out.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	out.header.msgh_size = sizeof(out);
	out.header.msgh_remote_port = port;
	out.body.msgh_descriptor_count = 3;
	out.right.name = carried;
	out.right.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	out.right.type = MACH_MSG_PORT_DESCRIPTOR;
	out.memory.address = data;
	out.memory.size = sizeof(data);
	out.memory.type = MACH_MSG_OOL_DESCRIPTOR;
	out.ports.address = names;
	out.ports.count = 2;
	out.ports.disposition = MACH_MSG_TYPE_MAKE_SEND;
	out.ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	if (note(MESSAGES,
		 mach_msg(&out.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			  sizeof(out), 0, 0, 0, 0),
		 "send")) {
		mach_msg_return_t mr =
		    mach_msg(&in.msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			     sizeof(in), port, 0, 0);
		if (note(MESSAGES, mr, "receive") || mr == MACH_RCV_BODY_ERROR)
			mach_msg_destroy(&in.msg.header);
	} else {
		RETRY(mach_port_destroy(self, carried));
	}
	RETRY(mach_port_destroy(self, port));
}

/* The server thread of the RPC rounds: echoes until its port dies. */
static void
echo_server(void *arg)
{
	static union {
		mach_msg_header_t header;
		char room[256];
	} buf;
	mach_port_t port = (mach_port_t)(uintptr_t)arg;

	for (;;) {
		mach_msg_return_t mr = mach_msg(&buf.header, MACH_RCV_MSG, 0,
						sizeof(buf), port, 0, 0);
		if (mr == MACH_RCV_PORT_DIED || mr == MACH_RCV_INVALID_NAME)
			return;
		if (mr != MACH_MSG_SUCCESS)
			continue;
		buf.header.msgh_bits = MACH_MSGH_BITS(
		    MACH_MSGH_BITS_REMOTE(buf.header.msgh_bits), 0);
		buf.header.msgh_local_port = MACH_PORT_NULL;
		buf.header.msgh_size = sizeof(mach_msg_header_t);
		if (mach_msg(&buf.header, MACH_SEND_MSG, buf.header.msgh_size,
			     0, 0, 0, 0) != MACH_MSG_SUCCESS)
			mach_msg_destroy(&buf.header);
	}
}

static void
round_rpcs(mach_port_t server)
{
	union {
		mach_msg_header_t header;
		char room[256];
	} u;
	mach_port_t reply = mach_reply_port();

	if (!note(RPCS, reply == MACH_PORT_NULL ? KERN_RESOURCE_SHORTAGE : 0,
		  "mach_reply_port"))
		return;
	for (int i = 0; i < 4; i++) {
		memset(&u, 0, sizeof(u));
		u.header.msgh_bits = MACH_MSGH_BITS(
		    MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		u.header.msgh_remote_port = server;
		u.header.msgh_local_port = reply;
		u.header.msgh_id = 900;
		mach_msg_return_t mr =
		    mach_msg(&u.header, MACH_SEND_MSG | MACH_RCV_MSG,
			     sizeof(u.header), sizeof(u), reply, 0, 0);
		/* A reply the server could not send ends as a send-once
		 * notification: the shortage seen from the client. */
		if (mr == MACH_MSG_SUCCESS &&
		    u.header.msgh_id == MACH_NOTIFY_SEND_ONCE)
			mr = MACH_SEND_NO_BUFFER;
		note(RPCS, mr, "RPC");
	}
	RETRY(mach_port_destroy(self, reply));
}

/* A child task's program: end itself through an invalid instruction. */
static const unsigned char child_code[] = {0x0f, 0x0b}; /* ud2 */

static void
round_tasks(void)
{
	vm_address_t code = 0;
	task_t child;
	thread_t thread;

	if (!note(TASKS, task_create(self, FALSE, &child), "task_create"))
		return;
	if (note(TASKS, vm_allocate(child, &code, 4 * PAGE, TRUE),
		 "vm_allocate"))
		note(TASKS,
		     vm_write(child, code, (vm_offset_t)child_code,
			      sizeof(child_code)),
		     "vm_write");
	if (note(TASKS, thread_create(child, &thread), "thread_create")) {
		note(TASKS, thread_suspend(thread), "thread_suspend");
		RETRY(mach_port_deallocate(self, thread));
	}
	RETRY(task_terminate(child));
	RETRY(mach_port_deallocate(self, child));
}

static void
short_thread(void *arg)
{
	(void)arg;
}

static void
round_threads(void)
{
	static char stack[STACK_SIZE] __attribute__((aligned(16)));
	mach_port_t port = MACH_PORT_NULL;

	note(THREADS,
	     thread_spawn(short_thread, NULL, stack, STACK_SIZE)
		 ? KERN_SUCCESS
		 : KERN_RESOURCE_SHORTAGE,
	     "thread_spawn");
	/* Let it end before its stack is used again. */
	if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port) ==
	    KERN_SUCCESS) {
		mach_msg_header_t h;
		mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h),
			 port, 20, 0);
		RETRY(mach_port_destroy(self, port));
	}
}

/* Terminates every thread of this task but the caller and the server. */
static void
terminate_stray_threads(void)
{
	thread_array_t threads;
	mach_msg_type_number_t count = 0;
	mach_port_t me = mach_thread_self();

	while (task_threads(self, &threads, &count) != KERN_SUCCESS)
		count = 0;
	for (mach_msg_type_number_t i = 0; i < count; i++) {
		if (threads[i] != me && threads[i] != server_thread)
			RETRY(thread_terminate(threads[i]));
		RETRY(mach_port_deallocate(self, threads[i]));
	}
	RETRY(mach_port_deallocate(self, me));
	RETRY(vm_deallocate(self, (vm_address_t)threads,
			    count * sizeof(*threads)));
}

int
main(void)
{
	static mach_port_name_t before_names[256], after_names[256];
	static char server_stack[STACK_SIZE] __attribute__((aligned(16)));
	mach_port_t server = MACH_PORT_NULL;

	self = mach_task_self();
	tap_plan(FAMILIES + 2);
	while (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &server) !=
	       KERN_SUCCESS)
		;
	while ((server_thread =
		    thread_spawn(echo_server, (void *)(uintptr_t)server,
				 server_stack, STACK_SIZE)) == 0)
		;
	struct kernel_stats before = counts_now(); /* (names the host port) */
	unsigned before_count = names_now(before_names, 256);
	mach_port_t before_reply = mig_get_reply_port();

	for (int round = 0; round < ROUNDS; round++) {
		round_ports();
		round_messages();
		round_rpcs(server);
		round_tasks();
		round_threads();
	}
	for (int f = 0; f < FAMILIES; f++)
		tap_ok(wrong[f] == 0 && calls[f] > 0,
		       "%s: %d calls, %d short of memory, %d wrong results",
		       family_name[f], calls[f], shortages[f], wrong[f]);

	/* Threads and names whose reply was lost to a shortage, if any. */
	terminate_stray_threads();
	unsigned after_count = names_now(after_names, 256);
	for (unsigned i = 0; i < after_count; i++) {
		int old = after_names[i] == mig_get_reply_port();
		for (unsigned j = 0; j < before_count && !old; j++)
			old = after_names[i] == before_names[j];
		if (!old)
			RETRY(mach_port_destroy(self, after_names[i]));
	}
	/* libmach gives up its reply port after a failed receive (a late
	 * reply may come) and makes another: one reply port, as before. */
	if (mig_get_reply_port() != before_reply)
		RETRY(mach_port_destroy(self, before_reply));
	tap_ok(counts_now().ks_failed_allocs > 0,
	       "allocations were made to fail: %lu",
	       counts_now().ks_failed_allocs);
	counts_check(&before, COUNTS_OBJECTS, "after it all");
	RETRY(mach_port_destroy(self, server));
	return tap_done();
}
