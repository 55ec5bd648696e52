/*
 * The tasks the kernel hands over to the bootstrap server.
 *
 *	tasks_start	takes them: bootstrap port, watch, resume
 *	tasks_dead_name	one of them ended
 *	tasks_alive	how many still run, daemons aside
 *
 * Start protocol (kernel command line word `bootstrap`): the first boot
 * module is this server; the kernel creates every other module's task
 * suspended, puts a send right to its task port into our space, and
 * gives us one argument per task: `task:0xNAME:MODULE`, NAME the port's
 * name in our space (hex), MODULE the task's name.  For each, in order:
 * ask for a dead-name notification of the task port (before the task
 * can run, so that even a task that ends at once is counted),
 * task_set_special_port(TASK_BOOTSTRAP_PORT) to our service port, and
 * task_resume.  When the last of them has ended the server exits, so
 * that a boot whose tasks are all done ends (`onidle=exit`).
 *
 * Daemons: our own module command line may name modules with
 * `daemon:MODULE` (make run names the default pager so): such a task is
 * started like the others but not waited for, as the kernel does not
 * count a task that made itself a daemon (task_set_daemon; the default
 * pager never exits).
 */
#include "bootstrap.h"

#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_types.h>
#include <mach/task.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct task_record {
	mach_port_t tr_port; /* send right; a dead name once it ended */
	const char *tr_name; /* the module's name (in our argv) */
	int tr_alive;
	int tr_daemon; /* named by a daemon: argument: not counted */
};

static struct task_record *task_records;
static int task_record_count, task_alive_count;

/* Parses "task:0xNAME:MODULE"; returns 0 if arg is not one. */
static int
tasks_parse(char *arg, mach_port_t *port, const char **name)
{
	char *end;
	unsigned long value;

	if (strncmp(arg, "task:0x", 7) != 0)
		return 0;
	value = strtoul(arg + 7, &end, 16);
	if (end == arg + 7 || *end != ':' || value == 0 || value > 0xffffffff)
		return 0;
	*port = (mach_port_t)value;
	*name = end + 1;
	return 1;
}

/* Whether a `daemon:MODULE` argument names module. */
static int
tasks_is_daemon(int argc, char **argv, const char *module)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "daemon:", 7) == 0 &&
		    strcmp(argv[i] + 7, module) == 0)
			return 1;
	return 0;
}

/* Gives one task its bootstrap port and lets it run; 0 if it cannot run. */
static int
tasks_start_one(mach_port_t port, const char *name)
{
	kern_return_t kr;

	kr = bootstrap_watch(port);
	if (kr != KERN_SUCCESS) {
		printf("bootstrap: task %s (port 0x%x): no notification: "
		       "0x%x\n",
		       name, port, kr);
		return 0;
	}
	kr = task_set_special_port(port, TASK_BOOTSTRAP_PORT,
				   bootstrap_ports.bp_service);
	if (kr != KERN_SUCCESS)
		printf("bootstrap: task %s: task_set_special_port: 0x%x\n",
		       name, kr);
	kr = task_resume(port);
	if (kr != KERN_SUCCESS) {
		printf("bootstrap: task %s: task_resume: 0x%x\n", name, kr);
		task_terminate(port); /* its death still comes */
	}
	return 1;
}

int
tasks_start(int argc, char **argv)
{
	mach_port_t port;
	const char *name;

	task_records = calloc(argc, sizeof(*task_records));
	if (task_records == NULL)
		return 0;
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "daemon:", 7) == 0)
			continue; /* (tasks_is_daemon) */
		if (!tasks_parse(argv[i], &port, &name)) {
			printf("bootstrap: argument ignored: %s\n", argv[i]);
			continue;
		}
		if (!tasks_start_one(port, name))
			continue;
		struct task_record *record = &task_records[task_record_count++];
		record->tr_port = port;
		record->tr_name = name;
		record->tr_alive = 1;
		record->tr_daemon = tasks_is_daemon(argc, argv, name);
		if (!record->tr_daemon)
			task_alive_count++;
	}
	return task_record_count;
}

int
tasks_dead_name(mach_port_t name)
{
	for (int i = 0; i < task_record_count; i++) {
		struct task_record *record = &task_records[i];
		if (record->tr_alive && record->tr_port == name) {
			record->tr_alive = 0;
			if (!record->tr_daemon)
				task_alive_count--;
			mach_port_deallocate(mach_task_self(), name);
			return 1;
		}
	}
	return 0;
}

int
tasks_alive(void)
{
	return task_alive_count;
}
