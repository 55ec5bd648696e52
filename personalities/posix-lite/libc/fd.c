/*
 * Descriptors: a table of io ports in the process (the UNIX personality
 * keeps its table in its server).  A descriptor is a send right to an
 * io port of the UNIX server's file system (io.defs); dup gives the
 * same port another name here (one more user reference), so dup'ed
 * descriptors share the open file's offset as POSIX wants; close drops
 * the reference, and the server closes the file when the last right in
 * any task has gone.  Calls that only change the table (dup, dup2,
 * close, fcntl's F_GETFD/F_SETFD/F_DUPFD) send no message; F_GETFL and
 * F_SETFL are the open file's flags, which the server keeps.
 *
 *	_open _close _read _write _lseek _fstat _isatty _fcntl
 *	dup dup2 pipe pipe2 ftruncate getdents
 */
#include "lite_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

mach_port_t
lite_fd_hold(int fd)
{
	mach_port_t port = MACH_PORT_NULL;

	if (fd < 0 || fd >= LITE_FD_MAX)
		return MACH_PORT_NULL;
	mach_mutex_lock(&lite_lock);
	port = lite_state.ls_files[fd];
	if (MACH_PORT_VALID(port) &&
	    mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND,
			       1) != KERN_SUCCESS)
		port = MACH_PORT_NULL;
	mach_mutex_unlock(&lite_lock);
	return port;
}

static void
lite_fd_release(mach_port_t port)
{
	mach_port_deallocate(mach_task_self(), port);
}

int
lite_fd_install(mach_port_t port, int lowest, int cloexec)
{
	mach_mutex_lock(&lite_lock);
	for (int fd = lowest < 0 ? 0 : lowest; fd < LITE_FD_MAX; fd++) {
		if (lite_state.ls_files[fd] == MACH_PORT_NULL) {
			lite_state.ls_files[fd] = port;
			lite_state.ls_fd_flags[fd] = cloexec ? FD_CLOEXEC : 0;
			mach_mutex_unlock(&lite_lock);
			return fd;
		}
	}
	mach_mutex_unlock(&lite_lock);
	lite_fd_release(port);
	return lite_fail(EMFILE);
}

int
_open(const char *path, int flags, int mode)
{
	mach_msg_type_number_t length;
	mach_port_t dir = lite_path_start(path, &length), file;
	int error;

	if (dir == MACH_PORT_NULL)
		return -1;
	kern_return_t kr =
	    io_open(dir, (char *)path, length, flags & ~O_CLOEXEC,
		    mode & ~lite_state.ls_umask, &error, &file);
	lite_fd_release(dir);
	if ((error = lite_errno(kr, error)) != 0)
		return lite_fail(error);
	return lite_fd_install(file, 0, (flags & O_CLOEXEC) != 0);
}

int
_close(int fd)
{
	mach_port_t port = MACH_PORT_NULL;

	if (fd >= 0 && fd < LITE_FD_MAX) {
		mach_mutex_lock(&lite_lock);
		port = lite_state.ls_files[fd];
		lite_state.ls_files[fd] = MACH_PORT_NULL;
		mach_mutex_unlock(&lite_lock);
	}
	if (port == MACH_PORT_NULL)
		return lite_fail(EBADF);
	lite_fd_release(port);
	return 0;
}

int
_read(int fd, void *buf, size_t len)
{
	mach_port_t port = lite_fd_hold(fd);
	size_t done = 0;
	int error = 0;

	if (port == MACH_PORT_NULL)
		return lite_fail(EBADF);
	/* one io_read a call when it is short (a pipe answers what it has);
	 * more only while whole pieces come back */
	while (done < len) {
		size_t want =
		    len - done > IO_DATA_MAX ? IO_DATA_MAX : len - done;
		mach_msg_type_number_t count = want;
		kern_return_t kr =
		    io_read(port, want, &error, (char *)buf + done, &count);
		if ((error = lite_errno(kr, error)) != 0 || count == 0)
			break;
		done += count;
		if (count < want)
			break;
	}
	lite_fd_release(port);
	if (error != 0 && done == 0)
		return lite_fail(error);
	return done;
}

int
_write(int fd, const void *buf, size_t len)
{
	mach_port_t port = lite_fd_hold(fd);
	size_t done = 0;
	int error = 0;

	if (port == MACH_PORT_NULL)
		return lite_fail(EBADF);
	while (done < len || len == 0) {
		size_t piece =
		    len - done > IO_DATA_MAX ? IO_DATA_MAX : len - done;
		int written = 0;
		kern_return_t kr =
		    io_write(port, (char *)buf + done, piece, &error, &written);
		if ((error = lite_errno(kr, error)) != 0 || len == 0)
			break;
		done += written;
		if ((size_t)written < piece)
			break;
	}
	lite_fd_release(port);
	if (error == EPIPE)
		raise(SIGPIPE);
	if (error != 0 && done == 0)
		return lite_fail(error);
	return done;
}

off_t
_lseek(int fd, off_t offset, int whence)
{
	mach_port_t port = lite_fd_hold(fd);
	int64_t position = -1;
	int error;

	if (port == MACH_PORT_NULL)
		return lite_fail(EBADF);
	kern_return_t kr = io_seek(port, offset, whence, &error, &position);
	lite_fd_release(port);
	if ((error = lite_errno(kr, error)) != 0)
		return lite_fail(error);
	return position;
}

int
_fstat(int fd, struct stat *st)
{
	mach_port_t port = lite_fd_hold(fd);
	mach_msg_type_number_t count = sizeof(*st);
	int error;

	if (port == MACH_PORT_NULL)
		return lite_fail(EBADF);
	kern_return_t kr = io_stat(port, &error, (char *)st, &count);
	lite_fd_release(port);
	if ((error = lite_errno(kr, error)) != 0)
		return lite_fail(error);
	return count == sizeof(*st) ? 0 : lite_fail(EIO);
}

int
_isatty(int fd)
{
	struct stat st;

	if (_fstat(fd, &st) != 0)
		return 0;
	if (!S_ISCHR(st.st_mode)) {
		errno = ENOTTY;
		return 0;
	}
	return 1;
}

int
dup2(int fd, int newfd)
{
	mach_port_t port = lite_fd_hold(fd), old = MACH_PORT_NULL;

	if (port == MACH_PORT_NULL || newfd < 0 || newfd >= LITE_FD_MAX) {
		if (port != MACH_PORT_NULL)
			lite_fd_release(port);
		return lite_fail(EBADF);
	}
	if (fd == newfd) {
		lite_fd_release(port);
		return newfd;
	}
	mach_mutex_lock(&lite_lock);
	old = lite_state.ls_files[newfd];
	lite_state.ls_files[newfd] = port;
	lite_state.ls_fd_flags[newfd] = 0;
	mach_mutex_unlock(&lite_lock);
	if (old != MACH_PORT_NULL)
		lite_fd_release(old);
	return newfd;
}

int
_fcntl(int fd, int command, int argument)
{
	mach_port_t port;
	int result = 0;

	switch (command) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((port = lite_fd_hold(fd)) == MACH_PORT_NULL)
			return lite_fail(EBADF);
		if (argument < 0 || argument >= LITE_FD_MAX) {
			lite_fd_release(port);
			return lite_fail(EINVAL);
		}
		return lite_fd_install(port, argument,
				       command == F_DUPFD_CLOEXEC);
	case F_GETFL:
	case F_SETFL:
		/* The open file's flags: the server's, shared by every
		 * holder of the port. */
		if ((port = lite_fd_hold(fd)) == MACH_PORT_NULL)
			return lite_fail(EBADF);
		int error;
		kern_return_t kr = io_flags(port, command == F_SETFL, argument,
					    &error, &result);
		lite_fd_release(port);
		if ((error = lite_errno(kr, error)) != 0)
			return lite_fail(error);
		return command == F_SETFL ? 0 : result;
	case F_GETFD:
	case F_SETFD:
		break;
	default:
		return lite_fail(EINVAL);
	}
	mach_mutex_lock(&lite_lock);
	if (fd < 0 || fd >= LITE_FD_MAX ||
	    lite_state.ls_files[fd] == MACH_PORT_NULL)
		result = -1;
	else if (command == F_GETFD)
		result = lite_state.ls_fd_flags[fd];
	else
		lite_state.ls_fd_flags[fd] = argument & FD_CLOEXEC;
	mach_mutex_unlock(&lite_lock);
	return result < 0 ? lite_fail(EBADF) : result;
}

int
dup(int fd)
{
	return _fcntl(fd, F_DUPFD, 0);
}

int
pipe2(int fds[2], int flags)
{
	mach_port_t reader, writer;
	int error;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return lite_fail(EINVAL);
	kern_return_t kr = io_pipe(lite_state.ls_root, flags & O_NONBLOCK,
				   &error, &reader, &writer);
	if ((error = lite_errno(kr, error)) != 0)
		return lite_fail(error);
	int cloexec = (flags & O_CLOEXEC) != 0;
	fds[0] = lite_fd_install(reader, 0, cloexec);
	if (fds[0] < 0) {
		lite_fd_release(writer);
		return -1;
	}
	fds[1] = lite_fd_install(writer, 0, cloexec);
	if (fds[1] < 0) {
		_close(fds[0]);
		return -1;
	}
	return 0;
}

int
pipe(int fds[2])
{
	return pipe2(fds, 0);
}

int
ftruncate(int fd, off_t length)
{
	mach_port_t port = lite_fd_hold(fd);
	int error;

	if (port == MACH_PORT_NULL)
		return lite_fail(EBADF);
	kern_return_t kr = io_truncate(port, length, &error);
	lite_fd_release(port);
	return (error = lite_errno(kr, error)) != 0 ? lite_fail(error) : 0;
}

int
getdents(int fd, void *buffer, size_t size)
{
	mach_port_t port = lite_fd_hold(fd);
	mach_msg_type_number_t count = size > IO_DATA_MAX ? IO_DATA_MAX : size;
	int error;

	if (port == MACH_PORT_NULL)
		return lite_fail(EBADF);
	kern_return_t kr =
	    io_read_directory(port, count, &error, buffer, &count);
	lite_fd_release(port);
	if ((error = lite_errno(kr, error)) != 0)
		return lite_fail(error);
	return count;
}
