/*
 * Code for the threads of victim tasks (task.c writes it into a page of
 * the victim), position independent.  A thread's registers come from
 * thread_set_state, so one blob makes many different calls:
 *
 *	trap-once	popfq from rbx, the trap numbered r12 with the
 *			arguments in rdi, rsi, rdx, r10, r8, r9, then ud2
 *	trap-loop	the same, forever (a receive loop, a yield loop)
 *	spin		jmp .
 *	int3, ud2, hlt, int $0x80, divide	one exception each (after
 *			int3 the thread goes round again if resumed)
 *	stack		pushes until the stack runs out
 */
#include "fuzz.h"

extern const unsigned char fz_blob_trap_once[], fz_blob_trap_loop[],
    fz_blob_spin[], fz_blob_int3[], fz_blob_ud2[], fz_blob_hlt[],
    fz_blob_int80[], fz_blob_divide[], fz_blob_stack[], fz_blob_end[];

__asm__(".section .rodata\n"
	".globl fz_blob_code\n"
	"fz_blob_code:\n"
	"fz_blob_trap_once:\n"
	"	pushq	%rbx\n"
	"	popfq\n"
	"	movq	%r12, %rax\n"
	"	syscall\n"
	"	ud2\n"
	"fz_blob_trap_loop:\n"
	"	pushq	%rbx\n"
	"	popfq\n"
	"	movq	%r12, %rax\n"
	"	syscall\n"
	"	jmp	fz_blob_trap_loop\n"
	"fz_blob_spin:\n"
	"	jmp	fz_blob_spin\n"
	"fz_blob_int3:\n"
	"	int3\n"
	"	jmp	fz_blob_int3\n"
	"fz_blob_ud2:\n"
	"	ud2\n"
	"fz_blob_hlt:\n"
	"	hlt\n"
	"	jmp	fz_blob_hlt\n"
	"fz_blob_int80:\n"
	"	int	$0x80\n"
	"	jmp	fz_blob_int80\n"
	"fz_blob_divide:\n"
	"	xorl	%ecx, %ecx\n"
	"	divl	%ecx\n"
	"	jmp	fz_blob_divide\n"
	"fz_blob_stack:\n"
	"	pushq	%rax\n"
	"	jmp	fz_blob_stack\n"
	"fz_blob_end:\n"
	".previous\n");

unsigned
fz_blob_bytes(void)
{
	return (unsigned)(fz_blob_end - fz_blob_code);
}

unsigned
fz_blob_offset(enum fz_blob blob)
{
	static const unsigned char *const starts[FZ_BLOB_COUNT] = {
	    [FZ_BLOB_TRAP_ONCE] = fz_blob_trap_once,
	    [FZ_BLOB_TRAP_LOOP] = fz_blob_trap_loop,
	    [FZ_BLOB_SPIN] = fz_blob_spin,
	    [FZ_BLOB_INT3] = fz_blob_int3,
	    [FZ_BLOB_UD2] = fz_blob_ud2,
	    [FZ_BLOB_HLT] = fz_blob_hlt,
	    [FZ_BLOB_INT80] = fz_blob_int80,
	    [FZ_BLOB_DIVIDE] = fz_blob_divide,
	    [FZ_BLOB_RECEIVE] = fz_blob_trap_loop,
	    [FZ_BLOB_STACK] = fz_blob_stack,
	};
	return (unsigned)(starts[blob] - fz_blob_code);
}
