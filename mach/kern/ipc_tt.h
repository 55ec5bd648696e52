/*
 * The IPC side of tasks and threads: their name spaces, their kernel
 * object ports and special ports, and the traps that name them.
 *
 * A task has a space, a port for itself (task_self: its kernel object
 * port), a bootstrap port and an exception port (send rights, or
 * IP_NULL); a thread has its own port and an exception port.  The fields
 * live in struct task / struct thread and are guarded by ipc_lock.
 */
#ifndef KERN_IPC_TT_H
#define KERN_IPC_TT_H

#include <ipc/ipc_types.h>

struct task;
struct thread;

/* Creates the task's space and ports; KERN_RESOURCE_SHORTAGE if not. */
kern_return_t ipc_task_init(struct task *task, struct task *parent);
/* Destroys the space and ports of a task with no threads left (its
 * port dies: dead-name notifications). */
void ipc_task_terminate(struct task *task);

kern_return_t ipc_thread_init(struct thread *thread);
void ipc_thread_terminate(struct thread *thread);

/* A thread that ended, still in its task: gives the entry the reply
 * cache kept for it back to its task's space (ipc/ipc_space.h). */
void ipc_thread_reap(struct thread *thread);

/* Converting ports of kernel objects to the objects (IDL intran). */
struct task *convert_port_to_task(ipc_port_t port);
struct thread *convert_port_to_thread(ipc_port_t port);
struct ipc_space *convert_port_to_space(ipc_port_t port);
/* And back: a send right to the object's port (IDL outtran). */
ipc_port_t convert_task_to_port(struct task *task);
ipc_port_t convert_thread_to_port(struct thread *thread);

/* Traps. */
uint64_t mach_reply_port_trap(const uint64_t *args);
uint64_t mach_task_self_trap(const uint64_t *args);
uint64_t mach_thread_self_trap(const uint64_t *args);
uint64_t mach_host_self_trap(const uint64_t *args);

/* Gives task a send right to port as a name (the right is consumed). */
mach_port_name_t ipc_task_copyout_send(struct task *task, ipc_port_t port);

#endif /* KERN_IPC_TT_H */
