/*
 * The mach_msg trap and its two halves, for the trap table and the fast
 * path.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <ipc/ipc_types.h>

uint64_t mach_msg_trap(const uint64_t *args);

/*
 * Sends the user message at msg.  On success *receiver is a thread that
 * was given the message and must be run (or handed off to).
 */
mach_msg_return_t mach_msg_send(uint64_t msg, mach_msg_option_t option,
				mach_msg_size_t send_size,
				mach_msg_timeout_t timeout,
				struct thread **receiver);

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
