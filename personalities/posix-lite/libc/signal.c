/*
 * Signals, the simple model of this profile: the actions and the mask
 * live here; the server only carries a kill to the process's signal
 * port (lite_kill, lite_signal.defs), where a thread of the library
 * (the signal thread, started with the first action that is not the
 * default) runs the action.  A handler runs on that thread, or on the
 * thread that calls raise(); it never interrupts another thread, so no
 * call fails with EINTR.  A signal blocked by the mask stays pending
 * until sigprocmask unblocks it; then it runs on that caller.
 *
 * Default actions: SIGCHLD, SIGURG, SIGWINCH and SIGCONT are ignored;
 * the stop signals are ignored too (no job control in this profile);
 * every other ends the process, which the server reports to its parent
 * as killed by that signal.  A process that has set no action gives
 * the server no signal port, and the server applies these defaults
 * itself.
 *
 *	sigaction signal sigprocmask pthread_sigmask sigpending raise _kill
 *	kill (of another pid: lite_kill) pause (ENOSYS-like: no EINTR)
 */
#include "lite_glue.h"
#include "lite_signal_server.h"

#include <errno.h>
#include <mach/mach_msg_server.h>
#include <signal.h>
#include <string.h>

static struct sigaction lite_actions[NSIG];
static uint64_t lite_mask, lite_pending;
static mach_port_t lite_signal_port;
static mach_thread_t lite_signal_thread;

uint64_t
lite_signal_mask(void)
{
	return lite_mask;
}

void
lite_signal_init(uint64_t mask)
{
	lite_mask = mask & ~((1ull << SIGKILL) | (1ull << SIGSTOP));
}

static int
lite_default_ignores(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGCONT || sig == SIGSTOP || sig == SIGTSTP ||
	       sig == SIGTTIN || sig == SIGTTOU;
}

/* The process ends by sig. */
static void
lite_die(int sig)
{
	lite_exit(lite_port(), LITE_STATUS_SIGNALED(sig));
	for (;;)
		task_terminate(mach_task_self());
}

/* Runs sig's action now, on this thread (its bit not blocked). */
static void
lite_run_action(int sig)
{
	mach_mutex_lock(&lite_lock);
	struct sigaction action = lite_actions[sig];
	if (action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN &&
	    (action.sa_flags & SA_RESETHAND))
		lite_actions[sig].sa_handler = SIG_DFL;
	uint64_t old = lite_mask;
	if (!(action.sa_flags & SA_NODEFER))
		lite_mask |= 1ull << sig;
	lite_mask |= action.sa_mask;
	mach_mutex_unlock(&lite_lock);
	if (action.sa_handler == SIG_DFL) {
		if (!lite_default_ignores(sig))
			lite_die(sig);
	} else if (action.sa_handler != SIG_IGN) {
		if (action.sa_flags & SA_SIGINFO) {
			siginfo_t info;
			memset(&info, 0, sizeof(info));
			info.si_signo = sig;
			info.si_code = SI_USER;
			action.sa_sigaction(sig, &info, NULL);
		} else {
			action.sa_handler(sig);
		}
	}
	mach_mutex_lock(&lite_lock);
	lite_mask = old;
	mach_mutex_unlock(&lite_lock);
}

/* sig has come: it runs now unless blocked (then it waits). */
static void
lite_deliver(int sig)
{
	mach_mutex_lock(&lite_lock);
	int blocked = (lite_mask >> sig) & 1;
	if (blocked)
		lite_pending |= 1ull << sig;
	mach_mutex_unlock(&lite_lock);
	if (!blocked)
		lite_run_action(sig);
}

/* Runs the pending signals the mask no longer blocks. */
static void
lite_run_pending(void)
{
	for (;;) {
		int sig = 0;
		mach_mutex_lock(&lite_lock);
		uint64_t ready = lite_pending & ~lite_mask;
		if (ready != 0) {
			sig = __builtin_ctzll(ready);
			lite_pending &= ~(1ull << sig);
		}
		mach_mutex_unlock(&lite_lock);
		if (sig == 0)
			return;
		lite_run_action(sig);
	}
}

kern_return_t
lite_signal(mach_port_t port, int sig, int sender)
{
	(void)port;
	(void)sender;
	if (sig > 0 && sig < NSIG)
		lite_deliver(sig);
	return KERN_SUCCESS;
}

static void *
lite_signal_loop(void *arg)
{
	(void)arg;
	mach_msg_server(lite_signal_server, lite_signal_MAX_REQUEST_SIZE,
			lite_signal_port, 0);
	return NULL;
}

/* The signal port and its thread, once; 0 or an errno value. */
static int
lite_signal_start(void)
{
	int error;

	if (MACH_PORT_VALID(lite_signal_port))
		return 0;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
			       &lite_signal_port) != KERN_SUCCESS)
		return EAGAIN;
	if (mach_thread_create(&lite_signal_thread, lite_signal_loop, NULL) !=
	    KERN_SUCCESS) {
		mach_port_mod_refs(mach_task_self(), lite_signal_port,
				   MACH_PORT_RIGHT_RECEIVE, -1);
		lite_signal_port = MACH_PORT_NULL;
		return EAGAIN;
	}
	kern_return_t kr =
	    lite_set_signal_port(lite_port(), lite_signal_port, &error);
	return lite_errno(kr, error);
}

int
sigaction(int sig, const struct sigaction *action, struct sigaction *old)
{
	if (sig <= 0 || sig >= NSIG ||
	    (action != NULL && (sig == SIGKILL || sig == SIGSTOP)))
		return lite_fail(EINVAL);
	if (action != NULL && action->sa_handler != SIG_DFL) {
		int error = lite_signal_start();
		if (error != 0)
			return lite_fail(error);
	}
	mach_mutex_lock(&lite_lock);
	if (old != NULL)
		*old = lite_actions[sig];
	if (action != NULL)
		lite_actions[sig] = *action;
	mach_mutex_unlock(&lite_lock);
	return 0;
}

_sig_func_ptr
signal(int sig, _sig_func_ptr handler)
{
	struct sigaction action = {.sa_handler = handler}, old;

	if (sigaction(sig, &action, &old) != 0)
		return SIG_ERR;
	return old.sa_handler;
}

_sig_func_ptr
_signal_r(struct _reent *reent, int sig, _sig_func_ptr handler)
{
	(void)reent;
	return signal(sig, handler);
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	uint64_t unblockable = (1ull << SIGKILL) | (1ull << SIGSTOP) | 1;

	mach_mutex_lock(&lite_lock);
	if (old != NULL)
		*old = lite_mask;
	if (set != NULL) {
		if (how == SIG_BLOCK)
			lite_mask |= *set;
		else if (how == SIG_UNBLOCK)
			lite_mask &= ~*set;
		else if (how == SIG_SETMASK)
			lite_mask = *set;
		else {
			mach_mutex_unlock(&lite_lock);
			return lite_fail(EINVAL);
		}
		lite_mask &= ~unblockable;
	}
	mach_mutex_unlock(&lite_lock);
	lite_run_pending();
	return 0;
}

int
pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return sigprocmask(how, set, old) == 0 ? 0 : errno;
}

int
sigpending(sigset_t *set)
{
	mach_mutex_lock(&lite_lock);
	*set = lite_pending;
	mach_mutex_unlock(&lite_lock);
	return 0;
}

int
raise(int sig)
{
	if (sig <= 0 || sig >= NSIG)
		return lite_fail(EINVAL);
	if (sig == SIGKILL)
		lite_die(sig);
	lite_deliver(sig);
	return 0;
}

int
_raise_r(struct _reent *reent, int sig)
{
	(void)reent;
	return raise(sig);
}

int
_kill(int pid, int sig)
{
	int error;

	if (pid == lite_state.ls_pid)
		return sig == 0 ? 0 : raise(sig);
	if (pid <= 0)
		return lite_fail(ENOSYS); /* no process groups */
	kern_return_t kr = lite_kill(lite_port(), pid, sig, &error);
	return (error = lite_errno(kr, error)) != 0 ? lite_fail(error) : 0;
}
