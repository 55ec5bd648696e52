/*
 * Signals in a UNIX process: the calls (sigaction, signal, sigprocmask,
 * sigpending, sigsuspend, pause, _kill (libmach's kill calls it),
 * killpg, raise, sigaltstack, the sigset functions, siglongjmp) and the
 * trampoline that runs the handlers.  unix-cc links this file into
 * every program (-u unix_signal_trampoline), so that its signal and
 * raise are found before newlib's, which abort() would pull in.
 *
 * The server keeps the actions, the mask and the pending set; it cannot
 * run code here, so it pushes a frame on the process's thread when a
 * signal is to be delivered (server/signal.c): rip, rsp and rflags of
 * the interrupted code, in the order iretq pops them, and the thread's
 * rip set to unix_signal_trampoline with rsp at that frame.  Every
 * other register holds what the interrupted code (or the system call
 * it was in, which has returned) had.  The trampoline saves them and
 * the FPU/SSE state under the frame, runs unix_signal_run (which takes
 * each deliverable signal from the server, runs its handler on this
 * stack or the alternate one, and restores the mask), restores the
 * registers, and iretq's back: rip, rsp and rflags at once, so a frame
 * pushed while the trampoline returns nests inside it.
 */
#include "unix_glue.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#undef errno
extern int errno;

/* The registers the trampoline saves (offsets in the assembly). */
struct unix_signal_context {
	unsigned char usc_fpu[512]; /* fxsave64 */
	uint64_t usc_rax, usc_rbx, usc_rcx, usc_rdx, usc_rsi, usc_rdi, usc_rbp;
	uint64_t usc_r8, usc_r9, usc_r10, usc_r11, usc_r12, usc_r13, usc_r14,
	    usc_r15, usc_pad;
	/* the frame the server pushed */
	uint64_t usc_rip, usc_cs, usc_rflags, usc_rsp, usc_ss, usc_pad2;
};
_Static_assert(sizeof(struct unix_signal_context) == 640 + 48,
	       "the trampoline's offsets");

void unix_signal_trampoline(void);
void unix_signal_run(struct unix_signal_context *context);
void unix_signal_call_on(void *stack_top, void *handler, int sig,
			 siginfo_t *info, void *context);

__asm__(".text\n"
	".globl unix_signal_trampoline\n"
	"unix_signal_trampoline:\n"
	"	subq	$640, %rsp\n"
	"	movq	%rax, 512(%rsp)\n"
	"	movq	%rbx, 520(%rsp)\n"
	"	movq	%rcx, 528(%rsp)\n"
	"	movq	%rdx, 536(%rsp)\n"
	"	movq	%rsi, 544(%rsp)\n"
	"	movq	%rdi, 552(%rsp)\n"
	"	movq	%rbp, 560(%rsp)\n"
	"	movq	%r8, 568(%rsp)\n"
	"	movq	%r9, 576(%rsp)\n"
	"	movq	%r10, 584(%rsp)\n"
	"	movq	%r11, 592(%rsp)\n"
	"	movq	%r12, 600(%rsp)\n"
	"	movq	%r13, 608(%rsp)\n"
	"	movq	%r14, 616(%rsp)\n"
	"	movq	%r15, 624(%rsp)\n"
	"	fxsave64 (%rsp)\n"
	"	xorl	%eax, %eax\n"
	"	movw	%cs, %ax\n"
	"	movq	%rax, 648(%rsp)\n" /* the frame's cs */
	"	movw	%ss, %ax\n"
	"	movq	%rax, 672(%rsp)\n" /* the frame's ss */
	"	cld\n"
	"	movq	%rsp, %rdi\n"
	"	call	unix_signal_run\n"
	"	fxrstor64 (%rsp)\n"
	"	movq	512(%rsp), %rax\n"
	"	movq	520(%rsp), %rbx\n"
	"	movq	528(%rsp), %rcx\n"
	"	movq	536(%rsp), %rdx\n"
	"	movq	544(%rsp), %rsi\n"
	"	movq	552(%rsp), %rdi\n"
	"	movq	560(%rsp), %rbp\n"
	"	movq	568(%rsp), %r8\n"
	"	movq	576(%rsp), %r9\n"
	"	movq	584(%rsp), %r10\n"
	"	movq	592(%rsp), %r11\n"
	"	movq	600(%rsp), %r12\n"
	"	movq	608(%rsp), %r13\n"
	"	movq	616(%rsp), %r14\n"
	"	movq	624(%rsp), %r15\n"
	"	addq	$640, %rsp\n"
	"	iretq\n"
	/* unix_signal_call_on(top, handler, sig, info, context) */
	".globl unix_signal_call_on\n"
	"unix_signal_call_on:\n"
	"	pushq	%rbp\n"
	"	movq	%rsp, %rbp\n"
	"	movq	%rdi, %rsp\n"
	"	movq	%rsi, %rax\n"
	"	movl	%edx, %edi\n"
	"	movq	%rcx, %rsi\n"
	"	movq	%r8, %rdx\n"
	"	call	*%rax\n"
	"	movq	%rbp, %rsp\n"
	"	popq	%rbp\n"
	"	ret\n");

/* The alternate signal stack (sigaltstack); one thread per process. */
static stack_t unix_altstack = {.ss_flags = SS_DISABLE};

static int
unix_on_altstack(void)
{
	char here;
	uintptr_t base = (uintptr_t)unix_altstack.ss_sp;

	return !(unix_altstack.ss_flags & SS_DISABLE) &&
	       (uintptr_t)&here - base < unix_altstack.ss_size;
}

/* Runs one handler: on the alternate stack if asked for and not on it
 * already. */
static void
unix_signal_call(int sig, vm_address_t handler, int flags, siginfo_t *info,
		 void *context)
{
	if ((flags & SA_ONSTACK) && !(unix_altstack.ss_flags & SS_DISABLE) &&
	    !unix_on_altstack()) {
		uintptr_t top =
		    ((uintptr_t)unix_altstack.ss_sp + unix_altstack.ss_size) &
		    ~(uintptr_t)15;
		unix_altstack.ss_flags |= SS_ONSTACK;
		unix_signal_call_on((void *)top, (void *)handler, sig, info,
				    context);
		unix_altstack.ss_flags &= ~SS_ONSTACK;
		return;
	}
	if (flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))handler)(sig, info,
							      context);
	else
		((void (*)(int))handler)(sig);
}

/* Sets the mask, without running what it unblocks (the caller does). */
static void
unix_signal_setmask(uint64_t mask)
{
	int error;
	uint64_t old;

	unix_sigprocmask(unix_port(), SIG_SETMASK, mask, &error, &old);
}

void
unix_signal_run(struct unix_signal_context *context)
{
	int saved_errno = errno, saved_thread_errno = *__errno();

	for (;;) {
		int sig = 0, flags = 0, code = 0, sender = 0, uid = 0,
		    status = 0;
		vm_address_t handler = 0, address = 0;
		uint64_t old_mask = 0;
		kern_return_t kr =
		    unix_sigtake(unix_port(), &sig, &handler, &flags, &old_mask,
				 &code, &sender, &uid, &status, &address);
		if (kr != KERN_SUCCESS || sig == 0)
			break;
		siginfo_t info = {.si_signo = sig,
				  .si_code = code,
				  .si_pid = sender,
				  .si_uid = uid,
				  .si_status = status,
				  .si_addr = (void *)address};
		unix_signal_call(sig, handler, flags, &info, context);
		unix_signal_setmask(old_mask);
	}
	errno = saved_errno;
	*__errno() = saved_thread_errno;
}

int
sigaction(int sig, const struct sigaction *action, struct sigaction *old)
{
	int error, old_flags = 0;
	vm_address_t old_handler = 0;
	uint64_t old_mask = 0;
	kern_return_t kr = unix_sigaction(
	    unix_port(), sig, action != NULL,
	    action != NULL ? (vm_address_t)action->sa_handler : 0,
	    action != NULL ? action->sa_flags : 0,
	    action != NULL ? action->sa_mask : 0,
	    (vm_address_t)unix_signal_trampoline, &error, &old_handler,
	    &old_flags, &old_mask);

	if (unix_result(kr, error, 0) < 0)
		return -1;
	if (old != NULL) {
		memset(old, 0, sizeof(*old));
		old->sa_handler = (_sig_func_ptr)old_handler;
		old->sa_flags = old_flags;
		old->sa_mask = old_mask;
	}
	return 0;
}

/* signal(): BSD's semantics, as glibc's: calls are restarted and the
 * handler stays. */
_sig_func_ptr
signal(int sig, _sig_func_ptr handler)
{
	struct sigaction action = {.sa_flags = SA_RESTART}, old;

	action.sa_handler = handler;
	if (sigaction(sig, &action, &old) < 0)
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
siginterrupt(int sig, int interrupt)
{
	struct sigaction action;

	if (sigaction(sig, NULL, &action) < 0)
		return -1;
	if (interrupt)
		action.sa_flags &= ~SA_RESTART;
	else
		action.sa_flags |= SA_RESTART;
	return sigaction(sig, &action, NULL);
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	int error;
	uint64_t old_mask = 0;
	kern_return_t kr =
	    unix_sigprocmask(unix_port(), set != NULL ? how : -1,
			     set != NULL ? *set : 0, &error, &old_mask);

	if (unix_result(kr, error, 0) < 0)
		return -1;
	if (old != NULL)
		*old = old_mask;
	return 0;
}

int
pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return sigprocmask(how, set, old) < 0 ? errno : 0;
}

int
sigpending(sigset_t *set)
{
	uint64_t pending = 0;
	kern_return_t kr = unix_sigpending(unix_port(), &pending);

	if (unix_result(kr, 0, 0) < 0)
		return -1;
	*set = pending;
	return 0;
}

/* The handlers run before the server's answer comes back (it pushes
 * their frame first), under mask; then the old mask is back. */
int
sigsuspend(const sigset_t *mask)
{
	int error;
	uint64_t old_mask = 0;
	kern_return_t kr =
	    unix_sigsuspend(unix_port(), *mask, &error, &old_mask);

	if (kr != KERN_SUCCESS || error != EINTR)
		return unix_fail(unix_errno(kr, error));
	unix_signal_setmask(old_mask);
	return unix_fail(EINTR);
}

int
sigaltstack(const stack_t *stack, stack_t *old)
{
	if (stack != NULL && unix_on_altstack())
		return unix_fail(EPERM);
	if (stack != NULL && !(stack->ss_flags & SS_DISABLE) &&
	    stack->ss_size < MINSIGSTKSZ)
		return unix_fail(ENOMEM);
	if (stack != NULL && (stack->ss_flags & ~SS_DISABLE) != 0)
		return unix_fail(EINVAL);
	if (old != NULL) {
		*old = unix_altstack;
		if (unix_on_altstack())
			old->ss_flags |= SS_ONSTACK;
	}
	if (stack != NULL)
		unix_altstack = *stack;
	return 0;
}

int
_kill(int pid, int sig)
{
	int error;
	kern_return_t kr = unix_kill(unix_port(), pid, sig, &error);

	return unix_result(kr, error, 0);
}

int
killpg(pid_t group, int sig)
{
	if (group <= 1)
		return unix_fail(EINVAL);
	return _kill(-group, sig);
}

int
raise(int sig)
{
	return _kill(getpid(), sig);
}

int
_raise_r(struct _reent *reent, int sig)
{
	(void)reent;
	return raise(sig);
}

int
pause(void)
{
	sigset_t mask;

	sigprocmask(SIG_BLOCK, NULL, &mask);
	return sigsuspend(&mask);
}
