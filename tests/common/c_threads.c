/*
 * POSIX threads in the common subset: create and join (with the value a
 * thread returns), mutexes of each kind, a condition variable between a
 * producer and a consumer, thread-specific data with its destructor,
 * pthread_once, errno of each thread its own, detached threads.
 */
#include "common.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS	500

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *
count(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		long seen = counter;
		sched_yield(); /* let another try to get in meanwhile */
		counter = seen + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return (void *)((intptr_t)arg * 10);
}

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cond = PTHREAD_COND_INITIALIZER;
static int queue[8], queued, taken_sum;

static void *
consume(void *arg)
{
	(void)arg;
	for (int n = 0; n < 20; n++) {
		pthread_mutex_lock(&queue_lock);
		while (queued == 0)
			pthread_cond_wait(&queue_cond, &queue_lock);
		taken_sum += queue[--queued];
		pthread_cond_broadcast(&queue_cond);
		pthread_mutex_unlock(&queue_lock);
	}
	return NULL;
}

static pthread_key_t key;
static int destroyed;

static void
destroy(void *value)
{
	__atomic_add_fetch(&destroyed, (int)(intptr_t)value, __ATOMIC_RELAXED);
}

static void *
specific(void *arg)
{
	pthread_setspecific(key, arg);
	sched_yield();
	return pthread_getspecific(key);
}

static int once_runs;

static void
once_init(void)
{
	once_runs++;
}

static void *
call_once(void *arg)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	(void)arg;
	pthread_once(&once, once_init);
	return NULL;
}

/* A thread's errno: 0 at its start, then its own failure's. */
static void *
own_errno(void *arg)
{
	(void)arg;
	intptr_t at_start = errno;
	close(-1);
	return (void *)(at_start * 1000 + errno);
}

static pthread_mutex_t detached_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t detached_cond = PTHREAD_COND_INITIALIZER;
static int detached_ran;

static void *
detached(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&detached_lock);
	detached_ran++;
	pthread_cond_signal(&detached_cond);
	pthread_mutex_unlock(&detached_lock);
	return NULL;
}

/* Waits until n detached threads have run. */
static void
wait_detached(int n)
{
	pthread_mutex_lock(&detached_lock);
	while (detached_ran < n)
		pthread_cond_wait(&detached_cond, &detached_lock);
	pthread_mutex_unlock(&detached_lock);
}

int
main(void)
{
	pthread_t threads[THREADS];
	void *value;
	int joined = 0;

	tap_plan(20);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&threads[i], NULL, count, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++)
		joined += pthread_join(threads[i], &value) == 0 &&
			  value == (void *)(intptr_t)(i * 10);
	tap_is_int(joined, THREADS, "threads joined with their values");
	tap_is_int(counter, THREADS * ROUNDS, "a mutex kept every increment");
	tap_ok(pthread_equal(pthread_self(), pthread_self()) &&
		   !pthread_equal(pthread_self(), threads[0]),
	       "pthread_self, pthread_equal");

	pthread_mutex_t m;
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &attr);
	tap_ok(pthread_mutex_lock(&m) == 0 && pthread_mutex_lock(&m) == 0 &&
		   pthread_mutex_unlock(&m) == 0 &&
		   pthread_mutex_unlock(&m) == 0,
	       "a recursive mutex, locked twice");
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &attr);
	pthread_mutex_lock(&m);
	tap_is_int(pthread_mutex_lock(&m), EDEADLK,
		   "an error-checking mutex locked again: EDEADLK");
	tap_is_int(pthread_mutex_trylock(&m), EBUSY, "trylock: EBUSY");
	pthread_mutex_unlock(&m);
	tap_is_int(pthread_mutex_unlock(&m), EPERM,
		   "unlocking it unlocked: EPERM");

	pthread_t consumer;
	pthread_create(&consumer, NULL, consume, NULL);
	int sum = 0;
	for (int n = 1; n <= 20; n++) {
		pthread_mutex_lock(&queue_lock);
		while (queued == 8)
			pthread_cond_wait(&queue_cond, &queue_lock);
		queue[queued++] = n;
		sum += n;
		pthread_cond_broadcast(&queue_cond);
		pthread_mutex_unlock(&queue_lock);
	}
	pthread_join(consumer, NULL);
	tap_is_int(taken_sum, sum, "a condition variable: all 20 handed over");

	tap_is_int(pthread_key_create(&key, destroy), 0, "pthread_key_create");
	pthread_setspecific(key, (void *)100);
	for (int i = 0; i < 2; i++)
		pthread_create(&threads[i], NULL, specific,
			       (void *)(intptr_t)(i + 1));
	int own = 0;
	for (int i = 0; i < 2; i++)
		own += pthread_join(threads[i], &value) == 0 &&
		       value == (void *)(intptr_t)(i + 1);
	tap_is_int(own, 2, "each thread sees its own value");
	tap_ok(pthread_getspecific(key) == (void *)100,
	       "and the main thread its own");
	tap_is_int(destroyed, 3, "the destructor ran for each ending thread");

	for (int i = 0; i < THREADS; i++)
		pthread_create(&threads[i], NULL, call_once, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	tap_is_int(once_runs, 1, "pthread_once: once");
	tap_is_int(pthread_join(pthread_self(), NULL), EDEADLK,
		   "joining oneself: EDEADLK");

	open("/nonexistent", O_RDONLY);
	pthread_create(&threads[0], NULL, own_errno, NULL);
	pthread_join(threads[0], &value);
	tap_is_int((intptr_t)value, EBADF,
		   "a thread's errno starts at 0 and is its own");
	tap_is_int(errno, ENOENT, "the main thread's is untouched");

	pthread_attr_t detach;
	pthread_attr_init(&detach);
	pthread_attr_setdetachstate(&detach, PTHREAD_CREATE_DETACHED);
	tap_is_int(pthread_create(&threads[0], &detach, detached, NULL), 0,
		   "a thread created detached");
	wait_detached(1);
	pthread_create(&threads[1], NULL, detached, NULL);
	tap_is_int(pthread_detach(threads[1]), 0, "pthread_detach");
	tap_is_int(pthread_join(threads[1], NULL), EINVAL,
		   "a detached thread cannot be joined: EINVAL");
	wait_detached(2);
	/* Creating more reaps the ended detached ones. */
	for (int i = 0; i < THREADS; i++)
		pthread_create(&threads[i], &detach, detached, NULL);
	wait_detached(2 + THREADS);
	pthread_create(&threads[0], NULL, specific, NULL);
	tap_is_int(pthread_join(threads[0], NULL), 0,
		   "and threads go on being made");
	return tap_done();
}
