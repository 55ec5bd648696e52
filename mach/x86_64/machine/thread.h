/*
 * The machine-dependent part of a thread: its kernel stack pointer while
 * switched out, and its FPU/SSE registers.
 */
#ifndef MACHINE_THREAD_H
#define MACHINE_THREAD_H

#include <mach/kern_return.h>
#include <machine/asm.h>
#include <machine/cpu_data.h>
#include <machine/io.h>
#include <machine/trap.h>
#include <stdint.h>

#define KERNEL_STACK_ORDER 2 /* 16 KiB kernel stacks */
#define KERNEL_STACK_SIZE  (4096ul << KERNEL_STACK_ORDER)

struct thread;
struct trap_frame;

/* Kernel code a user thread runs, on a stack that holds nothing else,
 * before it returns to user mode with the registers in frame. */
typedef void (*thread_continuation_t)(struct trap_frame *frame);

struct machine_thread {
	uint8_t mt_fpu[512] __attribute__((aligned(16))); /* fxsave area */
	uint64_t mt_rsp;       /* saved kernel rsp while not running */
	uint64_t mt_stack_top; /* top of the kernel stack */
	int mt_user;	       /* has user state (and FPU state to keep) */
	uint64_t mt_fs_base;   /* user %fs base: thread-local storage */
};

/* The FPU-unavailable trap (#NM) of a user thread: give it the FPU. */
void machine_fpu_trap(struct thread *thread);

/*
 * Eager FPU switching (kernel argument fpu=eager, x86_64/thread.c):
 * every switch to a user thread whose state the FPU does not hold saves
 * the holder's and loads the thread's, and CR0.TS is never set.  Set at
 * boot, before the CPU starts (cpu_fpu_switch is then CPU_FPU_EAGER).
 */
extern int machine_fpu_eager;
void machine_fpu_load_eager(struct machine_thread *mt);

/* A thread is being freed: forget its machine state. */
void machine_thread_release(struct thread *thread);

/* Sets the running thread's %fs base (a user address). */
void machine_thread_set_tls(struct thread *thread, uint64_t base);

/* Prepares a new user thread to enter user mode at pc with rsp = sp and
 * rdi = arg, on the kernel stack [stack, stack + KERNEL_STACK_SIZE). */
void machine_thread_init_user(struct thread *thread, void *stack, uint64_t pc,
			      uint64_t sp, uint64_t arg);

/* Prepares a new kernel thread to run function(arg). */
void machine_thread_init_kernel(struct thread *thread, void *stack,
				void (*function)(void *), void *arg);

/*
 * Switches from prev (the running thread) to next.  Returns, when prev
 * runs again, the thread that was running just before it.  Interrupts
 * are disabled on entry and on return.
 */
struct thread *machine_thread_switch(struct thread *prev, struct thread *next);

/* thread_get/set_state: the user registers of a thread that is not
 * running user code.  KERN_INVALID_ARGUMENT for an unknown flavor or a
 * count too small. */
kern_return_t machine_thread_get_state(struct thread *thread, int flavor,
				       uint32_t *state, uint32_t *count);
kern_return_t machine_thread_set_state(struct thread *thread, int flavor,
				       const uint32_t *state, uint32_t count);

/* The user registers of a user thread (the top of its kernel stack). */
static inline struct trap_frame *
machine_thread_user_frame(const struct machine_thread *mt)
{
	return (struct trap_frame *)mt->mt_stack_top - 1;
}

/* Whether sysret can return to the thread's user state (a user thread's;
 * trap_frame_light_return_ok). */
static inline int
machine_thread_light_return_ok(const struct machine_thread *mt)
{
	return !mt->mt_user ||
	       trap_frame_light_return_ok(machine_thread_user_frame(mt));
}

/*
 * Makes the CPU's machine state that of the thread switching in: sets
 * CR0.TS for a user thread (x86_64/thread.c: lazy FPU; with fpu=eager,
 * loads its FPU state instead), loads its %fs
 * base and its kernel stack.  Returns its user registers.  Always
 * inline: it is part of the IPC fast path's switch (in both its doors).
 * machine_thread_load_user is the same for a thread known to be a user
 * thread (the register hot path's receiver).
 */
static inline __attribute__((always_inline)) struct trap_frame *
machine_thread_load_user(struct machine_thread *mt)
{
	/* One test for the common case, lazy with TS set already. */
	int fpu = cpu_get(cpu_fpu_switch);
	if (fpu != CPU_FPU_TRAPPING) {
		if (__builtin_expect(fpu == CPU_FPU_EAGER, 0)) {
			machine_fpu_load_eager(mt);
		} else {
			write_cr0(read_cr0() | CR0_TS);
			cpu_set(cpu_fpu_switch, CPU_FPU_TRAPPING);
		}
	}
	if (mt->mt_fs_base != cpu_get(cpu_fs_base)) {
		wrmsr(MSR_FS_BASE, mt->mt_fs_base);
		cpu_set(cpu_fs_base, mt->mt_fs_base);
	}
	uint64_t top = mt->mt_stack_top; /* read once: cpu_set is a barrier */
	cpu_set_kernel_stack(top);
	return (struct trap_frame *)top - 1;
}

static inline __attribute__((always_inline)) struct trap_frame *
machine_thread_load(struct machine_thread *mt)
{
	if (mt->mt_user)
		return machine_thread_load_user(mt);
	cpu_set_kernel_stack(mt->mt_stack_top);
	return machine_thread_user_frame(mt);
}

/*
 * The end of the scheduler's user handoff (kern/sched.h,
 * sched_handoff_user): goes on on the stack whose trap frame is frame
 * (the running thread's), runs continuation(frame) there unless it is
 * NULL, and returns from the trap to user mode.  Does not return.
 */
void machine_thread_return_user(struct trap_frame *frame,
				thread_continuation_t continuation)
    __attribute__((noreturn));

/*
 * The light exit of the register trap's fast path (ipc/ipc_fastpath.c,
 * lightentry): as machine_thread_return_user without a continuation,
 * but the data words of the register message (MR4..MR10) go from the
 * sender's trap frame, from, straight into the registers, those past
 * data_bytes zeroed, instead of through frame; the rest of the user
 * registers come from frame, which sysret must be able to return to
 * (trap_frame_light_return_ok).  Does not return.
 */
void machine_thread_return_regs(struct trap_frame *frame, uint64_t data_bytes,
				const struct trap_frame *from)
    __attribute__((noreturn));

/*
 * The register hot path's exit (ipc/ipc_hotpath.c) for a message without
 * data words: as machine_thread_return_regs, but MR0..MR3 are given
 * (mr0..mr3), not taken from frame, and the data words are all zero.
 * The rest of the user registers come from frame, which sysret must be
 * able to return to.  Does not return.
 */
void machine_thread_return_null(uint64_t mr0, uint64_t mr1, uint64_t mr2,
				uint64_t mr3, struct trap_frame *frame)
    __attribute__((noreturn));

#endif /* MACHINE_THREAD_H */
