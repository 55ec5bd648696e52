/*
 * POSIX threads on libmach's threads (<mach/mach_thread.h>), the same
 * for both personalities (posix-lite's library builds this file too):
 * pthread_create/join/detach/exit/self/equal, mutexes (normal,
 * recursive, error-checking), condition variables, thread-specific
 * data, pthread_once, and the attributes they take; and sched_yield.
 *
 * A thread is a record here (struct pthread_record; pthread_t is its
 * address) over a mach_thread_t; the main thread has a static one.  A
 * thread finds its own in its libmach data (lt_library, set as it
 * starts), so pthread_self takes no lock.  The records are on one list
 * under pthread_table_lock, for join's and detach's checks and for the
 * keys.  A record stays listed until its thread has been joined: that
 * of a detached thread that has ended is reaped (joined, freed) by the
 * next pthread_create.  The process ends (exit(0)) when its last thread
 * calls pthread_exit, the main thread included.
 * A mutex holds a mach_mutex_t and a condition variable a mach_cond_t
 * in place (the types are <sys/_pthreadtypes.h>), so a zeroed one is
 * ready, as the static initializers want.
 *
 * Left out: timed waits (pthread_cond_timedwait, _mutex_timedlock:
 * libmach's waits have no timeout yet), barriers, spin and rwlocks,
 * scheduling attributes (accepted, not used), cancellation.  Threads
 * that libmach made otherwise (posix-lite's signal thread) are the main
 * thread to pthread_self.
 */
#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define PTHREAD_KEYS	   64
#define PTHREAD_DESTRUCTOR 4 /* rounds of destructors at a thread's end */

struct pthread_record {
	struct pthread_record *pr_next;
	mach_thread_t pr_thread; /* NULL: the main thread */
	void *(*pr_start)(void *);
	void *pr_arg;
	int pr_detached; /* nobody may join it */
	int pr_joining;	 /* a join waits for it */
	int pr_ended;	 /* past its destructors, on its way out */
	void *pr_values[PTHREAD_KEYS];
};

_Static_assert(sizeof(((pthread_mutex_t *)0)->__lock) >= sizeof(mach_mutex_t),
	       "a pthread mutex holds a libmach mutex");
_Static_assert(sizeof(pthread_cond_t) >= sizeof(mach_cond_t),
	       "a pthread condition holds a libmach condition");

static mach_mutex_t pthread_table_lock = MACH_MUTEX_INITIALIZER;
static struct pthread_record pthread_main; /* its pr_thread: NULL */
static struct pthread_record *pthread_records = &pthread_main;
static int pthread_live = 1; /* threads not ended, the main one included */
static struct {
	int k_used;
	void (*k_destructor)(void *);
} pthread_keys[PTHREAD_KEYS];

pthread_t
pthread_self(void)
{
	struct pthread_record *r = libmach_thread_self()->lt_library;

	return (pthread_t)(r != NULL ? r : &pthread_main);
}

int
pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

/* Runs the destructors of the calling thread's non-NULL values. */
static void
pthread_run_destructors(struct pthread_record *r)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR; round++) {
		int ran = 0;
		for (int k = 0; k < PTHREAD_KEYS; k++) {
			void *value = r->pr_values[k];
			void (*destructor)(void *) =
			    pthread_keys[k].k_destructor;
			if (value == NULL || destructor == NULL)
				continue;
			r->pr_values[k] = NULL;
			destructor(value);
			ran = 1;
		}
		if (!ran)
			return;
	}
}

void
pthread_exit(void *value)
{
	struct pthread_record *r = (struct pthread_record *)pthread_self();

	pthread_run_destructors(r);
	mach_mutex_lock(&pthread_table_lock);
	r->pr_ended = 1;
	int live = --pthread_live;
	mach_mutex_unlock(&pthread_table_lock);
	if (live == 0)
		exit(0);	 /* the process ends with its last thread */
	mach_thread_exit(value); /* the main thread's too */
}

static void *
pthread_start(void *arg)
{
	struct pthread_record *r = arg;

	libmach_thread_self()->lt_library = r;
	pthread_exit(r->pr_start(r->pr_arg));
}

/* Is r a listed thread other than the main one?  Under the table lock. */
static int
pthread_listed(struct pthread_record *r)
{
	struct pthread_record *p = pthread_records;

	while (p != NULL && p != r)
		p = p->pr_next;
	return p != NULL && r != &pthread_main;
}

/* Takes r off the list.  Under the table lock. */
static void
pthread_unlist(struct pthread_record *r)
{
	struct pthread_record **link = &pthread_records;

	while (*link != r)
		link = &(*link)->pr_next;
	*link = r->pr_next;
}

/* Joins and frees the detached threads that have ended. */
static void
pthread_reap(void)
{
	struct pthread_record *ended = NULL, *r, *next;

	mach_mutex_lock(&pthread_table_lock);
	for (r = pthread_records; r != NULL; r = next) {
		next = r->pr_next;
		if (r->pr_detached && r->pr_ended) {
			pthread_unlist(r);
			r->pr_next = ended;
			ended = r;
		}
	}
	mach_mutex_unlock(&pthread_table_lock);
	for (r = ended; r != NULL; r = next) {
		next = r->pr_next;
		mach_thread_join(r->pr_thread, NULL);
		free(r);
	}
}

int
pthread_create(pthread_t *thread, const pthread_attr_t *attr,
	       void *(*start)(void *), void *arg)
{
	struct pthread_record *r;
	mach_thread_t made;

	pthread_reap();
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return EAGAIN;
	r->pr_start = start;
	r->pr_arg = arg;
	r->pr_detached =
	    attr != NULL && attr->detachstate == PTHREAD_CREATE_DETACHED;
	/* Listed before it runs: a key made meanwhile clears its value. */
	mach_mutex_lock(&pthread_table_lock);
	if (mach_thread_create(&made, pthread_start, r) != KERN_SUCCESS) {
		mach_mutex_unlock(&pthread_table_lock);
		free(r);
		return EAGAIN;
	}
	r->pr_thread = made;
	r->pr_next = pthread_records;
	pthread_records = r;
	pthread_live++;
	mach_mutex_unlock(&pthread_table_lock);
	*thread = (pthread_t)r;
	return 0;
}

int
pthread_join(pthread_t thread, void **value)
{
	struct pthread_record *r = (struct pthread_record *)thread;
	int error = 0;

	if (thread == pthread_self())
		return EDEADLK;
	mach_mutex_lock(&pthread_table_lock);
	if (!pthread_listed(r))
		error = ESRCH;
	else if (r->pr_detached || r->pr_joining)
		error = EINVAL;
	else
		r->pr_joining = 1;
	mach_mutex_unlock(&pthread_table_lock);
	if (error != 0)
		return error;
	mach_thread_join(r->pr_thread, value);
	mach_mutex_lock(&pthread_table_lock);
	pthread_unlist(r);
	mach_mutex_unlock(&pthread_table_lock);
	free(r);
	return 0;
}

int
pthread_detach(pthread_t thread)
{
	struct pthread_record *r = (struct pthread_record *)thread;
	int error = 0;

	mach_mutex_lock(&pthread_table_lock);
	if (!pthread_listed(r))
		error = ESRCH;
	else if (r->pr_detached || r->pr_joining)
		error = EINVAL;
	else
		r->pr_detached = 1;
	mach_mutex_unlock(&pthread_table_lock);
	return error;
}

int
pthread_attr_init(pthread_attr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->is_initialized = 1;
	attr->detachstate = PTHREAD_CREATE_JOINABLE;
	attr->stacksize = MACH_THREAD_STACK_SIZE;
	return 0;
}

int
pthread_attr_destroy(pthread_attr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int
pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (state != PTHREAD_CREATE_DETACHED &&
	    state != PTHREAD_CREATE_JOINABLE)
		return EINVAL;
	attr->detachstate = state;
	return 0;
}

int
pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	*state = attr->detachstate;
	return 0;
}

/* Threads have libmach's stack size; a request of at most it is met. */
int
pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	if (size < PTHREAD_STACK_MIN || size > MACH_THREAD_STACK_SIZE)
		return EINVAL;
	attr->stacksize = size;
	return 0;
}

int
pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
	*size = attr->stacksize;
	return 0;
}

static mach_mutex_t *
pthread_lock_of(pthread_mutex_t *mutex)
{
	return (mach_mutex_t *)mutex->__lock;
}

int
pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->is_initialized = 1;
	attr->type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int
pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int
pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	attr->type = type;
	return 0;
}

int
pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
	*type = attr->type;
	return 0;
}

int
pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr)
{
	memset(mutex, 0, sizeof(*mutex));
	mach_mutex_init(pthread_lock_of(mutex));
	mutex->__type = attr != NULL ? attr->type : PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int
pthread_mutex_destroy(pthread_mutex_t *mutex)
{
	return mutex->__count > 0 ? EBUSY : 0;
}

/* Locks mutex (try: without waiting); 0, EBUSY, EDEADLK or EAGAIN. */
static int
pthread_mutex_take(pthread_mutex_t *mutex, int try)
{
	pthread_t me = pthread_self();

	if (mutex->__owner == me && mutex->__count > 0) {
		if (mutex->__type == PTHREAD_MUTEX_RECURSIVE) {
			mutex->__count++;
			return 0;
		}
		if (mutex->__type == PTHREAD_MUTEX_ERRORCHECK || try)
			return try ? EBUSY : EDEADLK;
	}
	if (try) {
		if (!mach_mutex_trylock(pthread_lock_of(mutex)))
			return EBUSY;
	} else {
		mach_mutex_lock(pthread_lock_of(mutex));
	}
	mutex->__owner = me;
	mutex->__count = 1;
	return 0;
}

int
pthread_mutex_lock(pthread_mutex_t *mutex)
{
	return pthread_mutex_take(mutex, 0);
}

int
pthread_mutex_trylock(pthread_mutex_t *mutex)
{
	return pthread_mutex_take(mutex, 1);
}

int
pthread_mutex_unlock(pthread_mutex_t *mutex)
{
	if (mutex->__count == 0 || (mutex->__type != PTHREAD_MUTEX_NORMAL &&
				    mutex->__type != PTHREAD_MUTEX_DEFAULT &&
				    mutex->__owner != pthread_self()))
		return EPERM;
	if (--mutex->__count > 0)
		return 0; /* a recursive mutex, still held */
	mutex->__owner = 0;
	mach_mutex_unlock(pthread_lock_of(mutex));
	return 0;
}

int
pthread_condattr_init(pthread_condattr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->is_initialized = 1;
	return 0;
}

int
pthread_condattr_destroy(pthread_condattr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int
pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr)
{
	(void)attr;
	memset(cond, 0, sizeof(*cond));
	mach_cond_init((mach_cond_t *)cond);
	return 0;
}

int
pthread_cond_destroy(pthread_cond_t *cond)
{
	(void)cond;
	return 0;
}

int
pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
	if (mutex->__count != 1 || mutex->__owner != pthread_self())
		return EPERM;
	pthread_t owner = mutex->__owner;
	mutex->__count = 0;
	mutex->__owner = 0;
	mach_cond_wait((mach_cond_t *)cond, pthread_lock_of(mutex));
	mutex->__owner = owner;
	mutex->__count = 1;
	return 0;
}

int
pthread_cond_signal(pthread_cond_t *cond)
{
	mach_cond_signal((mach_cond_t *)cond);
	return 0;
}

int
pthread_cond_broadcast(pthread_cond_t *cond)
{
	mach_cond_broadcast((mach_cond_t *)cond);
	return 0;
}

int
pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	mach_mutex_lock(&pthread_table_lock);
	for (int k = 0; k < PTHREAD_KEYS; k++) {
		if (pthread_keys[k].k_used)
			continue;
		pthread_keys[k].k_used = 1;
		pthread_keys[k].k_destructor = destructor;
		for (struct pthread_record *r = pthread_records; r != NULL;
		     r = r->pr_next)
			r->pr_values[k] = NULL;
		mach_mutex_unlock(&pthread_table_lock);
		*key = k;
		return 0;
	}
	mach_mutex_unlock(&pthread_table_lock);
	return EAGAIN;
}

int
pthread_key_delete(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS || !pthread_keys[key].k_used)
		return EINVAL;
	pthread_keys[key].k_used = 0;
	pthread_keys[key].k_destructor = NULL;
	return 0;
}

void *
pthread_getspecific(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS)
		return NULL;
	return ((struct pthread_record *)pthread_self())->pr_values[key];
}

int
pthread_setspecific(pthread_key_t key, const void *value)
{
	if (key >= PTHREAD_KEYS || !pthread_keys[key].k_used)
		return EINVAL;
	((struct pthread_record *)pthread_self())->pr_values[key] =
	    (void *)value;
	return 0;
}

int
sched_yield(void)
{
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_NONE, 0);
	return 0;
}

int
pthread_once(pthread_once_t *once, void (*init)(void))
{
	static mach_mutex_t once_lock = MACH_MUTEX_INITIALIZER;

	if (__atomic_load_n(&once->init_executed, __ATOMIC_ACQUIRE))
		return 0;
	/* One lock for every once: init runs with it held, so a second
	 * caller waits until the first has finished. */
	mach_mutex_lock(&once_lock);
	if (!once->init_executed) {
		init();
		__atomic_store_n(&once->init_executed, 1, __ATOMIC_RELEASE);
	}
	mach_mutex_unlock(&once_lock);
	return 0;
}
