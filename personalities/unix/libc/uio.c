/*
 * readv and writev (<sys/uio.h>) over one read or one write: writev
 * gathers the vectors into one buffer first, so that it is a single
 * write (atomic to a pipe up to PIPE_BUF bytes, as POSIX asks, and one
 * request to the server); readv reads into one buffer and scatters what
 * the read returned.  The program's vectors are copied with unix_copy,
 * so a bad pointer is EFAULT, as for read and write.
 */
#include "unix_glue.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* Buffers up to this size are on the stack. */
#define UIO_STACK 1024
/* The largest total (ssize_t's; newlib's <limits.h> has no SSIZE_MAX). */
#define UIO_TOTAL_MAX ((size_t)INT64_MAX)

/* The total of count vectors, or -1 with errno: EINVAL for a count out
 * of [0, IOV_MAX] or a total over UIO_TOTAL_MAX. */
static ssize_t
uio_total(const struct iovec *iov, int count)
{
	size_t total = 0;

	if (count < 0 || count > IOV_MAX)
		return unix_fail(EINVAL);
	for (int i = 0; i < count; i++) {
		if (iov[i].iov_len > UIO_TOTAL_MAX - total)
			return unix_fail(EINVAL);
		total += iov[i].iov_len;
	}
	return (ssize_t)total;
}

/* A buffer for the count vectors' total (*total): small (UIO_STACK
 * bytes) when it fits, else one allocated; NULL with errno (uio_total's,
 * ENOMEM). */
static char *
uio_buffer(const struct iovec *iov, int count, char *small, ssize_t *total)
{
	*total = uio_total(iov, count);
	if (*total < 0)
		return NULL;
	char *buffer = *total <= UIO_STACK ? small : malloc(*total);
	if (buffer == NULL)
		unix_fail(ENOMEM);
	return buffer;
}

/* Copies with unix_copy (EFAULT) when the server knows it; else plain. */
static int
uio_copy(void *to, const void *from, size_t count)
{
	if (!unix_copy_ready()) {
		memcpy(to, from, count);
		return 0;
	}
	return unix_copy(to, from, count) == 0 ? 0 : unix_fail(EFAULT);
}

ssize_t
writev(int fd, const struct iovec *iov, int count)
{
	char small[UIO_STACK];
	ssize_t total;
	char *buffer = uio_buffer(iov, count, small, &total);

	if (buffer == NULL)
		return -1;
	ssize_t result = 0;
	size_t used = 0;
	for (int i = 0; i < count && result == 0; i++) {
		result =
		    uio_copy(buffer + used, iov[i].iov_base, iov[i].iov_len);
		used += iov[i].iov_len;
	}
	if (result == 0)
		result = write(fd, buffer, used);
	if (buffer != small)
		free(buffer);
	return result;
}

ssize_t
readv(int fd, const struct iovec *iov, int count)
{
	char small[UIO_STACK];
	ssize_t total;
	char *buffer = uio_buffer(iov, count, small, &total);

	if (buffer == NULL)
		return -1;
	ssize_t result = read(fd, buffer, total);
	size_t done = 0;
	for (int i = 0; i < count && result > 0 && done < (size_t)result; i++) {
		size_t piece = iov[i].iov_len;
		if (piece > (size_t)result - done)
			piece = (size_t)result - done;
		if (uio_copy(iov[i].iov_base, buffer + done, piece) != 0) {
			result = -1;
			break;
		}
		done += piece;
	}
	if (buffer != small)
		free(buffer);
	return result;
}
