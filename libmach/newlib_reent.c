/*
 * newlib's per-thread state: each thread's own struct _reent, which
 * holds its errno and what newlib's functions keep from one call to the
 * next (strtok's position, rand's seed, asctime's buffer, dtoa's
 * numbers, ...).
 *
 *	__getreent		newlib's hook: the calling thread's _reent
 *	newlib_reent_init	gives a new thread a fresh _reent of its own
 *	newlib_reent_main	gives the main thread newlib's global one,
 *				and sets up stdio
 *	newlib_reent_release	frees what newlib allocated for a thread
 *
 * newlib is built with __DYNAMIC_REENT__ (tools/build-newlib.sh), so
 * every _REENT, in libc and in the headers programs compile (errno,
 * stdout, getc), is a call to __getreent.  It reads the calling
 * thread's struct libmach_thread through %fs: lt_reent points at the
 * thread's own lt_reent_own, or, for the main thread, at newlib's global
 * _reent (_impure_ptr), which is also _GLOBAL_REENT (atexit's
 * handlers, the list of open FILEs).  stdin, stdout and stderr are one
 * set for the task (newlib's global stdio streams), with locks.
 *
 * libc.a has a __getreent of its own, which returns _impure_ptr: ours
 * must be the one linked.  This object always is, and before libc.a is
 * searched: libmach_start needs mach_init, which needs
 * libmach_thread_init, which calls newlib_reent_init.
 *
 * System calls (newlib_glue.c) set errno through __getreent too, never
 * newlib's global `errno' variable, which newlib's _*_r wrappers would
 * copy from: another thread's call could change it in between.
 */
#include <mach/mach_ipc.h>
#include <reent.h>

/* newlib's stdio set-up (libc/stdio/findfp.c), not in its headers. */
void __sinit(struct _reent *reent);

struct _reent *
__getreent(void)
{
	return libmach_thread_self()->lt_reent;
}

void
newlib_reent_init(struct libmach_thread *thread)
{
	_REENT_INIT_PTR(&thread->lt_reent_own);
	thread->lt_reent = &thread->lt_reent_own;
}

/*
 * newlib sets stdio up on first use, for the _reent of the thread that
 * uses it, and only the global _reent's set-up makes exit() flush the
 * streams: were another thread to print first, what it left in a
 * stream's buffer would be lost.  So the global one's is done here, at
 * the start (it takes newlib's lock: thread must be the caller's, %fs
 * set).
 */
void
newlib_reent_main(struct libmach_thread *thread)
{
	thread->lt_reent = _impure_ptr;
	if (!_GLOBAL_REENT->__sdidinit)
		__sinit(_GLOBAL_REENT);
}

/*
 * What newlib allocated for the calling thread's own _reent (dtoa's
 * numbers, ...), freed before the thread ends; nothing for the main
 * thread's.
 */
void
newlib_reent_release(struct libmach_thread *thread)
{
	if (thread->lt_reent == &thread->lt_reent_own)
		_reclaim_reent(&thread->lt_reent_own);
}
