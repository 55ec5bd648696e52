/*
 * The trap frame: the user (or interrupted kernel) registers, saved on the
 * kernel stack by every entry into the kernel: exceptions, interrupts and
 * the syscall instruction all build this same layout, so the rest of the
 * kernel sees one format.  Offsets are mirrored in machine/asm.h.
 */
#ifndef MACHINE_TRAP_H
#define MACHINE_TRAP_H

#include <stdint.h>

struct trap_frame {
	uint64_t tf_r15, tf_r14, tf_r13, tf_r12, tf_r11, tf_r10, tf_r9, tf_r8;
	uint64_t tf_rbp, tf_rdi, tf_rsi, tf_rdx, tf_rcx, tf_rbx, tf_rax;
	uint64_t tf_vector; /* exception/interrupt number, or VECTOR_SYSCALL */
	uint64_t tf_error;  /* the CPU's error code, or 0 */
	uint64_t tf_rip, tf_cs, tf_rflags, tf_rsp, tf_ss;
};

/* CPU exception vectors. */
#define T_DIVIDE_ERROR	      0
#define T_DEBUG		      1
#define T_NMI		      2
#define T_BREAKPOINT	      3
#define T_OVERFLOW	      4
#define T_BOUND		      5
#define T_INVALID_OPCODE      6
#define T_NO_FPU	      7
#define T_DOUBLE_FAULT	      8
#define T_INVALID_TSS	      10
#define T_SEGMENT_NOT_PRESENT 11
#define T_STACK_FAULT	      12
#define T_GENERAL_PROTECTION  13
#define T_PAGE_FAULT	      14
#define T_FPU_ERROR	      16
#define T_ALIGNMENT_CHECK     17
#define T_MACHINE_CHECK	      18
#define T_SIMD_ERROR	      19

#define T_TIMER	   32  /* local APIC timer */
#define T_SPURIOUS 255 /* local APIC spurious interrupt */

/* Page fault error code bits. */
#define PF_PRESENT     0x01
#define PF_WRITE       0x02
#define PF_USER	       0x04
#define PF_INSTRUCTION 0x10

static inline int
trap_frame_from_user(const struct trap_frame *frame)
{
	return (frame->tf_cs & 3) == 3;
}

/* Argument n (from 0) of the system call that saved frame. */
static inline uint64_t
trap_syscall_arg(const struct trap_frame *frame, int n)
{
	switch (n) {
	case 0:
		return frame->tf_rdi;
	case 1:
		return frame->tf_rsi;
	case 2:
		return frame->tf_rdx;
	case 3:
		return frame->tf_r10;
	case 4:
		return frame->tf_r8;
	default:
		return frame->tf_r9;
	}
}

/*
 * The message registers MR0..MR10 of the register message trap
 * (<mach/msg_regs.h>): rdi, rsi, rdx, r10, r8, r9, r12, r13, r14, r15,
 * rbx.  Read all at once, written all at once.
 */
#define TRAP_MSG_REGS 11

static inline void
trap_msg_regs_get(const struct trap_frame *frame, uint64_t *mr)
{
	mr[0] = frame->tf_rdi;
	mr[1] = frame->tf_rsi;
	mr[2] = frame->tf_rdx;
	mr[3] = frame->tf_r10;
	mr[4] = frame->tf_r8;
	mr[5] = frame->tf_r9;
	mr[6] = frame->tf_r12;
	mr[7] = frame->tf_r13;
	mr[8] = frame->tf_r14;
	mr[9] = frame->tf_r15;
	mr[10] = frame->tf_rbx;
}

static inline void
trap_msg_regs_set(struct trap_frame *frame, const uint64_t *mr)
{
	frame->tf_rdi = mr[0];
	frame->tf_rsi = mr[1];
	frame->tf_rdx = mr[2];
	frame->tf_r10 = mr[3];
	frame->tf_r8 = mr[4];
	frame->tf_r9 = mr[5];
	frame->tf_r12 = mr[6];
	frame->tf_r13 = mr[7];
	frame->tf_r14 = mr[8];
	frame->tf_r15 = mr[9];
	frame->tf_rbx = mr[10];
}

/* MR0..MR3 alone (n a constant: one move). */
static inline uint64_t
trap_msg_reg(const struct trap_frame *frame, int n)
{
	switch (n) {
	case 0:
		return frame->tf_rdi;
	case 1:
		return frame->tf_rsi;
	case 2:
		return frame->tf_rdx;
	default:
		return frame->tf_r10;
	}
}

static inline void
trap_msg_reg_set(struct trap_frame *frame, int n, uint64_t value)
{
	switch (n) {
	case 0:
		frame->tf_rdi = value;
		break;
	case 1:
		frame->tf_rsi = value;
		break;
	case 2:
		frame->tf_rdx = value;
		break;
	default:
		frame->tf_r10 = value;
		break;
	}
}

/*
 * Copies the first bytes (a multiple of 4, at most 56) of the data
 * registers MR4..MR10 of from into to, and zeroes the rest of to's: a
 * receiver sees only the bytes sent.  (The IPC fast path's: no loop.)
 */
static inline __attribute__((always_inline)) void
trap_msg_regs_copy_data(struct trap_frame *to, const struct trap_frame *from,
			uint32_t bytes)
{
	uint64_t w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0;

	switch (bytes >> 3) { /* the whole words */
	case 7:
		w6 = from->tf_rbx;
		/* fallthrough */
	case 6:
		w5 = from->tf_r15;
		/* fallthrough */
	case 5:
		w4 = from->tf_r14;
		/* fallthrough */
	case 4:
		w3 = from->tf_r13;
		/* fallthrough */
	case 3:
		w2 = from->tf_r12;
		/* fallthrough */
	case 2:
		w1 = from->tf_r9;
		/* fallthrough */
	case 1:
		w0 = from->tf_r8;
		break;
	case 0: /* in the table too: the null RPC's case */
		break;
	}
	if (bytes & 4) { /* and the low half of the next */
		switch (bytes >> 3) {
		case 0:
			w0 = (uint32_t)from->tf_r8;
			break;
		case 1:
			w1 = (uint32_t)from->tf_r9;
			break;
		case 2:
			w2 = (uint32_t)from->tf_r12;
			break;
		case 3:
			w3 = (uint32_t)from->tf_r13;
			break;
		case 4:
			w4 = (uint32_t)from->tf_r14;
			break;
		case 5:
			w5 = (uint32_t)from->tf_r15;
			break;
		default:
			w6 = (uint32_t)from->tf_rbx;
			break;
		}
	}
	to->tf_r8 = w0;
	to->tf_r9 = w1;
	to->tf_r12 = w2;
	to->tf_r13 = w3;
	to->tf_r14 = w4;
	to->tf_r15 = w5;
	to->tf_rbx = w6;
}

/* Sets the value a system call returns (rax). */
static inline void
trap_set_result(struct trap_frame *frame, uint64_t value)
{
	frame->tf_rax = value;
}

/*
 * Whether the register trap's light exit (machine_thread_return_regs)
 * may return to frame with sysret: its rip is below the last user page,
 * as syscall_exit asks.
 */
static inline int
trap_frame_light_return_ok(const struct trap_frame *frame)
{
	return frame->tf_rip < 0x00007ffffffff000ul;
}

/* Entry points of x86_64/trap.c, called from the assembly stubs. */
void trap_dispatch(struct trap_frame *frame);
void syscall_dispatch(struct trap_frame *frame);
void trap_bad_user_return(struct trap_frame *frame);

/* Returns to the state in frame (x86_64/locore.S); does not return. */
void trap_return(struct trap_frame *frame) __attribute__((noreturn));

void trap_bootstrap(void);
const char *trap_name(uint64_t vector);
void trap_print_frame(const struct trap_frame *frame);

#endif /* MACHINE_TRAP_H */
