/*
 * Copying between kernel memory and the current task's user memory.
 *
 * Every access to user memory goes through these.  A range that is not
 * entirely in user space, wraps around, or is not mapped makes them
 * return KERN_INVALID_ADDRESS; the kernel never faults on a user pointer.
 * The range is checked here; a missing mapping is caught by copy_user's
 * fault recovery (x86_64/locore.S and trap.c).  They are inline: the IPC
 * fast path copies a message in and out with them.
 */
#ifndef KERN_COPYIO_H
#define KERN_COPYIO_H

#include <mach/kern_return.h>
#include <machine/vm_param.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The copy itself: copy_user (x86_64/locore.S), with fault recovery,
 * called with the registers of rep movs (rdi, rsi, rcx) and no others
 * clobbered but rax and rdx, so that the code around it keeps its
 * values in registers.
 */
static inline kern_return_t
copyio_copy(void *dst, const void *src, size_t len)
{
	kern_return_t kr;

	__asm__ volatile("call copy_user"
			 : "=a"(kr), "+D"(dst), "+S"(src), "+c"(len)
			 :
			 : "rdx", "memory", "cc");
	return kr;
}

/*
 * copyio_copy for a len that is a multiple of four (copy_user_words):
 * fewer moves (the IPC fast path's messages and trailers).
 */
static inline kern_return_t
copyio_copy_words(void *dst, const void *src, size_t len)
{
	kern_return_t kr;

	__asm__ volatile("call copy_user_words"
			 : "=a"(kr), "+D"(dst), "+S"(src), "+c"(len)
			 :
			 : "rdx", "memory", "cc");
	return kr;
}

/* Whether [addr, addr + len) lies in user space (without wrapping). */
static inline int
copyio_user_range_ok(uint64_t addr, size_t len)
{
	const uint64_t span = USER_MAX_ADDRESS - USER_MIN_ADDRESS;

	return len <= span && addr - USER_MIN_ADDRESS <= span - len;
}

static inline kern_return_t
copyin(uint64_t user_src, void *kernel_dst, size_t len)
{
	if (len == 0)
		return KERN_SUCCESS;
	if (!copyio_user_range_ok(user_src, len))
		return KERN_INVALID_ADDRESS;
	return copyio_copy(kernel_dst, (const void *)user_src, len);
}

static inline kern_return_t
copyout(const void *kernel_src, uint64_t user_dst, size_t len)
{
	if (len == 0)
		return KERN_SUCCESS;
	if (!copyio_user_range_ok(user_dst, len))
		return KERN_INVALID_ADDRESS;
	return copyio_copy((void *)user_dst, kernel_src, len);
}

/*
 * Whether copyout to [user_dst, user_dst + len) would succeed: each page
 * is written (with the byte it holds).  For a caller that must not start
 * a change it could not finish with the copy (a receive's rights).
 */
static inline kern_return_t
copyout_writable(uint64_t user_dst, size_t len)
{
	uint64_t end = user_dst + len;
	char byte;

	if (len == 0)
		return KERN_SUCCESS;
	if (!copyio_user_range_ok(user_dst, len))
		return KERN_INVALID_ADDRESS;
	for (uint64_t page = user_dst; page < end;
	     page = (page | (PAGE_SIZE - 1)) + 1)
		if (copyio_copy(&byte, (const void *)page, 1) != KERN_SUCCESS ||
		    copyio_copy((void *)page, &byte, 1) != KERN_SUCCESS)
			return KERN_INVALID_ADDRESS;
	return KERN_SUCCESS;
}

#endif /* KERN_COPYIO_H */
