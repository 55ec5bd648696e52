/*
 * crt0: where a native task starts.
 *
 * The kernel enters user mode at the ELF entry point with every register
 * zero and rsp (16-byte aligned) at the SysV initial stack:
 *
 *	rsp ->	argc
 *		argv[0] .. argv[argc - 1], NULL
 *		envp[0] .. , NULL		(empty for now)
 *		auxv pairs, ending with AT_NULL (0, 0)
 *
 * _start marks the outermost frame (rbp = 0, for debuggers and
 * backtraces) and hands the stack pointer to libmach_start (start.c),
 * which never returns.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	libmach_start
	ud2
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
