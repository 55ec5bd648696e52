/*
 * The register hot path: the register trap's fast path for the two
 * messages of a repeated RPC (see ipc/ipc_hotpath.c).
 */
#ifndef IPC_IPC_HOTPATH_H
#define IPC_IPC_HOTPATH_H

#include <mach/message.h>
#include <stdint.h>

struct trap_frame;

/*
 * Whether the trap entry tries the hot path, and mach_msg's door its hot
 * copy (ipc/ipc_fastpath.c): set at boot, when the fast path, the
 * register trap, the light entry, the reply cache and handoff are all
 * on, the FPU is lazy, and the command line does not say "hotpath=off".
 */
extern int ipc_hotpath_enabled;

/*
 * The option of the register trap that the hot path takes, MACH_SEND_MSG
 * | MACH_RCV_MSG, set at boot if ipc_hotpath_enabled; else -1, which no
 * option is once its trailer bits are cleared.  The trap entry calls the
 * hot path for every register trap: this one comparison of the option
 * also tells whether it is on.
 */
extern mach_msg_option_t ipc_hotpath_option;

/* Register messages that took the hot path: the requests, and the
 * replies (each a reply through the reply cache); each is a switch. */
extern unsigned long ipc_hotpath_request_count;
extern unsigned long ipc_hotpath_reply_count;

/*
 * Messages of mach_msg's hot path (ipc/ipc_fastpath.c, fastpath_msg): the
 * fast path's requests with a copied send right and its replies, taken
 * with its switch cut down when ipc_hotpath_enabled.  Each is also a
 * message of the fast path and a switch, added when they are read.
 */
extern unsigned long ipc_hotpath_msg_count;

/*
 * The register trap's hot path, given the message registers MR0..MR3
 * and the trap frame (which holds them too), called by the trap entry
 * with interrupts off before the fast path's doors.  Returns if it
 * cannot take the call: nothing was changed, and the fast path
 * (ipc_fastpath_regs_light) must run.
 * Otherwise it does not return: the processor passes to the receiver,
 * which returns to user mode with the message, and the calling thread
 * waits in its receive.  It keeps no callee-saved register.
 */
void ipc_hotpath_regs(uint64_t mr0, uint64_t mr1, uint64_t mr2, uint64_t mr3,
		      struct trap_frame *frame);

#endif /* IPC_IPC_HOTPATH_H */
