/*
 * What KernelUser stubs include, for the host round trip: the kernel's
 * sending functions (mach/ipc/mach_msg_kernel.h has the real ones),
 * here carried by the loopback transport (tests/idl/loopback.c).
 */
#ifndef LOOPBACK_MACH_MSG_KERNEL_H
#define LOOPBACK_MACH_MSG_KERNEL_H

#include <mach/message.h>

mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
					    mach_msg_size_t size);
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
					   mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size);

#endif
