/*
 * Wait queues (mach_wait_queue.c): how the thread library's threads
 * block and are woken.  Private to libmach.
 */
#ifndef LIBMACH_MACH_WAIT_QUEUE_H
#define LIBMACH_MACH_WAIT_QUEUE_H

#include <mach/mach_thread.h>

void mach_wait_queue_lock(struct mach_wait_queue *queue);
void mach_wait_queue_unlock(struct mach_wait_queue *queue);

/* Puts the calling thread at the tail of queue (locked by the caller);
 * the caller then unlocks it and calls mach_wait_queue_block. */
void mach_wait_queue_enqueue_locked(struct mach_wait_queue *queue);

/* Blocks the calling thread until it is woken from the queue it put
 * itself on. */
void mach_wait_queue_block(void);

/* Takes the thread at the head of queue off it and wakes it; returns 0
 * if the queue was empty. */
int mach_wait_queue_wakeup_one(struct mach_wait_queue *queue);

/* Takes every thread off queue and wakes each. */
void mach_wait_queue_wakeup_all(struct mach_wait_queue *queue);

#endif /* LIBMACH_MACH_WAIT_QUEUE_H */
