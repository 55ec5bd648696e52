/*
 * Terminal calls of a UNIX process: tcgetattr and tcsetattr over
 * unix_tcgetattr/unix_tcsetattr, tcgetpgrp and tcsetpgrp over
 * unix_tcgetpgrp/unix_tcsetpgrp (ioctl's TCGETS, TCSETS*, TIOCGPGRP and
 * TIOCSPGRP come here: libc/system.c); tcflush (input: TCSAFLUSH with
 * the attributes as they are).  The rest of <termios.h> is in
 * libc/system.c.
 */
#include "unix_glue.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/termios.h>

int
tcgetattr(int fd, struct termios *termios)
{
	int error;
	char bytes[64];
	mach_msg_type_number_t count = sizeof(bytes);
	kern_return_t kr =
	    unix_tcgetattr(unix_port(), fd, &error, bytes, &count);

	if (kr == KERN_SUCCESS && error == 0 && count != sizeof(*termios))
		error = EIO;
	if (unix_result(kr, error, 0) < 0)
		return -1;
	memcpy(termios, bytes, sizeof(*termios));
	return 0;
}

int
tcsetattr(int fd, int action, const struct termios *termios)
{
	int error;
	kern_return_t kr;

	do /* a background process's SIGTTOU: made again once continued */
		kr = unix_tcsetattr(unix_port(), fd, action, (char *)termios,
				    sizeof(*termios), &error);
	while (kr == KERN_SUCCESS && error == UNIX_ERESTART);
	return unix_result(kr, error, 0);
}

pid_t
tcgetpgrp(int fd)
{
	int error, group;
	kern_return_t kr = unix_tcgetpgrp(unix_port(), fd, &error, &group);

	return unix_result(kr, error, 0) < 0 ? -1 : group;
}

int
tcsetpgrp(int fd, pid_t group)
{
	int error;
	kern_return_t kr;

	do /* a background process's SIGTTOU, as tcsetattr's */
		kr = unix_tcsetpgrp(unix_port(), fd, group, &error);
	while (kr == KERN_SUCCESS && error == UNIX_ERESTART);
	return unix_result(kr, error, 0);
}

int
tcflush(int fd, int queue)
{
	struct termios t;

	if (queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH) {
		errno = EINVAL;
		return -1;
	}
	if (tcgetattr(fd, &t) < 0)
		return -1;
	/* Output is never queued; input is dropped by TCSAFLUSH. */
	return queue == TCOFLUSH ? 0 : tcsetattr(fd, TCSAFLUSH, &t);
}
