/*
 * fork_task: a child task that is a copy of this program (see fork.h).
 *
 * The child's thread starts in fork_trampoline with entry in rbx and
 * its argument in r12 (registers that mach_init keeps): it marks the
 * outermost frame, aligns the stack, calls mach_init, then entry(arg).
 */
#include "fork.h"

#include <elf.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define FORK_IMAGE_BASE 0x400000ul
#define FORK_PAGE	4096ul

extern char end[]; /* user.ld: the end of bss, where the heap starts */

void fork_trampoline(void);
__asm__(".text\n"
	".type fork_trampoline, @function\n"
	"fork_trampoline:\n"
	"	xorl	%ebp, %ebp\n"
	"	andq	$-16, %rsp\n"
	"	call	mach_init\n"
	"	movq	%r12, %rdi\n"
	"	call	*%rbx\n"
	"	ud2\n"
	".size fork_trampoline, . - fork_trampoline\n");

static vm_address_t
fork_round_page(vm_address_t x)
{
	return (x + FORK_PAGE - 1) & ~(FORK_PAGE - 1);
}

void
fork_image(vm_address_t *start, vm_address_t *stop)
{
	*start = FORK_IMAGE_BASE;
	*stop = fork_round_page((vm_address_t)sbrk(0));
}

/* Copies [start, stop) of this task into child with protection prot. */
static kern_return_t
fork_copy(mach_port_t child, vm_address_t start, vm_address_t stop,
	  vm_prot_t prot)
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

/* The program's segments and heap, copied into child. */
static kern_return_t
fork_copy_image(mach_port_t child)
{
	const Elf64_Ehdr *ehdr = (const Elf64_Ehdr *)FORK_IMAGE_BASE;
	const Elf64_Phdr *phdr =
	    (const Elf64_Phdr *)(FORK_IMAGE_BASE + ehdr->e_phoff);
	vm_address_t data_end = 0;
	kern_return_t kr = KERN_SUCCESS;

	for (unsigned i = 0; kr == KERN_SUCCESS && i < ehdr->e_phnum; i++) {
		if (phdr[i].p_type != PT_LOAD)
			continue;
		vm_address_t start = phdr[i].p_vaddr & ~(FORK_PAGE - 1);
		vm_address_t stop =
		    fork_round_page(phdr[i].p_vaddr + phdr[i].p_memsz);
		vm_prot_t prot =
		    ((phdr[i].p_flags & PF_R) ? VM_PROT_READ : 0) |
		    ((phdr[i].p_flags & PF_W) ? VM_PROT_WRITE : 0) |
		    ((phdr[i].p_flags & PF_X) ? VM_PROT_EXECUTE : 0);
		kr = fork_copy(child, start, stop, prot);
		if (stop > data_end)
			data_end = stop;
	}
	/* The heap, from the end of bss to the break. */
	vm_address_t heap = fork_round_page((vm_address_t)end);
	if (kr == KERN_SUCCESS && heap >= data_end)
		kr = fork_copy(child, heap,
			       fork_round_page((vm_address_t)sbrk(0)),
			       VM_PROT_DEFAULT);
	return kr;
}

kern_return_t
fork_task(mach_port_t *task, thread_t *thread, void (*entry)(void *), void *arg,
	  vm_address_t *stack)
{
	mach_port_t child = MACH_PORT_NULL, child_thread = MACH_PORT_NULL;
	struct x86_64_thread_state state;
	vm_address_t stack_base = 0;

	kern_return_t kr = task_create(mach_task_self(), FALSE, &child);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = fork_copy_image(child);
	if (kr == KERN_SUCCESS)
		kr = vm_allocate(child, &stack_base, FORK_STACK_SIZE, TRUE);
	if (kr == KERN_SUCCESS)
		kr = thread_create(child, &child_thread);
	if (kr == KERN_SUCCESS) {
		memset(&state, 0, sizeof(state));
		state.rip = (uint64_t)(uintptr_t)fork_trampoline;
		state.rsp = stack_base + FORK_STACK_SIZE;
		state.rbx = (uint64_t)(uintptr_t)entry;
		state.r12 = (uint64_t)(uintptr_t)arg;
		state.rflags = 0x202;
		kr = thread_set_state(child_thread, THREAD_STATE_X86_64,
				      (thread_state_t)&state,
				      THREAD_STATE_X86_64_COUNT);
	}
	if (kr != KERN_SUCCESS) {
		task_terminate(child);
		mach_port_deallocate(mach_task_self(), child);
		if (child_thread != MACH_PORT_NULL)
			mach_port_deallocate(mach_task_self(), child_thread);
		return kr;
	}
	*task = child;
	*thread = child_thread;
	*stack = stack_base;
	return KERN_SUCCESS;
}
