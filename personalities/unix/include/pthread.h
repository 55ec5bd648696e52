/*
 * <pthread.h> for both personalities: newlib's declarations, which it
 * makes only on targets that say they have threads (_POSIX_THREADS) and
 * the mutex kinds (_UNIX98_THREAD_MUTEX_ATTRIBUTES).
 * The library is libc/pthread.c; the types are <sys/_pthreadtypes.h>.
 */
#ifndef UNIX_PTHREAD_H
#define UNIX_PTHREAD_H

#ifndef _POSIX_THREADS
#define _POSIX_THREADS 1
#endif
#ifndef _UNIX98_THREAD_MUTEX_ATTRIBUTES
#define _UNIX98_THREAD_MUTEX_ATTRIBUTES 1
#endif
#include_next <pthread.h>

#endif /* UNIX_PTHREAD_H */
