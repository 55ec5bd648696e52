/*
 * Notifications, sent with the IDL-generated KernelUser stubs of
 * mach/include/mach/notify.defs.  The stubs are compiled to send with
 * mach_msg_send_from_kernel_locked (see mach/mach.mk), since every
 * notification starts inside IPC, with ipc_lock held.
 */
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>

#include "notify_user.h"

void
ipc_notify_no_senders_locked(ipc_port_t notify, mach_port_mscount_t mscount)
{
	mach_notify_no_senders(notify, mscount);
}

void
ipc_notify_send_once_locked(ipc_port_t port)
{
	mach_notify_send_once(port);
}

void
ipc_notify_dead_name_locked(ipc_port_t notify, mach_port_name_t name)
{
	mach_notify_dead_name(notify, name);
}

void
ipc_notify_port_destroyed_locked(ipc_port_t notify, ipc_port_t port)
{
	mach_notify_port_destroyed(notify, port);
}
