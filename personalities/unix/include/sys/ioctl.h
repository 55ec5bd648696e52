/*
 * ioctl for the UNIX personality: the terminal requests of
 * <sys/termios.h> (TCGETS, TCSETS, TCSETSW, TCSETSF) on the console;
 * anything else is ENOTTY or EINVAL.
 */
#ifndef _SYS_IOCTL_H_
#define _SYS_IOCTL_H_

#include <sys/termios.h>

int ioctl(int fd, unsigned long request, ...);

#endif /* _SYS_IOCTL_H_ */
