/*
 * The register message trap for tasks (<mach/msg_regs.h>, docs/ipc.md
 * "The register path"): mach_msg_regs_trap, the trap itself, on a
 * struct mach_msg_regs that the compiler keeps in registers when it can;
 * and mach_msg_regs (declared in <mach/mig_support.h>), mach_msg's
 * interface over it.
 */
#ifndef MACH_MACH_MSG_REGS_H
#define MACH_MACH_MSG_REGS_H

#include <mach/mig_support.h>
#include <mach/msg_regs.h>
#include <mach/traps.h>

/*
 * Whether mach_msg_regs uses the register trap (default 1); with 0 it
 * is mach_msg.  For tests and measurements: the results are the same.
 * It goes to 0 by itself on a kernel that refuses the trap (regipc=off).
 */
extern int mach_msg_regs_enabled;

/*
 * The trap: sends and/or receives the message in *m (mr_option says
 * which).  On a receive, *m is the message received.  Returns as
 * mach_msg does, and MACH_RCV_TOO_LARGE for a message that registers
 * cannot carry (it stays queued, and mr_size says how many bytes a
 * mach_msg receive needs for it with the trailer asked).  The data words
 * past a size known at compile time to be the header's are undefined
 * after a call that received nothing.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_regs_trap(struct mach_msg_regs *m)
{
	/* Each register is two fields, built and taken apart with shifts:
	 * the compiler keeps them in registers (a copy through memory
	 * would cost a store and a load a field). */
	register uint64_t mr0 __asm__("rdi") =
	    (uint32_t)m->mr_option | (uint64_t)m->mr_timeout << 32;
	register uint64_t mr1 __asm__("rsi") = m->mr_bits | (uint64_t)m->mr_size
								<< 32;
	register uint64_t mr2 __asm__("rdx") =
	    m->mr_remote | (uint64_t)m->mr_local << 32;
	register uint64_t mr3 __asm__("r10") =
	    (uint32_t)m->mr_id | (uint64_t)m->mr_rcv_name << 32;
	register uint64_t mr4 __asm__("r8");
	register uint64_t mr5 __asm__("r9");
	register uint64_t mr6 __asm__("r12");
	register uint64_t mr7 __asm__("r13");
	register uint64_t mr8 __asm__("r14");
	register uint64_t mr9 __asm__("r15");
	uint64_t mr10;
	uint64_t result = MACH_TRAP_MSG_REGS;
	/* The trap, the data words read and written ("+") or only written
	 * ("="). */
#define MACH_MSG_REGS_SYSCALL(data) \
	__asm__ volatile("syscall" \
			 : "+a"(result), "+r"(mr0), "+r"(mr1), "+r"(mr2), \
			   "+r"(mr3), data "r"(mr4), data "r"(mr5), \
			   data "r"(mr6), data "r"(mr7), data "r"(mr8), \
			   data "r"(mr9), data "b"(mr10) \
			 : \
			 : "rcx", "r11")
	if (__builtin_constant_p(m->mr_size) &&
	    m->mr_size == MACH_MSG_REGS_HEADER) {
		/* A header alone (a null request or reply): the kernel reads
		 * no data word past the size, so none is loaded; a message
		 * received sets them all. */
		MACH_MSG_REGS_SYSCALL("=");
	} else {
		mr4 = m->mr_data[0];
		mr5 = m->mr_data[1];
		mr6 = m->mr_data[2];
		mr7 = m->mr_data[3];
		mr8 = m->mr_data[4];
		mr9 = m->mr_data[5];
		mr10 = m->mr_data[6];
		MACH_MSG_REGS_SYSCALL("+");
	}
#undef MACH_MSG_REGS_SYSCALL
	m->mr_option = (uint32_t)mr0;
	m->mr_timeout = mr0 >> 32;
	m->mr_bits = (uint32_t)mr1;
	m->mr_size = mr1 >> 32;
	m->mr_remote = (uint32_t)mr2;
	m->mr_local = mr2 >> 32;
	m->mr_id = (uint32_t)mr3;
	m->mr_rcv_name = mr3 >> 32;
	m->mr_data[0] = mr4;
	m->mr_data[1] = mr5;
	m->mr_data[2] = mr6;
	m->mr_data[3] = mr7;
	m->mr_data[4] = mr8;
	m->mr_data[5] = mr9;
	m->mr_data[6] = mr10;
	return (mach_msg_return_t)result;
}

#endif /* MACH_MACH_MSG_REGS_H */
