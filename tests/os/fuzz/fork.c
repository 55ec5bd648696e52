/*
 * fz_fork: a new task that is a copy of this program, started in a
 * function of it (the supervisor's worker for each batch).
 *
 * task_create cannot give a child the parent's memory yet, so the copy
 * is made by hand: every PT_LOAD segment of the program (found through
 * its own ELF headers, which the text segment maps at 0x400000) and the
 * heap are allocated in the child at the same addresses, written with
 * vm_write and given their protections.  The child gets a fresh stack,
 * one thread started in entry(arg), and two names: its own task port
 * under the name this task uses for its own (libmach caches that name),
 * and a send right to report under FZ_REPORT_NAME.
 *
 * The copy is a snapshot of this task's data: entry finds in it
 * whatever this task wrote before calling fz_fork (the batch to run).
 */
#include "fuzz.h"

#include <elf.h>
#include <mach/mach_port.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <string.h>
#include <unistd.h>

#define FZ_IMAGE_BASE	0x400000ul
#define FZ_WORKER_STACK (256 * 1024)

extern char end[]; /* user.ld: the end of bss, where the heap starts */

void fz_fork_trampoline(void);
__asm__(".text\n"
	"fz_fork_trampoline:\n"
	"	xorl	%ebp, %ebp\n"
	"	andq	$-16, %rsp\n"
	"	call	*%rsi\n"
	"	ud2\n");

static uint64_t
fz_round_page(uint64_t x)
{
	return (x + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
}

/* Copies [start, end) of this task into child with protection prot. */
static kern_return_t
fz_fork_copy(mach_port_t child, uint64_t start, uint64_t stop, vm_prot_t prot)
{
	vm_address_t addr = start;
	vm_size_t size = stop - start;

	if (size == 0)
		return KERN_SUCCESS;
	kern_return_t kr = vm_allocate(child, &addr, size, FALSE);
	if (kr == KERN_SUCCESS)
		kr = vm_write(child, addr, (vm_offset_t)start,
			      (mach_msg_type_number_t)size);
	if (kr == KERN_SUCCESS && prot != VM_PROT_DEFAULT)
		kr = vm_protect(child, addr, size, FALSE, prot);
	return kr;
}

void
fz_fork_image(uint64_t *start, uint64_t *stop)
{
	*start = FZ_IMAGE_BASE;
	*stop = fz_round_page((uint64_t)sbrk(0));
}

kern_return_t
fz_fork(mach_port_t *task, void (*entry)(void *), void *arg, mach_port_t report,
	uint64_t *stack)
{
	const Elf64_Ehdr *ehdr = (const Elf64_Ehdr *)FZ_IMAGE_BASE;
	const Elf64_Phdr *phdr =
	    (const Elf64_Phdr *)(FZ_IMAGE_BASE + ehdr->e_phoff);
	mach_port_t child = MACH_PORT_NULL, thread = MACH_PORT_NULL;
	struct x86_64_thread_state state;
	uint64_t data_end = 0;

	kern_return_t kr = task_create(mach_task_self(), FALSE, &child);
	if (kr != KERN_SUCCESS)
		return kr;
	for (unsigned i = 0; kr == KERN_SUCCESS && i < ehdr->e_phnum; i++) {
		if (phdr[i].p_type != PT_LOAD)
			continue;
		uint64_t start = phdr[i].p_vaddr & ~(FZ_PAGE - 1);
		uint64_t stop =
		    fz_round_page(phdr[i].p_vaddr + phdr[i].p_memsz);
		vm_prot_t prot =
		    ((phdr[i].p_flags & PF_R) ? VM_PROT_READ : 0) |
		    ((phdr[i].p_flags & PF_W) ? VM_PROT_WRITE : 0) |
		    ((phdr[i].p_flags & PF_X) ? VM_PROT_EXECUTE : 0);
		kr = fz_fork_copy(child, start, stop, prot);
		if (stop > data_end)
			data_end = stop;
	}
	/* The heap, from the end of bss to the break. */
	uint64_t heap = fz_round_page((uint64_t)end);
	if (kr == KERN_SUCCESS && heap >= data_end)
		kr = fz_fork_copy(child, heap, fz_round_page((uint64_t)sbrk(0)),
				  VM_PROT_DEFAULT);
	vm_address_t stack_base = 0;
	if (kr == KERN_SUCCESS)
		kr = vm_allocate(child, &stack_base, FZ_WORKER_STACK, TRUE);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(child, mach_task_self(), child,
					    MACH_MSG_TYPE_COPY_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(child, FZ_REPORT_NAME, report,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = thread_create(child, &thread);
	if (kr == KERN_SUCCESS) {
		memset(&state, 0, sizeof(state));
		state.rip = (uint64_t)fz_fork_trampoline;
		state.rsp = stack_base + FZ_WORKER_STACK;
		state.rdi = (uint64_t)arg;
		state.rsi = (uint64_t)entry;
		state.rflags = 0x202;
		kr = thread_set_state(thread, THREAD_STATE_X86_64,
				      (thread_state_t)&state,
				      THREAD_STATE_X86_64_COUNT);
	}
	if (kr == KERN_SUCCESS)
		kr = thread_resume(thread);
	if (thread != MACH_PORT_NULL)
		mach_port_deallocate(mach_task_self(), thread);
	if (kr != KERN_SUCCESS) {
		task_terminate(child);
		mach_port_deallocate(mach_task_self(), child);
		return kr;
	}
	stack[0] = stack_base;
	stack[1] = stack_base + FZ_WORKER_STACK;
	*task = child;
	return KERN_SUCCESS;
}
