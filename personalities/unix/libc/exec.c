/*
 * fork and the exec family.
 *
 *	_fork		newlib's fork: the server makes the child (unix_fork)
 *	vfork		fork: a copy-on-write fork costs what vfork saves
 *	_execve		newlib's execve: the server replaces the task
 *	execv execve execvp execvpe execl execle execlp
 *
 * fork: unix_fork_save keeps the registers a function call must
 * preserve, the stack pointer and the return address, as setjmp does,
 * and returns 0; the server starts the child's thread with them and
 * rax = 1, so that in the child unix_fork_save returns 1 on a copy of
 * the stack as it was when the server copied the task, while the parent
 * was waiting in unix_fork.  The child's first act is libmach's
 * mach_init: the port names libmach keeps are the parent's, which mean
 * nothing in the child's space (the process port included: it is the
 * child's bootstrap port).
 */
#include "unix_glue.h"

#include <errno.h>
#include <mach/mach_ipc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXEC_SHELL "/bin/sh"

extern char **environ;

/* 0 when called, 1 when the fork's child starts here. */
int unix_fork_save(unix_fork_regs_t regs) __attribute__((returns_twice));
__asm__(".text\n"
	".globl unix_fork_save\n"
	".type unix_fork_save, @function\n"
	"unix_fork_save:\n"
	"	movq	%rbx, 0(%rdi)\n"
	"	movq	%rbp, 8(%rdi)\n"
	"	movq	%r12, 16(%rdi)\n"
	"	movq	%r13, 24(%rdi)\n"
	"	movq	%r14, 32(%rdi)\n"
	"	movq	%r15, 40(%rdi)\n"
	"	leaq	8(%rsp), %rax\n" /* the stack pointer after ret */
	"	movq	%rax, 48(%rdi)\n"
	"	movq	(%rsp), %rax\n"
	"	movq	%rax, 56(%rdi)\n"
	"	xorl	%eax, %eax\n"
	"	ret\n"
	".size unix_fork_save, . - unix_fork_save\n");
_Static_assert(UNIX_FORK_REG_RBX == 0 && UNIX_FORK_REG_RBP == 1 &&
		   UNIX_FORK_REG_R12 == 2 && UNIX_FORK_REG_R15 == 5 &&
		   UNIX_FORK_REG_RSP == 6 && UNIX_FORK_REG_RIP == 7,
	       "unix_fork_save's offsets");

int
_fork(void)
{
	unix_fork_regs_t regs;
	int error = 0, pid = -1;

	if (unix_fork_save(regs) != 0) {
		mach_init();
		return 0;
	}
	kern_return_t kr = unix_fork(unix_port(), regs, &error, &pid);
	return unix_result(kr, error, pid);
}

pid_t
vfork(void)
{
	return fork();
}

int
_execve(const char *path, char *const argv[], char *const envp[])
{
	int argc, envc, error;
	size_t size;
	kern_return_t kr;

	char *args = args_pack(argv, envp, UNIX_ARGS_MAX, &argc, &envc, &size);
	if (args == NULL)
		return unix_fail(errno);
	UNIX_PATH_CALL(kr, error,
		       unix_exec(unix_port(), (char *)path,
				 unix_path_span(path, extra), args,
				 size == 0 ? 1 : size, argc, envc, &error));
	free(args);
	/* here only if it failed */
	error = unix_errno(kr, error);
	return unix_fail(error != 0 ? error : EIO);
}

int
execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* A file the exec found but could not run: the shell runs it. */
static int
exec_as_script(const char *path, char *const argv[], char *const envp[])
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	char **shell_argv = malloc((argc + 2) * sizeof(char *));
	if (shell_argv == NULL)
		return -1;
	shell_argv[0] = EXEC_SHELL;
	shell_argv[1] = (char *)path;
	for (int i = 1; i <= argc; i++)
		shell_argv[i + 1] = argv[i];
	if (argc == 0)
		shell_argv[2] = NULL;
	execve(EXEC_SHELL, shell_argv, envp);
	free(shell_argv);
	return -1;
}

int
unix_path_search(const char *file, int (*try)(const char *, void *),
		 void *context)
{
	const char *path = getenv("PATH");
	int denied = 0;

	if (*file == '\0')
		return ENOENT;
	if (strchr(file, '/') != NULL)
		return try(file, context);
	if (path == NULL)
		path = UNIX_DEFAULT_PATH;
	size_t length = strlen(file);
	for (const char *dir = path;; dir++) {
		const char *end = dir + strcspn(dir, ":");
		/* an empty entry is the current directory */
		const char *prefix = end == dir ? "." : dir;
		size_t prefix_length = end == dir ? 1 : (size_t)(end - dir);
		char *full = malloc(prefix_length + length + 2);
		if (full == NULL)
			return ENOMEM;
		memcpy(full, prefix, prefix_length);
		full[prefix_length] = '/';
		memcpy(full + prefix_length + 1, file, length + 1);
		int error = try(full, context);
		free(full);
		if (error == EACCES)
			denied = 1;
		else if (error != ENOENT && error != ENOTDIR &&
			 error != ENAMETOOLONG)
			return error;
		if (*end == '\0')
			break;
		dir = end;
	}
	return denied ? EACCES : ENOENT;
}

/* An exec's vectors, for exec_try. */
struct exec_vectors {
	char *const *ev_argv;
	char *const *ev_envp;
};

/* execve of path, or of the shell if the kernel cannot load it
 * (ENOEXEC, as POSIX says); returns only with the errno value. */
static int
exec_try(const char *path, void *context)
{
	const struct exec_vectors *v = context;

	execve(path, v->ev_argv, v->ev_envp);
	if (errno == ENOEXEC)
		exec_as_script(path, v->ev_argv, v->ev_envp);
	return errno;
}

/* file as execvp finds it (unix_path_search). */
int
execvpe(const char *file, char *const argv[], char *const envp[])
{
	struct exec_vectors v = {argv, envp};

	return unix_fail(unix_path_search(file, exec_try, &v));
}

int
execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/*
 * execl, execle, execlp: arg and the arguments after it, to their NULL,
 * as a vector; then execle's environment, the pointer after the NULL.
 */
static int
exec_list(const char *name, const char *arg, va_list ap, int with_env,
	  int search)
{
	va_list count_ap;
	int count = 1;

	va_copy(count_ap, ap);
	while (va_arg(count_ap, char *) != NULL)
		count++;
	va_end(count_ap);
	char **argv = malloc((count + 1) * sizeof(*argv));
	if (argv == NULL)
		return -1;
	argv[0] = (char *)arg;
	for (int i = 1; i <= count; i++)
		argv[i] = va_arg(ap, char *);
	char **envp = with_env ? va_arg(ap, char **) : environ;
	if (search)
		execvpe(name, argv, envp);
	else
		execve(name, argv, envp);
	free(argv);
	return -1;
}

int
execl(const char *path, const char *arg, ...)
{
	va_list ap;

	va_start(ap, arg);
	int result = exec_list(path, arg, ap, 0, 0);
	va_end(ap);
	return result;
}

int
execle(const char *path, const char *arg, ...)
{
	va_list ap;

	va_start(ap, arg);
	int result = exec_list(path, arg, ap, 1, 0);
	va_end(ap);
	return result;
}

int
execlp(const char *file, const char *arg, ...)
{
	va_list ap;

	va_start(ap, arg);
	int result = exec_list(file, arg, ap, 0, 1);
	va_end(ap);
	return result;
}
