/*
 * Each thread's newlib state (newlib_reent.c).  Private to libmach.
 */
#ifndef LIBMACH_NEWLIB_REENT_H
#define LIBMACH_NEWLIB_REENT_H

#include <mach/mach_ipc.h>

/* thread's own fresh struct _reent becomes its newlib state. */
void newlib_reent_init(struct libmach_thread *thread);

/* The main thread (thread, the caller's, %fs set) gets newlib's global
 * state; stdio is set up. */
void newlib_reent_main(struct libmach_thread *thread);

/* Frees what newlib allocated for thread's own state (not the global
 * one's), as the thread ends; the thread must still be able to block
 * (free takes malloc's lock). */
void newlib_reent_release(struct libmach_thread *thread);

#endif /* LIBMACH_NEWLIB_REENT_H */
