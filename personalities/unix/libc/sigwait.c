/*
 * sigwait, sigwaitinfo, sigtimedwait: taking a signal of a set without
 * running its handler, in the library over sigaction, the mask and
 * sigsuspend.  The set is blocked, each of its signals gets a catcher
 * for the time of the call, and one of them is let in: a pending one
 * (the lowest) by unblocking it alone, otherwise whichever comes first,
 * waited for by sigsuspend (or, with a timeout, by nanosleep, which a
 * handler interrupts).  Then the actions and the caller's mask come
 * back.  A second signal of the set caught meanwhile is posted again
 * (raise: it stays pending, blocked), so none is lost, though it comes
 * back without its siginfo.
 *
 * One difference from a kernel's sigtimedwait: a signal that comes
 * between the unblocking and the server's taking the nanosleep is
 * caught at once, but the sleep then runs to its timeout before the
 * call returns it.  sigqueue is ENOSYS: the server carries no value
 * with a signal.
 */
#include "unix_glue.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

static volatile int sigwait_caught;	/* the signal taken, or 0 */
static siginfo_t sigwait_info;		/* its siginfo */
static volatile uint64_t sigwait_extra; /* others of the set caught */

static void
sigwait_catch(int sig, siginfo_t *info, void *context)
{
	(void)context;
	if (sigwait_caught == 0) {
		sigwait_info = *info;
		sigwait_caught = sig;
	} else {
		sigwait_extra |= (uint64_t)1 << sig;
	}
}

/* Lets the set's signals in for the wait: the lowest pending one alone,
 * or all of them until one comes (or timeout ends). */
static int
sigwait_let_in(const sigset_t *wanted, const sigset_t *blocked,
	       const struct timespec *timeout)
{
	sigset_t pending, mask = *blocked;

	sigpending(&pending);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(wanted, sig) && sigismember(&pending, sig)) {
			sigdelset(&mask, sig);
			sigprocmask(SIG_SETMASK, &mask, NULL);
			return 0;
		}
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(wanted, sig))
			sigdelset(&mask, sig);
	if (timeout == NULL)
		return sigsuspend(&mask) < 0 ? errno : 0;
	if (timeout->tv_sec == 0 && timeout->tv_nsec == 0)
		return EAGAIN;
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (sigwait_caught != 0)
		return 0;
	return nanosleep(timeout, NULL) < 0 ? errno : EAGAIN;
}

int
sigtimedwait(const sigset_t *set, siginfo_t *info,
	     const struct timespec *timeout)
{
	struct sigaction catcher, saved[NSIG];
	sigset_t wanted = *set, old, blocked;

	if (timeout != NULL && (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
				timeout->tv_nsec >= 1000000000))
		return unix_fail(EINVAL);
	sigdelset(&wanted, SIGKILL);
	sigdelset(&wanted, SIGSTOP);
	sigprocmask(SIG_BLOCK, &wanted, &old);
	sigprocmask(SIG_SETMASK, NULL, &blocked);
	memset(&catcher, 0, sizeof(catcher));
	catcher.sa_sigaction = sigwait_catch;
	catcher.sa_flags = SA_SIGINFO;
	catcher.sa_mask = wanted;
	sigwait_caught = 0;
	sigwait_extra = 0;
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&wanted, sig))
			sigaction(sig, &catcher, &saved[sig]);

	int error = sigwait_let_in(&wanted, &blocked, timeout);

	sigprocmask(SIG_SETMASK, &blocked, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&wanted, sig))
			sigaction(sig, &saved[sig], NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigwait_extra & ((uint64_t)1 << sig))
			raise(sig); /* pending again, blocked */
	sigprocmask(SIG_SETMASK, &old, NULL);
	int sig = sigwait_caught;
	if (sig == 0)
		return unix_fail(error != 0 ? error : EAGAIN);
	if (info != NULL)
		*info = sigwait_info;
	return sig;
}

int
sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

/* Returns an errno value; a handler of another signal does not end it. */
int
sigwait(const sigset_t *set, int *sig)
{
	int taken;

	while ((taken = sigwaitinfo(set, NULL)) < 0)
		if (errno != EINTR)
			return errno;
	*sig = taken;
	return 0;
}

int
sigqueue(pid_t pid, int sig, const union sigval value)
{
	(void)pid;
	(void)sig;
	(void)value;
	return unix_fail(ENOSYS);
}
