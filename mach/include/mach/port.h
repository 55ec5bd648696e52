/*
 * Port names and rights as a task sees them.
 *
 * A port name is a 32-bit integer, local to one task's port name space.
 * MACH_PORT_NULL names no port; MACH_PORT_DEAD stands where a right's port
 * has died.  Rights are send, receive and send-once; a port set and a dead
 * name also occupy names.
 */
#ifndef MACH_PORT_H
#define MACH_PORT_H

#include <mach/std_types.h>

typedef natural_t mach_port_name_t;
#ifdef MACH_KERNEL
/*
 * Inside the kernel a port is its object: messages in kernel form carry
 * port pointers where user messages carry names (see ipc/ipc_kmsg.c).
 */
struct ipc_port;
typedef struct ipc_port *mach_port_t;
#else
typedef mach_port_name_t mach_port_t; /* user space: a name */
#endif
typedef mach_port_name_t *mach_port_name_array_t;
typedef mach_port_t *mach_port_array_t;

#define MACH_PORT_NULL ((mach_port_name_t)0)
#define MACH_PORT_DEAD ((mach_port_name_t)~0)
#define MACH_PORT_VALID(name) \
	((name) != MACH_PORT_NULL && (name) != MACH_PORT_DEAD)

/* A name is an index into the task's name table and a generation. */
#define MACH_PORT_INDEX(name)	   ((name) >> 8)
#define MACH_PORT_GEN(name)	   ((name)&0xff)
#define MACH_PORT_MAKE(index, gen) (((index) << 8) | ((gen)&0xff))

typedef natural_t mach_port_right_t;
#define MACH_PORT_RIGHT_SEND	  ((mach_port_right_t)0)
#define MACH_PORT_RIGHT_RECEIVE	  ((mach_port_right_t)1)
#define MACH_PORT_RIGHT_SEND_ONCE ((mach_port_right_t)2)
#define MACH_PORT_RIGHT_PORT_SET  ((mach_port_right_t)3)
#define MACH_PORT_RIGHT_DEAD_NAME ((mach_port_right_t)4)
#define MACH_PORT_RIGHT_NUMBER	  ((mach_port_right_t)5)

typedef natural_t mach_port_type_t;
typedef mach_port_type_t *mach_port_type_array_t;
#define MACH_PORT_TYPE(right)	 ((mach_port_type_t)(1u << ((right) + 16)))
#define MACH_PORT_TYPE_NONE	 ((mach_port_type_t)0)
#define MACH_PORT_TYPE_SEND	 MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND)
#define MACH_PORT_TYPE_RECEIVE	 MACH_PORT_TYPE(MACH_PORT_RIGHT_RECEIVE)
#define MACH_PORT_TYPE_SEND_ONCE MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_SET	 MACH_PORT_TYPE(MACH_PORT_RIGHT_PORT_SET)
#define MACH_PORT_TYPE_DEAD_NAME MACH_PORT_TYPE(MACH_PORT_RIGHT_DEAD_NAME)
#define MACH_PORT_TYPE_SEND_RECEIVE \
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)

typedef natural_t mach_port_urefs_t;
typedef integer_t mach_port_delta_t;
typedef natural_t mach_port_seqno_t;
typedef natural_t mach_port_mscount_t;
typedef natural_t mach_port_msgcount_t;
typedef natural_t mach_port_rights_t;

#define MACH_PORT_QLIMIT_DEFAULT ((mach_port_msgcount_t)5)
#define MACH_PORT_QLIMIT_MAX	 ((mach_port_msgcount_t)1024)

#endif /* MACH_PORT_H */
