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
	static mach_port_t host;
	mach_msg_type_number_t count = sizeof(*out) / sizeof(integer_t);

	if (!MACH_PORT_VALID(host)) /* (a shortage may give no name) */
		host = mach_host_self();
	return host_info(host, HOST_KERNEL_STATS, (host_info_t)out, &count);
}

kern_return_t
mach_thread_priority(int priority)
{
	mach_port_t self = mach_thread_self();
	kern_return_t kr = thread_set_priority(self, priority);

	mach_port_deallocate(mach_task_self(), self);
	return kr;
}
