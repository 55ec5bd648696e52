/*
 * What a hostile task can try with only its own rights, each once a way
 * to crash, freeze or leak the kernel (docs/reliability.md): a task
 * killed while its last thread waits on a port of its own, the NT flag
 * set before a trap that switches threads, a receiver left waiting on a
 * port whose receive right was given away by a port-destroyed request,
 * a port set destroyed under a receiver woken to look at it, a return to
 * a non-canonical address, and the leaks: kernel RPCs with no reply
 * port, threads terminated while sending or waiting for an exception
 * handler, an answer to an exception RPC that came too late, a thread
 * terminated while preempted on its way back to user mode, a
 * too-large message on a port that died, receive rights in
 * cycles, range calls over the whole address space, a receive into a bad
 * buffer, dead-name requests left on a receive right sent away, a dead
 * name moved and then copied in one message, vm_wire's target task's
 * right, a pager's error that looked like the fault handler's own wait.  Each test checks the kernel's object counts afterwards.
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/exc_server.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/memory_object_control.h>
#include <mach/memory_object_server.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <string.h>

#define PAGE	   4096
#define STACK_SIZE (64 * 1024)

static mach_port_t self;

struct simple_msg {
	mach_msg_header_t header;
	int data[4];
};

struct rcv_buffer {
	mach_msg_header_t header;
	char body[1024];
};

static mach_msg_return_t
send_simple(mach_port_t dest, mach_msg_type_name_t disposition, int id)
{
	struct simple_msg msg;
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits = MACH_MSGH_BITS(disposition, 0);
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = dest;
	msg.header.msgh_id = id;
	return mach_msg(&msg.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			sizeof(msg), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

static mach_msg_return_t
receive(mach_port_t port, struct rcv_buffer *buf, mach_msg_option_t extra,
	mach_msg_timeout_t timeout)
{
	memset(buf, 0, sizeof(*buf));
	return mach_msg(&buf->header, MACH_RCV_MSG | extra, 0, sizeof(*buf),
			port, timeout, MACH_PORT_NULL);
}

/*
 * Starts fn(arg) in a new thread.  The stacks are static, so that the
 * page counts do not move with the heap; each test's threads have ended
 * before the next test reuses them.
 */
static void
spawn(void (*fn)(void *), void *arg)
{
	static char stacks[4][STACK_SIZE] __attribute__((aligned(16)));
	static unsigned next;

	if (!thread_spawn(fn, arg, stacks[next++ % 4], STACK_SIZE))
		tap_bail("cannot start a thread");
}

/* Lets every other runnable thread run until it blocks. */
static void
let_others_run(void)
{
	struct rcv_buffer buf;
	mach_port_t port = mach_reply_port();
	receive(port, &buf, MACH_RCV_TIMEOUT, 30);
	mach_port_destroy(self, port);
}

/*
 * The child's whole program: wait forever in a receive on the port
 * named 0x777 in its own space.
 */
extern const unsigned char receiver_code[], receiver_code_end[];
__asm__(".section .rodata\n"
	"receiver_code:\n"
	"	subq	$256, %rsp\n"
	"	movq	%rsp, %rdi\n"	/* msg */
	"	movl	$2, %esi\n"	/* MACH_RCV_MSG */
	"	xorl	%edx, %edx\n"	/* send_size */
	"	movl	$256, %r10d\n"	/* rcv_size */
	"	movl	$0x777, %r8d\n" /* rcv_name */
	"	xorl	%r9d, %r9d\n"	/* timeout */
	"	movl	$1, %eax\n"	/* MACH_TRAP_MSG */
	"	syscall\n"
	"	ud2\n"
	"receiver_code_end:\n"
	".previous\n");

/* A child task running receiver_code in one thread, or MACH_PORT_NULL. */
static task_t
start_receiving_child(void)
{
	struct x86_64_thread_state state;
	vm_address_t code = 0, stack = 0;
	mach_port_t port;
	task_t child;
	thread_t thread;

	if (task_create(self, FALSE, &child) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	vm_allocate(child, &code, PAGE, TRUE);
	vm_write(child, code, (vm_offset_t)receiver_code,
		 receiver_code_end - receiver_code);
	vm_protect(child, code, PAGE, FALSE, VM_PROT_READ | VM_PROT_EXECUTE);
	vm_allocate(child, &stack, PAGE, TRUE);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(child, 0x777, port, MACH_MSG_TYPE_MOVE_RECEIVE);
	thread_create(child, &thread);
	memset(&state, 0, sizeof(state));
	state.rip = code;
	state.rsp = stack + PAGE;
	thread_set_state(thread, THREAD_STATE_X86_64, (thread_state_t)&state,
			 THREAD_STATE_X86_64_COUNT);
	thread_resume(thread);
	mach_port_deallocate(self, thread);
	return child;
}

/* 1: the last thread of a task waits on a port of the task's space. */
static void
test_kill_waiting_task(void)
{
	struct kernel_stats before = counts_now();
	task_t child = start_receiving_child();

	let_others_run(); /* the child's thread now waits in its receive */
	tap_is_int(counts_now().ks_tasks, before.ks_tasks + 1,
		   "a child task waits in a receive on its own port");
	tap_is_int(task_terminate(child), KERN_SUCCESS,
		   "task_terminate of a task whose last thread waits on a "
		   "port of its own space");
	let_others_run();
	mach_port_deallocate(self, child);
	counts_check(&before, COUNTS_PAGES, "the child and its port are gone");
}

/* The same for a thread of this task, waiting with a timeout. */
static volatile mach_msg_return_t waiter_result;

static void
timed_waiter(void *arg)
{
	static struct rcv_buffer buf;
	waiter_result = receive((mach_port_t)(uintptr_t)arg, &buf,
				MACH_RCV_TIMEOUT, 100000);
}

static void
test_kill_waiting_thread(void)
{
	struct kernel_stats before = counts_now();
	mach_port_t port = mach_reply_port();
	thread_array_t threads;
	mach_msg_type_number_t count;

	waiter_result = -1;
	spawn(timed_waiter, (void *)(uintptr_t)port);
	let_others_run();
	task_threads(self, &threads, &count);
	kern_return_t kr = KERN_FAILURE;
	mach_port_t me = mach_thread_self();
	for (mach_msg_type_number_t i = 0; i < count; i++) {
		if (threads[i] != me)
			kr = thread_terminate(threads[i]);
		mach_port_deallocate(self, threads[i]);
	}
	mach_port_deallocate(self, me);
	vm_deallocate(self, (vm_address_t)threads, count * sizeof(*threads));
	tap_is_int(kr, KERN_SUCCESS,
		   "thread_terminate of a thread in a timed receive");
	let_others_run();
	tap_is_int(waiter_result, -1, "it never returned to user mode");
	tap_is_int(counts_now().ks_threads, before.ks_threads, "it is gone");
	mach_port_destroy(self, port);
}

/* 2: NT set in user mode, then a trap that switches to a thread that
 * leaves the kernel through iretq (a new thread's first return). */
static volatile int nt_thread_ran;

static void
nt_thread(void *arg)
{
	(void)arg;
	nt_thread_ran = 1;
}

static void
test_nt_flag(void)
{
	spawn(nt_thread, NULL);
	__asm__ volatile("pushfq\n"
			 "orq	$0x4000, (%%rsp)\n"
			 "popfq\n"
			 "movl	%[trap], %%eax\n"
			 "xorl	%%edi, %%edi\n"
			 "syscall\n" /* swtch_pri: the new thread runs */
			 "pushfq\n"
			 "andq	$~0x4000, (%%rsp)\n"
			 "popfq\n"
			 :
			 : [trap] "i"(MACH_TRAP_SWTCH_PRI)
			 : "rax", "rcx", "rdx", "rdi", "rsi", "r8", "r9", "r10",
			   "r11", "memory", "cc");
	tap_ok(nt_thread_ran, "a thread switch after popfq set NT: the other "
			      "thread ran and this one came back");
}

/* 3: a receiver waits on P (a wait the IPC fast path may end); P's
 * receive right is destroyed but goes to a port-destroyed request
 * instead of dying; then an RPC to P. */
static volatile mach_msg_return_t rpc_result;

static void
plain_waiter(void *arg)
{
	static struct rcv_buffer buf;
	waiter_result = receive((mach_port_t)(uintptr_t)arg, &buf, 0, 0);
}

static void
rpc_client(void *arg)
{
	static struct {
		struct simple_msg msg;
		char room[256];
	} u;
	mach_port_t reply = mach_reply_port();

	memset(&u, 0, sizeof(u));
	u.msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						MACH_MSG_TYPE_MAKE_SEND_ONCE);
	u.msg.header.msgh_remote_port = (mach_port_t)(uintptr_t)arg;
	u.msg.header.msgh_local_port = reply;
	u.msg.header.msgh_id = 1000;
	rpc_result = mach_msg(&u.msg.header, MACH_SEND_MSG | MACH_RCV_MSG,
			      sizeof(u.msg), sizeof(u), reply, 0, 0);
	mach_port_destroy(self, reply);
}

static void
test_port_destroyed_waiter(void)
{
	struct kernel_stats before = counts_now();
	static struct rcv_buffer buf;
	mach_port_t port, notify, previous;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify);
	mach_port_request_notification(self, port, MACH_NOTIFY_PORT_DESTROYED,
				       0, notify, &previous);
	waiter_result = -1;
	spawn(plain_waiter, (void *)(uintptr_t)port);
	let_others_run();
	mach_port_mod_refs(self, port, MACH_PORT_RIGHT_RECEIVE, -1);
	let_others_run();
	tap_is_int(
	    waiter_result, MACH_RCV_PORT_DIED,
	    "a receiver on a port whose receive right went to a "
	    "port-destroyed request: woken, the port is not its any more");

	rpc_result = -1;
	spawn(rpc_client, (void *)(uintptr_t)port);
	let_others_run(); /* its request is queued on the port in transit */
	tap_is_int(receive(notify, &buf, MACH_RCV_TIMEOUT, 0), MACH_MSG_SUCCESS,
		   "the port-destroyed notification");
	mach_port_t back =
	    ((mach_port_destroyed_notification_t *)&buf)->not_port.name;
	tap_is_int(receive(back, &buf, MACH_RCV_TIMEOUT, 0), MACH_MSG_SUCCESS,
		   "the request waits on the port, now received again");
	buf.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(buf.header.msgh_bits), 0);
	buf.header.msgh_local_port = MACH_PORT_NULL;
	buf.header.msgh_size = sizeof(struct simple_msg);
	mach_msg(&buf.header, MACH_SEND_MSG, buf.header.msgh_size, 0, 0, 0, 0);
	let_others_run();
	tap_is_int(rpc_result, MACH_MSG_SUCCESS, "and the RPC is answered");
	mach_port_destroy(self, back);
	mach_port_destroy(self, port);
	mach_port_destroy(self, notify);
	counts_check(&before, COUNTS_PAGES, "port-destroyed under a receiver");
}

/* 4: a receiver on a set, woken by a message to a member, runs only
 * after the set was destroyed (and its memory used for a new set). */
static void
test_set_destroyed_under_waiter(void)
{
	struct kernel_stats before = counts_now();
	mach_port_t set, member, other_set, other;
	thread_array_t threads;
	mach_msg_type_number_t count;

	mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &member);
	mach_port_move_member(self, member, set);
	mach_port_insert_right(self, member, member, MACH_MSG_TYPE_MAKE_SEND);
	waiter_result = -1;
	spawn(timed_waiter, (void *)(uintptr_t)set);
	let_others_run();
	/* The waiter must not run before the set is gone: lower it. */
	task_threads(self, &threads, &count);
	mach_port_t me = mach_thread_self();
	for (mach_msg_type_number_t i = 0; i < count; i++) {
		if (threads[i] != me)
			thread_set_priority(threads[i], MACH_PRIORITY_MIN);
		mach_port_deallocate(self, threads[i]);
	}
	mach_port_deallocate(self, me);
	vm_deallocate(self, (vm_address_t)threads, count * sizeof(*threads));

	send_simple(member, MACH_MSG_TYPE_COPY_SEND, 1); /* wakes it */
	mach_port_mod_refs(self, set, MACH_PORT_RIGHT_PORT_SET, -1);
	mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &other_set);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &other);
	mach_port_move_member(self, other, other_set);
	mach_port_insert_right(self, other, other, MACH_MSG_TYPE_MAKE_SEND);
	send_simple(other, MACH_MSG_TYPE_COPY_SEND, 2);
	let_others_run();
	tap_is_int(waiter_result, MACH_RCV_PORT_DIED,
		   "a set destroyed under a receiver woken to look at it: "
		   "the receiver finds it dead");
	mach_port_destroy(self, member);
	mach_port_destroy(self, other);
	mach_port_destroy(self, other_set);
	counts_check(&before, COUNTS_PAGES, "set destroyed under a receiver");
}

/* Lowers every thread of this task but the caller to the lowest
 * priority: they run only when the caller blocks. */
static void
lower_other_threads(void)
{
	thread_array_t threads;
	mach_msg_type_number_t count;
	mach_port_t me = mach_thread_self();

	task_threads(self, &threads, &count);
	for (mach_msg_type_number_t i = 0; i < count; i++) {
		if (threads[i] != me)
			thread_set_priority(threads[i], MACH_PRIORITY_MIN);
		mach_port_deallocate(self, threads[i]);
	}
	mach_port_deallocate(self, me);
	vm_deallocate(self, (vm_address_t)threads, count * sizeof(*threads));
}

/* A return to a non-canonical rip: the thread's own #GP, an exception
 * message like any other fault's. */
static void
test_noncanonical_return(void)
{
	struct kernel_stats before = counts_now();
	struct x86_64_thread_state state;
	static union {
		exc_exception_raise_request_t msg;
		char room[512];
	} u;
	mach_port_t port;
	task_t child;
	thread_t thread;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	task_create(self, FALSE, &child);
	task_set_special_port(child, TASK_EXCEPTION_PORT, port);
	thread_create(child, &thread);
	memset(&state, 0, sizeof(state));
	state.rip = 0x0000800000000000ul;
	tap_is_int(thread_set_state(thread, THREAD_STATE_X86_64,
				    (thread_state_t)&state,
				    THREAD_STATE_X86_64_COUNT),
		   KERN_SUCCESS, "a thread set to start at 0x800000000000");
	thread_resume(thread);
	mach_msg_return_t mr =
	    mach_msg(&u.msg.Head, MACH_RCV_MSG, 0, sizeof(u), port, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS &&
		   u.msg.exception == EXC_BAD_INSTRUCTION &&
		   u.msg.code[0] == 13 &&
		   u.msg.code[1] == (int64_t)0x0000800000000000ul,
	       "takes a general-protection fault in user mode, at that rip "
	       "(exception %d, codes %lld %#llx)",
	       u.msg.exception, (long long)u.msg.code[0],
	       (unsigned long long)u.msg.code[1]);
	task_terminate(child);
	mach_msg_destroy(&u.msg.Head);
	mach_port_deallocate(self, thread);
	mach_port_deallocate(self, child);
	mach_port_destroy(self, port);
	counts_check(&before, COUNTS_PAGES, "non-canonical return");
}

/* A kernel RPC sent one way (no reply port): the reply is destroyed
 * with what it carries. */
static void
test_one_way_kernel_rpc(void)
{
	static mach_port_t many[600];
	mach_port_mach_port_names_request_t names;
	mach_port_mach_port_extract_right_request_t extract;
	mach_port_t port;

	/* More names than a reply holds inline: the names go out of line. */
	for (int i = 0; i < 600; i++)
		mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &many[i]);
	struct kernel_stats before = counts_now();
	memset(&names, 0, sizeof(names));
	names.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	names.Head.msgh_remote_port = self;
	names.Head.msgh_id = 3200;
	for (int i = 0; i < 20; i++)
		mach_msg(&names.Head, MACH_SEND_MSG, sizeof(names), 0, 0, 0, 0);
	counts_check(&before, COUNTS_PAGES,
		     "mach_port_names of 600 names sent one way, "
		     "20 times");
	for (int i = 0; i < 600; i++)
		mach_port_destroy(self, many[i]);
	before = counts_now();

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	memset(&extract, 0, sizeof(extract));
	extract.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	extract.Head.msgh_remote_port = self;
	extract.Head.msgh_id = 3216;
	extract.name = port;
	extract.msgt_name = MACH_MSG_TYPE_MOVE_RECEIVE;
	tap_is_int(
	    mach_msg(&extract.Head, MACH_SEND_MSG, sizeof(extract), 0, 0, 0, 0),
	    MACH_MSG_SUCCESS,
	    "mach_port_extract_right of a receive "
	    "right, sent one way");
	mach_port_type_t type = 0;
	tap_is_int(mach_port_type(self, port, &type), KERN_INVALID_NAME,
		   "the right left the space");
	counts_check(&before, COUNTS_PAGES, "and the port died with the reply");
}

/* A thread terminated while it waits for room in a full queue, with a
 * message carrying rights. */
static volatile mach_msg_return_t sender_result;

static void
blocked_sender(void *arg)
{
	mach_port_t *ports = arg;
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t right;
	} msg;

	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = ports[0];
	msg.body.msgh_descriptor_count = 1;
	msg.right.name = ports[1];
	msg.right.disposition = MACH_MSG_TYPE_MAKE_SEND;
	msg.right.type = MACH_MSG_PORT_DESCRIPTOR;
	sender_result =
	    mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0);
}

static void
test_kill_blocked_sender(void)
{
	struct kernel_stats before = counts_now();
	static mach_port_t ports[2];
	thread_array_t threads;
	mach_msg_type_number_t count;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &ports[0]);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &ports[1]);
	mach_port_set_qlimit(self, ports[0], 1);
	mach_port_insert_right(self, ports[0], ports[0],
			       MACH_MSG_TYPE_MAKE_SEND);
	send_simple(ports[0], MACH_MSG_TYPE_COPY_SEND, 1); /* now full */
	sender_result = -1;
	spawn(blocked_sender, ports);
	let_others_run();
	task_threads(self, &threads, &count);
	mach_port_t me = mach_thread_self();
	for (mach_msg_type_number_t i = 0; i < count; i++) {
		if (threads[i] != me)
			thread_terminate(threads[i]);
		mach_port_deallocate(self, threads[i]);
	}
	mach_port_deallocate(self, me);
	vm_deallocate(self, (vm_address_t)threads, count * sizeof(*threads));
	let_others_run();
	tap_is_int(sender_result, -1,
		   "a thread waiting to send to a full queue, terminated");
	mach_port_destroy(self, ports[0]);
	mach_port_destroy(self, ports[1]);
	counts_check(&before, COUNTS_PAGES, "its message and the rights in it");
}

/* A thread terminated while it waits for its exception handler. */
static void
faulting_thread(void *arg)
{
	*(volatile int *)arg = 1;
}

static void
test_kill_in_exception(void)
{
	struct kernel_stats before = counts_now();
	static union {
		exc_exception_raise_request_t msg;
		char room[512];
	} u;
	mach_port_t port;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	task_set_special_port(self, TASK_EXCEPTION_PORT, port);
	mach_port_deallocate(self, port);
	spawn(faulting_thread, (void *)8); /* unmapped */
	mach_msg_return_t mr =
	    mach_msg(&u.msg.Head, MACH_RCV_MSG, 0, sizeof(u), port, 0, 0);
	task_set_special_port(self, TASK_EXCEPTION_PORT, MACH_PORT_NULL);
	tap_ok(mr == MACH_MSG_SUCCESS && u.msg.exception == EXC_BAD_ACCESS,
	       "a thread faults; its exception message is not answered");
	tap_is_int(thread_terminate(u.msg.thread.name), KERN_SUCCESS,
		   "terminate it while it waits for the answer");
	let_others_run();
	mach_msg_destroy(&u.msg.Head);
	mach_port_destroy(self, port);
	counts_check(&before, COUNTS_PAGES, "the exception port's reference");
}

/*
 * An answer to an exception RPC whose wait was interrupted stays on the
 * thread's kernel reply port until its next RPC drops it.  The answer's
 * send-once right must not come back there as a send-once notification
 * as it is dropped: the kernel would drop those for ever.
 */
static void
test_stale_exception_answer(void)
{
	struct kernel_stats before = counts_now();
	static union {
		exc_exception_raise_request_t msg;
		char room[512];
	} first, second;
	mach_port_t port;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	task_set_special_port(self, TASK_EXCEPTION_PORT, port);
	mach_port_deallocate(self, port);
	spawn(faulting_thread, (void *)8); /* unmapped */
	mach_msg_return_t mr = mach_msg(&first.msg.Head, MACH_RCV_MSG, 0,
					sizeof(first), port, 0, 0);
	mach_port_t thread = first.msg.thread.name;
	tap_ok(mr == MACH_MSG_SUCCESS && thread_suspend(thread) == 0 &&
		   thread_abort(thread) == 0,
	       "a thread faults; its wait for the answer is interrupted");
	tap_is_int(send_simple(first.msg.Head.msgh_remote_port,
			       MACH_MSG_TYPE_MOVE_SEND_ONCE, 2400),
		   MACH_MSG_SUCCESS, "the late answer is sent");
	first.msg.Head.msgh_remote_port = MACH_PORT_NULL;
	thread_resume(thread);
	mr = mach_msg(&second.msg.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		      sizeof(second), port, 1000, 0);
	task_set_special_port(self, TASK_EXCEPTION_PORT, MACH_PORT_NULL);
	tap_ok(mr == MACH_MSG_SUCCESS && second.msg.exception == EXC_BAD_ACCESS,
	       "its next fault drops the late answer and raises again");
	thread_terminate(thread);
	let_others_run();
	mach_msg_destroy(&first.msg.Head);
	if (mr == MACH_MSG_SUCCESS)
		mach_msg_destroy(&second.msg.Head);
	mach_port_destroy(self, port);
	counts_check(&before, COUNTS_PAGES, "the late answer");
}

/*
 * A thread preempted on its way back to user mode (a send woke a thread
 * of higher priority), then suspended and terminated by that thread
 * before it runs again: it must end, not stop suspended for ever.
 */
static mach_port_t preempt_port;
static volatile mach_port_t preempted_thread;
static volatile int preempt_done;

static void
preempting_thread(void *arg)
{
	struct rcv_buffer buf;

	(void)arg;
	mach_thread_priority(MACH_PRIORITY_DEFAULT + 4);
	receive(preempt_port, &buf, 0, 0);
	thread_suspend(preempted_thread);
	thread_terminate(preempted_thread);
	preempt_done = 1;
}

static void
preempted_sender(void *arg)
{
	(void)arg;
	preempted_thread = mach_thread_self();
	send_simple(preempt_port, MACH_MSG_TYPE_MAKE_SEND, 2500);
	for (;;) /* not reached: it ends on its way back */
		let_others_run();
}

static void
test_terminate_preempted(void)
{
	struct kernel_stats before = counts_now();

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &preempt_port);
	spawn(preempting_thread, NULL);
	let_others_run(); /* it waits, above this thread's priority */
	spawn(preempted_sender, NULL);
	for (int i = 0; i < 20 && !preempt_done; i++)
		let_others_run();
	tap_ok(preempt_done, "a thread preempted on its way to user mode is "
			     "suspended and terminated");
	mach_port_type_t type = 0;
	for (int i = 0; i < 20 && type != MACH_PORT_TYPE_DEAD_NAME; i++) {
		let_others_run();
		mach_port_type(self, preempted_thread, &type);
	}
	tap_is_int(type, MACH_PORT_TYPE_DEAD_NAME, "it has ended");
	mach_port_deallocate(self, preempted_thread);
	mach_port_destroy(self, preempt_port);
	counts_check(&before, COUNTS_PAGES, "the preempted thread");
}

/* A message handed to a receiver whose buffer is too small, with
 * MACH_RCV_LARGE, after its port died. */
static volatile mach_msg_return_t large_result;

static void
small_receiver(void *arg)
{
	struct {
		mach_msg_header_t header;
		char room[16];
	} buf;
	large_result = mach_msg(&buf.header, MACH_RCV_MSG | MACH_RCV_LARGE, 0,
				sizeof(buf), (mach_port_t)(uintptr_t)arg, 0, 0);
}

static void
test_too_large_on_dead_port(void)
{
	struct kernel_stats before = counts_now();
	mach_port_t port;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	large_result = -1;
	spawn(small_receiver, (void *)(uintptr_t)port);
	let_others_run();
	lower_other_threads();
	send_simple(port, MACH_MSG_TYPE_COPY_SEND, 1); /* handed to it */
	mach_port_destroy(self, port);
	let_others_run();
	tap_is_int(large_result, MACH_RCV_PORT_DIED,
		   "a too-large message whose port died before its receiver "
		   "ran: the port died");
	counts_check(&before, COUNTS_PAGES,
		     "the message is not kept on the dead port");
}

/* Receive rights in cycles: refused, or destroyed. */
static mach_msg_return_t
send_receive_right(mach_port_t dest, mach_port_t right)
{
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t right;
	} msg;

	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = dest;
	msg.body.msgh_descriptor_count = 1;
	msg.right.name = right;
	msg.right.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	msg.right.type = MACH_MSG_PORT_DESCRIPTOR;
	return mach_msg(&msg.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			sizeof(msg), 0, 0, 0, 0);
}

/* A new port with its receive right and a send right, under one name. */
static mach_port_t
new_port(void)
{
	mach_port_t port;
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	return port;
}

static void
test_receive_right_cycles(void)
{
	struct kernel_stats before = counts_now();
	mach_port_t a = new_port(), b = new_port(), previous;
	mach_port_type_t type = 0;

	tap_is_int(send_receive_right(a, MACH_PORT_NULL), MACH_MSG_SUCCESS,
		   "a null receive right in a message");
	tap_is_int(send_receive_right(a, MACH_PORT_DEAD), MACH_MSG_SUCCESS,
		   "a dead receive right in a message");
	mach_port_destroy(self, a);
	a = new_port();
	tap_is_int(send_receive_right(a, a), MACH_SEND_INVALID_RIGHT,
		   "a port's receive right sent to itself: refused");
	mach_port_type(self, a, &type);
	tap_ok(type & MACH_PORT_TYPE_RECEIVE, "and the right stays");
	tap_is_int(send_receive_right(b, a), MACH_MSG_SUCCESS,
		   "A's receive right sent to B");
	tap_is_int(send_receive_right(a, b), MACH_SEND_INVALID_RIGHT,
		   "B's receive right sent to A (in transit to B): refused");
	mach_port_destroy(self, b);
	mach_port_deallocate(self, a);
	counts_check(&before, COUNTS_PAGES,
		     "a chain of two, destroyed from its end");

	a = new_port();
	mach_port_request_notification(self, a, MACH_NOTIFY_PORT_DESTROYED, 0,
				       a, &previous);
	mach_port_destroy(self, a);
	counts_check(&before, COUNTS_PAGES,
		     "a port-destroyed request naming the port "
		     "itself: the port dies");

	a = new_port();
	b = new_port();
	mach_port_request_notification(self, a, MACH_NOTIFY_PORT_DESTROYED, 0,
				       b, &previous);
	send_receive_right(a, b); /* B in transit to A */
	mach_port_deallocate(self, b);
	mach_port_destroy(self, a);
	counts_check(&before, COUNTS_PAGES,
		     "a port-destroyed request to a port in transit "
		     "to the port: both die");
}

/* A receive into a buffer the kernel cannot write: the message is
 * destroyed, and its client hears of it (a send-once notification)
 * instead of waiting forever. */
static volatile mach_msg_return_t bad_buffer_result;
static vm_address_t read_only_page;

static void
bad_buffer_receiver(void *arg)
{
	bad_buffer_result =
	    mach_msg((mach_msg_header_t *)read_only_page, MACH_RCV_MSG, 0, 256,
		     (mach_port_t)(uintptr_t)arg, 0, 0);
}

static void
test_receive_into_bad_buffer(void)
{
	static union {
		struct simple_msg msg;
		struct rcv_buffer room;
	} u;
	mach_port_t port, reply;

	vm_allocate(self, &read_only_page, PAGE, TRUE);
	vm_protect(self, read_only_page, PAGE, FALSE, VM_PROT_READ);
	struct kernel_stats before = counts_now();
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	reply = mach_reply_port();
	bad_buffer_result = -1;
	spawn(bad_buffer_receiver, (void *)(uintptr_t)port);
	let_others_run();
	memset(&u, 0, sizeof(u));
	u.msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
						MACH_MSG_TYPE_MAKE_SEND_ONCE);
	u.msg.header.msgh_remote_port = port;
	u.msg.header.msgh_local_port = reply;
	u.msg.header.msgh_id = 500;
	mach_msg_return_t mr =
	    mach_msg(&u.msg.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(u.msg),
		     sizeof(u), reply, 0, 0);
	tap_ok(mr == MACH_MSG_SUCCESS &&
		   u.msg.header.msgh_id == MACH_NOTIFY_SEND_ONCE,
	       "an RPC whose server receives into a read-only buffer: "
	       "the client gets a send-once notification (mr %#x, id %d)",
	       mr, u.msg.header.msgh_id);
	let_others_run();
	tap_is_int(bad_buffer_result, MACH_RCV_INVALID_DATA,
		   "and the server MACH_RCV_INVALID_DATA");
	mach_port_destroy(self, port);
	mach_port_destroy(self, reply);
	counts_check(&before, COUNTS_PAGES, "receive into a bad buffer");
	vm_deallocate(self, read_only_page, PAGE);
}

/*
 * A dead-name request made through the name of a receive right, and the
 * right sent away in a message: the name is gone, and with it the
 * request (its notify port hears of it at once, as when the name is
 * destroyed).  Left on the port, such requests piled up, one a move,
 * each holding its notify port, for as long as the port lived.
 */
static mach_port_t
move_receive_right_through(mach_port_t carrier, mach_port_t right)
{
	struct rcv_buffer buf;

	if (send_receive_right(carrier, right) != MACH_MSG_SUCCESS ||
	    receive(carrier, &buf, MACH_RCV_TIMEOUT, 0) != MACH_MSG_SUCCESS)
		return MACH_PORT_NULL;
	mach_msg_port_descriptor_t descriptor;
	memcpy(&descriptor, buf.body + sizeof(mach_msg_body_t),
	       sizeof(descriptor));
	return descriptor.name;
}

static void
test_dead_name_request_moved_receive(void)
{
	struct kernel_stats before = counts_now();
	mach_port_t port, notify, previous, carrier = new_port();
	struct rcv_buffer buf;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify);
	mach_port_request_notification(self, port, MACH_NOTIFY_DEAD_NAME, 0,
				       notify, &previous);
	port = move_receive_right_through(carrier, port);
	mach_msg_return_t mr = receive(notify, &buf, MACH_RCV_TIMEOUT, 0);
	tap_ok(port != MACH_PORT_NULL && mr == MACH_MSG_SUCCESS &&
		   buf.header.msgh_id == MACH_NOTIFY_SEND_ONCE,
	       "a receive right with a dead-name request sent away: the "
	       "request goes, its notify port hears of it (mr %#x, id %d)",
	       mr, buf.header.msgh_id);
	for (int i = 0; i < 8; i++) {
		mach_port_request_notification(
		    self, port, MACH_NOTIFY_DEAD_NAME, 0, notify, &previous);
		port = move_receive_right_through(carrier, port);
		receive(notify, &buf, MACH_RCV_TIMEOUT, 0);
	}
	mach_port_destroy(self, notify);
	struct kernel_stats now = counts_now();
	tap_is_int((int)(now.ks_ipc_ports - before.ks_ipc_ports), 2,
		   "moved away and back eight times, the port keeps no "
		   "request: its notify port, destroyed, is gone");
	mach_port_destroy(self, port);
	mach_port_destroy(self, carrier);
	counts_check(&before, COUNTS_PAGES,
		     "dead-name requests through a receive right sent away");
}

/*
 * A dead name moved and then copied in one message: the move takes its
 * last user reference, and the copy found no name left (an assertion in
 * the kernel, found by the fuzzer).  Like a live send right's, the copy
 * of a dead name needs a reference the moves before it leave.
 */
static void
test_dead_name_moved_then_copied(void)
{
	struct kernel_stats before = counts_now();
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t rights[2];
	} msg;
	mach_port_t dest = new_port(), dead;
	mach_port_urefs_t refs = 0;

	mach_port_allocate(self, MACH_PORT_RIGHT_DEAD_NAME, &dead);
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = dest;
	msg.body.msgh_descriptor_count = 2;
	msg.rights[0].name = msg.rights[1].name = dead;
	msg.rights[0].disposition = MACH_MSG_TYPE_MOVE_SEND;
	msg.rights[1].disposition = MACH_MSG_TYPE_COPY_SEND;
	msg.rights[0].type = msg.rights[1].type = MACH_MSG_PORT_DESCRIPTOR;
	mach_msg_return_t mr =
	    mach_msg(&msg.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		     sizeof(msg), 0, 0, 0, 0);
	mach_port_get_refs(self, dead, MACH_PORT_RIGHT_DEAD_NAME, &refs);
	tap_ok(mr == MACH_SEND_INVALID_RIGHT && refs == 1,
	       "a dead name with one reference moved, then copied, in one "
	       "message: refused, the name untouched (mr %#x, refs %u)",
	       mr, refs);
	mach_port_destroy(self, dead);
	mach_port_destroy(self, dest);
	counts_check(&before, COUNTS_PAGES, "a dead name moved, then copied");
}

/* Range calls cost what is mapped, not what is named. */
static void
test_huge_ranges(void)
{
	const vm_address_t high = 0x0000100000000000ul;
	const vm_address_t below_stack = 0x0000700000000000ul;
	const vm_address_t top = 0x0000800000000000ul;
	vm_address_t addr = 0;
	task_t child;

	tap_is_int(vm_deallocate(self, high, below_stack - high), KERN_SUCCESS,
		   "vm_deallocate of 96 TiB of this task's address space");
	tap_is_int(
	    vm_protect(self, high, below_stack - high, FALSE, VM_PROT_READ),
	    KERN_INVALID_ADDRESS, "vm_protect of it: nothing there");
	task_create(self, FALSE, &child);
	vm_allocate(child, &addr, PAGE, TRUE);
	tap_is_int(vm_deallocate(child, PAGE, top - PAGE), KERN_SUCCESS,
		   "vm_deallocate of a child's whole address space");
	addr = 0;
	tap_is_int(vm_allocate(child, &addr, 16 * PAGE, TRUE), KERN_SUCCESS,
		   "and it has room again");
	task_terminate(child);
	mach_port_deallocate(self, child);
}

/*
 * vm_wire names its target task in the request's body (its first port is
 * the privileged host's): on success the kernel owned that send right,
 * but vm_wire saw only the task, so the right was never released and the
 * task's port outlived the task (a fuzzer's find; the stubs release it
 * now).  Both ways: wiring and unwiring.
 */
static void
test_wire_task_right(void)
{
	mach_port_t host_priv = mach_host_priv_self();
	struct kernel_stats before = counts_now();
	vm_address_t addr = 0;
	task_t child;

	task_create(self, FALSE, &child);
	vm_allocate(child, &addr, 4 * PAGE, TRUE);
	kern_return_t wired =
	    vm_wire(host_priv, child, addr, 4 * PAGE, VM_PROT_READ);
	kern_return_t unwired =
	    vm_wire(host_priv, child, addr, 4 * PAGE, VM_PROT_NONE);
	tap_ok(wired == KERN_SUCCESS && unwired == KERN_SUCCESS,
	       "vm_wire of a child's memory, and unwired (%#x, %#x)", wired,
	       unwired);
	task_terminate(child);
	mach_port_deallocate(self, child);
	let_others_run();
	counts_check(&before, COUNTS_PAGES,
		     "vm_wire's target task: its port went with it");
	mach_port_deallocate(self, host_priv);
}

/*
 * A pager's error is any value it likes: memory_object_destroy with
 * reason -1 was the fault handler's own "wait for the pager" (an
 * uninitialized wait, a kernel GP fault: a fuzzer's find).  A kernel
 * copy into the object's memory must just fail.
 */
static void
test_pager_error_value(void)
{
	struct kernel_stats before = counts_now();
	union {
		mach_msg_header_t header;
		memory_object_memory_object_init_request_t init;
		char room[512];
	} in;
	mach_port_t port;
	vm_address_t addr = 0;
	uint64_t word = 42;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	kern_return_t kr =
	    vm_map(self, &addr, PAGE, 0, TRUE, port, 0, FALSE, VM_PROT_DEFAULT,
		   VM_PROT_ALL, VM_INHERIT_COPY);
	mach_msg_return_t mr =
	    mach_msg(&in.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in),
		     port, 0, MACH_PORT_NULL);
	mach_port_t control = in.init.memory_control.name;
	tap_ok(kr == KERN_SUCCESS && mr == MACH_MSG_SUCCESS &&
		   in.header.msgh_id == 2200,
	       "a port mapped as a memory object, and its init received");
	memory_object_destroy(control, (kern_return_t)-1);
	kr = vm_write(self, addr, (vm_offset_t)&word, sizeof(word));
	tap_ok(kr != KERN_SUCCESS,
	       "a copy into its memory after memory_object_destroy with "
	       "reason -1 fails (%#x)",
	       kr);
	vm_deallocate(self, addr, PAGE);
	mach_port_deallocate(self, control);
	mach_port_deallocate(self, in.init.memory_object_name.name);
	mach_port_destroy(self, port);
	counts_check(&before, COUNTS_PAGES, "the pager's object and ports");
}

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	self = mach_task_self();
	tap_plan(61);
	test_kill_waiting_task();
	test_kill_waiting_thread();
	test_nt_flag();
	test_port_destroyed_waiter();
	test_set_destroyed_under_waiter();
	test_noncanonical_return();
	test_one_way_kernel_rpc();
	test_kill_blocked_sender();
	test_kill_in_exception();
	test_stale_exception_answer();
	test_terminate_preempted();
	test_too_large_on_dead_port();
	test_receive_right_cycles();
	test_receive_into_bad_buffer();
	test_dead_name_request_moved_receive();
	test_dead_name_moved_then_copied();
	test_huge_ranges();
	test_wire_task_right();
	test_pager_error_value();
	return tap_done();
}
