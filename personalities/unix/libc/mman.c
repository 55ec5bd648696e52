/*
 * mmap, munmap, mprotect, msync, madvise: memory mappings made by the process
 * itself on its own task with the kernel's VM calls (docs/vm.md); no
 * message to the UNIX server but for a file's memory object.
 *
 *	anonymous	vm_map of fresh zero-filled memory, inherited by a
 *			fork's child as MAP_SHARED (VM_INHERIT_SHARE: both
 *			see each other's writes) or MAP_PRIVATE
 *			(VM_INHERIT_COPY: copy-on-write) says
 *	file, shared	vm_map of the file's memory object, which the
 *			server serves as its pager (unix_file_memory_object):
 *			writes reach the file and every other mapping,
 *			inherited shared by a fork's child
 *	file, private	the same object mapped with copy: copy-on-write,
 *			pages read from the file when first touched, writes
 *			kept in the process
 *
 * madvise and posix_madvise take advice and change nothing (below).
 * msync writes the shared file mappings of its range back
 * (unix_file_sync) before it returns.  Errors as POSIX says: EINVAL
 * (length 0, an unaligned address with MAP_FIXED or offset, neither or
 * both of MAP_SHARED and MAP_PRIVATE), EBADF, EACCES (a file not open
 * for reading, or shared and writable but not open for writing), ENODEV
 * (not a regular file), ENOMEM (no room, or a range not mapped).
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_port.h>
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

/*
 * The shared mappings of files, for msync: by file number, not by port
 * name, since a fork's child inherits the mappings (and this table) but
 * not our port names.  A mapping that finds no room here is not synced
 * by msync (its pages still reach the file when unmapped).
 */
#define MMAN_FILES_MAX 64
struct mman_file {
	vm_address_t mf_start; /* 0: a free slot */
	vm_size_t mf_size;
	ino_t mf_ino;
	off_t mf_offset;
};
static struct mman_file mman_files[MMAN_FILES_MAX];

static void
mman_remember(vm_address_t start, vm_size_t size, ino_t ino, off_t offset)
{
	for (int i = 0; i < MMAN_FILES_MAX; i++)
		if (mman_files[i].mf_start == 0) {
			mman_files[i] =
			    (struct mman_file){start, size, ino, offset};
			return;
		}
}

/* [start, end) is no longer mapped: entries inside it go, entries
 * overlapping one of its ends are cut (one it splits stays whole:
 * syncing an unmapped piece does no harm). */
static void
mman_forget(vm_address_t start, vm_address_t end)
{
	for (int i = 0; i < MMAN_FILES_MAX; i++) {
		struct mman_file *f = &mman_files[i];
		vm_address_t f_end = f->mf_start + f->mf_size;
		if (f->mf_start == 0 || f_end <= start || f->mf_start >= end)
			continue;
		if (f->mf_start >= start && f_end <= end) {
			f->mf_start = 0;
		} else if (f->mf_start >= start) {
			f->mf_offset += end - f->mf_start;
			f->mf_size = f_end - end;
			f->mf_start = end;
		} else if (f_end <= end) {
			f->mf_size = start - f->mf_start;
		}
	}
}

/* The file's memory object from the server (which checks the access:
 * EACCES, ENODEV, EBADF), mapped: shared, or copy-on-write for
 * MAP_PRIVATE.  A shared mapping of a file not open for writing can
 * never be made writable (its maximum protection). */
static int
mman_map_file(vm_address_t *at, vm_size_t size, int prot, int flags, int fd,
	      off_t offset)
{
	int shared = (flags & MAP_SHARED) != 0;
	mach_port_t object;
	int error;
	struct stat st;

	kern_return_t kr = unix_file_memory_object(unix_port(), fd, prot, flags,
						   &error, &object);
	if ((error = unix_errno(kr, error)) != 0)
		return error;
	vm_prot_t max = VM_PROT_ALL;
	if (shared && (fcntl(fd, F_GETFL) & O_ACCMODE) != O_RDWR)
		max = VM_PROT_READ | VM_PROT_EXECUTE;
	kr = vm_map(mach_task_self(), at, size, 0, !(flags & MAP_FIXED), object,
		    offset, !shared, mman_prot(prot), max,
		    shared ? VM_INHERIT_SHARE : VM_INHERIT_COPY);
	mach_port_deallocate(mach_task_self(), object);
	if (kr != KERN_SUCCESS)
		return ENOMEM;
	if (shared && fstat(fd, &st) == 0)
		mman_remember(*at, size, st.st_ino, offset);
	return 0;
}

void *
mmap(void *address, size_t length, int prot, int flags, int fd, off_t offset)
{
	int sharing = flags & (MAP_SHARED | MAP_PRIVATE);
	int anonymous = flags & MAP_ANONYMOUS;

	if (length == 0 || (sharing != MAP_SHARED && sharing != MAP_PRIVATE) ||
	    (offset & (UNIX_PAGE - 1)) != 0 || offset < 0 ||
	    ((flags & MAP_FIXED) && mman_unaligned(address)))
		return (void *)(intptr_t)unix_fail(EINVAL);

	vm_address_t at = (vm_address_t)address;
	vm_size_t size = (length + UNIX_PAGE - 1) & ~(UNIX_PAGE - 1);
	if (flags & MAP_FIXED) {
		(void)vm_deallocate(mach_task_self(), at, size);
		mman_forget(at, at + size);
	}
	if (!anonymous) {
		int error = mman_map_file(&at, size, prot, flags, fd, offset);
		return error != 0 ? (void *)(intptr_t)unix_fail(error)
				  : (void *)at;
	}
	kern_return_t kr =
	    vm_map(mach_task_self(), &at, size, 0, !(flags & MAP_FIXED),
		   MACH_PORT_NULL, 0, FALSE, mman_prot(prot), VM_PROT_ALL,
		   sharing == MAP_SHARED ? VM_INHERIT_SHARE : VM_INHERIT_COPY);
	if (kr != KERN_SUCCESS) /* the arguments are good: no room */
		return (void *)(intptr_t)unix_fail(ENOMEM);
	return (void *)at;
}

int
munmap(void *address, size_t length)
{
	if (length == 0 || mman_unaligned(address))
		return unix_fail(EINVAL);
	kern_return_t kr =
	    vm_deallocate(mach_task_self(), (vm_address_t)address, length);
	if (kr == KERN_SUCCESS)
		mman_forget((vm_address_t)address,
			    (vm_address_t)address + length);
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

/* The shared file mappings of the range are written back into their
 * files before the answer, for MS_ASYNC too (allowed: sooner than
 * asked); private and anonymous memory has nowhere to go. */
int
msync(void *address, size_t length, int flags)
{
	vm_address_t start = (vm_address_t)address, end = start + length;

	if (mman_unaligned(address) ||
	    (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return unix_fail(EINVAL);
	for (int i = 0; i < MMAN_FILES_MAX; i++) {
		struct mman_file *f = &mman_files[i];
		vm_address_t from = f->mf_start > start ? f->mf_start : start;
		vm_address_t to = f->mf_start + f->mf_size < end
				      ? f->mf_start + f->mf_size
				      : end;
		if (f->mf_start == 0 || from >= to)
			continue;
		int error;
		kern_return_t kr =
		    unix_file_sync(unix_port(), f->mf_ino,
				   f->mf_offset + (off_t)(from - f->mf_start),
				   to - from, &error);
		if ((error = unix_errno(kr, error)) != 0)
			return unix_fail(error);
	}
	return 0;
}

/*
 * madvise and posix_madvise: advice, which changes nothing a program
 * can see (MADV_DONTNEED too, as BSD has it: the pages keep their
 * bytes; Linux's zero-filling is not done).  EINVAL for an unaligned
 * address or unknown advice.
 */
int
madvise(void *address, size_t length, int advice)
{
	(void)length;
	if (mman_unaligned(address) || advice < MADV_NORMAL ||
	    advice > MADV_DONTNEED)
		return unix_fail(EINVAL);
	return 0;
}

int
posix_madvise(void *address, size_t length, int advice)
{
	return madvise(address, length, advice) < 0 ? errno : 0;
}
