/*
 * Machine-dependent threads: the initial kernel stack of a new thread, the
 * context switch, and FPU/SSE state.
 *
 * A new thread's stack is laid out so that machine_switch_stack "returns"
 * into thread_start_user or thread_start_kernel (locore.S):
 *
 *	stack top ->	struct trap_frame	(user threads: entry state)
 *			return address		thread_start_user/kernel
 *			rbp rbx r12 r13 r14 r15	popped by the switch
 *	mt_rsp ->
 *
 * FPU state moves lazily: the CPU's registers hold the state of one
 * thread, cpu_fpu_owner.  Switching to a user thread sets CR0.TS (if it is
 * not set already), so that the thread's first FPU or SSE instruction
 * traps (#NM, machine_fpu_trap), which clears it and, unless the thread
 * is the owner, saves the owner's state and loads the thread's.  Threads
 * that use no FPU between two switches cost nothing, not even a CR0
 * write: TS stays set.  Kernel code never uses the FPU (-mno-sse).
 *
 * With the kernel argument fpu=eager (machine_fpu_eager; the L4 lesson
 * of lazy FPU switching, switched off to measure it) the state moves at
 * the switch instead: switching to a user thread whose state the
 * registers do not hold saves the holder's (fxsave) and loads the
 * thread's (fxrstor), whether or not either uses the FPU; TS stays
 * clear and #NM never comes.  A switch to a kernel thread (the idle
 * thread) and back moves nothing.  machine_fpu_traps and
 * machine_fpu_loads count #NM traps and states loaded, for the tests.
 *
 * A thread may also be switched to with a continuation (th_continuation,
 * set by the scheduler's user handoff): its kernel stack holds nothing,
 * and it starts afresh there, at thread_start_continuation.
 */
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/thread_status.h>
#include <machine/asm.h>
#include <machine/cpu_data.h>
#include <machine/io.h>
#include <machine/thread.h>
#include <machine/trap.h>
#include <machine/vm_param.h>

extern void thread_start_user(void);
extern void thread_start_kernel(void);
extern void thread_start_continuation(void);
extern struct thread *machine_switch_stack(uint64_t *save_rsp, uint64_t new_rsp,
					   struct thread *prev);

#define SWITCH_FRAME_WORDS 7 /* r15 r14 r13 r12 rbx rbp, return address */

int machine_fpu_eager;
static unsigned long machine_fpu_traps; /* #NM from user mode */
static unsigned long machine_fpu_loads; /* FPU states loaded (fxrstor) */

static uint64_t *
machine_thread_switch_frame(struct machine_thread *mt, uint64_t below,
			    void (*start)(void))
{
	uint64_t *frame = (uint64_t *)below - SWITCH_FRAME_WORDS;
	frame[0] = frame[1] = frame[2] = frame[3] = frame[4] = frame[5] = 0;
	frame[6] = (uint64_t)start;
	mt->mt_rsp = (uint64_t)frame;
	return frame;
}

static void
machine_thread_init_fpu(struct machine_thread *mt)
{
	memset(mt->mt_fpu, 0, sizeof(mt->mt_fpu));
	*(uint16_t *)&mt->mt_fpu[0] = 0x037f;  /* x87: all exceptions masked */
	*(uint32_t *)&mt->mt_fpu[24] = 0x1f80; /* MXCSR: all masked */
}

void
machine_thread_init_user(struct thread *thread, void *stack, uint64_t pc,
			 uint64_t sp, uint64_t arg)
{
	struct machine_thread *mt = &thread->th_machine;
	uint64_t top = (uint64_t)stack + KERNEL_STACK_SIZE;
	struct trap_frame *frame = (struct trap_frame *)top - 1;

	memset(frame, 0, sizeof(*frame));
	frame->tf_rip = pc;
	frame->tf_cs = USER_CS;
	frame->tf_rflags = 0x202; /* IF */
	frame->tf_rsp = sp;
	frame->tf_ss = USER_DS;
	frame->tf_rdi = arg;
	mt->mt_stack_top = top;
	mt->mt_user = 1;
	machine_thread_init_fpu(mt);
	machine_thread_switch_frame(mt, (uint64_t)frame, thread_start_user);
}

void
machine_thread_init_kernel(struct thread *thread, void *stack,
			   void (*function)(void *), void *arg)
{
	struct machine_thread *mt = &thread->th_machine;
	uint64_t top = (uint64_t)stack + KERNEL_STACK_SIZE;

	mt->mt_stack_top = top;
	mt->mt_user = 0;
	uint64_t *frame =
	    machine_thread_switch_frame(mt, top, thread_start_kernel);
	frame[3] = (uint64_t)function; /* r12 */
	frame[2] = (uint64_t)arg;      /* r13 */
}

struct thread *
machine_thread_switch(struct thread *prev, struct thread *next)
{
	struct machine_thread *new = &next->th_machine;

	if (next->th_continuation != NULL) {
		uint64_t *frame = machine_thread_switch_frame(
		    new, new->mt_stack_top - sizeof(struct trap_frame),
		    thread_start_continuation);
		frame[3] = (uint64_t)next->th_continuation; /* r12 */
		next->th_continuation = NULL;
	}
	machine_thread_load(new);
	return machine_switch_stack(&prev->th_machine.mt_rsp, new->mt_rsp,
				    prev);
}

/*
 * #NM from user mode: the thread uses the FPU for the first time since it
 * last ran; move the FPU state to it.
 */
/* Saves the FPU state of the thread the registers hold, if any, and
 * loads mt's. */
static void
machine_fpu_switch(struct cpu *cpu, struct machine_thread *mt)
{
	struct machine_thread *owner = cpu->cpu_fpu_owner;

	if (owner != NULL)
		__asm__ volatile("fxsave64 %0" : "=m"(owner->mt_fpu));
	__asm__ volatile("fxrstor64 %0" ::"m"(mt->mt_fpu));
	cpu->cpu_fpu_owner = mt;
	machine_fpu_loads++;
}

void
machine_fpu_trap(struct thread *thread)
{
	struct cpu *cpu = cpu_current();

	__asm__ volatile("clts");
	cpu->cpu_fpu_switch = CPU_FPU_LAZY;
	machine_fpu_traps++;
	if (cpu->cpu_fpu_owner != &thread->th_machine)
		machine_fpu_switch(cpu, &thread->th_machine);
}

void
machine_fpu_load_eager(struct machine_thread *mt)
{
	struct cpu *cpu = cpu_current();

	if (cpu->cpu_fpu_owner != mt)
		machine_fpu_switch(cpu, mt);
}

void
machine_fpu_statistics(unsigned long *traps, unsigned long *loads)
{
	*traps = machine_fpu_traps;
	*loads = machine_fpu_loads;
}

void
machine_thread_release(struct thread *thread)
{
	struct cpu *cpu = cpu_current();

	if (cpu->cpu_fpu_owner == &thread->th_machine)
		cpu->cpu_fpu_owner = NULL; /* its state goes with it */
}

void
machine_thread_set_tls(struct thread *thread, uint64_t base)
{
	thread->th_machine.mt_fs_base = base;
	wrmsr(MSR_FS_BASE, base);
	cpu_set(cpu_fs_base, base);
}

/* The flags a thread may set: CF PF AF ZF SF TF DF OF; IF stays on. */
#define USER_RFLAGS 0x0dd5ul

kern_return_t
machine_thread_get_state(struct thread *thread, int flavor, uint32_t *state,
			 uint32_t *count)
{
	struct trap_frame *f = machine_thread_user_frame(&thread->th_machine);
	struct x86_64_thread_state s;

	if (flavor == THREAD_STATE_X86_64_PC && thread->th_machine.mt_user &&
	    *count >= THREAD_STATE_X86_64_PC_COUNT) {
		struct x86_64_pc_state pc = {.rip = f->tf_rip,
					     .rsp = f->tf_rsp};
		memcpy(state, &pc, sizeof(pc));
		*count = THREAD_STATE_X86_64_PC_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor != THREAD_STATE_X86_64 || !thread->th_machine.mt_user ||
	    *count < THREAD_STATE_X86_64_COUNT)
		return KERN_INVALID_ARGUMENT;
	s = (struct x86_64_thread_state){.rax = f->tf_rax,
					 .rbx = f->tf_rbx,
					 .rcx = f->tf_rcx,
					 .rdx = f->tf_rdx,
					 .rdi = f->tf_rdi,
					 .rsi = f->tf_rsi,
					 .rbp = f->tf_rbp,
					 .rsp = f->tf_rsp,
					 .r8 = f->tf_r8,
					 .r9 = f->tf_r9,
					 .r10 = f->tf_r10,
					 .r11 = f->tf_r11,
					 .r12 = f->tf_r12,
					 .r13 = f->tf_r13,
					 .r14 = f->tf_r14,
					 .r15 = f->tf_r15,
					 .rip = f->tf_rip,
					 .rflags = f->tf_rflags,
					 .fs_base =
					     thread->th_machine.mt_fs_base};
	memcpy(state, &s, sizeof(s));
	*count = THREAD_STATE_X86_64_COUNT;
	return KERN_SUCCESS;
}

kern_return_t
machine_thread_set_state(struct thread *thread, int flavor,
			 const uint32_t *state, uint32_t count)
{
	struct trap_frame *f = machine_thread_user_frame(&thread->th_machine);
	struct x86_64_thread_state s;

	if (flavor == THREAD_STATE_X86_64_PC && thread->th_machine.mt_user &&
	    count >= THREAD_STATE_X86_64_PC_COUNT) {
		struct x86_64_pc_state pc;
		memcpy(&pc, state, sizeof(pc));
		f->tf_rip = pc.rip;
		f->tf_rsp = pc.rsp;
		return KERN_SUCCESS;
	}
	if (flavor != THREAD_STATE_X86_64 || !thread->th_machine.mt_user ||
	    count < THREAD_STATE_X86_64_COUNT)
		return KERN_INVALID_ARGUMENT;
	memcpy(&s, state, sizeof(s));
	if (s.fs_base >= USER_MAX_ADDRESS)
		return KERN_INVALID_ARGUMENT;
	f->tf_rax = s.rax, f->tf_rbx = s.rbx, f->tf_rcx = s.rcx;
	f->tf_rdx = s.rdx, f->tf_rdi = s.rdi, f->tf_rsi = s.rsi;
	f->tf_rbp = s.rbp, f->tf_rsp = s.rsp, f->tf_r8 = s.r8, f->tf_r9 = s.r9;
	f->tf_r10 = s.r10, f->tf_r11 = s.r11, f->tf_r12 = s.r12;
	f->tf_r13 = s.r13, f->tf_r14 = s.r14, f->tf_r15 = s.r15;
	f->tf_rip = s.rip;
	f->tf_rflags = (s.rflags & USER_RFLAGS) | RFLAGS_IF;
	if (thread == current_thread())
		machine_thread_set_tls(thread, s.fs_base);
	else
		thread->th_machine.mt_fs_base = s.fs_base;
	return KERN_SUCCESS;
}
