/*
 * The two personalities together: a UNIX program runs posix-lite
 * programs through /bin/lite and shares a file and a pipe with them;
 * exit statuses and deaths by signal pass across; a posix-lite program
 * that dies holding io ports leaves none behind in the UNIX server;
 * what the profile leaves out is ENOSYS there.
 */
#include "../os/lib/tap.h"

#include <fcntl.h>
#include <mach/bootstrap_types.h>
#include <mach/notify.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unix/io.h>
#include <unix/unix.h>

#define SHARED "/tmp/t_lite_share"

extern char **environ;

/* Starts `lite /test/lite-l_share ARGS` with stdin and stdout given
 * (-1: ours); its pid, or -1. */
static pid_t
start_lite(char *a1, char *a2, int in, int out)
{
	char *argv[] = {"lite", "/test/lite-l_share", a1, a2, NULL};
	int saved_in = dup(0), saved_out = dup(1);
	pid_t pid;

	if (in >= 0)
		dup2(in, 0);
	if (out >= 0)
		dup2(out, 1);
	int error = posix_spawn(&pid, "/bin/lite", NULL, NULL, argv, environ);
	dup2(saved_in, 0);
	dup2(saved_out, 1);
	close(saved_in);
	close(saved_out);
	return error == 0 ? pid : -1;
}

/* Runs `lite /test/lite-l_share ARGS`; the wait status. */
static int
run_lite(char *a1, char *a2, int in, int out)
{
	pid_t pid = start_lite(a1, a2, in, out);
	int status = -1;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* posix_spawn of /test/lite-l_share itself (no /bin/lite named); the
 * wait status. */
static int
spawn_direct(char *a1, char *a2)
{
	char *argv[] = {"lite-l_share", a1, a2, NULL};
	int status = -1;
	pid_t pid;

	if (posix_spawn(&pid, "/test/lite-l_share", NULL, NULL, argv,
			environ) != 0 ||
	    waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* The UNIX server's io port count, once the notifications of ports
 * that have gone are in (asked again for up to a second). */
static int
io_count_settled(mach_port_t port, int expected)
{
	struct timespec pause = {0, 10 * 1000000};
	int count = -1;

	for (int i = 0; i < 100; i++) {
		if (io_statistics(port, &count) != KERN_SUCCESS)
			return -1;
		if (count == expected)
			break;
		nanosleep(&pause, NULL);
	}
	return count;
}

int
main(void)
{
	char buf[128] = {0};
	int to_lite[2], from_lite[2], error, before = -1;
	mach_port_t port = MACH_PORT_NULL;

	tap_plan(15);
	int fd = open(SHARED, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	write(fd, "unix wrote this\n", 16);
	close(fd);
	pipe(to_lite);
	pipe(from_lite);
	fcntl(to_lite[1], F_SETFD, FD_CLOEXEC);
	fcntl(from_lite[0], F_SETFD, FD_CLOEXEC);
	write(to_lite[1], "0123456789", 10);
	close(to_lite[1]);
	int status = run_lite("share", SHARED, to_lite[0], from_lite[1]);
	close(to_lite[0]);
	close(from_lite[1]);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 5,
	       "the posix-lite program's exit status reaches us");
	size_t got = 0;
	ssize_t n;
	while ((n = read(from_lite[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(from_lite[0]);
	tap_is_str(buf, "from lite\n10 bytes in\n",
		   "a pipe both ways between the personalities");
	memset(buf, 0, sizeof(buf));
	fd = open(SHARED, O_RDONLY);
	read(fd, buf, sizeof(buf) - 1);
	close(fd);
	tap_is_str(buf, "unix wrote this\nlite wrote this\n",
		   "one file, written by both");

	fd = open("/tmp", O_RDONLY);
	tap_ok(unix_io_port(bootstrap_port, fd, &error, &port) ==
		       KERN_SUCCESS &&
		   error == 0,
	       "an io port on a descriptor of ours");
	close(fd);
	tap_is_int(io_statistics(port, &before), KERN_SUCCESS,
		   "the server counts its io ports");
	/* a no-senders notification forged by a holder: not believed */
	mach_no_senders_notification_t forged = {
	    .not_header = {.msgh_bits =
			       MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			   .msgh_size = offsetof(mach_no_senders_notification_t,
						 trailer),
			   .msgh_remote_port = port,
			   .msgh_id = MACH_NOTIFY_NO_SENDERS},
	    .not_count = 1};
	mach_msg(&forged.not_header, MACH_SEND_MSG, forged.not_header.msgh_size,
		 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	struct stat st;
	mach_msg_type_number_t count = sizeof(st);
	tap_ok(io_stat(port, &error, (char *)&st, &count) == KERN_SUCCESS &&
		   error == 0 && S_ISDIR(st.st_mode),
	       "a forged no-senders notification does not close the file");
	status = run_lite("hold", NULL, -1, -1);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	       "a posix-lite program's fault reaches us as SIGSEGV");
	tap_is_int(io_count_settled(port, before), before,
		   "it died holding io ports: none is left");
	status = run_lite("nosys", NULL, -1, -1);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "fork, execve, link, kill(0): ENOSYS under posix-lite");
	status = run_lite("unknown", NULL, -1, -1);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 99,
	       "another exit status passes across");
	status = run_lite("unix", NULL, -1, -1);
	if (!tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "a posix-lite program spawns UNIX programs: statuses, "
		    "a fault, a signal, a pipe"))
		tap_diag("  status %#x", status);
	status = spawn_direct("exit", "7");
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 7,
	       "a posix-lite executable spawned directly runs under "
	       "posix-lite");
	status = spawn_direct("raise", "15");
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	       "and its death by a signal passes across");
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {"lite-l_share", "exit", "8", NULL};
		execve("/test/lite-l_share", argv, environ);
		_exit(127);
	}
	status = -1;
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 8,
	       "execve of one too");

	int fds[2];
	pipe(fds);
	pid = start_lite("interrupt", NULL, -1, fds[1]);
	close(fds[1]);
	memset(buf, 0, sizeof(buf));
	read(fds[0], buf, 5); /* "ready": its handler is in place */
	kill(pid, SIGINT);
	status = -1;
	waitpid(pid, &status, 0);
	read(fds[0], buf + 5, 3);
	close(fds[0]);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 3 &&
		   strcmp(buf, "readyint") == 0,
	       "SIGINT to lite goes on to the posix-lite program");
	unlink(SHARED);
	return tap_done();
}
