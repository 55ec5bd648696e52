/*
 * t_vm: task memory, and out-of-line memory carried by the VM's copy
 * objects.
 *
 * Protection: a page without access is inaccessible, so that a read of
 * it, a thread running into its guard page and code run from a page
 * without execute permission are memory exceptions (EXC_BAD_ACCESS,
 * KERN_PROTECTION_FAILURE), caught here by a handler thread that repairs
 * the fault or ends the thread.
 *
 * The deallocate flag: out-of-line memory sent with it leaves the
 * sender (its pages are gone: a read faults, vm_read fails, the free
 * page count comes back once the receiver frees its copy), and so does
 * an out-of-line port array; a send that fails leaves the region as it
 * was (its data and protections).  vm_read, regions above the old 4 MiB
 * limit, the kernel's own out-of-line arrays (mach_port_names).
 *
 * The kernel's counts are those of the whole kernel: this test runs
 * alone in its boot (vm.boot).
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/exc_server.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdint.h>
#include <string.h>

#define PAGE 4096

static mach_port_t self;

/*
 * The exception handler: a thread of its own receives the task's
 * exceptions; the test sets what it does (exc_repair) before the fault.
 */
static mach_port_t exc_port;
static mach_thread_t exc_thread;
static volatile int exc_seen;
static volatile exception_type_t exc_type;
static volatile int64_t exc_code, exc_address;
static kern_return_t (*volatile exc_repair)(mach_port_t thread);

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
		      exception_type_t exception, exception_data_t code,
		      mach_msg_type_number_t count)
{
	(void)port;
	exc_seen++;
	exc_type = exception;
	exc_code = count > 0 ? code[0] : -1;
	exc_address = count > 1 ? code[1] : -1;
	kern_return_t kr = KERN_FAILURE;
	if (exception == EXC_BAD_ACCESS && exc_repair != NULL)
		kr = exc_repair(thread);
	mach_port_deallocate(self, thread);
	mach_port_deallocate(self, task);
	return kr;
}

static void *
exc_serve(void *arg)
{
	union {
		mach_msg_header_t header;
		char room[exc_MAX_REQUEST_SIZE + MAX_TRAILER_SIZE];
	} request;
	union {
		mach_msg_header_t header;
		char room[exc_MAX_REPLY_SIZE];
	} reply;

	(void)arg;
	while (mach_msg(&request.header, MACH_RCV_MSG, 0, sizeof(request),
			exc_port, 0, 0) == MACH_MSG_SUCCESS) {
		exc_server(&request.header, &reply.header);
		mach_msg(&reply.header, MACH_SEND_MSG, reply.header.msgh_size,
			 0, 0, 0, 0);
	}
	return NULL;
}

static void
exc_start(void)
{
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &exc_port);
	mach_port_insert_right(self, exc_port, exc_port,
			       MACH_MSG_TYPE_MAKE_SEND);
	task_set_special_port(self, TASK_EXCEPTION_PORT, exc_port);
	mach_thread_create(&exc_thread, exc_serve, NULL);
}

static void
exc_stop(void)
{
	task_set_special_port(self, TASK_EXCEPTION_PORT, MACH_PORT_NULL);
	mach_port_destroy(self, exc_port); /* the handler's receive fails */
	mach_thread_join(exc_thread, NULL);
}

/* Prepares for one fault that repair handles. */
static void
exc_expect(kern_return_t (*repair)(mach_port_t thread))
{
	exc_seen = 0;
	exc_type = 0;
	exc_code = exc_address = 0;
	exc_repair = repair;
}

/* One memory exception, with code at address. */
static void
exc_check(int64_t code, uint64_t address, const char *what)
{
	tap_ok(exc_seen == 1 && exc_type == EXC_BAD_ACCESS &&
		   exc_code == code && exc_address == (int64_t)address,
	       "%s: EXC_BAD_ACCESS %s at %#lx (seen %d, type %d, code %ld "
	       "at %#lx)",
	       what,
	       code == KERN_PROTECTION_FAILURE ? "protection failure"
					       : "invalid address",
	       (unsigned long)address, exc_seen, exc_type, (long)exc_code,
	       (unsigned long)exc_address);
}

/* Repairs: give the faulting page access again, or memory. */
static kern_return_t
repair_readable(mach_port_t thread)
{
	(void)thread;
	return vm_protect(self, exc_address & ~(PAGE - 1ul), PAGE, FALSE,
			  VM_PROT_READ);
}

static kern_return_t
repair_executable(mach_port_t thread)
{
	(void)thread;
	return vm_protect(self, exc_address & ~(PAGE - 1ul), PAGE, FALSE,
			  VM_PROT_READ | VM_PROT_EXECUTE);
}

static kern_return_t
repair_writable(mach_port_t thread)
{
	(void)thread;
	return vm_protect(self, exc_address & ~(PAGE - 1ul), PAGE, FALSE,
			  VM_PROT_DEFAULT);
}

static kern_return_t
repair_allocate(mach_port_t thread)
{
	vm_address_t page = exc_address & ~(PAGE - 1ul);

	(void)thread;
	return vm_allocate(self, &page, PAGE, FALSE);
}

/* Ends the faulting thread (its stack is not to be used again). */
static kern_return_t
repair_terminate(mach_port_t thread)
{
	thread_terminate(thread);
	return KERN_SUCCESS;
}

/* Whether task memory at addr can be read (vm_read), and what it says. */
static kern_return_t
read_code(vm_address_t addr, vm_size_t size)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	kern_return_t kr = vm_read(self, addr, size, &data, &count);

	if (kr == KERN_SUCCESS && data != 0)
		vm_deallocate(self, data, count);
	return kr;
}

static void
fill(vm_address_t addr, vm_size_t size, unsigned seed)
{
	for (vm_size_t i = 0; i < size; i++)
		((volatile unsigned char *)addr)[i] =
		    (unsigned char)(seed + i * 7);
}

static int
filled(vm_address_t addr, vm_size_t size, unsigned seed)
{
	for (vm_size_t i = 0; i < size; i++)
		if (((volatile unsigned char *)addr)[i] !=
		    (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

/* --- Out-of-line memory --- */

struct ool_msg {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t data[2];
};

union ool_room {
	struct ool_msg msg;
	char room[sizeof(struct ool_msg) + 128];
};

/* A message to port carrying count regions (data[i] filled by the
 * caller: address, size, deallocate). */
static void
ool_compose(struct ool_msg *msg, mach_port_t port, int count)
{
	msg->header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg->header.msgh_size = sizeof(mach_msg_header_t) +
				sizeof(mach_msg_body_t) +
				count * sizeof(mach_msg_ool_descriptor_t);
	msg->header.msgh_remote_port = port;
	msg->header.msgh_local_port = MACH_PORT_NULL;
	msg->header.msgh_id = 1234;
	msg->body.msgh_descriptor_count = count;
	for (int i = 0; i < count; i++) {
		msg->data[i].copy = MACH_MSG_PHYSICAL_COPY;
		msg->data[i].type = MACH_MSG_OOL_DESCRIPTOR;
	}
}

static void
ool_region(struct ool_msg *msg, int i, vm_address_t addr, vm_size_t size,
	   boolean_t deallocate)
{
	msg->data[i].address = (void *)addr;
	msg->data[i].size = size;
	msg->data[i].deallocate = deallocate;
}

/* Sends one region to port (a receive right of this task's). */
static mach_msg_return_t
ool_send(mach_port_t port, vm_address_t addr, vm_size_t size,
	 boolean_t deallocate)
{
	union ool_room u;

	memset(&u, 0, sizeof(u));
	ool_compose(&u.msg, port, 1);
	ool_region(&u.msg, 0, addr, size, deallocate);
	return mach_msg(&u.msg.header, MACH_SEND_MSG, u.msg.header.msgh_size, 0,
			0, 0, 0);
}

/* Receives what ool_send sent; where its region arrived (0: it did not). */
static vm_address_t
ool_receive(mach_port_t port, vm_size_t size)
{
	union ool_room u;

	if (mach_msg(&u.msg.header, MACH_RCV_MSG, 0, sizeof(u), port, 0, 0) !=
		MACH_MSG_SUCCESS ||
	    u.msg.data[0].size != size)
		return 0;
	return (vm_address_t)u.msg.data[0].address;
}

/* --- Protection --- */

static void
test_prot_none(void)
{
	vm_address_t page = 0;

	vm_allocate(self, &page, PAGE, TRUE);
	*(volatile int *)page = 42;
	tap_is_int(vm_protect(self, page, PAGE, FALSE, VM_PROT_NONE),
		   KERN_SUCCESS, "a page made inaccessible (VM_PROT_NONE)");
	tap_is_int(read_code(page, 4), KERN_PROTECTION_FAILURE,
		   "vm_read of it: protection failure");
	mach_port_t port = mach_reply_port();
	tap_is_int(ool_send(port, page, 4, FALSE), MACH_SEND_INVALID_MEMORY,
		   "sending it out-of-line: invalid memory");
	mach_port_destroy(self, port);
	exc_expect(repair_readable);
	int value = *(volatile int *)page;
	exc_check(KERN_PROTECTION_FAILURE, page, "a read of it");
	tap_is_int(value, 42, "the read gives the data once readable again");
	tap_is_int(vm_protect(self, page, PAGE, FALSE, VM_PROT_DEFAULT),
		   KERN_SUCCESS, "and the page can be made writable");
	*(volatile int *)page = 43;
	tap_is_int(*(volatile int *)page, 43, "then written");
	vm_deallocate(self, page, PAGE);
}

/* The page the guard reader starts from (its own frame's). */
static volatile uintptr_t guard_start;

/* Reads down the stack, a page at a time, from its own frame: the first
 * fault is in the thread's guard page. */
static void *
guard_reader(void *arg)
{
	volatile char *p = (volatile char *)((uintptr_t)&arg & ~(PAGE - 1ul));
	unsigned long sum = 0;

	guard_start = (uintptr_t)p;
	for (;;) {
		sum += *p;
		p -= PAGE;
	}
	return (void *)sum;
}

static void
test_guard_page(void)
{
	mach_thread_t thread;

	exc_expect(repair_terminate);
	tap_is_int(mach_thread_create(&thread, guard_reader, NULL),
		   KERN_SUCCESS, "a thread that reads down its stack");
	tap_is_int(mach_thread_join(thread, NULL), KERN_SUCCESS,
		   "it is ended by the exception handler");
	uint64_t guard = exc_address;
	tap_ok(exc_seen == 1 && exc_type == EXC_BAD_ACCESS &&
		   exc_code == KERN_PROTECTION_FAILURE,
	       "its read of the guard page is a protection failure (seen %d, "
	       "code %ld at %#lx)",
	       exc_seen, (long)exc_code, (unsigned long)guard);
	tap_ok((guard & (PAGE - 1)) == 0 && guard < guard_start &&
		   guard_start - guard <= MACH_THREAD_STACK_SIZE,
	       "the first page below the stack (%#lx, the reads started at "
	       "%#lx)",
	       (unsigned long)guard, (unsigned long)guard_start);
}

static void
test_no_execute(void)
{
	static const unsigned char code[] = {0xb8, 42, 0, 0, 0, 0xc3};
	vm_address_t page = 0;

	vm_allocate(self, &page, PAGE, TRUE);
	memcpy((void *)page, code, sizeof(code));
	int (*function)(void) = (int (*)(void))page;
	exc_expect(repair_executable);
	int value = function();
	exc_check(KERN_PROTECTION_FAILURE, page,
		  "code run from a page without execute permission");
	tap_is_int(value, 42, "it runs once the page is executable");
	exc_expect(repair_executable);
	vm_protect(self, page, PAGE, FALSE, VM_PROT_NONE);
	value = function();
	exc_check(KERN_PROTECTION_FAILURE, page,
		  "and from a page without access");
	tap_is_int(value, 42, "then runs again");
	vm_deallocate(self, page, PAGE);
}

static void
test_deallocate(void)
{
	mach_port_t port = mach_reply_port();
	vm_address_t region = 0;

	vm_allocate(self, &region, 3 * PAGE, TRUE);
	fill(region, 3 * PAGE, 1);
	tap_is_int(ool_send(port, region, 3 * PAGE, TRUE), MACH_MSG_SUCCESS,
		   "3 pages sent with deallocate");
	tap_is_int(read_code(region, PAGE), KERN_INVALID_ADDRESS,
		   "vm_read of the sender's region: it is gone");
	exc_expect(repair_allocate);
	int value = *(volatile int *)(region + PAGE);
	exc_check(KERN_INVALID_ADDRESS, region + PAGE,
		  "a read of the sender's region");
	tap_is_int(value, 0, "(the handler allocated a fresh page there)");
	vm_deallocate(self, region, 3 * PAGE);
	vm_address_t got = ool_receive(port, 3 * PAGE);
	tap_ok(got != 0 && filled(got, 3 * PAGE, 1), "they arrive intact");
	vm_deallocate(self, got, 3 * PAGE);

	/* Not page-aligned: every page the region touches leaves. */
	vm_allocate(self, &region, 3 * PAGE, TRUE);
	fill(region, 3 * PAGE, 2);
	tap_is_int(ool_send(port, region + 100, 2 * PAGE, TRUE),
		   MACH_MSG_SUCCESS,
		   "2 pages from 100 bytes into a page, with deallocate");
	tap_ok(read_code(region, 1) == KERN_INVALID_ADDRESS &&
		   read_code(region + 2 * PAGE, 1) == KERN_INVALID_ADDRESS,
	       "all three pages it touches left the sender");
	got = ool_receive(port, 2 * PAGE);
	tap_ok(got != 0 && (got & (PAGE - 1)) == 100 &&
		   filled(got - 100, 3 * PAGE, 2),
	       "they arrive at the same offset in the sender's pages");
	vm_deallocate(self, got, 2 * PAGE);
	mach_port_destroy(self, port);
}

/* One region of 4 pages sent with deallocate and received, the copy
 * then freed: nothing is left. */
static void
deallocate_round(void)
{
	mach_port_t port = mach_reply_port();
	vm_address_t region = 0;

	vm_allocate(self, &region, 4 * PAGE, TRUE);
	fill(region, 4 * PAGE, 3);
	ool_send(port, region, 4 * PAGE, TRUE);
	vm_address_t got = ool_receive(port, 4 * PAGE);
	if (got != 0)
		vm_deallocate(self, got, 4 * PAGE);
	mach_port_destroy(self, port);
}

static void
test_deallocate_counts(void)
{
	deallocate_round(); /* page tables, zone slabs */
	struct kernel_stats before = counts_now();
	deallocate_round();
	counts_check(&before, COUNTS_PAGES,
		     "a region sent with deallocate, received and freed");
	before = counts_now();
	for (int i = 0; i < 10; i++)
		deallocate_round();
	counts_check(&before, COUNTS_PAGES, "ten times");
}

/* The region of a send that failed is as it was: data and protection. */
static void
check_restored(vm_address_t region, unsigned seed, const char *what)
{
	tap_ok(read_code(region, 3 * PAGE) == KERN_SUCCESS &&
		   filled(region, 3 * PAGE, seed),
	       "%s: the region is still there with its data", what);
	exc_expect(repair_writable);
	((volatile char *)region)[PAGE] ^= 0;
	exc_check(KERN_PROTECTION_FAILURE, region + PAGE,
		  "and its read-only page is still read-only");
	vm_protect(self, region + PAGE, PAGE, FALSE, VM_PROT_READ);
}

static void
test_deallocate_send_errors(void)
{
	union ool_room u;
	struct kernel_stats before = counts_now();
	mach_port_t port = mach_reply_port();
	vm_address_t region = 0;

	/* 3 pages, the middle one read-only. */
	vm_allocate(self, &region, 3 * PAGE, TRUE);
	fill(region, 3 * PAGE, 4);
	vm_protect(self, region + PAGE, PAGE, FALSE, VM_PROT_READ);

	memset(&u, 0, sizeof(u));
	ool_compose(&u.msg, 0x7777, 1);
	ool_region(&u.msg, 0, region, 3 * PAGE, TRUE);
	tap_is_int(mach_msg(&u.msg.header, MACH_SEND_MSG,
			    u.msg.header.msgh_size, 0, 0, 0, 0),
		   MACH_SEND_INVALID_DEST, "deallocate to a bad destination");
	check_restored(region, 4, "MACH_SEND_INVALID_DEST");

	memset(&u, 0, sizeof(u));
	ool_compose(&u.msg, port, 2);
	ool_region(&u.msg, 0, region, 3 * PAGE, TRUE);
	ool_region(&u.msg, 1, 0x1000, PAGE, FALSE);
	tap_is_int(mach_msg(&u.msg.header, MACH_SEND_MSG,
			    u.msg.header.msgh_size, 0, 0, 0, 0),
		   MACH_SEND_INVALID_MEMORY,
		   "deallocate, then a region that is not there");
	check_restored(region, 4, "MACH_SEND_INVALID_MEMORY");

	/* A full queue: the send times out after its copy was taken. */
	mach_port_set_qlimit(self, port, 1);
	ool_send(port, 0, 0, FALSE);
	memset(&u, 0, sizeof(u));
	ool_compose(&u.msg, port, 1);
	ool_region(&u.msg, 0, region, 3 * PAGE, TRUE);
	tap_is_int(mach_msg(&u.msg.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			    u.msg.header.msgh_size, 0, 0, 10, 0),
		   MACH_SEND_TIMED_OUT,
		   "deallocate to a full queue, timed out");
	check_restored(region, 4, "MACH_SEND_TIMED_OUT");

	mach_port_destroy(self, port);
	vm_deallocate(self, region, 3 * PAGE);
	counts_check(&before, COUNTS_OBJECTS, "the failed sends");
}

/* An out-of-line port array sent with deallocate leaves the sender. */
static void
test_deallocate_ports(void)
{
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_ool_ports_descriptor_t ports;
	} msg;
	union {
		mach_msg_header_t header;
		char room[512];
	} in;
	mach_port_t port = mach_reply_port();
	vm_address_t names = 0;

	vm_allocate(self, &names, PAGE, TRUE);
	((mach_port_t *)names)[0] = port;
	((mach_port_t *)names)[1] = port;
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = port;
	msg.body.msgh_descriptor_count = 1;
	msg.ports.address = (void *)names;
	msg.ports.count = 2;
	msg.ports.deallocate = TRUE;
	msg.ports.disposition = MACH_MSG_TYPE_MAKE_SEND;
	msg.ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	tap_is_int(
	    mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0),
	    MACH_MSG_SUCCESS, "a port array sent with deallocate");
	tap_is_int(read_code(names, 8), KERN_INVALID_ADDRESS,
		   "the sender's array is gone");
	tap_is_int(
	    mach_msg(&in.header, MACH_RCV_MSG, 0, sizeof(in), port, 0, 0),
	    MACH_MSG_SUCCESS, "and it is received");
	mach_msg_destroy(&in.header);
	mach_port_destroy(self, port);
}

static void
test_vm_read(void)
{
	vm_address_t region = 0;
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;

	vm_allocate(self, &region, 3 * PAGE, TRUE);
	fill(region, 3 * PAGE, 5);
	tap_is_int(vm_read(self, region + 10, 2 * PAGE, &data, &count),
		   KERN_SUCCESS, "vm_read of 2 pages from 10 bytes in");
	tap_ok(count == 2 * PAGE && data != 0 &&
		   memcmp((void *)data, (void *)(region + 10), 2 * PAGE) == 0,
	       "it returns a copy of them");
	((volatile char *)region)[10] ^= 1;
	tap_ok(*(volatile char *)data != ((volatile char *)region)[10],
	       "a copy: a later write to the region does not show in it");
	vm_deallocate(self, data, count);
	tap_is_int(read_code(region + 3 * PAGE - 1, 2), KERN_INVALID_ADDRESS,
		   "vm_read running past the region: invalid address");
	data = 1;
	tap_ok(vm_read(self, region, 0, &data, &count) == KERN_SUCCESS &&
		   count == 0,
	       "vm_read of nothing");
	tap_is_int(read_code(0xffff800000000000ul, 8), KERN_INVALID_ADDRESS,
		   "vm_read of the kernel's half: invalid address");
	vm_deallocate(self, region, 3 * PAGE);
}

/* Above the 4 MiB that out-of-line memory was limited to. */
static void
test_large(void)
{
	const vm_size_t size = 6ul << 20;
	mach_port_t port = mach_reply_port();
	vm_address_t region = 0;

	vm_allocate(self, &region, size, TRUE);
	fill(region, PAGE, 6);
	fill(region + size - PAGE, PAGE, 7);
	mach_msg_return_t mr = ool_send(port, region, size, FALSE);
	vm_address_t got = ool_receive(port, size);
	tap_ok(mr == MACH_MSG_SUCCESS && got != 0 && filled(got, PAGE, 6) &&
		   filled(got + size - PAGE, PAGE, 7),
	       "6 MiB out-of-line (%#x)", mr);
	vm_deallocate(self, got, size);
	mr = ool_send(port, region, size, TRUE);
	int gone = read_code(region, 1) == KERN_INVALID_ADDRESS;
	got = ool_receive(port, size);
	tap_ok(mr == MACH_MSG_SUCCESS && gone && got != 0 &&
		   filled(got, PAGE, 6) && filled(got + size - PAGE, PAGE, 7),
	       "and again with deallocate (%#x)", mr);
	vm_deallocate(self, got, size);
	mach_port_destroy(self, port);
}

/* More names than a reply holds inline: the kernel sends its own
 * out-of-line copies. */
static void
test_many_names(void)
{
	enum { COUNT = 700 };
	static mach_port_t ports[COUNT];
	mach_port_t *names = NULL;
	mach_port_type_t *types = NULL;
	mach_msg_type_number_t name_count = 0, type_count = 0;
	struct kernel_stats before = counts_now();

	for (int i = 0; i < COUNT; i++)
		mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &ports[i]);
	tap_is_int(
	    mach_port_names(self, &names, &name_count, &types, &type_count),
	    KERN_SUCCESS, "mach_port_names with %d more names", COUNT);
	int found = 0;
	for (mach_msg_type_number_t i = 0; i < name_count; i++)
		for (int j = 0; j < COUNT; j++)
			if (names[i] == ports[j] &&
			    types[i] == MACH_PORT_TYPE_RECEIVE)
				found++;
	tap_ok(name_count == type_count && name_count >= COUNT &&
		   found == COUNT,
	       "every name is there, with its type (%u names)", name_count);
	vm_deallocate(self, (vm_address_t)names, name_count * sizeof(*names));
	vm_deallocate(self, (vm_address_t)types, type_count * sizeof(*types));
	for (int i = 0; i < COUNT; i++)
		mach_port_destroy(self, ports[i]);
	counts_check(&before, COUNTS_OBJECTS, "mach_port_names");
}

/* vm_write of a region that is not page-aligned, between pages. */
static void
test_vm_write(void)
{
	vm_address_t from = 0, to = 0;

	vm_allocate(self, &from, 2 * PAGE, TRUE);
	vm_allocate(self, &to, 3 * PAGE, TRUE);
	fill(from, 2 * PAGE, 8);
	tap_is_int(vm_write(self, to + 100, from + 10, PAGE + 50), KERN_SUCCESS,
		   "vm_write of a page and 50 bytes, unaligned");
	tap_ok(memcmp((void *)(to + 100), (void *)(from + 10), PAGE + 50) ==
		       0 &&
		   ((char *)to)[99] == 0 && ((char *)to)[PAGE + 150] == 0,
	       "the bytes land there, nothing around them");
	tap_is_int(vm_write(self, to + 3 * PAGE - 10, from, 20),
		   KERN_INVALID_ADDRESS, "vm_write running past the region");
	vm_deallocate(self, from, 2 * PAGE);
	vm_deallocate(self, to, 3 * PAGE);
}

int
main(void)
{
	self = mach_task_self();
	tap_plan(52);
	exc_start();
	test_prot_none();
	test_guard_page();
	test_no_execute();
	test_deallocate();
	test_deallocate_counts();
	test_deallocate_send_errors();
	test_deallocate_ports();
	test_vm_read();
	test_large();
	test_many_names();
	test_vm_write();
	exc_stop();
	return tap_done();
}
