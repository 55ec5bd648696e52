/*
 * Kernel entry and exit: interrupt and exception stubs, the syscall entry,
 * the return to user mode, the context switch, the first instructions of a
 * new thread, and the fault-tolerant user copy.
 *
 * Every entry builds a struct trap_frame (machine/trap.h) on the kernel
 * stack and calls C with a pointer to it.  GS holds the per-CPU data in
 * the kernel and the user's GS base in user mode: entries from user mode
 * and exits to it swap them (swapgs).
 */
#include <mach/traps.h>
#include <machine/asm.h>

.macro PUSH_REGS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro POP_REGS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm

	.text

/*
 * 256 stubs, 16 bytes apart: push a zero error code where the CPU pushes
 * none, push the vector, go to the common entry.
 */
	.align 16
	.globl interrupt_stubs
interrupt_stubs:
	.set vector, 0
	.rept 256
	.align 16
	.if (vector == 8) || (vector == 10) || (vector == 11) || (vector == 12) || (vector == 13) || (vector == 14) || (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30)
	.else
	pushq	$0
	.endif
	pushq	$vector
	jmp	interrupt_common
	.set vector, vector + 1
	.endr

interrupt_common:
	testb	$3, 24(%rsp)		/* cs: from user mode? */
	jz	1f
	swapgs
1:	PUSH_REGS
	cld
	movq	%rsp, %rdi
	call	trap_dispatch
	movq	%rsp, %rdi
	/* fall through */

/* void trap_return(struct trap_frame *frame): leave through iretq. */
	.globl trap_return
trap_return:
	cli
	movq	%rdi, %rsp
	/*
	 * An iretq to a non-canonical rip faults in kernel mode, after
	 * swapgs, on real CPUs: such a return (thread_set_state can ask for
	 * one) becomes the user's own #GP instead, as if the CPU had
	 * returned and then faulted.  rip is canonical when its bits 47-63
	 * are all equal: rip >> 47 (arithmetic) is 0 or -1.
	 */
	testb	$3, TF_CS(%rsp)
	jz	1f
	movq	TF_RIP(%rsp), %rax
	sarq	$47, %rax
	incq	%rax
	cmpq	$1, %rax
	ja	bad_user_return
1:	POP_REGS
	testb	$3, 24(%rsp)
	jz	2f
	swapgs
2:	addq	$16, %rsp		/* vector, error code */
	iretq

bad_user_return:
	movq	%rsp, %rdi
	call	trap_bad_user_return
	movq	%rsp, %rdi
	jmp	trap_return

/*
 * The syscall instruction: rcx holds the user rip, r11 the user rflags,
 * rsp is still the user's; interrupts are off (FMASK).  Build a full
 * trap frame so that traps look like every other entry.
 */
	.globl syscall_entry
syscall_entry:
	swapgs
	movq	%rsp, %gs:CPU_USER_RSP
	movq	%gs:CPU_KERNEL_RSP, %rsp
	pushq	$USER_DS
	pushq	%gs:CPU_USER_RSP
	pushq	%r11
	pushq	$USER_CS
	pushq	%rcx
	pushq	$0
	pushq	$VECTOR_SYSCALL
	PUSH_REGS
	/*
	 * mach_msg first tries the IPC fast path unless it is switched off
	 * (fastpath=off), with interrupts still off; it returns only if it
	 * cannot take the call (nothing changed).  It takes msg, option and
	 * send_size where they are; rcv_name (r8) goes where a C call's
	 * fourth argument is (rcx).  Then the general path runs, given the
	 * trap frame, interrupts still off (it keeps them so:
	 * ipc/mach_msg.c), and returns through syscall_exit without the
	 * trap table.  The register message trap tries its own fast path,
	 * given the trap frame: the light one (below) unless it is off.
	 * (It is tested for first: two instructions a message less, where
	 * the register path counts them most; mach_msg pays them.)
	 */
	cmpq	$MACH_TRAP_MSG_REGS, %rax
	je	syscall_regs
	cmpq	$MACH_TRAP_MSG, %rax
	jne	1f
	cmpl	$0, ipc_fastpath_enabled(%rip)
	je	4f
	movq	%r8, %rcx
	call	ipc_fastpath_trap
4:	movq	%rsp, %rdi
	call	mach_msg_trap_frame
	jmp	syscall_exit_intr_off
1:	movq	%rsp, %rdi
	sti
	call	syscall_dispatch
	.globl syscall_exit
syscall_exit:				/* rsp: the trap frame */
	cli
syscall_exit_intr_off:			/* the same, interrupts off already */
	/*
	 * sysret cannot return to a non-canonical rip safely (the CPU would
	 * fault in kernel mode on the user stack): such frames use iretq.
	 */
	movq	TF_RIP(%rsp), %rcx
	movabsq	$0x00007ffffffff000, %r11
	cmpq	%r11, %rcx
	jae	3f
	POP_REGS
	movq	16(%rsp), %rcx		/* rip */
	movq	32(%rsp), %r11		/* rflags */
	movq	40(%rsp), %rsp		/* user stack */
	swapgs
	sysretq
3:	movq	%rsp, %rdi
	jmp	trap_return

	/*
	 * The register trap: its hot path first (which returns at once if
	 * it is off: ipc_hotpath_option), given MR0..MR3 where they still
	 * are (MR3 where a C call's fourth argument goes) and the frame;
	 * it keeps no callee-saved register (ipc/ipc_hotpath.c), which is
	 * why the frame is taken from rsp again after it.
	 */
syscall_regs:
	movq	%r10, %rcx
	movq	%rsp, %r8
	call	ipc_hotpath_regs	/* returns only if not taken */
	movq	%rsp, %rdi
	cmpl	$0, ipc_fastpath_light_enabled(%rip)
	je	5f
	call	ipc_fastpath_regs_light	/* returns only if not taken */
	jmp	1b
5:	call	ipc_fastpath_regs_trap
	jmp	1b

/*
 * void machine_thread_return_regs(struct trap_frame *frame,
 *     uint64_t data_bytes, const struct trap_frame *from)
 * The light exit of the register trap's fast path (machine/thread.h): the
 * message has passed to the receiver, whose frame is frame, and we run
 * as it, still on the sender's stack.  The data words (MR4..MR10) come
 * from the sender's frame, from, straight into the registers; those past
 * data_bytes are zeroed (a half word keeps its low half).  MR0..MR3, rbp
 * and the return state come from the receiver's frame, which the fast
 * path has checked sysret can return to.
 */
	.globl machine_thread_return_regs
machine_thread_return_regs:		/* offsets: struct trap_frame */
	movq	56(%rdx), %r8
	movq	48(%rdx), %r9
	movq	24(%rdx), %r12
	movq	16(%rdx), %r13
	movq	8(%rdx), %r14
	movq	0(%rdx), %r15
	movq	104(%rdx), %rbx
	movq	%rdi, %rsp
	movl	%esi, %eax		/* data_bytes: rsi is MR1's */
	movq	72(%rsp), %rdi		/* MR0..MR3: rdi, rsi, rdx, r10 */
	movq	80(%rsp), %rsi
	movq	88(%rsp), %rdx
	movq	40(%rsp), %r10
	/*
	 * Where to start zeroing: direct branches, the null message's
	 * first (an indirect jump through a table costs TCG a look-up of
	 * the translated code each time).
	 */
	cmpl	$8, %eax
	jae	7f
	testl	%eax, %eax
	jz	trim_0
	jmp	half_0
7:	je	trim_1
	cmpl	$16, %eax
	jb	half_1
	je	trim_2
	cmpl	$24, %eax
	jb	half_2
	je	trim_3
	cmpl	$32, %eax
	jb	half_3
	je	trim_4
	cmpl	$40, %eax
	jb	half_4
	je	trim_5
	cmpl	$48, %eax
	jb	half_5
	je	trim_6
	cmpl	$56, %eax
	jb	half_6
	jmp	trim_7

/*
 * void machine_thread_return_null(uint64_t mr0, uint64_t mr1,
 *     uint64_t mr2, uint64_t mr3, struct trap_frame *frame)
 * The register hot path's exit for a message without data words
 * (machine/thread.h): MR0..MR3 are in the argument registers, three of
 * them where the message has them (rdi, rsi, rdx); then, as the light
 * exit's, the data words are zeroed and rbp and the return state come
 * from frame.
 */
	.globl machine_thread_return_null
machine_thread_return_null:		/* offsets: struct trap_frame */
	movq	%rcx, %r10
	movq	%r8, %rsp

/* Zero the data words from the n-th on, then leave by sysret. */
trim_0:	xorl	%r8d, %r8d
trim_1:	xorl	%r9d, %r9d
trim_2:	xorl	%r12d, %r12d
trim_3:	xorl	%r13d, %r13d
trim_4:	xorl	%r14d, %r14d
trim_5:	xorl	%r15d, %r15d
trim_6:	xorl	%ebx, %ebx
trim_7:	movq	64(%rsp), %rbp
	movq	TF_RIP(%rsp), %rcx
	movq	TF_RFLAGS(%rsp), %r11
	movq	TF_RSP(%rsp), %rsp
	xorl	%eax, %eax		/* MACH_MSG_SUCCESS */
	swapgs
	sysretq

/* Keep the low half of the n-th data word, zero the rest. */
half_0:	movl	%r8d, %r8d
	jmp	trim_1
half_1:	movl	%r9d, %r9d
	jmp	trim_2
half_2:	movl	%r12d, %r12d
	jmp	trim_3
half_3:	movl	%r13d, %r13d
	jmp	trim_4
half_4:	movl	%r14d, %r14d
	jmp	trim_5
half_5:	movl	%r15d, %r15d
	jmp	trim_6
half_6:	movl	%ebx, %ebx
	jmp	trim_7

/*
 * struct thread *machine_switch_stack(uint64_t *save_rsp, uint64_t new_rsp,
 *     struct thread *prev)
 * Saves the callee-saved registers on the current stack, stores its rsp in
 * *save_rsp, and resumes the stack new_rsp.  The resumed code sees prev
 * as the return value.
 */
	.globl machine_switch_stack
machine_switch_stack:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	movq	%rdx, %rax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/* A new user thread's first return: its trap frame is at rsp. */
	.globl thread_start_user
thread_start_user:
	movq	%rax, %rdi
	call	thread_continue
	call	sched_ast_check		/* it may be held, or ended, already */
	movq	%rsp, %rdi
	jmp	trap_return

/*
 * A user thread that blocked with a continuation (in r12) and nothing on
 * its stack: its trap frame is at rsp; it runs continuation(frame), then
 * returns from its system call.
 */
	.globl thread_start_continuation
thread_start_continuation:
	movq	%rax, %rdi
	call	thread_continue
	movq	%rsp, %rdi
	call	*%r12
	jmp	syscall_exit

/*
 * void machine_thread_return_user(struct trap_frame *frame,
 *     void (*continuation)(struct trap_frame *))
 * The user handoff's last step: go on on the stack of the thread switched
 * to, whose trap frame is frame, run continuation(frame) unless it is
 * NULL, and return from its system call.  The stack left behind is
 * abandoned.
 */
	.globl machine_thread_return_user
machine_thread_return_user:
	movq	%rdi, %rsp
	testq	%rsi, %rsi
	jz	syscall_exit
	call	*%rsi
	jmp	syscall_exit

/* A new kernel thread: call r12(r13). */
	.globl thread_start_kernel
thread_start_kernel:
	movq	%rax, %rdi
	call	thread_continue
	movq	%r13, %rdi
	call	*%r12
	ud2

/*
 * copy_user: the byte copy between kernel and user memory, of rcx bytes
 * from rsi to rdi; returns in eax, clobbers rdx too (kern/copyio.h calls
 * it from inline assembly).  The caller has checked that the user range
 * lies in user space; if it is not mapped, the page fault handler
 * resumes at copy_user_fault, which returns KERN_INVALID_ADDRESS instead
 * of the kernel faulting.
 */
	.globl copy_user, copy_user_begin, copy_user_end, copy_user_fault
	.globl copy_user_words
/*
 * copy_user_words: the same, for a length that is a multiple of four (a
 * message and its trailer, in the IPC fast path): the rest is one
 * four-byte move, not up to four one-byte ones (rep movs counts as one
 * instruction a move under TCG's count).
 */
copy_user_words:
	movl	%ecx, %edx
	shrq	$3, %rcx
copy_user_begin:
	rep movsq
	testb	$4, %dl
	jz	copy_user_end
	movsl
	xorl	%eax, %eax
	ret
copy_user:		/* in the fault range, but its first three cannot fault */
	movl	%ecx, %edx
	shrq	$3, %rcx
	andl	$7, %edx
	rep movsq			/* eight bytes at a time, */
	movl	%edx, %ecx
	rep movsb			/* then the rest */
copy_user_end:
	xorl	%eax, %eax
	ret
copy_user_fault:
	movl	$1, %eax		/* KERN_INVALID_ADDRESS */
	ret

	.section .note.GNU-stack, "", @progbits
