/*
 * The bootstrap server's own types and the calls between its files.
 *
 *	main.c		start-up, the port set, the receive loop and its demux,
 *			notifications
 *	registry.c	names -> send rights; look-ups waiting for a name
 *			(the bootstrap.defs routines)
 *	tasks.c		the tasks the kernel handed over: each is given the
 *			service port as its bootstrap port and resumed; the
 *			server ends when all of them have ended
 *
 * The server is one thread: nothing here is locked.
 */
#ifndef BOOTSTRAP_BOOTSTRAP_H
#define BOOTSTRAP_BOOTSTRAP_H

#include <mach/bootstrap_types.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>

/* The ports of the server (main.c). */
struct bootstrap_ports {
	mach_port_t bp_service; /* receive + send: bootstrap.defs requests */
	mach_port_t bp_notify;	/* receive: dead-name notifications */
	mach_port_t bp_set; /* port set of the two: the loop receives here */
};
extern struct bootstrap_ports bootstrap_ports;

/* A registered name (registry.c). */
struct registry_entry {
	struct registry_entry *re_next;
	mach_port_t re_service; /* one send reference of ours */
	char re_name[BOOTSTRAP_NAME_MAX + 1];
};

/* A look-up waiting for its name to be registered (registry.c). */
struct registry_waiter {
	struct registry_waiter *rw_next;
	mach_port_t rw_reply;		    /* the client's reply right */
	mach_msg_type_name_t rw_reply_type; /* its disposition */
	char rw_name[BOOTSTRAP_NAME_MAX + 1];
};

/* registry.c: a service's send right died; forget its names. */
void registry_dead_name(mach_port_t name);

/* tasks.c: takes the tasks named by the task:0xNAME:module arguments
 * (daemon:module: not waited for); returns how many were started. */
int tasks_start(int argc, char **argv);
/* tasks.c: a task port died; returns 1 if it was one of ours. */
int tasks_dead_name(mach_port_t name);
/* tasks.c: how many of the started tasks are still alive, daemons
 * aside. */
int tasks_alive(void);

/* main.c: a dead-name notification of name to the notify port. */
kern_return_t bootstrap_watch(mach_port_t name);

#endif /* BOOTSTRAP_BOOTSTRAP_H */
