/*
 * The types of kern/wait.h that struct thread embeds (its hold queue, its
 * wait result), apart so that kern/thread.h can include them.
 */
#ifndef KERN_WAIT_TYPES_H
#define KERN_WAIT_TYPES_H

struct thread;

/*
 * Threads waiting on one object, first come first woken (wait_lock).  A
 * singly linked list: the queues are short, and the IPC fast path's
 * take-the-first and put-on-an-empty-queue are a store or two.
 */
struct wait_queue {
	struct thread *wq_head;
};

/* Why a wait ended. */
typedef enum wait_result {
	THREAD_AWAKENED = 0, /* a waker chose it */
	THREAD_TIMED_OUT,    /* its timeout expired */
	THREAD_INTERRUPTED,  /* thread_abort or termination */
} wait_result_t;

/* Whether thread_abort and termination may end a wait. */
enum wait_interruptible {
	WAIT_UNINTERRUPTIBLE = 0,
	WAIT_INTERRUPTIBLE = 1,
};

#endif /* KERN_WAIT_TYPES_H */
