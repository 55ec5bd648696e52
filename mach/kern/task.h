/*
 * Tasks: an address space (a vm_map over a pmap) and a set of threads.  A task lives while it has threads: when its last thread is
 * freed, the task is destroyed with its memory.
 *
 * Locks: task_lock guards task_threads, task_thread_count and
 * task_terminating; the task list has its own lock (task.c).  Lock order:
 * task_lock before the scheduler's lock, before a pmap's.
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include <kern/lock.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/std_types.h>
#include <stddef.h>

struct pmap;
struct thread;
struct vm_map;

#define TASK_NAME_MAX 32

struct task {
	simple_lock_data_t task_lock;
	int task_id;
	char task_name[TASK_NAME_MAX];
	struct vm_map *task_map; /* constant: the address space */
	struct pmap *task_pmap;	 /* constant: task_map's, for the switch */
	struct thread *task_threads;
	int task_thread_count;
	int task_terminating;
	struct task *task_all_next; /* list of all tasks */
	/* IPC (kern/ipc_tt.c; guarded by ipc_lock) */
	struct ipc_space *task_space;
	struct ipc_port *task_self; /* the task's kernel object port */
	struct ipc_port *task_bootstrap_port; /* send right, or NULL */
	struct ipc_port *task_exception_port; /* send right, or NULL */
	int task_suspend_count; /* task_suspend minus task_resume */
	/* Set once, before the task runs: a boot module, which may have
	 * the privileged host port (TASK_HOST_PRIV_PORT).  Not inherited. */
	int task_privileged;
	int task_daemon; /* task_list_lock: not counted by task_count */
	/* The CPU time of its threads that have ended (task_lock). */
	uint64_t task_ended_user_ticks, task_ended_system_ticks;
};

void task_bootstrap(void);

/* Creates an empty task (no threads, no memory), or NULL.  It inherits
 * the parent's bootstrap and exception ports, if there is a parent. */
struct task *task_allocate(const char *name, struct task *parent);

/*
 * Terminates every thread of task (thread_terminate: each ends itself);
 * the task is destroyed when its last thread is freed, at once if it has
 * none.  Meanwhile its port names no task (its calls fail with
 * KERN_INVALID_TASK); the port dies with the task, so that a dead-name
 * notification of it means that the task and all it held are gone.  If
 * the caller is one of its threads, it ends on its way back to user
 * mode.  KERN_INVALID_TASK for NULL.
 *
 * This and the routines below are also the server routines of
 * task.defs (the IDL stubs give NULL for a port that is no task).
 */
kern_return_t task_terminate(struct task *task);

/* Counted: threads stop before running user code while it is non-zero. */
kern_return_t task_suspend(struct task *task);
kern_return_t task_resume(struct task *task);

/* Prints "kernel: task NAME (id N) killed: REASON" and terminates the
 * current task.  Does not return. */
void task_terminate_on_fault(const char *reason) __attribute__((noreturn));

/* Adds and removes threads (thread.c); removing the last destroys task. */
kern_return_t task_add_thread(struct task *task, struct thread *thread);
void task_remove_thread(struct task *task, struct thread *thread);

/* Tasks alive, daemons aside: the kernel stops (onidle=exit) when the
 * count falls to zero. */
unsigned long task_count(void);

/* task (the default pager) no longer keeps the machine up: it leaves
 * the count.  Takes task_list_lock. */
void task_set_daemon(struct task *task);

static inline struct task *
current_task(void)
{
	return current_thread()->th_task;
}

/* Whether thread is held: its own suspend count or its task's is not
 * zero (kern/thread.h, "Suspension").  Inline: mach_msg asks at every
 * receive that may wait. */
static inline int
thread_held(const struct thread *thread)
{
	return thread->th_suspend_count > 0 ||
	       (thread->th_task != NULL &&
		thread->th_task->task_suspend_count > 0);
}

#endif /* KERN_TASK_H */
