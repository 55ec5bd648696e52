/*
 * A process's memory, as the server sees it: never through a pointer.
 *
 *	user_path	a path sent out of line, checked and copied
 *	user_write	bytes into the process (vm_write), EFAULT on a bad
 *			address; unix_lock is let go meanwhile, so the
 *			pager thread can answer a fault on a mapped file
 *	user_release	gives back out-of-line memory a request brought
 *
 * Bytes a process sends arrive out of line: the kernel has already
 * checked the process's pointer when it copied them, and they are ours
 * to release (unix.defs: every routine returns KERN_SUCCESS, so the
 * server loop never destroys a request a routine has seen).
 */
#include "unix.h"

#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/vm_map.h>
#include <string.h>

int
user_path(const char *data, size_t count, char *path)
{
	const char *nul = data == NULL ? NULL : memchr(data, '\0', count);

	if (nul == NULL)
		return count >= UNIX_PATH_MAX ? ENAMETOOLONG : UNIX_EPATHMORE;
	if (nul == data)
		return ENOENT;
	if ((size_t)(nul - data) >= UNIX_PATH_MAX)
		return ENAMETOOLONG;
	memcpy(path, data, nul - data + 1);
	return 0;
}

int
user_write(struct process *process, vm_address_t address, const void *data,
	   size_t size)
{
	if (size == 0)
		return 0;
	if (address + size < address)
		return EFAULT;
	/* The page written may be one of a file we page (pager.c): its
	 * fault waits for the pager thread, which needs the lock. */
	mach_mutex_unlock(&unix_lock);
	kern_return_t kr =
	    vm_write(process->p_task, address, (vm_offset_t)data, size);
	mach_mutex_lock(&unix_lock);
	return kr == KERN_SUCCESS ? 0 : EFAULT;
}

void
user_release(const void *data, size_t count)
{
	if (data != NULL && count > 0)
		vm_deallocate(mach_task_self(), (vm_address_t)data, count);
}
