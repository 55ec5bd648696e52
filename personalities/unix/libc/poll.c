/*
 * poll and select in a UNIX process, over unix_poll (server/poll.c):
 * the pollfd array goes to the server out of line and comes back with
 * its revents written by the server.  select is poll on the
 * descriptors of its sets.  Neither is restarted after a signal's
 * handler (EINTR), as on other systems.
 */
#include "unix_glue.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>

int
poll(struct pollfd *fds, nfds_t count, int timeout)
{
	int error, ready = -1;

	if (count == 0) { /* a sleep */
		struct timespec t = {timeout / 1000, timeout % 1000 * 1000000};
		return timeout > 0 && nanosleep(&t, NULL) < 0 ? -1 : 0;
	}
	kern_return_t kr = unix_poll(
	    unix_port(), (char *)fds, count * sizeof(*fds), (vm_address_t)fds,
	    timeout < 0 ? -1 : timeout, &error, &ready);
	return unix_result(kr, error, ready);
}

/* The timeout of select in milliseconds (rounded up), -1 for none. */
static int
unix_select_timeout(const struct timeval *tv)
{
	if (tv == NULL)
		return -1;
	long long ms = tv->tv_sec * 1000ll + (tv->tv_usec + 999) / 1000;
	return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

int
select(int n, fd_set *readers, fd_set *writers, fd_set *errors,
       struct timeval *tv)
{
	struct pollfd fds[FD_SETSIZE];
	nfds_t count = 0;

	if (n < 0 || n > FD_SETSIZE ||
	    (tv != NULL &&
	     (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)))
		return unix_fail(EINVAL);
	for (int fd = 0; fd < n; fd++) {
		short events =
		    (readers && FD_ISSET(fd, readers) ? POLLIN : 0) |
		    (writers && FD_ISSET(fd, writers) ? POLLOUT : 0) |
		    (errors && FD_ISSET(fd, errors) ? POLLPRI : 0);
		if (events != 0)
			fds[count++] = (struct pollfd){fd, events, 0};
	}
	int ready = poll(fds, count, unix_select_timeout(tv));
	if (ready < 0)
		return -1;
	int bits = 0;
	for (nfds_t i = 0; i < count; i++)
		if (fds[i].revents & POLLNVAL)
			return unix_fail(EBADF);
	if (readers)
		FD_ZERO(readers);
	if (writers)
		FD_ZERO(writers);
	if (errors)
		FD_ZERO(errors);
	for (nfds_t i = 0; i < count; i++) {
		short r = fds[i].revents, e = fds[i].events;
		if ((e & POLLIN) && (r & (POLLIN | POLLHUP | POLLERR))) {
			FD_SET(fds[i].fd, readers);
			bits++;
		}
		if ((e & POLLOUT) && (r & (POLLOUT | POLLERR))) {
			FD_SET(fds[i].fd, writers);
			bits++;
		}
		if ((e & POLLPRI) && (r & POLLPRI)) {
			FD_SET(fds[i].fd, errors);
			bits++;
		}
	}
	return bits;
}

/*
 * pselect: select under mask.  The mask is set by one call and select
 * made by the next, so a signal it unblocks that comes between the two
 * runs its handler before the wait begins (which then waits on): the
 * window pselect exists to close is narrowed here, not closed; the
 * server has no select with a mask.
 */
int
pselect(int nfds, fd_set *readers, fd_set *writers, fd_set *errors,
	const struct timespec *timeout, const sigset_t *mask)
{
	struct timeval tv, *tvp = NULL;
	sigset_t old;

	if (timeout != NULL) {
		if (timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000)
			return unix_fail(EINVAL);
		tv.tv_sec = timeout->tv_sec;
		tv.tv_usec = (timeout->tv_nsec + 999) / 1000;
		tvp = &tv;
	}
	if (mask != NULL && sigprocmask(SIG_SETMASK, mask, &old) < 0)
		return -1;
	int result = select(nfds, readers, writers, errors, tvp);
	int saved = errno;
	if (mask != NULL)
		sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return result;
}
