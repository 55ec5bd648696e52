/*
 * The mach_msg trap and its two halves, for the trap table and the fast
 * path.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_types.h>
#include <kern/thread.h>

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

/*
 * Marks the current thread's coming wait, a receive from a port without
 * timeout, as one the fast path may end, and records its arguments.
 */
static inline void
mach_msg_receive_fast_wait(struct thread *self, uint64_t msg,
			   mach_msg_option_t option, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name)
{
	mach_msg_size_t trailer =
	    ipc_kmsg_trailer_size(GET_RCV_ELEMENTS(option));

	self->th_ipc_fast_wait = 1;
	self->th_ipc_rcv_msg = msg;
	self->th_ipc_rcv_option = option;
	self->th_ipc_rcv_size = rcv_size;
	self->th_ipc_rcv_name = rcv_name;
	self->th_ipc_rcv_room = rcv_size > trailer ? rcv_size - trailer : 0;
}

/* Receives into the user buffer at msg; runs or hands off to handoff. */
mach_msg_return_t mach_msg_receive(uint64_t msg, mach_msg_option_t option,
				   mach_msg_size_t rcv_size,
				   mach_port_name_t rcv_name,
				   mach_msg_timeout_t timeout,
				   struct thread *handoff);

#endif /* IPC_MACH_MSG_H */
