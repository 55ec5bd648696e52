/*
 * Tasks: creation, the thread list, termination and destruction.
 *
 * Entry points: see kern/task.h.
 *
 * A task is destroyed when its last thread is removed: its address map,
 * with its pmap and the memory only it held, is freed.  When the last task is gone the kernel reports it
 * (kernel_all_tasks_exited).
 */
#include <ipc/ipc_port.h>
#include <kern/debug.h>
#include <kern/host.h>
#include <kern/ipc_tt.h>
#include <kern/kalloc.h>
#include <kern/printf.h>
#include <kern/sched.h>
#include <kern/startup.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <mach/mach_types.h>
#include <vm/pmap.h>
#include <vm/vm_map.h>
#include <vm/vm_pageout.h>
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
task_allocate(const char *name, struct task *parent)
{
	struct task *task = zalloc(task_zone);
	if (task == NULL)
		return NULL;
	memset(task, 0, sizeof(*task));
	if (vm_user_task_init(task) != KERN_SUCCESS) {
		zfree(task_zone, task);
		return NULL;
	}
	simple_lock_init(&task->task_lock);
	size_t len = strlen(name);
	if (len >= TASK_NAME_MAX)
		len = TASK_NAME_MAX - 1;
	memcpy(task->task_name, name, len);
	task->task_name[len] = '\0';
	if (ipc_task_init(task, parent) != KERN_SUCCESS) {
		vm_user_task_release(task);
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
	/* (A daemon was counted out when it became one.) */
	boolean_t last = !task->task_daemon && --tasks_alive == 0;
	simple_unlock(&task_list_lock);

	vm_pageout_task_gone(task);
	ipc_task_terminate(task);
	vm_user_task_release(task);
	zfree(task_zone, task);
	if (last)
		kernel_all_tasks_exited();
}

void
task_set_daemon(struct task *task)
{
	simple_lock(&task_list_lock);
	unsigned long remaining = tasks_alive;
	if (!task->task_daemon) {
		task->task_daemon = 1;
		remaining = --tasks_alive;
	}
	simple_unlock(&task_list_lock);
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
	thread->th_hot_token = (uint64_t)task->task_id << 32;
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
	task->task_ended_user_ticks += thread->th_user_ticks;
	task->task_ended_system_ticks += thread->th_system_ticks;
	int last = --task->task_thread_count == 0;
	simple_unlock(&task->task_lock);
	if (last)
		task_destroy(task);
}

kern_return_t
task_terminate(struct task *task)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	unsigned long flags = cpu_intr_save();

	simple_lock(&task->task_lock);
	task->task_terminating = 1;
	int empty = task->task_thread_count == 0;
	simple_unlock(&task->task_lock);
	if (empty) { /* never had a thread: nothing else will free it */
		task_destroy(task);
		cpu_intr_restore(flags);
		return KERN_SUCCESS;
	}
	/* Each thread ends itself; the last one's end destroys the task. */
	simple_lock(&task->task_lock);
	for (struct thread *t = task->task_threads; t != NULL;
	     t = t->th_task_next)
		thread_terminate(t);
	simple_unlock(&task->task_lock);
	cpu_intr_restore(flags);
	return KERN_SUCCESS;
}

void
task_terminate_on_fault(const char *reason)
{
	struct task *task = current_task();

	kprintf("kernel: task %s (id %d) killed: %s\n", task->task_name,
		task->task_id, reason);
	task_terminate(task);
	thread_terminate_self();
}

unsigned long
task_count(void)
{
	return tasks_alive;
}

kern_return_t
task_suspend(struct task *task)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	simple_lock(&task->task_lock);
	simple_lock(&ipc_lock);
	task->task_suspend_count++;
	for (struct thread *t = task->task_threads; t != NULL;
	     t = t->th_task_next)
		thread_hold_fast_wait_locked(t);
	simple_unlock(&ipc_lock);
	simple_unlock(&task->task_lock);
	if (task == current_task())
		cpu_set(cpu_need_resched, 1); /* stop at the AST */
	return KERN_SUCCESS;
}

kern_return_t
task_resume(struct task *task)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	unsigned long flags = cpu_intr_save();
	simple_lock(&task->task_lock);
	if (task->task_suspend_count == 0) {
		simple_unlock(&task->task_lock);
		cpu_intr_restore(flags);
		return KERN_FAILURE;
	}
	task->task_suspend_count--;
	for (struct thread *t = task->task_threads; t != NULL;
	     t = t->th_task_next)
		thread_release(t);
	simple_unlock(&task->task_lock);
	cpu_intr_restore(flags);
	return KERN_SUCCESS;
}

/*
 * task_create (task.defs): a new task, child of parent, with no threads.
 * Its memory starts empty, or with inherit_memory is the parent's as
 * each region's inheritance says (vm_map_fork: shared, copied on write,
 * or left out).
 */
kern_return_t
task_create(struct task *parent, boolean_t inherit_memory, struct task **child)
{
	if (parent == NULL)
		return KERN_INVALID_TASK;
	struct task *task = task_allocate(parent->task_name, parent);
	if (task == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (inherit_memory &&
	    vm_map_fork(parent->task_map, task->task_map) != KERN_SUCCESS) {
		task_terminate(task); /* no threads: destroyed at once */
		return KERN_RESOURCE_SHORTAGE;
	}
	*child = task;
	return KERN_SUCCESS;
}

/* Send rights to every thread, in a kernel array the reply carries. */
kern_return_t
task_threads(struct task *task, mach_port_t **list,
	     mach_msg_type_number_t *count)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	/* The array is sized under the lock: the message frees it by its
	 * count (ipc_kmsg.c), which must be the size it was made with. */
	simple_lock(&task->task_lock);
	unsigned n = task->task_thread_count;
	mach_port_t *ports = n > 0 ? kalloc(n * sizeof(mach_port_t)) : NULL;
	if (n > 0 && ports == NULL) {
		simple_unlock(&task->task_lock);
		return KERN_RESOURCE_SHORTAGE;
	}
	unsigned i = 0;
	for (struct thread *t = task->task_threads; t != NULL && i < n;
	     t = t->th_task_next)
		ports[i++] = t->th_self;
	simple_unlock(&task->task_lock);
	assert(i == n);
	for (unsigned j = 0; j < i; j++)
		ports[j] = ipc_port_make_send(ports[j]);
	*list = ports;
	*count = i;
	return KERN_SUCCESS;
}

kern_return_t
task_info(struct task *task, task_flavor_t flavor, task_info_t info,
	  mach_msg_type_number_t *count)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	unsigned long flags = cpu_intr_save();
	simple_lock(&task->task_lock);
	if (flavor == TASK_BASIC_INFO && *count >= TASK_BASIC_INFO_COUNT) {
		struct task_basic_info basic = {0};
		basic.suspend_count = task->task_suspend_count;
		basic.thread_count = task->task_thread_count;
		basic.virtual_size = task->task_map->vm_size;
		basic.resident_size =
		    pmap_resident_count(task->task_pmap) * PAGE_SIZE;
		thread_ticks_to_time(task->task_ended_user_ticks,
				     &basic.user_time);
		thread_ticks_to_time(task->task_ended_system_ticks,
				     &basic.system_time);
		memcpy(info, &basic, sizeof(basic));
		*count = TASK_BASIC_INFO_COUNT;
	} else if (flavor == TASK_THREAD_TIMES_INFO &&
		   *count >= TASK_THREAD_TIMES_INFO_COUNT) {
		struct task_thread_times_info times = {0};
		uint64_t user = 0, system = 0;
		for (struct thread *t = task->task_threads; t != NULL;
		     t = t->th_task_next) {
			user += t->th_user_ticks;
			system += t->th_system_ticks;
		}
		thread_ticks_to_time(user, &times.user_time);
		thread_ticks_to_time(system, &times.system_time);
		memcpy(info, &times, sizeof(times));
		*count = TASK_THREAD_TIMES_INFO_COUNT;
	} else {
		simple_unlock(&task->task_lock);
		cpu_intr_restore(flags);
		return KERN_INVALID_ARGUMENT;
	}
	simple_unlock(&task->task_lock);
	cpu_intr_restore(flags);
	return KERN_SUCCESS;
}

kern_return_t
task_get_special_port(struct task *task, int which, mach_port_t *port)
{
	if (task == NULL)
		return KERN_INVALID_TASK;
	switch (which) {
	case TASK_KERNEL_PORT:
		*port = convert_task_to_port(task);
		return KERN_SUCCESS;
	case TASK_HOST_PORT:
		*port = ipc_port_make_send(host_port());
		return KERN_SUCCESS;
	case TASK_HOST_PRIV_PORT:
		if (!task->task_privileged)
			return KERN_NO_ACCESS;
		*port = ipc_port_make_send(host_priv_port());
		return KERN_SUCCESS;
	case TASK_BOOTSTRAP_PORT:
		*port = ipc_port_copy_send(task->task_bootstrap_port);
		return KERN_SUCCESS;
	case TASK_EXCEPTION_PORT:
		*port = ipc_port_copy_send(task->task_exception_port);
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* The task keeps the send right it is given (the request's). */
kern_return_t
task_set_special_port(struct task *task, int which, mach_port_t port)
{
	mach_port_t *slot;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (which == TASK_BOOTSTRAP_PORT)
		slot = &task->task_bootstrap_port;
	else if (which == TASK_EXCEPTION_PORT)
		slot = &task->task_exception_port;
	else
		return KERN_INVALID_ARGUMENT;
	ipc_port_swap_send(slot, port);
	return KERN_SUCCESS;
}
