/*
 * A process's memory, as the server sees it: never through a pointer.
 *
 *	user_path	a path sent out of line, checked and copied
 *	user_write	bytes into the process (vm_write), EFAULT on a bad
 *			address; unix_lock is let go meanwhile, so the
 *			pager thread can answer a fault on a mapped file
 *	user_release	gives back out-of-line memory a request brought
 *	user_prefault	touches a request's out-of-line memory before
 *			unix_lock is taken
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
#include <stdint.h>
#include <string.h>

#define USER_PAGE 4096ul

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

/* One descriptor's pages touched; its size, to step to the next (0:
 * one we cannot walk). */
static mach_msg_size_t
user_prefault_descriptor(mach_msg_descriptor_t *desc)
{
	switch (desc->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		return sizeof(mach_msg_port_descriptor_t);
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR: {
		volatile const char *bytes = desc->out_of_line.address;
		mach_msg_size_t size = desc->out_of_line.size;
		if (bytes != NULL)
			for (mach_msg_size_t at = 0; at < size;
			     at += USER_PAGE -
				   ((uintptr_t)(bytes + at) & (USER_PAGE - 1)))
				(void)bytes[at];
		return sizeof(mach_msg_ool_descriptor_t);
	}
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		return sizeof(mach_msg_ool_ports_descriptor_t);
	default:
		return 0;
	}
}

/*
 * Out-of-line memory arrives as a copy-on-write copy of the sender's:
 * if the sender had it from a file we page (a mapping, a program's
 * text or data), our first touch faults and waits for our own pager
 * thread, which needs unix_lock.  So the main loop touches every page
 * before it takes the lock.  The pages stay: only our own flushes (a
 * write() to that file: fd.c copies the bytes first) take them away.
 */
void
user_prefault(mach_msg_header_t *msg)
{
	if (!(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	mach_msg_body_t *body = (mach_msg_body_t *)(msg + 1);
	char *desc = (char *)(body + 1), *end = (char *)msg + msg->msgh_size;
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		if (desc + sizeof(mach_msg_descriptor_t) > end)
			return;
		mach_msg_size_t size =
		    user_prefault_descriptor((mach_msg_descriptor_t *)desc);
		if (size == 0)
			return;
		desc += size;
	}
}
