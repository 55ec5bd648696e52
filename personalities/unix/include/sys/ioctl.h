/*
 * <sys/ioctl.h> for the UNIX personality (newlib has none): ioctl and
 * the requests POSIX programs use.  ioctl (libc/system.c) does FIONBIO
 * (through fcntl); the terminal requests answer ENOTTY until the
 * console's line discipline exists (separate work).
 */
#ifndef UNIX_SYS_IOCTL_H
#define UNIX_SYS_IOCTL_H

#ifdef __cplusplus
extern "C" {
#endif

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

/* Linux's numbers, which programs sometimes print or compare. */
#define TCGETS	   0x5401
#define TCSETS	   0x5402
#define TCSETSW	   0x5403
#define TCSETSF	   0x5404
#define TIOCSCTTY  0x540e
#define TIOCGPGRP  0x540f
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541b
#define TIOCNOTTY  0x5422
#define FIONBIO	   0x5421
#define FIOCLEX	   0x5451
#define FIONCLEX   0x5450

int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif /* UNIX_SYS_IOCTL_H */
