/*
 * The entry point of bench_gnumach and GNU Mach's traps, for a 32-bit
 * task (gnumach.h).
 *
 * GNU Mach starts a boot module's task at _start with %esp at argc, then
 * the argv pointers, a null, the environment's, a null.  A trap is a far
 * call through the call gate at selector 7 (an LDT entry, user
 * privilege) with the trap's number, negative, in %eax; the kernel reads
 * the arguments from the user stack above the return address, where a
 * C call to the stub leaves them, and returns the result in %eax.
 */
	.text

	.globl	_start
_start:
	movl	%esp, %eax
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%eax
	call	gnumach_bench_main
1:	hlt			/* not reached: main ends the system */
	jmp	1b

#define TRAP(name, number)	\
	.globl	name;		\
	.type	name, @function; \
name:				\
	movl	$number, %eax;	\
	lcall	$7, $0;		\
	ret

TRAP(gm_mach_msg_trap, -25)
TRAP(gm_mach_reply_port, -26)
TRAP(gm_mach_task_self, -28)
TRAP(gm_task_create, -68)
TRAP(gm_task_terminate, -69)
TRAP(gm_mach_port_deallocate, -73)
TRAP(gm_mach_port_insert_right, -74)

/* A new thread's first instructions (gm_thread_start): the function in
 * %ebx, its one argument in %eax; it never returns. */
	.globl	gm_thread_entry
gm_thread_entry:
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%eax
	call	*%ebx
2:	jmp	2b

	.section .note.GNU-stack, "", @progbits
