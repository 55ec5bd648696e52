/*
 * Terminal attributes for the UNIX personality (newlib's <termios.h>
 * includes this; newlib has none for this target).  The layout and the
 * values are Linux's, which programs and their authors know; the server's
 * console TTY (server/tty.c, docs/unix-server.md) honours the flags
 * marked below and keeps the others as set.
 */
#ifndef _SYS_TERMIOS_H_
#define _SYS_TERMIOS_H_

#include <sys/types.h>

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS 32

struct termios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_line;
	cc_t c_cc[NCCS];
	speed_t c_ispeed;
	speed_t c_ospeed;
};

/* c_cc indexes (honoured: VINTR, VQUIT, VERASE, VKILL, VEOF, VMIN,
 * VSUSP, VWERASE; VTIME is kept but has no effect yet). */
#define VINTR	 0
#define VQUIT	 1
#define VERASE	 2
#define VKILL	 3
#define VEOF	 4
#define VTIME	 5
#define VMIN	 6
#define VSTART	 8
#define VSTOP	 9
#define VSUSP	 10
#define VEOL	 11
#define VREPRINT 12
#define VWERASE	 14
#define VLNEXT	 15

/* c_iflag (honoured: ICRNL, INLCR, IGNCR, ISTRIP) */
#define IGNBRK	0000001
#define BRKINT	0000002
#define IGNPAR	0000004
#define PARMRK	0000010
#define INPCK	0000020
#define ISTRIP	0000040
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IXON	0002000
#define IXANY	0004000
#define IXOFF	0010000
#define IMAXBEL 0020000
#define IUTF8	0040000

/* c_oflag (the kernel's console turns \n into \r\n whatever is set) */
#define OPOST 0000001
#define ONLCR 0000004

/* c_cflag */
#define CSIZE	0000060
#define CS8	0000060
#define CSTOPB	0000100
#define CREAD	0000200
#define PARENB	0000400
#define HUPCL	0002000
#define CLOCAL	0004000
#define B0	0000000
#define B9600	0000015
#define B38400	0000017
#define B115200 0010002

/* c_lflag (honoured: ISIG, ICANON, ECHO, ECHOE, ECHOK, ECHONL, ECHOCTL,
 * NOFLSH) */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL 0001000
#define ECHOKE	0004000
#define IEXTEN	0100000

/* tcsetattr's actions */
#define TCSANOW	  0
#define TCSADRAIN 1
#define TCSAFLUSH 2

/* tcflush's queues */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* ioctl requests on a terminal (<sys/ioctl.h>) */
#define TCGETS	0x5401
#define TCSETS	0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404

int tcgetattr(int fd, struct termios *termios);
int tcsetattr(int fd, int action, const struct termios *termios);
int tcflush(int fd, int queue);
void cfmakeraw(struct termios *termios);
speed_t cfgetispeed(const struct termios *termios);
speed_t cfgetospeed(const struct termios *termios);
int cfsetispeed(struct termios *termios, speed_t speed);
int cfsetospeed(struct termios *termios, speed_t speed);

#endif /* _SYS_TERMIOS_H_ */
