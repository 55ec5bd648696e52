/*
 * The IDL run-time support, kernel side: what generated server stubs
 * (KernelServer) and KernelUser stubs need inside the kernel.  User space
 * has its own (libmach/include/mach/mig_support.h).
 */
#ifndef KERN_STDC_MACH_MIG_SUPPORT_H
#define KERN_STDC_MACH_MIG_SUPPORT_H

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include <mach/port.h>
#include <mach/std_types.h>

typedef void (*mig_routine_t)(mach_msg_header_t *in, mach_msg_header_t *out);

#define MIG_ROUND4(n) (((n) + 3u) & ~3u)
#define MIG_IS_RCV_ERROR(mr) \
	(((mach_msg_return_t)(mr) & ~(MACH_MSG_MASK | 0xff)) == 0x10004000)

vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len);

/*
 * Releases a right of a request's body that the stub translated for its
 * routine (intran): the routine owns it once it succeeds, but sees only
 * the object.  disposition is the right's type as received (a send or a
 * send-once right); IP_NULL and dead rights are ignored.  No lock held
 * (ipc/ipc_kobject.c).
 */
void mig_release_port(mach_port_t port, mach_msg_type_name_t disposition);

#endif /* KERN_STDC_MACH_MIG_SUPPORT_H */
