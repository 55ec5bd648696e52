/*
 * The POSIX calls this personality cannot support, each failing with
 * the errno that says so (docs/unix-server.md, "The calls": not
 * supported), so that a program finds out rather than being told a
 * call did what it did not.
 *
 *	mlock munlock mlockall munlockall	ENOSYS: the default pager may
 *						page out any page
 *	flock lockf				ENOSYS: the server keeps no
 *						locks
 *	posix_openpt				ENOSYS: no pseudo-terminals
 *	getentropy				ENOSYS: no source of entropy
 *	sethostname				EPERM, or ENOSYS for root:
 *						the host name is fixed
 *	fexecve					ENOSYS: the server runs paths
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int
mlock(const void *address, size_t length)
{
	(void)address;
	(void)length;
	return unix_fail(ENOSYS);
}

int
munlock(const void *address, size_t length)
{
	(void)address;
	(void)length;
	return unix_fail(ENOSYS);
}

int
mlockall(int flags)
{
	(void)flags;
	return unix_fail(ENOSYS);
}

int
munlockall(void)
{
	return unix_fail(ENOSYS);
}

int
flock(int fd, int operation)
{
	(void)fd;
	(void)operation;
	return unix_fail(ENOSYS);
}

int
lockf(int fd, int command, off_t length)
{
	(void)fd;
	(void)command;
	(void)length;
	return unix_fail(ENOSYS);
}

int
posix_openpt(int flags)
{
	(void)flags;
	return unix_fail(ENOSYS);
}

int
getentropy(void *buffer, size_t length)
{
	(void)buffer;
	(void)length;
	return unix_fail(ENOSYS);
}

int
sethostname(const char *name, size_t length)
{
	(void)name;
	(void)length;
	return unix_fail(geteuid() != 0 ? EPERM : ENOSYS);
}

int
fexecve(int fd, char *const argv[], char *const envp[])
{
	(void)fd;
	(void)argv;
	(void)envp;
	return unix_fail(ENOSYS);
}
