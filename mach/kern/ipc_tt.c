/*
 * Task and thread ports (see kern/ipc_tt.h).
 *
 * A task or thread port is a kernel object port: its receiver is the
 * kernel and ip_kobject points at the object.  While the object lives its
 * port is active; terminating the object destroys the port, so every send
 * right to it becomes a dead name and notifications fire.
 */
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <kern/host.h>
#include <kern/ipc_tt.h>
#include <kern/task.h>
#include <kern/thread.h>

kern_return_t
ipc_task_init(struct task *task, struct task *parent)
{
	task->task_space = ipc_space_create(task);
	if (task->task_space == NULL)
		return KERN_RESOURCE_SHORTAGE;
	task->task_self = ipc_port_alloc_kernel(IKOT_TASK, task);
	if (task->task_self == IP_NULL) {
		ipc_space_destroy(task->task_space);
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock(&ipc_lock);
	task->task_bootstrap_port = IP_NULL;
	task->task_exception_port = IP_NULL;
	if (parent != NULL) {
		if (IP_VALID(parent->task_bootstrap_port))
			ipc_port_copy_send_locked(parent->task_bootstrap_port);
		task->task_bootstrap_port = parent->task_bootstrap_port;
		if (IP_VALID(parent->task_exception_port))
			ipc_port_copy_send_locked(parent->task_exception_port);
		task->task_exception_port = parent->task_exception_port;
	}
	simple_unlock(&ipc_lock);
	return KERN_SUCCESS;
}

void
ipc_task_terminate(struct task *task)
{
	simple_lock(&ipc_lock);
	ipc_port_dealloc_kernel_locked(task->task_self);
	task->task_self = IP_NULL;
	ipc_right_release_locked(task->task_bootstrap_port,
				 MACH_MSG_TYPE_PORT_SEND);
	ipc_right_release_locked(task->task_exception_port,
				 MACH_MSG_TYPE_PORT_SEND);
	task->task_bootstrap_port = task->task_exception_port = IP_NULL;
	simple_unlock(&ipc_lock);
	ipc_space_destroy(task->task_space);
	task->task_space = NULL;
}

kern_return_t
ipc_thread_init(struct thread *thread)
{
	thread->th_self = ipc_port_alloc_kernel(IKOT_THREAD, thread);
	thread->th_exception_port = IP_NULL;
	thread->th_kernel_reply_port = IP_NULL;
	return thread->th_self == IP_NULL ? KERN_RESOURCE_SHORTAGE
					  : KERN_SUCCESS;
}

void
ipc_thread_terminate(struct thread *thread)
{
	simple_lock(&ipc_lock);
	ipc_port_dealloc_kernel_locked(thread->th_self);
	thread->th_self = IP_NULL;
	ipc_right_release_locked(thread->th_exception_port,
				 MACH_MSG_TYPE_PORT_SEND);
	thread->th_exception_port = IP_NULL;
	if (thread->th_kernel_reply_port != IP_NULL)
		ipc_port_destroy_locked(thread->th_kernel_reply_port);
	thread->th_kernel_reply_port = IP_NULL;
	simple_unlock(&ipc_lock);
}

void
ipc_thread_reap(struct thread *thread)
{
	struct ipc_space *space = thread->th_task->task_space;

	simple_lock(&ipc_lock);
	if (space != NULL)
		ipc_entry_reply_release_locked(space, thread->th_reply_index);
	thread->th_reply_index = 0;
	simple_unlock(&ipc_lock);
}

/* The object of a live kernel port of the type, or NULL. */
static void *
convert_port(ipc_port_t port, enum ipc_kobject_type type)
{
	void *object = NULL;

	simple_lock(&ipc_lock);
	if (IP_VALID(port) && port->ip_active && port->ip_kotype == type)
		object = port->ip_kobject;
	simple_unlock(&ipc_lock);
	return object;
}

/* A terminating task is no task for its port's calls.  (task_terminating
 * only ever goes from 0 to 1: read without the task's lock.) */
struct task *
convert_port_to_task(ipc_port_t port)
{
	struct task *task = convert_port(port, IKOT_TASK);
	return task != NULL && !task->task_terminating ? task : NULL;
}

struct ipc_space *
convert_port_to_space(ipc_port_t port)
{
	struct task *task = convert_port_to_task(port);
	return task != NULL ? task->task_space : NULL;
}

struct thread *
convert_port_to_thread(ipc_port_t port)
{
	return convert_port(port, IKOT_THREAD);
}

static ipc_port_t
convert_object_to_port(ipc_port_t port)
{
	simple_lock(&ipc_lock);
	if (IP_VALID(port) && port->ip_active)
		ipc_port_make_send_locked(port);
	else
		port = IP_NULL;
	simple_unlock(&ipc_lock);
	return port;
}

ipc_port_t
convert_task_to_port(struct task *task)
{
	return convert_object_to_port(task != NULL ? task->task_self : IP_NULL);
}

ipc_port_t
convert_thread_to_port(struct thread *thread)
{
	return convert_object_to_port(thread != NULL ? thread->th_self
						     : IP_NULL);
}

mach_port_name_t
ipc_task_copyout_send(struct task *task, ipc_port_t port)
{
	simple_lock(&ipc_lock);
	mach_port_name_t name = ipc_right_copyout_locked(
	    task->task_space, port, MACH_MSG_TYPE_PORT_SEND);
	simple_unlock(&ipc_lock);
	return name;
}

/* mach_reply_port(): a new port, the caller holding its receive right. */
uint64_t
mach_reply_port_trap(const uint64_t *args)
{
	struct ipc_space *space = current_task()->task_space;
	mach_port_name_t name = MACH_PORT_NULL;
	struct ipc_entry *entry;
	(void)args;

	simple_lock(&ipc_lock);
	ipc_port_t port = ipc_port_alloc_locked();
	if (port != IP_NULL) {
		if (ipc_entry_alloc_locked(space, &name, &entry) ==
		    KERN_SUCCESS) {
			entry->ie_object = port;
			entry->ie_type = MACH_PORT_TYPE_RECEIVE;
			port->ip_receiver = space;
			port->ip_receiver_name = name;
		} else {
			port->ip_active = 0;
			ipc_port_release_locked(port);
		}
	}
	simple_unlock(&ipc_lock);
	return name;
}

uint64_t
mach_task_self_trap(const uint64_t *args)
{
	struct task *task = current_task();
	(void)args;
	return ipc_task_copyout_send(task, convert_task_to_port(task));
}

uint64_t
mach_thread_self_trap(const uint64_t *args)
{
	(void)args;
	return ipc_task_copyout_send(current_task(),
				     convert_thread_to_port(current_thread()));
}

uint64_t
mach_host_self_trap(const uint64_t *args)
{
	(void)args;
	return ipc_task_copyout_send(current_task(),
				     ipc_port_make_send(host_port()));
}
