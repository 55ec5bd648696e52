/*
 * The POSIX calls of a UNIX process that newlib has no system call
 * layer for: thin wrappers over the unix.defs stubs (syscalls.c has
 * newlib's own _read, _write, ...; libmach/posix.c the POSIX names of
 * those, through newlib's _*_r layer).
 *
 *	pread pwrite lstat(syscalls.c) access chmod symlink readlink
 *	rename rmdir getdents getcwd chdir dup dup2 ftruncate umask pipe
 *	pipe2 waitpid wait3 wait4 getppid posix_spawn getuid geteuid getgid
 *	getegid getgroups setuid seteuid setgid setegid clock_gettime setpgid setpgrp getpgid
 *	getpgrp getsid setsid
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

ssize_t
pread(int fd, void *buf, size_t count, off_t offset)
{
	int error;
	vm_size_t done = 0;
	kern_return_t kr = unix_pread(unix_port(), fd, (vm_address_t)buf, count,
				      offset, &error, &done);

	return unix_result(kr, error, (int)done);
}

ssize_t
pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	int error;
	vm_size_t done = 0;
	kern_return_t kr = unix_pwrite(unix_port(), fd, (char *)buf, count,
				       offset, &error, &done);

	return unix_result(kr, error, (int)done);
}

int
access(const char *path, int mode)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_access(unix_port(), (char *)path,
				   unix_path_span(path, extra), mode, &error));
	return unix_result(kr, error, 0);
}

int
chmod(const char *path, mode_t mode)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_chmod(unix_port(), (char *)path,
				  unix_path_span(path, extra), mode, &error));
	return unix_result(kr, error, 0);
}

int
symlink(const char *target, const char *path)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_symlink(unix_port(), (char *)target,
				    unix_path_span(target, extra), (char *)path,
				    unix_path_span(path, extra), &error));
	return unix_result(kr, error, 0);
}

ssize_t
readlink(const char *path, char *buf, size_t size)
{
	int error;
	vm_size_t length = 0;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_readlink(unix_port(), (char *)path,
				     unix_path_span(path, extra),
				     (vm_address_t)buf, size, &error, &length));
	return unix_result(kr, error, (int)length);
}

int
rename(const char *from, const char *to)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_rename(unix_port(), (char *)from,
				   unix_path_span(from, extra), (char *)to,
				   unix_path_span(to, extra), &error));
	return unix_result(kr, error, 0);
}

int
rmdir(const char *path)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_rmdir(unix_port(), (char *)path,
				  unix_path_span(path, extra), &error));
	return unix_result(kr, error, 0);
}

int
chdir(const char *path)
{
	int error;
	kern_return_t kr;

	UNIX_PATH_CALL(kr, error,
		       unix_chdir(unix_port(), (char *)path,
				  unix_path_span(path, extra), &error));
	return unix_result(kr, error, 0);
}

int
getdents(int fd, void *buffer, size_t size)
{
	int error;
	vm_size_t length = 0;
	kern_return_t kr = unix_getdents(unix_port(), fd, (vm_address_t)buffer,
					 size, &error, &length);

	return unix_result(kr, error, (int)length);
}

char *
getcwd(char *buf, size_t size)
{
	int error;
	vm_size_t length = 0;

	if (buf == NULL) {
		/* the common extension: a buffer of our own */
		if (size == 0)
			size = UNIX_PATH_MAX;
		if ((buf = malloc(size)) == NULL)
			return NULL;
		kern_return_t kr = unix_getcwd(unix_port(), (vm_address_t)buf,
					       size, &error, &length);
		if (unix_result(kr, error, 0) < 0) {
			free(buf);
			return NULL;
		}
		return buf;
	}
	if (size == 0) {
		unix_fail(EINVAL);
		return NULL;
	}
	kern_return_t kr =
	    unix_getcwd(unix_port(), (vm_address_t)buf, size, &error, &length);
	return unix_result(kr, error, 0) < 0 ? NULL : buf;
}

int
dup(int fd)
{
	return fcntl(fd, F_DUPFD, 0);
}

int
dup2(int fd, int newfd)
{
	int error;
	kern_return_t kr = unix_dup2(unix_port(), fd, newfd, &error);

	return unix_result(kr, error, newfd);
}

int
ftruncate(int fd, off_t length)
{
	int error;
	kern_return_t kr = unix_ftruncate(unix_port(), fd, length, &error);

	return unix_result(kr, error, 0);
}

mode_t
umask(mode_t mask)
{
	int previous = 0;

	unix_umask(unix_port(), mask, &previous);
	return previous;
}

int
pipe2(int fds[2], int flags)
{
	int error, reader = -1, writer = -1;
	kern_return_t kr =
	    unix_pipe(unix_port(), flags, &error, &reader, &writer);

	if (unix_result(kr, error, 0) < 0)
		return -1;
	fds[0] = reader;
	fds[1] = writer;
	return 0;
}

int
pipe(int fds[2])
{
	return pipe2(fds, 0);
}

/* waitpid, and the child's CPU time in *usage if not NULL (wait4). */
static pid_t
unix_waitpid(pid_t pid, int *status, int options, struct rusage *usage)
{
	int error, child = -1, result = 0;
	int64_t user = 0, system = 0;
	kern_return_t kr;

	do /* restarted after a handler with SA_RESTART */
		kr = unix_wait(unix_port(), pid, options, &error, &child,
			       &result, &user, &system);
	while (kr == KERN_SUCCESS && error == UNIX_ERESTART);

	if (unix_result(kr, error, 0) < 0)
		return -1;
	if (status != NULL && child > 0)
		*status = result;
	if (usage != NULL) {
		memset(usage, 0, sizeof(*usage));
		usage->ru_utime.tv_sec = user / 1000000;
		usage->ru_utime.tv_usec = user % 1000000;
		usage->ru_stime.tv_sec = system / 1000000;
		usage->ru_stime.tv_usec = system % 1000000;
	}
	return child;
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return unix_waitpid(pid, status, options, NULL);
}

/* *usage: a reaped child's user and system time, with those of its own
 * waited-for children (newlib's struct rusage has no other field). */
pid_t
wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
	return unix_waitpid(pid, status, options, usage);
}

pid_t
wait3(int *status, int options, struct rusage *usage)
{
	return wait4(-1, status, options, usage);
}

pid_t
getppid(void)
{
	int pid = -1, ppid = 0;

	unix_getpid(unix_port(), &pid, &ppid);
	return ppid;
}

/*
 * posix_spawn without file actions or attributes (those come with the
 * calls they need): the server makes the child from path, with our
 * descriptors less the close-on-exec ones.  Returns an errno value.
 */
int
posix_spawn(pid_t *pid, const char *path,
	    const posix_spawn_file_actions_t *actions,
	    const posix_spawnattr_t *attributes, char *const argv[],
	    char *const envp[])
{
	int argc, envc, error, child = -1;
	size_t size;
	kern_return_t kr;

	if ((actions != NULL && *actions != NULL) ||
	    (attributes != NULL && *attributes != NULL))
		return ENOSYS;
	char *args = args_pack(argv, envp, UNIX_ARGS_MAX, &argc, &envc, &size);
	if (args == NULL)
		return errno;
	UNIX_PATH_CALL(
	    kr, error,
	    unix_spawn(unix_port(), (char *)path, unix_path_span(path, extra),
		       args, size == 0 ? 1 : size, argc, envc, &error, &child));
	free(args);
	error = unix_errno(kr, error);
	if (error == 0 && pid != NULL)
		*pid = child;
	return error;
}

/* The four ids, as the server has them. */
static int
unix_id(int which)
{
	int ids[4] = {-1, -1, -1, -1};

	unix_getids(unix_port(), &ids[0], &ids[1], &ids[2], &ids[3]);
	return ids[which];
}

uid_t
getuid(void)
{
	return unix_id(0);
}

uid_t
geteuid(void)
{
	return unix_id(1);
}

gid_t
getgid(void)
{
	return unix_id(2);
}

gid_t
getegid(void)
{
	return unix_id(3);
}

/* There are no supplementary groups. */
int
getgroups(int size, gid_t list[])
{
	(void)list;
	return size < 0 ? unix_fail(EINVAL) : 0;
}

static int
unix_set_id(int which, int id)
{
	int error;
	kern_return_t kr = unix_setids(unix_port(), which, id, &error);

	return unix_result(kr, error, 0);
}

int
setuid(uid_t id)
{
	return unix_set_id(UNIX_SETUID, id);
}

int
seteuid(uid_t id)
{
	return unix_set_id(UNIX_SETEUID, id);
}

int
setgid(gid_t id)
{
	return unix_set_id(UNIX_SETGID, id);
}

int
setegid(gid_t id)
{
	return unix_set_id(UNIX_SETEGID, id);
}

/* CLOCK_REALTIME and CLOCK_MONOTONIC: both the time since boot. */
int
clock_gettime(clockid_t clock, struct timespec *ts)
{
	int64_t seconds = 0;
	int nanoseconds = 0;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return unix_fail(EINVAL);
	kern_return_t kr = unix_gettime(unix_port(), &seconds, &nanoseconds);
	if (kr != KERN_SUCCESS)
		return unix_fail(unix_errno(kr, 0));
	ts->tv_sec = seconds;
	ts->tv_nsec = nanoseconds;
	return 0;
}

/* ---- process groups and sessions ---- */

int
setpgid(pid_t pid, pid_t pgid)
{
	int error;
	kern_return_t kr = unix_setpgid(unix_port(), pid, pgid, &error);

	return unix_result(kr, error, 0);
}

int
setpgrp(void)
{
	return setpgid(0, 0);
}

static pid_t
unix_group_id(pid_t pid, int which)
{
	int error, id = -1;
	kern_return_t kr = unix_getpgid(unix_port(), pid, which, &error, &id);

	return unix_result(kr, error, id);
}

pid_t
getpgid(pid_t pid)
{
	return unix_group_id(pid, 0);
}

pid_t
getpgrp(void)
{
	return unix_group_id(0, 0);
}

pid_t
getsid(pid_t pid)
{
	return unix_group_id(pid, 1);
}

pid_t
setsid(void)
{
	int error, sid = -1;
	kern_return_t kr = unix_setsid(unix_port(), &error, &sid);

	return unix_result(kr, error, sid);
}
