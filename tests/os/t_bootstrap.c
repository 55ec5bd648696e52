/*
 * The name service (servers/bootstrap), driving a second task
 * (t_bootstrap_peer.c; the protocol is in t_bootstrap.h): names that
 * are refused, look-ups of names not registered (at once with
 * look_up_nowait, and deferred: the reply comes when the name is
 * registered, to two waiting threads, while the server goes on serving
 * others), messages exchanged through the rights found, a registration
 * replaced, a dead service forgotten and registered anew, the right in
 * a refused request released, and that a port name learnt as a mere
 * number from another task gives no access.
 */
#include "t_bootstrap.h"
#include "lib/tap.h"
#include <mach/bootstrap.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/notify.h>

#define TIMEOUT 10000 /* ms: a broken server fails the test, not the boot */

static mach_port_t self;
static mach_port_t peer_control;
static int peer_secret;

/* ms of sleep: a receive that times out. */
static void
sleep_ms(mach_msg_timeout_t ms)
{
	static mach_port_t nothing;
	mach_msg_empty_rcv_t msg;

	if (nothing == MACH_PORT_NULL)
		nothing = mach_reply_port();
	mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg),
		 nothing, ms, MACH_PORT_NULL);
}

static void
test_bad_names(void)
{
	static char name[300];
	mach_port_t mine = MACH_PORT_NULL, port = MACH_PORT_NULL;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &mine);
	mach_port_insert_right(self, mine, mine, MACH_MSG_TYPE_MAKE_SEND);

	tap_is_int(bootstrap_register(bootstrap_port, "", mine),
		   BOOTSTRAP_BAD_NAME, "register an empty name: refused");
	memset(name, 'n', sizeof(name) - 1);
	tap_is_int(bootstrap_register(bootstrap_port, name, mine),
		   BOOTSTRAP_BAD_NAME, "register a 299-byte name: refused");
	name[BOOTSTRAP_NAME_MAX + 1] = '\0';
	tap_is_int(bootstrap_register(bootstrap_port, name, mine),
		   BOOTSTRAP_BAD_NAME,
		   "a name of BOOTSTRAP_NAME_MAX + 1 bytes");
	name[BOOTSTRAP_NAME_MAX] = '\0';
	tap_is_int(bootstrap_register(bootstrap_port, name, mine), KERN_SUCCESS,
		   "a name of BOOTSTRAP_NAME_MAX bytes is fine");
	tap_ok(bootstrap_look_up_nowait(bootstrap_port, name, &port) ==
		       KERN_SUCCESS &&
		   port == mine,
	       "and is found: the right registered under it");
	tap_is_int(bootstrap_look_up(bootstrap_port, "", &port),
		   BOOTSTRAP_BAD_NAME, "look up an empty name: refused");
	tap_is_int(bootstrap_register(bootstrap_port, "t_bootstrap.null",
				      MACH_PORT_NULL),
		   BOOTSTRAP_BAD_SERVICE, "register MACH_PORT_NULL: refused");
	tap_is_int(
	    bootstrap_look_up_nowait(bootstrap_port, "t_bootstrap.none", &port),
	    BOOTSTRAP_UNKNOWN_SERVICE, "look_up_nowait of an unknown name");
}

/*
 * A refused request is destroyed by the server loop: the server keeps no
 * copy of the right it carried.  Seen from here: once our own send
 * right goes, the port has no senders left.
 */
static void
test_refused_right_released(void)
{
	mach_port_t port = MACH_PORT_NULL, notify = MACH_PORT_NULL, previous;
	union test_buffer buffer;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_request_notification(self, port, MACH_NOTIFY_NO_SENDERS, 0,
				       notify, &previous);
	tap_is_int(bootstrap_register(bootstrap_port, "", port),
		   BOOTSTRAP_BAD_NAME, "a refused register carrying a right");
	mach_port_deallocate(self, port);
	tap_ok(mach_msg(&buffer.msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(buffer), notify, 1000,
			MACH_PORT_NULL) == MACH_MSG_SUCCESS &&
		   buffer.msg.header.msgh_id == MACH_NOTIFY_NO_SENDERS,
	       "the server released its copy: no senders once ours goes");
	mach_port_destroy(self, port);
	mach_port_destroy(self, notify);
}

/* Registers our own port and waits for the peer's HELLO on it. */
static void
test_meet_peer(void)
{
	mach_port_t port = MACH_PORT_NULL;
	union test_buffer buffer;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	tap_is_int(bootstrap_register(bootstrap_port, NAME_DRIVER, port),
		   KERN_SUCCESS, "register " NAME_DRIVER);
	mach_msg_return_t mr =
	    mach_msg(&buffer.hello.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		     sizeof(buffer), port, TIMEOUT, MACH_PORT_NULL);
	tap_ok(mr == MACH_MSG_SUCCESS &&
		   buffer.hello.header.msgh_id == MSG_HELLO &&
		   MACH_PORT_VALID(buffer.hello.control.name),
	       "the peer found us by name and sent its port (%#x)", mr);
	peer_control = buffer.hello.control.name;
	peer_secret = buffer.hello.secret;
}

/* A command to the peer; returns its result, or -1. */
static int
command(int id)
{
	struct test_msg reply;

	if (test_rpc(peer_control, id, 0, &reply, TIMEOUT) != MACH_MSG_SUCCESS)
		return -1;
	return reply.result;
}

/* An echo through service: returns the tag of the port that answered. */
static int
echo_tag(mach_port_t service, int value)
{
	struct test_msg reply;

	if (test_rpc(service, MSG_ECHO, value, &reply, TIMEOUT) !=
		MACH_MSG_SUCCESS ||
	    reply.value != value + 1)
		return -1;
	return reply.result;
}

struct waiter {
	volatile int done;
	kern_return_t kr;
	mach_port_t service;
};

static void *
wait_for_echo(void *arg)
{
	struct waiter *w = arg;

	w->kr = bootstrap_look_up(bootstrap_port, NAME_ECHO, &w->service);
	w->done = 1;
	return NULL;
}

static mach_port_t
look_up_now(const char *name)
{
	mach_port_t port = MACH_PORT_NULL;

	if (bootstrap_look_up_nowait(bootstrap_port, name, &port) !=
	    KERN_SUCCESS)
		return MACH_PORT_NULL;
	return port;
}

static void
test_deferred_look_up(void)
{
	static struct waiter w[2];
	mach_thread_t threads[2];
	int created = 0;

	tap_is_int(look_up_now(NAME_ECHO), MACH_PORT_NULL,
		   NAME_ECHO " is not registered yet");
	for (int i = 0; i < 2; i++)
		created += mach_thread_create(&threads[i], wait_for_echo,
					      &w[i]) == KERN_SUCCESS;
	tap_is_int(created, 2, "two threads look it up");
	sleep_ms(200);
	tap_ok(!w[0].done && !w[1].done,
	       "their look-ups wait while the name is unknown");
	tap_ok(look_up_now(NAME_DRIVER) != MACH_PORT_NULL,
	       "meanwhile the server answers others");
	tap_is_int(command(CMD_REGISTER), KERN_SUCCESS,
		   "the peer registers " NAME_ECHO);
	for (int i = 0; i < created; i++)
		mach_thread_join(threads[i], NULL);
	tap_ok(w[0].kr == KERN_SUCCESS && w[1].kr == KERN_SUCCESS &&
		   MACH_PORT_VALID(w[0].service) &&
		   w[0].service == w[1].service,
	       "both waiting look-ups are answered with the service");
	tap_is_int(echo_tag(w[0].service, 41), 1,
		   "a message through it reaches the peer's port");
	tap_is_int(look_up_now(NAME_ECHO), w[0].service,
		   "a look-up now answers at once, the same right");
}

static void
test_replace(void)
{
	mach_port_t first = look_up_now(NAME_ECHO), second;

	tap_is_int(command(CMD_REPLACE), KERN_SUCCESS,
		   "the peer registers another port under the name");
	second = look_up_now(NAME_ECHO);
	tap_ok(MACH_PORT_VALID(second) && second != first,
	       "the name now gives the new right");
	tap_is_int(echo_tag(second, 7), 2, "which reaches the new port");
	tap_is_int(echo_tag(first, 7), 1,
		   "the old right, ours, still reaches the old port");
}

/* A port name learnt as a number from another task is nothing here. */
static void
test_name_is_not_a_right(void)
{
	mach_port_type_t type;
	struct test_msg reply;

	if (mach_port_type(self, (mach_port_t)peer_secret, &type) ==
	    KERN_SUCCESS) {
		tap_skip(2, "we happen to hold a right under that name");
	} else {
		tap_is_int(test_rpc((mach_port_t)peer_secret, MSG_ECHO, 1,
				    &reply, 100),
			   MACH_SEND_INVALID_DEST,
			   "send to a name of the peer's space: invalid");
		tap_is_int(command(CMD_CHECK_SECRET), 1,
			   "and nothing reached the peer's port");
	}
}

static void
test_dead_service(void)
{
	mach_port_t second = look_up_now(NAME_ECHO), port = second;
	static struct waiter w;
	mach_thread_t thread;

	tap_is_int(command(CMD_KILL), KERN_SUCCESS,
		   "the peer destroys the registered port");
	/* The server learns it by a notification: give it a moment. */
	for (int tries = 0; tries < 100 && port != MACH_PORT_NULL; tries++) {
		sleep_ms(20);
		port = look_up_now(NAME_ECHO);
	}
	tap_is_int(port, MACH_PORT_NULL, "the dead service is forgotten");
	tap_is_int(echo_tag(second, 1), -1, "our right to it is dead");
	tap_is_int(mach_thread_create(&thread, wait_for_echo, &w), KERN_SUCCESS,
		   "a look-up waits again");
	sleep_ms(50);
	tap_ok(!w.done, "(still waiting)");
	tap_is_int(command(CMD_REGISTER), KERN_SUCCESS,
		   "the peer registers its first port again");
	mach_thread_join(thread, NULL);
	tap_ok(w.kr == KERN_SUCCESS && echo_tag(w.service, 5) == 1,
	       "the waiting look-up gets it");
}

int
main(void)
{
	self = mach_task_self();
	tap_plan(35);
	tap_ok(MACH_PORT_VALID(bootstrap_port),
	       "the task has a bootstrap port");
	test_bad_names();
	test_refused_right_released();
	test_meet_peer();
	test_deferred_look_up();
	test_replace();
	test_name_is_not_a_right();
	test_dead_service();
	tap_is_int(command(CMD_QUIT), KERN_SUCCESS, "the peer quits");
	return tap_done();
}
