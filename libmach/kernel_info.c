/*
 * Small conveniences over the kernel's interfaces for native tasks:
 * the kernel's accounting and the calling thread's priority.
 */
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/thread.h>

kern_return_t
mach_kernel_stats(struct kernel_stats *out)
{
	mach_msg_type_number_t count = sizeof(*out) / sizeof(integer_t);

	return host_info(libmach_host_port(), HOST_KERNEL_STATS,
			 (host_info_t)out, &count);
}

kern_return_t
mach_thread_priority(int priority)
{
	mach_port_t self = mach_thread_self();
	kern_return_t kr = thread_set_priority(self, priority);

	mach_port_deallocate(mach_task_self(), self);
	return kr;
}
