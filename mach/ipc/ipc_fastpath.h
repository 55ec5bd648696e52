/*
 * The IPC fast path: a second door into mach_msg for the message of an
 * RPC (see ipc/ipc_fastpath.c).
 */
#ifndef IPC_IPC_FASTPATH_H
#define IPC_IPC_FASTPATH_H

#include <ipc/ipc_types.h>

struct thread;

/* Whether the fast path is used (kernel command line "fastpath=off"). */
extern int ipc_fastpath_enabled;

/*
 * Tries the fast path for the mach_msg trap with arguments args.  Returns
 * 0 if one of its preconditions fails (nothing was changed: the general
 * path must run), or 1 with the trap's result in *mr.  Interrupts are off.
 */
int ipc_fastpath(const uint64_t *args, mach_msg_return_t *mr);

/* Called on a receiver the fast path resumed (x86_64/locore.S): copies
 * the message it was given to its buffer and sets its result. */
void ipc_fastpath_complete(void);

#endif /* IPC_IPC_FASTPATH_H */
