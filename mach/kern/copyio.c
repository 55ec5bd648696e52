/*
 * copyin and copyout: the only way the kernel touches user memory.
 * The range is checked here; a missing mapping is caught by copy_user's
 * fault recovery (x86_64/locore.S and trap.c).
 */
#include <kern/copyio.h>
#include <machine/vm_param.h>

extern kern_return_t copy_user(void *dst, const void *src, size_t len);

int
copyio_user_range_ok(uint64_t addr, size_t len)
{
	return addr >= USER_MIN_ADDRESS && addr < USER_MAX_ADDRESS &&
	       len <= USER_MAX_ADDRESS - addr;
}

kern_return_t
copyin(uint64_t user_src, void *kernel_dst, size_t len)
{
	if (len == 0)
		return KERN_SUCCESS;
	if (!copyio_user_range_ok(user_src, len))
		return KERN_INVALID_ADDRESS;
	return copy_user(kernel_dst, (const void *)user_src, len);
}

kern_return_t
copyout(const void *kernel_src, uint64_t user_dst, size_t len)
{
	if (len == 0)
		return KERN_SUCCESS;
	if (!copyio_user_range_ok(user_dst, len))
		return KERN_INVALID_ADDRESS;
	return copy_user((void *)user_dst, kernel_src, len);
}
