/*
 * The kernel's first instructions.
 *
 * GRUB2 (multiboot2) or QEMU's -kernel (multiboot1, through the a.out
 * kludge fields below, since QEMU refuses ELF64 kernels) enters _start in
 * 32-bit protected mode, paging off, with the boot loader's magic in eax
 * and the physical address of its information structure in ebx.
 *
 * _start clears .bss, builds boot page tables, enters long mode and jumps
 * to the higher half, where x86_64_bootstrap(magic, info) takes over:
 *
 *	virtual 0 .. 4 GiB			identity (only until the jump)
 *	DIRECT_MAP_BASE .. +4 GiB		all of low physical memory
 *	KERNEL_BASE .. +1 GiB			the kernel image
 *
 * all with 2 MiB pages.  pmap_bootstrap later drops the identity map.
 */
#include <machine/asm.h>

#define PHYS(sym) ((sym) - KERNEL_BASE_ASM)

#define MB1_MAGIC 0x1badb002
#define MB1_FLAGS 0x00010003 /* page-align modules, memory map, a.out */
#define MB2_MAGIC 0xe85250d6

	.section .multiboot, "a"
	.align 8
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header		/* header_addr */
	.long _kernel_phys_start	/* load_addr */
	.long PHYS(_load_end)		/* load_end_addr */
	.long PHYS(_kernel_end)		/* bss_end_addr */
	.long _start			/* entry_addr */

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	.align 8			/* entry address tag */
	.short 3
	.short 0
	.long 12
	.long _start
	.align 8			/* module alignment tag */
	.short 6
	.short 0
	.long 8
	.align 8			/* end tag */
	.short 0
	.short 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl	%eax, %edi			/* keep magic and info */
	movl	%ebx, %esi
	movl	$boot_stack32_top, %esp

	/* Long mode is required. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode
	movl	%edx, %ebp			/* bit 20: NX */

	/* Zero .bss, where the boot page tables live. */
	pushl	%edi
	movl	$PHYS(_bss_start), %edi
	movl	$PHYS(_bss_end), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	popl	%edi

	/* PML4: entries 0 and 256 share the low PDPT, 511 the high one. */
	movl	$PHYS(boot_pdpt_low), %eax
	orl	$3, %eax
	movl	%eax, PHYS(boot_pml4)
	movl	%eax, PHYS(boot_pml4) + 256 * 8
	movl	$PHYS(boot_pdpt_high), %eax
	orl	$3, %eax
	movl	%eax, PHYS(boot_pml4) + 511 * 8

	/* Low PDPT: four page directories, 4 GiB. High PDPT[510]: the first. */
	movl	$PHYS(boot_pd), %eax
	orl	$3, %eax
	movl	$PHYS(boot_pdpt_low), %ebx
	movl	$4, %ecx
1:	movl	%eax, (%ebx)
	addl	$4096, %eax
	addl	$8, %ebx
	loop	1b
	movl	$PHYS(boot_pd), %eax
	orl	$3, %eax
	movl	%eax, PHYS(boot_pdpt_high) + 510 * 8

	/* 2048 2 MiB pages: present, writable, large. */
	movl	$PHYS(boot_pd), %ebx
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$0x83, %eax
	movl	%eax, (%ebx, %ecx, 8)
	movl	%ecx, %eax
	shrl	$11, %eax
	movl	%eax, 4(%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	2b

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_SCE), %eax
	testl	$(1 << 20), %ebp
	jz	3f
	orl	$EFER_NXE, %eax
3:	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	boot_gdt_descriptor
	ljmp	$KERNEL_CS, $long_mode_entry

no_long_mode:
	movl	$no_long_mode_message, %esi
	movw	$0x3f8, %dx
4:	lodsb
	testb	%al, %al
	jz	5f
	outb	%al, %dx
	jmp	4b
5:	hlt
	jmp	5b

	.code64
long_mode_entry:
	movl	$KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$higher_half_entry, %rax
	jmp	*%rax

	.section .boot.data, "aw"
	.align 16
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff		/* 0x10: data */
boot_gdt_descriptor:
	.short	boot_gdt_descriptor - boot_gdt - 1
	.long	boot_gdt
no_long_mode_message:
	.asciz	"kernel: this CPU has no long mode (x86-64); cannot boot\r\n"
	.align 16
	.space	256
boot_stack32_top:

	.text
higher_half_entry:
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	/* edi = magic, esi = info: already the C arguments. */
	call	x86_64_bootstrap
6:	hlt
	jmp	6b

	.bss
	.align 4096
	.globl boot_pml4
boot_pml4:
	.space	4096
boot_pdpt_low:
	.space	4096
boot_pdpt_high:
	.space	4096
	.globl boot_pd
boot_pd:
	.space	4 * 4096
	.globl boot_stack
boot_stack:
	.space	16384
	.globl boot_stack_top
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
