/*
 * IPC traps and the runtime that IDL-generated stubs need
 * (<mach/mig_support.h>): mach_msg, reply ports per thread, and memory
 * for out-of-line data.
 *
 * Each thread's struct libmach_thread is reached through %fs (set with
 * mach_set_tls); it holds the thread's reply port, made on first use,
 * and its newlib state (newlib_reent.c).
 */
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/task.h>
#include <mach/traps.h>
#include <mach/vm_map.h>
#include <string.h>

#include "newlib_reent.h"

static inline long
trap6(long number, long a0, long a1, long a2, long a3, long a4, long a5)
{
	long result;
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;

	__asm__ volatile("syscall"
			 : "=a"(result)
			 : "a"(number), "D"(a0), "S"(a1), "d"(a2), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return result;
}

mach_msg_return_t
mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	return trap6(MACH_TRAP_MSG, (long)msg, option, send_size, rcv_size,
		     rcv_name, timeout);
}

/* notify (MACH_SEND_NOTIFY / MACH_RCV_NOTIFY) is not supported. */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	 mach_port_name_t notify)
{
	(void)notify;
	return mach_msg_trap(msg, option, send_size, rcv_size, rcv_name,
			     timeout);
}

mach_port_t
mach_reply_port(void)
{
	return trap6(MACH_TRAP_REPLY_PORT, 0, 0, 0, 0, 0, 0);
}

/* mach_task_self(), the cached name, is in mach_init.c. */
mach_port_t
mach_task_self_trap(void)
{
	return trap6(MACH_TRAP_TASK_SELF, 0, 0, 0, 0, 0, 0);
}

mach_port_t
mach_thread_self(void)
{
	return trap6(MACH_TRAP_THREAD_SELF, 0, 0, 0, 0, 0, 0);
}

mach_port_t
mach_host_self(void)
{
	return trap6(MACH_TRAP_HOST_SELF, 0, 0, 0, 0, 0, 0);
}

mach_port_t
mach_host_priv_self(void)
{
	mach_port_t port = MACH_PORT_NULL;

	if (task_get_special_port(mach_task_self(), TASK_HOST_PRIV_PORT,
				  &port) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return port;
}

kern_return_t
mach_set_tls(void *base)
{
	return trap6(MACH_TRAP_SET_TLS, (long)base, 0, 0, 0, 0, 0);
}

void
libmach_thread_init(struct libmach_thread *data)
{
	data->lt_self = data;
	data->lt_reply_port = MACH_PORT_NULL;
	data->lt_wake_port = MACH_PORT_NULL;
	data->lt_wait_next = NULL;
	data->lt_thread = NULL;
	data->lt_library = NULL;
	newlib_reent_init(data);
	mach_set_tls(data);
}

/*
 * newlib's memory goes first: freeing it may have to wait for malloc's
 * lock, on the wake port.  The reply port goes last, destroyed by an RPC
 * that uses it as its own reply port: the kernel destroys it while
 * serving the request, the reply is lost, and the stub's failed receive
 * forgets the name (mig_dealloc_reply_port).
 */
void
libmach_thread_release(void)
{
	struct libmach_thread *self = libmach_thread_self();
	mach_port_t wake;

	newlib_reent_release(self);
	wake = self->lt_wake_port;
	self->lt_wake_port = MACH_PORT_NULL;
	if (MACH_PORT_VALID(wake))
		mach_port_destroy(mach_task_self(), wake);
	if (MACH_PORT_VALID(self->lt_reply_port))
		mach_port_destroy(mach_task_self(), self->lt_reply_port);
	self->lt_reply_port = MACH_PORT_NULL;
}

struct libmach_thread *
libmach_thread_self(void)
{
	struct libmach_thread *self;
	__asm__("movq %%fs:0, %0" : "=r"(self));
	return self;
}

/* The thread's reply port made, while memory is short again and again:
 * a request sent with no reply port would be carried out with nobody
 * told.  (Apart, so that mig_get_reply_port's common case saves no
 * registers: it begins every RPC.) */
static __attribute__((noinline)) mach_port_t
mig_make_reply_port(struct libmach_thread *self)
{
	for (int try = 0;
	     try < MACH_SHORTAGE_TRIES && self->lt_reply_port == MACH_PORT_NULL;
	     try++)
		self->lt_reply_port = mach_reply_port();
	return self->lt_reply_port;
}

mach_port_t
mig_get_reply_port(void)
{
	struct libmach_thread *self = libmach_thread_self();

	if (self->lt_reply_port != MACH_PORT_NULL)
		return self->lt_reply_port;
	return mig_make_reply_port(self);
}

/*
 * After a failed receive the reply port may yet get a late reply: stop
 * using it (the next RPC makes a new one).  It is not destroyed here:
 * that would take an RPC, which needs a reply port; and the failed
 * receive is often the end of libmach_thread_release's own destruction
 * of it.
 */
void
mig_dealloc_reply_port(mach_port_t reply_port)
{
	struct libmach_thread *self = libmach_thread_self();

	if (self->lt_reply_port == reply_port)
		self->lt_reply_port = MACH_PORT_NULL;
}

void
mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
}

void
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	*addr = 0;
	if (vm_allocate(mach_task_self(), addr, size, TRUE) != KERN_SUCCESS)
		*addr = 0;
}

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	vm_deallocate(mach_task_self(), addr, size);
}
