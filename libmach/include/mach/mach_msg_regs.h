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
#include <string.h>

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
 * mach_msg receive needs for it with the trailer asked).
 */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_regs_trap(struct mach_msg_regs *m)
{
	uint64_t w[MACH_MSG_REGS_COUNT];

	memcpy(w, m, sizeof(w));
	register uint64_t mr3 __asm__("r10") = w[3];
	register uint64_t mr4 __asm__("r8") = w[4];
	register uint64_t mr5 __asm__("r9") = w[5];
	register uint64_t mr6 __asm__("r12") = w[6];
	register uint64_t mr7 __asm__("r13") = w[7];
	register uint64_t mr8 __asm__("r14") = w[8];
	register uint64_t mr9 __asm__("r15") = w[9];
	uint64_t result = MACH_TRAP_MSG_REGS;
	__asm__ volatile("syscall"
			 : "+a"(result), "+D"(w[0]), "+S"(w[1]), "+d"(w[2]),
			   "+r"(mr3), "+r"(mr4), "+r"(mr5), "+r"(mr6),
			   "+r"(mr7), "+r"(mr8), "+r"(mr9), "+b"(w[10])
			 :
			 : "rcx", "r11");
	w[3] = mr3;
	w[4] = mr4;
	w[5] = mr5;
	w[6] = mr6;
	w[7] = mr7;
	w[8] = mr8;
	w[9] = mr9;
	memcpy(m, w, sizeof(w));
	return (mach_msg_return_t)result;
}

#endif /* MACH_MACH_MSG_REGS_H */
