/*
 * Traps: the IDT, and what happens on each exception, interrupt and
 * syscall once the entry code (locore.S) has saved a trap frame.
 *
 * Entry points: trap_bootstrap (load the IDT), trap_dispatch (exceptions
 * and interrupts), syscall_dispatch (the syscall instruction).
 *
 * A page fault on a user address, in user mode or in the kernel's
 * copy_user, goes to the VM first (vm_fault), which maps the page if the
 * task's map allows the access; the access is then retried.  Otherwise
 * a fault in user mode becomes an exception message (kern/exception.c),
 * and one in copy_user is a bad user pointer: it resumes at
 * copy_user_fault, which returns an error.  Any other kernel exception is a bug: it prints the
 * registers and a backtrace and stops the machine.  A fault in the guard
 * below a kernel stack (the checking kernel's, kern/stack.c) is reported
 * as a kernel stack overflow; it usually arrives as a double fault, since
 * the CPU cannot push the page fault's frame on the full stack either
 * (the double fault has its own stack, IST1).
 */
#include <kern/console.h>
#include <kern/console_device.h>
#include <kern/debug.h>
#include <kern/exception.h>
#include <kern/ksyms.h>
#include <kern/printf.h>
#include <kern/sched.h>
#include <kern/stack.h>
#include <kern/syscall_sw.h>
#include <kern/task.h>
#include <kern/wait.h>
#include <machine/asm.h>
#include <machine/cpu_data.h>
#include <machine/io.h>
#include <machine/lapic.h>
#include <machine/machine.h>
#include <machine/thread.h>
#include <machine/trap.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>

struct idt_gate {
	uint16_t ig_offset_low;
	uint16_t ig_selector;
	uint8_t ig_ist;
	uint8_t ig_type; /* present, DPL, 64-bit interrupt gate */
	uint16_t ig_offset_mid;
	uint32_t ig_offset_high;
	uint32_t ig_reserved;
};

static struct idt_gate idt[256] __attribute__((aligned(16)));
extern char interrupt_stubs[];
extern char copy_user_begin[], copy_user_end[], copy_user_fault[];

static const char *const exception_names[32] = {"divide error",
						"debug",
						"NMI",
						"breakpoint",
						"overflow",
						"bound range exceeded",
						"invalid opcode",
						"device not available",
						"double fault",
						"coprocessor segment overrun",
						"invalid TSS",
						"segment not present",
						"stack fault",
						"general protection fault",
						"page fault",
						"reserved",
						"x87 floating-point error",
						"alignment check",
						"machine check",
						"SIMD floating-point error",
						"virtualization exception",
						"control protection exception"};

const char *
trap_name(uint64_t vector)
{
	if (vector < 32 && exception_names[vector] != NULL)
		return exception_names[vector];
	if (vector == VECTOR_SYSCALL)
		return "syscall";
	return "interrupt";
}

static void
idt_set_gate(int vector, int ist, int user_callable)
{
	uint64_t handler = (uint64_t)interrupt_stubs + 16 * vector;
	struct idt_gate *gate = &idt[vector];

	gate->ig_offset_low = handler & 0xffff;
	gate->ig_selector = KERNEL_CS;
	gate->ig_ist = ist;
	gate->ig_type = 0x8e | (user_callable ? 0x60 : 0);
	gate->ig_offset_mid = (handler >> 16) & 0xffff;
	gate->ig_offset_high = handler >> 32;
	gate->ig_reserved = 0;
}

/* Fills and loads the IDT.  Interrupts stay disabled. */
void
trap_bootstrap(void)
{
	for (int vector = 0; vector < 256; vector++)
		idt_set_gate(vector, vector == T_DOUBLE_FAULT ? 1 : 0,
			     vector == T_BREAKPOINT);

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) descriptor = {sizeof(idt) - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" ::"m"(descriptor));
}

void
trap_print_frame(const struct trap_frame *f)
{
	kprintf("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->tf_rax,
		f->tf_rbx, f->tf_rcx, f->tf_rdx);
	kprintf("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", f->tf_rsi,
		f->tf_rdi, f->tf_rbp, f->tf_rsp);
	kprintf("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", f->tf_r8,
		f->tf_r9, f->tf_r10, f->tf_r11);
	kprintf("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", f->tf_r12,
		f->tf_r13, f->tf_r14, f->tf_r15);
	kprintf("  rip %016lx cs %lx rflags %lx ss %lx error %lx cr2 %016lx "
		"cr3 %016lx\n",
		f->tf_rip, f->tf_cs, f->tf_rflags, f->tf_ss, f->tf_error,
		read_cr2(), read_cr3());
}

/* Whether a kernel page or double fault is a kernel stack overflow: its
 * address, or the stack pointer, lies in a stack's guard. */
static int
trap_is_stack_overflow(const struct trap_frame *frame)
{
	if (frame->tf_vector != T_PAGE_FAULT &&
	    frame->tf_vector != T_DOUBLE_FAULT)
		return 0;
	return stack_guard_contains(read_cr2()) ||
	       stack_guard_contains(frame->tf_rsp);
}

static void __attribute__((noreturn))
trap_kernel_fault(struct trap_frame *frame)
{
	panic_begin();
	if (trap_is_stack_overflow(frame))
		kprintf("panic: kernel stack overflow (%s, vector %lu, "
			"address %#lx) at ",
			trap_name(frame->tf_vector), frame->tf_vector,
			read_cr2());
	else
		kprintf("panic: kernel %s (vector %lu) at ",
			trap_name(frame->tf_vector), frame->tf_vector);
	ksyms_print(frame->tf_rip);
	kprintf("\n");
	trap_print_frame(frame);
	machine_backtrace(frame->tf_rbp);
	machine_exit(1);
}

/* The access a page fault was for (VM_PROT_*). */
static vm_prot_t
trap_page_fault_access(const struct trap_frame *frame)
{
	if (frame->tf_error & PF_WRITE)
		return VM_PROT_WRITE;
	if (frame->tf_error & PF_INSTRUCTION)
		return VM_PROT_EXECUTE;
	return VM_PROT_READ;
}

/*
 * Resolves a page fault on a user address in the current task's map
 * (vm_fault): KERN_SUCCESS if the access can now be retried, else why
 * not.
 */
static kern_return_t
trap_page_fault_resolve(const struct trap_frame *frame)
{
	uint64_t address = read_cr2();

	if (address < USER_MIN_ADDRESS || address >= USER_MAX_ADDRESS)
		return (frame->tf_error & PF_PRESENT) ? KERN_PROTECTION_FAILURE
						      : KERN_INVALID_ADDRESS;
	return vm_fault(current_task()->task_map, address,
			trap_page_fault_access(frame));
}

/* How long a fault that found no free page waits before it is retried
 * (Mach waits for pageout to free some). */
#define TRAP_PAGE_WAIT_MS 10

/* Describes a user fault for the console, e.g. "page fault at 0x0 (read,
 * not present), rip 0x401000". */
static void
trap_describe_user_fault(const struct trap_frame *frame, kern_return_t kr,
			 char *buf, size_t size)
{
	if (frame->tf_vector == T_PAGE_FAULT) {
		uint64_t error = frame->tf_error;
		const char *access = (error & PF_INSTRUCTION) ? "execute"
				     : (error & PF_WRITE)     ? "write"
							      : "read";
		ksnprintf(buf, size, "page fault at 0x%lx (%s, %s), rip 0x%lx",
			  read_cr2(), access,
			  kr == KERN_PROTECTION_FAILURE ? "protection"
							: "not present",
			  frame->tf_rip);
		return;
	}
	ksnprintf(buf, size, "%s at rip 0x%lx", trap_name(frame->tf_vector),
		  frame->tf_rip);
}

/* A user fault becomes an exception message (kern/exception.c); kr is
 * what the VM said of a page fault. */
static void
trap_user_exception(struct trap_frame *frame, kern_return_t kr)
{
	char reason[128];
	uint64_t vector = frame->tf_vector;
	exception_type_t exception = EXC_BAD_INSTRUCTION;
	int64_t code = vector, subcode = frame->tf_rip;

	trap_describe_user_fault(frame, kr, reason, sizeof(reason));
	if (vector == T_PAGE_FAULT) {
		exception = EXC_BAD_ACCESS;
		code = kr;
		subcode = read_cr2();
	} else if (vector == T_DIVIDE_ERROR || vector == T_FPU_ERROR ||
		   vector == T_SIMD_ERROR) {
		exception = EXC_ARITHMETIC;
	} else if (vector == T_BREAKPOINT || vector == T_DEBUG) {
		exception = EXC_BREAKPOINT;
	}
	exception_deliver(exception, code, subcode, reason);
}

static void
trap_exception(struct trap_frame *frame)
{
	if (frame->tf_vector == T_NO_FPU && trap_frame_from_user(frame)) {
		machine_fpu_trap(current_thread());
		return;
	}
	kern_return_t kr = KERN_SUCCESS;
	if (frame->tf_vector == T_PAGE_FAULT &&
	    (trap_frame_from_user(frame) ||
	     (frame->tf_rip >= (uint64_t)copy_user_begin &&
	      frame->tf_rip < (uint64_t)copy_user_end))) {
		kr = trap_page_fault_resolve(frame);
		if (kr == KERN_SUCCESS)
			return; /* the access is retried */
		/* No free page: wait for one, then retry (a user thread to
		 * be ended ends on its way out; a copy is then refused). */
		if (kr == KERN_RESOURCE_SHORTAGE &&
		    (wait_sleep(NULL, NULL, WAIT_INTERRUPTIBLE,
				TRAP_PAGE_WAIT_MS,
				NULL) != THREAD_INTERRUPTED ||
		     trap_frame_from_user(frame)))
			return;
	}
	if (trap_frame_from_user(frame)) {
		trap_user_exception(frame, kr);
		return;
	}
	if (frame->tf_vector == T_PAGE_FAULT &&
	    frame->tf_rip >= (uint64_t)copy_user_begin &&
	    frame->tf_rip < (uint64_t)copy_user_end) {
		frame->tf_rip = (uint64_t)copy_user_fault;
		return;
	}
	trap_kernel_fault(frame);
}

/*
 * Called by trap_return (locore.S) for a return to user mode at a
 * non-canonical rip: the thread takes the general-protection fault it
 * would take in user mode, at that rip.
 */
void
trap_bad_user_return(struct trap_frame *frame)
{
	frame->tf_vector = T_GENERAL_PROTECTION;
	frame->tf_error = 0;
	trap_user_exception(frame, KERN_SUCCESS);
	sched_ast_check();
}

/* Called by locore.S for every exception and interrupt. */
void
trap_dispatch(struct trap_frame *frame)
{
	uint64_t vector = frame->tf_vector;

	if (vector < 32)
		trap_exception(frame);
	else if (vector == T_TIMER) {
		lapic_eoi();
		sched_clock_tick(trap_frame_from_user(frame));
		console_device_tick();
	} else if (vector != T_SPURIOUS)
		lapic_eoi();

	if (trap_frame_from_user(frame))
		sched_ast_check();
}

/* Called by locore.S for the syscall instruction, interrupts enabled. */
void
syscall_dispatch(struct trap_frame *frame)
{
	uint64_t args[MACH_TRAP_MAX_ARGS] = {frame->tf_rdi, frame->tf_rsi,
					     frame->tf_rdx, frame->tf_r10,
					     frame->tf_r8,  frame->tf_r9};

	frame->tf_rax = mach_trap_dispatch(frame->tf_rax, args);
	__asm__ volatile("cli");
	if (sched_ast_pending(current_thread()))
		sched_ast_check();
}
