/*
 * Sending notifications (mach/notify.h) from inside IPC, with ipc_lock
 * held.  Each function consumes the send-once right it sends through; if
 * no message buffer can be had the notification is dropped and the right
 * released quietly.
 */
#ifndef IPC_IPC_NOTIFY_H
#define IPC_IPC_NOTIFY_H

#include <ipc/ipc_types.h>

void ipc_notify_no_senders_locked(ipc_port_t notify,
				  mach_port_mscount_t mscount);
void ipc_notify_send_once_locked(ipc_port_t port);
void ipc_notify_dead_name_locked(ipc_port_t notify, mach_port_name_t name);
/* Sends port's receive right (which the caller gives up) to notify. */
void ipc_notify_port_destroyed_locked(ipc_port_t notify, ipc_port_t port);

#endif /* IPC_IPC_NOTIFY_H */
