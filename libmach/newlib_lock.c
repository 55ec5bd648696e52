/*
 * newlib's locks, on the thread library's mutexes, so that several
 * threads may use malloc (and getenv/setenv, the time zone, and with a
 * newlib built for it, stdio) at once.
 *
 * newlib calls these hooks, and defines no-op ones in their own libc
 * objects (mlock.o, envlock.o, tzlock.o):
 *
 *	__malloc_lock, __malloc_unlock	around malloc, free, realloc, ...
 *	__env_lock, __env_unlock	around getenv, setenv, ...
 *	__tz_lock, __tz_unlock		around the time-zone state
 *
 * Built with --enable-newlib-retargetable-locking (_RETARGETABLE_LOCKING
 * in <newlib.h>), newlib also calls __retarget_lock_* for every other
 * lock: each stdio stream's, the stream list's, atexit's, ...  This file
 * then provides those too, and the static locks newlib names
 * (__lock___*_mutex).  tools/build-newlib.sh builds newlib so; without
 * it those locks are compiled out of libc, and two threads printing to
 * one FILE at once may mix or lose output.
 *
 * libmach's definitions must win over libc's: USER_LDFLAGS (libmach.mk)
 * names __malloc_lock with -u, so the linker takes this object from
 * libmach.a, which comes first, before any libc object asks for it; its
 * other definitions then keep libc's lock.o out as well.
 *
 * newlib wants the locks recursive (its realloc, for one, calls malloc
 * and free with the lock held): each is an owner and a depth on top of a
 * mach_mutex.  Only the owner sets nl_owner to itself or clears it, so a
 * thread that reads its own struct libmach_thread there holds the lock.
 * The non-recursive kinds are the same locks: newlib never takes them
 * twice.
 */
#include <mach/mach_thread.h>
#include <newlib.h>
#include <reent.h>
#include <stdlib.h>
#include <sys/lock.h>

/* All zero (as a static one starts) is unlocked. */
struct newlib_lock {
	mach_mutex_t nl_mutex;
	struct libmach_thread *nl_owner; /* written only by the owner */
	unsigned nl_depth;		 /* guarded by nl_mutex */
};

#ifdef _RETARGETABLE_LOCKING
/* The static locks libc names; the three hooks below use theirs. */
struct __lock {
	struct newlib_lock l_lock;
};
#define NEWLIB_STATIC_LOCK(name) struct __lock __lock_##name
NEWLIB_STATIC_LOCK(__sinit_recursive_mutex);
NEWLIB_STATIC_LOCK(__sfp_recursive_mutex);
NEWLIB_STATIC_LOCK(__atexit_recursive_mutex);
NEWLIB_STATIC_LOCK(__at_quick_exit_mutex);
NEWLIB_STATIC_LOCK(__malloc_recursive_mutex);
NEWLIB_STATIC_LOCK(__env_recursive_mutex);
NEWLIB_STATIC_LOCK(__tz_mutex);
NEWLIB_STATIC_LOCK(__dd_hash_mutex);
NEWLIB_STATIC_LOCK(__arc4random_mutex);
#define NEWLIB_MALLOC_LOCK (&__lock___malloc_recursive_mutex.l_lock)
#define NEWLIB_ENV_LOCK	   (&__lock___env_recursive_mutex.l_lock)
#define NEWLIB_TZ_LOCK	   (&__lock___tz_mutex.l_lock)
#else
static struct newlib_lock newlib_malloc_lock;
static struct newlib_lock newlib_env_lock;
static struct newlib_lock newlib_tz_lock;
#define NEWLIB_MALLOC_LOCK (&newlib_malloc_lock)
#define NEWLIB_ENV_LOCK	   (&newlib_env_lock)
#define NEWLIB_TZ_LOCK	   (&newlib_tz_lock)
#endif

static void
newlib_lock_acquire(struct newlib_lock *lock)
{
	struct libmach_thread *self = libmach_thread_self();

	if (__atomic_load_n(&lock->nl_owner, __ATOMIC_RELAXED) == self) {
		lock->nl_depth++;
		return;
	}
	mach_mutex_lock(&lock->nl_mutex);
	__atomic_store_n(&lock->nl_owner, self, __ATOMIC_RELAXED);
	lock->nl_depth = 1;
}

static void
newlib_lock_release(struct newlib_lock *lock)
{
	if (--lock->nl_depth > 0)
		return;
	__atomic_store_n(&lock->nl_owner, NULL, __ATOMIC_RELAXED);
	mach_mutex_unlock(&lock->nl_mutex);
}

void
__malloc_lock(struct _reent *reent)
{
	(void)reent;
	newlib_lock_acquire(NEWLIB_MALLOC_LOCK);
}

void
__malloc_unlock(struct _reent *reent)
{
	(void)reent;
	newlib_lock_release(NEWLIB_MALLOC_LOCK);
}

void
__env_lock(struct _reent *reent)
{
	(void)reent;
	newlib_lock_acquire(NEWLIB_ENV_LOCK);
}

void
__env_unlock(struct _reent *reent)
{
	(void)reent;
	newlib_lock_release(NEWLIB_ENV_LOCK);
}

void
__tz_lock(void)
{
	newlib_lock_acquire(NEWLIB_TZ_LOCK);
}

void
__tz_unlock(void)
{
	newlib_lock_release(NEWLIB_TZ_LOCK);
}

#ifdef _RETARGETABLE_LOCKING

/* Returns 0, at once, if another thread holds lock. */
static int
newlib_lock_try_acquire(struct newlib_lock *lock)
{
	struct libmach_thread *self = libmach_thread_self();

	if (__atomic_load_n(&lock->nl_owner, __ATOMIC_RELAXED) == self) {
		lock->nl_depth++;
		return 1;
	}
	if (!mach_mutex_trylock(&lock->nl_mutex))
		return 0;
	__atomic_store_n(&lock->nl_owner, self, __ATOMIC_RELAXED);
	lock->nl_depth = 1;
	return 1;
}

/* A lock made at run time (each stdio stream has one); NULL when memory
 * ran out, and then the stream goes unlocked. */
void
__retarget_lock_init(_LOCK_T *lock)
{
	*lock = calloc(1, sizeof(struct __lock));
}

void
__retarget_lock_init_recursive(_LOCK_T *lock)
{
	__retarget_lock_init(lock);
}

void
__retarget_lock_close(_LOCK_T lock)
{
	free(lock);
}

void
__retarget_lock_close_recursive(_LOCK_T lock)
{
	free(lock);
}

void
__retarget_lock_acquire(_LOCK_T lock)
{
	if (lock != NULL)
		newlib_lock_acquire(&lock->l_lock);
}

void
__retarget_lock_acquire_recursive(_LOCK_T lock)
{
	__retarget_lock_acquire(lock);
}

int
__retarget_lock_try_acquire(_LOCK_T lock)
{
	return lock == NULL || newlib_lock_try_acquire(&lock->l_lock);
}

int
__retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return __retarget_lock_try_acquire(lock);
}

void
__retarget_lock_release(_LOCK_T lock)
{
	if (lock != NULL)
		newlib_lock_release(&lock->l_lock);
}

void
__retarget_lock_release_recursive(_LOCK_T lock)
{
	__retarget_lock_release(lock);
}

#endif /* _RETARGETABLE_LOCKING */
