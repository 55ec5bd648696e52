/*
 * libmach in a forked child: a task made with task_create whose memory
 * is a copy of this one's (tests/os/lib/fork.c, as the fuzzer makes its
 * workers), its thread started after mach_init.  The child checks that
 * what libmach cached for the parent is now the child's own, and reports
 * to the parent in one message:
 *
 *	mach_task_self()	the name the trap gives the child for its task
 *	a kernel RPC on it	memory allocated in the child, and usable
 *	the host port		mach_kernel_stats (cached in the parent first)
 *	bootstrap_port		a message to it reaches the parent's port
 *				that both tasks hold as bootstrap port
 *	the reply port		mig_get_reply_port names a receive right
 *	_exit			ends the child (task_terminate of its own port)
 *
 * Twice: a child whose thread starts with no thread data (%fs 0), and one
 * that starts with the parent's %fs, as a fork that copies the parent's
 * registers would: the thread data there is the copy of the parent's,
 * reply port name included.
 */
#include "lib/fork.h"
#include "lib/tap.h"

#include <mach/bootstrap_types.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define PAGE	      4096
#define REPORT_NAME   MACH_PORT_MAKE(61, 0x33) /* in the child */
#define MSG_REPORT    0x464b0001
#define MSG_BOOTSTRAP 0x464b0002
#define WAIT_MS	      10000

enum child_check {
	CHECK_TASK_SELF,  /* 1 if mach_task_self() is the trap's name */
	CHECK_ALLOCATE,	  /* vm_allocate on mach_task_self() */
	CHECK_MEMORY,	  /* 1 if the page reads back what was written */
	CHECK_HOST,	  /* mach_kernel_stats */
	CHECK_BOOTSTRAP,  /* the send to bootstrap_port */
	CHECK_REPLY_PORT, /* 1 if the reply port is a receive right */
	CHECKS
};

struct report_msg {
	mach_msg_header_t header;
	int results[CHECKS];
};

static mach_port_t self, report, bootstrap;

static int
reply_port_is_receive_right(void)
{
	mach_port_type_t type = 0;

	return mach_port_type(mach_task_self(), mig_get_reply_port(), &type) ==
		   KERN_SUCCESS &&
	       (type & MACH_PORT_TYPE_RECEIVE);
}

static mach_msg_return_t
send_to_bootstrap(void)
{
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = bootstrap_port,
	    .msgh_id = MSG_BOOTSTRAP,
	};
	return mach_msg(&msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* The child's thread, after mach_init. */
static void
child_main(void *arg)
{
	struct report_msg msg = {
	    .header = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		       .msgh_size = sizeof(msg),
		       .msgh_remote_port = REPORT_NAME,
		       .msgh_id = MSG_REPORT},
	};
	struct kernel_stats stats;
	vm_address_t page = 0;
	(void)arg;

	msg.results[CHECK_TASK_SELF] =
	    mach_task_self() == mach_task_self_trap();
	msg.results[CHECK_ALLOCATE] =
	    vm_allocate(mach_task_self(), &page, PAGE, TRUE);
	if (msg.results[CHECK_ALLOCATE] == KERN_SUCCESS) {
		volatile int *word = (volatile int *)page;
		*word = 0x464b;
		msg.results[CHECK_MEMORY] = *word == 0x464b;
	}
	msg.results[CHECK_HOST] = mach_kernel_stats(&stats);
	msg.results[CHECK_BOOTSTRAP] = send_to_bootstrap();
	msg.results[CHECK_REPLY_PORT] = reply_port_is_receive_right();
	mach_msg(&msg.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg), 0,
		 MACH_PORT_NULL, 0, MACH_PORT_NULL);
	_exit(0);
}

/* A receive on port within WAIT_MS; the result of mach_msg. */
static mach_msg_return_t
receive(mach_port_t port, mach_msg_header_t *msg, mach_msg_size_t size)
{
	return mach_msg(msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, size, port,
			WAIT_MS, MACH_PORT_NULL);
}

static void
check_report(const char *how)
{
	union {
		struct report_msg report;
		char room[sizeof(struct report_msg) + MAX_TRAILER_SIZE];
	} buffer;
	struct report_msg *msg = &buffer.report;

	memset(&buffer, 0, sizeof(buffer));
	mach_msg_return_t mr = receive(report, &msg->header, sizeof(buffer));
	tap_ok(mr == MACH_MSG_SUCCESS && msg->header.msgh_id == MSG_REPORT,
	       "%s: the child reports (%#x)", how, mr);
	tap_is_int(msg->results[CHECK_TASK_SELF], 1,
		   "%s: mach_task_self() is the child's name for its task",
		   how);
	tap_is_int(msg->results[CHECK_ALLOCATE], KERN_SUCCESS,
		   "%s: vm_allocate(mach_task_self()) in the child", how);
	tap_is_int(msg->results[CHECK_MEMORY], 1,
		   "%s: the memory is the child's", how);
	tap_is_int(msg->results[CHECK_HOST], KERN_SUCCESS,
		   "%s: mach_kernel_stats through the cached host port", how);
	tap_is_int(msg->results[CHECK_BOOTSTRAP], MACH_MSG_SUCCESS,
		   "%s: a send to bootstrap_port", how);
	tap_is_int(msg->results[CHECK_REPLY_PORT], 1,
		   "%s: the reply port is the child's receive right", how);
}

static void
check_bootstrap_message(const char *how)
{
	union {
		mach_msg_header_t header;
		char room[sizeof(mach_msg_header_t) + MAX_TRAILER_SIZE];
	} buffer;

	memset(&buffer, 0, sizeof(buffer));
	mach_msg_return_t mr =
	    receive(bootstrap, &buffer.header, sizeof(buffer));
	tap_ok(mr == MACH_MSG_SUCCESS && buffer.header.msgh_id == MSG_BOOTSTRAP,
	       "%s: the child's bootstrap_port is the parent's port (%#x)", how,
	       mr);
}

static void
check_end(mach_port_t child, mach_port_t notify, const char *how)
{
	union {
		mach_dead_name_notification_t msg;
		char room[sizeof(mach_dead_name_notification_t) +
			  MAX_TRAILER_SIZE];
	} buffer;

	mach_msg_return_t mr =
	    receive(notify, &buffer.msg.not_header, sizeof(buffer));
	tap_ok(mr == MACH_MSG_SUCCESS &&
		   buffer.msg.not_header.msgh_id == MACH_NOTIFY_DEAD_NAME &&
		   buffer.msg.not_port == child,
	       "%s: _exit ended the child", how);
	if (mr != MACH_MSG_SUCCESS)
		task_terminate(child);
}

/*
 * Names allocate in the same order in every space: the child's first
 * names would be the numbers of the parent's first ones (its own task's
 * among them), and a stale name could pass for the right one.  The child
 * gets a few receive rights first, as a fork gives a child rights.
 */
static void
occupy_first_names(mach_port_t child)
{
	mach_port_t name;

	for (int i = 0; i < 4; i++)
		mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &name);
}

/* One child; inherit_tls: it starts with this thread's %fs. */
static void
fork_and_check(int inherit_tls, const char *how)
{
	mach_port_t child, thread, notify, previous;
	vm_address_t stack;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify);
	kern_return_t kr = fork_task(&child, &thread, child_main, NULL, &stack);
	tap_is_int(kr, KERN_SUCCESS, "%s: fork_task", how);
	if (kr != KERN_SUCCESS) {
		tap_skip(9, "no child");
		return;
	}
	mach_port_insert_right(child, REPORT_NAME, report,
			       MACH_MSG_TYPE_MAKE_SEND);
	occupy_first_names(child);
	mach_port_request_notification(self, child, MACH_NOTIFY_DEAD_NAME, 0,
				       notify, &previous);
	if (inherit_tls) {
		struct x86_64_thread_state state;
		mach_msg_type_number_t count = THREAD_STATE_X86_64_COUNT;

		thread_get_state(thread, THREAD_STATE_X86_64,
				 (thread_state_t)&state, &count);
		state.fs_base = (uint64_t)(uintptr_t)libmach_thread_self();
		thread_set_state(thread, THREAD_STATE_X86_64,
				 (thread_state_t)&state, count);
	}
	thread_resume(thread);
	mach_port_deallocate(self, thread);
	check_report(how);
	check_bootstrap_message(how);
	check_end(child, notify, how);
	mach_port_deallocate(self, child);
	mach_port_destroy(self, notify);
}

/*
 * What the child will find cached: this task's names for its own port
 * (mach_task_self), the host port (mach_kernel_stats), a reply port, and
 * a bootstrap port (ours, also the child's: task_create gives the child
 * its parent's).  A few ports first, so that the parent's names are not
 * those that the child's first ports get.
 */
static void
prepare_parent(void)
{
	struct kernel_stats stats;
	mach_port_t spare[8];

	self = mach_task_self();
	for (int i = 0; i < 8; i++)
		mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &spare[i]);
	mach_kernel_stats(&stats);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &report);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &bootstrap);
	mach_port_insert_right(self, bootstrap, bootstrap,
			       MACH_MSG_TYPE_MAKE_SEND);
	task_set_special_port(self, TASK_BOOTSTRAP_PORT, bootstrap);
	bootstrap_port = bootstrap;
}

int
main(void)
{
	tap_plan(20);
	prepare_parent();
	fork_and_check(0, "a child started afresh");
	fork_and_check(1, "a child started with the parent's %fs");
	return tap_done();
}
