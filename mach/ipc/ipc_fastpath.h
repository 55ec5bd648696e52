/*
 * The IPC fast path: a second door into mach_msg for the message of an
 * RPC (see ipc/ipc_fastpath.c).
 */
#ifndef IPC_IPC_FASTPATH_H
#define IPC_IPC_FASTPATH_H

#include <ipc/ipc_types.h>

struct thread;
struct trap_frame;

/* Whether the fast path is used (kernel command line "fastpath=off"),
 * and its register door (also off with "regipc=off").  Set at boot. */
extern int ipc_fastpath_enabled;
extern int ipc_fastpath_regs_enabled;

/*
 * The mach_msg trap's fast path, given the arguments it needs (the rest
 * stay in the trap frame), called by the trap entry with interrupts off
 * before anything else, if ipc_fastpath_enabled.  Returns if it
 * cannot take the call: nothing was changed, and the general path must
 * run.  Otherwise it does not return: the processor passes to the
 * receiver, and the calling thread waits in its receive.
 */
void ipc_fastpath_trap(uint64_t msg, mach_msg_option_t option,
		       mach_msg_size_t send_size, mach_port_name_t rcv_name);

/*
 * The continuation of a thread whose fast receive the general path ended
 * (a message that was not fast, thread_abort, the port's death): on its
 * own stack, with interrupts off, it finishes the receive as mach_msg
 * does and sets the trap's result.
 */
void ipc_fastpath_continue(struct trap_frame *frame);

/* Messages that took the fast path, of mach_msg (less those of its hot
 * path: ipc_hotpath_msg_count) and of the register trap. */
extern unsigned long ipc_fastpath_count;
extern unsigned long ipc_fastpath_regs_count;

/*
 * The register trap's fast path (mach/msg_regs.h), given the trap frame,
 * called by the trap entry as ipc_fastpath_trap is: it takes a request
 * or a reply between two threads in the register trap, and returns only
 * if it cannot (nothing changed: the general path, mach_msg_regs_trap,
 * runs).
 */
void ipc_fastpath_regs_trap(struct trap_frame *frame);

/*
 * The light entry's door (lightentry, docs/kernel.md): the register
 * trap's fast path for an entry that keeps the message's data words in
 * the registers across the switch.  Called by the trap entry as
 * ipc_fastpath_regs_trap is, if ipc_fastpath_light_enabled, and returns
 * as it does if it cannot take the call.  Otherwise it sets the
 * receiver's MR0..MR3 and result in its frame and returns to it with
 * the sender's data words in the registers (machine_thread_return_regs);
 * a receiver with an AST to take returns through its whole frame, as
 * from ipc_fastpath_regs_trap.
 */
void ipc_fastpath_regs_light(struct trap_frame *frame);

/* Whether the register trap takes the light entry (the lesson:
 * lightentry=off clears it), and whether it then does (also its fast
 * path on).  Set at boot. */
extern int ipc_light_entry_enabled;
extern int ipc_fastpath_light_enabled;

/*
 * Whether the register fast path caches a request's reply right in the
 * receiving thread's reserved entry (replycache=off clears it:
 * ipc/ipc_space.h), and the replies it answered from the cache.
 */
extern int ipc_reply_cache_enabled;
extern unsigned long ipc_reply_cached_count;

/* Register messages that left through the light entry's exit. */
extern unsigned long ipc_fastpath_light_count;

/* The continuation of a thread whose fast register receive the general
 * path ended: finishes it as mach_msg_regs_trap does. */
void ipc_fastpath_regs_continue(struct trap_frame *frame);

#endif /* IPC_IPC_FASTPATH_H */
