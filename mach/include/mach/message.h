/*
 * The Mach message: the one data format every interface in the system
 * speaks, between tasks and between a task and the kernel.
 *
 * Layout (the untyped OSF/xnu format, 64-bit):
 *
 *	mach_msg_header_t			24 bytes, always
 *	mach_msg_body_t				only if MACH_MSGH_BITS_COMPLEX:
 *	descriptor[msgh_descriptor_count]	port (12 bytes), out-of-line
 *						memory (16), out-of-line ports (16)
 *	inline data				plain bytes, up to msgh_size
 *	trailer					appended by the kernel on receive
 *
 * msgh_size counts header, body, descriptors and inline data, never the
 * trailer, and is a multiple of 4.  Every descriptor keeps its type in
 * byte 11, so a reader can walk a descriptor list by looking at that byte.
 * Structures are packed to 4 bytes, as on the wire.
 */
#ifndef MACH_MESSAGE_H
#define MACH_MESSAGE_H

#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/std_types.h>

typedef natural_t mach_msg_bits_t;
typedef natural_t mach_msg_size_t;
typedef integer_t mach_msg_id_t;
typedef natural_t mach_msg_timeout_t;
typedef natural_t mach_msg_type_name_t;
typedef natural_t mach_msg_type_size_t;
typedef natural_t mach_msg_type_number_t;
typedef natural_t mach_msg_copy_options_t;
typedef natural_t mach_msg_descriptor_type_t;
typedef natural_t mach_msg_trailer_type_t;
typedef natural_t mach_msg_trailer_size_t;
typedef integer_t mach_msg_option_t;
typedef kern_return_t mach_msg_return_t;

#define MACH_MSG_TIMEOUT_NONE ((mach_msg_timeout_t)0)

/* msgh_bits: the dispositions of the two header rights, and flags. */
#define MACH_MSGH_BITS_ZERO	   0x00000000u
#define MACH_MSGH_BITS_REMOTE_MASK 0x0000001fu
#define MACH_MSGH_BITS_LOCAL_MASK  0x00001f00u
#define MACH_MSGH_BITS_PORTS_MASK \
	(MACH_MSGH_BITS_REMOTE_MASK | MACH_MSGH_BITS_LOCAL_MASK)
#define MACH_MSGH_BITS_COMPLEX 0x80000000u
#define MACH_MSGH_BITS_USER    0x80001f1fu /* bits a sender may set */

#define MACH_MSGH_BITS(remote, local) ((remote) | ((local) << 8))
#define MACH_MSGH_BITS_REMOTE(bits)   ((bits)&MACH_MSGH_BITS_REMOTE_MASK)
#define MACH_MSGH_BITS_LOCAL(bits)    (((bits)&MACH_MSGH_BITS_LOCAL_MASK) >> 8)
#define MACH_MSGH_BITS_PORTS(bits)    ((bits)&MACH_MSGH_BITS_PORTS_MASK)
#define MACH_MSGH_BITS_OTHER(bits)    ((bits) & ~MACH_MSGH_BITS_PORTS_MASK)

typedef struct {
	mach_msg_bits_t msgh_bits;
	mach_msg_size_t msgh_size;
	mach_port_t msgh_remote_port; /* destination on send */
	mach_port_t msgh_local_port;  /* reply port on send */
	mach_port_name_t msgh_reserved;
	mach_msg_id_t msgh_id;
} mach_msg_header_t;

typedef struct {
	mach_msg_size_t msgh_descriptor_count;
} mach_msg_body_t;

/*
 * Port dispositions: what a sender does with a right it names (MOVE,
 * COPY, MAKE), and what a receiver finds (PORT_*).
 */
#define MACH_MSG_TYPE_PORT_NAME	     15
#define MACH_MSG_TYPE_MOVE_RECEIVE   16
#define MACH_MSG_TYPE_MOVE_SEND	     17
#define MACH_MSG_TYPE_MOVE_SEND_ONCE 18
#define MACH_MSG_TYPE_COPY_SEND	     19
#define MACH_MSG_TYPE_MAKE_SEND	     20
#define MACH_MSG_TYPE_MAKE_SEND_ONCE 21
#define MACH_MSG_TYPE_COPY_RECEIVE   22 /* never valid in a message */
#define MACH_MSG_TYPE_PORT_RECEIVE   MACH_MSG_TYPE_MOVE_RECEIVE
#define MACH_MSG_TYPE_PORT_SEND	     MACH_MSG_TYPE_MOVE_SEND
#define MACH_MSG_TYPE_PORT_SEND_ONCE MACH_MSG_TYPE_MOVE_SEND_ONCE
#define MACH_MSG_TYPE_LAST	     22
#define MACH_MSG_TYPE_PORT_ANY(x) \
	((x) >= MACH_MSG_TYPE_MOVE_RECEIVE && \
	 (x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define MACH_MSG_TYPE_PORT_ANY_SEND(x) \
	((x) >= MACH_MSG_TYPE_MOVE_SEND && (x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define MACH_MSG_TYPE_PORT_ANY_RIGHT(x) \
	((x) >= MACH_MSG_TYPE_MOVE_RECEIVE && \
	 (x) <= MACH_MSG_TYPE_MOVE_SEND_ONCE)

/*
 * What a right sent with a disposition arrives as (MACH_MSG_TYPE_PORT_*),
 * or 0 for what is not a port disposition.  The same form is what a
 * sender finds in its own message when a send fails after the kernel
 * took the rights (MACH_SEND_INVALID_DEST and the like).
 */
static inline mach_msg_type_name_t
mach_msg_type_received(mach_msg_type_name_t disposition)
{
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return 0;
	}
}

/*
 * Scalar type names.  The untyped format carries no type tags; these
 * names exist for interface definitions (.defs), where they give the
 * size of each argument.
 */
#define MACH_MSG_TYPE_UNSTRUCTURED 0
#define MACH_MSG_TYPE_BIT	   0
#define MACH_MSG_TYPE_BOOLEAN	   0
#define MACH_MSG_TYPE_INTEGER_16   1
#define MACH_MSG_TYPE_INTEGER_32   2
#define MACH_MSG_TYPE_CHAR	   8
#define MACH_MSG_TYPE_BYTE	   9
#define MACH_MSG_TYPE_INTEGER_8	   9
#define MACH_MSG_TYPE_REAL	   10
#define MACH_MSG_TYPE_INTEGER_64   11
#define MACH_MSG_TYPE_STRING	   12
#define MACH_MSG_TYPE_STRING_C	   12
#define MACH_MSG_TYPE_POLYMORPHIC  ((mach_msg_type_name_t)-1)

/* Descriptors. */
#define MACH_MSG_PORT_DESCRIPTOR	 0
#define MACH_MSG_OOL_DESCRIPTOR		 1
#define MACH_MSG_OOL_PORTS_DESCRIPTOR	 2
#define MACH_MSG_OOL_VOLATILE_DESCRIPTOR 3

/* How out-of-line memory travels. */
#define MACH_MSG_PHYSICAL_COPY 0
#define MACH_MSG_VIRTUAL_COPY  1
#define MACH_MSG_ALLOCATE      2

#pragma pack(push, 4)

/* The common view: enough to read any descriptor's type. */
typedef struct {
	natural_t pad1;
	mach_msg_size_t pad2;
	unsigned int pad3 : 24;
	mach_msg_descriptor_type_t type : 8;
} mach_msg_type_descriptor_t;

typedef struct {
	mach_port_t name;
	mach_msg_size_t pad1;
	unsigned int pad2 : 16;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
} mach_msg_port_descriptor_t;

typedef struct {
	void *address;
	boolean_t deallocate : 8;
	mach_msg_copy_options_t copy : 8;
	unsigned int pad1 : 8;
	mach_msg_descriptor_type_t type : 8;
	mach_msg_size_t size;
} mach_msg_ool_descriptor_t;

typedef struct {
	void *address;
	boolean_t deallocate : 8;
	mach_msg_copy_options_t copy : 8;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
	mach_msg_size_t count;
} mach_msg_ool_ports_descriptor_t;

typedef union {
	mach_msg_port_descriptor_t port;
	mach_msg_ool_descriptor_t out_of_line;
	mach_msg_ool_ports_descriptor_t ool_ports;
	mach_msg_type_descriptor_t type;
} mach_msg_descriptor_t;

/*
 * Trailers.  The receiver asks for one with MACH_RCV_TRAILER_TYPE and
 * MACH_RCV_TRAILER_ELEMENTS in its options; the kernel appends it after
 * msgh_size bytes (rounded up to 4) and sets msgh_trailer_size.
 */
#define MACH_MSG_TRAILER_FORMAT_0 0

typedef struct {
	unsigned int val[2];
} security_token_t;

typedef struct {
	unsigned int val[8];
} audit_token_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
} mach_msg_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
} mach_msg_seqno_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
} mach_msg_security_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
	audit_token_t msgh_audit;
} mach_msg_audit_trailer_t;

typedef mach_msg_audit_trailer_t mach_msg_max_trailer_t;
#define MAX_TRAILER_SIZE ((mach_msg_size_t)sizeof(mach_msg_max_trailer_t))

typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
} mach_msg_base_t;

/* An empty message: what a null RPC sends. */
typedef struct {
	mach_msg_header_t header;
} mach_msg_empty_send_t;

typedef struct {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
} mach_msg_empty_rcv_t;

#pragma pack(pop)

#define MACH_RCV_TRAILER_NULL	     0
#define MACH_RCV_TRAILER_SEQNO	     1
#define MACH_RCV_TRAILER_SENDER	     2
#define MACH_RCV_TRAILER_AUDIT	     3
#define MACH_RCV_TRAILER_TYPE(x)     (((x)&0xf) << 28)
#define MACH_RCV_TRAILER_ELEMENTS(x) (((x)&0xf) << 24)
#define MACH_RCV_TRAILER_MASK	     (0xffu << 24)
#define GET_RCV_ELEMENTS(option)     (((option) >> 24) & 0xf)

/* Options of mach_msg. */
#define MACH_MSG_OPTION_NONE 0x00000000
#define MACH_SEND_MSG	     0x00000001
#define MACH_RCV_MSG	     0x00000002
#define MACH_RCV_LARGE	     0x00000004
#define MACH_SEND_TIMEOUT    0x00000010
#define MACH_SEND_INTERRUPT  0x00000040
#define MACH_SEND_NOTIFY     0x00000080
#define MACH_SEND_ALWAYS     0x00010000 /* kernel-internal */
#define MACH_RCV_TIMEOUT     0x00000100
#define MACH_RCV_NOTIFY	     0x00000200
#define MACH_RCV_INTERRUPT   0x00000400
#define MACH_RCV_OVERWRITE   0x00001000

/* Results of mach_msg.  Send errors 0x1000xxxx, receive 0x1000 4xxx. */
#define MACH_MSG_SUCCESS    0x00000000
#define MACH_MSG_MASK	    0x00003e00
#define MACH_MSG_IPC_SPACE  0x00002000
#define MACH_MSG_VM_SPACE   0x00001000
#define MACH_MSG_IPC_KERNEL 0x00000800
#define MACH_MSG_VM_KERNEL  0x00000400

#define MACH_SEND_IN_PROGRESS	  0x10000001
#define MACH_SEND_INVALID_DATA	  0x10000002
#define MACH_SEND_INVALID_DEST	  0x10000003
#define MACH_SEND_TIMED_OUT	  0x10000004
#define MACH_SEND_INTERRUPTED	  0x10000007
#define MACH_SEND_MSG_TOO_SMALL	  0x10000008
#define MACH_SEND_INVALID_REPLY	  0x10000009
#define MACH_SEND_INVALID_RIGHT	  0x1000000a
#define MACH_SEND_INVALID_NOTIFY  0x1000000b
#define MACH_SEND_INVALID_MEMORY  0x1000000c
#define MACH_SEND_NO_BUFFER	  0x1000000d
#define MACH_SEND_TOO_LARGE	  0x1000000e
#define MACH_SEND_INVALID_TYPE	  0x1000000f
#define MACH_SEND_INVALID_HEADER  0x10000010
#define MACH_SEND_INVALID_TRAILER 0x10000011

#define MACH_RCV_IN_PROGRESS	 0x10004001
#define MACH_RCV_INVALID_NAME	 0x10004002
#define MACH_RCV_TIMED_OUT	 0x10004003
#define MACH_RCV_TOO_LARGE	 0x10004004
#define MACH_RCV_INTERRUPTED	 0x10004005
#define MACH_RCV_PORT_CHANGED	 0x10004006
#define MACH_RCV_INVALID_NOTIFY	 0x10004007
#define MACH_RCV_INVALID_DATA	 0x10004008
#define MACH_RCV_PORT_DIED	 0x10004009
#define MACH_RCV_IN_SET		 0x1000400a
#define MACH_RCV_HEADER_ERROR	 0x1000400b
#define MACH_RCV_BODY_ERROR	 0x1000400c
#define MACH_RCV_INVALID_TYPE	 0x1000400d
#define MACH_RCV_SCATTER_SMALL	 0x1000400e
#define MACH_RCV_INVALID_TRAILER 0x1000400f

/* Largest message the kernel accepts, inline part. */
#define MACH_MSG_SIZE_MAX ((mach_msg_size_t)(64 * 1024))

#endif /* MACH_MESSAGE_H */
