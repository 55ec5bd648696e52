/*
 * Notifications: messages the kernel sends about ports.
 *
 *	port-deleted	a send/send-once right was deleted (after the port died)
 *	port-destroyed	the receive right of a port with a port-destroyed
 *			request: the right itself is in the message
 *	no-senders	the last send right of a port is gone
 *	send-once	a send-once right was destroyed without being used
 *	dead-name	a port with a dead-name request has died
 *
 * The ids and layouts follow Mach's notify.defs; the kernel sends them
 * with IDL-generated KernelUser stubs (mach/include/mach/notify.defs).
 */
#ifndef MACH_NOTIFY_H
#define MACH_NOTIFY_H

#include <mach/message.h>

#define MACH_NOTIFY_FIRST	   0100
#define MACH_NOTIFY_PORT_DELETED   0101
#define MACH_NOTIFY_PORT_DESTROYED 0105
#define MACH_NOTIFY_NO_SENDERS	   0106
#define MACH_NOTIFY_SEND_ONCE	   0107
#define MACH_NOTIFY_DEAD_NAME	   0110
#define MACH_NOTIFY_LAST	   0115

#pragma pack(push, 4)
typedef struct {
	mach_msg_header_t not_header;
	mach_port_name_t not_port;
	mach_msg_trailer_t trailer;
} mach_port_deleted_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_body_t not_body;
	mach_msg_port_descriptor_t not_port;
	mach_msg_trailer_t trailer;
} mach_port_destroyed_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_port_mscount_t not_count;
	mach_msg_trailer_t trailer;
} mach_no_senders_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_trailer_t trailer;
} mach_send_once_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_port_name_t not_port;
	mach_msg_trailer_t trailer;
} mach_dead_name_notification_t;
#pragma pack(pop)

#endif /* MACH_NOTIFY_H */
