/*
 * The small system calls and facts of a UNIX process that newlib lacks:
 * uname, gethostname, sysconf, getpagesize, getrlimit, setrlimit, ioctl,
 * and the termios functions but tcgetattr, tcsetattr, tcflush, tcgetpgrp
 * and tcsetpgrp (libc/termios.c, on the console's terminal).
 *
 * Limits: the values are this system's fixed ones (64 descriptors and
 * 64 processes, which the server enforces; a 256 KiB stack; no core
 * files).  setrlimit checks a change as POSIX says (a soft limit above
 * the hard one is EINVAL, raising a hard limit is EPERM but for root)
 * and keeps it for getrlimit; the server enforces only its own fixed
 * limits.
 *
 * Terminals: ioctl does FIONBIO, FIOCLEX and FIONCLEX (through fcntl),
 * TCGETS and TCSETS* (tcgetattr, tcsetattr), TIOCGPGRP and TIOCSPGRP
 * (tcgetpgrp, tcsetpgrp: libc/termios.c), TIOCSCTTY and TIOCNOTTY
 * (unix_tty_control); the other terminal requests (TIOCGWINSZ, ...)
 * answer ENOTTY for a descriptor that is not a terminal and ENOSYS for
 * the console.
 */
#include "unix_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define UNIX_HOSTNAME	 "localhost"
#define UNIX_PROCESS_MAX 64 /* server/unix.h */
#define UNIX_FD_MAX	 64 /* server/unix.h */

int
uname(struct utsname *name)
{
	if (name == NULL)
		return unix_fail(EFAULT);
	memset(name, 0, sizeof(*name));
	strcpy(name->sysname, "MachUNIX");
	strcpy(name->nodename, UNIX_HOSTNAME);
	strcpy(name->release, "0.1");
	strcpy(name->version, "the UNIX single server over a Mach kernel");
	strcpy(name->machine, "x86_64");
	return 0;
}

int
gethostname(char *name, size_t size)
{
	if (size < sizeof(UNIX_HOSTNAME))
		return unix_fail(ENAMETOOLONG);
	memcpy(name, UNIX_HOSTNAME, sizeof(UNIX_HOSTNAME));
	return 0;
}

long
sysconf(int name)
{
	switch (name) {
	case _SC_ARG_MAX:
		return UNIX_ARGS_MAX;
	case _SC_CHILD_MAX:
		return UNIX_PROCESS_MAX;
	case _SC_CLK_TCK:
		return CLK_TCK; /* newlib's: CLOCKS_PER_SEC */
	case _SC_NGROUPS_MAX:
		return 0; /* no supplementary groups */
	case _SC_OPEN_MAX:
		return UNIX_FD_MAX;
	case _SC_JOB_CONTROL:
		return 1;
	case _SC_SAVED_IDS:
		return -1; /* no saved set-ids: not an error */
	case _SC_VERSION:
		return 200809L;
	case _SC_PAGESIZE:
		return UNIX_PAGE;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1;
	case _SC_STREAM_MAX:
		return UNIX_FD_MAX;
	default:
		return unix_fail(EINVAL);
	}
}

int
getpagesize(void)
{
	return UNIX_PAGE;
}

/* The limits of this process, as setrlimit left them. */
static struct rlimit unix_limits[RLIM_NLIMITS] = {
    [RLIMIT_CPU] = {RLIM_INFINITY, RLIM_INFINITY},
    [RLIMIT_FSIZE] = {RLIM_INFINITY, RLIM_INFINITY},
    [RLIMIT_DATA] = {RLIM_INFINITY, RLIM_INFINITY},
    [RLIMIT_STACK] = {UNIX_STACK_SIZE, UNIX_STACK_SIZE},
    [RLIMIT_CORE] = {0, 0},
    [RLIMIT_RSS] = {RLIM_INFINITY, RLIM_INFINITY},
    [RLIMIT_NPROC] = {UNIX_PROCESS_MAX, UNIX_PROCESS_MAX},
    [RLIMIT_NOFILE] = {UNIX_FD_MAX, UNIX_FD_MAX},
    [8] = {RLIM_INFINITY, RLIM_INFINITY},
    [RLIMIT_AS] = {RLIM_INFINITY, RLIM_INFINITY},
};

int
getrlimit(int resource, struct rlimit *limit)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return unix_fail(EINVAL);
	*limit = unix_limits[resource];
	return 0;
}

int
setrlimit(int resource, const struct rlimit *limit)
{
	if (resource < 0 || resource >= RLIM_NLIMITS ||
	    limit->rlim_cur > limit->rlim_max)
		return unix_fail(EINVAL);
	if (limit->rlim_max > unix_limits[resource].rlim_max && geteuid() != 0)
		return unix_fail(EPERM);
	unix_limits[resource] = *limit;
	return 0;
}

/* A request for the terminal: ENOTTY, or ENOSYS for a terminal. */
static int
unix_terminal_request(int fd)
{
	if (isatty(fd))
		return unix_fail(ENOSYS); /* no foreground group yet */
	return errno == EBADF ? -1 : unix_fail(ENOTTY);
}

int
ioctl(int fd, unsigned long request, ...)
{
	va_list args;
	va_start(args, request);
	void *argument = va_arg(args, void *);
	va_end(args);

	switch (request) {
	case FIONBIO: {
		int flags = fcntl(fd, F_GETFL);
		if (flags < 0)
			return -1;
		if (*(int *)argument)
			flags |= O_NONBLOCK;
		else
			flags &= ~O_NONBLOCK;
		return fcntl(fd, F_SETFL, flags) < 0 ? -1 : 0;
	}
	case FIOCLEX:
		return fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? -1 : 0;
	case FIONCLEX:
		return fcntl(fd, F_SETFD, 0) < 0 ? -1 : 0;
	case TCGETS:
		return tcgetattr(fd, argument);
	case TCSETS:
		return tcsetattr(fd, TCSANOW, argument);
	case TCSETSW:
		return tcsetattr(fd, TCSADRAIN, argument);
	case TCSETSF:
		return tcsetattr(fd, TCSAFLUSH, argument);
	case TIOCGPGRP:
		return (*(pid_t *)argument = tcgetpgrp(fd)) < 0 ? -1 : 0;
	case TIOCSPGRP:
		return tcsetpgrp(fd, *(pid_t *)argument);
	case TIOCSCTTY:
	case TIOCNOTTY: {
		int error;
		kern_return_t kr =
		    unix_tty_control(unix_port(), fd, (int)request, &error);
		return unix_result(kr, error, 0);
	}
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return unix_terminal_request(fd);
	default:
		if (fcntl(fd, F_GETFD) < 0)
			return -1; /* EBADF */
		return unix_fail(EINVAL);
	}
}

pid_t
tcgetsid(int fd)
{
	return unix_terminal_request(fd);
}

int
tcdrain(int fd)
{
	return isatty(fd) ? 0 : unix_terminal_request(fd);
}

int
tcflow(int fd, int action)
{
	(void)action;
	return unix_terminal_request(fd);
}

int
tcsendbreak(int fd, int duration)
{
	(void)duration;
	return unix_terminal_request(fd);
}

speed_t
cfgetispeed(const struct termios *t)
{
	return t->c_ispeed;
}

speed_t
cfgetospeed(const struct termios *t)
{
	return t->c_ospeed;
}

int
cfsetispeed(struct termios *t, speed_t speed)
{
	t->c_ispeed = speed;
	return 0;
}

int
cfsetospeed(struct termios *t, speed_t speed)
{
	t->c_ospeed = speed;
	return 0;
}

int
cfsetspeed(struct termios *t, speed_t speed)
{
	t->c_ispeed = t->c_ospeed = speed;
	return 0;
}

/* The raw mode of the BSDs and Linux: no input or output processing,
 * no echo, no signals, bytes one at a time. */
void
cfmakeraw(struct termios *t)
{
	t->c_iflag &=
	    ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}
