/*
 * The posix-lite server's own types and the calls between its files.
 *
 *	main.c	ports, the receive loop and its demux, notifications, the
 *		file system's root (from the UNIX server), the boot list
 *	proc.c	processes: the port -> process table, spawn, startup,
 *		wait (deferred), exit, kill, faults, the end of a process
 *
 * The server keeps what processes share and nothing else: a process's
 * pid, its parent, its exit status, its task, and, until the program
 * asks for them at its start (lite_startup), the ports its spawner
 * handed it.  One thread; nothing is locked; no call blocks on a
 * process (lite_wait keeps its send-once reply right until a child
 * ends).
 */
#ifndef LITE_SERVER_LITE_H
#define LITE_SERVER_LITE_H

#include <lite/lite_types.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <stdint.h>
#include <sys/types.h>

#define LITE_PROCESS_MAX 64

/* The ports of the server (main.c). */
struct lite_ports {
	mach_port_t
	    lp_service; /* lite_attach: the name service's "posix-lite" */
	mach_port_t lp_notify; /* dead names: tasks, the file system's root */
	mach_port_t lp_exception; /* every process's task exception port */
	mach_port_t lp_set;	  /* all of them and every process port */
	mach_port_t lp_root;	  /* the UNIX server's root directory (io) */
};
extern struct lite_ports lite_ports;

/* A new receive right in the port set (main.c). */
kern_return_t lite_make_port(mach_port_t *port);

enum lite_state {
	LITE_STARTING, /* its ports wait for lite_startup */
	LITE_RUNNING,
	LITE_ZOMBIE,
	LITE_FOREIGN, /* a task of another personality, attached to be a
			 parent (lite_attach): no task of ours */
};

/* A process (proc.c). */
struct lite_process {
	struct lite_process *lp_next; /* all processes */
	pid_t lp_pid;
	struct lite_process *lp_parent; /* NULL: none (the boot list's) */
	mach_port_t lp_port;		/* receive right: its identity */
	mach_port_t lp_task;		/* send right (none if foreign) */
	mach_port_t lp_signal;		/* send right, or MACH_PORT_NULL */
	enum lite_state lp_state;
	int lp_status; /* a zombie's wait status */
	int lp_fault;  /* a fault's signal, the status it ends with */
	/* a lite_wait that waits (its reply right kept), or none */
	mach_port_t lp_wait_reply;
	mach_msg_type_name_t lp_wait_reply_type;
	pid_t lp_wait_pid;
	/* until lite_startup: what the spawner gave (send rights) */
	mach_port_t lp_root, lp_cwd;
	mach_port_t lp_files[LITE_FD_MAX];
	int lp_file_count;
	int lp_umask;
	uint64_t lp_sigmask;
	/* a boot program (main.c): its path, for the report of its end */
	const char *lp_boot_path;
	/* a UNIX program (io_spawn): its pid in the UNIX server, or 0 */
	pid_t lp_unix_pid;
};

/* proc.c */
struct lite_process *proc_lookup(mach_port_t port);
/* A program of the boot list: no parent, the root as cwd, no files.
 * 0 or an errno value. */
int proc_spawn_boot(const char *path, struct lite_process **process);
void proc_task_died(mach_port_t task);
/* The port of a foreign parent has no senders left: it goes. */
int proc_foreign_gone(mach_port_t port);
/* Every process ends (the file system has gone). */
void proc_end_all(void);

/* main.c: a boot program ended with status. */
void lite_boot_program_ended(struct lite_process *process, int status);

#endif /* LITE_SERVER_LITE_H */
