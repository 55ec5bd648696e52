/*
 * Signal sets and sigsetjmp/siglongjmp: the parts of signals that need
 * no server, the same for both personalities (posix-lite's library
 * builds this file too).  A sigset_t is a 64-bit mask, bit n for signal
 * n; sigsetjmp's saved mask goes back through sigprocmask.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>

#define SIGSET_ALL (((1ull << NSIG) - 1) & ~1ull)

static int
sigset_valid(int sig)
{
	return sig > 0 && sig < NSIG;
}

int
sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int
sigfillset(sigset_t *set)
{
	*set = SIGSET_ALL;
	return 0;
}

int
sigaddset(sigset_t *set, const int sig)
{
	if (!sigset_valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	*set |= 1ull << sig;
	return 0;
}

int
sigdelset(sigset_t *set, const int sig)
{
	if (!sigset_valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	*set &= ~(1ull << sig);
	return 0;
}

int
sigismember(const sigset_t *set, int sig)
{
	if (!sigset_valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	return (*set >> sig) & 1;
}

void
unix_sigjmp_save(sigjmp_buf env, int save)
{
	env[0].usj_save = save;
	if (save)
		sigprocmask(SIG_BLOCK, NULL, &env[0].usj_mask);
}

void
siglongjmp(sigjmp_buf env, int value)
{
	if (env[0].usj_save)
		sigprocmask(SIG_SETMASK, &env[0].usj_mask, NULL);
	longjmp(env[0].usj_buf, value);
}
