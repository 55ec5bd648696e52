/*
 * lite PROGRAM [ARGUMENT...]: runs a posix-lite program from the UNIX
 * personality (a shell), and exits as it did.
 *
 * A UNIX program (built with unix-cc) that speaks the posix-lite
 * server's interface: it attaches to the server as a parent
 * (lite_attach), turns its own open descriptors, its current directory
 * and the root into io ports of the UNIX server's file system
 * (unix_io_port), and spawns PROGRAM (searched in PATH, as a shell
 * would) with them, its umask and its signal mask.  Then it waits for
 * the child and ends the way the child ended: the same exit code, or
 * killed by the same signal, so that the shell's $? reads the same.
 * Meanwhile SIGINT, SIGQUIT, SIGTERM and SIGHUP sent to it (^C from
 * the terminal), unless ignored, go on to the child (lite_kill): a
 * second thread waits for the child (lite_wait, which no UNIX signal
 * interrupts) while the first waits for signals in sigsuspend.
 * The child's pid and parent pid are posix-lite's (its parent is the
 * attached record), not UNIX pids.
 */
#include "../../unix/libc/args.h"

#include <errno.h>
#include <fcntl.h>
#include <lite/lite.h>
#include <mach/bootstrap_types.h>
#include <mach/mach_ipc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unix/unix.h>

extern char **environ;

static const int forwarded[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
static volatile sig_atomic_t forward_signal, child_ended;

static void
on_forwarded(int sig)
{
	forward_signal = sig;
}

/* SIGUSR1: the waiting thread's word that the child has ended. */
static void
on_ended(int sig)
{
	(void)sig;
}

struct waiter {
	mach_port_t process;
	int child;
	kern_return_t kr;
	int error, status;
};

static void *
wait_child(void *arg)
{
	struct waiter *w = arg;

	w->kr = lite_wait(w->process, w->child, 0, &w->error, &w->child,
			  &w->status);
	child_ended = 1;
	kill(getpid(), SIGUSR1);
	return NULL;
}

/* Waits for child, passing the forwarded signals on as they come (they
 * are blocked but in sigsuspend); its wait status, or -1. */
static int
wait_forwarding(mach_port_t process, int child, const sigset_t *mask)
{
	struct waiter w = {.process = process, .child = child};
	pthread_t thread;
	int error;

	if (pthread_create(&thread, NULL, wait_child, &w) != 0)
		return -1;
	while (!child_ended) {
		sigsuspend(mask);
		if (forward_signal != 0 && !child_ended)
			lite_kill(process, child, forward_signal, &error);
		forward_signal = 0;
	}
	pthread_join(thread, NULL);
	if (w.kr != KERN_SUCCESS || w.error != 0) {
		fprintf(stderr, "lite: wait: %s\n",
			strerror(w.kr != KERN_SUCCESS ? EIO : w.error));
		return -1;
	}
	return w.status;
}

/* An io port on an open descriptor of ours, or MACH_PORT_NULL. */
static mach_port_t
io_port_of(int fd)
{
	mach_port_t port = MACH_PORT_NULL;
	int error;

	if (unix_io_port(bootstrap_port, fd, &error, &port) != KERN_SUCCESS ||
	    error != 0)
		return MACH_PORT_NULL;
	return port;
}

/* An io port on the directory at path. */
static mach_port_t
io_port_of_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return MACH_PORT_NULL;
	mach_port_t port = io_port_of(fd);
	close(fd);
	return port;
}

/* The executable PATH finds for name (name itself if it has a '/'). */
static const char *
find_program(const char *name, char *buffer, size_t size)
{
	const char *search = getenv("PATH");

	if (strchr(name, '/') != NULL)
		return name;
	for (search = search != NULL ? search : "/bin"; *search != '\0';) {
		size_t n = strcspn(search, ":");
		if (snprintf(buffer, size, "%.*s/%s", (int)n,
			     n > 0 ? search : ".", name) < (int)size &&
		    access(buffer, X_OK) == 0)
			return buffer;
		search += n + (search[n] == ':');
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	mach_port_t service, process, files[LITE_FD_MAX];
	char found[LITE_PATH_MAX];
	int error, pid, child, status, count = 0, nargs, nenv;
	size_t size;
	sigset_t mask, blocked;
	struct sigaction action = {.sa_handler = on_forwarded};

	if (argc < 2) {
		fprintf(stderr, "usage: lite PROGRAM [ARGUMENT...]\n");
		return 2;
	}
	const char *path = find_program(argv[1], found, sizeof(found));
	if (path == NULL) {
		fprintf(stderr, "lite: %s: not found\n", argv[1]);
		return 127;
	}
	if (unix_look_up(bootstrap_port, "posix-lite", sizeof("posix-lite"),
			 &error, &service) != KERN_SUCCESS ||
	    error != 0 ||
	    lite_attach(service, &error, &process, &pid) != KERN_SUCCESS ||
	    error != 0) {
		fprintf(stderr, "lite: no posix-lite server\n");
		return 127;
	}
	for (int fd = 0; fd < LITE_FD_MAX; fd++) {
		files[fd] = fcntl(fd, F_GETFD) >= 0 &&
				    !(fcntl(fd, F_GETFD) & FD_CLOEXEC)
				? io_port_of(fd)
				: MACH_PORT_NULL;
		if (files[fd] != MACH_PORT_NULL)
			count = fd + 1;
	}
	mach_port_t root = io_port_of_path("/");
	mach_port_t cwd = io_port_of_path(".");
	char *args =
	    args_pack(argv + 1, environ, LITE_ARGS_MAX, &nargs, &nenv, &size);
	mode_t old_umask = umask(0);
	umask(old_umask);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR1);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
		struct sigaction old;
		sigaction(forwarded[i], NULL, &old);
		if (old.sa_handler == SIG_IGN)
			continue; /* as a background job's SIGINT */
		sigaddset(&blocked, forwarded[i]);
		sigaction(forwarded[i], &action, NULL);
	}
	action.sa_handler = on_ended;
	sigaction(SIGUSR1, &action, NULL);
	sigprocmask(SIG_BLOCK, &blocked, &mask); /* the child gets ours */
	if (args == NULL || root == MACH_PORT_NULL || cwd == MACH_PORT_NULL) {
		fprintf(stderr, "lite: out of resources\n");
		return 127;
	}
	kern_return_t kr =
	    lite_spawn(process, (char *)path, strlen(path) + 1, args,
		       size > 0 ? size : 1, nargs, nenv, root, cwd, files,
		       count, old_umask, mask, &error, &child);
	if (kr != KERN_SUCCESS || error != 0) {
		fprintf(stderr, "lite: %s: %s\n", path,
			strerror(kr != KERN_SUCCESS ? EIO : error));
		return error == ENOENT ? 127 : 126;
	}
	status = wait_forwarding(process, child, &mask);
	if (status == -1)
		return 127;
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
	}
	return WEXITSTATUS(status);
}
