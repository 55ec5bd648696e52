/*
 * GNU Mach 1.8's user ABI for a 32-bit task, as far as bench_gnumach
 * (the GNU Mach column of `make bench`, docs/bench.md) uses it.  This
 * program is freestanding: it includes no header of GNU Mach's nor of
 * ours (our <mach/message.h> has the untyped OSF layout; GNU Mach's
 * messages are Mach 3's typed ones), so what it needs is spelled out
 * here, from GNU Mach's interface definitions (mach.defs, device.defs,
 * mach_host.defs) and <mach/message.h>.
 *
 * A message: a 24-byte header, then for each item a 4-byte type word
 * (mach_msg_type_t: name, bits per element, element count, inline,
 * long form, deallocate) and the item's data, padded to 4 bytes; a long
 * type (12 bytes) carries name, size and count in their own fields.
 * Port names and pointers are 32-bit.
 *
 * The traps (gnumach_trap.S) go through the call gate with `lcall $7,$0`,
 * the call number (negative) in %eax, the arguments on the user stack
 * as a C call leaves them.
 */
#ifndef GNUMACH_H
#define GNUMACH_H

typedef unsigned int gm_port_t;
typedef int gm_return_t;

#define GM_PORT_NULL	0u
#define GM_KERN_SUCCESS 0
#define GM_MSG_SUCCESS	0
#define GM_TRUE		1

/* mach_msg options. */
#define GM_SEND_MSG 0x00000001u
#define GM_RCV_MSG  0x00000002u

/* Type names: data, and what happens to a port right in a message. */
#define GM_TYPE_INTEGER_32     2
#define GM_TYPE_CHAR	       8
#define GM_TYPE_BYTE	       9
#define GM_TYPE_STRING_C       12
#define GM_TYPE_MOVE_RECEIVE   16
#define GM_TYPE_MOVE_SEND_ONCE 18
#define GM_TYPE_COPY_SEND      19
#define GM_TYPE_MAKE_SEND      20
#define GM_TYPE_MAKE_SEND_ONCE 21

/* msgh_bits: the remote right's type in bits 0-7, the local's in 8-15. */
#define GM_MSGH_BITS(remote, local) ((unsigned)(remote) | ((local) << 8))
#define GM_MSGH_BITS_COMPLEX	    0x80000000u

/*
 * The image measured (Debian's 1.8+git20221224) converts a 32-bit task's
 * message as it copies it in (its header is 32 bytes inside the kernel,
 * and a port name or an out-of-line address in the body takes 8 bytes),
 * but leaves msgh_size at the size sent, the task's.  Its RPC stubs then
 * check msgh_size against the kernel's layout and refuse the request
 * (MIG_BAD_ARGUMENTS), and the walk over a complex message's body stops
 * short of its last descriptors.  So a message with a body is sent with
 * a filler after it (gm_message_pad), as long as the conversion adds:
 * the size sent, and so msgh_size inside the kernel, is then what the
 * kernel's layout needs.  The filler is a type word with no elements
 * at each 8-byte boundary in it (the conversion aligns each item to 8
 * bytes), which the conversion copies and the kernel's walk, which ends
 * at msgh_size, never reaches.  A message that is a bare header needs
 * none: nothing reads its size.
 */
#define GM_KERNEL_SIZE(size, ports) ((size) + 8 + 4 * (ports))

/* The same image checks a port right's msgt_size against its own port
 * size, 64 bits, without converting a 32-bit task's: a right in a body
 * says 64 (the name itself stays 4 bytes); 32 is MACH_SEND_INVALID_TYPE.
 * An out-of-line region is refused (MACH_SEND_INVALID_MEMORY) however
 * its address is padded: bench_gnumach has no ool_self_4k. */
#define GM_PORT_TYPE_BITS 64

struct gm_header {
	unsigned int mh_bits;
	unsigned int mh_size;
	gm_port_t mh_remote_port;
	gm_port_t mh_local_port;
	unsigned int mh_seqno;
	int mh_id;
};

/* A short type word; a long one is gm_type_long below. */
typedef unsigned int gm_type_t;

static inline gm_type_t
gm_type(unsigned name, unsigned bits, unsigned number, int is_inline)
{
	return name | bits << 8 | number << 16 | (is_inline ? 1u : 0u) << 28;
}

#define GM_TYPE_LONGFORM (1u << 29)

struct gm_type_long {
	gm_type_t tl_header; /* inline and longform set, the rest 0 */
	unsigned short tl_name;
	unsigned short tl_size;
	unsigned int tl_number;
};

/* The kernel RPCs' message ids (their place in the .defs). */
#define GM_ID_THREAD_TERMINATE	  2016
#define GM_ID_THREAD_SET_STATE	  2018
#define GM_ID_THREAD_CREATE	  2061
#define GM_ID_THREAD_RESUME	  2063
#define GM_ID_HOST_REBOOT	  2635
#define GM_ID_DEVICE_OPEN	  2800
#define GM_ID_DEVICE_WRITE_INBAND 2803

/* A reply's id is the request's plus 100. */
#define GM_REPLY_ID(id) ((id) + 100)

/* thread_set_state's flavor i386_THREAD_STATE: the registers of a
 * 32-bit thread, in this order. */
#define GM_I386_THREAD_STATE 1
struct gm_thread_state {
	unsigned int ts_gs, ts_fs, ts_es, ts_ds;
	unsigned int ts_edi, ts_esi, ts_ebp, ts_esp;
	unsigned int ts_ebx, ts_edx, ts_ecx, ts_eax;
	unsigned int ts_eip, ts_cs, ts_efl, ts_uesp, ts_ss;
};
#define GM_THREAD_STATE_COUNT \
	(sizeof(struct gm_thread_state) / sizeof(unsigned int))

/* device_open's mode; device_write_inband takes at most this much. */
#define GM_D_WRITE	     2
#define GM_DEVICE_INBAND_MAX 128

/* The traps (gnumach_trap.S), with GNU Mach's numbers. */
gm_return_t gm_mach_msg_trap(void *msg, unsigned option, unsigned send_size,
			     unsigned rcv_size, gm_port_t rcv_name,
			     unsigned timeout, gm_port_t notify);
gm_port_t gm_mach_reply_port(void);
gm_port_t gm_mach_task_self(void);
gm_return_t gm_task_create(gm_port_t parent, int inherit_memory,
			   gm_port_t *child);
gm_return_t gm_task_terminate(gm_port_t task);
gm_return_t gm_mach_port_insert_right(gm_port_t task, gm_port_t name,
				      gm_port_t right, unsigned type);
gm_return_t gm_mach_port_deallocate(gm_port_t task, gm_port_t name);

/* The first instructions of a thread made by gm_thread_start:
 * gm_thread_entry (gnumach_trap.S) calls the function in %ebx with the
 * argument in %eax, on the stack in %esp. */
void gm_thread_entry(void);

/* gcc may call these even in a freestanding program (gnumach_rpc.c). */
void *memcpy(void *to, const void *from, unsigned long size);
void *memset(void *to, int byte, unsigned long size);

/* Writes the filler after the message of size bytes, with ports port
 * names and out-of-line addresses in its body; returns the size to send
 * (see GM_KERNEL_SIZE).  The buffer must hold that many bytes. */
unsigned gm_message_pad(void *message, unsigned size, unsigned ports);

/* The kernel RPCs (gnumach_rpc.c): each builds its request in the
 * caller's buffer (gm_rpc_*_request, which the host test checks),
 * then sends it and receives the reply on reply_port. */
struct gm_rpc_buffer {
	union {
		struct gm_header rb_header;
		unsigned int rb_words[64];
	};
};
unsigned gm_rpc_device_open_request(struct gm_rpc_buffer *b, gm_port_t master,
				    gm_port_t reply_port, const char *name);
unsigned gm_rpc_device_write_inband_request(struct gm_rpc_buffer *b,
					    gm_port_t device,
					    gm_port_t reply_port,
					    const char *data, unsigned size);
unsigned gm_rpc_thread_set_state_request(struct gm_rpc_buffer *b,
					 gm_port_t thread, gm_port_t reply_port,
					 const struct gm_thread_state *state);
unsigned gm_rpc_bare_request(struct gm_rpc_buffer *b, gm_port_t target,
			     gm_port_t reply_port, int id);
gm_return_t gm_device_open(gm_port_t master, const char *name,
			   gm_port_t *device);
gm_return_t gm_device_write_inband(gm_port_t device, const char *data,
				   unsigned size);
gm_return_t gm_thread_start(gm_port_t task, void (*function)(unsigned),
			    unsigned argument, void *stack_top,
			    gm_port_t *thread);
gm_return_t gm_thread_terminate(gm_port_t thread);
gm_return_t gm_host_reboot(gm_port_t host_priv);

#endif
