/*
 * Exceptions (see kern/exception.h).  The message is sent with the
 * IDL-generated KernelUser stub of exc.defs, which waits for the reply on
 * the thread's kernel reply port (mach_msg_rpc_from_kernel).
 */
#include <ipc/ipc_port.h>
#include <kern/exception.h>
#include <kern/ipc_tt.h>
#include <kern/printf.h>
#include <kern/task.h>
#include <kern/thread.h>

#include "exc_user.h"

/* The port to send to, with a reference held, or IP_NULL. */
static ipc_port_t
exception_port_locked(struct thread *thread)
{
	ipc_port_t port = thread->th_exception_port;

	if (!IP_VALID(port) || !port->ip_active)
		port = thread->th_task->task_exception_port;
	if (!IP_VALID(port) || !port->ip_active)
		return IP_NULL;
	ipc_port_reference_locked(port);
	return port;
}

void
exception_deliver(exception_type_t exception, int64_t code, int64_t subcode,
		  const char *reason)
{
	struct thread *thread = current_thread();
	struct task *task = current_task();
	exception_data_type_t codes[EXCEPTION_CODE_MAX] = {code, subcode};

	unsigned long flags = cpu_intr_save();
	simple_lock(&ipc_lock);
	ipc_port_t port = exception_port_locked(thread);
	simple_unlock(&ipc_lock);
	cpu_intr_restore(flags);
	if (port == IP_NULL)
		task_terminate_on_fault(reason);

	kern_return_t kr = exception_raise(
	    port, convert_thread_to_port(thread), convert_task_to_port(task),
	    exception, codes, EXCEPTION_CODE_MAX);
	flags = cpu_intr_save();
	simple_lock(&ipc_lock);
	ipc_port_release_locked(port);
	simple_unlock(&ipc_lock);
	cpu_intr_restore(flags);
	/* Resolved; or the wait was interrupted (thread_abort, or the thread
	 * is to terminate): back towards user mode, where the thread ends
	 * or takes the fault again. */
	if (kr == KERN_SUCCESS || kr == MACH_RCV_INTERRUPTED)
		return;
	kprintf("kernel: task %s (id %d): the exception handler did not "
		"resolve the fault (%#x)\n",
		task->task_name, task->task_id, kr);
	task_terminate_on_fault(reason);
}
