/*
 * mmap, munmap, mprotect, msync: memory mappings made by the process
 * itself on its own task with the kernel's VM calls (docs/vm.md); no
 * message to the UNIX server but for a file's bytes.
 *
 *	anonymous	vm_map of fresh zero-filled memory, inherited by a
 *			fork's child as MAP_SHARED (VM_INHERIT_SHARE: both
 *			see each other's writes) or MAP_PRIVATE
 *			(VM_INHERIT_COPY: copy-on-write) says
 *	file, private	anonymous memory filled with the file's bytes from
 *			offset (pread; zeros past its end), then given the
 *			protection asked for: a copy, which later writes
 *			to the file do not change (POSIX leaves that open)
 *	file, shared	ENODEV: the writes of a shared mapping must reach
 *			the file, which needs the server as the file's
 *			pager (not yet)
 *
 * Errors as POSIX says: EINVAL (length 0, an unaligned address with
 * MAP_FIXED or offset, neither or both of MAP_SHARED and MAP_PRIVATE),
 * EBADF, EACCES (a file not open for reading), ENODEV (not a regular
 * file, or shared), ENOMEM (no room, or a range not mapped).
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static vm_prot_t
mman_prot(int prot)
{
	return ((prot & PROT_READ) ? VM_PROT_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_PROT_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_PROT_EXECUTE : 0);
}

static int
mman_errno(kern_return_t kr)
{
	switch (kr) {
	case KERN_SUCCESS:
		return 0;
	case KERN_PROTECTION_FAILURE:
		return EACCES;
	case KERN_INVALID_ARGUMENT:
		return EINVAL;
	default: /* no space, an address outside the map or not mapped */
		return ENOMEM;
	}
}

static int
mman_unaligned(const void *address)
{
	return ((uintptr_t)address & (UNIX_PAGE - 1)) != 0;
}

/* A file's bytes for a private mapping: checks fd; 0 or an errno. */
static int
mman_check_file(int fd, int flags)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return EBADF;
	if (!S_ISREG(st.st_mode))
		return ENODEV;
	int mode = fcntl(fd, F_GETFL);
	if (mode < 0 || (mode & O_ACCMODE) == O_WRONLY)
		return EACCES;
	return (flags & MAP_SHARED) ? ENODEV : 0;
}

void *
mmap(void *address, size_t length, int prot, int flags, int fd, off_t offset)
{
	int sharing = flags & (MAP_SHARED | MAP_PRIVATE);
	int anonymous = flags & MAP_ANONYMOUS;
	int error = 0;

	if (length == 0 || (sharing != MAP_SHARED && sharing != MAP_PRIVATE) ||
	    (offset & (UNIX_PAGE - 1)) != 0 || offset < 0 ||
	    ((flags & MAP_FIXED) && mman_unaligned(address)))
		error = EINVAL;
	if (error == 0 && !anonymous)
		error = mman_check_file(fd, flags);
	if (error != 0)
		return (void *)(intptr_t)unix_fail(error);

	vm_address_t at = (vm_address_t)address;
	vm_size_t size = (length + UNIX_PAGE - 1) & ~(UNIX_PAGE - 1);
	if (flags & MAP_FIXED)
		(void)vm_deallocate(mach_task_self(), at, size);
	/* a file's copy is written first, then protected as asked */
	vm_prot_t cur = anonymous ? mman_prot(prot) : VM_PROT_DEFAULT;
	kern_return_t kr =
	    vm_map(mach_task_self(), &at, size, 0, !(flags & MAP_FIXED),
		   MACH_PORT_NULL, 0, FALSE, cur, VM_PROT_ALL,
		   sharing == MAP_SHARED ? VM_INHERIT_SHARE : VM_INHERIT_COPY);
	if (kr != KERN_SUCCESS) /* the arguments are good: no room */
		return (void *)(intptr_t)unix_fail(ENOMEM);
	if (!anonymous) {
		if (pread(fd, (void *)at, length, offset) < 0)
			error = errno;
		else
			error =
			    mman_errno(vm_protect(mach_task_self(), at, size,
						  FALSE, mman_prot(prot)));
		if (error != 0) {
			vm_deallocate(mach_task_self(), at, size);
			return (void *)(intptr_t)unix_fail(error);
		}
	}
	return (void *)at;
}

int
munmap(void *address, size_t length)
{
	if (length == 0 || mman_unaligned(address))
		return unix_fail(EINVAL);
	kern_return_t kr =
	    vm_deallocate(mach_task_self(), (vm_address_t)address, length);
	return kr == KERN_SUCCESS ? 0 : unix_fail(mman_errno(kr));
}

int
mprotect(void *address, size_t length, int prot)
{
	if (mman_unaligned(address))
		return unix_fail(EINVAL);
	kern_return_t kr = vm_protect(mach_task_self(), (vm_address_t)address,
				      length, FALSE, mman_prot(prot));
	return kr == KERN_SUCCESS ? 0 : unix_fail(mman_errno(kr));
}

/* Nothing is written back: no mapping is of a file shared. */
int
msync(void *address, size_t length, int flags)
{
	(void)length;
	if (mman_unaligned(address) ||
	    (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return unix_fail(EINVAL);
	return 0;
}
