/*
 * The processor: feature detection, the GDT and TSS, control registers,
 * the syscall MSRs, and the per-CPU data reached through GS.
 *
 * Entry points: cpu_bootstrap (once, early), cpu_set_kernel_stack (at
 * every context switch), machine_exit, machine_idle.
 *
 * The GDT holds kernel code/data, then user data before user code, the
 * order sysret requires (STAR's user base + 8 is SS, + 16 is CS).  The TSS
 * supplies the kernel stack for interrupts from user mode (rsp0) and a
 * separate stack for double faults (IST1).
 */
#include <kern/debug.h>
#include <kern/printf.h>
#include <machine/asm.h>
#include <machine/cpu_data.h>
#include <machine/io.h>
#include <machine/machine.h>
#include <machine/trap.h>
#include <stddef.h>

struct cpu_features cpu_features;
static struct cpu cpu0;

static uint64_t gdt[7];
static uint8_t double_fault_stack[4096] __attribute__((aligned(16)));

static_assert(offsetof(struct cpu, cpu_self) == CPU_SELF, "cpu layout");
static_assert(offsetof(struct cpu, cpu_tss.tss_rsp0) == CPU_KERNEL_RSP, "cpu");
static_assert(offsetof(struct cpu, cpu_user_rsp) == CPU_USER_RSP, "cpu");
static_assert(offsetof(struct trap_frame, tf_vector) == TF_VECTOR, "frame");
static_assert(offsetof(struct trap_frame, tf_rip) == TF_RIP, "frame");
static_assert(offsetof(struct trap_frame, tf_ss) == TF_SS, "frame");
static_assert(sizeof(struct trap_frame) == TF_SIZE, "frame size");

extern void syscall_entry(void);

static void
cpu_detect_features(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	cpu_features.cf_pcid = (c >> 17) & 1;
	cpu_features.cf_pge = (d >> 13) & 1;
	cpu_features.cf_fxsr = (d >> 24) & 1;
	cpuid(7, 0, &a, &b, &c, &d);
	cpu_features.cf_smep = (b >> 7) & 1;
	cpu_features.cf_invpcid = (b >> 10) & 1;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	cpu_features.cf_nx = (d >> 20) & 1;
	if (!cpu_features.cf_fxsr)
		panic("this CPU lacks fxsave/fxrstor");
}

static uint64_t
gdt_segment(int code, int user)
{
	uint64_t desc = 0x0000920000000000ul; /* present, data, writable */
	if (code)
		desc = 0x00209a0000000000ul; /* present, code, long mode */
	if (user)
		desc |= 3ul << 45;
	return desc;
}

static void
cpu_load_gdt(void)
{
	struct tss *tss = &cpu0.cpu_tss;
	uint64_t base = (uint64_t)tss;
	uint64_t limit = sizeof(*tss) - 1;

	gdt[0] = 0;
	gdt[KERNEL_CS >> 3] = gdt_segment(1, 0);
	gdt[KERNEL_DS >> 3] = gdt_segment(0, 0);
	gdt[USER_DS >> 3] = gdt_segment(0, 1);
	gdt[USER_CS >> 3] = gdt_segment(1, 1);
	gdt[TSS_SEL >> 3] = limit | ((base & 0xffffff) << 16) | (0x89ul << 40) |
			    ((base >> 24 & 0xff) << 56);
	gdt[(TSS_SEL >> 3) + 1] = base >> 32;

	tss->tss_ist[0] =
	    (uint64_t)double_fault_stack + sizeof(double_fault_stack);
	tss->tss_iomap_base = sizeof(*tss);

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) descriptor = {sizeof(gdt) - 1, (uint64_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(descriptor), "i"(KERNEL_CS), "i"(KERNEL_DS),
			   "r"((uint16_t)TSS_SEL)
			 : "rax", "memory");
}

static void
cpu_setup_control_registers(void)
{
	uint64_t cr0 = read_cr0();
	cr0 |= CR0_MP | CR0_WP;
	cr0 &= ~(uint64_t)(CR0_EM | CR0_TS);
	write_cr0(cr0);

	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (cpu_features.cf_pge)
		cr4 |= CR4_PGE;
	if (cpu_features.cf_smep)
		cr4 |= CR4_SMEP;
	write_cr4(cr4);
	__asm__ volatile("fninit");
}

static void
cpu_setup_syscall(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* sysret: CS = base + 16, SS = base + 8; syscall: CS, SS = base + 8 */
	wrmsr(MSR_STAR, ((uint64_t)(USER_DS - 8 - 3) << 48) |
			    ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/*
	 * Clear on entry what a user may set with popfq and the kernel must
	 * not run with: IF, DF, TF, AC, and NT, which would make the next
	 * iretq (perhaps another thread's, after a switch) a task return,
	 * a #GP in the kernel.  Interrupts and exceptions clear NT and TF
	 * themselves.
	 */
	wrmsr(MSR_FMASK,
	      RFLAGS_IF | RFLAGS_DF | RFLAGS_TF | RFLAGS_AC | RFLAGS_NT);
}

/*
 * Brings the boot processor to its working state: features, GDT/TSS,
 * control registers, GS-based per-CPU data, syscall MSRs.  Called once,
 * with interrupts disabled, before the IDT is loaded.
 */
void
cpu_bootstrap(void)
{
	cpu_detect_features();
	cpu_load_gdt();
	cpu_setup_control_registers();

	cpu0.cpu_self = &cpu0;
	cpu0.cpu_number = 0;
	wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	cpu_setup_syscall();
	kprintf("cpu: features%s%s%s%s\n", cpu_features.cf_nx ? " nx" : "",
		cpu_features.cf_pcid ? " pcid" : "",
		cpu_features.cf_smep ? " smep" : "",
		cpu_features.cf_pge ? " pge" : "");
}

#define QEMU_DEBUG_EXIT_PORT 0xf4

void
machine_exit(int code)
{
	__asm__ volatile("cli");
	outl(QEMU_DEBUG_EXIT_PORT, (uint32_t)code);
	for (;;)
		__asm__ volatile("hlt");
}

void
machine_idle(void)
{
	/* sti takes effect after hlt starts: no wake-up is lost. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
