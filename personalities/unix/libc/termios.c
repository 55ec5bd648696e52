/*
 * Terminal calls of a UNIX process: tcgetattr, tcsetattr and ioctl's
 * TCGETS/TCSETS* over unix_tcgetattr/unix_tcsetattr; tcflush (input:
 * TCSAFLUSH with the attributes as they are), cfmakeraw and the speed
 * accessors, which only touch the struct.
 */
#include "unix_glue.h"

#include <errno.h>
#include <stdarg.h>
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
	kern_return_t kr = unix_tcsetattr(
	    unix_port(), fd, action, (char *)termios, sizeof(*termios), &error);

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

int
ioctl(int fd, unsigned long request, ...)
{
	va_list ap;

	va_start(ap, request);
	struct termios *termios = va_arg(ap, struct termios *);
	va_end(ap);
	switch (request) {
	case TCGETS:
		return tcgetattr(fd, termios);
	case TCSETS:
		return tcsetattr(fd, TCSANOW, termios);
	case TCSETSW:
		return tcsetattr(fd, TCSADRAIN, termios);
	case TCSETSF:
		return tcsetattr(fd, TCSAFLUSH, termios);
	default:
		errno = EINVAL;
		return -1;
	}
}

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
