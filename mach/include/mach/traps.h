/*
 * Trap numbers: the kernel's entry points from user space.
 *
 * A trap is the `syscall` instruction with its number in rax and up to
 * six arguments in rdi, rsi, rdx, r10, r8, r9; the result comes back in
 * rax.  rcx and r11 are clobbered (the CPU uses them), every other
 * register is preserved.
 *
 * Mach traps are few: everything else is a message to a kernel port.
 * The DEBUG_* traps are temporary scaffolding that lets tasks run and be
 * tested before IPC exists; each one is retired when the message
 * interface that replaces it lands (see docs/traps.md).
 */
#ifndef MACH_TRAPS_H
#define MACH_TRAPS_H

#define MACH_TRAP_NULL	      0 /* does nothing; measures the trap path */
#define MACH_TRAP_MSG	      1 /* mach_msg (IPC issue) */
#define MACH_TRAP_REPLY_PORT  2 /* mach_reply_port (IPC issue) */
#define MACH_TRAP_TASK_SELF   3 /* mach_task_self (IPC issue) */
#define MACH_TRAP_THREAD_SELF 4 /* mach_thread_self (IPC issue) */
#define MACH_TRAP_HOST_SELF   5 /* mach_host_self (IPC issue) */
#define MACH_TRAP_SWTCH_PRI   6 /* give up the processor */
#define MACH_TRAP_SET_TLS     7 /* (base): the thread's %fs base */
#define MACH_TRAP_COUNT	      8

/* Temporary debug traps (see above). */
#define DEBUG_TRAP_BASE		   64
#define DEBUG_TRAP_CONSOLE_WRITE   64 /* (buf, len) -> kern_return_t */
#define DEBUG_TRAP_TASK_EXIT	   65 /* (status) -> does not return */
#define DEBUG_TRAP_VM_ALLOCATE	   66 /* (&addr, size) -> kern_return_t */
#define DEBUG_TRAP_THREAD_CREATE   67 /* (pc, sp, arg) -> thread id */
#define DEBUG_TRAP_THREAD_EXIT	   68 /* () -> does not return */
#define DEBUG_TRAP_THREAD_PRIORITY 69 /* (priority) -> kern_return_t */
#define DEBUG_TRAP_KERNEL_STATS	   70 /* (&stats, size) -> kern_return_t */
#define DEBUG_TRAP_VM_DEALLOCATE   71 /* (addr, size) -> kern_return_t */
#define DEBUG_TRAP_COUNT	   72

/* Thread priorities: higher runs first. */
#define MACH_PRIORITY_MIN     0
#define MACH_PRIORITY_DEFAULT 16
#define MACH_PRIORITY_MAX     31

/*
 * What DEBUG_TRAP_KERNEL_STATS copies out: the kernel's accounting, for
 * tests that check that nothing leaks.
 */
struct kernel_stats {
	unsigned long ks_pages_total;  /* physical pages managed */
	unsigned long ks_pages_free;   /* of which free */
	unsigned long ks_zone_bytes;   /* bytes held by all zones */
	unsigned long ks_zone_objects; /* objects allocated from zones */
	unsigned long ks_tasks;	       /* tasks alive */
	unsigned long ks_threads;      /* threads alive */
	unsigned long ks_context_switches;
	unsigned long ks_timer_ticks;
	unsigned long ks_tsc_per_tick;
	unsigned long ks_ipc_ports;  /* ports alive */
	unsigned long ks_ipc_psets;  /* port sets alive */
	unsigned long ks_ipc_kmsgs;  /* messages in the kernel */
	unsigned long ks_ipc_spaces; /* port name spaces */
	unsigned long ks_ipc_fastpath;
	    /* messages that took the fast path */ /* TSC cycles between timer ticks */
};

#endif /* MACH_TRAPS_H */
