/*
 * t_pager: an external pager, written as any task would write one, with
 * GNU Mach's memory_object interface (its server stubs in libmach) and
 * the control port's calls (memory_object_control.defs).
 *
 * The pager is a thread of this task serving its memory object port;
 * the main thread maps the object (vm_map) and touches it, directly and
 * through the kernel (mach_msg copying a message out of a page the pager
 * has not supplied yet).  Checked: pages come from data requests and
 * arrive with the pager's data; data_unavailable gives zero pages,
 * data_error and a pager that never answers make the access fail (the
 * boot sets pagertimeout=300) and so does a dead pager; lock_request
 * returns written pages (one written through a mapping since removed
 * too) and flushes them; a copy-on-write mapping keeps
 * its writes from the pager; unmapping the last mapping returns the dirty
 * pages and terminates the object; the kernel's counts come back.
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/memory_object_control.h>
#include <mach/memory_object_server.h>
#include <mach/pager_trace.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdint.h>
#include <string.h>

#define PAGE  4096
#define PAGES 8

static mach_port_t self;

/* What the pager does with a data request. */
enum pager_mode { SUPPLY, UNAVAILABLE, FAIL, SILENT };

/* The pager's state; written by the pager thread, read by the test. */
static struct {
	mach_port_t port;    /* the memory object (receive right) */
	mach_port_t control; /* from memory_object_init */
	volatile enum pager_mode mode;
	volatile int inits, requests, returns, terminates, locks;
	volatile vm_offset_t last_request, last_return;
	volatile char returned_byte; /* first byte of the last return */
	volatile unsigned returned;  /* pages returned: bit i, page i */
} pager;

/* The data the pager holds at offset: byte i of it. */
static char
pager_byte(vm_offset_t offset, vm_size_t i)
{
	return (char)((offset / PAGE) * 31 + i * 7 + 1);
}

kern_return_t
memory_object_init(mach_port_t object, mach_port_t control, mach_port_t name,
		   vm_size_t page_size)
{
	(void)object;
	(void)page_size;
	mach_port_deallocate(self, name); /* not needed here */
	pager.control = control;
	pager.inits++;
	return memory_object_ready(control, FALSE, MEMORY_OBJECT_COPY_DELAY);
}

kern_return_t
memory_object_data_request(mach_port_t object, mach_port_t control,
			   vm_offset_t offset, vm_size_t length,
			   vm_prot_t access)
{
	static char page[PAGE] __attribute__((aligned(PAGE)));

	(void)object;
	(void)access;
	pager.requests++;
	pager.last_request = offset;
	switch (pager.mode) {
	case SUPPLY:
		for (vm_size_t i = 0; i < PAGE; i++)
			page[i] = pager_byte(offset, i);
		return memory_object_data_supply(
		    control, offset, (vm_offset_t)page, length, FALSE,
		    VM_PROT_NONE, FALSE, MACH_PORT_NULL);
	case UNAVAILABLE:
		return memory_object_data_unavailable(control, offset, length);
	case FAIL:
		return memory_object_data_error(control, offset, length,
						KERN_MEMORY_FAILURE);
	case SILENT:
		break;
	}
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_return(mach_port_t object, mach_port_t control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t count, boolean_t dirty,
			  boolean_t kernel_copy)
{
	(void)object;
	(void)control;
	(void)dirty;
	(void)kernel_copy;
	pager.last_return = offset;
	pager.returned_byte = *(char *)data;
	pager.returns++;
	if (offset / PAGE < 32)
		pager.returned |= 1u << (offset / PAGE);
	vm_deallocate(self, data, count);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_terminate(mach_port_t object, mach_port_t control,
			mach_port_t name)
{
	(void)object;
	(void)control;
	(void)name;
	pager.terminates++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_lock_completed(mach_port_t object, mach_port_t control,
			     vm_offset_t offset, vm_size_t length)
{
	(void)object;
	(void)control;
	(void)offset;
	(void)length;
	pager.locks++;
	return KERN_SUCCESS;
}

static volatile int pager_started;

static void *
pager_thread(void *arg)
{
	vm_address_t buffer = 0;

	(void)arg;
	/* The thread's first call makes its reply port (libmach's, for
	 * good): before the test counts the kernel's ports. */
	vm_allocate(self, &buffer, PAGE, TRUE);
	vm_deallocate(self, buffer, PAGE);
	pager_started = 1;
	mach_msg_server(memory_object_server, 8192, pager.port, 0);
	return NULL;
}

static int
started(void)
{
	return pager_started;
}

/* Lets the pager thread run until cond() holds (or a second passes). */
static int
wait_for(int (*cond)(void))
{
	for (int i = 0; i < 100 && !cond(); i++)
		thread_switch(0, SWITCH_OPTION_WAIT, 10);
	return cond();
}

static int
terminated(void)
{
	return pager.terminates > 0;
}

static int
inited(void)
{
	return pager.inits > 0;
}

static int
locked(void)
{
	return pager.locks > 0;
}

/*
 * Sends the message whose header lies at addr, in a page of the object:
 * the kernel copies it in, and faults on the pager's page.  The header
 * is the pager's data, no message: MACH_SEND_INVALID_DATA says the copy
 * failed, any other error that it was made.
 */
static mach_msg_return_t
send_from(vm_address_t addr)
{
	return mach_msg((mach_msg_header_t *)addr, MACH_SEND_MSG,
			sizeof(mach_msg_header_t), 0, MACH_PORT_NULL, 0, 0);
}

/* A message to a new port of one's own and back, in one trap. */
static mach_msg_return_t
send_receive_self(void)
{
	struct {
		mach_msg_header_t header;
		mach_msg_trailer_t trailer;
	} msg;
	mach_port_t port = mach_reply_port();

	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	msg.header.msgh_size = sizeof(msg.header);
	msg.header.msgh_remote_port = port;
	mach_msg_return_t mr = mach_msg(
	    &msg.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(msg.header),
	    sizeof(msg), port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	mach_port_destroy(self, port);
	return mr;
}

static vm_address_t
map_object(boolean_t copy)
{
	vm_address_t addr = 0;
	kern_return_t kr =
	    vm_map(self, &addr, PAGES * PAGE, 0, TRUE, pager.port, 0, copy,
		   VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY);
	return kr == KERN_SUCCESS ? addr : 0;
}

static void
test_supply(vm_address_t addr)
{
	tap_ok(addr != 0 && wait_for(inited) && pager.inits == 1,
	       "vm_map of the object: memory_object_init (%d)", pager.inits);
	tap_ok(((volatile char *)addr)[5] == pager_byte(0, 5) &&
		   pager.requests == 1 && pager.last_request == 0,
	       "a read of page 0: one data request, the pager's data");
	tap_ok(((volatile char *)addr)[100] == pager_byte(0, 100) &&
		   pager.requests == 1,
	       "a second read: resident, no request");
	tap_ok(((volatile char *)addr)[3 * PAGE + 9] ==
		       pager_byte(3 * PAGE, 9) &&
		   pager.last_request == 3 * PAGE,
	       "page 3: its own request and data");
	vm_address_t again = map_object(FALSE);
	tap_ok(again != 0 && pager.inits == 1 &&
		   ((volatile char *)again)[5] == pager_byte(0, 5),
	       "a second mapping: the same object, no new init");
	/* written through the mapping that then goes: the page is dirty
	 * all the same (test_lock_request gets it back) */
	((volatile char *)again)[6] = 'w';
	tap_ok(((volatile char *)addr)[6] == 'w',
	       "a write through one shared mapping shows in the other");
	vm_deallocate(self, again, PAGES * PAGE);
}

static void
test_lock_request(vm_address_t addr)
{
	int requests = pager.requests;

	tap_is_int(memory_object_lock_request(pager.control, 0, PAGES * PAGE,
					      MEMORY_OBJECT_RETURN_DIRTY, TRUE,
					      VM_PROT_NONE, pager.port),
		   KERN_SUCCESS, "lock_request: return dirty pages, flush");
	wait_for(locked);
	tap_ok(pager.returns == 1 && pager.last_return == 0 &&
		   pager.returned_byte == pager_byte(0, 0),
	       "the written page came back (%d returns)", pager.returns);
	tap_ok(pager.locks == 1, "lock_completed to the reply port");
	tap_ok(((volatile char *)addr)[6] == pager_byte(0, 6) &&
		   pager.requests == requests + 1,
	       "flushed: the next read asks the pager again");
}

/*
 * memory_object_ready, a simpleroutine, sent with a reply right anyway
 * (MIG's stubs send none): the kernel gives the right back, whatever
 * its kind, instead of keeping it for ever (the objects' count at the
 * end of the test covers the ports).  A send-once right comes back as
 * a send-once notification.
 */
static void
test_simpleroutine_reply(void)
{
	mach_msg_type_name_t kinds[] = {MACH_MSG_TYPE_MAKE_SEND,
					MACH_MSG_TYPE_MAKE_SEND_ONCE};
	int sent = 0;

	for (int i = 0; i < 2; i++) {
		mach_port_t reply;
		memory_object_control_memory_object_ready_request_t msg = {
		    .Head = {.msgh_bits = MACH_MSGH_BITS(
				 MACH_MSG_TYPE_COPY_SEND, kinds[i]),
			     .msgh_size = sizeof(msg),
			     .msgh_id = 2094},
		    .may_cache = FALSE,
		    .copy_strategy = MEMORY_OBJECT_COPY_DELAY};
		mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &reply);
		msg.Head.msgh_remote_port = pager.control;
		msg.Head.msgh_local_port = reply;
		sent += mach_msg(&msg.Head, MACH_SEND_MSG, sizeof(msg), 0,
				 MACH_PORT_NULL, 0,
				 MACH_PORT_NULL) == MACH_MSG_SUCCESS;
		mach_port_destroy(self, reply);
	}
	tap_is_int(sent, 2,
		   "a simpleroutine sent with a send or send-once reply right");
}

static void
test_private_copy(vm_address_t addr)
{
	vm_address_t copy = map_object(TRUE);

	((volatile char *)copy)[PAGE] = 'c';
	tap_ok(((volatile char *)addr)[PAGE] == pager_byte(PAGE, 0) &&
		   ((volatile char *)copy)[PAGE] == 'c',
	       "a copy-on-write mapping keeps its write to itself");
	vm_deallocate(self, copy, PAGES * PAGE);
}

static void
test_errors(vm_address_t addr)
{
	pager.mode = UNAVAILABLE;
	tap_ok(((volatile char *)addr)[4 * PAGE + 3] == 0,
	       "data_unavailable: a zero page");
	pager.mode = FAIL;
	tap_is_int(send_from(addr + 5 * PAGE), MACH_SEND_INVALID_DATA,
		   "data_error: the kernel's copy from the page fails");
	pager.mode = SILENT;
	tap_is_int(send_from(addr + 6 * PAGE), MACH_SEND_INVALID_DATA,
		   "a pager that never answers: the copy fails in time");
	pager.mode = SUPPLY;
	int requests = pager.requests;
	mach_msg_return_t mr = send_from(addr + 5 * PAGE);
	tap_ok(mr != MACH_SEND_INVALID_DATA && pager.requests == requests + 1,
	       "the page in error is asked again, and mach_msg reads it "
	       "(%#x)",
	       mr);

	/*
	 * The kernel keeps the buffer of a thread's last message as its
	 * spare for the next (ipc/ipc_kmsg_simple.h).  A copy in that
	 * faults on the pager's page sends the pager a request from this
	 * thread meanwhile: the two must not share that buffer.
	 */
	requests = pager.requests;
	mr = send_receive_self();
	mach_msg_return_t faulted = send_from(addr + 2 * PAGE);
	tap_ok(mr == MACH_MSG_SUCCESS && faulted != MACH_SEND_INVALID_DATA &&
		   pager.requests == requests + 1,
	       "a copy in that faults, with a spare buffer (%#x, %#x)", mr,
	       faulted);
	tap_is_int(send_receive_self(), MACH_MSG_SUCCESS,
		   "then a message to oneself");
	tap_ok(((volatile char *)addr)[2 * PAGE + 8] == pager_byte(2 * PAGE, 8),
	       "and the page has the pager's data");
}

/* The pager's receive right dies: the object's faults fail at once. */
static void
test_dead_pager(void)
{
	mach_port_t dead;
	vm_address_t addr = 0;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &dead);
	mach_port_insert_right(self, dead, dead, MACH_MSG_TYPE_MAKE_SEND);
	tap_is_int(vm_map(self, &addr, PAGE, 0, TRUE, dead, 0, FALSE,
			  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		   KERN_SUCCESS, "vm_map of an object nobody serves");
	mach_port_mod_refs(self, dead, MACH_PORT_RIGHT_RECEIVE, -1);
	tap_is_int(send_from(addr), MACH_SEND_INVALID_DATA,
		   "its pager dead: the copy from it fails");
	vm_deallocate(self, addr, PAGE);
	mach_port_deallocate(self, dead);
	addr = 0;
	tap_is_int(vm_map(self, &addr, PAGE, 0, TRUE, self, 0, FALSE,
			  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		   KERN_INVALID_ARGUMENT,
		   "vm_map of a task's port: no memory object");
	tap_is_int(vm_map(self, &addr, PAGE, 0, TRUE, pager.port, 100, FALSE,
			  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		   KERN_INVALID_ARGUMENT, "vm_map at an unaligned offset");
}

/* The position of the first event of type for object at offset in the
 * events from from on, or -1. */
static int
trace_find(const struct pager_trace_event *events, int count, int from,
	   uint32_t object, unsigned type, vm_offset_t offset)
{
	for (int i = from < 0 ? count : from; i < count; i++)
		if (events[i].pte_object == object &&
		    events[i].pte_type == type &&
		    events[i].pte_offset == offset)
			return i;
	return -1;
}

/*
 * The kernel's trace of it all: the main object's first page went
 * fault, request, supply, resume, in that order; its counts agree with
 * what the pager saw.  Only the privileged host port reads them.
 */
static void
test_trace(void)
{
	mach_port_t priv = mach_host_priv_self();
	vm_offset_t data = 0, stats = 0;
	mach_msg_type_number_t size = 0, stats_size = 0;
	uint64_t dropped = 1;

	tap_is_int(host_pager_trace(mach_host_self(), &data, &size, &dropped),
		   KERN_INVALID_HOST, "the plain host port reads no trace");
	tap_is_int(host_pager_trace(priv, &data, &size, &dropped), KERN_SUCCESS,
		   "the privileged one does");
	const struct pager_trace_event *events = (void *)data;
	int count = size / sizeof(*events);
	uint32_t object = count > 0 ? events[0].pte_object : 0;
	int at = trace_find(events, count, 0, object, PAGER_TRACE_INIT, 0);
	at = trace_find(events, count, at, object, PAGER_TRACE_FAULT, 0);
	at = trace_find(events, count, at, object, PAGER_TRACE_REQUEST, 0);
	at = trace_find(events, count, at, object, PAGER_TRACE_SUPPLY, 0);
	at = trace_find(events, count, at, object, PAGER_TRACE_RESUME, 0);
	tap_ok(size % sizeof(*events) == 0 && dropped == 0 && at > 0,
	       "%d events, none dropped: init, fault, request, supply, "
	       "resume for page 0",
	       count);
	tap_is_int(host_pager_stats(priv, &stats, &stats_size), KERN_SUCCESS,
		   "host_pager_stats");
	const struct pager_object_stats *s = NULL;
	for (unsigned i = 0; i < stats_size / sizeof(*s); i++)
		if (((const struct pager_object_stats *)stats)[i].pos_object ==
		    object)
			s = (const struct pager_object_stats *)stats + i;
	uint64_t waits = 0;
	for (int i = 0; s != NULL && i < PAGER_LATENCY_BUCKETS; i++)
		waits += s->pos_latency[i];
	tap_ok(s != NULL && !s->pos_alive &&
		   s->pos_requests == (uint64_t)pager.requests &&
		   s->pos_returns == (uint64_t)pager.returns &&
		   s->pos_flushes > 0 && waits == s->pos_faults,
	       "its counts: terminated, %d requests, %d returns, each fault "
	       "timed",
	       pager.requests, pager.returns);
	vm_deallocate(self, data, size);
	vm_deallocate(self, stats, stats_size);
	mach_port_deallocate(self, priv);
}

int
main(void)
{
	mach_thread_t thread;

	self = mach_task_self();
	tap_plan(31);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &pager.port);
	mach_port_insert_right(self, pager.port, pager.port,
			       MACH_MSG_TYPE_MAKE_SEND);
	mach_thread_create(&thread, pager_thread, NULL);
	wait_for(started);
	struct kernel_stats before = counts_now();

	vm_address_t addr = map_object(FALSE);
	test_supply(addr);
	test_lock_request(addr);
	test_simpleroutine_reply();
	test_private_copy(addr);
	test_errors(addr);
	((volatile char *)addr)[7 * PAGE] = 'd'; /* dirty at the end */
	pager.returned = 0;
	vm_deallocate(self, addr, PAGES * PAGE);
	tap_ok(wait_for(terminated) && pager.terminates == 1,
	       "the last mapping gone: memory_object_terminate");
	tap_ok(pager.returned == 1u << 7 && pager.returned_byte == 'd',
	       "after the one dirty page came back (pages %#x)",
	       pager.returned);
	test_dead_pager();
	test_trace();
	mach_port_destroy(self, pager.control);
	counts_check(&before, COUNTS_OBJECTS, "the objects and their ports");

	mach_port_destroy(self, pager.port); /* the pager thread ends */
	mach_thread_join(thread, NULL);
	return tap_done();
}
