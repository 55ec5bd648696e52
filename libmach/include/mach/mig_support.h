/*
 * The run-time interface of IDL-generated stubs (build/bin/mig's
 * output): what user and server stubs call, and the few types and
 * macros they share.  libmach implements the functions for tasks; the
 * kernel and the host tests provide their own.
 *
 * User stubs send with mach_msg(), take a reply port from
 * mig_get_reply_port() and, after a receive error (the reply may still
 * come), give it up with mig_dealloc_reply_port() so that a late reply
 * cannot be mistaken for the next one.  Strings are copied with
 * mig_strncpy(); memory for an out array[] that arrived inline is
 * allocated with mig_allocate(); memory that a stub must release is
 * released with mig_deallocate().
 *
 * Server stubs are reached through the demux (<subsystem>_server, of
 * type boolean_t (*)(mach_msg_header_t *, mach_msg_header_t *)) or the
 * lookup <subsystem>_server_routine(), which returns a mig_routine_t.
 */
#ifndef MACH_MIG_SUPPORT_H
#define MACH_MIG_SUPPORT_H

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/port.h>
#include <mach/std_types.h>

/* A server stub: checks the request, calls the routine, fills the reply. */
typedef void (*mig_routine_t)(mach_msg_header_t *in, mach_msg_header_t *out);

/* Inline data is padded to 4 bytes. */
#define MIG_ROUND4(n) (((n) + 3u) & ~3u)

/* Is a mach_msg result a receive error (MACH_RCV_*)? */
#define MIG_IS_RCV_ERROR(mr) \
	(((mach_msg_return_t)(mr) & ~(MACH_MSG_MASK | 0xff)) == 0x10004000)

/*
 * The id of a send-once notification: a user stub that receives it in
 * place of a reply returns MIG_SERVER_DIED.  (<mach/notify.h> defines
 * it too, with the same value.)
 */
#ifndef MACH_NOTIFY_SEND_ONCE
#define MACH_NOTIFY_SEND_ONCE 0107
#endif

/*
 * Send and/or receive a message.  option is MACH_SEND_MSG and/or
 * MACH_RCV_MSG and their modifiers; send_size is msgh_size; rcv_size the
 * receive buffer's size (the trailer included); rcv_name the port or set
 * to receive from; timeout in milliseconds when MACH_*_TIMEOUT is set.
 */
mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name,
			   mach_msg_timeout_t timeout, mach_port_name_t notify);

/*
 * mach_msg through the register trap (<mach/msg_regs.h>) when the
 * message to send and the one received fit in registers, and through
 * mach_msg otherwise, with mach_msg's results in both cases.  User stubs
 * call it for a routine whose request and reply are short and simple
 * (mig's -noregs turns it off); libmach's is in mach_msg_regs.c.
 */
mach_msg_return_t
mach_msg_regs(mach_msg_header_t *msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	      mach_port_name_t notify);

/* The calling thread's reply port (created on first use). */
mach_port_t mig_get_reply_port(void);

/* Destroy the reply port after a receive error; the next call makes one. */
void mig_dealloc_reply_port(mach_port_t reply_port);

/* Give the reply port back after use (nothing to do if it is cached). */
void mig_put_reply_port(mach_port_t reply_port);

/*
 * Copy at most len - 1 bytes of src and a terminating NUL into dst
 * (len > 0).  Returns the number of bytes written, the NUL included.
 */
vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len);

/* Allocate size bytes of zeroed, page-rounded memory; *addr = 0 on failure. */
void mig_allocate(vm_address_t *addr, vm_size_t size);

/* Release memory from mig_allocate or received out-of-line. */
void mig_deallocate(vm_address_t addr, vm_size_t size);

#endif /* MACH_MIG_SUPPORT_H */
