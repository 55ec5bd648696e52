/*
 * Processes and pipes over the UNIX server: spawn and wait with every
 * status kind, close-on-exec, pipes between a parent and its children
 * (data, end of file, blocking readers and writers, a reader waiting
 * while others are served, EPIPE), faults that end only the faulting
 * process, ENOEXEC for files that are not executables, and malformed
 * messages the server refuses and lives on.
 */
#define _GNU_SOURCE /* pipe2 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/bootstrap_types.h>
#include <mach/mach_ipc.h>
#include <mach/mig_errors.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD "/test/h_child"

extern char **environ;

/* Spawns h_child with up to three arguments; returns its pid or -1. */
static pid_t
child(const char *a1, const char *a2, const char *a3, const char *a4)
{
	char *argv[] = {"h_child",  (char *)a1, (char *)a2,
			(char *)a3, (char *)a4, NULL};
	pid_t pid;
	int error = posix_spawn(&pid, CHILD, NULL, NULL, argv, environ);

	if (error != 0) {
		tap_diag("posix_spawn %s: %s", a1, strerror(error));
		return -1;
	}
	return pid;
}

/* The wait status of a child run to its end. */
static int
run(const char *a1, const char *a2, const char *a3, const char *a4)
{
	int status = -1;
	pid_t pid = child(a1, a2, a3, a4);

	if (pid > 0 && waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static const char *
num(int n)
{
	static char bufs[4][16];
	static int next;
	char *b = bufs[next++ % 4];
	snprintf(b, 16, "%d", n);
	return b;
}

static void
test_statuses(void)
{
	int status = run("exit", "0", NULL, NULL);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit 0");
	status = run("exit", "3", NULL, NULL);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 3, "exit 3");
	status = run("exit", "255", NULL, NULL);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 255, "exit 255");
	status = run("segv", NULL, NULL, NULL);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	       "a bad access ends the child as SIGSEGV (status %#x)", status);
	status = run("ill", NULL, NULL, NULL);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGILL,
	       "ud2 ends the child as SIGILL (status %#x)", status);
	status = run("fpe", NULL, NULL, NULL);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGFPE,
	       "a division by zero ends the child as SIGFPE (status %#x)",
	       status);
	tap_ok(getpid() > 1, "the faults disturbed neither us nor the server");

	int s;
	errno = 0;
	tap_ok(waitpid(-1, &s, 0) == -1 && errno == ECHILD,
	       "waitpid with no child: ECHILD");
	errno = 0;
	tap_ok(waitpid(12345, &s, 0) == -1 && errno == ECHILD,
	       "waitpid of a stranger: ECHILD");
	errno = 0;
	tap_ok(waitpid(-1, &s, 0x100) == -1 && errno == EINVAL,
	       "waitpid with a bad option: EINVAL");

	pid_t a = child("exit", "7", NULL, NULL);
	pid_t b = child("exit", "8", NULL, NULL);
	int got = 0;
	for (int i = 0; i < 2; i++) {
		pid_t pid = wait(&s);
		if ((pid == a && WEXITSTATUS(s) == 7) ||
		    (pid == b && WEXITSTATUS(s) == 8))
			got++;
	}
	tap_is_int(got, 2, "wait collects two children, each its status");
}

static void
test_spawn_errors(void)
{
	char *argv[] = {"x", NULL};
	pid_t pid;

	tap_is_int(posix_spawn(&pid, "/test/none", NULL, NULL, argv, environ),
		   ENOENT, "spawn a missing file: ENOENT");
	int fd = open("/tmp/garbage", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, "not an elf\n", 11);
	close(fd);
	tap_is_int(posix_spawn(&pid, "/tmp/garbage", NULL, NULL, argv, environ),
		   ENOEXEC, "spawn a file that is not ELF: ENOEXEC");

	/* a truncated and a corrupted copy of a real executable */
	static char image[65536];
	fd = open(CHILD, O_RDONLY);
	ssize_t n = read(fd, image, sizeof(image));
	close(fd);
	tap_ok(n > 1024, "read the helper's first bytes");
	fd = open("/tmp/truncated", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, image, 200);
	close(fd);
	tap_is_int(
	    posix_spawn(&pid, "/tmp/truncated", NULL, NULL, argv, environ),
	    ENOEXEC, "spawn a truncated ELF: ENOEXEC");
	image[0x18] ^= 0xff; /* e_entry far outside the image */
	image[0x1d] ^= 0x7f;
	fd = open("/tmp/badentry", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, image, n);
	close(fd);
	tap_is_int(
	    posix_spawn(&pid, "/tmp/badentry", NULL, NULL, argv, environ),
	    ENOEXEC, "spawn an ELF whose entry is outside it: ENOEXEC");
	fd = open("/tmp/noexec", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	close(fd);
	tap_is_int(posix_spawn(&pid, "/tmp/noexec", NULL, NULL, argv, environ),
		   EACCES, "spawn a file without x: EACCES");
	tap_is_int(posix_spawn(&pid, "/tmp", NULL, NULL, argv, environ), EACCES,
		   "spawn a directory: EACCES");
	tap_ok(getpid() > 1, "the caller lives on");
}

static void
test_cloexec(void)
{
	int keep = open("/tmp", O_RDONLY);
	int drop = open("/tmp", O_RDONLY | O_CLOEXEC);

	int status = run("isopen", num(keep), NULL, NULL);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "a descriptor is inherited");
	status = run("isopen", num(drop), NULL, NULL);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	       "an O_CLOEXEC descriptor is not");
	close(keep);
	close(drop);
}

static void
test_pipes(void)
{
	int p[2], q[2];
	char buf[128];

	tap_is_int(pipe(p), 0, "pipe");
	tap_is_int(write(p[1], "abc", 3), 3, "write to a pipe");
	tap_is_int(read(p[0], buf, sizeof(buf)), 3, "read what was written");
	pid_t pid = child("write", num(p[1]), "from the child", NULL);
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof(buf));
	tap_is_int(n, 14, "the child's bytes");
	tap_is_int(read(p[0], buf, sizeof(buf)), 0,
		   "end of file when the last writer is gone");
	int status;
	waitpid(pid, &status, 0);
	close(p[0]);

	/* the parent's pid, from the child */
	pipe(p);
	pid = child("ppid", num(p[1]), NULL, NULL);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	tap_is_int(atoi(buf), getpid(), "the child's getppid is our pid");
	waitpid(pid, &status, 0);
	close(p[0]);

	/* a reader that waits while we are served */
	pipe(p);
	pipe(q);
	/* the child must not hold the ends whose close it waits for */
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	fcntl(q[0], F_SETFD, FD_CLOEXEC);
	pid = child("echo", num(p[0]), num(q[1]), NULL);
	close(p[0]);
	close(q[1]);
	tap_is_int(waitpid(pid, &status, WNOHANG), 0,
		   "WNOHANG: the child is waiting in read");
	int fd = open("/tmp/served", O_CREAT | O_RDWR, 0644);
	tap_is_int(write(fd, "x", 1), 1,
		   "the server serves us while the child waits");
	close(fd);
	tap_is_int(write(p[1], "ping", 4), 4, "wake the reader");
	n = read(q[0], buf, 4);
	tap_ok(n == 4 && memcmp(buf, "ping", 4) == 0,
	       "the waiting reader got the bytes and echoed them");
	close(p[1]);
	tap_is_int(read(q[0], buf, 4), 0, "its end of file, then ours");
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the echo child saw end of file");
	close(q[0]);

	/* a writer that waits for room */
	pipe(p);
	pid = child("big", num(p[1]), "10000", NULL);
	close(p[1]);
	static char big[10000];
	size_t total = 0;
	int ok = 1;
	while ((n = read(p[0], big + total, sizeof(big) - total)) > 0)
		total += n;
	for (size_t i = 0; i < total; i++)
		ok &= big[i] == 'a' + (char)(i % 26);
	tap_is_int(total, 10000, "10000 bytes through a 4096-byte pipe");
	tap_ok(ok, "in order");
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the writer's write returned all of it");
	close(p[0]);

	/* EPIPE (SIGPIPE ignored: t_unix_signals tests it), O_NONBLOCK */
	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	close(p[0]);
	errno = 0;
	tap_ok(write(p[1], "x", 1) == -1 && errno == EPIPE,
	       "write with no reader: EPIPE");
	close(p[1]);
	pipe2(p, O_NONBLOCK);
	errno = 0;
	tap_ok(read(p[0], buf, 1) == -1 && errno == EAGAIN,
	       "O_NONBLOCK read of an empty pipe: EAGAIN");
	static char full[5000];
	tap_is_int(write(p[1], full, sizeof(full)), 4096,
		   "O_NONBLOCK write: what fits");
	errno = 0;
	tap_ok(write(p[1], "x", 1) == -1 && errno == EAGAIN,
	       "O_NONBLOCK write to a full pipe: EAGAIN");
	errno = 0;
	tap_ok(lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE,
	       "lseek on a pipe: ESPIPE");
	struct stat st;
	tap_ok(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat: a FIFO");
	close(p[0]);
	close(p[1]);
}

/* A raw request to our process port. */
static kern_return_t
raw(mach_msg_id_t id, mach_msg_size_t size, mach_msg_type_name_t reply_type,
    kern_return_t *retcode)
{
	union {
		mach_msg_header_t head;
		mig_reply_error_t reply;
		char bytes[256];
	} m;
	mach_port_t reply = mig_get_reply_port();

	memset(&m, 0, sizeof(m));
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, reply_type);
	m.head.msgh_size = size;
	m.head.msgh_remote_port = bootstrap_port;
	m.head.msgh_local_port = reply;
	m.head.msgh_id = id;
	kern_return_t kr =
	    mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
		     size, sizeof(m), reply, 5000, MACH_PORT_NULL);
	*retcode = kr == MACH_MSG_SUCCESS ? m.reply.RetCode : 0;
	return kr;
}

static void
test_malformed(void)
{
	kern_return_t code;

	tap_is_int(raw(4999, 24, MACH_MSG_TYPE_MAKE_SEND_ONCE, &code),
		   MACH_MSG_SUCCESS, "an unknown id gets a reply");
	tap_is_int(code, MIG_BAD_ID, "... MIG_BAD_ID");
	tap_is_int(raw(5001, 64, MACH_MSG_TYPE_MAKE_SEND_ONCE, &code),
		   MACH_MSG_SUCCESS, "a getpid of the wrong size gets a reply");
	tap_is_int(code, MIG_BAD_ARGUMENTS, "... MIG_BAD_ARGUMENTS");
	tap_is_int(raw(5001, 24, MACH_MSG_TYPE_MAKE_SEND, &code),
		   MACH_MSG_SUCCESS,
		   "a reply port that is a send right gets a reply");
	tap_is_int(code, MIG_BAD_ARGUMENTS, "... MIG_BAD_ARGUMENTS");
	tap_is_int(raw(5022, 28, MACH_MSG_TYPE_MAKE_SEND_ONCE, &code),
		   MACH_MSG_SUCCESS, "a read shorter than its header's fields");
	tap_is_int(code, MIG_BAD_ARGUMENTS, "... MIG_BAD_ARGUMENTS");
	tap_ok(getpid() > 1 && getppid() == 1, "the server lives on");
}

int
main(void)
{
	mkdir("/tmp", 01777);
	test_statuses();
	test_spawn_errors();
	test_cloexec();
	test_pipes();
	test_malformed();
	return tap_done();
}
