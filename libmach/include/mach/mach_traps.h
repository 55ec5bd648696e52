/*
 * The kernel's traps as C functions, for user tasks (libmach/traps.S).
 *
 * Each function is one `syscall` with the trap number of <mach/traps.h>;
 * arguments travel in rdi, rsi, rdx (r10, r8, r9) and the result in rax.
 * A trap given a pointer the task cannot access returns
 * KERN_INVALID_ADDRESS; it never kills the task.
 *
 * debug_console_write is the kernel console (see <mach/traps.h>);
 * programs should print through newlib (printf), which uses it.
 */
#ifndef MACH_MACH_TRAPS_H
#define MACH_MACH_TRAPS_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/std_types.h>
#include <mach/traps.h>
#include <stddef.h>

/* Does nothing: the cost of a trap.  Returns KERN_SUCCESS. */
kern_return_t mach_null_trap(void);

/*
 * Gives up the processor to any other ready thread (of any priority);
 * returns when this thread runs again.  pri is reserved; pass 0.
 */
int swtch_pri(int pri);

/*
 * thread_switch(MACH_PORT_NULL, option, time): SWITCH_OPTION_NONE gives
 * up the processor as swtch_pri does; SWITCH_OPTION_WAIT waits for time
 * milliseconds (at least a timer tick; 0 only yields).  Returns
 * KERN_SUCCESS, or KERN_ABORTED if thread_abort ended the wait early.
 * A thread other than MACH_PORT_NULL, SWITCH_OPTION_DEPRESS or another
 * option: KERN_INVALID_ARGUMENT.
 */
kern_return_t thread_switch(mach_port_t thread, int option,
			    mach_msg_timeout_t time);

/*
 * Writes buf[0..len) to the console as one unit: the bytes of one call
 * are never interleaved with another task's.
 */
kern_return_t debug_console_write(const char *buf, size_t len);

/* The kernel's accounting (host_info(HOST_KERNEL_STATS) on the host port). */
struct kernel_stats;
kern_return_t mach_kernel_stats(struct kernel_stats *out);

/* Sets the calling thread's priority (thread_set_priority on its port),
 * MACH_PRIORITY_MIN..MAX: KERN_INVALID_VALUE outside. */
kern_return_t mach_thread_priority(int priority);

/*
 * Starts fn(arg) in a new thread on stack[0..size) (thread_create,
 * thread_set_state, thread_resume); the thread ends when fn returns,
 * leaving no port behind.  The top of the stack holds the thread's
 * libmach data (about 1.4 KiB, newlib's state included).  Returns
 * non-zero if the thread started.  For threads to join, see
 * <mach/mach_thread.h>.  (libmach/thread.c)
 */
long thread_spawn(void (*fn)(void *), void *arg, void *stack, size_t size);

/* Ends the calling thread, releasing the ports libmach made for it. */
void libmach_thread_exit(void) __attribute__((noreturn));

#endif /* MACH_MACH_TRAPS_H */
