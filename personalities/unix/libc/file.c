/*
 * The file calls beyond newlib's: attributes (chown and chmod of paths
 * and descriptors, the utime family), the *at family, fchdir, truncate,
 * fsync, pathconf, realpath.
 *
 *	chown fchown lchown fchownat fchmod fchmodat utime utimes futimes
 *	lutimes utimensat futimens	unix_setattr (server/attr.c)
 *	openat fstatat unlinkat mkdirat renameat faccessat readlinkat
 *	symlinkat linkat		the path calls, with the path made
 *					from the directory descriptor's path
 *	fchdir truncate fsync fdatasync sync pathconf fpathconf realpath
 *	mkfifo mkfifoat mknod mknodat		FIFOs (server/fifo.c)
 *
 * The *at calls other than the attributes' send a relative path from a
 * directory descriptor N as "/dev/fd/N/path": the server's lookup
 * starts at /dev/fd/N, the node open as N (server/vfs.c), so it is
 * the directory the descriptor names wherever it is now.  The attribute
 * calls name the descriptor to the server (unix_setattr's dirfd).  A
 * descriptor that is not open, or not a directory, gives EBADF or
 * ENOTDIR from that lookup.
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

/* Symlinks realpath follows (ELOOP): as the server's lookup. */
#define FILE_SYMLINK_MAX 8

/* ---- attributes ---- */

/* unix_setattr of path from dirfd ("" : dirfd's own file). */
static int
unix_attr(int dirfd, const char *path, int follow, int which, int mode, int uid,
	  int gid, const int64_t *times)
{
	int64_t none[4] = {0, UTIME_OMIT, 0, UTIME_OMIT};
	int error;
	kern_return_t kr;

	if (times == NULL)
		times = none;
	UNIX_PATH_CALL(kr, error,
		       unix_setattr(unix_port(), dirfd, (char *)path,
				    unix_path_span(path, extra), follow, which,
				    mode, uid, gid, (int64_t *)times, &error));
	return unix_result(kr, error, 0);
}

/* An id as the server takes it: (uid_t)-1, no change, is -1. */
#define FILE_ID(id) ((id) == (__typeof__(id))-1 ? -1 : (int)(id))

int
chown(const char *path, uid_t uid, gid_t gid)
{
	return unix_attr(AT_FDCWD, path, 1, UNIX_ATTR_OWNER, 0, FILE_ID(uid),
			 FILE_ID(gid), NULL);
}

int
lchown(const char *path, uid_t uid, gid_t gid)
{
	return unix_attr(AT_FDCWD, path, 0, UNIX_ATTR_OWNER, 0, FILE_ID(uid),
			 FILE_ID(gid), NULL);
}

int
fchown(int fd, uid_t uid, gid_t gid)
{
	if (fd < 0)
		return unix_fail(EBADF);
	return unix_attr(fd, "", 1, UNIX_ATTR_OWNER, 0, FILE_ID(uid),
			 FILE_ID(gid), NULL);
}

int
fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return unix_fail(EINVAL);
	if (path[0] == '\0')
		return unix_fail(ENOENT);
	return unix_attr(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW),
			 UNIX_ATTR_OWNER, 0, FILE_ID(uid), FILE_ID(gid), NULL);
}

int
fchmod(int fd, mode_t mode)
{
	if (fd < 0)
		return unix_fail(EBADF);
	return unix_attr(fd, "", 1, UNIX_ATTR_MODE, mode, -1, -1, NULL);
}

int
fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return unix_fail(EINVAL);
	if (path[0] == '\0')
		return unix_fail(ENOENT);
	return unix_attr(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW),
			 UNIX_ATTR_MODE, mode, -1, -1, NULL);
}

/* Times as unix_setattr takes them from two timespecs (NULL: now). */
static void
unix_times_of(const struct timespec *ts, int64_t *times)
{
	for (int i = 0; i < 2; i++) {
		times[2 * i] = ts == NULL ? 0 : ts[i].tv_sec;
		times[2 * i + 1] = ts == NULL ? UTIME_NOW : ts[i].tv_nsec;
	}
}

/* From two timevals (NULL: now); EINVAL for microseconds out of range. */
static int
unix_times_of_timeval(const struct timeval *tv, int64_t *times)
{
	unix_times_of(NULL, times);
	if (tv == NULL)
		return 0;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return EINVAL;
		times[2 * i] = tv[i].tv_sec;
		times[2 * i + 1] = (int64_t)tv[i].tv_usec * 1000;
	}
	return 0;
}

int
utimensat(int dirfd, const char *path, const struct timespec *ts, int flags)
{
	int64_t times[4];

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return unix_fail(EINVAL);
	if (path[0] == '\0')
		return unix_fail(ENOENT);
	unix_times_of(ts, times);
	return unix_attr(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW),
			 UNIX_ATTR_TIMES, 0, -1, -1, times);
}

int
futimens(int fd, const struct timespec *ts)
{
	int64_t times[4];

	if (fd < 0)
		return unix_fail(EBADF);
	unix_times_of(ts, times);
	return unix_attr(fd, "", 1, UNIX_ATTR_TIMES, 0, -1, -1, times);
}

static int
unix_utimes(int fd, const char *path, int follow, const struct timeval *tv)
{
	int64_t times[4];
	int error = unix_times_of_timeval(tv, times);

	if (error != 0)
		return unix_fail(error);
	return unix_attr(fd, path, follow, UNIX_ATTR_TIMES, 0, -1, -1, times);
}

int
utimes(const char *path, const struct timeval *tv)
{
	return unix_utimes(AT_FDCWD, path, 1, tv);
}

int
lutimes(const char *path, const struct timeval *tv)
{
	return unix_utimes(AT_FDCWD, path, 0, tv);
}

int
futimes(int fd, const struct timeval *tv)
{
	if (fd < 0)
		return unix_fail(EBADF);
	return unix_utimes(fd, "", 1, tv);
}

int
utime(const char *path, const struct utimbuf *times)
{
	struct timeval tv[2] = {{0, 0}, {0, 0}};

	if (times == NULL)
		return utimes(path, NULL);
	tv[0].tv_sec = times->actime;
	tv[1].tv_sec = times->modtime;
	return utimes(path, tv);
}

/* ---- the *at family ---- */

/*
 * The path to use for path taken from dirfd: path itself if it is
 * absolute or dirfd is AT_FDCWD, else "/dev/fd/DIRFD/path" in buffer
 * (PATH_MAX), which the server looks up from the descriptor's own node
 * (server/vfs.c).  NULL with errno set on failure.
 */
static const char *
unix_at_path(int dirfd, const char *path, char *buffer)
{
	if (path[0] == '\0') {
		unix_fail(ENOENT);
		return NULL;
	}
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return path;
	if (dirfd < 0) {
		unix_fail(EBADF);
		return NULL;
	}
	if (snprintf(buffer, PATH_MAX, "/dev/fd/%d/%s", dirfd, path) >=
	    PATH_MAX) {
		unix_fail(ENAMETOOLONG);
		return NULL;
	}
	return buffer;
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	char buffer[PATH_MAX];
	va_list ap;

	va_start(ap, flags);
	int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
	va_end(ap);
	const char *full = unix_at_path(dirfd, path, buffer);
	return full == NULL ? -1 : open(full, flags, mode);
}

int
fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	char buffer[PATH_MAX];

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return unix_fail(EINVAL);
	const char *full = unix_at_path(dirfd, path, buffer);
	if (full == NULL)
		return -1;
	return (flags & AT_SYMLINK_NOFOLLOW) ? lstat(full, st) : stat(full, st);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	char buffer[PATH_MAX];

	if (flags & ~AT_REMOVEDIR)
		return unix_fail(EINVAL);
	const char *full = unix_at_path(dirfd, path, buffer);
	if (full == NULL)
		return -1;
	return (flags & AT_REMOVEDIR) ? rmdir(full) : unlink(full);
}

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	char buffer[PATH_MAX];
	const char *full = unix_at_path(dirfd, path, buffer);

	return full == NULL ? -1 : mkdir(full, mode);
}

int
renameat(int from_dirfd, const char *from, int to_dirfd, const char *to)
{
	char from_buffer[PATH_MAX], to_buffer[PATH_MAX];
	const char *from_full = unix_at_path(from_dirfd, from, from_buffer);
	const char *to_full =
	    from_full == NULL ? NULL : unix_at_path(to_dirfd, to, to_buffer);

	return to_full == NULL ? -1 : rename(from_full, to_full);
}

/* Does the file st describes grant mode to the effective ids? */
static int
unix_effective_access(const struct stat *st, int mode)
{
	uid_t uid = geteuid();
	int granted;

	if (uid == 0)
		return !(mode & X_OK) || S_ISDIR(st->st_mode) ||
		       (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH));
	if (uid == st->st_uid)
		granted = (st->st_mode >> 6) & 7;
	else if (getegid() == st->st_gid)
		granted = (st->st_mode >> 3) & 7;
	else
		granted = st->st_mode & 7;
	return (granted & mode) == mode;
}

/* AT_EACCESS checks the effective ids (access checks the real ones). */
int
faccessat(int dirfd, const char *path, int mode, int flags)
{
	char buffer[PATH_MAX];
	struct stat st;

	if (flags & ~AT_EACCESS)
		return unix_fail(EINVAL);
	const char *full = unix_at_path(dirfd, path, buffer);
	if (full == NULL)
		return -1;
	if (!(flags & AT_EACCESS))
		return access(full, mode);
	if (mode & ~(R_OK | W_OK | X_OK))
		return unix_fail(EINVAL);
	if (access(full, F_OK) != 0 || stat(full, &st) != 0)
		return -1;
	return unix_effective_access(&st, mode) ? 0 : unix_fail(EACCES);
}

ssize_t
readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	char buffer[PATH_MAX];
	const char *full = unix_at_path(dirfd, path, buffer);

	return full == NULL ? -1 : readlink(full, buf, size);
}

int
symlinkat(const char *target, int dirfd, const char *path)
{
	char buffer[PATH_MAX];
	const char *full = unix_at_path(dirfd, path, buffer);

	return full == NULL ? -1 : symlink(target, full);
}

/* AT_SYMLINK_FOLLOW links the file a symlink names, not the link. */
int
linkat(int from_dirfd, const char *from, int to_dirfd, const char *to,
       int flags)
{
	char from_buffer[PATH_MAX], to_buffer[PATH_MAX], real[PATH_MAX];

	if (flags & ~AT_SYMLINK_FOLLOW)
		return unix_fail(EINVAL);
	const char *from_full = unix_at_path(from_dirfd, from, from_buffer);
	if (from_full != NULL && (flags & AT_SYMLINK_FOLLOW))
		from_full = realpath(from_full, real);
	const char *to_full =
	    from_full == NULL ? NULL : unix_at_path(to_dirfd, to, to_buffer);
	return to_full == NULL ? -1 : link(from_full, to_full);
}

/* ---- descriptors and the rest ---- */

/* NULL with errno error. */
static char *
file_null(int error)
{
	unix_fail(error);
	return NULL;
}

int
fchdir(int fd)
{
	int error;
	kern_return_t kr = unix_fchdir(unix_port(), fd, &error);

	return unix_result(kr, error, 0);
}

/* An open for writing (its permission, EISDIR, ETXTBSY), then
 * ftruncate. */
int
truncate(const char *path, off_t length)
{
	if (length < 0)
		return unix_fail(EINVAL);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int result = ftruncate(fd, length);
	int saved = errno;
	close(fd);
	errno = saved;
	return result;
}

/* The RAM file system has nothing to write back: a valid descriptor is
 * all fsync needs. */
int
fsync(int fd)
{
	return fcntl(fd, F_GETFD) < 0 ? -1 : 0;
}

int
fdatasync(int fd)
{
	return fsync(fd);
}

void
sync(void)
{
}

/* The limits of the one file system (server/unix.h, vfs.c). */
static long
unix_pathconf(int name)
{
	switch (name) {
	case _PC_LINK_MAX:
		return LINK_MAX;
	case _PC_MAX_CANON:
	case _PC_MAX_INPUT:
		return MAX_CANON;
	case _PC_NAME_MAX:
		return NAME_MAX;
	case _PC_PATH_MAX:
		return PATH_MAX;
	case _PC_PIPE_BUF:
		return PIPE_BUF;
	case _PC_CHOWN_RESTRICTED:
	case _PC_NO_TRUNC:
		return 1;
	case _PC_VDISABLE:
		return 0;
	case _PC_FILESIZEBITS:
		return 64;
	case _PC_SYMLINK_MAX:
		return PATH_MAX - 1;
	case _PC_2_SYMLINKS:
		return 1;
	case _PC_ASYNC_IO:
	case _PC_PRIO_IO:
	case _PC_SYNC_IO:
		return -1; /* no limit and no option: errno unchanged */
	default:
		return unix_fail(EINVAL);
	}
}

long
pathconf(const char *path, int name)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	return unix_pathconf(name);
}

long
fpathconf(int fd, int name)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -1;
	return unix_pathconf(name);
}

/*
 * realpath: each component of the absolute path is looked at with
 * lstat; a symlink's target replaces it (at most FILE_SYMLINK_MAX of them:
 * ELOOP), "." and ".." are dropped; a component that is not a directory
 * before more of the path is ENOTDIR.
 */
char *
realpath(const char *path, char *resolved)
{
	char work[PATH_MAX], result[PATH_MAX], target[PATH_MAX];
	int links = 0;

	if (path == NULL)
		return file_null(EINVAL);
	if (path[0] == '\0')
		return file_null(ENOENT);
	if (path[0] != '/') {
		if (getcwd(work, sizeof(work)) == NULL)
			return NULL;
		if (strlen(work) + 1 + strlen(path) >= sizeof(work))
			return file_null(ENAMETOOLONG);
		strcat(strcat(work, "/"), path);
	} else {
		if (strlen(path) >= sizeof(work))
			return file_null(ENAMETOOLONG);
		strcpy(work, path);
	}
	strcpy(result, "/");
	char *rest = work;
	while (*rest != '\0') {
		while (*rest == '/')
			rest++;
		size_t n = strcspn(rest, "/");
		if (n == 0)
			break;
		char name[NAME_MAX + 1];
		if (n > NAME_MAX)
			return file_null(ENAMETOOLONG);
		memcpy(name, rest, n);
		name[n] = '\0';
		rest += n;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			char *slash = strrchr(result, '/');
			slash[slash == result ? 1 : 0] = '\0';
			continue;
		}
		size_t used = strlen(result);
		if (used + (used > 1) + n >= sizeof(result))
			return file_null(ENAMETOOLONG);
		if (used > 1)
			result[used++] = '/';
		memcpy(result + used, name, n + 1);
		struct stat st;
		if (lstat(result, &st) != 0)
			return NULL;
		if (S_ISLNK(st.st_mode)) {
			if (++links > FILE_SYMLINK_MAX)
				return file_null(ELOOP);
			ssize_t length =
			    readlink(result, target, sizeof(target) - 1);
			if (length < 0)
				return NULL;
			target[length] = '\0';
			if (length + strlen(rest) >= sizeof(target))
				return file_null(ENAMETOOLONG);
			strcat(target, rest);
			strcpy(work, target);
			rest = work;
			if (target[0] == '/') {
				strcpy(result, "/");
			} else {
				/* relative to the link's directory */
				char *slash = strrchr(result, '/');
				slash[slash == result ? 1 : 0] = '\0';
			}
		} else if (!S_ISDIR(st.st_mode) && rest[strspn(rest, "/")]) {
			return file_null(ENOTDIR);
		}
	}
	if (resolved == NULL)
		return strdup(result);
	return strcpy(resolved, result);
}

int
mkfifo(const char *path, mode_t mode)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_mkfifo(unix_port(), (char *)path,
				   unix_path_span(path, extra), mode, &error));
	return unix_result(kr, error, 0);
}

int
mkfifoat(int dirfd, const char *path, mode_t mode)
{
	char buffer[PATH_MAX];
	const char *full = unix_at_path(dirfd, path, buffer);

	return full == NULL ? -1 : mkfifo(full, mode);
}

/* Device files are the server's own (/dev): mknod makes a FIFO; other
 * types need root (EPERM) and are ENOSYS. */
int
mknod(const char *path, mode_t mode, dev_t dev)
{
	(void)dev;
	if (S_ISFIFO(mode))
		return mkfifo(path, mode);
	return unix_fail(geteuid() != 0 ? EPERM : ENOSYS);
}

int
mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	if (S_ISFIFO(mode))
		return mkfifoat(dirfd, path, mode);
	return mknod(path, mode, dev);
}
