/*
 * The POSIX names of the system calls (write, close, fstat, ...), which
 * newlib leaves to the system on an x86_64-elf target.
 *
 * Each calls newlib's reentrant _*_r function with the calling thread's
 * struct _reent, which calls the _* system call of newlib_glue.c (or of
 * a personality's glue); a failure sets the thread's errno.
 */
#include <fcntl.h>
#include <reent.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t _getpid(void); /* the personality's (newlib names it only inside) */

int
open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = flags & O_CREAT ? va_arg(ap, int) : 0;
	va_end(ap);
	return _open_r(_REENT, path, flags, mode);
}

int
close(int fd)
{
	return _close_r(_REENT, fd);
}

_READ_WRITE_RETURN_TYPE
read(int fd, void *buf, size_t len)
{
	return _read_r(_REENT, fd, buf, len);
}

_READ_WRITE_RETURN_TYPE
write(int fd, const void *buf, size_t len)
{
	return _write_r(_REENT, fd, buf, len);
}

off_t
lseek(int fd, off_t offset, int whence)
{
	return _lseek_r(_REENT, fd, offset, whence);
}

int
fstat(int fd, struct stat *st)
{
	return _fstat_r(_REENT, fd, st);
}

int
stat(const char *path, struct stat *st)
{
	return _stat_r(_REENT, path, st);
}

int
isatty(int fd)
{
	return _isatty_r(_REENT, fd);
}

int
fcntl(int fd, int cmd, ...)
{
	va_list ap;
	int arg;

	va_start(ap, cmd);
	arg = va_arg(ap, int);
	va_end(ap);
	return _fcntl_r(_REENT, fd, cmd, arg);
}

int
link(const char *old, const char *new)
{
	return _link_r(_REENT, old, new);
}

int
unlink(const char *path)
{
	return _unlink_r(_REENT, path);
}

int
mkdir(const char *path, mode_t mode)
{
	return _mkdir_r(_REENT, path, mode);
}

/* getpid never fails (POSIX): no errno to carry, so not through
 * _getpid_r and the thread's struct _reent. */
pid_t
getpid(void)
{
	return _getpid();
}

int
kill(pid_t pid, int sig)
{
	return _kill_r(_REENT, pid, sig);
}

pid_t
fork(void)
{
	return _fork_r(_REENT);
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	return _execve_r(_REENT, path, argv, envp);
}

pid_t
wait(int *status)
{
	return _wait_r(_REENT, status);
}

void *
sbrk(ptrdiff_t increment)
{
	return _sbrk_r(_REENT, increment);
}

int
gettimeofday(struct timeval *tv, void *tz)
{
	return _gettimeofday_r(_REENT, tv, tz);
}

clock_t
times(struct tms *buf)
{
	return _times_r(_REENT, buf);
}
