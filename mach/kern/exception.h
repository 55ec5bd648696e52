/*
 * Exceptions: a fault in user mode becomes an exception_raise message
 * (exc.defs) to the thread's exception port, or else the task's, and the
 * thread waits for the handler's answer.
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <mach/mach_types.h>

/*
 * Delivers an exception of the running thread.  Returns if a handler
 * answered KERN_SUCCESS (the thread resumes, with whatever state the
 * handler set); otherwise ends the task with "kernel: task NAME (id N)
 * killed: REASON" on the console.
 */
void exception_deliver(exception_type_t exception, int64_t code,
		       int64_t subcode, const char *reason);

#endif /* KERN_EXCEPTION_H */
