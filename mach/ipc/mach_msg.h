/*
 * The mach_msg trap and its two halves, for the trap entry, the register
 * trap (mach_msg_regs.c) and the fast path's continuation.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <ipc/ipc_types.h>

struct trap_frame;

/*
 * The mach_msg trap, from the trap entry after the fast path declined
 * it: its arguments are the system call's (msg, option, send_size,
 * rcv_size, rcv_name, timeout), its result goes into frame.  Called and
 * returns with interrupts off; it ends with the check for pending work
 * (sched_ast_check) that the trap table's dispatch does for the others.
 */
void mach_msg_trap_frame(struct trap_frame *frame);

/*
 * Sends a message already in kernel form (names not yet rights,
 * as ipc_kmsg_copyin makes it before it takes the rights), which it consumes: sent, served,
 * or freed on an error with the sender's rights as they were.
 */
mach_msg_return_t mach_msg_send_kmsg(struct ipc_kmsg *kmsg,
				     mach_msg_option_t option,
				     mach_msg_timeout_t timeout,
				     struct thread **receiver);

/*
 * A receive's first half: waits for a message on rcv_name (a port or a
 * set), with the option's timeout, after running or handing off to
 * handoff.  fast_wait (TH_IPC_FAST_MSG or TH_IPC_FAST_REGS) is the trap
 * the fast path finds the thread waiting in.  Returns MACH_MSG_SUCCESS
 * and *kmsg with ipc_lock held, or MACH_RCV_INVALID_NAME,
 * MACH_RCV_IN_SET, MACH_RCV_PORT_DIED, MACH_RCV_TIMED_OUT or
 * MACH_RCV_INTERRUPTED without it.
 */
mach_msg_return_t mach_msg_receive_kmsg(mach_msg_option_t option,
					mach_port_name_t rcv_name,
					mach_msg_timeout_t timeout,
					struct thread *handoff, int fast_wait,
					struct ipc_kmsg **kmsg);

/* The end of a receive that got kmsg (releases ipc_lock). */
mach_msg_return_t mach_msg_receive_finish_locked(struct ipc_kmsg *kmsg,
						 uint64_t msg,
						 mach_msg_option_t option,
						 mach_msg_size_t rcv_size);

/* Receives into the user buffer at msg; runs or hands off to handoff. */
mach_msg_return_t mach_msg_receive(uint64_t msg, mach_msg_option_t option,
				   mach_msg_size_t rcv_size,
				   mach_port_name_t rcv_name,
				   mach_msg_timeout_t timeout,
				   struct thread *handoff);

#endif /* IPC_MACH_MSG_H */
