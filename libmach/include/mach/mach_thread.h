/*
 * The libmach thread library: threads of a native task, built on the
 * kernel's thread interface (task.defs thread_create, thread.defs
 * thread_set_state / thread_resume / thread_terminate, vm_map.defs for
 * the stacks), and the mutexes and condition variables they share.
 *
 *	mach_thread_create(&t, fn, arg)	a new thread running fn(arg)
 *	mach_thread_join(t, &result)	waits for it to end; frees its stack
 *	mach_thread_exit(result)	ends the calling thread (also: return
 *					from fn)
 *	mach_thread_current()		the calling thread, or NULL (the
 *					main thread, thread_spawn's threads)
 *	mach_mutex_lock/unlock/trylock	a mutual-exclusion lock
 *	mach_cond_wait/signal/broadcast	condition variables
 *
 * Blocking: a thread that must wait (a mutex held by another, a
 * condition not yet signalled) puts itself on the object's wait queue
 * and blocks in mach_msg, receiving on a port of its own (its wake port,
 * in struct libmach_thread).  Whoever releases it takes it off the queue
 * and sends one empty message to that port.  A thread is on at most one
 * queue at a time and is woken exactly once per time it queued itself, so
 * its wake port never holds more than one message and no wakeup is lost:
 * a wakeup sent before the thread blocks waits in the port.  Mutexes and
 * condition variables are plain memory (no port per object), so they
 * can be initialised statically and need no destroy call.
 *
 * Every thread created here must be joined exactly once; the joiner
 * learns of the end from the kernel (a dead-name notification of the
 * thread's port), so the stack is freed only when nothing runs on it.
 * newlib's malloc (and getenv/setenv, tz) may be used by several threads
 * at once (libmach/newlib_lock.c).
 */
#ifndef MACH_MACH_THREAD_H
#define MACH_MACH_THREAD_H

#include <mach/kern_return.h>
#include <mach/mach_ipc.h>
#include <stddef.h>

/* The stack of a thread made by mach_thread_create (a guard page below). */
#define MACH_THREAD_STACK_SIZE (256 * 1024)

typedef struct mach_thread *mach_thread_t;

/*
 * Starts fn(arg) in a new thread of this task; *thread names it for
 * mach_thread_join.  Returns KERN_SUCCESS, or the error of the kernel
 * call that failed (KERN_RESOURCE_SHORTAGE, KERN_NO_SPACE, ...); on an
 * error nothing is left behind.
 */
kern_return_t mach_thread_create(mach_thread_t *thread, void *(*fn)(void *),
				 void *arg);

/*
 * Waits until thread has ended, stores the value it passed to
 * mach_thread_exit (or returned from its function) in *result (if result
 * is not NULL), and frees everything it used.  thread is invalid after.
 */
kern_return_t mach_thread_join(mach_thread_t thread, void **result);

/* Ends the calling thread with result; the task ends with its last thread. */
void mach_thread_exit(void *result) __attribute__((noreturn));

/* The calling thread's mach_thread_t, NULL if mach_thread_create did not
 * make it.  (mach_thread_self() is the trap: a send right to the kernel
 * thread.) */
mach_thread_t mach_thread_current(void);

/*
 * A FIFO of blocked threads (libmach/mach_wait_queue.c), part of every
 * mutex and condition variable.  wq_lock (a spin lock that yields the
 * processor) guards wq_head, wq_tail and the queued threads' lt_wait_next.
 */
struct mach_wait_queue {
	int wq_lock;
	struct libmach_thread *wq_head;
	struct libmach_thread *wq_tail;
};
#define MACH_WAIT_QUEUE_INITIALIZER \
	{ \
		0, NULL, NULL \
	}

/*
 * Makes the calling thread's wake port (the receive right it sleeps on in
 * a mutex or condition wait) now, not at its first wait: a server calls
 * it at the start of each of its threads, so that no client's request
 * can be the one that allocates it (its first wait may come in the
 * middle of any request), and its port count is the same once it serves.
 */
void mach_wait_queue_prepare(void);

/*
 * A mutex: mm_state is 0 (unlocked), 1 (locked, nobody queued) or 2
 * (locked, threads may be queued on mm_waiters).  Not recursive; unlock
 * only by the thread that locked it.
 */
typedef struct {
	int mm_state;
	struct mach_wait_queue mm_waiters;
} mach_mutex_t;
#define MACH_MUTEX_INITIALIZER \
	{ \
		0, MACH_WAIT_QUEUE_INITIALIZER \
	}

void mach_mutex_init(mach_mutex_t *mutex);
void mach_mutex_lock(mach_mutex_t *mutex);
/* Returns 1 if it took the mutex, 0 (at once) if it is held. */
int mach_mutex_trylock(mach_mutex_t *mutex);
void mach_mutex_unlock(mach_mutex_t *mutex);

/* A condition variable: the threads waiting on it. */
typedef struct {
	struct mach_wait_queue mc_waiters;
} mach_cond_t;
#define MACH_COND_INITIALIZER \
	{ \
		MACH_WAIT_QUEUE_INITIALIZER \
	}

void mach_cond_init(mach_cond_t *cond);
/*
 * Releases mutex (which the caller holds), waits for a signal or
 * broadcast, and takes mutex again before returning.  Callers re-check
 * their condition in a loop (another thread may get there first).
 */
void mach_cond_wait(mach_cond_t *cond, mach_mutex_t *mutex);
/* Wakes one waiting thread (the longest waiting), if any. */
void mach_cond_signal(mach_cond_t *cond);
/* Wakes every waiting thread. */
void mach_cond_broadcast(mach_cond_t *cond);

#endif /* MACH_MACH_THREAD_H */
