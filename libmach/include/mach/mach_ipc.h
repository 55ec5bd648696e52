/*
 * IPC for native tasks: the message trap and the traps that name ports,
 * and the per-thread data libmach keeps (a reply port for RPCs).
 */
#ifndef MACH_MACH_IPC_H
#define MACH_MACH_IPC_H

#include <mach/message.h>
#include <mach/mig_support.h>
#include <mach/port.h>
#include <sys/reent.h>

/* The trap itself: mach_msg without the notify argument. */
mach_msg_return_t
mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_name_t rcv_name, mach_msg_timeout_t timeout);

/* A new port; the caller holds its receive right. */
mach_port_t mach_reply_port(void);

/*
 * Send rights to this task's, this thread's and the host's ports: each
 * trap adds a user reference to the caller's name for the port.
 * mach_task_self() is the trap's answer cached (libmach/mach_init.c):
 * after the first call it costs nothing and adds no reference, and
 * callers never deallocate it.  mach_task_self_trap() is the trap.
 */
mach_port_t mach_task_self(void);
mach_port_t mach_task_self_trap(void);
mach_port_t mach_thread_self(void);
mach_port_t mach_host_self(void);

/* Nanoseconds since boot (libmach/clock.c): the TSC, calibrated by the
 * kernel once; 0 if the kernel does not say its rate. */
int64_t mach_clock_ns(void);

/* The privileged host port (a new send right), or MACH_PORT_NULL: only
 * for tasks the kernel started at boot (TASK_HOST_PRIV_PORT). */
mach_port_t mach_host_priv_self(void);

/*
 * Sets up what libmach keeps for the calling thread's task: the calling
 * thread becomes the main thread (fresh libmach data, %fs), and the
 * cached names (mach_task_self, the host port, bootstrap_port) are
 * forgotten and learnt again.  The task's start calls it.  A fork
 * implementation calls it in the child, on its only thread, before the
 * child uses anything else of libmach or newlib: the child's memory is a
 * copy of its parent's, and so are these names, which mean nothing (or
 * something else) in the child's port name space.  The thread may start
 * in a function of its own or with a copy of its parent's registers
 * (fs_base included).  The parent's other threads do not exist in the
 * child, nor do their ports.  (docs/libmach.md)
 */
void mach_init(void);

/* The host's port, cached as mach_task_self() is (mach_init.c). */
mach_port_t libmach_host_port(void);

/*
 * Whether a call failed only for want of kernel memory: its request or
 * reply could not be had (KERN_RESOURCE_SHORTAGE, MACH_SEND_NO_BUFFER),
 * a right in the reply found no room in this task's name space (an
 * error with MACH_MSG_IPC_SPACE), or the stub's reply port could not be
 * made (MACH_RCV_INVALID_NAME).
 * Calls that release something (a right, a thread) are worth trying
 * again, MACH_SHORTAGE_TRIES times at most: what they would leave behind
 * may be a client's reply right, and the client would wait forever.
 */
static inline int
mach_short_of_memory(kern_return_t kr)
{
	return kr == KERN_RESOURCE_SHORTAGE || kr == MACH_SEND_NO_BUFFER ||
	       kr == MACH_RCV_INVALID_NAME ||
	       (MIG_IS_RCV_ERROR(kr) && (kr & MACH_MSG_IPC_SPACE));
}
#define MACH_SHORTAGE_TRIES 1000

/* Sets the calling thread's thread-local storage pointer (%fs base). */
kern_return_t mach_set_tls(void *base);

struct mach_thread;

/*
 * What libmach keeps for each thread, reached through %fs.  Only the
 * thread itself touches these fields, except lt_wait_next (guarded by
 * the lock of the wait queue the thread is on: libmach/mach_wait_queue.c)
 * and lt_wake_port, which wakers read while the thread waits.
 * lt_reent is the thread's newlib state (errno, ...; newlib's
 * __getreent): lt_reent_own, or newlib's global one for the main
 * thread (libmach/newlib_reent.c).  lt_library is for a thread library
 * built on libmach's (the personalities' pthread.c: the thread's
 * record), NULL until it sets it.
 */
struct libmach_thread {
	struct libmach_thread *lt_self; /* %fs:0 */
	mach_port_t lt_reply_port;	/* for RPCs (mig_get_reply_port) */
	mach_port_t lt_wake_port;	/* receive right, made on first wait */
	struct libmach_thread *lt_wait_next; /* on a wait queue */
	struct mach_thread *lt_thread;	     /* <mach/mach_thread.h>, or NULL */
	void *lt_library;		     /* a thread library's, or NULL */
	struct _reent *lt_reent;	     /* newlib's state: __getreent */
	struct _reent lt_reent_own;
};

/*
 * Makes data the calling thread's libmach_thread, with a fresh newlib
 * state of its own (errno 0, ...).  A thread started by hand calls it
 * before anything else of libmach or newlib.
 */
void libmach_thread_init(struct libmach_thread *data);
struct libmach_thread *libmach_thread_self(void);
/* Destroys the ports libmach made for the calling thread, and frees its
 * newlib state's memory, as it ends. */
void libmach_thread_release(void);
/*
 * Sets a created, not yet running thread to start in entry(arg) with its
 * stack just below stack_top (aligned down to 16 bytes); entry must not
 * return.  For thread_spawn and mach_thread_create.
 */
kern_return_t libmach_thread_set_start(mach_port_t thread,
				       void (*entry)(void *), void *arg,
				       void *stack_top);

#endif /* MACH_MACH_IPC_H */
