/*
 * Constants shared by assembly and C: segment selectors, MSRs, control
 * register bits, and offsets into struct cpu and struct trap_frame that
 * the entry code uses (checked against the C structures with
 * static_assert in x86_64/cpu.c).
 */
#ifndef MACHINE_ASM_H
#define MACHINE_ASM_H

#define KERNEL_BASE_ASM 0xffffffff80000000

/* GDT layout; the user selectors are ordered as sysret wants them. */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS	  0x1b /* 0x18 | 3 */
#define USER_CS	  0x23 /* 0x20 | 3 */
#define TSS_SEL	  0x28

#define MSR_EFER	   0xc0000080
#define MSR_STAR	   0xc0000081
#define MSR_LSTAR	   0xc0000082
#define MSR_FMASK	   0xc0000084
#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define EFER_SCE	   (1 << 0)
#define EFER_LME	   (1 << 8)
#define EFER_NXE	   (1 << 11)

/* RFLAGS bits the kernel sets or clears. */
#define RFLAGS_TF (1 << 8)
#define RFLAGS_IF (1 << 9)
#define RFLAGS_DF (1 << 10)
#define RFLAGS_NT (1 << 14)
#define RFLAGS_AC (1 << 18)

#define CR0_PE	       (1 << 0)
#define CR0_MP	       (1 << 1)
#define CR0_EM	       (1 << 2)
#define CR0_TS	       (1 << 3)
#define CR0_WP	       (1 << 16)
#define CR0_PG	       (1 << 31)
#define CR4_PAE	       (1 << 5)
#define CR4_PGE	       (1 << 7)
#define CR4_OSFXSR     (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define CR4_PCIDE      (1 << 17)
#define CR4_SMEP       (1 << 20)

/* struct cpu (machine/cpu_data.h) */
#define CPU_SELF       0
#define CPU_KERNEL_RSP 12 /* cpu_tss.tss_rsp0 */
#define CPU_USER_RSP   112

/* struct trap_frame (machine/trap.h), in 8-byte words */
#define TF_REGS	  15 /* r15 .. rax */
#define TF_VECTOR (15 * 8)
#define TF_ERROR  (16 * 8)
#define TF_RIP	  (17 * 8)
#define TF_CS	  (18 * 8)
#define TF_RFLAGS (19 * 8)
#define TF_RSP	  (20 * 8)
#define TF_SS	  (21 * 8)
#define TF_SIZE	  (22 * 8)

#define VECTOR_SYSCALL 0x100 /* marks a frame built by syscall_entry */

#endif /* MACHINE_ASM_H */
