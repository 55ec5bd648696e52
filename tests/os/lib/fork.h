/*
 * A fork as test programs make one today: task_create cannot give a
 * child its parent's memory yet, so the child's memory is written by
 * hand, a copy of this program's.
 *
 *	mach_port_t child;
 *	thread_t thread;
 *	fork_task(&child, &thread, entry, arg, &stack);
 *	... insert rights into child, change the thread's state ...
 *	thread_resume(thread);
 *
 * The child's first thread starts in entry(arg) on a stack of its own
 * (FORK_STACK_SIZE bytes at stack[0], returned so that the caller can
 * tell it from the copied memory), after mach_init (<mach/mach_ipc.h>),
 * which makes libmach's cached names the child's own.  The copy is a
 * snapshot: entry finds whatever this task wrote before fork_task.
 */
#ifndef FORK_H
#define FORK_H

#include <mach/mach_types.h>

#define FORK_STACK_SIZE (256 * 1024)

/*
 * A new task whose memory is a copy of this program's (every PT_LOAD
 * segment, found through the ELF headers the text segment maps at
 * 0x400000, with its protection; and the heap), and one suspended thread
 * in it, as above.  Returns KERN_SUCCESS and the task and thread ports,
 * or the first error (nothing is left behind then).
 */
kern_return_t fork_task(mach_port_t *task, thread_t *thread,
			void (*entry)(void *), void *arg, vm_address_t *stack);

/* The program's memory, heap included: what fork_task copies. */
void fork_image(vm_address_t *start, vm_address_t *stop);

#endif /* FORK_H */
