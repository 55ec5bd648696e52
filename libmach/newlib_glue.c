/*
 * newlib's system calls for a native task: the few that the raw kernel
 * can serve, over its debug traps, and honest failures for the rest.
 *
 *	_write		fds 1 and 2 go to the console (debug_console_write)
 *	_read		fd 0 is always at end of file
 *	_sbrk		in sbrk.c, shared with the other personalities' glue
 *	_exit, _kill	end the task (_kill only to itself)
 *	_fstat, _isatty	fds 0..2 are a character device, a terminal
 *	everything else	fails with ENOSYS (or EBADF for a bad fd)
 *
 * newlib (built with MISSING_SYSCALL_NAMES undefined) calls these
 * through its reentrant _*_r layer.  A failure sets errno, the calling
 * thread's (in its struct _reent: newlib_reent.c), never newlib's global
 * `errno' variable: the _*_r layer clears that one and copies it to the
 * thread's after the call, and with two threads in calls at once, one
 * would get the other's error.  As it stays 0, the copy never happens.
 * A personality server brings its own glue instead of this file, and
 * must do the same.
 */
#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/mach_traps.h>
#include <mach/task.h>
#include <mach/vm_map.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>

extern const char *__progname;

#define CONSOLE_FDS 3 /* 0, 1 and 2 are the console */

static int
fail(int error)
{
	errno = error;
	return -1;
}

int
_write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2)
		return fail(EBADF);
	if (debug_console_write(buf, len) != KERN_SUCCESS)
		return fail(EFAULT);
	return len;
}

int
_read(int fd, void *buf, size_t len)
{
	(void)buf;
	(void)len;
	if (fd != 0)
		return fail(EBADF);
	return 0;
}

int
_open(const char *path, int flags, int mode)
{
	(void)path;
	(void)flags;
	(void)mode;
	return fail(ENOSYS);
}

int
_close(int fd)
{
	if (fd < 0 || fd >= CONSOLE_FDS)
		return fail(EBADF);
	return 0;
}

off_t
_lseek(int fd, off_t offset, int whence)
{
	(void)offset;
	(void)whence;
	if (fd < 0 || fd >= CONSOLE_FDS)
		return fail(EBADF);
	return fail(ESPIPE);
}

int
_fstat(int fd, struct stat *st)
{
	if (fd < 0 || fd >= CONSOLE_FDS)
		return fail(EBADF);
	*st = (struct stat){.st_mode = S_IFCHR | 0620, .st_blksize = 0};
	return 0;
}

int
_isatty(int fd)
{
	if (fd < 0 || fd >= CONSOLE_FDS) {
		errno = EBADF;
		return 0;
	}
	return 1;
}

int
_getpid(void)
{
	return 1; /* no process ids without a personality */
}

/*
 * Ends the task.  The status has nowhere to go without a personality, so
 * a non-zero one is said on the console ("NAME: exited with status N"),
 * where the test harness looks for it.
 */
void
_exit(int status)
{
	if (status != 0) {
		char line[96];
		int n =
		    snprintf(line, sizeof(line), "%s: exited with status %d\n",
			     __progname, status);
		debug_console_write(line, n < (int)sizeof(line) ? (size_t)n
								: sizeof(line));
	}
	/* Ends this thread on its return; again while memory is short. */
	for (;;) {
		task_terminate(mach_task_self());
		swtch_pri(0);
	}
}

/* Only to itself: a signal ends the task, as an unhandled one would. */
int
_kill(int pid, int sig)
{
	if (pid != _getpid())
		return fail(ESRCH);
	if (sig == 0)
		return 0;
	_exit(128 + sig);
}

int
_gettimeofday(struct timeval *tv, void *tz)
{
	(void)tv;
	(void)tz;
	return fail(ENOSYS);
}

clock_t
_times(struct tms *buf)
{
	(void)buf;
	return fail(ENOSYS);
}

int
_fork(void)
{
	return fail(ENOSYS);
}

int
_execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return fail(ENOSYS);
}

int
_wait(int *status)
{
	(void)status;
	return fail(ENOSYS);
}

int
_link(const char *old, const char *new)
{
	(void)old;
	(void)new;
	return fail(ENOSYS);
}

int
_unlink(const char *path)
{
	(void)path;
	return fail(ENOSYS);
}

int
_stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	return fail(ENOSYS);
}

int
_mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	return fail(ENOSYS);
}

int
_fcntl(int fd, int cmd, int arg)
{
	(void)cmd;
	(void)arg;
	if (fd < 0 || fd >= CONSOLE_FDS)
		return fail(EBADF);
	return fail(ENOSYS);
}
