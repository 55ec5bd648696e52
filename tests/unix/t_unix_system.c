/*
 * The small calls of the UNIX personality: uname, gethostname,
 * sysconf, getrlimit/setrlimit, the user and group databases
 * (/etc/passwd, /etc/group), ioctl and the termios functions on
 * descriptors that are not terminals, and poll and select over pipes
 * and files (ready now, waiting until ready, timeouts, EINTR, the
 * errnos).
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CHILD "/test/h_child"

extern char **environ;

static volatile int usr1;

/* Recurses depth frames of 1 KiB each (touched, so that the pages are
 * made); returns the depth reached. */
static int
deep_stack(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	frame[sizeof(frame) - 1] = 0;
	if (depth == 0)
		return 0;
	return 1 + deep_stack(depth - 1) + frame[sizeof(frame) - 1];
}

static pid_t
child(const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {"h_child", (char *)a1, (char *)a2, (char *)a3, NULL};
	pid_t pid;

	if (posix_spawn(&pid, CHILD, NULL, NULL, argv, environ) != 0)
		return -1;
	return pid;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

static void
on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void
test_system(void)
{
	struct utsname u;
	char host[64];
	struct rlimit limit;

	tap_is_int(uname(&u), 0, "uname");
	tap_ok(strcmp(u.sysname, "MachUNIX") == 0 &&
		   strcmp(u.machine, "x86_64") == 0 && u.release[0] != '\0',
	       "uname: sysname, machine, release");
	tap_ok(gethostname(host, sizeof(host)) == 0 &&
		   strcmp(host, u.nodename) == 0,
	       "gethostname is uname's nodename");
	tap_ok(sysconf(_SC_PAGESIZE) == 4096 && getpagesize() == 4096,
	       "sysconf: the page size");
	tap_ok(sysconf(_SC_OPEN_MAX) == 64 && sysconf(_SC_CHILD_MAX) == 64 &&
		   sysconf(_SC_CLK_TCK) == CLK_TCK &&
		   sysconf(_SC_ARG_MAX) == 65536,
	       "sysconf: descriptors, processes, ticks, arguments");
	errno = 0;
	tap_ok(sysconf(9999) == -1 && errno == EINVAL,
	       "sysconf: EINVAL for an unknown name");

	tap_ok(getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur == 64 &&
		   limit.rlim_max == 64,
	       "getrlimit: 64 descriptors");
	tap_ok(getrlimit(RLIMIT_CORE, &limit) == 0 && limit.rlim_max == 0,
	       "getrlimit: no core files");
	tap_ok(getrlimit(RLIMIT_STACK, &limit) == 0 &&
		   limit.rlim_cur == 8 * 1024 * 1024,
	       "getrlimit: an 8 MiB stack");
	tap_is_int(deep_stack(6 * 1024), 6 * 1024,
		   "6 MiB of the stack in use: a recursion 6,144 frames of "
		   "1 KiB deep");
	limit.rlim_cur = 32;
	limit.rlim_max = 64;
	tap_is_int(setrlimit(RLIMIT_NOFILE, &limit), 0, "setrlimit lowers");
	getrlimit(RLIMIT_NOFILE, &limit);
	tap_is_int(limit.rlim_cur, 32, "getrlimit sees it");
	limit.rlim_cur = 100;
	errno = 0;
	tap_ok(setrlimit(RLIMIT_NOFILE, &limit) == -1 && errno == EINVAL,
	       "setrlimit: EINVAL for a soft limit above the hard one");
	errno = 0;
	tap_ok(getrlimit(99, &limit) == -1 && errno == EINVAL,
	       "getrlimit: EINVAL for an unknown resource");
}

static void
test_users(void)
{
	struct passwd *pw = getpwnam("root"), record, *result;
	char buffer[256];

	tap_ok(pw != NULL && pw->pw_uid == 0 && pw->pw_gid == 0 &&
		   strcmp(pw->pw_dir, "/") == 0 &&
		   strcmp(pw->pw_shell, "/bin/sh") == 0,
	       "getpwnam root");
	pw = getpwuid(1000);
	tap_ok(pw != NULL && strcmp(pw->pw_name, "user") == 0 &&
		   strcmp(pw->pw_gecos, "A user") == 0,
	       "getpwuid 1000");
	tap_ok(getpwnam("nosuch") == NULL && getpwuid(4242) == NULL,
	       "no such user: NULL");
	tap_ok(getpwuid_r(65534, &record, buffer, sizeof(buffer), &result) ==
		       0 &&
		   result == &record && strcmp(record.pw_name, "nobody") == 0,
	       "getpwuid_r");
	int n = 0;
	setpwent();
	while (getpwent() != NULL)
		n++;
	endpwent();
	tap_is_int(n, 4, "getpwent: the four users");
	struct group *g = getgrnam("users");
	tap_ok(g != NULL && g->gr_gid == 100 && g->gr_mem[0] != NULL &&
		   strcmp(g->gr_mem[0], "user") == 0 && g->gr_mem[1] != NULL &&
		   strcmp(g->gr_mem[1], "daemon") == 0 && g->gr_mem[2] == NULL,
	       "getgrnam: the group and its members");
	g = getgrgid(0);
	tap_ok(g != NULL && strcmp(g->gr_name, "root") == 0 &&
		   g->gr_mem[0] == NULL,
	       "getgrgid 0");
	tap_ok(getgrnam("nosuch") == NULL, "no such group: NULL");
	char *login = getlogin();
	tap_ok(login != NULL && strcmp(login, "root") == 0,
	       "getlogin: our user's name");
}

static void
test_ioctl(void)
{
	int fds[2], on = 1;
	char byte;
	struct termios t;
	struct winsize w;

	pipe(fds);
	tap_is_int(ioctl(fds[0], FIONBIO, &on), 0, "ioctl FIONBIO");
	errno = 0;
	tap_ok(read(fds[0], &byte, 1) == -1 && errno == EAGAIN,
	       "the pipe does not block");
	errno = 0;
	tap_ok(ioctl(fds[0], TIOCGWINSZ, &w) == -1 && errno == ENOTTY,
	       "TIOCGWINSZ on a pipe: ENOTTY");
	errno = 0;
	tap_ok(tcgetattr(fds[0], &t) == -1 && errno == ENOTTY,
	       "tcgetattr on a pipe: ENOTTY");
	errno = 0;
	tap_ok(ioctl(99, FIONBIO, &on) == -1 && errno == EBADF,
	       "ioctl on a closed descriptor: EBADF");
	memset(&t, 0xff, sizeof(t));
	cfmakeraw(&t);
	cfsetospeed(&t, B9600);
	tap_ok(!(t.c_lflag & (ICANON | ECHO | ISIG)) &&
		   (t.c_cflag & CSIZE) == CS8 && t.c_cc[VMIN] == 1 &&
		   cfgetospeed(&t) == B9600,
	       "cfmakeraw and the speeds");
	close(fds[0]);
	close(fds[1]);
}

static void
test_poll(void)
{
	int fds[2];
	char fd_text[16];
	struct pollfd p[3];

	pipe(fds);
	p[0] = (struct pollfd){fds[0], POLLIN, -1};
	p[1] = (struct pollfd){fds[1], POLLOUT, -1};
	p[2] = (struct pollfd){-1, POLLIN, -1};
	tap_is_int(poll(p, 3, 0), 1, "poll: only the write end is ready");
	tap_ok(p[0].revents == 0 && p[1].revents == POLLOUT &&
		   p[2].revents == 0,
	       "revents written back");
	write(fds[1], "x", 1);
	tap_ok(poll(p, 1, 0) == 1 && p[0].revents == POLLIN,
	       "bytes in the pipe: POLLIN");
	char byte;
	read(fds[0], &byte, 1);

	long long start = now_ms();
	tap_is_int(poll(p, 1, 50), 0, "an empty pipe: the timeout");
	tap_ok(now_ms() - start >= 50, "after at least 50 ms");

	/* a child writes after a while: poll waits for it */
	snprintf(fd_text, sizeof(fd_text), "%d", fds[1]);
	pid_t pid = child("signal", "0", fd_text);
	tap_ok(poll(p, 1, -1) == 1 && p[0].revents == POLLIN,
	       "poll waits until a writer writes");
	waitpid(pid, NULL, 0);
	read(fds[0], &byte, 1);

	signal(SIGUSR1, on_usr1);
	pid = child("signal", "25", "-1");
	errno = 0;
	tap_ok(poll(p, 1, -1) == -1 && errno == EINTR && usr1 == 1,
	       "a handler interrupts poll: EINTR");
	waitpid(pid, NULL, 0);

	close(fds[1]);
	tap_ok(poll(p, 1, 0) == 1 && (p[0].revents & POLLHUP),
	       "no writer left: POLLHUP");
	p[1].fd = fds[1];
	tap_ok(poll(&p[1], 1, 0) == 1 && p[1].revents == POLLNVAL,
	       "a closed descriptor: POLLNVAL");
	pipe(fds);
	close(fds[0]);
	p[1].fd = fds[1];
	tap_ok(poll(&p[1], 1, 0) == 1 && (p[1].revents & POLLERR),
	       "no reader left: POLLERR");
	close(fds[1]);
	int file = open("/etc/motd", O_RDONLY);
	p[0] = (struct pollfd){file, POLLIN | POLLOUT, 0};
	tap_ok(poll(p, 1, -1) == 1 && p[0].revents == (POLLIN | POLLOUT),
	       "a file is always ready");
	errno = 0;
	tap_ok(poll((struct pollfd *)8, 1, 0) == -1 && errno == EFAULT,
	       "poll: EFAULT for a bad array");
	close(file);
}

static void
test_select(void)
{
	int fds[2];
	fd_set readers, writers;
	struct timeval tv = {0, 0};

	pipe(fds);
	FD_ZERO(&readers);
	FD_SET(fds[0], &readers);
	FD_ZERO(&writers);
	FD_SET(fds[1], &writers);
	tap_is_int(select(fds[1] + 1, &readers, &writers, NULL, &tv), 1,
		   "select: one ready");
	tap_ok(!FD_ISSET(fds[0], &readers) && FD_ISSET(fds[1], &writers),
	       "the write end");
	write(fds[1], "x", 1);
	FD_SET(fds[0], &readers);
	tap_ok(select(fds[0] + 1, &readers, NULL, NULL, NULL) == 1 &&
		   FD_ISSET(fds[0], &readers),
	       "select: the read end after a write");
	char byte;
	read(fds[0], &byte, 1);
	tv.tv_usec = 30000;
	long long start = now_ms();
	FD_SET(fds[0], &readers);
	tap_is_int(select(fds[0] + 1, &readers, NULL, NULL, &tv), 0,
		   "select: the timeout");
	tap_ok(now_ms() - start >= 30, "after at least 30 ms");
	close(fds[1]);
	FD_ZERO(&writers);
	FD_SET(fds[1], &writers);
	errno = 0;
	tap_ok(select(fds[1] + 1, NULL, &writers, NULL, NULL) == -1 &&
		   errno == EBADF,
	       "select: EBADF for a closed descriptor");
	close(fds[0]);
}

int
main(void)
{
	test_system();
	test_users();
	test_ioctl();
	test_poll();
	test_select();
	return tap_done();
}
