/*
 * Processes: the port -> process table, spawn, exit, wait, exceptions,
 * and the end of a process.
 *
 *	proc_lookup		the process whose port a request came to
 *	proc_start_init		pid 1 from the server's arguments
 *	do_unix_spawn		a child from an executable (or a "#!"
 *				script's interpreter)
 *	do_unix_fork		a child whose task is a copy-on-write copy
 *	do_unix_exec		the process's task replaced by a new one
 *	do_unix_exit, proc_end	a process ends: its files are closed, its
 *				waits forgotten, it becomes a zombie for
 *				its parent (its children go to init)
 *	do_unix_wait		answers now, or keeps the reply right in
 *				the parent until a child it names (pid,
 *				0 or -pgid for a group) ends, or stops or
 *				continues (WUNTRACED, WCONTINUED)
 *	catch_exception_raise	a fault becomes a signal (signal.c): a
 *				handler runs, or the process ends
 *	proc_task_died		a task ended without telling us (killed)
 *	do_unix_getids, do_unix_setids	the ids permissions are checked
 *				against (vfs_permitted); a child inherits them
 *	do_unix_processes	the table of processes, for ps
 *
 * A process's identity is its port: the server holds its receive right
 * (a member of the server's port set) and the process a send right, its
 * task's TASK_BOOTSTRAP_PORT.  The task's TASK_EXCEPTION_PORT is the
 * server's exception port; a dead-name notification of its task port
 * tells the server when the task has gone.  When init (pid 1) ends, the
 * server ends every process and exits, which ends a boot.
 */
#include "unix.h"
#include "unix_reply.h"
#include "unix_server.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_types.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/thread_status.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROC_HASH_SIZE 64
#define PROC_RFLAGS    0x202 /* IF, and the bit that is always 1 */

static struct process *proc_all;
static struct process *proc_hash[PROC_HASH_SIZE];
static int proc_count;
static pid_t proc_next_pid = 1;
static struct process *proc_init;

struct process *
proc_lookup(mach_port_t port)
{
	for (struct process *p = proc_hash[port % PROC_HASH_SIZE]; p != NULL;
	     p = p->p_hash_next)
		if (p->p_port == port)
			return p;
	return NULL;
}

struct process *
proc_first(void)
{
	return proc_all;
}

struct vfs_who
proc_who(struct process *process)
{
	return (struct vfs_who){.vw_cwd = process->p_cwd,
				.vw_uid = process->p_euid,
				.vw_gid = process->p_egid,
				.vw_umask = process->p_umask,
				.vw_files = process->p_files};
}

struct process *
proc_find_pid(pid_t pid)
{
	for (struct process *p = proc_all; p != NULL; p = p->p_next)
		if (p->p_pid == pid)
			return p;
	return NULL;
}

struct process *
proc_find_task(mach_port_t task)
{
	for (struct process *p = proc_all; p != NULL; p = p->p_next)
		if (p->p_state == PROCESS_RUNNING && p->p_task == task)
			return p;
	return NULL;
}

static pid_t
proc_new_pid(void)
{
	for (;;) {
		pid_t pid = proc_next_pid++;
		if (proc_next_pid > 30000)
			proc_next_pid = 2;
		int used = 0;
		for (struct process *p = proc_all; p != NULL; p = p->p_next)
			used |= p->p_pid == pid;
		if (!used)
			return pid;
	}
}

/* A process record with its port, in the tables; NULL if out of
 * resources. */
static struct process *
proc_new(struct process *parent)
{
	mach_port_t self = mach_task_self();
	struct process *p;

	if (proc_count >= UNIX_PROCESS_MAX ||
	    (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &p->p_port) !=
	    KERN_SUCCESS) {
		free(p);
		return NULL;
	}
	if (mach_port_insert_right(self, p->p_port, p->p_port,
				   MACH_MSG_TYPE_MAKE_SEND) != KERN_SUCCESS ||
	    mach_port_move_member(self, p->p_port, unix_ports.up_set) !=
		KERN_SUCCESS) {
		mach_port_destroy(self, p->p_port); /* receive and send */
		free(p);
		return NULL;
	}
	p->p_pid = proc_new_pid();
	p->p_parent = parent;
	p->p_task = MACH_PORT_NULL;
	p->p_wait_reply = MACH_PORT_NULL;
	p->p_suspend_reply = MACH_PORT_NULL;
	timer_init_process(p);
	poll_init_process(p);
	if (parent != NULL) {
		memcpy(p->p_name, parent->p_name, sizeof(p->p_name));
		p->p_pgid = parent->p_pgid;
		p->p_sid = parent->p_sid;
		signal_inherit(p, parent);
		p->p_umask = parent->p_umask;
		p->p_nice = parent->p_nice;
		p->p_uid = parent->p_uid;
		p->p_euid = parent->p_euid;
		p->p_gid = parent->p_gid;
		p->p_egid = parent->p_egid;
		p->p_cwd = parent->p_cwd;
	} else {
		p->p_pgid = p->p_sid = p->p_pid;
		p->p_umask = 022;
		p->p_cwd = vfs_root;
	}
	vfs_node_hold(p->p_cwd);
	p->p_next = proc_all;
	proc_all = p;
	p->p_hash_next = proc_hash[p->p_port % PROC_HASH_SIZE];
	proc_hash[p->p_port % PROC_HASH_SIZE] = p;
	proc_count++;
	return p;
}

/*
 * Removes a reaped zombie from the tables and frees it, and the dead
 * name its port left (proc_end destroyed the receive right; the send
 * right the server made for the task turned into a dead name, which
 * kept the name from being reused while the zombie is in the table).
 */
static void
proc_free(struct process *p)
{
	struct process **link = &proc_all;
	while (*link != p)
		link = &(*link)->p_next;
	*link = p->p_next;
	link = &proc_hash[p->p_port % PROC_HASH_SIZE];
	while (*link != p)
		link = &(*link)->p_hash_next;
	*link = p->p_hash_next;
	proc_count--;
	mach_port_deallocate(mach_task_self(), p->p_port);
	free(p);
}

/*
 * Gives task the process's ports (bootstrap: the process port;
 * exception: the server's) and one thread with the registers in state,
 * suspended: its port in *thread.
 */
static int
proc_prepare_task(struct process *p, mach_port_t task,
		  struct x86_64_thread_state *state, mach_port_t *thread)
{
	if (task_set_special_port(task, TASK_BOOTSTRAP_PORT, p->p_port) !=
		KERN_SUCCESS ||
	    task_set_special_port(task, TASK_EXCEPTION_PORT,
				  unix_ports.up_exception) != KERN_SUCCESS)
		return ENOMEM;
	if (thread_create(task, thread) != KERN_SUCCESS)
		return EAGAIN;
	priority_set_thread(p, *thread);
	if (thread_set_state(*thread, THREAD_STATE_X86_64,
			     (thread_state_t)state,
			     THREAD_STATE_X86_64_COUNT) != KERN_SUCCESS) {
		mach_port_deallocate(mach_task_self(), *thread);
		return ENOMEM;
	}
	return 0;
}

/*
 * task is the process's from now on, and its prepared thread runs.  A
 * dead-name notification of the task will tell the server its end
 * (proc_task_died), which then releases the send right.
 */
/* p runs text now (its reference passes to p), or nothing. */
static void
proc_set_text(struct process *p, struct node *text)
{
	if (p->p_text != NULL) {
		p->p_text->n_text--;
		vfs_node_release(p->p_text);
	}
	p->p_text = text;
	if (text != NULL)
		text->n_text++;
}

static void
proc_start_task(struct process *p, mach_port_t task, mach_port_t thread,
		struct node *text)
{
	mach_port_t previous;

	proc_set_text(p, text);
	p->p_task = task;
	p->p_task_watched =
	    mach_port_request_notification(
		mach_task_self(), task, MACH_NOTIFY_DEAD_NAME, 0,
		unix_ports.up_notify, &previous) == KERN_SUCCESS;
	thread_resume(thread);
	mach_port_deallocate(mach_task_self(), thread);
}

/* The registers an executable's first thread starts with. */
static void
proc_image_state(const struct exec_image *image,
		 struct x86_64_thread_state *state)
{
	memset(state, 0, sizeof(*state));
	state->rip = image->ei_entry;
	state->rsp = image->ei_stack_pointer;
	state->rflags = PROC_RFLAGS;
}

/* init's descriptors 0, 1 and 2: /dev/console, its controlling
 * terminal, with init's group in the foreground. */
static int
proc_console_files(struct process *p)
{
	struct node *console;
	struct vfs_who who = proc_who(p);
	int error = vfs_lookup(&who, "/dev/console", 1, &console);

	if (error != 0)
		return error;
	struct file *file = file_new(console, NULL, O_RDWR);
	vfs_node_release(console);
	if (file == NULL)
		return ENOMEM;
	for (int fd = 0; fd < 3; fd++) {
		p->p_files[fd] = file;
		file->f_refs = fd + 1;
	}
	return tty_set_foreground(p, p->p_pgid);
}

int
proc_check_args(const char *args, size_t size, int argc, int envc)
{
	size_t offset = 0;

	if (argc < 0 || envc < 0 || size > UNIX_ARGS_MAX ||
	    argc > UNIX_ARGS_MAX / 2 || envc > UNIX_ARGS_MAX / 2)
		return E2BIG;
	for (int i = 0; i < argc + envc; i++) {
		const char *nul =
		    args == NULL ? NULL
				 : memchr(args + offset, '\0', size - offset);
		if (nul == NULL)
			return EINVAL;
		offset = nul - args + 1;
	}
	return 0;
}

/* The executable node at path, looked up as who. */
static int
proc_executable(const struct vfs_who *who, const char *path, struct node **node)
{
	int error = vfs_lookup(who, path, 1, node);

	if (error != 0)
		return error;
	if (!S_ISREG((*node)->n_mode) || !vfs_permitted(who, *node, X_OK)) {
		vfs_node_release(*node);
		return EACCES;
	}
	return 0;
}

/*
 * The argument block that runs a script: interpreter, its argument if
 * any, the script's path, then argv[1..] and the environment of args.
 * Malloc'ed; NULL if it is too long.
 */
static char *
proc_script_args(const char *interpreter, const char *argument,
		 const char *path, const char *args, size_t args_size, int argc,
		 size_t *size)
{
	size_t skip = argc > 0 ? strlen(args) + 1 : 0;
	size_t total = strlen(interpreter) + 1 + strlen(path) + 1 +
		       (*argument != '\0' ? strlen(argument) + 1 : 0) +
		       args_size - skip;

	if (total > UNIX_ARGS_MAX)
		return NULL;
	char *block = malloc(total), *p = block;
	if (block == NULL)
		return NULL;
	p = stpcpy(p, interpreter) + 1;
	if (*argument != '\0')
		p = stpcpy(p, argument) + 1;
	p = stpcpy(p, path) + 1;
	memcpy(p, args + skip, args_size - skip);
	*size = total;
	return block;
}

/* Loads the executable node into a new task, mapped from its memory
 * object (made for the purpose if it is a loadable executable). */
static int
proc_load_node(struct node *node, const char *args, size_t args_size, int argc,
	       int envc, struct exec_image *image)
{
	const char *data = node->n_file.nf_data;
	size_t size = node->n_file.nf_size;
	mach_port_t object = MACH_PORT_NULL;

	if (node->n_writers > 0)
		return ETXTBSY; /* open for writing */
	int loadable = exec_check(data, size) == 0;
	if (loadable && pager_node_object(node, &object) != KERN_SUCCESS)
		object = MACH_PORT_NULL; /* copied, then */
	image->ei_lite = loadable && exec_is_lite(data, size);
	int error =
	    exec_load(data, size, object, args, args_size, argc, envc, image);
	if (MACH_PORT_VALID(object))
		mach_port_deallocate(mach_task_self(), object);
	if (error == 0) {
		pager_keep(node);
		vfs_node_hold(node);
		image->ei_text = node;
	}
	return error;
}

int
proc_load(const struct vfs_who *as, const char *path, const char *args,
	  size_t args_size, int argc, int envc, int run_lite,
	  struct exec_image *image)
{
	char interpreter[EXEC_SCRIPT_LINE + 1], argument[EXEC_SCRIPT_LINE + 1];
	struct node *node;
	int error;

	if ((error = proc_executable(as, path, &node)) != 0)
		return error;
	const char *data = node->n_file.nf_data;
	size_t size = node->n_file.nf_size;
	int script = exec_script(data, size, interpreter, argument) == 0;
	if (!script && run_lite && exec_check(data, size) == 0 &&
	    exec_is_lite(data, size)) {
		strlcpy(interpreter, PROC_LITE_RUNNER, sizeof(interpreter));
		argument[0] = '\0';
		script = 1;
	}
	if (!script) {
		error =
		    proc_load_node(node, args, args_size, argc, envc, image);
		vfs_node_release(node);
		return error;
	}
	vfs_node_release(node);
	size_t script_size;
	char *script_args = proc_script_args(interpreter, argument, path, args,
					     args_size, argc, &script_size);
	if (script_args == NULL)
		return E2BIG;
	int script_argc = (argc > 0 ? argc : 1) + 1 + (*argument != '\0');
	if ((error = proc_executable(as, interpreter, &node)) == 0) {
		error = proc_load_node(node, script_args, script_size,
				       script_argc, envc, image);
		vfs_node_release(node);
	}
	free(script_args);
	return error;
}

/* Ends a loaded image that will not run. */
static void
proc_discard_image(struct exec_image *image)
{
	task_terminate(image->ei_task);
	mach_port_deallocate(mach_task_self(), image->ei_task);
	vfs_node_release(image->ei_text);
}

/* The name a process runs under (p_name): argv[0] of args (checked),
 * or path if argv[0] is missing or empty. */
static void
proc_name(char *name, const char *path, const char *args, int argc)
{
	strlcpy(name, argc > 0 && args[0] != '\0' ? args : path,
		UNIX_PROCESS_NAME);
}

/* Ends a process that never ran: no status for anyone. */
static void
proc_discard(struct process *p)
{
	p->p_parent = NULL;
	proc_end(p, UNIX_STATUS_SIGNALED(SIGKILL));
	proc_free(p);
}

/*
 * Starts the new process child (NULL: none could be made) in the task
 * image holds, unless error: then both go.  0 or an errno value.
 */
static int
proc_run(struct process *child, struct exec_image *image, int error,
	 const char *path, const char *args, int argc, pid_t *pid)
{
	struct x86_64_thread_state state;
	mach_port_t thread;

	proc_image_state(image, &state);
	if (error == 0)
		error =
		    proc_prepare_task(child, image->ei_task, &state, &thread);
	if (error != 0) {
		proc_discard_image(image);
		if (child != NULL)
			proc_discard(child);
		return error;
	}
	proc_name(child->p_name, path, args, argc);
	proc_start_task(child, image->ei_task, thread, image->ei_text);
	*pid = child->p_pid;
	return 0;
}

/* A child of parent (NULL: init) running the executable at path. */
static int
proc_spawn(struct process *parent, const char *path, const char *args,
	   size_t args_size, int argc, int envc, pid_t *pid)
{
	struct vfs_who as = {.vw_cwd = vfs_root}; /* init's: root, at / */
	struct exec_image image;
	int error;

	if ((error = proc_check_args(args, args_size, argc, envc)) != 0)
		return error;
	if (parent != NULL || proc_init != NULL)
		as = proc_who(parent != NULL ? parent : proc_init);
	if ((error = proc_load(&as, path, args, args_size, argc, envc, 1,
			       &image)) != 0)
		return error;
	struct process *child = proc_new(parent);
	if (child == NULL)
		error = EAGAIN;
	else if (parent != NULL)
		fd_inherit(child, parent, 0);
	else
		error = proc_console_files(child);
	return proc_run(child, &image, error, path, args, argc, pid);
}

/*
 * A process for a parent of another personality (io_spawn): no parent
 * here; its ids, umask and cwd are who's, its descriptors 0..count-1
 * the files (NULL: none), and its end waits, a zombie, for
 * proc_foreign_status.  Its task's send right in *task (the server
 * keeps one too).
 */
int
proc_spawn_foreign(const struct vfs_who *who, const char *path,
		   const char *args, size_t args_size, int argc, int envc,
		   struct file **files, int count, pid_t *pid,
		   mach_port_t *task)
{
	struct exec_image image;
	int error;

	if ((error = proc_check_args(args, args_size, argc, envc)) != 0 ||
	    (error = proc_load(who, path, args, args_size, argc, envc, 1,
			       &image)) != 0)
		return error;
	struct process *child = proc_new(NULL);
	if (child == NULL) {
		error = EAGAIN;
	} else {
		child->p_foreign = 1;
		child->p_uid = child->p_euid = who->vw_uid;
		child->p_gid = child->p_egid = who->vw_gid;
		child->p_umask = who->vw_umask & 0777;
		vfs_node_hold(who->vw_cwd);
		vfs_node_release(child->p_cwd);
		child->p_cwd = who->vw_cwd;
		for (int fd = 0; fd < count && fd < UNIX_FD_MAX; fd++)
			if (files[fd] != NULL &&
			    fd_install(child, files[fd], fd, 0) == fd)
				files[fd]->f_refs++;
	}
	if ((error = proc_run(child, &image, error, path, args, argc, pid)) !=
	    0)
		return error;
	mach_port_mod_refs(mach_task_self(), image.ei_task,
			   MACH_PORT_RIGHT_SEND, 1);
	*task = image.ei_task;
	return 0;
}

/* io_process_signal: sig (0: none) to a running foreign process. */
int
proc_foreign_signal(pid_t pid, int sig)
{
	struct process *p = proc_find_pid(pid);

	if (p == NULL || !p->p_foreign)
		return ESRCH;
	if (sig < 0 || sig >= NSIG)
		return EINVAL;
	if (sig != 0) {
		struct signal_info info = {.si_code = SI_USER};
		signal_post(p, sig, &info); /* sent by the demux's flush */
	}
	return 0;
}

/* io_process_status: a foreign process's status, after its task has
 * died (ended now as by SIGKILL if the server has not seen it end);
 * the process is gone then. */
int
proc_foreign_status(pid_t pid, int *status)
{
	struct process *p = proc_all;

	while (p != NULL && (p->p_pid != pid || !p->p_foreign))
		p = p->p_next;
	if (p == NULL)
		return ESRCH;
	proc_end(p, UNIX_STATUS_SIGNALED(SIGKILL)); /* if it still runs */
	*status = p->p_status;
	proc_free(p);
	return 0;
}

kern_return_t
proc_start_init(int argc, char **argv)
{
	size_t size = 0;
	pid_t pid;

	for (int i = 0; i < argc; i++)
		size += strlen(argv[i]) + 1;
	char *args = malloc(size + 1), *p = args;
	if (args == NULL)
		return ENOMEM;
	for (int i = 0; i < argc; i++)
		p = stpcpy(p, argv[i]) + 1;
	int error = proc_spawn(NULL, argv[0], args, size, argc, 0, &pid);
	free(args);
	if (error == 0)
		proc_init = proc_find_pid(pid);
	return error;
}

/* Does child belong to the children a wait of parent for pid names:
 * -1 all, > 0 that one, 0 those of parent's group, < -1 group -pid? */
static int
proc_wait_matches(struct process *parent, struct process *child, pid_t pid)
{
	if (pid == -1)
		return 1;
	if (pid > 0)
		return child->p_pid == pid;
	if (pid == 0)
		return child->p_pgid == parent->p_pgid;
	return pid != INT_MIN && child->p_pgid == -pid;
}

/* Has child something a wait with options reports: its end, a stop
 * (WUNTRACED) or a continue (WCONTINUED) not reported yet?  Its
 * status in *status. */
static int
proc_wait_report(struct process *child, int options, int *status)
{
	int report = child->p_stop_report;

	*status = child->p_status;
	if (child->p_state == PROCESS_ZOMBIE)
		return 1;
	*status = report;
	if ((options & WUNTRACED) && report != 0 && WIFSTOPPED(report))
		return 1;
	return (options & WCONTINUED) && report == UNIX_STATUS_CONTINUED;
}

/* Takes child's report: a zombie is reaped, a stop or continue is told
 * once.  Returns child's pid; *usage: a zombie's CPU time with its
 * waited-for children's (wait4's rusage), added to its parent's
 * children's time; zeros for a stop or continue. */
static pid_t
proc_wait_take(struct process *child, struct cpu_time *usage)
{
	pid_t pid = child->p_pid;

	*usage = (struct cpu_time){0, 0};
	if (child->p_state == PROCESS_ZOMBIE) {
		struct cpu_time *sum = &child->p_parent->p_time_children;
		usage->ct_user =
		    child->p_time.ct_user + child->p_time_children.ct_user;
		usage->ct_system =
		    child->p_time.ct_system + child->p_time_children.ct_system;
		sum->ct_user += usage->ct_user;
		sum->ct_system += usage->ct_system;
		proc_free(child);
	} else
		child->p_stop_report = 0;
	return pid;
}

/* A child of parent matching pid with a report for options, or NULL;
 * *any: has it any child matching pid at all. */
static struct process *
proc_find_report(struct process *parent, pid_t pid, int options, int *any,
		 int *status)
{
	*any = 0;
	for (struct process *p = proc_all; p != NULL; p = p->p_next) {
		if (p->p_parent != parent || !proc_wait_matches(parent, p, pid))
			continue;
		*any = 1;
		if (proc_wait_report(p, options, status))
			return p;
	}
	return NULL;
}

/* Answers parent's waiting unix_wait if child satisfies it. */
static void
proc_wake_waiter(struct process *parent, struct process *child)
{
	int status;

	if (!MACH_PORT_VALID(parent->p_wait_reply) ||
	    !proc_wait_matches(parent, child, parent->p_wait_pid) ||
	    !proc_wait_report(child, parent->p_wait_options, &status))
		return;
	mach_port_t reply = parent->p_wait_reply;
	parent->p_wait_reply = MACH_PORT_NULL;
	struct cpu_time usage;
	pid_t pid = proc_wait_take(child, &usage);
	if (unix_wait_reply(reply, parent->p_wait_reply_type, KERN_SUCCESS, 0,
			    pid, status, usage.ct_user,
			    usage.ct_system) != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), reply);
}

void
proc_child_changed(struct process *child)
{
	if (child->p_parent != NULL)
		proc_wake_waiter(child->p_parent, child);
}

/* Drops a kept reply right unanswered (its client is gone). */
static void
proc_drop_reply(mach_port_t *reply)
{
	if (MACH_PORT_VALID(*reply))
		mach_port_deallocate(mach_task_self(), *reply);
	*reply = MACH_PORT_NULL;
}

/* Forgets the requests the process's threads wait in: their task has
 * gone (ended, or replaced by an exec). */
static void
proc_forget_requests(struct process *p)
{
	pipe_forget_process(p);
	tty_forget_process(p);
	proc_drop_reply(&p->p_wait_reply);
	proc_drop_reply(&p->p_suspend_reply);
	timer_forget_sleep(p);
	poll_forget_process(p);
}

/* Ends every process and the server: init has ended. */
static void
proc_shutdown(void)
{
	for (struct process *p = proc_all; p != NULL; p = p->p_next)
		if (p->p_state == PROCESS_RUNNING)
			task_terminate(p->p_task);
	printf("unix: init has ended; the server exits\n");
	exit(0);
}

void
proc_end(struct process *p, int status)
{
	mach_port_t self = mach_task_self();
	pid_t groups[UNIX_PROCESS_MAX];

	if (p->p_state != PROCESS_RUNNING)
		return;
	int watched = group_watch(p, groups);
	p->p_state = PROCESS_ZOMBIE;
	p->p_status = status;
	proc_forget_requests(p);
	timer_forget_process(p);
	fd_close_all(p);
	vfs_node_release(p->p_cwd);
	p->p_cwd = NULL;
	proc_set_text(p, NULL);
	/* no more requests: the process's send right turns dead */
	mach_port_mod_refs(self, p->p_port, MACH_PORT_RIGHT_RECEIVE, -1);
	/*
	 * The task's send right is released by its dead-name notification
	 * (proc_task_died), which names it: released here, the name could
	 * be reused before the notification comes.
	 */
	if (MACH_PORT_VALID(p->p_task)) {
		clock_add_task_time(&p->p_time, p->p_task);
		task_terminate(p->p_task);
		if (!p->p_task_watched)
			mach_port_deallocate(self, p->p_task);
	}
	p->p_task = MACH_PORT_NULL;
	if (p == proc_init)
		proc_shutdown();
	tty_leader_ends(p);
	struct process *orphans_to = proc_init;
	for (struct process *c = proc_all; c != NULL;) {
		struct process *next = c->p_next;
		if (c->p_parent == p) {
			c->p_parent = orphans_to;
			if (c->p_state == PROCESS_ZOMBIE && orphans_to != NULL)
				proc_wake_waiter(orphans_to, c);
		}
		c = next;
	}
	group_hang_up(groups, watched);
	struct process *parent = p->p_parent;
	if (parent == NULL)
		return;
	struct signal_info info = {
	    .si_code = WIFSIGNALED(status) ? CLD_KILLED : CLD_EXITED,
	    .si_pid = p->p_pid,
	    .si_uid = p->p_uid,
	    .si_status =
		WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)};
	proc_wake_waiter(parent, p); /* may free p */
	signal_post(parent, SIGCHLD, &info);
}

kern_return_t
do_unix_getpid(mach_port_t port, int *pid, int *ppid)
{
	struct process *p = proc_lookup(port);

	*pid = p == NULL ? -1 : p->p_pid;
	*ppid = p == NULL || p->p_parent == NULL ? 0 : p->p_parent->p_pid;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_umask(mach_port_t port, int mask, int *previous)
{
	struct process *p = proc_lookup(port);

	*previous = 0;
	if (p != NULL) {
		*previous = p->p_umask;
		p->p_umask = mask & 0777;
	}
	return KERN_SUCCESS;
}

kern_return_t
do_unix_getids(mach_port_t port, int *uid, int *euid, int *gid, int *egid)
{
	struct process *p = proc_lookup(port);

	*uid = p == NULL ? -1 : (int)p->p_uid;
	*euid = p == NULL ? -1 : (int)p->p_euid;
	*gid = p == NULL ? -1 : (int)p->p_gid;
	*egid = p == NULL ? -1 : (int)p->p_egid;
	return KERN_SUCCESS;
}

/* Changes one of the ids as set*id would; 0 or an errno value. */
static int
proc_set_id(struct process *p, int which, int id)
{
	int root = p->p_euid == 0;

	if (id < 0 || id > 65535)
		return EINVAL;
	switch (which) {
	case UNIX_SETUID:
		if (root)
			p->p_uid = id;
		else if ((uid_t)id != p->p_uid)
			return EPERM;
		p->p_euid = id;
		return 0;
	case UNIX_SETEUID:
		if (!root && (uid_t)id != p->p_uid)
			return EPERM;
		p->p_euid = id;
		return 0;
	case UNIX_SETGID:
		if (!root && (gid_t)id != p->p_gid)
			return EPERM;
		if (root)
			p->p_gid = id;
		p->p_egid = id;
		return 0;
	case UNIX_SETEGID:
		if (!root && (gid_t)id != p->p_gid)
			return EPERM;
		p->p_egid = id;
		return 0;
	case UNIX_SETRUID: /* setreuid: root, or to the effective id */
		if (!root && (uid_t)id != p->p_euid)
			return EPERM;
		p->p_uid = id;
		return 0;
	case UNIX_SETRGID:
		if (!root && (gid_t)id != p->p_egid)
			return EPERM;
		p->p_gid = id;
		return 0;
	default:
		return EINVAL;
	}
}

kern_return_t
do_unix_setids(mach_port_t port, int which, int id, int *error)
{
	struct process *p = proc_lookup(port);

	*error = p == NULL ? ESRCH : proc_set_id(p, which, id);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_exit(mach_port_t port, mach_port_t reply,
	     mach_msg_type_name_t replyPoly, int status)
{
	struct process *p = proc_lookup(port);

	(void)replyPoly;
	if (p == NULL)
		return KERN_INVALID_ARGUMENT;
	proc_end(p, UNIX_STATUS_EXITED(status));
	mach_port_deallocate(mach_task_self(), reply); /* its task is gone */
	return MIG_NO_REPLY;
}

kern_return_t
do_unix_spawn(mach_port_t port, char *path, mach_msg_type_number_t pathCnt,
	      char *args, mach_msg_type_number_t argsCnt, int argc, int envc,
	      int *error, int *pid)
{
	struct process *p = proc_lookup(port);
	char name[UNIX_PATH_MAX];

	*pid = -1;
	*error = p == NULL ? ESRCH : user_path(path, pathCnt, name);
	if (*error == 0)
		*error = proc_spawn(p, name, args, argsCnt, argc, envc, pid);
	user_release(path, pathCnt);
	user_release(args, argsCnt);
	return KERN_SUCCESS;
}

/* The registers of a fork's child: those the library saved, rax = 1. */
static void
proc_fork_state(const unix_fork_regs_t regs, struct x86_64_thread_state *state)
{
	memset(state, 0, sizeof(*state));
	state->rax = 1;
	state->rbx = regs[UNIX_FORK_REG_RBX];
	state->rbp = regs[UNIX_FORK_REG_RBP];
	state->r12 = regs[UNIX_FORK_REG_R12];
	state->r13 = regs[UNIX_FORK_REG_R13];
	state->r14 = regs[UNIX_FORK_REG_R14];
	state->r15 = regs[UNIX_FORK_REG_R15];
	state->rsp = regs[UNIX_FORK_REG_RSP];
	state->rip = regs[UNIX_FORK_REG_RIP];
	state->rflags = PROC_RFLAGS;
}

kern_return_t
do_unix_fork(mach_port_t port, unix_fork_regs_t regs, int *error, int *pid)
{
	struct process *p = proc_lookup(port), *child;
	struct x86_64_thread_state state;
	mach_port_t task, thread;

	*pid = -1;
	*error = p == NULL ? ESRCH : (child = proc_new(p)) == NULL ? EAGAIN : 0;
	if (*error != 0)
		return KERN_SUCCESS;
	kern_return_t kr = task_create(p->p_task, TRUE, &task);
	if (kr != KERN_SUCCESS) {
		*error = kr == KERN_RESOURCE_SHORTAGE ? ENOMEM : EAGAIN;
		proc_discard(child);
		return KERN_SUCCESS;
	}
	fd_inherit(child, p, 1);
	signal_fork(child, p);
	proc_fork_state(regs, &state);
	if ((*error = proc_prepare_task(child, task, &state, &thread)) != 0) {
		task_terminate(task);
		mach_port_deallocate(mach_task_self(), task);
		proc_discard(child);
		return KERN_SUCCESS;
	}
	if (p->p_text != NULL)
		vfs_node_hold(p->p_text);
	proc_start_task(child, task, thread, p->p_text);
	*pid = child->p_pid;
	return KERN_SUCCESS;
}

/*
 * The new task is loaded and its thread prepared before the old task
 * ends, so that a failure leaves the caller as it was.  The old task's
 * send right is kept until its dead-name notification, which then finds
 * no process (proc_task_died): released now, its name could be given to
 * the new task before the notification came.
 */
kern_return_t
do_unix_exec(mach_port_t port, mach_port_t reply,
	     mach_msg_type_name_t replyPoly, char *path,
	     mach_msg_type_number_t pathCnt, char *args,
	     mach_msg_type_number_t argsCnt, int argc, int envc, int *error)
{
	struct process *p = proc_lookup(port);
	struct x86_64_thread_state state;
	struct exec_image image;
	char name[UNIX_PATH_MAX], process_name[UNIX_PROCESS_NAME];
	mach_port_t thread;

	(void)replyPoly;
	*error = p == NULL ? ESRCH : user_path(path, pathCnt, name);
	if (*error == 0)
		*error = proc_check_args(args, argsCnt, argc, envc);
	if (*error == 0) {
		struct vfs_who who = proc_who(p);
		*error =
		    proc_load(&who, name, args, argsCnt, argc, envc, 1, &image);
	}
	if (*error == 0)
		proc_name(process_name, name, args, argc);
	user_release(path, pathCnt);
	user_release(args, argsCnt);
	if (*error != 0)
		return KERN_SUCCESS;
	proc_image_state(&image, &state);
	*error = proc_prepare_task(p, image.ei_task, &state, &thread);
	if (*error != 0) {
		proc_discard_image(&image);
		return KERN_SUCCESS;
	}
	proc_forget_requests(p);
	fd_close_on_exec(p);
	signal_exec(p);
	memcpy(p->p_name, process_name, sizeof(p->p_name));
	clock_add_task_time(&p->p_time, p->p_task);
	task_terminate(p->p_task);
	if (!p->p_task_watched)
		mach_port_deallocate(mach_task_self(), p->p_task);
	proc_start_task(p, image.ei_task, thread, image.ei_text);
	mach_port_deallocate(mach_task_self(), reply); /* its task is gone */
	return MIG_NO_REPLY;
}

kern_return_t
do_unix_wait(mach_port_t port, mach_port_t reply,
	     mach_msg_type_name_t replyPoly, int pid, int options, int *error,
	     int *child, int *status, int64_t *user, int64_t *system)
{
	struct process *p = proc_lookup(port);
	struct cpu_time usage = {0, 0};
	int any;

	*child = -1;
	*status = 0;
	*user = *system = 0;
	if (p == NULL || (options & ~(WNOHANG | WUNTRACED | WCONTINUED))) {
		*error = p == NULL ? ESRCH : EINVAL;
		return KERN_SUCCESS;
	}
	struct process *found = proc_find_report(p, pid, options, &any, status);
	*error = any ? 0 : ECHILD;
	if (found != NULL) {
		*child = proc_wait_take(found, &usage);
		*user = usage.ct_user;
		*system = usage.ct_system;
	} else if (any && (options & WNOHANG)) {
		*child = 0;
		*status = 0;
	} else if (any) {
		if (MACH_PORT_VALID(p->p_wait_reply)) {
			*error = EBUSY; /* one thread per process for now */
			return KERN_SUCCESS;
		}
		p->p_wait_reply = reply;
		p->p_wait_reply_type = replyPoly;
		p->p_wait_pid = pid;
		p->p_wait_options = options;
		return MIG_NO_REPLY;
	}
	return KERN_SUCCESS;
}

/* What ps shows of process p. */
static void
proc_describe(struct process *p, struct unix_process_info *info)
{
	info->upi_pid = p->p_pid;
	info->upi_ppid = p->p_parent != NULL ? p->p_parent->p_pid : 0;
	info->upi_pgid = p->p_pgid;
	info->upi_sid = p->p_sid;
	info->upi_state = p->p_state == PROCESS_ZOMBIE ? UNIX_PROCESS_ZOMBIE
			  : p->p_stopped	       ? UNIX_PROCESS_STOPPED
						       : UNIX_PROCESS_RUNNING;
	info->upi_uid = p->p_euid;
	memcpy(info->upi_name, p->p_name, sizeof(info->upi_name));
}

kern_return_t
do_unix_processes(mach_port_t port, vm_address_t buffer, vm_size_t size,
		  int *error, int *count)
{
	struct process *p = proc_lookup(port);
	size_t fits = size / sizeof(struct unix_process_info), n = 0;

	*count = proc_count;
	if (fits > (size_t)proc_count)
		fits = proc_count;
	struct unix_process_info *table = calloc(fits + 1, sizeof(*table));
	*error = p == NULL ? ESRCH : table == NULL ? ENOMEM : 0;
	if (*error == 0) {
		for (struct process *q = proc_all; q != NULL && n < fits;
		     q = q->p_next)
			proc_describe(q, &table[n++]);
		*error = user_write(p, buffer, table, n * sizeof(*table));
	}
	free(table);
	return KERN_SUCCESS;
}

kern_return_t
catch_exception_raise(mach_port_t exception_port, mach_port_t thread,
		      mach_port_t task, exception_type_t exception,
		      exception_data_t code, mach_msg_type_number_t codeCnt)
{
	struct process *p = proc_find_task(task);

	(void)exception_port;
	if (p == NULL || codeCnt < 2 ||
	    signal_exception(p, thread, exception, code[0], code[1]) != 0)
		/* an error: the kernel ends the task (if the process has not
		 * ended it already); the loop releases the rights */
		return KERN_FAILURE;
	/* a handler's frame is pushed: the thread resumes in it */
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_deallocate(mach_task_self(), task);
	return KERN_SUCCESS;
}

void
proc_task_died(mach_port_t task)
{
	struct process *p = proc_find_task(task);

	if (p != NULL)
		proc_end(p, UNIX_STATUS_SIGNALED(SIGKILL));
	mach_port_deallocate(mach_task_self(), task); /* proc_end kept it */
}
