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
thread_switch(mach_port_t thread, int option, mach_msg_timeout_t time)
{
	return trap(MACH_TRAP_THREAD_SWITCH, thread, option, time);
}

kern_return_t
debug_console_write(const char *buf, size_t len)
{
	return trap(DEBUG_TRAP_CONSOLE_WRITE, (long)buf, len, 0);
}
