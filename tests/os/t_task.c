/*
 * Tasks and threads as kernel objects: building a thread with
 * thread_create / thread_set_state / thread_resume, reading its state,
 * suspending a running thread, an exception handled by a handler thread
 * that repairs the fault, and one task building another: memory, code,
 * a thread, suspension, and the dead-name notification of its end.
 * Each test ends the threads and ports it made, and the kernel's object
 * counts say so.
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/exc_server.h>
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdlib.h>
#include <string.h>

#define PAGE	   4096
#define STACK_SIZE (64 * 1024)

static mach_port_t self;

static unsigned long
ticks(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_timer_ticks;
}

/*
 * Waits for the thread named by a send right to end (the name becomes a
 * dead name), then gives the name up.
 */
static void
wait_for_end(mach_port_t thread)
{
	mach_port_type_t type = 0;
	unsigned long start = ticks();

	while (mach_port_type(self, thread, &type) == KERN_SUCCESS &&
	       type != MACH_PORT_TYPE_DEAD_NAME && ticks() - start < 300)
		swtch_pri(0);
	mach_port_deallocate(self, thread);
}

/* A thread started by hand: it sets up libmach's thread data itself. */
struct raw_thread {
	struct libmach_thread data;
	volatile int ran;
	volatile long arg_seen;
};

static void
raw_thread_main(struct raw_thread *t)
{
	libmach_thread_init(&t->data);
	t->arg_seen = (long)t;
	t->ran = 1;
	libmach_thread_exit(); /* its reply port goes with it */
}

static void
test_thread_create(void)
{
	static struct raw_thread raw;
	struct x86_64_thread_state state, got;
	mach_msg_type_number_t count = THREAD_STATE_X86_64_COUNT;
	vm_address_t stack = 0;
	thread_t thread;

	tap_is_int(vm_allocate(self, &stack, STACK_SIZE, TRUE), KERN_SUCCESS,
		   "vm_allocate a stack (RPC on the task port)");
	tap_is_int(thread_create(self, &thread), KERN_SUCCESS, "thread_create");
	memset(&state, 0, sizeof(state));
	state.rip = (uint64_t)raw_thread_main;
	state.rsp = stack + STACK_SIZE - 8;
	state.rdi = (uint64_t)&raw;
	state.rbx = 0x1234;
	tap_is_int(thread_set_state(thread, THREAD_STATE_X86_64,
				    (thread_state_t)&state,
				    THREAD_STATE_X86_64_COUNT),
		   KERN_SUCCESS, "thread_set_state");
	tap_is_int(thread_get_state(thread, THREAD_STATE_X86_64,
				    (thread_state_t)&got, &count),
		   KERN_SUCCESS, "thread_get_state");
	tap_ok(got.rip == state.rip && got.rsp == state.rsp &&
		   got.rbx == 0x1234 && (got.rflags & 0x200),
	       "the state reads back (interrupts stay enabled)");
	tap_is_int(thread_set_state(thread, 99, (thread_state_t)&state,
				    THREAD_STATE_X86_64_COUNT),
		   KERN_INVALID_ARGUMENT, "an unknown state flavor is refused");
	thread_array_t threads;
	mach_msg_type_number_t n = 0;
	tap_is_int(task_threads(self, &threads, &n), KERN_SUCCESS,
		   "task_threads");
	tap_is_int(n, 2, "two threads: main and the new one");
	for (unsigned i = 0; i < n; i++)
		mach_port_deallocate(self, threads[i]);
	tap_is_int(raw.ran, 0, "a new thread does not run before resume");
	tap_is_int(thread_resume(thread), KERN_SUCCESS, "thread_resume");
	unsigned long start = ticks();
	while (!raw.ran && ticks() - start < 300)
		swtch_pri(0);
	tap_ok(raw.ran && raw.arg_seen == (long)&raw,
	       "it ran with its argument");
	start = ticks();
	while (ticks() - start < 5)
		swtch_pri(0);
	tap_is_int(thread_resume(thread), MACH_SEND_INVALID_DEST,
		   "an RPC to the ended thread fails");
	mach_port_type_t type = 0;
	mach_port_type(self, thread, &type);
	tap_is_int(type, MACH_PORT_TYPE_DEAD_NAME,
		   "after it ended itself its port is a dead name");
	mach_port_deallocate(self, thread);
	vm_deallocate(self, stack, STACK_SIZE);
}

static int
run_state(mach_port_t thread)
{
	struct thread_basic_info info;
	mach_msg_type_number_t count = THREAD_BASIC_INFO_COUNT;

	if (thread_info(thread, THREAD_BASIC_INFO, (thread_info_t)&info,
			&count) != KERN_SUCCESS)
		return -1;
	return info.run_state;
}

static volatile unsigned long spins;
static volatile int spin_stop;
static volatile mach_port_t spinner_port;

static void
spinner(void *arg)
{
	(void)arg;
	spinner_port = mach_thread_self();
	while (!spin_stop)
		spins++;
}

static void
test_suspend(void)
{
	tap_ok(thread_spawn(spinner, NULL, malloc(STACK_SIZE), STACK_SIZE) > 0,
	       "a spinning thread");
	while (spinner_port == MACH_PORT_NULL)
		swtch_pri(0);
	tap_is_int(thread_suspend(spinner_port), KERN_SUCCESS,
		   "thread_suspend");
	unsigned long seen = spins, start = ticks();
	while (ticks() - start < 5)
		swtch_pri(0);
	tap_ok(spins == seen, "a suspended thread does not run");
	tap_is_int(run_state(spinner_port), TH_STATE_STOPPED,
		   "thread_info: it is stopped");
	tap_is_int(thread_resume(spinner_port), KERN_SUCCESS, "thread_resume");
	tap_is_int(thread_resume(spinner_port), KERN_FAILURE,
		   "resume of a thread not suspended is refused");
	start = ticks();
	while (spins == seen && ticks() - start < 300)
		swtch_pri(0);
	tap_ok(spins != seen, "it runs again after resume");
	tap_is_int(run_state(spinner_port), TH_STATE_RUNNING,
		   "thread_info: it is running");
	spin_stop = 1;
	wait_for_end(spinner_port);
}

/* Exceptions: a write to a read-only page, repaired by the handler. */
static volatile int exceptions_seen;
static volatile int64_t exception_codes[2];
static vm_address_t protected_page;
static volatile mach_port_t handler_thread;

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
		      exception_type_t exception, exception_data_t code,
		      mach_msg_type_number_t count)
{
	(void)port;
	exceptions_seen++;
	exception_codes[0] = count > 0 ? code[0] : -1;
	exception_codes[1] = count > 1 ? code[1] : -1;
	mach_port_deallocate(self, thread);
	mach_port_deallocate(self, task);
	if (exception != EXC_BAD_ACCESS)
		return KERN_FAILURE;
	return vm_protect(self, protected_page, PAGE, FALSE, VM_PROT_DEFAULT);
}

static void
exception_handler(void *arg)
{
	mach_port_t port = (mach_port_t)(uintptr_t)arg;
	union {
		mach_msg_header_t header;
		char room[exc_MAX_REQUEST_SIZE + MAX_TRAILER_SIZE];
	} request;
	union {
		mach_msg_header_t header;
		char room[exc_MAX_REPLY_SIZE];
	} reply;

	handler_thread = mach_thread_self();
	for (;;) {
		if (mach_msg(&request.header, MACH_RCV_MSG, 0, sizeof(request),
			     port, 0, 0) != MACH_MSG_SUCCESS)
			return;
		exc_server(&request.header, &reply.header);
		mach_msg(&reply.header, MACH_SEND_MSG, reply.header.msgh_size,
			 0, 0, 0, 0);
	}
}

static volatile mach_port_t writer_thread;

static void
writer(void *arg)
{
	(void)arg;
	*(volatile int *)protected_page = 42; /* faults once */
	writer_thread = mach_thread_self();
}

static void
test_exception(void)
{
	mach_port_t port;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	tap_is_int(task_set_special_port(self, TASK_EXCEPTION_PORT, port),
		   KERN_SUCCESS, "set the task's exception port");
	mach_port_t got = MACH_PORT_NULL;
	task_get_special_port(self, TASK_EXCEPTION_PORT, &got);
	tap_is_int(got, port, "and read it back");
	thread_spawn(exception_handler, (void *)(uintptr_t)port,
		     malloc(STACK_SIZE), STACK_SIZE);
	vm_allocate(self, &protected_page, PAGE, TRUE);
	tap_is_int(vm_protect(self, protected_page, PAGE, FALSE, VM_PROT_READ),
		   KERN_SUCCESS, "make a page read-only");
	/* A thread of its own faults: the kernel's reply port for the
	 * exception RPC lives as long as the faulting thread. */
	thread_spawn(writer, NULL, malloc(STACK_SIZE), STACK_SIZE);
	while (writer_thread == MACH_PORT_NULL)
		swtch_pri(0);
	wait_for_end(writer_thread);
	tap_is_int(
	    *(volatile int *)protected_page, 42,
	    "the write went through after the handler repaired the page");
	tap_is_int(exceptions_seen, 1, "one exception reached the handler");
	tap_ok(exception_codes[0] == KERN_PROTECTION_FAILURE &&
		   exception_codes[1] == (int64_t)protected_page,
	       "its codes: protection failure at the page");
	task_set_special_port(self, TASK_EXCEPTION_PORT, MACH_PORT_NULL);
	mach_port_destroy(self, port); /* the handler's receive fails */
	wait_for_end(handler_thread);
	vm_deallocate(self, protected_page, PAGE);
}

/*
 * The child's whole program, position-independent: name its own task
 * port (mach_task_self), then send task_terminate (3401) to it as a
 * one-way message that moves the send right.
 */
extern const unsigned char child_code[], child_code_end[];
__asm__(".section .rodata\n"
	"child_code:\n"
	"	movl	$3, %eax\n" /* MACH_TRAP_TASK_SELF */
	"	syscall\n"
	"	subq	$32, %rsp\n"
	"	movl	$17, (%rsp)\n"	 /* bits: MOVE_SEND */
	"	movl	$24, 4(%rsp)\n"	 /* size */
	"	movl	%eax, 8(%rsp)\n" /* remote: the task's port */
	"	movl	$0, 12(%rsp)\n"	 /* local: none, no reply */
	"	movl	$0, 16(%rsp)\n"
	"	movl	$3401, 20(%rsp)\n" /* task_terminate */
	"	movq	%rsp, %rdi\n"
	"	movl	$1, %esi\n" /* MACH_SEND_MSG */
	"	movl	$24, %edx\n"
	"	xorl	%r10d, %r10d\n"
	"	xorl	%r8d, %r8d\n"
	"	xorl	%r9d, %r9d\n"
	"	movl	$1, %eax\n" /* MACH_TRAP_MSG */
	"	syscall\n"
	"	ud2\n"
	"child_code_end:\n"
	".previous\n");

/* One task builds another: memory, code, a thread, its end. */
static void
test_child_task(void)
{
	size_t code_size = child_code_end - child_code;
	vm_address_t stack = 0;
	struct x86_64_thread_state state;
	mach_port_t notify, previous;
	task_t child;
	thread_t thread;
	vm_address_t addr = 0;

	tap_is_int(task_create(self, FALSE, &child), KERN_SUCCESS,
		   "task_create");
	tap_is_int(vm_allocate(child, &addr, PAGE, TRUE), KERN_SUCCESS,
		   "allocate memory in the child");
	tap_is_int(vm_write(child, addr, (vm_offset_t)child_code, code_size),
		   KERN_SUCCESS, "write code into it");
	tap_is_int(vm_allocate(child, &stack, PAGE, TRUE), KERN_SUCCESS,
		   "and a stack");
	tap_is_int(vm_protect(child, addr, PAGE, FALSE,
			      VM_PROT_READ | VM_PROT_EXECUTE),
		   KERN_SUCCESS, "make it executable");
	tap_is_int(thread_create(child, &thread), KERN_SUCCESS,
		   "create a thread in the child");
	memset(&state, 0, sizeof(state));
	state.rip = addr;
	state.rsp = stack + PAGE;
	thread_set_state(thread, THREAD_STATE_X86_64, (thread_state_t)&state,
			 THREAD_STATE_X86_64_COUNT);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify);
	tap_is_int(mach_port_request_notification(self, child,
						  MACH_NOTIFY_DEAD_NAME, 0,
						  notify, &previous),
		   KERN_SUCCESS, "ask to hear of the child's end");

	/* Rights in a message queued on a port of the child's. */
	mach_port_t given, once_target;
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &given);
	mach_port_insert_right(self, given, given, MACH_MSG_TYPE_MAKE_SEND);
	tap_is_int(mach_port_insert_right(child, 0x777, given,
					  MACH_MSG_TYPE_MOVE_RECEIVE),
		   KERN_SUCCESS, "give the child a receive right");
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &once_target);
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t once;
	} carry = {
	    .header = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
				    MACH_MSGH_BITS_COMPLEX,
		       .msgh_size = sizeof(carry),
		       .msgh_remote_port = given},
	    .body = {1},
	    .once = {.name = once_target,
		     .disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE,
		     .type = MACH_MSG_PORT_DESCRIPTOR},
	};
	tap_is_int(
	    mach_msg(&carry.header, MACH_SEND_MSG, sizeof(carry), 0, 0, 0, 0),
	    MACH_MSG_SUCCESS, "queue a send-once right on the child's port");
	tap_is_int(task_suspend(child), KERN_SUCCESS, "suspend the child");
	thread_resume(thread);
	struct {
		mach_dead_name_notification_t msg;
		char room[64];
	} buf;
	tap_is_int(mach_msg(&buf.msg.not_header,
			    MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(buf),
			    notify, 50, 0),
		   MACH_RCV_TIMED_OUT, "a suspended task does not run");
	tap_is_int(task_resume(child), KERN_SUCCESS, "resume it");
	mach_msg_return_t mr =
	    mach_msg(&buf.msg.not_header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		     sizeof(buf), notify, 3000, 0);
	tap_ok(mr == MACH_MSG_SUCCESS &&
		   buf.msg.not_header.msgh_id == MACH_NOTIFY_DEAD_NAME &&
		   buf.msg.not_port == child,
	       "the child ran its code and ended: dead-name notification");
	tap_is_int(vm_allocate(child, &addr, PAGE, TRUE),
		   MACH_SEND_INVALID_DEST, "its port is dead now");
	mach_port_type_t type = 0;
	mach_port_type(self, given, &type);
	tap_is_int(type, MACH_PORT_TYPE_DEAD_NAME,
		   "the child's receive right died with it");
	mr = mach_msg(&buf.msg.not_header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		      sizeof(buf), once_target, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS &&
		   buf.msg.not_header.msgh_id == MACH_NOTIFY_SEND_ONCE,
	       "the send-once right in its queue was released: notification");
	mach_port_deallocate(self, given);
	mach_port_destroy(self, once_target);
	mach_port_deallocate(self, child);
	mach_port_deallocate(self, thread);
	mach_port_destroy(self, notify);
}

/* thread_abort: a thread blocked in a receive returns interrupted. */
static volatile mach_msg_return_t aborted_result;
static volatile mach_port_t blocked_thread;

static void
blocked_receiver(void *arg)
{
	mach_port_t port = (mach_port_t)(uintptr_t)arg;
	struct {
		mach_msg_header_t header;
		char room[64];
	} buf;

	blocked_thread = mach_thread_self();
	aborted_result =
	    mach_msg(&buf.header, MACH_RCV_MSG, 0, sizeof(buf), port, 0, 0);
}

static void
test_abort(void)
{
	mach_port_t port;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	aborted_result = -1;
	thread_spawn(blocked_receiver, (void *)(uintptr_t)port,
		     malloc(STACK_SIZE), STACK_SIZE);
	while (blocked_thread == MACH_PORT_NULL)
		swtch_pri(0);
	swtch_pri(0); /* let it block */
	tap_is_int(thread_abort(blocked_thread), KERN_SUCCESS, "thread_abort");
	unsigned long start = ticks();
	while (aborted_result == -1 && ticks() - start < 300)
		swtch_pri(0);
	tap_is_int(aborted_result, MACH_RCV_INTERRUPTED,
		   "its receive returns MACH_RCV_INTERRUPTED");
	wait_for_end(blocked_thread);
	mach_port_destroy(self, port);
}

static void
test_host(void)
{
	struct host_basic_info info;
	mach_msg_type_number_t count = HOST_BASIC_INFO_COUNT;

	tap_is_int(host_info(mach_host_self(), HOST_BASIC_INFO,
			     (host_info_t)&info, &count),
		   KERN_SUCCESS, "host_info");
	tap_ok(info.max_cpus == 1 && info.memory_size > 1000,
	       "one CPU, %u pages of memory", info.memory_size);
	tap_is_int(host_info(self, HOST_BASIC_INFO, (host_info_t)&info, &count),
		   KERN_INVALID_HOST, "host_info on a task port is refused");
}

static long
milliseconds(time_value_t time)
{
	return time.seconds * 1000L + time.microseconds / 1000;
}

/* Spins in user mode for about n timer ticks. */
static void
spin_ticks(unsigned long n)
{
	unsigned long start = ticks();

	while (ticks() - start < n)
		for (volatile int i = 0; i < 100000; i++)
			;
}

static void
timed_spinner(void *arg)
{
	(void)arg;
	spinner_port = mach_thread_self();
	spin_ticks(20);
}

static kern_return_t
basic_info(struct task_basic_info *info)
{
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;
	return task_info(self, TASK_BASIC_INFO, (task_info_t)info, &count);
}

/* CPU time, sampled by the timer: a thread spinning in user mode for
 * 30 ticks (300 ms) is charged most of them as user time; its task's
 * live threads add up to at least as much; a thread that ends leaves its
 * time to the task.  Sizes: what vm_allocate maps and a fault makes
 * resident.  The figures are results of the accounting, not timings: a
 * loose third of the spin is all that is asked. */
static void
test_info(void)
{
	mach_port_t thread = mach_thread_self();
	struct thread_basic_info before, after;
	mach_msg_type_number_t count = THREAD_BASIC_INFO_COUNT;

	tap_is_int(thread_info(thread, THREAD_BASIC_INFO,
			       (thread_info_t)&before, &count),
		   KERN_SUCCESS, "thread_info");
	tap_ok(count == THREAD_BASIC_INFO_COUNT &&
		   before.run_state == TH_STATE_RUNNING,
	       "the caller is running");
	spin_ticks(30);
	thread_info(thread, THREAD_BASIC_INFO, (thread_info_t)&after, &count);
	long user =
	    milliseconds(after.user_time) - milliseconds(before.user_time);
	long system =
	    milliseconds(after.system_time) - milliseconds(before.system_time);
	tap_ok(user >= 100 && user > system,
	       "300 ms spinning in user mode: %ld ms user, %ld ms system", user,
	       system);

	struct task_thread_times_info live;
	count = TASK_THREAD_TIMES_INFO_COUNT;
	tap_is_int(
	    task_info(self, TASK_THREAD_TIMES_INFO, (task_info_t)&live, &count),
	    KERN_SUCCESS, "task_info TASK_THREAD_TIMES_INFO");
	tap_ok(milliseconds(live.user_time) >= milliseconds(after.user_time),
	       "the task's threads have at least this thread's user time");

	struct task_basic_info task_before, task_after;
	basic_info(&task_before);
	spinner_port = MACH_PORT_NULL;
	thread_spawn(timed_spinner, NULL, malloc(STACK_SIZE), STACK_SIZE);
	while (spinner_port == MACH_PORT_NULL)
		swtch_pri(0);
	wait_for_end(spinner_port);
	tap_is_int(basic_info(&task_after), KERN_SUCCESS,
		   "task_info TASK_BASIC_INFO");
	long ended = milliseconds(task_after.user_time) -
		     milliseconds(task_before.user_time);
	tap_ok(ended >= 60, "a thread that spun 200 ms and ended left %ld ms",
	       ended);
	tap_is_int(task_after.thread_count, task_before.thread_count,
		   "the thread is no longer counted");

	vm_address_t region = 0;
	basic_info(&task_before);
	vm_allocate(self, &region, 16 * PAGE, TRUE);
	for (int i = 0; i < 8; i++)
		((volatile char *)region)[i * PAGE] = 1;
	basic_info(&task_after);
	tap_ok(task_after.virtual_size == task_before.virtual_size + 16 * PAGE,
	       "vm_allocate of 16 pages: virtual size +%lu",
	       (unsigned long)(task_after.virtual_size -
			       task_before.virtual_size));
	tap_ok(task_after.resident_size == task_before.resident_size + 8 * PAGE,
	       "8 of them touched: resident size +%lu",
	       (unsigned long)(task_after.resident_size -
			       task_before.resident_size));
	vm_deallocate(self, region, 16 * PAGE);
	basic_info(&task_after);
	tap_ok(task_after.virtual_size == task_before.virtual_size &&
		   task_after.resident_size == task_before.resident_size,
	       "vm_deallocate gives both back");

	count = TASK_BASIC_INFO_COUNT;
	tap_is_int(task_info(self, 99, (task_info_t)&task_after, &count),
		   KERN_INVALID_ARGUMENT, "task_info: an unknown flavor");
	count = 2;
	tap_is_int(
	    task_info(self, TASK_BASIC_INFO, (task_info_t)&task_after, &count),
	    KERN_INVALID_ARGUMENT, "task_info: too small an array");
	count = THREAD_BASIC_INFO_COUNT;
	tap_is_int(
	    thread_info(self, THREAD_BASIC_INFO, (thread_info_t)&after, &count),
	    KERN_INVALID_ARGUMENT, "thread_info on a task port");
	tap_is_int(task_info(thread, TASK_BASIC_INFO, (task_info_t)&task_after,
			     &count),
		   KERN_INVALID_TASK, "task_info on a thread port");
	mach_port_deallocate(self, thread);
}

int
main(void)
{
	self = mach_task_self();
	tap_plan(70);
	counts_run(test_thread_create, "a thread made by hand");
	counts_run(test_suspend, "a suspended thread");
	counts_run(test_exception, "an exception handler");
	counts_run(test_child_task, "a child task");
	counts_run(test_abort, "an aborted receive");
	counts_run(test_host, "host_info");
	counts_run(test_info, "task_info and thread_info");
	return tap_done();
}
