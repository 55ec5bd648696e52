/*
 * posix-lite's processes: the port -> process table, spawn, startup,
 * wait, exit, kill, faults, and the end of a process.
 *
 *	proc_lookup		the process whose port a request came to
 *	proc_spawn_boot		a program of the boot list
 *	do_lite_spawn		a child from an executable, loaded by the UNIX
 *				server's exec service (io_exec_load); a UNIX
 *				program becomes a process of the UNIX server
 *				(io_spawn) that this record stands for
 *	do_lite_startup		the program takes what its spawner gave
 *	do_lite_wait		answers now, or keeps the reply right until a
 *				child it names ends
 *	do_lite_exit, proc_end	a process ends: a zombie for its parent
 *				(its children lose theirs)
 *	do_lite_kill		SIGKILL ends; other signals go to the
 *				process's signal port
 *	catch_exception_raise	a fault ends the process with its signal
 *	proc_task_died		a task ended (exit, kill, fault)
 *	do_lite_attach		a foreign parent (another personality's)
 *
 * A process's identity is its port: the server holds its receive right
 * (in the port set) and the process a send right, its task's
 * TASK_BOOTSTRAP_PORT.  The task's exception port is the server's; a
 * dead-name notification of its task port tells the server it has gone.
 * The status a process ends with is the one it gave lite_exit, else its
 * fault's signal, else SIGKILL's.
 */
#include "lite.h"
#include "lite_reply.h"
#include "lite_server.h"
#include "lite_signal.h"

#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/thread_status.h>
#include <mach/vm_map.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unix/io.h>

#define PROC_RFLAGS 0x202 /* IF, and the bit that is always 1 */

static struct lite_process *proc_all;
static int proc_count;
static pid_t proc_next_pid = 1;

struct lite_process *
proc_lookup(mach_port_t port)
{
	for (struct lite_process *p = proc_all; p != NULL; p = p->lp_next)
		if (p->lp_port == port && p->lp_state != LITE_ZOMBIE)
			return p;
	return NULL;
}

static struct lite_process *
proc_find_task(mach_port_t task)
{
	for (struct lite_process *p = proc_all; p != NULL; p = p->lp_next)
		if (p->lp_task == task && p->lp_state != LITE_ZOMBIE &&
		    p->lp_state != LITE_FOREIGN)
			return p;
	return NULL;
}

static struct lite_process *
proc_find_pid(pid_t pid)
{
	for (struct lite_process *p = proc_all; p != NULL; p = p->lp_next)
		if (p->lp_pid == pid && p->lp_state != LITE_ZOMBIE)
			return p;
	return NULL;
}

static void
proc_release(mach_port_t *port)
{
	if (MACH_PORT_VALID(*port))
		mach_port_deallocate(mach_task_self(), *port);
	*port = MACH_PORT_NULL;
}

/* Releases what the spawner gave and the program never took. */
static void
proc_release_start(struct lite_process *p)
{
	proc_release(&p->lp_root);
	proc_release(&p->lp_cwd);
	for (int fd = 0; fd < p->lp_file_count; fd++)
		proc_release(&p->lp_files[fd]);
	p->lp_file_count = 0;
}

/* A new record with a port and a pid; NULL if out of room. */
static struct lite_process *
proc_new(struct lite_process *parent, enum lite_state state)
{
	struct lite_process *p;

	if (proc_count >= LITE_PROCESS_MAX ||
	    (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if (lite_make_port(&p->lp_port) != KERN_SUCCESS) {
		free(p);
		return NULL;
	}
	p->lp_pid = proc_next_pid++;
	p->lp_parent = parent;
	p->lp_state = state;
	p->lp_next = proc_all;
	proc_all = p;
	proc_count++;
	return p;
}

static void
proc_free(struct lite_process *p)
{
	struct lite_process **link = &proc_all;

	while (*link != p)
		link = &(*link)->lp_next;
	*link = p->lp_next;
	proc_count--;
	free(p);
}

/* Answers parent's waiting lite_wait with child's end, if it names it:
 * the child is reaped. */
static void
proc_answer_wait(struct lite_process *parent, struct lite_process *child)
{
	if (!MACH_PORT_VALID(parent->lp_wait_reply) ||
	    (parent->lp_wait_pid != -1 && parent->lp_wait_pid != child->lp_pid))
		return;
	if (lite_wait_reply(parent->lp_wait_reply, parent->lp_wait_reply_type,
			    KERN_SUCCESS, 0, child->lp_pid,
			    child->lp_status) != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), parent->lp_wait_reply);
	parent->lp_wait_reply = MACH_PORT_NULL;
	proc_free(child);
}

/*
 * p has ended with status: its task and ports go, its children lose
 * their parent (their statuses then go unreported), and it waits as a
 * zombie for its parent, if any, else it is gone.
 */
static void
proc_end(struct lite_process *p, int status)
{
	struct lite_process *parent = p->lp_parent;

	for (struct lite_process *c = proc_all; c != NULL;) {
		struct lite_process *next = c->lp_next;
		if (c->lp_parent == p) {
			c->lp_parent = NULL;
			if (c->lp_state == LITE_ZOMBIE)
				proc_free(c);
		}
		c = next;
	}
	if (p->lp_state != LITE_FOREIGN && MACH_PORT_VALID(p->lp_task)) {
		task_terminate(p->lp_task);
		proc_release(&p->lp_task);
	}
	proc_release_start(p);
	proc_release(&p->lp_signal);
	proc_release(&p->lp_wait_reply);
	mach_port_mod_refs(mach_task_self(), p->lp_port,
			   MACH_PORT_RIGHT_RECEIVE, -1);
	p->lp_port = MACH_PORT_NULL;
	p->lp_state = LITE_ZOMBIE;
	p->lp_status = status;
	if (p->lp_boot_path != NULL)
		lite_boot_program_ended(p, status);
	if (parent == NULL)
		proc_free(p);
	else
		proc_answer_wait(parent, p);
}

/* Gives task its ports and a suspended thread at entry with stack. */
static int
proc_prepare_task(struct lite_process *p, mach_port_t task, vm_address_t entry,
		  vm_address_t stack, mach_port_t *thread)
{
	struct x86_64_thread_state state;

	memset(&state, 0, sizeof(state));
	state.rip = entry;
	state.rsp = stack;
	state.rflags = PROC_RFLAGS;
	/* the task's send right to its process port is the only one */
	kern_return_t kr = mach_port_insert_right(
	    mach_task_self(), p->lp_port, p->lp_port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS) {
		kr = task_set_special_port(task, TASK_BOOTSTRAP_PORT,
					   p->lp_port);
		mach_port_deallocate(mach_task_self(), p->lp_port);
	}
	if (kr != KERN_SUCCESS ||
	    task_set_special_port(task, TASK_EXCEPTION_PORT,
				  lite_ports.lp_exception) != KERN_SUCCESS)
		return ENOMEM;
	if (thread_create(task, thread) != KERN_SUCCESS)
		return EAGAIN;
	if (thread_set_state(*thread, THREAD_STATE_X86_64,
			     (thread_state_t)&state,
			     THREAD_STATE_X86_64_COUNT) != KERN_SUCCESS) {
		mach_port_deallocate(mach_task_self(), *thread);
		return ENOMEM;
	}
	return 0;
}

/*
 * p runs the UNIX program at path: the UNIX server makes it a process
 * of its own (io_spawn) with p's start ports; its task in *task.
 */
static int
proc_spawn_unix(struct lite_process *p, const char *path, char *args,
		size_t args_size, int argc, int envc, mach_port_t *task)
{
	int error, pid;
	kern_return_t kr =
	    io_spawn(p->lp_cwd, (char *)path, strlen(path) + 1, args, args_size,
		     argc, envc, p->lp_files, p->lp_file_count, p->lp_umask,
		     &error, &pid, task);

	if (kr != KERN_SUCCESS)
		return ENOMEM;
	if (error == 0) {
		p->lp_unix_pid = pid;
		p->lp_state = LITE_RUNNING;
		proc_release_start(p); /* the UNIX process has them */
	}
	return error;
}

/*
 * The new record *child runs path, looked up from its cwd, with the
 * start ports it holds (send rights, which it keeps or, on an error,
 * releases with the record: *child is then NULL).  0 or an errno value.
 */
static int
proc_spawn(const char *path, char *args, size_t args_size, int argc, int envc,
	   struct lite_process **child)
{
	struct lite_process *p = *child;
	mach_port_t task = MACH_PORT_NULL, thread = MACH_PORT_NULL;
	vm_address_t entry, stack;
	int error, posix_lite;
	kern_return_t kr = io_exec_load(
	    p->lp_cwd, (char *)path, strlen(path) + 1, args, args_size, argc,
	    envc, &error, &task, &entry, &stack, &posix_lite);

	if (kr != KERN_SUCCESS)
		error = kr == MACH_SEND_INVALID_DEST ? ENOENT : ENOMEM;
	if (error == 0 && !posix_lite) {
		/* loaded only to be recognised */
		task_terminate(task);
		proc_release(&task);
		error = proc_spawn_unix(p, path, args, args_size, argc, envc,
					&task);
	} else if (error == 0) {
		error = proc_prepare_task(p, task, entry, stack, &thread);
	}
	if (error != 0) {
		if (MACH_PORT_VALID(task)) {
			task_terminate(task);
			mach_port_deallocate(mach_task_self(), task);
		}
		p->lp_parent = NULL;
		proc_release_start(p);
		mach_port_mod_refs(mach_task_self(), p->lp_port,
				   MACH_PORT_RIGHT_RECEIVE, -1);
		proc_free(p);
		*child = NULL;
		return error;
	}
	mach_port_t previous;
	p->lp_task = task;
	mach_port_request_notification(mach_task_self(), task,
				       MACH_NOTIFY_DEAD_NAME, 0,
				       lite_ports.lp_notify, &previous);
	if (MACH_PORT_VALID(thread)) {
		thread_resume(thread);
		mach_port_deallocate(mach_task_self(), thread);
	}
	return 0;
}

int
proc_spawn_boot(const char *path, struct lite_process **process)
{
	const char *name = strrchr(path, '/');
	size_t size = strlen(name != NULL ? name + 1 : path) + 1;
	char args[LITE_PATH_MAX];
	struct lite_process *p = proc_new(NULL, LITE_STARTING);

	if (p == NULL)
		return EAGAIN;
	if (size > sizeof(args))
		size = sizeof(args);
	strlcpy(args, name != NULL ? name + 1 : path, size);
	mach_port_mod_refs(mach_task_self(), lite_ports.lp_root,
			   MACH_PORT_RIGHT_SEND, 2);
	p->lp_root = p->lp_cwd = lite_ports.lp_root;
	p->lp_umask = 022;
	p->lp_boot_path = path;
	int error = proc_spawn(path, args, size, 1, 0, &p);
	*process = p;
	return error;
}

/* Checks an argument block: argc + envc NUL-terminated strings. */
static int
proc_check_args(const char *args, size_t size, int argc, int envc)
{
	size_t offset = 0;

	if (argc < 0 || envc < 0 || size > LITE_ARGS_MAX)
		return E2BIG;
	for (int i = 0; i < argc + envc; i++) {
		const char *nul =
		    offset < size ? memchr(args + offset, '\0', size - offset)
				  : NULL;
		if (nul == NULL)
			return EINVAL;
		offset = nul - args + 1;
	}
	return 0;
}

kern_return_t
do_lite_spawn(mach_port_t port, char *path, mach_msg_type_number_t pathCnt,
	      char *args, mach_msg_type_number_t argsCnt, int argc, int envc,
	      mach_port_t root, mach_port_t cwd, mach_port_t *files,
	      mach_msg_type_number_t filesCnt, int umask, uint64_t sigmask,
	      int *error, int *pid)
{
	struct lite_process *parent = proc_lookup(port), *child = NULL;

	*pid = -1;
	*error =
	    parent == NULL ? ESRCH : proc_check_args(args, argsCnt, argc, envc);
	if (*error == 0 &&
	    (pathCnt == 0 || memchr(path, '\0', pathCnt) == NULL))
		*error = ENAMETOOLONG;
	if (*error == 0 && (child = proc_new(parent, LITE_STARTING)) == NULL)
		*error = EAGAIN;
	if (*error != 0) {
		proc_release(&root);
		proc_release(&cwd);
		for (mach_msg_type_number_t i = 0; i < filesCnt; i++)
			proc_release(&files[i]);
	} else {
		child->lp_root = root;
		child->lp_cwd = cwd;
		memcpy(child->lp_files, files, filesCnt * sizeof(*files));
		child->lp_file_count = filesCnt;
		child->lp_umask = umask;
		child->lp_sigmask = sigmask;
		if ((*error = proc_spawn(path, args, argsCnt, argc, envc,
					 &child)) == 0)
			*pid = child->lp_pid;
	}
	if (argsCnt > 0)
		vm_deallocate(mach_task_self(), (vm_address_t)args, argsCnt);
	return KERN_SUCCESS;
}

kern_return_t
do_lite_startup(mach_port_t port, int *error, int *pid, int *ppid,
		mach_port_t *root, mach_port_t *cwd, mach_port_t *files,
		mach_msg_type_number_t *filesCnt, int *umask, uint64_t *sigmask)
{
	struct lite_process *p = proc_lookup(port);

	*pid = *ppid = *umask = 0;
	*sigmask = 0;
	*root = *cwd = MACH_PORT_NULL;
	*filesCnt = 0;
	*error = p == NULL ? ESRCH : p->lp_state != LITE_STARTING ? EBUSY : 0;
	if (*error != 0)
		return KERN_SUCCESS;
	*pid = p->lp_pid;
	*ppid = p->lp_parent != NULL ? p->lp_parent->lp_pid : 0;
	*root = p->lp_root;
	*cwd = p->lp_cwd;
	memcpy(files, p->lp_files, p->lp_file_count * sizeof(*files));
	*filesCnt = p->lp_file_count;
	*umask = p->lp_umask;
	*sigmask = p->lp_sigmask;
	/* the rights go with the reply */
	p->lp_root = p->lp_cwd = MACH_PORT_NULL;
	p->lp_file_count = 0;
	p->lp_state = LITE_RUNNING;
	return KERN_SUCCESS;
}

/* Is there a zombie child of p that pid names?  Any child at all? */
static struct lite_process *
proc_find_zombie(struct lite_process *p, pid_t pid, int *any)
{
	*any = 0;
	for (struct lite_process *c = proc_all; c != NULL; c = c->lp_next) {
		if (c->lp_parent != p || (pid != -1 && c->lp_pid != pid))
			continue;
		*any = 1;
		if (c->lp_state == LITE_ZOMBIE)
			return c;
	}
	return NULL;
}

kern_return_t
do_lite_wait(mach_port_t port, mach_port_t reply,
	     mach_msg_type_name_t replyPoly, int pid, int options, int *error,
	     int *child, int *status)
{
	struct lite_process *p = proc_lookup(port);
	int any;

	*child = 0;
	*status = 0;
	*error = p == NULL ? ESRCH : 0;
	if (p == NULL)
		return KERN_SUCCESS;
	if ((pid <= 0 && pid != -1) || (options & ~WNOHANG)) {
		*error = EINVAL;
		return KERN_SUCCESS;
	}
	struct lite_process *zombie = proc_find_zombie(p, pid, &any);
	if (zombie != NULL) {
		*child = zombie->lp_pid;
		*status = zombie->lp_status;
		proc_free(zombie);
	} else if (!any) {
		*error = ECHILD;
	} else if (!(options & WNOHANG)) {
		if (MACH_PORT_VALID(p->lp_wait_reply)) {
			*error = EBUSY; /* one waiting call per process */
			return KERN_SUCCESS;
		}
		p->lp_wait_reply = reply;
		p->lp_wait_reply_type = replyPoly;
		p->lp_wait_pid = pid;
		return MIG_NO_REPLY;
	}
	return KERN_SUCCESS;
}

kern_return_t
do_lite_exit(mach_port_t port, int status)
{
	struct lite_process *p = proc_lookup(port);

	if (p != NULL && p->lp_state != LITE_FOREIGN)
		proc_end(p, status);
	return KERN_SUCCESS;
}

kern_return_t
do_lite_kill(mach_port_t port, int pid, int sig, int *error)
{
	struct lite_process *p = proc_lookup(port);
	struct lite_process *target = proc_find_pid(pid);

	*error = p == NULL ? ESRCH : sig < 0 || sig >= NSIG ? EINVAL : 0;
	if (*error == 0 && (target == NULL || target->lp_state == LITE_FOREIGN))
		*error = ESRCH;
	if (*error == 0 && target->lp_unix_pid != 0) {
		/* a UNIX program: its server delivers the signal */
		kern_return_t kr = io_process_signal(
		    lite_ports.lp_root, target->lp_unix_pid, sig, error);
		if (kr != KERN_SUCCESS)
			*error = ESRCH;
		return KERN_SUCCESS;
	}
	if (*error != 0 || sig == 0)
		return KERN_SUCCESS;
	if (sig == SIGKILL || !MACH_PORT_VALID(target->lp_signal)) {
		/* SIGKILL, or a process that takes no signals: the default
		 * action of those that end a process */
		if (sig != SIGCHLD && sig != SIGURG && sig != SIGWINCH &&
		    sig != SIGCONT)
			proc_end(target, LITE_STATUS_SIGNALED(sig));
		return KERN_SUCCESS;
	}
	lite_signal(target->lp_signal, sig, p->lp_pid);
	return KERN_SUCCESS;
}

kern_return_t
do_lite_set_signal_port(mach_port_t port, mach_port_t signal_port, int *error)
{
	struct lite_process *p = proc_lookup(port);

	*error = p == NULL ? ESRCH : 0;
	if (p == NULL) {
		proc_release(&signal_port);
		return KERN_SUCCESS;
	}
	proc_release(&p->lp_signal);
	p->lp_signal = signal_port;
	return KERN_SUCCESS;
}

kern_return_t
do_lite_attach(mach_port_t port, int *error, mach_port_t *process, int *pid)
{
	struct lite_process *p;
	mach_port_t previous;

	*process = MACH_PORT_NULL;
	*pid = -1;
	if (port != lite_ports.lp_service) {
		*error = EPERM;
		return KERN_SUCCESS;
	}
	if ((p = proc_new(NULL, LITE_FOREIGN)) == NULL) {
		*error = EAGAIN;
		return KERN_SUCCESS;
	}
	/* sync 1: the send right of the reply made, then gone */
	mach_port_request_notification(mach_task_self(), p->lp_port,
				       MACH_NOTIFY_NO_SENDERS, 1, p->lp_port,
				       &previous);
	*error = 0;
	*process = p->lp_port;
	*pid = p->lp_pid;
	return KERN_SUCCESS;
}

int
proc_foreign_gone(mach_port_t port)
{
	struct lite_process *p = proc_lookup(port);

	if (p == NULL || p->lp_state != LITE_FOREIGN)
		return 0;
	proc_end(p, 0);
	return 1;
}

void
proc_end_all(void)
{
	struct lite_process *p;

	while ((p = proc_all) != NULL) {
		if (p->lp_state == LITE_ZOMBIE) {
			proc_free(p);
			continue;
		}
		p->lp_parent = NULL;
		proc_end(p, LITE_STATUS_SIGNALED(SIGKILL));
	}
}

/* The signal a fault is. */
static int
proc_fault_signal(exception_type_t exception)
{
	switch (exception) {
	case EXC_BAD_ACCESS:
		return SIGSEGV;
	case EXC_BAD_INSTRUCTION:
		return SIGILL;
	case EXC_ARITHMETIC:
		return SIGFPE;
	case EXC_BREAKPOINT:
		return SIGTRAP;
	default:
		return SIGKILL;
	}
}

kern_return_t
catch_exception_raise(mach_port_t exception_port, mach_port_t thread,
		      mach_port_t task, exception_type_t exception,
		      exception_data_t code, mach_msg_type_number_t codeCnt)
{
	struct lite_process *p = proc_find_task(task);

	(void)exception_port;
	(void)thread;
	(void)code;
	(void)codeCnt;
	if (p != NULL)
		p->lp_fault = proc_fault_signal(exception);
	/* an error: the kernel ends the task; the loop releases the rights;
	 * its dead-name notification ends the process */
	return KERN_FAILURE;
}

void
proc_task_died(mach_port_t task)
{
	struct lite_process *p = proc_find_task(task);
	int status, error;

	if (p != NULL && p->lp_unix_pid != 0) {
		/* a UNIX program's status is its server's */
		if (io_process_status(lite_ports.lp_root, p->lp_unix_pid,
				      &error, &status) != KERN_SUCCESS ||
		    error != 0)
			status = LITE_STATUS_SIGNALED(SIGKILL);
		proc_end(p, status);
	} else if (p != NULL) {
		proc_end(p, LITE_STATUS_SIGNALED(p->lp_fault != 0 ? p->lp_fault
								  : SIGKILL));
	}
	mach_port_deallocate(mach_task_self(), task); /* the dead name */
}
