/*
 * <sys/uio.h> for the UNIX personality (newlib has none): scatter and
 * gather I/O (personalities/unix/libc/uio.c).  A writev gathers its
 * vectors and makes one write, so a writev of at most PIPE_BUF bytes to
 * a pipe is atomic as a write is; a readv makes one read and scatters
 * its bytes.
 */
#ifndef UNIX_SYS_UIO_H
#define UNIX_SYS_UIO_H

#include <sys/types.h>

#ifndef IOV_MAX
#define IOV_MAX 1024 /* vectors a readv or writev takes (Linux's) */
#endif

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#ifdef __cplusplus
extern "C" {
#endif
ssize_t readv(int fd, const struct iovec *iov, int count);
ssize_t writev(int fd, const struct iovec *iov, int count);
#ifdef __cplusplus
}
#endif

#endif /* UNIX_SYS_UIO_H */
