/*
 * newlib's system calls for a UNIX process: each a thin wrapper over a
 * client stub of unix.defs, sent to the process's port (its bootstrap
 * special port, which libmach's start-up reads into bootstrap_port).
 *
 * Results: a transport failure of the stub becomes an errno
 * (unix_errno: MACH_SEND_INVALID_MEMORY, a bad pointer among the bytes
 * sent out of line, is EFAULT; anything else EIO); otherwise the
 * server's `error`.  Bytes the call reads from the program go out of
 * line, so the kernel checks the pointer; bytes it returns are written
 * by the server (vm_write), which answers EFAULT for a bad buffer.  This
 * file never dereferences a pointer the program gave it, except argv
 * and envp in posix_spawn and the exec family (exec.c), and the bytes
 * of a short read or write, which travel inline and which unix_copy
 * (copy.c) moves, EFAULT on a bad pointer.
 *
 * Paths: unix_path_call sends the bytes from the path to the end of its
 * page; if they hold no NUL the server answers UNIX_EPATHMORE and the
 * span grows by a page, up to UNIX_PATH_MAX (ENAMETOOLONG), so that a
 * path is never read past memory the kernel has checked.  The paths of
 * open, stat and lstat, when short, go inline instead
 * (unix_path_inline), and fstat's and stat's struct stat comes back
 * inline.
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#undef errno
extern int errno;

/* Both errnos: the global one newlib's _*_r layer copies, and the
 * calling thread's, for the calls that do not go through that layer. */
int
unix_fail(int error)
{
	errno = error;
	*__errno() = error;
	return -1;
}

int
unix_errno(kern_return_t kr, int error)
{
	if (kr == MACH_SEND_INVALID_MEMORY)
		return EFAULT;
	if (kr != KERN_SUCCESS)
		return EIO;
	return error;
}

int
unix_result(kern_return_t kr, int error, int value)
{
	error = unix_errno(kr, error);
	return error != 0 ? unix_fail(error) : value;
}

mach_msg_type_number_t
unix_path_span(const char *path, int extra_pages)
{
	uintptr_t p = (uintptr_t)path;
	uintptr_t span = UNIX_PAGE - (p & (UNIX_PAGE - 1)) +
			 (uintptr_t)extra_pages * UNIX_PAGE;

	return span > UNIX_PATH_MAX ? UNIX_PATH_MAX : span;
}

/*
 * Copies the path at path, its NUL included, into bytes
 * (UNIX_PATH_INLINE); returns its size, 0 if it is longer (or unix_copy
 * is not ready: it goes out of line), -1 with EFAULT for a bad pointer.
 * It reads in pieces that end at 64-byte boundaries, so never past the
 * page of the path's last byte.
 */
static int
unix_path_inline(const char *path, char *bytes)
{
	size_t done = 0;

	if (!unix_copy_ready())
		return 0;
	while (done < UNIX_PATH_INLINE) {
		size_t piece = 64 - ((uintptr_t)(path + done) & 63);
		if (piece > UNIX_PATH_INLINE - done)
			piece = UNIX_PATH_INLINE - done;
		if (unix_copy(bytes + done, path + done, piece) != 0)
			return unix_fail(EFAULT);
		const char *nul = memchr(bytes + done, '\0', piece);
		if (nul != NULL)
			return nul - bytes + 1;
		done += piece;
	}
	return 0;
}

/* ---- files ---- */

int
_open(const char *path, int flags, int mode)
{
	char bytes[UNIX_PATH_INLINE];
	int size = unix_path_inline(path, bytes), error, fd = -1;
	kern_return_t kr;

	if (size < 0)
		return -1;
	do /* a FIFO's open waits: restarted after a handler (SA_RESTART) */
		if (size > 0)
			kr = unix_open_inline(unix_port(), bytes, size, flags,
					      mode, &error, &fd);
		else
			UNIX_PATH_CALL(kr, error,
				       unix_open(unix_port(), (char *)path,
						 unix_path_span(path, extra),
						 flags, mode, &error, &fd));
	while (kr == KERN_SUCCESS && error == UNIX_ERESTART);
	return unix_result(kr, error, fd);
}

int
_close(int fd)
{
	int error;
	kern_return_t kr = unix_close(unix_port(), fd, &error);

	return unix_result(kr, error, 0);
}

/* A short read: the bytes inline in the reply (unix_read_inline), then
 * into buf; -2 if the file wants unix_read (the console).  buf is tried
 * first (each of its at most two pages: a byte copied onto itself), so
 * that a bad one takes no bytes from a pipe. */
static int
unix_read_short(int fd, void *buf, size_t len)
{
	char bytes[UNIX_INLINE_MAX], *last = (char *)buf + len - 1;
	mach_msg_type_number_t count;
	int error;
	kern_return_t kr;

	if (len > 0 &&
	    (unix_copy(buf, buf, 1) != 0 || unix_copy(last, last, 1) != 0))
		return unix_fail(EFAULT);
	do { /* restarted after a handler with SA_RESTART */
		count = sizeof(bytes);
		kr = unix_read_inline(unix_port(), fd, len, &error, bytes,
				      &count);
	} while (kr == KERN_SUCCESS && error == UNIX_ERESTART);
	if (kr == KERN_SUCCESS && error == UNIX_EOUTOFLINE)
		return -2;
	if (kr == KERN_SUCCESS && error == 0 && count > len)
		error = EIO;
	if (kr == KERN_SUCCESS && error == 0)
		error = unix_copy(buf, bytes, count);
	return unix_result(kr, error, (int)count);
}

int
_read(int fd, void *buf, size_t len)
{
	int error;
	vm_size_t done = 0;
	kern_return_t kr;

	if (len <= UNIX_INLINE_MAX && unix_copy_ready()) {
		int n = unix_read_short(fd, buf, len);
		if (n != -2)
			return n;
	}
	do /* restarted after a handler with SA_RESTART */
		kr = unix_read(unix_port(), fd, (vm_address_t)buf, len, &error,
			       &done);
	while (kr == KERN_SUCCESS && error == UNIX_ERESTART);

	return unix_result(kr, error, (int)done);
}

int
_write(int fd, const void *buf, size_t len)
{
	int error;
	vm_size_t done = 0;
	kern_return_t kr;

	if (len <= UNIX_INLINE_MAX && unix_copy_ready()) {
		char bytes[UNIX_INLINE_MAX];
		if (unix_copy(bytes, buf, len) != 0)
			return unix_fail(EFAULT);
		do /* restarted after a handler with SA_RESTART */
			kr = unix_write_inline(unix_port(), fd, bytes, len,
					       &error, &done);
		while (kr == KERN_SUCCESS && error == UNIX_ERESTART);
		return unix_result(kr, error, (int)done);
	}
	do /* restarted after a handler with SA_RESTART */
		kr = unix_write(unix_port(), fd, (char *)buf, len, &error,
				&done);
	while (kr == KERN_SUCCESS && error == UNIX_ERESTART);

	return unix_result(kr, error, (int)done);
}

off_t
_lseek(int fd, off_t offset, int whence)
{
	int error;
	int64_t position = -1;
	kern_return_t kr =
	    unix_lseek(unix_port(), fd, offset, whence, &error, &position);

	error = unix_errno(kr, error);
	return error != 0 ? unix_fail(error) : position;
}

/* The result of a call that answered a struct stat inline in got: it
 * goes into st. */
static int
unix_stat_result(kern_return_t kr, int error, const struct stat *got,
		 struct stat *st)
{
	_Static_assert(sizeof(struct stat) == UNIX_STAT_SIZE,
		       "unix_stat_t holds a struct stat");
	if (kr == KERN_SUCCESS && error == 0)
		error = unix_copy(st, got, sizeof(*st));
	return unix_result(kr, error, 0);
}

int
_fstat(int fd, struct stat *st)
{
	struct stat got;
	int error;
	kern_return_t kr;

	if (unix_copy_ready()) {
		kr = unix_fstat_inline(unix_port(), fd, &error, (char *)&got);
		return unix_stat_result(kr, error, &got, st);
	}
	kr = unix_fstat(unix_port(), fd, (vm_address_t)st, &error);
	return unix_result(kr, error, 0);
}

static int
unix_stat_call(const char *path, struct stat *st, int follow)
{
	char bytes[UNIX_PATH_INLINE];
	int size = unix_path_inline(path, bytes), error;
	struct stat got;
	kern_return_t kr;

	if (size < 0)
		return -1;
	if (size > 0) {
		kr = unix_stat_inline(unix_port(), bytes, size, follow, &error,
				      (char *)&got);
		return unix_stat_result(kr, error, &got, st);
	}
	UNIX_PATH_CALL(kr, error,
		       unix_stat(unix_port(), (char *)path,
				 unix_path_span(path, extra), follow,
				 (vm_address_t)st, &error));
	return unix_result(kr, error, 0);
}

int
_stat(const char *path, struct stat *st)
{
	return unix_stat_call(path, st, 1);
}

int
lstat(const char *path, struct stat *st)
{
	return unix_stat_call(path, st, 0);
}

int
_isatty(int fd)
{
	int error;
	kern_return_t kr = unix_isatty(unix_port(), fd, &error);

	return unix_result(kr, error, 1) == 1 ? 1 : 0;
}

int
_unlink(const char *path)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_unlink(unix_port(), (char *)path,
				   unix_path_span(path, extra), &error));
	return unix_result(kr, error, 0);
}

int
_link(const char *existing, const char *path)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_link(unix_port(), (char *)existing,
				 unix_path_span(existing, extra), (char *)path,
				 unix_path_span(path, extra), &error));
	return unix_result(kr, error, 0);
}

int
_mkdir(const char *path, mode_t mode)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_mkdir(unix_port(), (char *)path,
				  unix_path_span(path, extra), mode, &error));
	return unix_result(kr, error, 0);
}

int
_fcntl(int fd, int cmd, int arg)
{
	int error, result = -1;
	kern_return_t kr =
	    unix_fcntl(unix_port(), fd, cmd, arg, &error, &result);

	return unix_result(kr, error, result);
}

/* ---- processes ---- */

int
_getpid(void)
{
	int pid = -1, ppid = 0;

	unix_getpid(unix_port(), &pid, &ppid);
	return pid;
}

void
_exit(int status)
{
	unix_exit(unix_port(), status);
	/* the server ends the task; should it not, end it ourselves */
	task_terminate(mach_task_self());
	for (;;)
		;
}

int
_wait(int *status)
{
	return waitpid(-1, status, 0);
}

/* The time since boot: the kernel reads no clock of the day yet. */
int
_gettimeofday(struct timeval *tv, void *tz)
{
	int64_t seconds = 0;
	int nanoseconds = 0;

	(void)tz;
	unix_gettime(unix_port(), &seconds, &nanoseconds);
	if (tv != NULL) {
		tv->tv_sec = seconds;
		tv->tv_usec = nanoseconds / 1000;
	}
	return 0;
}

/* The server's CPU times (microseconds, sampled every 10 ms by the
 * kernel), in clock ticks of CLK_TCK: newlib's clock() adds up times()'s
 * four fields and divides by CLOCKS_PER_SEC, which CLK_TCK is. */
static int
unix_cpu_times(struct tms *tms)
{
	int64_t user = 0, system = 0, children_user = 0, children_system = 0;
	int error = 0;
	kern_return_t kr = unix_times(unix_port(), &error, &user, &system,
				      &children_user, &children_system);
	const int64_t per_tick = 1000000 / CLK_TCK;

	tms->tms_utime = user / per_tick;
	tms->tms_stime = system / per_tick;
	tms->tms_cutime = children_user / per_tick;
	tms->tms_cstime = children_system / per_tick;
	return unix_result(kr, error, 0);
}

/* Returns the time since boot in clock ticks. */
clock_t
_times(struct tms *buf)
{
	struct tms tms;
	struct timespec now;

	if (unix_cpu_times(&tms) < 0 || clock_gettime(CLOCK_MONOTONIC, &now))
		return (clock_t)-1;
	if (buf != NULL)
		*buf = tms;
	return now.tv_sec * CLK_TCK + now.tv_nsec / (1000000000 / CLK_TCK);
}

static void
unix_timeval(clock_t ticks, struct timeval *tv)
{
	tv->tv_sec = ticks / CLK_TCK;
	tv->tv_usec = ticks % CLK_TCK * (1000000 / CLK_TCK);
}

/* RUSAGE_SELF or RUSAGE_CHILDREN: newlib's struct rusage has the two
 * CPU times only. */
int
getrusage(int who, struct rusage *usage)
{
	struct tms tms;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN)
		return unix_fail(EINVAL);
	if (unix_cpu_times(&tms) < 0)
		return -1;
	int self = who == RUSAGE_SELF;
	unix_timeval(self ? tms.tms_utime : tms.tms_cutime, &usage->ru_utime);
	unix_timeval(self ? tms.tms_stime : tms.tms_cstime, &usage->ru_stime);
	return 0;
}
