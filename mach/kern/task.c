/*
 * Tasks: creation, the thread list, termination and destruction.
 *
 * Entry points: see kern/task.h.
 *
 * A task is destroyed when its last thread is removed: its pmap, then its
 * memory, are freed.  When the last task is gone the kernel reports it
 * (kernel_all_tasks_exited).
 */
#include <kern/debug.h>
#include <kern/ipc_tt.h>
#include <kern/printf.h>
#include <kern/sched.h>
#include <kern/startup.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <vm/pmap.h>
#include <vm/vm_user.h>

static struct zone *task_zone;
static simple_lock_data_t task_list_lock; /* guards the list and counters */
static struct task *all_tasks;
static unsigned long tasks_alive;
static int task_next_id = 1;

void
task_bootstrap(void)
{
	simple_lock_init(&task_list_lock);
	task_zone = zone_create("task", sizeof(struct task));
	if (task_zone == NULL)
		panic("task_bootstrap: no memory for the task zone");
}

struct task *
task_create(const char *name, struct task *parent)
{
	struct task *task = zalloc(task_zone);
	if (task == NULL)
		return NULL;
	memset(task, 0, sizeof(*task));
	task->task_pmap = pmap_create();
	if (task->task_pmap == NULL) {
		zfree(task_zone, task);
		return NULL;
	}
	simple_lock_init(&task->task_lock);
	size_t len = strlen(name);
	if (len >= TASK_NAME_MAX)
		len = TASK_NAME_MAX - 1;
	memcpy(task->task_name, name, len);
	task->task_name[len] = '\0';
	vm_user_task_init(task);
	if (ipc_task_init(task, parent) != KERN_SUCCESS) {
		pmap_destroy(task->task_pmap);
		zfree(task_zone, task);
		return NULL;
	}

	simple_lock(&task_list_lock);
	task->task_id = task_next_id++;
	task->task_all_next = all_tasks;
	all_tasks = task;
	tasks_alive++;
	simple_unlock(&task_list_lock);
	return task;
}

static void
task_destroy(struct task *task)
{
	simple_lock(&task_list_lock);
	struct task **link = &all_tasks;
	while (*link != task)
		link = &(*link)->task_all_next;
	*link = task->task_all_next;
	unsigned long remaining = --tasks_alive;
	simple_unlock(&task_list_lock);

	ipc_task_terminate(task);
	pmap_destroy(task->task_pmap);
	vm_user_task_release(task);
	zfree(task_zone, task);
	if (remaining == 0)
		kernel_all_tasks_exited();
}

kern_return_t
task_add_thread(struct task *task, struct thread *thread)
{
	simple_lock(&task->task_lock);
	if (task->task_terminating) {
		simple_unlock(&task->task_lock);
		return KERN_TERMINATED;
	}
	thread->th_task = task;
	thread->th_task_next = task->task_threads;
	task->task_threads = thread;
	task->task_thread_count++;
	simple_unlock(&task->task_lock);
	return KERN_SUCCESS;
}

/* Unlinks thread from task; destroys task if it was the last. */
void
task_remove_thread(struct task *task, struct thread *thread)
{
	simple_lock(&task->task_lock);
	struct thread **link = &task->task_threads;
	while (*link != thread)
		link = &(*link)->th_task_next;
	*link = thread->th_task_next;
	int last = --task->task_thread_count == 0;
	simple_unlock(&task->task_lock);
	if (last)
		task_destroy(task);
}

/* A thread of task other than the caller, marked terminated, or NULL;
 * *last tells whether it is the task's only thread. */
static struct thread *
task_take_other_thread(struct task *task, int *last)
{
	struct thread *self = current_thread();
	struct thread *victim = NULL;

	simple_lock(&task->task_lock);
	for (struct thread *t = task->task_threads; t != NULL;
	     t = t->th_task_next)
		if (t != self && t->th_state != TH_TERMINATED) {
			victim = t;
			break;
		}
	if (victim != NULL)
		victim->th_state = TH_TERMINATED;
	*last = task->task_thread_count == 1;
	simple_unlock(&task->task_lock);
	return victim;
}

void
task_terminate(struct task *task)
{
	struct thread *victim;
	int last;
	unsigned long flags = cpu_intr_save();

	ipc_task_disable(task);
	simple_lock(&task->task_lock);
	task->task_terminating = 1;
	int empty = task->task_thread_count == 0;
	simple_unlock(&task->task_lock);
	if (empty) { /* never had a thread: nothing else will free it */
		task_destroy(task);
		cpu_intr_restore(flags);
		return;
	}

	/* The caller's own thread, if it is in task, goes last. */
	while ((victim = task_take_other_thread(task, &last)) != NULL) {
		sched_remove(victim);
		thread_reap(victim); /* destroys task if last */
		if (last) {
			cpu_intr_restore(flags);
			return;
		}
	}
	if (current_task() == task)
		thread_terminate_self();
	cpu_intr_restore(flags);
}

void
task_terminate_on_fault(const char *reason)
{
	struct task *task = current_task();

	kprintf("kernel: task %s (id %d) killed: %s\n", task->task_name,
		task->task_id, reason);
	task_terminate(task);
	panic("task_terminate_on_fault: returned");
}

unsigned long
task_count(void)
{
	return tasks_alive;
}
