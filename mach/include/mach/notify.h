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
#define MACH_NOTIFY_PORT_DELETED   (MACH_NOTIFY_FIRST + 001)
#define MACH_NOTIFY_PORT_DESTROYED (MACH_NOTIFY_FIRST + 005)
#define MACH_NOTIFY_NO_SENDERS	   (MACH_NOTIFY_FIRST + 006)
#define MACH_NOTIFY_SEND_ONCE	   (MACH_NOTIFY_FIRST + 007)
#define MACH_NOTIFY_DEAD_NAME	   (MACH_NOTIFY_FIRST + 010)
#define MACH_NOTIFY_LAST	   (MACH_NOTIFY_FIRST + 015)

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
