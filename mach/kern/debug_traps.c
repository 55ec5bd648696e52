/*
 * The temporary debug traps (mach/traps.h): console output, task and
 * thread life cycle, memory and statistics for tasks, until the message
 * interfaces that replace them exist.  Each one validates its arguments
 * and touches user memory only through copyin/copyout.
 */
#include <kern/console.h>
#include <kern/copyio.h>
#include <kern/host.h>
#include <kern/printf.h>
#include <kern/sched.h>
#include <kern/syscall_sw.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <mach/traps.h>
#include <machine/machine.h>
#include <vm/vm_page.h>
#include <vm/vm_user.h>

#define CONSOLE_WRITE_MAX (64 * 1024)
#define CONSOLE_CHUNK	  128

/*
 * console_write(buf, len): writes the bytes as one unit.  The whole range
 * is checked before anything is printed; a page that turns out unmapped
 * midway ends the write with KERN_INVALID_ADDRESS.
 */
uint64_t
debug_trap_console_write(const uint64_t *args)
{
	uint64_t buf = args[0];
	size_t len = args[1];
	char chunk[CONSOLE_CHUNK];
	kern_return_t kr = KERN_SUCCESS;

	if (len > CONSOLE_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	if (len > 0 && !copyio_user_range_ok(buf, len))
		return KERN_INVALID_ADDRESS;
	console_lock();
	for (size_t done = 0; done < len && kr == KERN_SUCCESS;) {
		size_t n =
		    len - done < CONSOLE_CHUNK ? len - done : CONSOLE_CHUNK;
		kr = copyin(buf + done, chunk, n);
		for (size_t i = 0; kr == KERN_SUCCESS && i < n; i++)
			console_putc_locked(chunk[i]);
		done += n;
	}
	console_unlock();
	return kr;
}

/* task_exit(status): ends the calling task. */
uint64_t
debug_trap_task_exit(const uint64_t *args)
{
	struct task *task = current_task();
	int status = (int)args[0];

	if (status != 0)
		kprintf("kernel: task %s (id %d) exited with status %d\n",
			task->task_name, task->task_id, status);
	task_terminate(task);
	return KERN_FAILURE; /* not reached */
}

/* vm_allocate(&addr, size, flags): flags bit 0 = anywhere. */
uint64_t
debug_trap_vm_allocate(const uint64_t *args)
{
	uint64_t addr_ptr = args[0];
	vm_offset_t addr;
	kern_return_t kr = copyin(addr_ptr, &addr, sizeof(addr));

	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_allocate(current_task(), &addr, args[1], args[2] & 1);
	if (kr != KERN_SUCCESS)
		return kr;
	return copyout(&addr, addr_ptr, sizeof(addr));
}

/* vm_deallocate(addr, size): frees the calling task's memory there. */
uint64_t
debug_trap_vm_deallocate(const uint64_t *args)
{
	return vm_deallocate(current_task(), args[0], args[1]);
}

/*
 * thread_create(pc, sp, arg): a new thread in the calling task, running
 * pc(arg) on the stack below sp (16-byte aligned; the function must not
 * return), at the caller's priority.  Returns its id, or 0.
 */
uint64_t
debug_trap_thread_create(const uint64_t *args)
{
	uint64_t pc = args[0], sp = args[1];
	struct thread *thread;

	if (!copyio_user_range_ok(pc, 1) ||
	    !copyio_user_range_ok(sp - 16, 16) || (sp & 15) != 0)
		return 0;
	if (thread_create_user(current_task(), pc, sp - 8, args[2], &thread) !=
	    KERN_SUCCESS)
		return 0;
	int id = thread->th_id;
	thread->th_priority = current_thread()->th_priority;
	thread_start(thread);
	return id;
}

/* thread_exit(): ends the calling thread (the task, if it was its last). */
uint64_t
debug_trap_thread_exit(const uint64_t *args)
{
	(void)args;
	thread_terminate_self();
}

/* thread_priority(priority): sets the calling thread's priority. */
uint64_t
debug_trap_thread_priority(const uint64_t *args)
{
	int64_t priority = (int64_t)args[0];

	if (priority < MACH_PRIORITY_MIN || priority > MACH_PRIORITY_MAX)
		return KERN_INVALID_ARGUMENT;
	sched_set_priority(current_thread(), (int)priority);
	return KERN_SUCCESS;
}

/* kernel_stats(&stats, size): copies out up to size bytes of the stats. */
uint64_t
debug_trap_kernel_stats(const uint64_t *args)
{
	struct kernel_stats stats;
	size_t size = args[1];

	host_kernel_stats(&stats);
	if (size > sizeof(stats))
		size = sizeof(stats);
	return copyout(&stats, args[0], size);
}
