/*
 * Copying between kernel memory and the current task's user memory.
 *
 * Every access to user memory goes through these.  A range that is not
 * entirely in user space, wraps around, or is not mapped makes them
 * return KERN_INVALID_ADDRESS; the kernel never faults on a user pointer.
 */
#ifndef KERN_COPYIO_H
#define KERN_COPYIO_H

#include <mach/kern_return.h>
#include <stddef.h>
#include <stdint.h>

kern_return_t copyin(uint64_t user_src, void *kernel_dst, size_t len);
kern_return_t copyout(const void *kernel_src, uint64_t user_dst, size_t len);

/* Whether [addr, addr + len) lies in user space (without wrapping). */
int copyio_user_range_ok(uint64_t addr, size_t len);

#endif /* KERN_COPYIO_H */
