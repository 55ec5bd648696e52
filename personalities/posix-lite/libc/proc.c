/*
 * Processes: spawn (the only way to make one: no fork in this profile),
 * wait, exit, the pids.  posix_spawn builds the child's descriptor
 * table here, from ours (less close-on-exec) and the file actions in
 * order, and sends it as io ports with the program's path: the server
 * has the UNIX server load the program and hands the ports to the
 * child at its start.  getpid and getppid answer from the state the
 * process got at its start: no message.
 *
 *	_getpid getppid _exit _wait waitpid wait posix_spawn posix_spawnp
 *	posix_spawn_file_actions_* posix_spawnattr_*
 */
#include "lite_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t
_getpid(void)
{
	return lite_state.ls_pid;
}

pid_t
getppid(void)
{
	return lite_state.ls_ppid;
}

void
_exit(int status)
{
	lite_exit(lite_port(), LITE_STATUS_EXITED(status));
	for (;;)
		task_terminate(mach_task_self());
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	int error, child = -1, code = 0;
	kern_return_t kr =
	    lite_wait(lite_port(), pid, options, &error, &child, &code);

	if ((error = lite_errno(kr, error)) != 0)
		return lite_fail(error);
	if (status != NULL && child > 0)
		*status = code;
	return child;
}

pid_t
_wait(int *status)
{
	return waitpid(-1, status, 0);
}

/* A file action (newlib's <spawn.h> leaves the type to the system). */
struct lite_spawn_action {
	struct lite_spawn_action *a_next;
	enum { LITE_OPEN, LITE_CLOSE, LITE_DUP2 } a_kind;
	int a_fd, a_from, a_flags;
	mode_t a_mode;
	char *a_path;
};

struct __posix_spawn_file_actions {
	struct lite_spawn_action *fa_first, **fa_last;
};

struct __posix_spawnattr {
	short sa_flags;
	sigset_t sa_mask;
};

int
posix_spawn_file_actions_init(posix_spawn_file_actions_t *actions)
{
	if ((*actions = calloc(1, sizeof(**actions))) == NULL)
		return ENOMEM;
	(*actions)->fa_last = &(*actions)->fa_first;
	return 0;
}

int
posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *actions)
{
	struct lite_spawn_action *a = (*actions)->fa_first;

	while (a != NULL) {
		struct lite_spawn_action *next = a->a_next;
		free(a->a_path);
		free(a);
		a = next;
	}
	free(*actions);
	*actions = NULL;
	return 0;
}

static int
lite_add_action(posix_spawn_file_actions_t *actions, int kind, int fd, int from,
		const char *path, int flags, mode_t mode)
{
	struct lite_spawn_action *a = calloc(1, sizeof(*a));

	if (fd < 0 || fd >= LITE_FD_MAX || from < 0 || from >= LITE_FD_MAX) {
		free(a);
		return EBADF;
	}
	if (a == NULL || (path != NULL && (a->a_path = strdup(path)) == NULL)) {
		free(a);
		return ENOMEM;
	}
	a->a_kind = kind;
	a->a_fd = fd;
	a->a_from = from;
	a->a_flags = flags;
	a->a_mode = mode;
	*(*actions)->fa_last = a;
	(*actions)->fa_last = &a->a_next;
	return 0;
}

int
posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *actions, int fd,
				 const char *path, int flags, mode_t mode)
{
	return lite_add_action(actions, LITE_OPEN, fd, 0, path, flags, mode);
}

int
posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *actions, int fd)
{
	return lite_add_action(actions, LITE_CLOSE, fd, 0, NULL, 0, 0);
}

int
posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *actions, int fd,
				 int newfd)
{
	return lite_add_action(actions, LITE_DUP2, newfd, fd, NULL, 0, 0);
}

int
posix_spawnattr_init(posix_spawnattr_t *attributes)
{
	return (*attributes = calloc(1, sizeof(**attributes))) == NULL ? ENOMEM
								       : 0;
}

int
posix_spawnattr_destroy(posix_spawnattr_t *attributes)
{
	free(*attributes);
	*attributes = NULL;
	return 0;
}

int
posix_spawnattr_setflags(posix_spawnattr_t *attributes, short flags)
{
	if (flags & ~POSIX_SPAWN_SETSIGMASK)
		return EINVAL; /* no groups, no scheduling: not in the profile */
	(*attributes)->sa_flags = flags;
	return 0;
}

int
posix_spawnattr_getflags(const posix_spawnattr_t *attributes, short *flags)
{
	*flags = (*attributes)->sa_flags;
	return 0;
}

int
posix_spawnattr_setsigmask(posix_spawnattr_t *attributes, const sigset_t *mask)
{
	(*attributes)->sa_mask = *mask;
	return 0;
}

int
posix_spawnattr_getsigmask(const posix_spawnattr_t *attributes, sigset_t *mask)
{
	*mask = (*attributes)->sa_mask;
	return 0;
}

/* Drops the child's descriptor fd, if open. */
static void
lite_child_close(mach_port_t *files, int fd)
{
	if (MACH_PORT_VALID(files[fd]))
		mach_port_deallocate(mach_task_self(), files[fd]);
	files[fd] = MACH_PORT_NULL;
}

/* The child's descriptors: ours less close-on-exec, then the actions in
 * order.  Each entry is a send right of its own. */
static int
lite_child_files(const posix_spawn_file_actions_t *actions, mach_port_t *files)
{
	for (int fd = 0; fd < LITE_FD_MAX; fd++) {
		files[fd] = lite_fd_hold(fd);
		if (files[fd] != MACH_PORT_NULL &&
		    (lite_state.ls_fd_flags[fd] & FD_CLOEXEC))
			lite_child_close(files, fd);
	}
	if (actions == NULL || *actions == NULL)
		return 0;
	for (struct lite_spawn_action *a = (*actions)->fa_first; a != NULL;
	     a = a->a_next) {
		if (a->a_kind == LITE_CLOSE) {
			lite_child_close(files, a->a_fd);
		} else if (a->a_kind == LITE_DUP2) {
			if (!MACH_PORT_VALID(files[a->a_from]))
				return EBADF;
			mach_port_mod_refs(mach_task_self(), files[a->a_from],
					   MACH_PORT_RIGHT_SEND, 1);
			lite_child_close(files, a->a_fd);
			files[a->a_fd] = files[a->a_from];
		} else {
			int fd = open(a->a_path, a->a_flags, a->a_mode);
			if (fd < 0)
				return errno;
			lite_child_close(files, a->a_fd);
			files[a->a_fd] = lite_fd_hold(fd);
			close(fd);
		}
	}
	return 0;
}

int
posix_spawn(pid_t *pid, const char *path,
	    const posix_spawn_file_actions_t *actions,
	    const posix_spawnattr_t *attributes, char *const argv[],
	    char *const envp[])
{
	mach_port_t files[LITE_FD_MAX];
	int argc, envc, error, child = -1, count = 0;
	size_t size, length = path == NULL ? 0 : strnlen(path, LITE_PATH_MAX);

	if (length == 0 || length >= LITE_PATH_MAX)
		return length == 0 ? ENOENT : ENAMETOOLONG;
	char *args = args_pack(argv, envp, LITE_ARGS_MAX, &argc, &envc, &size);
	if (args == NULL)
		return errno;
	uint64_t mask = lite_signal_mask();
	if (attributes != NULL && *attributes != NULL &&
	    ((*attributes)->sa_flags & POSIX_SPAWN_SETSIGMASK))
		mask = (*attributes)->sa_mask;
	error = lite_child_files(actions, files);
	for (int fd = 0; fd < LITE_FD_MAX; fd++)
		if (files[fd] != MACH_PORT_NULL)
			count = fd + 1;
	if (error == 0) {
		kern_return_t kr = lite_spawn(
		    lite_port(), (char *)path, length + 1, args,
		    size == 0 ? 1 : size, argc, envc, lite_state.ls_root,
		    lite_state.ls_cwd, files, count, lite_state.ls_umask, mask,
		    &error, &child);
		error = lite_errno(kr, error);
	}
	for (int fd = 0; fd < LITE_FD_MAX; fd++)
		lite_child_close(files, fd);
	free(args);
	if (error == 0 && pid != NULL)
		*pid = child;
	return error;
}

int
posix_spawnp(pid_t *pid, const char *file,
	     const posix_spawn_file_actions_t *actions,
	     const posix_spawnattr_t *attributes, char *const argv[],
	     char *const envp[])
{
	const char *search = getenv("PATH");
	char path[LITE_PATH_MAX];
	int error = ENOENT;

	if (strchr(file, '/') != NULL)
		return posix_spawn(pid, file, actions, attributes, argv, envp);
	if (search == NULL)
		search = "/bin:/usr/bin";
	while (*search != '\0') {
		size_t n = strcspn(search, ":");
		if (n + 1 + strlen(file) + 1 <= sizeof(path)) {
			memcpy(path, search, n);
			path[n] = '\0';
			strcat(strcat(path, n > 0 ? "/" : "./"), file);
			error = posix_spawn(pid, path, actions, attributes,
					    argv, envp);
			if (error != ENOENT && error != EACCES &&
			    error != ENOTDIR)
				return error;
		}
		search += n + (search[n] == ':');
	}
	return error;
}

/* Outside the profile: no fork, no exec (spawn instead). */
int
_fork(void)
{
	return lite_fail(ENOSYS);
}

int
_execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return lite_fail(ENOSYS);
}
