/*
 * Calls on paths: each is one io routine sent to the directory port
 * the path starts from, the current directory's (kept here: chdir is an
 * io_open of the directory, then the old port is dropped) or, for an
 * absolute path, the root's.  getcwd finds the path as UNIX always did:
 * by walking "..", each step an io_read_directory that finds the name
 * of the directory it came from by its serial number.
 *
 *	_stat lstat _unlink rmdir _mkdir rename chdir fchdir getcwd access
 *	_link (ENOSYS: the profile has no hard links)
 */
#include "lite_glue.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

mach_port_t
lite_path_start(const char *path, mach_msg_type_number_t *length)
{
	size_t n = path == NULL ? LITE_PATH_MAX : strnlen(path, LITE_PATH_MAX);
	mach_port_t dir;

	if (path == NULL)
		return lite_fail(EFAULT), MACH_PORT_NULL;
	if (n >= LITE_PATH_MAX)
		return lite_fail(ENAMETOOLONG), MACH_PORT_NULL;
	if (n == 0)
		return lite_fail(ENOENT), MACH_PORT_NULL;
	*length = n + 1;
	mach_mutex_lock(&lite_lock);
	dir = path[0] == '/' ? lite_state.ls_root : lite_state.ls_cwd;
	if (mach_port_mod_refs(mach_task_self(), dir, MACH_PORT_RIGHT_SEND,
			       1) != KERN_SUCCESS)
		dir = MACH_PORT_NULL;
	mach_mutex_unlock(&lite_lock);
	if (dir == MACH_PORT_NULL)
		lite_fail(EBADF);
	return dir;
}

/* The result of a path call: 0, or -1 with errno. */
static int
lite_path_result(mach_port_t dir, kern_return_t kr, int error)
{
	mach_port_deallocate(mach_task_self(), dir);
	return (error = lite_errno(kr, error)) != 0 ? lite_fail(error) : 0;
}

static int
lite_stat(const char *path, struct stat *st, int follow)
{
	mach_msg_type_number_t length, count = sizeof(*st);
	mach_port_t dir = lite_path_start(path, &length);
	int error;

	if (dir == MACH_PORT_NULL)
		return -1;
	kern_return_t kr = io_path_stat(dir, (char *)path, length, follow,
					&error, (char *)st, &count);
	if (lite_path_result(dir, kr, error) != 0)
		return -1;
	return count == sizeof(*st) ? 0 : lite_fail(EIO);
}

int
_stat(const char *path, struct stat *st)
{
	return lite_stat(path, st, 1);
}

int
lstat(const char *path, struct stat *st)
{
	return lite_stat(path, st, 0);
}

static int
lite_remove(const char *path, int directory)
{
	mach_msg_type_number_t length;
	mach_port_t dir = lite_path_start(path, &length);
	int error;

	if (dir == MACH_PORT_NULL)
		return -1;
	kern_return_t kr =
	    io_remove(dir, (char *)path, length, directory, &error);
	return lite_path_result(dir, kr, error);
}

int
_unlink(const char *path)
{
	return lite_remove(path, 0);
}

int
rmdir(const char *path)
{
	return lite_remove(path, 1);
}

int
_mkdir(const char *path, mode_t mode)
{
	mach_msg_type_number_t length;
	mach_port_t dir = lite_path_start(path, &length);
	int error;

	if (dir == MACH_PORT_NULL)
		return -1;
	kern_return_t kr = io_make_directory(
	    dir, (char *)path, length, mode & ~lite_state.ls_umask, &error);
	return lite_path_result(dir, kr, error);
}

int
rename(const char *from, const char *to)
{
	mach_msg_type_number_t from_length, to_length;
	mach_port_t dir = lite_path_start(from, &from_length);
	int error;

	if (dir == MACH_PORT_NULL)
		return -1;
	/* both from one start: to must start from the same place */
	mach_port_t to_dir = lite_path_start(to, &to_length);
	if (to_dir == MACH_PORT_NULL) {
		mach_port_deallocate(mach_task_self(), dir);
		return -1;
	}
	mach_port_deallocate(mach_task_self(), to_dir);
	if ((from[0] == '/') != (to[0] == '/')) {
		mach_port_deallocate(mach_task_self(), dir);
		return lite_fail(EXDEV);
	}
	kern_return_t kr = io_rename(dir, (char *)from, from_length, (char *)to,
				     to_length, &error);
	return lite_path_result(dir, kr, error);
}

int
_link(const char *existing, const char *path)
{
	(void)existing;
	(void)path;
	return lite_fail(ENOSYS);
}

/* The current directory becomes dir (a send right that is ours). */
static void
lite_set_cwd(mach_port_t dir)
{
	mach_mutex_lock(&lite_lock);
	mach_port_t old = lite_state.ls_cwd;
	lite_state.ls_cwd = dir;
	mach_mutex_unlock(&lite_lock);
	mach_port_deallocate(mach_task_self(), old);
}

/* (An open for reading: a directory one may search but not read cannot
 * become the current directory here, a difference from POSIX.) */
int
chdir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY, 0);

	if (fd < 0)
		return -1;
	mach_port_t dir = lite_fd_hold(fd);
	close(fd);
	lite_set_cwd(dir);
	return 0;
}

int
fchdir(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return lite_fail(ENOTDIR);
	lite_set_cwd(lite_fd_hold(fd));
	return 0;
}

/* Prepends "/name" to the path being built from the end of buf. */
static int
lite_prepend(char *buf, size_t *start, const char *name)
{
	size_t n = strlen(name);

	if (n + 1 > *start)
		return ERANGE;
	*start -= n;
	memcpy(buf + *start, name, n);
	buf[--*start] = '/';
	return 0;
}

/* In the directory fd, the name of the entry with serial number ino. */
static int
lite_name_of(int fd, ino_t ino, char *name)
{
	char buffer[IO_DATA_MAX];
	int n;

	while ((n = getdents(fd, buffer, sizeof(buffer))) > 0) {
		for (int at = 0; at < n;) {
			struct dirent *d = (struct dirent *)(buffer + at);
			if (d->d_ino == ino && strcmp(d->d_name, ".") != 0 &&
			    strcmp(d->d_name, "..") != 0) {
				strcpy(name, d->d_name);
				return 0;
			}
			at += d->d_reclen;
		}
	}
	return n < 0 ? errno : ENOENT;
}

char *
getcwd(char *buf, size_t size)
{
	char path[LITE_PATH_MAX], name[MAXNAMLEN + 1], up[LITE_PATH_MAX];
	struct stat here, root, parent;
	size_t start = sizeof(path) - 1;
	int error = 0;

	path[start] = '\0';
	if (lite_stat("/", &root, 1) != 0 || lite_stat(".", &here, 1) != 0)
		return NULL;
	strcpy(up, "..");
	while (error == 0 && here.st_ino != root.st_ino) {
		int fd = open(up, O_RDONLY | O_DIRECTORY, 0);
		if (fd < 0 || fstat(fd, &parent) != 0)
			error = errno;
		else if ((error = lite_name_of(fd, here.st_ino, name)) == 0)
			error = lite_prepend(path, &start, name);
		if (fd >= 0)
			close(fd);
		here = parent;
		if (strlen(up) + 4 >= sizeof(up))
			error = ENAMETOOLONG;
		else
			strcat(up, "/..");
	}
	if (error == 0 && start == sizeof(path) - 1)
		path[--start] = '/';
	if (error == 0 && sizeof(path) - start > size)
		error = ERANGE;
	if (error != 0) {
		errno = error;
		return NULL;
	}
	memcpy(buf, path + start, sizeof(path) - start);
	return buf;
}

int
access(const char *path, int mode)
{
	struct stat st;

	if (mode & ~(R_OK | W_OK | X_OK))
		return lite_fail(EINVAL);
	if (_stat(path, &st) != 0)
		return -1;
	/* the profile's processes act as root: only x needs a bit */
	if ((mode & X_OK) && !S_ISDIR(st.st_mode) &&
	    !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
		return lite_fail(EACCES);
	return 0;
}
