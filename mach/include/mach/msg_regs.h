/*
 * The register message trap (MACH_TRAP_MSG_REGS): a short message held
 * in registers instead of a buffer, on the same ports and rights as
 * mach_msg (docs/ipc.md, "The register path").
 *
 * A register message is a header without msgh_reserved and up to
 * MACH_MSG_REGS_WORDS words of inline data; it has no descriptors.  The
 * trap takes and returns eleven 64-bit "message registers" MR0..MR10,
 * whose layout struct mach_msg_regs spells out (two 32-bit fields a
 * register, the first in the low half).  On x86-64 they are
 *
 *	MR0 rdi   in:  option | timeout      out: seqno | sender
 *	MR1 rsi   msgh_bits | msgh_size (bytes, as mach_msg counts them)
 *	MR2 rdx   msgh_remote_port | msgh_local_port
 *	MR3 r10   in:  msgh_id | rcv_name    out: msgh_id | 0
 *	MR4..MR10 r8, r9, r12, r13, r14, r15, rbx: the data words
 *
 * with the trap number in rax and the mach_msg_return_t back in rax;
 * rcx and r11 are clobbered, rbp and rsp kept.  The option takes
 * MACH_SEND_MSG, MACH_RCV_MSG, MACH_SEND_TIMEOUT and MACH_RCV_TIMEOUT
 * (others are ignored).  The registers change only when a message is
 * received (and MR1 when MACH_RCV_TOO_LARGE says how large a message
 * is): its header and data, with the data words past msgh_size zero,
 * its sequence number and the sender's security token (val[0]).
 */
#ifndef MACH_MSG_REGS_H
#define MACH_MSG_REGS_H

#include <mach/message.h>
#include <stdint.h>

#define MACH_MSG_REGS_COUNT 11 /* MR0..MR10 */
#define MACH_MSG_REGS_WORDS 7  /* words of data: MR4..MR10 */
/* The largest register message: the 24-byte user header (as a task
 * sees it; the kernel's own form is larger) and 56 bytes of data. */
#define MACH_MSG_REGS_HEADER   24
#define MACH_MSG_REGS_SIZE_MAX (MACH_MSG_REGS_HEADER + MACH_MSG_REGS_WORDS * 8)

struct mach_msg_regs {
	union {
		mach_msg_option_t mr_option; /* in */
		mach_port_seqno_t mr_seqno;  /* out */
	};
	union {
		mach_msg_timeout_t mr_timeout; /* in */
		uint32_t mr_sender;	       /* out: security token val[0] */
	};
	mach_msg_bits_t mr_bits;
	mach_msg_size_t mr_size;
	mach_port_name_t mr_remote;
	mach_port_name_t mr_local;
	mach_msg_id_t mr_id;
	mach_port_name_t mr_rcv_name; /* in; 0 out */
	uint64_t mr_data[MACH_MSG_REGS_WORDS];
};

_Static_assert(sizeof(struct mach_msg_regs) == MACH_MSG_REGS_COUNT * 8,
	       "one 64-bit register a pair of fields");

#endif /* MACH_MSG_REGS_H */
