/*
 * Messages the kernel sends itself: notifications and exception RPCs,
 * through the IDL's KernelUser stubs (notify.defs, exc.defs).
 *
 * The messages are in kernel form (ports are port pointers).  Rights in
 * the header follow their disposition (COPY_SEND copies the kernel's
 * right, MOVE_* moves it); rights in the body are always ones the kernel
 * made for the message (convert_*_to_port), so COPY_SEND and MOVE_* both
 * move them, and MAKE_SEND / MAKE_SEND_ONCE make them.
 */
#ifndef IPC_MACH_MSG_KERNEL_H
#define IPC_MACH_MSG_KERNEL_H

#include <ipc/ipc_types.h>

/* Queues the message; never blocks.  MACH_SEND_NO_BUFFER if no memory
 * (the message's rights are released), MACH_SEND_INVALID_DEST for a
 * dead destination. */
mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
					    mach_msg_size_t size);
/* The same with ipc_lock held (notifications are sent from inside IPC). */
mach_msg_return_t mach_msg_send_from_kernel_locked(mach_msg_header_t *msg,
						   mach_msg_size_t size);

/*
 * Sends the message with the calling thread's kernel reply port as its
 * reply port (MAKE_SEND_ONCE) and waits for the reply, which is copied
 * back into msg (at most rcv_size bytes, kernel form).  Replies that
 * carry rights are not supported (MIG_TYPE_ERROR).
 */
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
					   mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size);

/* Queues a kernel-built message whose rights are already in transit. */
void ipc_kmsg_send_kernel_locked(struct ipc_kmsg *kmsg);

#endif /* IPC_MACH_MSG_KERNEL_H */
