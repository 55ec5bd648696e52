/*
 * Trap stubs: one `syscall` per kernel trap (prototypes in
 * <mach/mach_traps.h>, numbers in <mach/traps.h>).
 *
 * The trap convention is the C one with r10 in place of rcx, because
 * `syscall` overwrites rcx (the return rip) and r11 (rflags).  Every
 * trap here takes at most three arguments (rdi, rsi, rdx).  The "memory"
 * clobber tells the compiler that the kernel may read or write anything
 * the arguments point at.
 */
#include <mach/mach_traps.h>

static inline long
trap(long number, long arg0, long arg1, long arg2)
{
	long result;

	__asm__ volatile("syscall"
			 : "=a"(result)
			 : "a"(number), "D"(arg0), "S"(arg1), "d"(arg2)
			 : "rcx", "r11", "memory");
	return result;
}

kern_return_t
mach_null_trap(void)
{
	return trap(MACH_TRAP_NULL, 0, 0, 0);
}

int
swtch_pri(int pri)
{
	return trap(MACH_TRAP_SWTCH_PRI, pri, 0, 0);
}

kern_return_t
debug_console_write(const char *buf, size_t len)
{
	return trap(DEBUG_TRAP_CONSOLE_WRITE, (long)buf, len, 0);
}

void
debug_task_exit(int status)
{
	trap(DEBUG_TRAP_TASK_EXIT, status, 0, 0);
	__builtin_unreachable();
}

kern_return_t
debug_vm_allocate(vm_address_t *addr, vm_size_t size, int flags)
{
	return trap(DEBUG_TRAP_VM_ALLOCATE, (long)addr, size, flags);
}

long
debug_thread_create(void (*pc)(void *), void *sp_top, void *arg)
{
	return trap(DEBUG_TRAP_THREAD_CREATE, (long)pc, (long)sp_top,
		    (long)arg);
}

void
debug_thread_exit(void)
{
	trap(DEBUG_TRAP_THREAD_EXIT, 0, 0, 0);
	__builtin_unreachable();
}

kern_return_t
debug_thread_priority(int priority)
{
	return trap(DEBUG_TRAP_THREAD_PRIORITY, priority, 0, 0);
}

kern_return_t
debug_kernel_stats(struct kernel_stats *out, size_t size)
{
	return trap(DEBUG_TRAP_KERNEL_STATS, (long)out, size, 0);
}
