/*
 * Process calls newlib declares and this library had not: the real and
 * effective ids together, waitid, posix_spawnp, and small ones over
 * other calls.
 *
 *	setreuid setregid setgroups issetugid	ids (unix_setids)
 *	getpriority setpriority nice		nice values (server/priority.c)
 *	waitid					over waitpid
 *	posix_spawnp				posix_spawn along PATH
 *	dup3 getdtablesize confstr ctermid (sched_yield: pthread.c)
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- ids ---- */

static int
process_set_id(int which, int id)
{
	int error;
	kern_return_t kr = unix_setids(unix_port(), which, id, &error);

	return unix_result(kr, error, 0);
}

/* An id as process_set_both takes it: (uid_t)-1, no change, is -1. */
#define PROCESS_ID(id) ((id) == (__typeof__(id))-1 ? -1 : (int)(id))

/*
 * set*re*id(real, effective): each -1 or the id it has is left alone.
 * Root may set either to anything; others the real id to the effective
 * one and the effective to the real one.  Everything is checked before
 * anything changes: there are no saved set-ids, so a non-root process
 * cannot swap the two (EPERM).
 */
static int
process_set_both(int real, int effective, int now_real, int now_effective,
		 int which_real, int which_effective)
{
	int change_real = real != -1 && real != now_real;
	int change_effective = effective != -1 && effective != now_effective;

	if (geteuid() != 0 && ((change_real && real != now_effective) ||
			       (change_effective && effective != now_real) ||
			       (change_real && change_effective)))
		return unix_fail(EPERM);
	if (change_real && process_set_id(which_real, real) != 0)
		return -1;
	if (change_effective && process_set_id(which_effective, effective) != 0)
		return -1;
	return 0;
}

int
setreuid(uid_t real, uid_t effective)
{
	return process_set_both(PROCESS_ID(real), PROCESS_ID(effective),
				getuid(), geteuid(), UNIX_SETRUID,
				UNIX_SETEUID);
}

int
setregid(gid_t real, gid_t effective)
{
	return process_set_both(PROCESS_ID(real), PROCESS_ID(effective),
				getgid(), getegid(), UNIX_SETRGID,
				UNIX_SETEGID);
}

/* There are no supplementary groups: root may set none of them. */
int
setgroups(int count, const gid_t *groups)
{
	(void)groups;
	if (geteuid() != 0)
		return unix_fail(EPERM);
	return count == 0 ? 0 : unix_fail(EINVAL);
}

/* The server runs no set-user-id programs; a process that changed its
 * ids is tainted as far as it can tell. */
int
issetugid(void)
{
	return getuid() != geteuid() || getgid() != getegid();
}

/* ---- nice values ---- */

/* -1 is a nice value too: errno tells a failure apart. */
int
getpriority(int which, id_t who)
{
	int error, value = 0;
	kern_return_t kr =
	    unix_getpriority(unix_port(), which, (int)who, &error, &value);

	return unix_result(kr, error, value);
}

int
setpriority(int which, id_t who, int value)
{
	int error;
	kern_return_t kr =
	    unix_setpriority(unix_port(), which, (int)who, value, &error);

	return unix_result(kr, error, 0);
}

/* The new nice value (-1 with errno EPERM for a lower one, not root). */
int
nice(int increment)
{
	errno = 0;
	int value = getpriority(PRIO_PROCESS, 0);
	if (value == -1 && errno != 0)
		return -1;
	value += increment;
	if (value < -20)
		value = -20;
	if (value > 19)
		value = 19;
	if (setpriority(PRIO_PROCESS, 0, value) < 0)
		return unix_fail(errno == EACCES ? EPERM : errno);
	return value;
}

/* ---- waitid ---- */

/*
 * waitid over waitpid: WEXITED must be among the options (the server
 * reports exits always), WSTOPPED is WUNTRACED; WNOWAIT (leaving the
 * child waitable) is not there (EINVAL).  si_uid is 0: the server does
 * not tell a child's user.
 */
int
waitid(idtype_t type, id_t id, siginfo_t *info, int options)
{
	pid_t pid;
	int status = 0;

	if (!(options & WEXITED) || (options & WNOWAIT) ||
	    (options & ~(WEXITED | WSTOPPED | WCONTINUED | WNOHANG)))
		return unix_fail(EINVAL);
	switch (type) {
	case P_PID:
		pid = id;
		break;
	case P_PGID:
		pid = id == 0 ? 0 : -(pid_t)id;
		break;
	case P_ALL:
		pid = -1;
		break;
	default:
		return unix_fail(EINVAL);
	}
	int flags = (options & WNOHANG) |
		    ((options & WSTOPPED) ? WUNTRACED : 0) |
		    (options & WCONTINUED);
	pid_t child = waitpid(pid, &status, flags);
	if (child < 0)
		return -1;
	memset(info, 0, sizeof(*info));
	if (child == 0)
		return 0; /* WNOHANG and nothing: si_pid 0 */
	info->si_signo = SIGCHLD;
	info->si_pid = child;
	if (WIFEXITED(status)) {
		info->si_code = CLD_EXITED;
		info->si_status = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		info->si_code = WCOREDUMP(status) ? CLD_DUMPED : CLD_KILLED;
		info->si_status = WTERMSIG(status);
	} else if (WIFSTOPPED(status)) {
		info->si_code = CLD_STOPPED;
		info->si_status = WSTOPSIG(status);
	} else {
		info->si_code = CLD_CONTINUED;
		info->si_status = SIGCONT;
	}
	return 0;
}

/* ---- posix_spawnp ---- */

/* A file the server cannot load (ENOEXEC) runs with /bin/sh. */
static int
process_spawn_script(pid_t *pid, const char *path,
		     const posix_spawn_file_actions_t *actions,
		     const posix_spawnattr_t *attributes, char *const argv[],
		     char *const envp[])
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	char **shell_argv = malloc((argc + 2) * sizeof(*shell_argv));
	if (shell_argv == NULL)
		return ENOMEM;
	shell_argv[0] = "sh";
	shell_argv[1] = (char *)path;
	for (int i = 1; i <= argc; i++)
		shell_argv[i + 1] = argv[i];
	int error =
	    posix_spawn(pid, "/bin/sh", actions, attributes, shell_argv, envp);
	free(shell_argv);
	return error;
}

/* A spawn's arguments, for process_spawn_try. */
struct process_spawn {
	pid_t *ps_pid;
	const posix_spawn_file_actions_t *ps_actions;
	const posix_spawnattr_t *ps_attributes;
	char *const *ps_argv;
	char *const *ps_envp;
};

/* posix_spawn of path, or of the shell with it if the kernel cannot load
 * it (ENOEXEC); returns an errno value. */
static int
process_spawn_try(const char *path, void *context)
{
	const struct process_spawn *s = context;
	int error = posix_spawn(s->ps_pid, path, s->ps_actions,
				s->ps_attributes, s->ps_argv, s->ps_envp);

	if (error == ENOEXEC)
		error = process_spawn_script(s->ps_pid, path, s->ps_actions,
					     s->ps_attributes, s->ps_argv,
					     s->ps_envp);
	return error;
}

/* file as execvp finds it (unix_path_search); returns an errno value. */
int
posix_spawnp(pid_t *pid, const char *file,
	     const posix_spawn_file_actions_t *actions,
	     const posix_spawnattr_t *attributes, char *const argv[],
	     char *const envp[])
{
	struct process_spawn s = {pid, actions, attributes, argv, envp};

	return unix_path_search(file, process_spawn_try, &s);
}

/* ---- small ones ---- */

/* dup2 then the close-on-exec flag: EINVAL for the same descriptor or
 * another flag. */
int
dup3(int fd, int newfd, int flags)
{
	if (fd == newfd || (flags & ~O_CLOEXEC))
		return unix_fail(EINVAL);
	if (dup2(fd, newfd) < 0)
		return -1;
	if ((flags & O_CLOEXEC) && fcntl(newfd, F_SETFD, FD_CLOEXEC) < 0)
		return -1;
	return newfd;
}

int
getdtablesize(void)
{
	return (int)sysconf(_SC_OPEN_MAX);
}

size_t
confstr(int name, char *buffer, size_t size)
{
	const char *value;

	switch (name) {
	case _CS_PATH:
		value = UNIX_DEFAULT_PATH;
		break;
	default:
		errno = EINVAL;
		return 0;
	}
	if (size > 0 && buffer != NULL) {
		strncpy(buffer, value, size - 1);
		buffer[size - 1] = '\0';
	}
	return strlen(value) + 1;
}

/* The controlling terminal's name: always /dev/tty. */
char *
ctermid(char *buffer)
{
	static char name[L_ctermid];

	return strcpy(buffer != NULL ? buffer : name, "/dev/tty");
}
