/*
 * The register message trap, general path (ipc/mach_msg_regs.c), and
 * what the fast path shares with it.
 */
#ifndef IPC_MACH_MSG_REGS_H
#define IPC_MACH_MSG_REGS_H

#include <ipc/ipc_types.h>
#include <mach/msg_regs.h>

struct trap_frame;

/* A register message as the trap frame holds it, and by field. */
union mach_msg_regs_words {
	uint64_t mw_word[MACH_MSG_REGS_COUNT];
	struct mach_msg_regs mw_msg;
};

/* The trap (the trap table's entry): see mach/msg_regs.h. */
uint64_t mach_msg_regs_trap(const uint64_t *args);

/*
 * Whether the kernel has the register trap (an L4 lesson: short messages
 * in registers).  The kernel argument regipc=off clears it: the trap then
 * answers KERN_INVALID_ARGUMENT, as for a trap number the kernel does not
 * have, and takes nothing; libmach's mach_msg_regs then uses mach_msg.
 * Set at boot.
 */
extern int ipc_regs_enabled;

/*
 * The receive half of the trap into frame's message registers, with
 * the trap's option and rcv_name; fast_wait as mach_msg_receive_kmsg.
 * Returns what mach_msg_receive_kmsg does, or MACH_RCV_TOO_LARGE (the
 * message cannot be carried in registers: it stays queued, first, and
 * MR1's size says how many bytes a mach_msg receive needs for it with
 * the option's trailer), MACH_RCV_PORT_DIED, MACH_MSG_SUCCESS, or
 * MACH_RCV_HEADER_ERROR with MACH_MSG_IPC_SPACE (the reply right found
 * no room in the space: received as MACH_PORT_DEAD).
 */
mach_msg_return_t mach_msg_regs_receive(struct trap_frame *frame,
					mach_msg_option_t option,
					mach_port_name_t rcv_name,
					mach_msg_timeout_t timeout,
					struct thread *handoff);

/* Its second half, given the message (ipc_lock held; releases it). */
mach_msg_return_t mach_msg_regs_receive_finish_locked(struct ipc_kmsg *kmsg,
						      struct trap_frame *frame,
						      mach_msg_option_t option);

/*
 * Zeroes the data words of m past its msgh_size (a multiple of 4,
 * between the header's size and MACH_MSG_REGS_SIZE_MAX): a receiver
 * sees only the bytes sent.
 */
static inline void
mach_msg_regs_trim(union mach_msg_regs_words *m)
{
	uint32_t body = m->mw_msg.mr_size - MACH_MSG_REGS_HEADER;
	uint32_t full = body / 8;

	if (body & 4)
		m->mw_msg.mr_data[full] &= 0xffffffffu;
	for (uint32_t i = full + ((body & 4) != 0); i < MACH_MSG_REGS_WORDS;
	     i++)
		m->mw_msg.mr_data[i] = 0;
}

#endif /* IPC_MACH_MSG_REGS_H */
