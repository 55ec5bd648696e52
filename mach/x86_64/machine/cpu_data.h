/*
 * Per-CPU data, reached through the GS base in the kernel.  One CPU for
 * now; the structure is per CPU so that SMP needs no change to its users.
 * Offsets of the first fields are used by the entry code (machine/asm.h).
 */
#ifndef MACHINE_CPU_DATA_H
#define MACHINE_CPU_DATA_H

#include <stdint.h>

struct thread;

struct cpu {
	struct cpu *cpu_self;	   /* CPU_SELF: for %gs:0 */
	uint64_t cpu_kernel_rsp;   /* CPU_KERNEL_RSP: syscall entry stack */
	uint64_t cpu_user_rsp;	   /* CPU_USER_RSP: scratch at syscall entry */
	struct thread *cpu_thread; /* the running thread */
	struct thread *cpu_idle_thread;
	volatile int cpu_need_resched; /* preempt at the next safe point */
	int cpu_number;
};

static inline struct cpu *
cpu_current(void)
{
	struct cpu *cpu;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(cpu));
	return cpu;
}

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
void cpu_set_kernel_stack(uint64_t top);

#endif /* MACHINE_CPU_DATA_H */
