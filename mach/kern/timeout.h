/*
 * Timeouts for blocked threads (mach_msg's MACH_SEND_TIMEOUT and
 * MACH_RCV_TIMEOUT), at the resolution of the timer tick.
 */
#ifndef KERN_TIMEOUT_H
#define KERN_TIMEOUT_H

#include <stdint.h>

struct thread;

void timeout_bootstrap(void);

/* Arms a timeout for thread in ms milliseconds (at least one tick). */
void timeout_arm(struct thread *thread, uint32_t ms);

/* Disarms it, if armed. */
void timeout_cancel(struct thread *thread);

/* The timer tick: fires every expired timeout. */
void timeout_tick(uint64_t now);

#endif /* KERN_TIMEOUT_H */
