/*
 * poll: which descriptors are ready, now or when one becomes so.
 *
 *	do_unix_poll		answers at once, or keeps the request in
 *				the process until a descriptor is ready,
 *				its timeout ends or a signal's handler is
 *				to run
 *	poll_recheck		after each request (inline in unix.h over
 *				poll_recheck_waiting): answers the waiting
 *				polls whose descriptors became ready
 *	poll_interrupt_process, poll_forget_process
 *
 * The library's select is built on it.  A pipe's read end is ready
 * (POLLIN) with bytes in it, and with POLLHUP when no writer is left;
 * its write end (POLLOUT) with room for a byte, and POLLERR when no
 * reader is left; files and devices are always ready.  A descriptor
 * that is not open is POLLNVAL; a negative one is skipped.  Rather than
 * hooks in every place that changes a pipe, the waiting polls are
 * looked at again after each request the server handles (a few
 * processes at most wait in poll; each look is a loop over their
 * descriptors).
 */
#include "unix.h"
#include "unix_reply.h"
#include "unix_server.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#define POLL_FDS_MAX 1024 /* entries in one call */

/* The events of file that hold now. */
static short
poll_file_events(struct file *file)
{
	struct pipe *pipe = file->f_pipe;

	if (pipe == NULL)
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
	if ((file->f_flags & O_ACCMODE) == O_RDONLY)
		return (pipe->pi_count > 0 ? POLLIN | POLLRDNORM : 0) |
		       (pipe->pi_writers == 0 ? POLLHUP : 0);
	return (pipe->pi_count < UNIX_PIPE_SIZE ? POLLOUT | POLLWRNORM : 0) |
	       (pipe->pi_readers == 0 ? POLLERR : 0);
}

/* Sets each entry's revents; returns how many have some. */
static int
poll_scan(struct process *p, struct pollfd *fds, size_t count)
{
	int ready = 0;

	for (size_t i = 0; i < count; i++) {
		struct pollfd *f = &fds[i];
		f->revents = 0;
		if (f->fd < 0)
			continue;
		struct file *file = fd_get(p, f->fd);
		if (file == NULL)
			f->revents = POLLNVAL;
		else
			f->revents = poll_file_events(file) &
				     (f->events | POLLHUP | POLLERR);
		ready += f->revents != 0;
	}
	return ready;
}

/* Writes the entries back into the process: 0 or EFAULT. */
static int
poll_write_back(struct process *p, vm_address_t buffer,
		const struct pollfd *fds, size_t count)
{
	return user_write(p, buffer, fds, count * sizeof(*fds));
}

/* How many processes have a poll waiting: none is the common case,
 * where poll_recheck has nothing to look at. */
int poll_waiting;

/* Answers the waiting poll of p (error, or the entries written back)
 * and forgets it. */
static void
poll_answer(struct process *p, int error, int ready)
{
	mach_port_t reply = p->p_poll_reply;

	if (error == 0)
		error = poll_write_back(p, p->p_poll_buffer, p->p_poll_fds,
					p->p_poll_count);
	p->p_poll_reply = MACH_PORT_NULL;
	poll_waiting--;
	timer_cancel(&p->p_poll_timer);
	user_release(p->p_poll_fds, p->p_poll_count * sizeof(struct pollfd));
	p->p_poll_fds = NULL;
	if (unix_poll_reply(reply, p->p_poll_reply_type, KERN_SUCCESS, error,
			    error == 0 ? ready : -1) != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), reply);
}

static void
poll_timed_out(struct timer *t)
{
	struct process *p =
	    (struct process *)((char *)t -
			       offsetof(struct process, p_poll_timer));

	if (MACH_PORT_VALID(p->p_poll_reply)) {
		poll_scan(p, p->p_poll_fds, p->p_poll_count);
		poll_answer(p, 0, 0);
	}
}

void
poll_init_process(struct process *p)
{
	p->p_poll_reply = MACH_PORT_NULL;
	p->p_poll_timer.t_fire = poll_timed_out;
}

void
poll_recheck_waiting(void)
{
	for (struct process *p = proc_first(); p != NULL; p = p->p_next) {
		if (!MACH_PORT_VALID(p->p_poll_reply))
			continue;
		int ready = poll_scan(p, p->p_poll_fds, p->p_poll_count);
		if (ready > 0)
			poll_answer(p, 0, ready);
	}
}

void
poll_interrupt_process(struct process *p)
{
	if (MACH_PORT_VALID(p->p_poll_reply))
		poll_answer(p, EINTR, 0);
}

void
poll_forget_process(struct process *p)
{
	timer_cancel(&p->p_poll_timer);
	if (!MACH_PORT_VALID(p->p_poll_reply))
		return;
	mach_port_deallocate(mach_task_self(), p->p_poll_reply);
	p->p_poll_reply = MACH_PORT_NULL;
	poll_waiting--;
	user_release(p->p_poll_fds, p->p_poll_count * sizeof(struct pollfd));
	p->p_poll_fds = NULL;
}

kern_return_t
do_unix_poll(mach_port_t port, mach_port_t reply,
	     mach_msg_type_name_t replyPoly, char *data,
	     mach_msg_type_number_t dataCnt, vm_address_t buffer, int timeout,
	     int *error, int *ready)
{
	struct process *p = proc_lookup(port);
	struct pollfd *fds = (struct pollfd *)data;
	size_t count = dataCnt / sizeof(*fds);

	*ready = -1;
	*error = 0;
	if (p == NULL || MACH_PORT_VALID(p->p_poll_reply))
		*error = p == NULL ? ESRCH : EBUSY; /* one thread a process */
	else if (dataCnt % sizeof(*fds) != 0 || count > POLL_FDS_MAX)
		*error = EINVAL;
	if (*error != 0) {
		user_release(data, dataCnt);
		return KERN_SUCCESS;
	}
	int now = count == 0 ? 0 : poll_scan(p, fds, count);
	if (now > 0 || timeout == 0) {
		*error = poll_write_back(p, buffer, fds, count);
		*ready = *error == 0 ? now : -1;
		user_release(data, dataCnt);
		return KERN_SUCCESS;
	}
	p->p_poll_reply = reply;
	poll_waiting++;
	p->p_poll_reply_type = replyPoly;
	p->p_poll_fds = fds; /* ours until answered */
	p->p_poll_count = count;
	p->p_poll_buffer = buffer;
	if (timeout > 0)
		timer_arm(&p->p_poll_timer,
			  clock_now() + (int64_t)timeout * 1000000);
	return MIG_NO_REPLY;
}
