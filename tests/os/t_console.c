/*
 * The console device (console.defs): who may have it, reads that wait
 * for typed input without holding the kernel, the order of many readers,
 * readers that die while they wait, the bounded input buffer, and bad
 * requests.  The boot file (boots/console.boot) types the input when
 * this task says "# type NAME" on the console; the test must run alone
 * in its boot (it compares the kernel's object counts).
 */
#include "lib/counts.h"
#include "lib/fork.h"
#include "lib/tap.h"

#include <mach/console.h>
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <string.h>

static mach_port_t console;

/* A console_read request, sent by hand so as not to wait for the reply. */
struct read_request {
	mach_msg_header_t head;
	natural_t max;
};

struct read_reply {
	mach_msg_header_t head;
	kern_return_t retcode;
	mach_msg_type_number_t count;
	char data[CONSOLE_READ_MAX];
	mach_msg_max_trailer_t trailer;
};

static mach_port_t
new_port(void)
{
	mach_port_t port = MACH_PORT_NULL;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	return port;
}

static void
destroy_port(mach_port_t port)
{
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
}

/* Sends console_read(max) with reply as its reply port (disposition). */
static kern_return_t
send_read(mach_port_t reply, mach_msg_type_name_t disposition, natural_t max)
{
	struct read_request request = {0};

	request.head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, disposition);
	request.head.msgh_size = sizeof(request);
	request.head.msgh_remote_port = console;
	request.head.msgh_local_port = reply;
	request.head.msgh_id = 4000;
	request.max = max;
	return mach_msg(&request.head, MACH_SEND_MSG, sizeof(request), 0,
			MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

/* Receives the reply on port, waiting at most ms. */
static kern_return_t
receive_reply(mach_port_t port, struct read_reply *reply, unsigned ms)
{
	memset(reply, 0, sizeof(*reply));
	return mach_msg(&reply->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(*reply), port, ms, MACH_PORT_NULL);
}

static natural_t
readers_now(void)
{
	uint64_t received, dropped;
	natural_t buffered, readers = 999;
	console_info(console, &received, &dropped, &buffered, &readers);
	return readers;
}

/* Waits (at most 5 s) until readers_now() is n; returns whether it was. */
static int
wait_readers(natural_t n)
{
	for (int i = 0; i < 250; i++) {
		if (readers_now() == n)
			return 1;
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 20);
	}
	return 0;
}

/* Waits (at most 5 s) until the object counts are those of before. */
static void
wait_counts(const struct kernel_stats *before, const char *name)
{
	for (int i = 0; i < 250; i++) {
		struct kernel_stats now = counts_now();
		if (now.ks_ipc_ports == before->ks_ipc_ports &&
		    now.ks_ipc_kmsgs == before->ks_ipc_kmsgs &&
		    now.ks_tasks == before->ks_tasks &&
		    now.ks_threads == before->ks_threads)
			break;
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 20);
	}
	counts_check(before, COUNTS_OBJECTS, name);
}

/* Reads exactly n bytes (console_read, which waits) into buf. */
static kern_return_t
read_exactly(char *buf, unsigned n)
{
	unsigned got = 0;
	while (got < n) {
		char data[CONSOLE_READ_MAX];
		mach_msg_type_number_t count = sizeof(data);
		kern_return_t kr = console_read(console, n - got, data, &count);
		if (kr != KERN_SUCCESS)
			return kr;
		memcpy(buf + got, data, count);
		got += count;
	}
	buf[got] = '\0';
	return KERN_SUCCESS;
}

static void
test_privilege(void)
{
	mach_port_t host = MACH_PORT_NULL, plain = mach_host_self();
	mach_port_t child = MACH_PORT_NULL, child_host = MACH_PORT_NULL;

	tap_is_int(
	    task_get_special_port(mach_task_self(), TASK_HOST_PRIV_PORT, &host),
	    KERN_SUCCESS, "a boot module's TASK_HOST_PRIV_PORT");
	tap_ok(host != plain, "is not the plain host port");
	mach_port_t refused = MACH_PORT_NULL;
	tap_is_int(host_get_console(plain, &refused), KERN_INVALID_HOST,
		   "the plain host port gives no console");
	tap_is_int(host_get_console(host, &console), KERN_SUCCESS,
		   "the privileged host port gives the console");
	tap_is_int(task_create(mach_task_self(), 0, &child), KERN_SUCCESS,
		   "a task made by a boot module");
	tap_is_int(
	    task_get_special_port(child, TASK_HOST_PRIV_PORT, &child_host),
	    KERN_NO_ACCESS, "has no TASK_HOST_PRIV_PORT: not inherited");
	tap_is_int(task_get_special_port(child, TASK_HOST_PORT, &child_host),
		   KERN_SUCCESS, "and its TASK_HOST_PORT");
	tap_ok(child_host == plain, "is the plain host port");
	task_terminate(child);
	mach_port_deallocate(mach_task_self(), child);
	mach_port_deallocate(mach_task_self(), child_host);
	mach_port_deallocate(mach_task_self(), host);
}

static void
test_bad_requests(void)
{
	char data[CONSOLE_READ_MAX];
	mach_msg_type_number_t count = sizeof(data);
	struct read_reply reply;

	tap_is_int(console_read(console, 0, data, &count),
		   KERN_INVALID_ARGUMENT, "a read of 0 bytes is refused");
	tap_is_int(console_read(mach_task_self(), 1, data, &count),
		   KERN_INVALID_ARGUMENT, "console_read on a task port");
	tap_is_int(console_write(mach_task_self(), "x", 1),
		   KERN_INVALID_ARGUMENT, "console_write on a task port");
	mach_port_t port = new_port();
	tap_is_int(send_read(port, MACH_MSG_TYPE_MAKE_SEND, 1), KERN_SUCCESS,
		   "a read whose reply right is a send right is sent");
	tap_is_int(receive_reply(port, &reply, 1000), MACH_MSG_SUCCESS,
		   "and answered at once");
	tap_is_int(reply.retcode, KERN_INVALID_RIGHT,
		   "with KERN_INVALID_RIGHT");
	destroy_port(port);
	const char line[] = "t_console: console_write works\n";
	tap_is_int(console_write(console, (char *)line, sizeof(line) - 1),
		   KERN_SUCCESS, "console_write");
}

static void
test_read_waits(void)
{
	char buf[64];
	uint64_t received, dropped;
	natural_t buffered, readers;

	tap_is_int(
	    console_info(console, &received, &dropped, &buffered, &readers),
	    KERN_SUCCESS, "console_info");
	tap_ok(buffered == 0 && readers == 0 && dropped == 0,
	       "no input, reader or drop yet (%u, %u, %llu)", buffered, readers,
	       (unsigned long long)dropped);
	tap_diag("type hello");
	tap_is_int(read_exactly(buf, 6), KERN_SUCCESS,
		   "console_read waits for input");
	tap_is_str(buf, "hello\n", "and returns what was typed");
}

static void
test_dead_reader(void)
{
	char buf[8];
	struct kernel_stats before = counts_now();
	mach_port_t port = new_port();

	tap_is_int(send_read(port, MACH_MSG_TYPE_MAKE_SEND_ONCE, 4),
		   KERN_SUCCESS, "a read whose reply port will die");
	tap_ok(wait_readers(1), "waits in the kernel");
	destroy_port(port);
	tap_ok(wait_readers(0), "its reader goes when the reply port dies");
	wait_counts(&before, "the dead reader leaves nothing behind");
	tap_diag("type x");
	tap_is_int(read_exactly(buf, 1), KERN_SUCCESS, "the next read");
	tap_is_str(buf, "x", "gets the input: the dead reader took none");
}

static void
test_many_readers(void)
{
	mach_port_t ports[3];
	struct read_reply reply;
	struct kernel_stats before = counts_now();

	for (int i = 0; i < 3; i++) {
		ports[i] = new_port();
		send_read(ports[i], MACH_MSG_TYPE_MAKE_SEND_ONCE, 1);
	}
	tap_ok(wait_readers(3), "three readers wait");
	tap_diag("type abc");
	for (int i = 0; i < 3; i++) {
		kern_return_t kr = receive_reply(ports[i], &reply, 10000);
		tap_ok(kr == MACH_MSG_SUCCESS && reply.head.msgh_id == 4100 &&
			   reply.retcode == KERN_SUCCESS && reply.count == 1 &&
			   reply.data[0] == "abc"[i],
		       "reader %d is answered in its turn with '%c' (%#x, %d, "
		       "%u, '%c')",
		       i, "abc"[i], kr, reply.retcode, reply.count,
		       reply.data[0]);
		destroy_port(ports[i]);
	}
	wait_counts(&before, "answered readers leave nothing behind");
}

static void
test_reader_limit(void)
{
	mach_port_t ports[CONSOLE_READERS_MAX + 1];
	struct read_reply reply;
	struct kernel_stats before = counts_now();

	for (int i = 0; i <= CONSOLE_READERS_MAX; i++) {
		ports[i] = new_port();
		send_read(ports[i], MACH_MSG_TYPE_MAKE_SEND_ONCE, 1);
	}
	tap_is_int(readers_now(), CONSOLE_READERS_MAX,
		   "CONSOLE_READERS_MAX readers wait");
	tap_is_int(receive_reply(ports[CONSOLE_READERS_MAX], &reply, 1000),
		   MACH_MSG_SUCCESS, "one more is answered at once");
	tap_is_int(reply.retcode, KERN_RESOURCE_SHORTAGE,
		   "with KERN_RESOURCE_SHORTAGE");
	for (int i = 0; i <= CONSOLE_READERS_MAX; i++)
		destroy_port(ports[i]);
	tap_ok(wait_readers(0), "all go when their ports die");
	wait_counts(&before, "the readers leave nothing behind");
}

static void
child_reads(void *arg)
{
	char data[CONSOLE_READ_MAX];
	mach_msg_type_number_t count = sizeof(data);

	(void)arg;
	console_read(console, 1, data, &count);
	for (;;) /* killed before any input comes */
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

static void
test_killed_reader(void)
{
	mach_port_t child;
	thread_t thread;
	vm_address_t stack;
	char buf[8];
	struct kernel_stats before = counts_now();

	kern_return_t kr =
	    fork_task(&child, &thread, child_reads, NULL, &stack);
	tap_is_int(kr, KERN_SUCCESS, "a child task to read");
	if (kr != KERN_SUCCESS) {
		tap_skip(5, "no child");
		return;
	}
	mach_port_insert_right(child, console, console,
			       MACH_MSG_TYPE_COPY_SEND);
	thread_resume(thread);
	mach_port_deallocate(mach_task_self(), thread);
	tap_ok(wait_readers(1), "the child waits in console_read");
	tap_is_int(task_terminate(child), KERN_SUCCESS,
		   "the child is killed while it waits");
	mach_port_deallocate(mach_task_self(), child);
	tap_ok(wait_readers(0), "its read goes");
	wait_counts(&before, "the killed reader leaves nothing behind");
	tap_diag("type k");
	tap_is_int(read_exactly(buf, 1), KERN_SUCCESS, "the next read");
	tap_is_str(buf, "k", "gets the input");
}

static void
test_overflow(void)
{
	uint64_t received0, received, dropped;
	natural_t buffered, readers;
	char buf[CONSOLE_INPUT_SIZE + 1];
	const unsigned typed = CONSOLE_INPUT_SIZE + 76;

	console_info(console, &received0, &dropped, &buffered, &readers);
	tap_diag("type a flood");
	for (int i = 0; i < 500; i++) {
		console_info(console, &received, &dropped, &buffered, &readers);
		if (received - received0 >= typed)
			break;
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 20);
	}
	tap_is_uint(received - received0, typed,
		    "every typed byte reached the kernel");
	tap_is_uint(buffered, CONSOLE_INPUT_SIZE, "the buffer is full");
	tap_is_uint(dropped, 76, "what did not fit was dropped and counted");
	tap_is_int(read_exactly(buf, CONSOLE_INPUT_SIZE), KERN_SUCCESS,
		   "the buffer reads out");
	int same = 1;
	for (unsigned i = 0; i < CONSOLE_INPUT_SIZE; i++)
		same = same && buf[i] == 'z';
	tap_ok(same, "as the bytes typed");
	console_info(console, &received, &dropped, &buffered, &readers);
	tap_is_uint(buffered, 0, "and is empty then");
}

int
main(void)
{
	tap_plan(48);
	test_privilege();
	if (console == MACH_PORT_NULL)
		tap_bail("no console port");
	test_bad_requests();
	test_read_waits();
	test_dead_reader();
	test_many_readers();
	test_reader_limit();
	test_killed_reader();
	test_overflow();
	return tap_done();
}
