/*
 * Thread state: the user registers thread_get_state / thread_set_state
 * read and write.
 *
 *	THREAD_STATE_X86_64	every register
 *	THREAD_STATE_X86_64_PC	the instruction and stack pointers alone:
 *				what a signal frame changes.  A thread
 *				held in a system call may still finish it
 *				(its result goes into rax) between a
 *				caller's get and set of the whole state,
 *				and the set would then undo the result;
 *				the call's end changes neither rip nor rsp.
 */
#ifndef MACH_THREAD_STATUS_H
#define MACH_THREAD_STATUS_H

#include <mach/std_types.h>
#include <stdint.h>

typedef int thread_state_flavor_t;
typedef natural_t *thread_state_t;

#define THREAD_STATE_X86_64 1

struct x86_64_thread_state {
	uint64_t rax, rbx, rcx, rdx, rdi, rsi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
	uint64_t fs_base;
};
#define THREAD_STATE_X86_64_COUNT \
	(sizeof(struct x86_64_thread_state) / sizeof(natural_t))

#define THREAD_STATE_X86_64_PC 2

struct x86_64_pc_state {
	uint64_t rip, rsp;
};
#define THREAD_STATE_X86_64_PC_COUNT \
	(sizeof(struct x86_64_pc_state) / sizeof(natural_t))

#define THREAD_STATE_MAX 64 /* natural_t's: the largest flavor */

#endif /* MACH_THREAD_STATUS_H */
