/*
 * Signals: actions, masks, posting, default actions, stop and continue,
 * delivery, and faults as signals.
 *
 *	signal_post		a signal to a process, queued until the
 *				request is done (signal_flush): then its
 *				default action is taken (terminate, stop,
 *				continue, ignore), or it is made pending
 *				and, if it has a handler and is not
 *				blocked, delivered
 *	signal_exception	a fault of one of the process's threads
 *	signal_inherit		a spawned child's actions and mask
 *	signal_fork		a forked child's: all of the parent's
 *	signal_exec		caught signals back to their default action
 *	do_unix_copy_recovery	where the library's unix_copy lies: a fault
 *				in it is EFAULT for the call, not a signal
 *	signal_post_group	a signal from the terminal to a process group
 *	signal_terminal_stop	SIGTTIN or SIGTTOU for a background access
 *				to the terminal
 *	do_unix_kill, do_unix_sigaction, do_unix_sigprocmask,
 *	do_unix_sigpending, do_unix_sigsuspend, do_unix_sigtake
 *
 * Delivery (docs/unix-server.md, "Signals"): the server runs no code in
 * a process, so it makes the process run its handlers itself.  A
 * pending, unblocked signal with a handler makes the server push a
 * frame on a thread of the process: the thread is suspended, its rip,
 * rsp and rflags are written below its stack's red zone in the layout
 * iretq pops, rip and rsp are set to the library's trampoline and that
 * frame, and the thread resumes.  Every other register is left alone,
 * so that a thread stopped inside a system call still gets that call's
 * results in its registers when the call returns, now into the
 * trampoline.  The trampoline saves the registers, takes the deliverable
 * signals one by one (unix_sigtake: the signal, its action, and the
 * mask to set while its handler runs), runs each handler and restores
 * the mask, then restores the registers and returns with iretq, which
 * loads rip, rsp and rflags at once: a frame pushed at any instant of
 * that return nests.  A frame is pushed each time a signal becomes
 * deliverable (posted, or unblocked), even on a thread already running
 * handlers: a signal a handler does not block nests in it, as on other
 * UNIX systems; a frame that finds its signal taken by an earlier one
 * returns at once.  A fault pushes its frame on the faulting thread.
 *
 * A process waiting in the server (a read of an empty pipe, a write to
 * a full one, wait, sigsuspend, sleep, poll) when a signal is delivered gets its
 * call answered: EINTR, or UNIX_ERESTART if the handler has SA_RESTART,
 * which makes the library send the call again after the handler ran.
 * A write that had moved some bytes answers their count instead.
 */
#include "unix.h"
#include "unix_reply.h"
#include "unix_server.h"

#include <errno.h>
#include <limits.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_types.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/thread_status.h>
#include <mach/vm_map.h>
#include <stdlib.h>
#include <string.h>

#define SIGNAL_BIT(sig)	  (1ull << (sig))
#define SIGNAL_VALID(sig) ((sig) > 0 && (sig) < NSIG)
/* Signals that can be neither caught, ignored nor blocked. */
#define SIGNAL_UNCATCHABLE (SIGNAL_BIT(SIGKILL) | SIGNAL_BIT(SIGSTOP))
#define SIGNAL_ALL	   ((SIGNAL_BIT(NSIG) - 1) & ~1ull)
#define SIGNAL_STOPS \
	(SIGNAL_BIT(SIGSTOP) | SIGNAL_BIT(SIGTSTP) | SIGNAL_BIT(SIGTTIN) | \
	 SIGNAL_BIT(SIGTTOU))
#define SIGNAL_HANDLER_DEFAULT 0
#define SIGNAL_HANDLER_IGNORE  1
#define SIGNAL_RED_ZONE	       128 /* bytes under rsp the ABI lets code use */

enum signal_default {
	SIGNAL_TERMINATE,
	SIGNAL_CORE, /* terminate: there is no core file */
	SIGNAL_STOP,
	SIGNAL_CONTINUE,
	SIGNAL_IGNORE
};

/* The frame pushed on a thread: what iretq pops, then padding.  The
 * trampoline fills in cs and ss (the server does not know the
 * selectors). */
struct signal_frame {
	uint64_t sf_rip, sf_cs, sf_rflags, sf_rsp, sf_ss, sf_pad;
};

static enum signal_default
signal_default_action(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGEMT:
	case SIGFPE:
	case SIGBUS:
	case SIGSEGV:
	case SIGSYS:
		return SIGNAL_CORE;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return SIGNAL_STOP;
	case SIGCONT:
		return SIGNAL_CONTINUE;
	case SIGURG:
	case SIGCHLD:
	case SIGWINCH:
		return SIGNAL_IGNORE;
	default:
		return SIGNAL_TERMINATE;
	}
}

/* Does sig, taken now by default or by its action, do nothing? */
static int
signal_ignored(struct process *p, int sig)
{
	vm_address_t handler = p->p_sig_actions[sig].sac_handler;
	enum signal_default action = signal_default_action(sig);

	if (SIGNAL_BIT(sig) & SIGNAL_UNCATCHABLE)
		return 0;
	if (handler == SIGNAL_HANDLER_IGNORE)
		return 1;
	return handler == SIGNAL_HANDLER_DEFAULT &&
	       (action == SIGNAL_IGNORE || action == SIGNAL_CONTINUE);
}

static int
signal_has_handler(struct process *p, int sig)
{
	return p->p_sig_actions[sig].sac_handler > SIGNAL_HANDLER_IGNORE &&
	       !(SIGNAL_BIT(sig) & SIGNAL_UNCATCHABLE);
}

/* The lowest pending, unblocked signal with a handler, or 0. */
static int
signal_deliverable(struct process *p)
{
	uint64_t ready = p->p_sig_pending & ~p->p_sig_mask;

	for (int sig = 1; sig < NSIG; sig++)
		if ((ready & SIGNAL_BIT(sig)) && signal_has_handler(p, sig))
			return sig;
	return 0;
}

/* The parent learns that child stopped or continued. */
static void
signal_tell_parent(struct process *child, int code)
{
	struct process *parent = child->p_parent;

	if (parent == NULL || parent->p_state != PROCESS_RUNNING)
		return;
	proc_child_changed(child);
	if (parent->p_sig_actions[SIGCHLD].sac_flags & SA_NOCLDSTOP)
		return;
	struct signal_info info = {
	    .si_code = code,
	    .si_pid = child->p_pid,
	    .si_uid = child->p_uid,
	    .si_status = code == CLD_STOPPED ? child->p_stopped : SIGCONT};
	signal_post(parent, SIGCHLD, &info);
}

static void
signal_stop(struct process *p, int sig)
{
	if (p->p_stopped != 0)
		return;
	task_suspend(p->p_task);
	p->p_stopped = sig;
	p->p_stop_report = UNIX_STATUS_STOPPED(sig);
	signal_tell_parent(p, CLD_STOPPED);
}

static void
signal_continue(struct process *p)
{
	p->p_sig_pending &= ~SIGNAL_STOPS;
	if (p->p_stopped == 0)
		return;
	p->p_stopped = 0;
	task_resume(p->p_task);
	p->p_stop_report = UNIX_STATUS_CONTINUED;
	signal_tell_parent(p, CLD_CONTINUED);
}

/*
 * Takes sig's default action now (it is neither caught nor blocked).
 * init takes none: it gets only the signals it catches (as on Linux), so
 * that a ^C to its group or a stray kill does not end every process.
 */
static void
signal_act_default(struct process *p, int sig)
{
	if (p->p_pid == 1)
		return;
	switch (signal_default_action(sig)) {
	case SIGNAL_TERMINATE:
	case SIGNAL_CORE:
		proc_end(p, UNIX_STATUS_SIGNALED(sig));
		break;
	case SIGNAL_STOP:
		/* no one would continue an orphaned group (group.c) */
		if (sig == SIGSTOP || !group_orphaned(p->p_pgid))
			signal_stop(p, sig);
		break;
	case SIGNAL_CONTINUE: /* done when it was posted */
	case SIGNAL_IGNORE:
		break;
	}
}

/*
 * Pushes a signal frame on thread (see the top of the file); 0, or
 * EFAULT when the stack cannot hold it (the caller ends the process).
 */
static int
signal_push_thread(struct process *p, mach_port_t thread)
{
	struct x86_64_thread_state state;
	mach_msg_type_number_t count = THREAD_STATE_X86_64_COUNT;
	struct signal_frame frame;
	int error = EFAULT;

	if (thread_suspend(thread) != KERN_SUCCESS)
		return EFAULT;
	if (thread_get_state(thread, THREAD_STATE_X86_64,
			     (thread_state_t)&state, &count) != KERN_SUCCESS)
		goto resume;
	vm_address_t sp =
	    (state.rsp - SIGNAL_RED_ZONE - sizeof(frame)) & ~(vm_address_t)15;
	if (sp > state.rsp)
		goto resume; /* wrapped */
	memset(&frame, 0, sizeof(frame));
	frame.sf_rip = state.rip;
	frame.sf_rflags = state.rflags;
	frame.sf_rsp = state.rsp;
	if (user_write(p, sp, &frame, sizeof(frame)) != 0)
		goto resume;
	/* rip and rsp alone: a system call the thread is held in may still
	 * end, and its result must stay in rax (<mach/thread_status.h>) */
	struct x86_64_pc_state pc = {.rip = p->p_sig_trampoline, .rsp = sp};
	if (thread_set_state(thread, THREAD_STATE_X86_64_PC,
			     (thread_state_t)&pc,
			     THREAD_STATE_X86_64_PC_COUNT) == KERN_SUCCESS)
		error = 0;
resume:
	thread_resume(thread);
	return error;
}

/* Pushes a frame on the process's first thread (the oldest: the main
 * one while it lives; task_threads lists the newest first); 0 or
 * EFAULT. */
static int
signal_push(struct process *p)
{
	thread_array_t threads;
	mach_msg_type_number_t count = 0;
	int error = EFAULT;

	if (task_threads(p->p_task, &threads, &count) != KERN_SUCCESS)
		return EFAULT;
	if (count > 0)
		error = signal_push_thread(p, threads[count - 1]);
	for (mach_msg_type_number_t i = 0; i < count; i++)
		mach_port_deallocate(mach_task_self(), threads[i]);
	vm_deallocate(mach_task_self(), (vm_address_t)threads,
		      count * sizeof(*threads));
	return error;
}

/* Answers the process's waiting calls with error (EINTR or
 * UNIX_ERESTART); sigsuspend, sleep and poll always with EINTR. */
static void
signal_interrupt(struct process *p, int error)
{
	pipe_interrupt_process(p, error);
	tty_interrupt_process(p, error);
	timer_interrupt_process(p);
	poll_interrupt_process(p);
	if (MACH_PORT_VALID(p->p_wait_reply)) {
		mach_port_t reply = p->p_wait_reply;
		p->p_wait_reply = MACH_PORT_NULL;
		if (unix_wait_reply(reply, p->p_wait_reply_type, KERN_SUCCESS,
				    error, -1, 0, 0, 0) != MACH_MSG_SUCCESS)
			mach_port_deallocate(mach_task_self(), reply);
	}
	if (MACH_PORT_VALID(p->p_suspend_reply)) {
		mach_port_t reply = p->p_suspend_reply;
		p->p_suspend_reply = MACH_PORT_NULL;
		if (unix_sigsuspend_reply(
			reply, p->p_suspend_reply_type, KERN_SUCCESS, EINTR,
			p->p_suspend_old_mask) != MACH_MSG_SUCCESS)
			mach_port_deallocate(mach_task_self(), reply);
	}
}

/*
 * Makes the process run its deliverable signals: a frame pushed (one
 * at a time), its waiting calls interrupted.  A process whose stack
 * cannot take a frame ends with the signal, as if it had no handler.
 */
static void
signal_wake(struct process *p)
{
	int sig = signal_deliverable(p);

	if (sig == 0 || p->p_state != PROCESS_RUNNING)
		return;
	if (signal_push(p) != 0) {
		proc_end(p, UNIX_STATUS_SIGNALED(sig));
		return;
	}
	int restart = p->p_sig_actions[sig].sac_flags & SA_RESTART;
	signal_interrupt(p, restart ? UNIX_ERESTART : EINTR);
}

/*
 * Acts on the pending, unblocked signals: those ignored are dropped,
 * those with a default action take it, those with a handler are
 * delivered.  Called whenever the mask, the actions or the pending set
 * change.
 */
static void
signal_check(struct process *p)
{
	for (int sig = 1; sig < NSIG && p->p_state == PROCESS_RUNNING; sig++) {
		uint64_t bit = SIGNAL_BIT(sig);
		if (!(p->p_sig_pending & bit) ||
		    ((p->p_sig_mask & bit) && !(bit & SIGNAL_UNCATCHABLE)))
			continue;
		if (signal_ignored(p, sig)) {
			p->p_sig_pending &= ~bit;
		} else if (!signal_has_handler(p, sig)) {
			p->p_sig_pending &= ~bit;
			signal_act_default(p, sig);
		}
	}
	if (p->p_state == PROCESS_RUNNING)
		signal_wake(p);
}

/* Posts sig to p now (signal_flush). */
static void
signal_post_now(struct process *p, int sig, const struct signal_info *info)
{
	if (p == NULL || p->p_state != PROCESS_RUNNING || !SIGNAL_VALID(sig))
		return;
	if (sig == SIGCONT)
		signal_continue(p);
	else if (SIGNAL_BIT(sig) & SIGNAL_STOPS)
		p->p_sig_pending &= ~SIGNAL_BIT(SIGCONT);
	if (signal_ignored(p, sig))
		return;
	p->p_sig_pending |= SIGNAL_BIT(sig);
	p->p_sig_info[sig] = *info;
	signal_check(p);
}

/*
 * Posted signals wait in a queue until the request that posted them is
 * done (signal_flush, called by the demux before the reply is sent), so
 * that the code that posts one (a pipe's, a process's end) never sees a
 * process end or a pipe change under it.
 */
struct signal_queued {
	struct signal_queued *sq_next;
	pid_t sq_pid;
	int sq_sig;
	struct signal_info sq_info;
};
struct signal_queued *signal_queue;
static struct signal_queued **signal_queue_tail = &signal_queue;

void
signal_post(struct process *p, int sig, const struct signal_info *info)
{
	struct signal_queued *q;

	if (p == NULL || p->p_state != PROCESS_RUNNING || !SIGNAL_VALID(sig))
		return;
	if ((q = malloc(sizeof(*q))) == NULL)
		return; /* out of memory: the signal is lost */
	q->sq_next = NULL;
	q->sq_pid = p->p_pid;
	q->sq_sig = sig;
	q->sq_info = *info;
	*signal_queue_tail = q;
	signal_queue_tail = &q->sq_next;
}

void
signal_flush_queue(void)
{
	while (signal_queue != NULL) {
		struct signal_queued *q = signal_queue;
		signal_queue = q->sq_next;
		if (signal_queue == NULL)
			signal_queue_tail = &signal_queue;
		signal_post_now(proc_find_pid(q->sq_pid), q->sq_sig,
				&q->sq_info);
		free(q);
	}
}

void
signal_post_group(pid_t pgid, int sig)
{
	struct signal_info info = {.si_code = SI_KERNEL};

	for (struct process *p = proc_first(); p != NULL; p = p->p_next)
		if (p->p_pgid == pgid && p->p_state == PROCESS_RUNNING)
			signal_post(p, sig, &info);
}

int
signal_terminal_stop(struct process *p, int sig)
{
	uint64_t bit = SIGNAL_BIT(sig);

	if (signal_ignored(p, sig) || (p->p_sig_mask & bit))
		return sig == SIGTTOU ? 0 : EIO;
	if (group_orphaned(p->p_pgid))
		return EIO;
	signal_post_group(p->p_pgid, sig);
	int restart = !signal_has_handler(p, sig) ||
		      (p->p_sig_actions[sig].sac_flags & SA_RESTART);
	return restart ? UNIX_ERESTART : EINTR;
}

void
signal_fork(struct process *child, struct process *parent)
{
	child->p_sig_mask = parent->p_sig_mask;
	memcpy(child->p_sig_actions, parent->p_sig_actions,
	       sizeof(child->p_sig_actions));
	child->p_sig_trampoline = parent->p_sig_trampoline;
	child->p_copy_begin = parent->p_copy_begin;
	child->p_copy_end = parent->p_copy_end;
	child->p_copy_recover = parent->p_copy_recover;
}

void
signal_exec(struct process *p)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (p->p_sig_actions[sig].sac_handler != SIGNAL_HANDLER_IGNORE)
			memset(&p->p_sig_actions[sig], 0,
			       sizeof(p->p_sig_actions[sig]));
	p->p_sig_trampoline = 0;
	p->p_copy_begin = p->p_copy_end = p->p_copy_recover = 0;
}

kern_return_t
do_unix_copy_recovery(mach_port_t port, vm_address_t begin, vm_address_t end,
		      vm_address_t recover, int *error)
{
	struct process *p = proc_lookup(port);

	*error = p == NULL ? ESRCH : begin > end ? EINVAL : 0;
	if (*error == 0) {
		p->p_copy_begin = begin;
		p->p_copy_end = end;
		p->p_copy_recover = recover;
	}
	return KERN_SUCCESS;
}

/*
 * A fault of thread in the library's unix_copy: it resumes at the
 * recovery point (which returns EFAULT), its stack as it was.  1 if
 * so, 0 if the fault was elsewhere (a signal, then).
 */
static int
signal_copy_recover(struct process *p, mach_port_t thread)
{
	struct x86_64_thread_state state;
	mach_msg_type_number_t count = THREAD_STATE_X86_64_COUNT;

	if (p->p_copy_end == 0 ||
	    thread_get_state(thread, THREAD_STATE_X86_64,
			     (thread_state_t)&state, &count) != KERN_SUCCESS ||
	    state.rip < p->p_copy_begin || state.rip >= p->p_copy_end)
		return 0;
	struct x86_64_pc_state pc = {.rip = p->p_copy_recover,
				     .rsp = state.rsp};
	return thread_set_state(thread, THREAD_STATE_X86_64_PC,
				(thread_state_t)&pc,
				THREAD_STATE_X86_64_PC_COUNT) == KERN_SUCCESS;
}

void
signal_inherit(struct process *child, struct process *parent)
{
	child->p_sig_mask = parent->p_sig_mask;
	for (int sig = 1; sig < NSIG; sig++)
		if (parent->p_sig_actions[sig].sac_handler ==
		    SIGNAL_HANDLER_IGNORE)
			child->p_sig_actions[sig].sac_handler =
			    SIGNAL_HANDLER_IGNORE;
}

/* The signal and si_code of an exception message's contents. */
static int
signal_of_exception(int exception, int64_t code, int *si_code)
{
	switch (exception) {
	case EXC_BAD_ACCESS:
		*si_code =
		    code == KERN_PROTECTION_FAILURE ? SEGV_ACCERR : SEGV_MAPERR;
		return SIGSEGV;
	case EXC_ARITHMETIC:
		*si_code = FPE_INTDIV;
		return SIGFPE;
	case EXC_BREAKPOINT:
		*si_code = TRAP_BRKPT;
		return SIGTRAP;
	case EXC_BAD_INSTRUCTION:
		/* code: the x86 vector; #GP is a bad address, #SS and #AC
		 * a bus error, the rest an illegal instruction */
		*si_code = ILL_ILLOPC;
		if (code == 13) {
			*si_code = SEGV_MAPERR;
			return SIGSEGV;
		}
		if (code == 12 || code == 17) {
			*si_code = BUS_ADRERR;
			return SIGBUS;
		}
		return SIGILL;
	default:
		*si_code = SI_KERNEL;
		return SIGKILL;
	}
}

int
signal_exception(struct process *p, mach_port_t thread, int exception,
		 int64_t code, int64_t subcode)
{
	struct signal_info info = {
	    .si_pid = p->p_pid, .si_uid = p->p_uid, .si_addr = subcode};
	int sig = signal_of_exception(exception, code, &info.si_code);

	if ((sig == SIGSEGV || sig == SIGBUS) && signal_copy_recover(p, thread))
		return 0;
	/* Blocked or ignored, a fault cannot be survived: it would come
	 * back at once.  So it ends the process, as without a handler.  So
	 * does a fault at the trampoline itself (a bad address given to
	 * sigaction), which a frame pushed there would only repeat. */
	if (!signal_has_handler(p, sig) || (p->p_sig_mask & SIGNAL_BIT(sig)) ||
	    (vm_address_t)subcode == p->p_sig_trampoline ||
	    signal_push_thread(p, thread) != 0) {
		proc_end(p, UNIX_STATUS_SIGNALED(sig));
		return EFAULT;
	}
	p->p_sig_pending |= SIGNAL_BIT(sig);
	p->p_sig_info[sig] = info;
	return 0;
}

int
signal_may_kill(struct process *sender, struct process *target, int sig)
{
	(void)sig;
	return sender->p_euid == 0 || sender->p_uid == target->p_uid ||
	       sender->p_euid == target->p_uid;
}

/* Does target belong to the set kill's pid names? */
static int
signal_kill_matches(struct process *sender, struct process *target, pid_t pid)
{
	if (target->p_state != PROCESS_RUNNING)
		return pid > 0 && target->p_pid == pid; /* a zombie: no-op */
	if (pid > 0)
		return target->p_pid == pid;
	if (pid == 0)
		return target->p_pgid == sender->p_pgid;
	if (pid == -1)
		return target->p_pid != 1 && target != sender;
	return target->p_pgid == -pid;
}

kern_return_t
do_unix_kill(mach_port_t port, int pid, int sig, int *error)
{
	struct process *p = proc_lookup(port);
	int found = 0, permitted = 0;

	if (p == NULL || sig < 0 || sig >= NSIG) {
		*error = p == NULL ? ESRCH : EINVAL;
		return KERN_SUCCESS;
	}
	if (pid == INT_MIN) { /* -pid would overflow: no such group */
		*error = ESRCH;
		return KERN_SUCCESS;
	}
	struct signal_info info = {
	    .si_code = SI_USER, .si_pid = p->p_pid, .si_uid = p->p_uid};
	/* The targets first, then the posts, which may end and free
	 * processes: each is looked up again by its pid. */
	pid_t targets[UNIX_PROCESS_MAX];
	int n = 0;
	for (struct process *q = proc_first(); q != NULL; q = q->p_next) {
		if (!signal_kill_matches(p, q, pid))
			continue;
		found = 1;
		if (signal_may_kill(p, q, sig) && n < UNIX_PROCESS_MAX) {
			permitted = 1;
			targets[n++] = q->p_pid;
		}
	}
	/* -1 includes the sender itself, last (as the BSDs and Linux) */
	if (pid == -1 && signal_may_kill(p, p, sig) && n < UNIX_PROCESS_MAX) {
		found = permitted = 1;
		targets[n++] = p->p_pid;
	}
	*error = !found ? ESRCH : !permitted ? EPERM : 0;
	for (int i = 0; i < n && sig != 0; i++)
		signal_post(proc_find_pid(targets[i]), sig, &info);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_sigaction(mach_port_t port, int sig, int set, vm_address_t handler,
		  int flags, uint64_t mask, vm_address_t trampoline, int *error,
		  vm_address_t *old_handler, int *old_flags, uint64_t *old_mask)
{
	struct process *p = proc_lookup(port);

	*old_handler = 0;
	*old_flags = 0;
	*old_mask = 0;
	if (p == NULL || !SIGNAL_VALID(sig) ||
	    (set && (SIGNAL_BIT(sig) & SIGNAL_UNCATCHABLE))) {
		*error = p == NULL ? ESRCH : EINVAL;
		return KERN_SUCCESS;
	}
	struct signal_action *action = &p->p_sig_actions[sig];
	*error = 0;
	*old_handler = action->sac_handler;
	*old_flags = action->sac_flags;
	*old_mask = action->sac_mask;
	if (!set)
		return KERN_SUCCESS;
	if (trampoline != 0)
		p->p_sig_trampoline = trampoline;
	action->sac_handler = handler;
	action->sac_flags = flags;
	action->sac_mask = mask & SIGNAL_ALL & ~SIGNAL_UNCATCHABLE;
	signal_check(p); /* a pending signal now ignored is dropped */
	return KERN_SUCCESS;
}

/* The new mask of sigprocmask's how, or -1ull for an invalid how. */
static uint64_t
signal_new_mask(uint64_t mask, int how, uint64_t set)
{
	switch (how) {
	case SIG_BLOCK:
		return mask | set;
	case SIG_UNBLOCK:
		return mask & ~set;
	case SIG_SETMASK:
		return set;
	default:
		return ~0ull;
	}
}

kern_return_t
do_unix_sigprocmask(mach_port_t port, int how, uint64_t set, int *error,
		    uint64_t *old_mask)
{
	struct process *p = proc_lookup(port);

	*old_mask = 0;
	*error = p == NULL ? ESRCH : 0;
	if (p == NULL)
		return KERN_SUCCESS;
	*old_mask = p->p_sig_mask;
	if (how == -1)
		return KERN_SUCCESS;
	uint64_t mask = signal_new_mask(p->p_sig_mask, how, set);
	if (mask == ~0ull) {
		*error = EINVAL;
		return KERN_SUCCESS;
	}
	p->p_sig_mask = mask & SIGNAL_ALL & ~SIGNAL_UNCATCHABLE;
	signal_check(p);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_sigpending(mach_port_t port, uint64_t *pending)
{
	struct process *p = proc_lookup(port);

	*pending = p == NULL ? 0 : p->p_sig_pending;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_sigsuspend(mach_port_t port, mach_port_t reply,
		   mach_msg_type_name_t replyPoly, uint64_t mask, int *error,
		   uint64_t *old_mask)
{
	struct process *p = proc_lookup(port);

	*old_mask = 0;
	if (p == NULL || MACH_PORT_VALID(p->p_suspend_reply)) {
		*error = p == NULL ? ESRCH : EBUSY;
		return KERN_SUCCESS;
	}
	*old_mask = p->p_sig_mask;
	p->p_sig_mask = mask & SIGNAL_ALL & ~SIGNAL_UNCATCHABLE;
	p->p_suspend_reply = reply;
	p->p_suspend_reply_type = replyPoly;
	p->p_suspend_old_mask = *old_mask;
	/* A signal deliverable now answers at once, through the reply
	 * (or the process ends, which drops it). */
	signal_check(p);
	return MIG_NO_REPLY;
}

kern_return_t
do_unix_sigtake(mach_port_t port, int *signo, vm_address_t *handler, int *flags,
		uint64_t *old_mask, int *code, int *sender, int *sender_uid,
		int *status, vm_address_t *address)
{
	struct process *p = proc_lookup(port);
	int sig = p == NULL ? 0 : signal_deliverable(p);

	*signo = sig;
	*handler = 0;
	*flags = *code = *sender = *sender_uid = *status = 0;
	*address = 0;
	*old_mask = p == NULL ? 0 : p->p_sig_mask;
	if (sig == 0)
		return KERN_SUCCESS;
	struct signal_action *action = &p->p_sig_actions[sig];
	struct signal_info *info = &p->p_sig_info[sig];
	*handler = action->sac_handler;
	*flags = action->sac_flags;
	*code = info->si_code;
	*sender = info->si_pid;
	*sender_uid = info->si_uid;
	*status = info->si_status;
	*address = info->si_addr;
	p->p_sig_pending &= ~SIGNAL_BIT(sig);
	p->p_sig_mask |= action->sac_mask;
	if (!(action->sac_flags & SA_NODEFER))
		p->p_sig_mask |= SIGNAL_BIT(sig);
	if (action->sac_flags & SA_RESETHAND) {
		action->sac_handler = SIGNAL_HANDLER_DEFAULT;
		action->sac_flags &= ~SA_SIGINFO;
	}
	return KERN_SUCCESS;
}
