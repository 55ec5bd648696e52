/*
 * Per-CPU data, reached through the GS base in the kernel.  One CPU for
 * now; the structure is per CPU so that SMP needs no change to its users.
 * Offsets of the first fields are used by the entry code (machine/asm.h).
 */
#ifndef MACHINE_CPU_DATA_H
#define MACHINE_CPU_DATA_H

#include <stdint.h>

/* The CPUs the kernel runs on (the register hot path, which relies on
 * one to take no lock, checks it: ipc/ipc_hotpath.c). */
#define CPU_COUNT_MAX 1

struct machine_thread;
struct pmap;
struct thread;

/*
 * The task-state segment: in 64-bit mode only the stacks the CPU takes
 * on an entry to the kernel (rsp0 from user mode, ist[0] for a double
 * fault) and where the I/O map would be.  Packed: rsp0 lies at byte 4.
 */
struct tss {
	uint32_t tss_reserved0;
	uint64_t tss_rsp0, tss_rsp1, tss_rsp2;
	uint64_t tss_reserved1;
	uint64_t tss_ist[7];
	uint64_t tss_reserved2;
	uint16_t tss_reserved3;
	uint16_t tss_iomap_base;
} __attribute__((packed));

struct cpu {
	struct cpu *cpu_self; /* CPU_SELF: for %gs:0 */
	/* The CPU's TSS, here so that its rsp0, the kernel stack of every
	 * entry from user mode and the syscall entry's (CPU_KERNEL_RSP), is
	 * one store away at a switch. */
	struct tss cpu_tss;
	uint64_t cpu_user_rsp;	   /* CPU_USER_RSP: scratch at syscall entry */
	struct thread *cpu_thread; /* the running thread */
	struct thread *cpu_idle_thread;
	volatile int cpu_need_resched; /* preempt at the next safe point */
	int cpu_number;
	uint64_t cpu_fs_base; /* the %fs base loaded */
	int cpu_fpu_switch;   /* CPU_FPU_*: how FPU state moves, and CR0.TS */
	struct machine_thread *cpu_fpu_owner; /* whose FPU state the
						 registers hold */
	struct pmap *cpu_pmap; /* the address space loaded (CR3) */
};

/* cpu_fpu_switch: lazy with CR0.TS clear (the FPU is the running
 * thread's) or set (the next FPU instruction traps), or eager (fpu=eager:
 * TS stays clear, the state moves at the switch; x86_64/thread.c). */
#define CPU_FPU_LAZY	 0
#define CPU_FPU_TRAPPING 1
#define CPU_FPU_EAGER	 2

static inline struct cpu *
cpu_current(void)
{
	struct cpu *cpu;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(cpu));
	return cpu;
}

/*
 * A field of this CPU's struct cpu, read or written through %gs in one
 * instruction (cpu_current()->field takes two).
 */
#define cpu_get(field) \
	({ \
		__typeof__(((struct cpu *)0)->field + 0) value_; \
		__asm__ volatile( \
		    "mov %%gs:%c1, %0" \
		    : "=r"(value_) \
		    : "i"(__builtin_offsetof(struct cpu, field))); \
		value_; \
	})
#define cpu_set(field, value) \
	({ \
		__typeof__(((struct cpu *)0)->field + 0) value_ = (value); \
		__asm__ volatile("mov %0, %%gs:%c1" ::"r"(value_), \
				 "i"(__builtin_offsetof(struct cpu, field)) \
				 : "memory"); \
	})

/* Feature flags found at boot (x86_64/cpu.c). */
struct cpu_features {
	int cf_nx;
	int cf_pcid;
	int cf_invpcid;
	int cf_smep;
	int cf_pge;
	int cf_fxsr;
};
extern struct cpu_features cpu_features;

void cpu_bootstrap(void);

/* Sets the stack the CPU switches to on entry from user mode (interrupts
 * and exceptions by the TSS, syscall by locore.S). */
static inline void
cpu_set_kernel_stack(uint64_t top)
{
	cpu_set(cpu_tss.tss_rsp0, top);
}

#endif /* MACHINE_CPU_DATA_H */
