/*
 * <sys/signal.h> for the UNIX personality.  It replaces newlib's, whose
 * generic struct sigaction has no sa_sigaction and whose siginfo_t has
 * no sender or address: the server delivers SA_SIGINFO, SA_RESTART,
 * SA_NODEFER, SA_RESETHAND and SA_ONSTACK (docs/unix-server.md,
 * "Signals").  The signal numbers are newlib's for this target, which
 * the server is compiled against too (<signal.h> includes this file).
 */
#ifndef _SYS_SIGNAL_H
#define _SYS_SIGNAL_H

#include "_ansi.h"
#include <sys/_sigset.h>
#include <sys/_timespec.h>
#include <sys/cdefs.h>
#include <sys/features.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(_SIGSET_T_DECLARED)
#define _SIGSET_T_DECLARED
typedef __sigset_t sigset_t;
#endif

#define SIGHUP	 1
#define SIGINT	 2
#define SIGQUIT	 3
#define SIGILL	 4
#define SIGTRAP	 5
#define SIGIOT	 6
#define SIGABRT	 6
#define SIGEMT	 7
#define SIGFPE	 8
#define SIGKILL	 9
#define SIGBUS	 10
#define SIGSEGV	 11
#define SIGSYS	 12
#define SIGPIPE	 13
#define SIGALRM	 14
#define SIGTERM	 15
#define SIGURG	 16
#define SIGSTOP	 17
#define SIGTSTP	 18
#define SIGCONT	 19
#define SIGCHLD	 20
#define SIGCLD	 20
#define SIGTTIN	 21
#define SIGTTOU	 22
#define SIGIO	 23
#define SIGPOLL	 SIGIO
#define SIGWINCH 24
#define SIGUSR1	 25
#define SIGUSR2	 26
/* Not in newlib's generic list: ours, taken from its real-time range */
#define SIGVTALRM 27 /* ITIMER_VIRTUAL */
#define SIGPROF	  28 /* ITIMER_PROF */
#define SIGRTMIN  29
#define SIGRTMAX  31
#define NSIG	  32 /* signal 0 implied */
#define _NSIG	  NSIG

typedef void (*_sig_func_ptr)(int);

union sigval {
	int sival_int;
	void *sival_ptr;
};

struct sigevent {
	int sigev_notify;
	int sigev_signo;
	union sigval sigev_value;
};
#define SIGEV_NONE   1
#define SIGEV_SIGNAL 2
#define SIGEV_THREAD 3

typedef struct {
	int si_signo;
	int si_code;
	int si_errno;
	pid_t si_pid;  /* the sender (kill), the child (SIGCHLD) */
	uid_t si_uid;  /* the sender's real user id */
	int si_status; /* SIGCHLD: exit code or signal */
	void *si_addr; /* SIGSEGV, SIGBUS: the address; others: the rip */
	union sigval si_value;
} siginfo_t;

/* si_code */
#define SI_USER	      1 /* kill, raise */
#define SI_QUEUE      2
#define SI_TIMER      3 /* setitimer, alarm */
#define SI_ASYNCIO    4
#define SI_MESGQ      5
#define SI_KERNEL     6 /* the server (SIGPIPE) */
#define SEGV_MAPERR   10
#define SEGV_ACCERR   11
#define BUS_ADRERR    20
#define ILL_ILLOPC    30
#define FPE_INTDIV    40
#define TRAP_BRKPT    50
#define CLD_EXITED    60
#define CLD_KILLED    61
#define CLD_DUMPED    62
#define CLD_STOPPED   63
#define CLD_CONTINUED 64

#define SA_NOCLDSTOP 0x0001
#define SA_SIGINFO   0x0002
#define SA_ONSTACK   0x0004
#define SA_RESTART   0x0008
#define SA_NODEFER   0x0010
#define SA_RESETHAND 0x0020
#define SA_NOCLDWAIT 0x0040
#define SA_NOMASK    SA_NODEFER
#define SA_ONESHOT   SA_RESETHAND

struct sigaction {
	union {
		_sig_func_ptr _handler;
		void (*_sigaction)(int, siginfo_t *, void *);
	} _signal_handlers;
	sigset_t sa_mask;
	int sa_flags;
};
#define sa_handler   _signal_handlers._handler
#define sa_sigaction _signal_handlers._sigaction

#define MINSIGSTKSZ 2048
#define SIGSTKSZ    8192
#define SS_ONSTACK  0x1
#define SS_DISABLE  0x2

typedef struct sigaltstack {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

#define SIG_BLOCK   1
#define SIG_UNBLOCK 2
#define SIG_SETMASK 0

int sigprocmask(int, const sigset_t *, sigset_t *);
int pthread_sigmask(int, const sigset_t *, sigset_t *);
int kill(pid_t, int);
int killpg(pid_t, int);
int sigaction(int, const struct sigaction *, struct sigaction *);
int sigaddset(sigset_t *, const int);
int sigdelset(sigset_t *, const int);
int sigismember(const sigset_t *, int);
int sigfillset(sigset_t *);
int sigemptyset(sigset_t *);
int sigpending(sigset_t *);
int sigsuspend(const sigset_t *);
int sigaltstack(const stack_t *__restrict, stack_t *__restrict);
int siginterrupt(int, int);
struct timespec;
int sigwait(const sigset_t *__restrict, int *__restrict);
int sigwaitinfo(const sigset_t *__restrict, siginfo_t *__restrict);
int sigtimedwait(const sigset_t *__restrict, siginfo_t *__restrict,
		 const struct timespec *__restrict);
int sigqueue(pid_t, int, const union sigval);

#ifdef __cplusplus
}
#endif

#ifndef _SIGNAL_H_
/* Some applications take advantage of the fact that <sys/signal.h>
 * and <signal.h> are equivalent in glibc.  Allow for that here. */
#include <signal.h>
#endif
#endif /* _SYS_SIGNAL_H */
