/*
 * <poll.h> for the UNIX personality (newlib has none): poll over
 * descriptors of files and pipes, answered by the server
 * (server/poll.c), which the library's select uses too.
 */
#ifndef UNIX_POLL_H
#define UNIX_POLL_H

#ifdef __cplusplus
extern "C" {
#endif

#define POLLIN	   0x0001 /* bytes to read (or end of file) */
#define POLLPRI	   0x0002
#define POLLOUT	   0x0004 /* room to write */
#define POLLERR	   0x0008 /* a pipe without a reader */
#define POLLHUP	   0x0010 /* a pipe without a writer */
#define POLLNVAL   0x0020 /* not an open descriptor */
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200

typedef unsigned int nfds_t;

struct pollfd {
	int fd;
	short events;
	short revents;
};

int poll(struct pollfd *fds, nfds_t count, int timeout);

#ifdef __cplusplus
}
#endif

#endif /* UNIX_POLL_H */
