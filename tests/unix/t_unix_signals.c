/*
 * Signals over the UNIX server: handlers run in the process (raise,
 * kill from another process while we compute, faults), SA_SIGINFO,
 * SA_NODEFER, SA_RESETHAND, SA_ONSTACK, sa_mask, SIG_IGN, the mask and
 * the pending set, sigsuspend, EINTR and SA_RESTART for a read of an
 * empty pipe and a wait, SIGCHLD, SIGPIPE, stop and continue, default
 * actions on children and the wait status they give, the errnos.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD "/test/h_child"

extern char **environ;

static volatile int caught[NSIG];
static volatile int depth, max_depth;
static volatile siginfo_t last_info;
static volatile uintptr_t handler_stack;

static pid_t
child(const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {"h_child", (char *)a1, (char *)a2, (char *)a3, NULL};
	pid_t pid;

	if (posix_spawn(&pid, CHILD, NULL, NULL, argv, environ) != 0)
		return -1;
	return pid;
}

/* The status of pid, once it ends. */
static int
status_of(pid_t pid)
{
	int status = -1;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void
count(int sig)
{
	caught[sig]++;
}

static void
with_info(int sig, siginfo_t *info, void *context)
{
	(void)context;
	caught[sig]++;
	last_info.si_signo = info->si_signo;
	last_info.si_code = info->si_code;
	last_info.si_pid = info->si_pid;
	last_info.si_uid = info->si_uid;
	last_info.si_status = info->si_status;
	last_info.si_addr = info->si_addr;
}

/* Raises itself once from inside: with SA_NODEFER the inner one runs
 * at once (depth 2), without it after the outer returns (depth 1). */
static void
nested(int sig)
{
	caught[sig]++;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (caught[sig] == 1)
		raise(sig);
	depth--;
}

/* Raises SIGUSR2 (in sa_mask) and sees it not run until we return. */
static void
masked(int sig)
{
	caught[sig]++;
	raise(SIGUSR2);
	if (caught[SIGUSR2] != 0)
		caught[0] = -1; /* ran inside: wrong */
}

static void
where(int sig)
{
	char here;

	caught[sig]++;
	handler_stack = (uintptr_t)&here;
}

static int
set_action(int sig, void (*handler)(int), int flags, sigset_t *mask)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = handler;
	action.sa_flags = flags;
	if (mask != NULL)
		action.sa_mask = *mask;
	return sigaction(sig, &action, NULL);
}

static void
reset_counts(void)
{
	for (int i = 0; i < NSIG; i++)
		caught[i] = 0;
	depth = max_depth = 0;
}

static void
test_raise_and_actions(void)
{
	struct sigaction action, old;

	tap_is_int(set_action(SIGUSR1, count, 0, NULL), 0, "sigaction");
	tap_is_int(raise(SIGUSR1), 0, "raise");
	tap_is_int(caught[SIGUSR1], 1, "the handler ran before raise returned");
	tap_is_int(kill(getpid(), SIGUSR1), 0, "kill to ourselves");
	tap_is_int(caught[SIGUSR1], 2, "and ran again");
	tap_ok(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == count,
	       "sigaction returns the action");

	memset(&action, 0, sizeof(action));
	action.sa_sigaction = with_info;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &action, NULL);
	raise(SIGUSR2);
	tap_ok(caught[SIGUSR2] == 1 && last_info.si_signo == SIGUSR2 &&
		   last_info.si_code == SI_USER &&
		   last_info.si_pid == getpid() && last_info.si_uid == getuid(),
	       "SA_SIGINFO: signo, SI_USER, our pid and uid");

	reset_counts();
	set_action(SIGUSR1, nested, 0, NULL);
	raise(SIGUSR1);
	tap_ok(caught[SIGUSR1] == 2 && max_depth == 1,
	       "without SA_NODEFER the signal waits for its handler");
	reset_counts();
	set_action(SIGUSR1, nested, SA_NODEFER, NULL);
	raise(SIGUSR1);
	tap_ok(caught[SIGUSR1] == 2 && max_depth == 2,
	       "with SA_NODEFER it nests");

	reset_counts();
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	set_action(SIGUSR2, count, 0, NULL);
	set_action(SIGUSR1, masked, 0, &mask);
	raise(SIGUSR1);
	tap_ok(caught[SIGUSR1] == 1 && caught[SIGUSR2] == 1 && caught[0] == 0,
	       "sa_mask holds a signal until the handler returns");

	reset_counts();
	set_action(SIGUSR1, count, SA_RESETHAND, NULL);
	raise(SIGUSR1);
	tap_ok(caught[SIGUSR1] == 1 && sigaction(SIGUSR1, NULL, &old) == 0 &&
		   old.sa_handler == SIG_DFL,
	       "SA_RESETHAND: the action is SIG_DFL after one");

	tap_ok(signal(SIGUSR1, SIG_IGN) == SIG_DFL, "signal returns the old");
	tap_is_int(raise(SIGUSR1), 0, "an ignored signal");
	tap_ok(signal(SIGUSR1, count) == SIG_IGN, "signal: SIG_IGN was set");
}

static void
test_mask(void)
{
	sigset_t mask, old, pending;

	reset_counts();
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	tap_is_int(sigprocmask(SIG_BLOCK, &mask, &old), 0, "block SIGUSR1");
	raise(SIGUSR1);
	tap_is_int(caught[SIGUSR1], 0, "a blocked signal waits");
	tap_ok(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1),
	       "sigpending shows it");
	tap_is_int(sigprocmask(SIG_SETMASK, &old, NULL), 0, "unblock");
	tap_is_int(caught[SIGUSR1], 1, "it ran before sigprocmask returned");
	sigpending(&pending);
	tap_ok(!sigismember(&pending, SIGUSR1), "no longer pending");

	sigfillset(&mask);
	sigprocmask(SIG_SETMASK, &mask, &old);
	sigprocmask(SIG_BLOCK, NULL, &mask);
	tap_ok(!sigismember(&mask, SIGKILL) && !sigismember(&mask, SIGSTOP),
	       "SIGKILL and SIGSTOP cannot be blocked");
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = 0;
	tap_ok(sigprocmask(99, &mask, NULL) == -1 && errno == EINVAL,
	       "sigprocmask: EINVAL for a bad how");
	errno = 0;
	tap_ok(set_action(SIGKILL, count, 0, NULL) == -1 && errno == EINVAL,
	       "sigaction on SIGKILL: EINVAL");
	errno = 0;
	tap_ok(set_action(NSIG, count, 0, NULL) == -1 && errno == EINVAL,
	       "sigaction on signal NSIG: EINVAL");
	errno = 0;
	tap_ok(kill(getpid(), 99) == -1 && errno == EINVAL,
	       "kill with a bad signal: EINVAL");
	errno = 0;
	tap_ok(kill(29999, 0) == -1 && errno == ESRCH, "kill: ESRCH");
	errno = 0;
	tap_ok(kill(INT_MIN, SIGTERM) == -1 && errno == ESRCH,
	       "kill to group -INT_MIN: ESRCH");
	tap_is_int(kill(1, 0), 0, "kill 0 to init checks only");
}

/* The child sends SIGUSR1 while we compute: the registers and the FPU
 * state of the interrupted loop come back intact. */
static void
test_async(void)
{
	reset_counts();
	set_action(SIGUSR1, count, 0, NULL);
	pid_t pid = child("signal", "25", "-1"); /* 25: SIGUSR1 */
	double x = 1.0;
	unsigned long sum = 0, rounds = 0;
	while (caught[SIGUSR1] == 0 && rounds < 400000000ul) {
		for (unsigned long i = 0; i < 1000; i++) {
			sum += i ^ rounds;
			x = x * 1.000001 + 0.5;
		}
		rounds++;
	}
	unsigned long expect = 0;
	double y = 1.0;
	for (unsigned long r = 0; r < rounds; r++)
		for (unsigned long i = 0; i < 1000; i++) {
			expect += i ^ r;
			y = y * 1.000001 + 0.5;
		}
	tap_is_int(caught[SIGUSR1], 1,
		   "a signal from another process "
		   "interrupts our loop");
	tap_ok(sum == expect && x == y,
	       "the interrupted registers and FPU state are restored");
	tap_ok(WIFEXITED(status_of(pid)), "the sender ended");
}

static void
test_eintr(void)
{
	int fds[2];
	char byte;
	char fd_text[16];

	reset_counts();
	pipe(fds);
	snprintf(fd_text, sizeof(fd_text), "%d", fds[1]);
	set_action(SIGUSR1, count, 0, NULL);
	pid_t pid = child("signal", "25", fd_text);
	errno = 0;
	tap_ok(read(fds[0], &byte, 1) == -1 && errno == EINTR,
	       "a read of an empty pipe: EINTR");
	tap_is_int(caught[SIGUSR1], 1, "after the handler ran");
	tap_is_int(read(fds[0], &byte, 1), 1, "the byte comes later");
	status_of(pid);

	reset_counts();
	set_action(SIGUSR1, count, SA_RESTART, NULL);
	pid = child("signal", "25", fd_text);
	tap_is_int(read(fds[0], &byte, 1), 1,
		   "SA_RESTART: the read goes on and gets the byte");
	tap_is_int(caught[SIGUSR1], 1, "after the handler ran");
	status_of(pid);

	reset_counts();
	set_action(SIGUSR1, count, 0, NULL);
	pid = child("signal", "25", "-1");
	int status;
	errno = 0;
	tap_ok(waitpid(pid, &status, 0) == -1 && errno == EINTR &&
		   caught[SIGUSR1] == 1,
	       "waitpid: EINTR after the handler");
	tap_ok(WIFEXITED(status_of(pid)), "then it waits again");

	reset_counts();
	set_action(SIGUSR1, count, SA_RESTART, NULL);
	pid = child("signal", "25", "-1");
	tap_ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		   caught[SIGUSR1] == 1,
	       "SA_RESTART: waitpid goes on");
	close(fds[0]);
	close(fds[1]);
}

static void
test_sigsuspend_and_sigchld(void)
{
	sigset_t block, empty, now;
	struct sigaction action;

	reset_counts();
	set_action(SIGUSR1, count, 0, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid_t pid = child("signal", "25", "-1");
	sigemptyset(&empty);
	errno = 0;
	tap_ok(sigsuspend(&empty) == -1 && errno == EINTR, "sigsuspend: EINTR");
	tap_is_int(caught[SIGUSR1], 1, "the handler ran in it");
	sigprocmask(SIG_BLOCK, NULL, &now);
	tap_ok(sigismember(&now, SIGUSR1), "the mask is back");
	status_of(pid);
	sigprocmask(SIG_UNBLOCK, &block, NULL);

	reset_counts();
	memset(&action, 0, sizeof(action));
	action.sa_sigaction = with_info;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &action, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid = child("exit", "7", NULL);
	int status = status_of(pid);
	sigsuspend(&empty);
	tap_ok(caught[SIGCHLD] == 1 && last_info.si_pid == pid &&
		   last_info.si_code == CLD_EXITED &&
		   last_info.si_status == 7 && WEXITSTATUS(status) == 7,
	       "SIGCHLD: the child, CLD_EXITED, its code");
	pid = child("segv", NULL, NULL);
	status_of(pid);
	sigsuspend(&empty);
	tap_ok(caught[SIGCHLD] == 2 && last_info.si_pid == pid &&
		   last_info.si_code == CLD_KILLED &&
		   last_info.si_status == SIGSEGV,
	       "SIGCHLD: CLD_KILLED and the signal");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	signal(SIGCHLD, SIG_DFL);
}

static void
test_sigpipe(void)
{
	int fds[2];

	reset_counts();
	set_action(SIGPIPE, count, 0, NULL);
	pipe(fds);
	close(fds[0]);
	errno = 0;
	tap_ok(write(fds[1], "x", 1) == -1 && errno == EPIPE &&
		   caught[SIGPIPE] == 1,
	       "a write without reader: SIGPIPE to the handler, EPIPE");
	close(fds[1]);
	signal(SIGPIPE, SIG_DFL);
	int status = status_of(child("pipe", NULL, NULL));
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	       "by default SIGPIPE ends the writer");
}

static void
test_defaults(void)
{
	static const struct {
		int sig;
		const char *name;
	} ending[] = {{SIGTERM, "SIGTERM"},	   {SIGINT, "SIGINT"},
		      {SIGHUP, "SIGHUP"},	   {SIGQUIT, "SIGQUIT (core)"},
		      {SIGABRT, "SIGABRT (core)"}, {SIGUSR2, "SIGUSR2"},
		      {SIGKILL, "SIGKILL"}};

	for (unsigned i = 0; i < sizeof(ending) / sizeof(ending[0]); i++) {
		pid_t pid = child("pause", NULL, NULL);
		kill(pid, ending[i].sig);
		int status = status_of(pid);
		tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == ending[i].sig,
		       "%s ends a process by default", ending[i].name);
	}
	pid_t pid = child("pause", NULL, NULL);
	kill(pid, SIGCHLD);
	kill(pid, SIGURG);
	kill(pid, SIGCONT);
	kill(pid, SIGWINCH);
	int status;
	tap_is_int(waitpid(pid, &status, WNOHANG), 0,
		   "SIGCHLD, SIGURG, SIGCONT, SIGWINCH are ignored");
	kill(pid, SIGKILL);
	status_of(pid);

	signal(SIGUSR1, SIG_IGN);
	pid = child("pause", NULL, NULL);
	signal(SIGUSR1, SIG_DFL);
	kill(pid, SIGUSR1);
	tap_is_int(waitpid(pid, &status, WNOHANG), 0,
		   "a child keeps the signals its parent ignored");
	kill(pid, SIGKILL);
	status = status_of(pid);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "SIGKILL ends it");

	/* stop and continue: an echo child stopped passes nothing on */
	int in[2], out[2];
	char text[16], fd_in[8], fd_out[8], buffer[8];
	pipe(in);
	pipe(out);
	snprintf(fd_in, sizeof(fd_in), "%d", in[0]);
	snprintf(fd_out, sizeof(fd_out), "%d", out[1]);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	pid = child("echo", fd_in, fd_out);
	close(in[0]);
	close(out[1]);
	tap_is_int(kill(pid, SIGSTOP), 0, "SIGSTOP");
	write(in[1], "abc", 3);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	for (volatile int i = 0; i < 20000000; i++)
		;
	errno = 0;
	tap_ok(read(out[0], buffer, sizeof(buffer)) == -1 && errno == EAGAIN,
	       "a stopped child does not run");
	tap_is_int(kill(pid, SIGCONT), 0, "SIGCONT");
	fcntl(out[0], F_SETFL, 0);
	tap_is_int(read(out[0], text, 3), 3, "it runs again");
	close(in[1]);
	close(out[0]);
	tap_ok(WIFEXITED(status_of(pid)), "and ends");
}

static sigjmp_buf fault_jump;

static void
fault(int sig, siginfo_t *info, void *context)
{
	(void)context;
	caught[sig]++;
	last_info.si_code = info->si_code;
	last_info.si_addr = info->si_addr;
	siglongjmp(fault_jump, sig);
}

static volatile int zero;
static volatile uintptr_t bad_address = 24;

static void
test_faults(void)
{
	struct sigaction action;

	reset_counts();
	memset(&action, 0, sizeof(action));
	action.sa_sigaction = fault;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &action, NULL);
	sigaction(SIGFPE, &action, NULL);
	sigaction(SIGILL, &action, NULL);
	sigaction(SIGTRAP, &action, NULL);

	int sig = sigsetjmp(fault_jump, 1);
	if (sig == 0)
		*(volatile int *)bad_address = 1;
	tap_ok(sig == SIGSEGV && caught[SIGSEGV] == 1 &&
		   last_info.si_addr == (void *)bad_address &&
		   last_info.si_code == SEGV_MAPERR,
	       "a bad access: SIGSEGV to the handler, its address");
	sig = sigsetjmp(fault_jump, 1);
	if (sig == 0)
		*(volatile int *)bad_address = 2;
	tap_ok(sig == SIGSEGV && caught[SIGSEGV] == 2,
	       "and again (siglongjmp restored the mask)");
	sig = sigsetjmp(fault_jump, 1);
	if (sig == 0)
		zero = 7 / zero;
	tap_is_int(sig, SIGFPE, "a division by zero: SIGFPE");
	sig = sigsetjmp(fault_jump, 1);
	if (sig == 0)
		__asm__ volatile("ud2");
	tap_is_int(sig, SIGILL, "ud2: SIGILL");

	set_action(SIGTRAP, count, 0, NULL);
	__asm__ volatile("int3");
	tap_is_int(caught[SIGTRAP], 1,
		   "int3: SIGTRAP, and the program goes on");

	static const struct {
		const char *what;
		int sig;
	} uncaught[] = {{"segv", SIGSEGV},
			{"trap", SIGTRAP},
			{"segvblocked", SIGSEGV},
			{"badtramp", SIGSEGV}};
	for (unsigned i = 0; i < sizeof(uncaught) / sizeof(uncaught[0]); i++) {
		int status = status_of(child(uncaught[i].what, NULL, NULL));
		tap_ok(WIFSIGNALED(status) &&
			   WTERMSIG(status) == uncaught[i].sig,
		       "uncaught %s: ended by signal %d (status %#x)",
		       uncaught[i].what, uncaught[i].sig, status);
	}
}

static void
test_altstack(void)
{
	static char stack[16384];
	stack_t alt = {.ss_sp = stack, .ss_size = sizeof(stack)}, old;

	reset_counts();
	tap_is_int(sigaltstack(&alt, &old), 0, "sigaltstack");
	tap_ok(old.ss_flags & SS_DISABLE, "there was none");
	set_action(SIGUSR1, where, SA_ONSTACK, NULL);
	raise(SIGUSR1);
	tap_ok(caught[SIGUSR1] == 1 && handler_stack >= (uintptr_t)stack &&
		   handler_stack < (uintptr_t)stack + sizeof(stack),
	       "SA_ONSTACK: the handler runs on the alternate stack");
	set_action(SIGUSR1, where, 0, NULL);
	raise(SIGUSR1);
	tap_ok(handler_stack < (uintptr_t)stack ||
		   handler_stack >= (uintptr_t)stack + sizeof(stack),
	       "without it, on the thread's stack");
	alt.ss_size = 100;
	errno = 0;
	tap_ok(sigaltstack(&alt, NULL) == -1 && errno == ENOMEM,
	       "sigaltstack: ENOMEM for a small stack");
}

int
main(void)
{
	test_raise_and_actions();
	test_mask();
	test_async();
	test_eintr();
	test_sigsuspend_and_sigchld();
	test_sigpipe();
	test_defaults();
	test_faults();
	test_altstack();
	return tap_done();
}
