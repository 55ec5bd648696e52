/*
 * <sys/_pthreadtypes.h> for both personalities: the pthread types of
 * libc/pthread.c, which builds POSIX threads on libmach's threads,
 * mutexes and condition variables (<mach/mach_thread.h>).  It replaces
 * newlib's, whose mutexes and condition variables are 32-bit ids that
 * a library would have to look up in a table of its own: here they hold
 * libmach's objects themselves, so that they need no allocation and
 * their static initializers (all zero) are libmach's.
 */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/sched.h>

/* A thread: its record in libc/pthread.c. */
typedef unsigned long pthread_t;

typedef struct {
	int is_initialized;
	int detachstate;
	size_t stacksize;
	int contentionscope, inheritsched, schedpolicy;
	struct sched_param schedparam;
} pthread_attr_t;

#define PTHREAD_SCOPE_PROCESS	0
#define PTHREAD_SCOPE_SYSTEM	1
#define PTHREAD_INHERIT_SCHED	1
#define PTHREAD_EXPLICIT_SCHED	2
#define PTHREAD_CREATE_DETACHED 0
#define PTHREAD_CREATE_JOINABLE 1
#define PTHREAD_STACK_MIN	16384
#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED	1

#define PTHREAD_MUTEX_NORMAL	 0
#define PTHREAD_MUTEX_RECURSIVE	 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT	 3

/* __lock is libmach's mach_mutex_t (zero: unlocked); __owner and
 * __count serve the recursive and error-checking kinds. */
typedef struct {
	long __lock[4];
	int __type;
	int __count;
	pthread_t __owner;
} pthread_mutex_t;
#define _PTHREAD_MUTEX_INITIALIZER \
	{ \
		{0, 0, 0, 0}, PTHREAD_MUTEX_DEFAULT, 0, 0 \
	}

typedef struct {
	int is_initialized;
	int type;
	int process_shared;
} pthread_mutexattr_t;

/* libmach's mach_cond_t (zero: no waiter). */
typedef struct {
	long __waiters[4];
} pthread_cond_t;
#define _PTHREAD_COND_INITIALIZER \
	{ \
		{ \
			0, 0, 0, 0 \
		} \
	}

typedef struct {
	int is_initialized;
	int process_shared;
} pthread_condattr_t;

typedef unsigned int pthread_key_t;

typedef struct {
	int is_initialized;
	int init_executed;
} pthread_once_t;
#define _PTHREAD_ONCE_INIT \
	{ \
		1, 0 \
	}

/* Declared for newlib's <pthread.h>; not offered (its functions are not
 * in the library). */
typedef unsigned int pthread_barrier_t;
typedef struct {
	int is_initialized;
} pthread_barrierattr_t;
typedef unsigned int pthread_spinlock_t;
typedef unsigned int pthread_rwlock_t;
typedef struct {
	int is_initialized;
} pthread_rwlockattr_t;
#define _PTHREAD_RWLOCK_INITIALIZER ((pthread_rwlock_t)0xFFFFFFFF)

#endif /* _SYS__PTHREADTYPES_H_ */
