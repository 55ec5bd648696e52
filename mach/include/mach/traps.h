/*
 * Trap numbers: the kernel's entry points from user space.
 *
 * A trap is the `syscall` instruction with its number in rax and up to
 * six arguments in rdi, rsi, rdx, r10, r8, r9; the result comes back in
 * rax.  rcx and r11 are clobbered (the CPU uses them), every other
 * register is preserved.
 *
 * Mach traps are few: everything else is a message to a kernel port.
 */
#ifndef MACH_TRAPS_H
#define MACH_TRAPS_H

#define MACH_TRAP_NULL		0 /* does nothing; measures the trap path */
#define MACH_TRAP_MSG		1 /* mach_msg (IPC issue) */
#define MACH_TRAP_REPLY_PORT	2 /* mach_reply_port (IPC issue) */
#define MACH_TRAP_TASK_SELF	3 /* mach_task_self (IPC issue) */
#define MACH_TRAP_THREAD_SELF	4 /* mach_thread_self (IPC issue) */
#define MACH_TRAP_HOST_SELF	5 /* mach_host_self (IPC issue) */
#define MACH_TRAP_SWTCH_PRI	6 /* give up the processor */
#define MACH_TRAP_SET_TLS	7 /* (base): the thread's %fs base */
#define MACH_TRAP_THREAD_SWITCH 8 /* (thread, option, time) */
#define MACH_TRAP_MSG_REGS	9 /* a message in registers: mach/msg_regs.h */
#define MACH_TRAP_COUNT		10

/* thread_switch's options. */
#define SWITCH_OPTION_NONE    0 /* give up the processor */
#define SWITCH_OPTION_DEPRESS 1 /* (not supported) */
#define SWITCH_OPTION_WAIT    2 /* wait for time milliseconds */

/*
 * The kernel console: the one debug trap left, the output device every
 * task (and the test harness) can use from its first instruction, until
 * a console server exists.
 */
#define DEBUG_TRAP_BASE		 64
#define DEBUG_TRAP_CONSOLE_WRITE 64 /* (buf, len) -> kern_return_t */
#define DEBUG_TRAP_COUNT	 65

/* Thread priorities: higher runs first. */
#define MACH_PRIORITY_MIN     0
#define MACH_PRIORITY_DEFAULT 16
#define MACH_PRIORITY_MAX     31

#endif /* MACH_TRAPS_H */
