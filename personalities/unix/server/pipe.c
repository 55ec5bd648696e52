/*
 * Pipes: a ring of UNIX_PIPE_SIZE bytes, its open ends, and the reads
 * and writes waiting on it.
 *
 *	pipe_new
 *	pipe_read	bytes now; end of file when no writer is left; or
 *			the request waits (EAGAIN with O_NONBLOCK)
 *	pipe_write	bytes now; EPIPE when no reader is left; or the
 *			request waits for room (EAGAIN with O_NONBLOCK)
 *	pipe_read_io, pipe_write_io  the same for an io port (io.c)
 *	pipe_close_end	an end's last open file closed: waiters answered
 *	pipe_forget_process  a process ended: its waiting requests dropped
 *			(and its FIFO opens: fifo.c)
 *	pipe_forget_io	an io port closed: its waiting requests dropped
 *	pipe_interrupt_process  a signal's handler is to run: its waiting
 *			requests answered (EINTR, or UNIX_ERESTART)
 *
 * A write answered EPIPE (no reader left) also sends the writer
 * SIGPIPE, posted through signal.c's queue, so after the pipe's state
 * is consistent.
 *
 * A request that waits is a struct pipe_request holding the client's
 * send-once reply right; the routine returns MIG_NO_REPLY and the
 * request is answered (unix_read_reply, unix_write_reply) by the call
 * that satisfies it: a write answers waiting readers, a read lets
 * waiting writers go on, a close answers them all.  Writes of at most
 * UNIX_PIPE_SIZE bytes (PIPE_BUF) are atomic: they wait until all of
 * them fit.  A larger write goes in as room comes and is answered when
 * all of it is in.  Requests are served in the order they came.
 *
 * A request comes from a process (read bytes go into its memory, a
 * late answer is unix_read_reply; or, a short one, they go inline into
 * the reply, a late answer is unix_read_inline_reply) or through an io
 * port (read bytes go into the reply, a late answer is io_read_reply;
 * no SIGPIPE: EPIPE only).  The bytes of a write that waits are the
 * request's: a process's out of line are handed over, inline ones
 * copied.  A waiting io reader whose reply right has died (its client
 * is gone, though others may hold the port) is dropped before it takes
 * any bytes, so none are lost; a process's are dropped when it ends
 * (pipe_forget_process).
 */
#include "io_reply.h"
#include "unix.h"
#include "unix_reply.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct pipe *
pipe_new(void)
{
	return calloc(1, sizeof(struct pipe));
}

static void
pipe_enqueue(struct pipe_request **queue, struct pipe_request *request)
{
	while (*queue != NULL)
		queue = &(*queue)->pr_next;
	request->pr_next = NULL;
	*queue = request;
}

/* Do r's bytes travel inline (an io port's, a process's short call)? */
static int
pipe_inline(const struct pipe_request *r)
{
	return r->pr_process == NULL || r->pr_inline;
}

/* Copies up to r's count of bytes out of the ring to the reader: into
 * pr_out (inline), or into its process at pr_buffer. */
static int
pipe_take(struct pipe *pipe, struct pipe_request *r)
{
	vm_size_t count = r->pr_count;

	r->pr_done = 0;
	if (count > pipe->pi_count)
		count = pipe->pi_count;
	while (r->pr_done < count) {
		size_t chunk = UNIX_PIPE_SIZE - pipe->pi_start;
		if (chunk > count - r->pr_done)
			chunk = count - r->pr_done;
		const char *from = pipe->pi_buffer + pipe->pi_start;
		if (r->pr_out != NULL) {
			memcpy(r->pr_out + r->pr_done, from, chunk);
		} else {
			int error =
			    user_write(r->pr_process, r->pr_buffer + r->pr_done,
				       from, chunk);
			if (error != 0)
				return r->pr_done > 0 ? 0 : error;
		}
		pipe->pi_start = (pipe->pi_start + chunk) % UNIX_PIPE_SIZE;
		pipe->pi_count -= chunk;
		r->pr_done += chunk;
	}
	if (pipe->pi_count == 0)
		pipe->pi_start = 0;
	return 0;
}

/* Copies up to count bytes of data into the ring; returns how many. */
static vm_size_t
pipe_put(struct pipe *pipe, const char *data, vm_size_t count)
{
	vm_size_t room = UNIX_PIPE_SIZE - pipe->pi_count, done = 0;

	if (count > room)
		count = room;
	while (done < count) {
		size_t end = (pipe->pi_start + pipe->pi_count) % UNIX_PIPE_SIZE;
		size_t chunk = UNIX_PIPE_SIZE - end;
		if (chunk > count - done)
			chunk = count - done;
		memcpy(pipe->pi_buffer + end, data + done, chunk);
		pipe->pi_count += chunk;
		done += chunk;
	}
	return done;
}

/*
 * The records of waiting requests are kept for the next (a ping-pong
 * waits at every turn), up to PIPE_SPARE_MAX of them, and hold the bytes
 * of a short call (pr_bytes): no malloc and free for each.
 */
#define PIPE_SPARE_MAX 8
static struct pipe_request *pipe_spare;
static int pipe_spare_count;

/* A record for probe to wait in (its fields copied); NULL: no memory. */
static struct pipe_request *
pipe_request_keep(const struct pipe_request *probe)
{
	struct pipe_request *r = pipe_spare;

	if (r != NULL) {
		pipe_spare = r->pr_next;
		pipe_spare_count--;
	} else if ((r = malloc(sizeof(*r))) == NULL) {
		return NULL;
	}
	memcpy(r, probe, offsetof(struct pipe_request, pr_bytes));
	return r;
}

/* Room for count bytes of r's own: in the record if they fit. */
static char *
pipe_request_room(struct pipe_request *r, vm_size_t count)
{
	return count <= sizeof(r->pr_bytes) ? r->pr_bytes : malloc(count);
}

/* Frees a request and what it holds, but not its reply right. */
static void
pipe_request_free(struct pipe_request *r)
{
	if (!pipe_inline(r))
		user_release(r->pr_data, r->pr_count);
	else if (r->pr_data != r->pr_bytes)
		free(r->pr_data);
	if (r->pr_out != r->pr_bytes)
		free(r->pr_out);
	if (pipe_spare_count < PIPE_SPARE_MAX) {
		r->pr_next = pipe_spare;
		pipe_spare = r;
		pipe_spare_count++;
	} else {
		free(r);
	}
}

static void
pipe_answer_read(struct pipe_request *r, int error)
{
	vm_size_t done = error == 0 ? r->pr_done : 0;
	mach_msg_return_t mr =
	    r->pr_process == NULL
		? io_read_reply(r->pr_reply, r->pr_reply_type, KERN_SUCCESS,
				error, r->pr_out, done)
	    : r->pr_inline
		? unix_read_inline_reply(r->pr_reply, r->pr_reply_type,
					 KERN_SUCCESS, error, r->pr_out, done)
		: unix_read_reply(r->pr_reply, r->pr_reply_type, KERN_SUCCESS,
				  error, r->pr_done);

	if (mr != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), r->pr_reply);
	pipe_request_free(r);
}

/* EPIPE for a write: and SIGPIPE to its writer, if a process. */
static void
pipe_broken(struct process *process)
{
	if (process == NULL)
		return;
	struct signal_info info = {.si_code = SI_KERNEL,
				   .si_pid = process->p_pid,
				   .si_uid = process->p_uid};

	signal_post(process, SIGPIPE, &info);
}

static void
pipe_answer_write(struct pipe_request *r, int error)
{
	if (error == EPIPE)
		pipe_broken(r->pr_process);
	mach_msg_return_t mr =
	    r->pr_process == NULL
		? io_write_reply(r->pr_reply, r->pr_reply_type, KERN_SUCCESS,
				 error, r->pr_done)
	    : r->pr_inline
		? unix_write_inline_reply(r->pr_reply, r->pr_reply_type,
					  KERN_SUCCESS, error, r->pr_done)
		: unix_write_reply(r->pr_reply, r->pr_reply_type, KERN_SUCCESS,
				   error, r->pr_done);

	if (mr != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), r->pr_reply);
	pipe_request_free(r);
}

/* Has the client of r gone (its reply right a dead name)? */
static int
pipe_client_gone(struct pipe_request *r)
{
	mach_port_type_t type;

	return mach_port_type(mach_task_self(), r->pr_reply, &type) ==
		   KERN_SUCCESS &&
	       (type & MACH_PORT_TYPE_DEAD_NAME);
}

/* Can the writer's remaining bytes go in now (atomically if small)? */
static int
pipe_write_fits(struct pipe *pipe, struct pipe_request *w)
{
	vm_size_t left = w->pr_count - w->pr_done;
	vm_size_t room = UNIX_PIPE_SIZE - pipe->pi_count;

	return w->pr_count <= UNIX_PIPE_SIZE ? left <= room : room > 0;
}

/* Serves waiting requests until none can go on. */
static void
pipe_run(struct pipe *pipe)
{
	int progress = 1;

	while (progress) {
		progress = 0;
		struct pipe_request *r = pipe->pi_waiting_readers;
		if (r != NULL &&
		    (pipe->pi_count > 0 || pipe->pi_writers == 0)) {
			pipe->pi_waiting_readers = r->pr_next;
			if (r->pr_process == NULL && pipe_client_gone(r)) {
				mach_port_deallocate(mach_task_self(),
						     r->pr_reply);
				pipe_request_free(r);
			} else {
				pipe_answer_read(r, pipe_take(pipe, r));
			}
			progress = 1;
		}
		struct pipe_request *w = pipe->pi_waiting_writers;
		if (w != NULL && pipe->pi_readers == 0) {
			pipe->pi_waiting_writers = w->pr_next;
			pipe_answer_write(w, w->pr_done > 0 ? 0 : EPIPE);
			progress = 1;
		} else if (w != NULL && pipe_write_fits(pipe, w)) {
			w->pr_done += pipe_put(pipe, w->pr_data + w->pr_done,
					       w->pr_count - w->pr_done);
			if (w->pr_done == w->pr_count) {
				pipe->pi_waiting_writers = w->pr_next;
				pipe_answer_write(w, 0);
			}
			progress = 1;
		}
	}
}

/* A read now into probe's destination, or a copy of probe waiting (an
 * inline reader's with a buffer of its own). */
static int
pipe_read_request(struct file *file, struct pipe_request *probe)
{
	struct pipe *pipe = file->f_pipe;

	if (probe->pr_count == 0)
		return 0;
	if (pipe->pi_waiting_readers == NULL &&
	    (pipe->pi_count > 0 || pipe->pi_writers == 0)) {
		int error = pipe_take(pipe, probe);
		pipe_run(pipe); /* writers waiting for room */
		return error;
	}
	if (file->f_flags & O_NONBLOCK)
		return EAGAIN;
	struct pipe_request *r = pipe_request_keep(probe);
	if (r == NULL)
		return ENOMEM;
	if (pipe_inline(r) &&
	    (r->pr_out = pipe_request_room(r, r->pr_count)) == NULL) {
		pipe_request_free(r);
		return ENOMEM;
	}
	pipe_enqueue(&pipe->pi_waiting_readers, r);
	return MIG_NO_REPLY;
}

int
pipe_read(struct process *process, struct file *file, mach_port_t reply,
	  mach_msg_type_name_t reply_type, vm_address_t buffer, char *out,
	  vm_size_t count, vm_size_t *done)
{
	struct pipe_request probe = {.pr_process = process,
				     .pr_reply = reply,
				     .pr_reply_type = reply_type,
				     .pr_inline = out != NULL,
				     .pr_buffer = buffer,
				     .pr_out = out,
				     .pr_count = count};
	int error = pipe_read_request(file, &probe);

	*done = probe.pr_done;
	return error;
}

int
pipe_read_io(struct io_object *io, struct file *file, mach_port_t reply,
	     mach_msg_type_name_t reply_type, char *out, vm_size_t count,
	     vm_size_t *done)
{
	struct pipe_request probe = {.pr_io = io,
				     .pr_reply = reply,
				     .pr_reply_type = reply_type,
				     .pr_out = out,
				     .pr_count = count};
	int error = pipe_read_request(file, &probe);

	*done = probe.pr_done;
	return error;
}

/*
 * probe's bytes now, or a copy of probe waiting for room.  The request
 * owns its data when it waits: out of line it is handed over, inline
 * (in the message) copied.  Returns MIG_NO_REPLY if it waits (data out
 * of line is then the request's).
 */
static int
pipe_write_request(struct file *file, struct pipe_request *probe)
{
	struct pipe *pipe = file->f_pipe;
	vm_size_t count = probe->pr_count;

	probe->pr_done = 0;
	if (pipe->pi_readers == 0) {
		pipe_broken(probe->pr_process);
		return EPIPE;
	}
	if (count == 0)
		return 0;
	if (pipe->pi_waiting_writers == NULL && pipe_write_fits(pipe, probe)) {
		probe->pr_done = pipe_put(pipe, probe->pr_data, count);
		pipe_run(pipe); /* readers waiting for bytes */
		if (probe->pr_done == count || (file->f_flags & O_NONBLOCK))
			return 0;
	}
	if (file->f_flags & O_NONBLOCK)
		return EAGAIN;
	struct pipe_request *w = pipe_request_keep(probe);
	if (w == NULL)
		return ENOMEM;
	if (pipe_inline(w)) {
		if ((w->pr_data = pipe_request_room(w, count)) == NULL) {
			pipe_request_free(w);
			return ENOMEM;
		}
		memcpy(w->pr_data, probe->pr_data, count);
	}
	pipe_enqueue(&pipe->pi_waiting_writers, w);
	pipe_run(pipe);
	return MIG_NO_REPLY;
}

int
pipe_write(struct process *process, struct file *file, mach_port_t reply,
	   mach_msg_type_name_t reply_type, char *data, int out_of_line,
	   vm_size_t count, vm_size_t *done)
{
	struct pipe_request probe = {.pr_process = process,
				     .pr_reply = reply,
				     .pr_reply_type = reply_type,
				     .pr_inline = !out_of_line,
				     .pr_data = data,
				     .pr_count = count};
	int error = pipe_write_request(file, &probe);

	*done = probe.pr_done;
	if (error != MIG_NO_REPLY && out_of_line)
		user_release(data, count);
	return error;
}

int
pipe_write_io(struct io_object *io, struct file *file, mach_port_t reply,
	      mach_msg_type_name_t reply_type, const char *data,
	      vm_size_t count, vm_size_t *done)
{
	struct pipe_request probe = {.pr_io = io,
				     .pr_reply = reply,
				     .pr_reply_type = reply_type,
				     .pr_data = (char *)data,
				     .pr_count = count};
	int error = pipe_write_request(file, &probe);

	*done = probe.pr_done;
	return error;
}

void
pipe_close_end(struct pipe *pipe, int writer)
{
	if (writer)
		pipe->pi_writers--;
	else
		pipe->pi_readers--;
	pipe_run(pipe);
	if (pipe->pi_readers == 0 && pipe->pi_writers == 0) {
		if (pipe->pi_fifo != NULL)
			pipe->pi_fifo->n_fifo_pipe = NULL;
		free(pipe); /* no request can be left: each had an end */
	}
}

/* Removes the requests of process (or, if NULL, of io) from a queue,
 * dropping their replies. */
static void
pipe_forget_in(struct pipe_request **queue, struct process *process,
	       struct io_object *io)
{
	while (*queue != NULL) {
		struct pipe_request *r = *queue;
		if (r->pr_process != process || r->pr_io != io) {
			queue = &r->pr_next;
			continue;
		}
		*queue = r->pr_next;
		mach_port_deallocate(mach_task_self(), r->pr_reply);
		pipe_request_free(r);
	}
}

void
pipe_forget_process(struct process *process)
{
	fifo_forget_process(process);
	for (int fd = 0; fd < UNIX_FD_MAX; fd++) {
		struct file *file = process->p_files[fd];
		if (file == NULL || file->f_pipe == NULL)
			continue;
		pipe_forget_in(&file->f_pipe->pi_waiting_readers, process,
			       NULL);
		pipe_forget_in(&file->f_pipe->pi_waiting_writers, process,
			       NULL);
	}
}

void
pipe_forget_io(struct pipe *pipe, struct io_object *io)
{
	pipe_forget_in(&pipe->pi_waiting_readers, NULL, io);
	pipe_forget_in(&pipe->pi_waiting_writers, NULL, io);
}

/* Answers process's requests in a queue with error (a write that moved
 * bytes: their count); returns how many were answered. */
static int
pipe_interrupt_in(struct pipe_request **queue, struct process *process,
		  int error, int writers)
{
	int answered = 0;

	while (*queue != NULL) {
		struct pipe_request *r = *queue;
		if (r->pr_process != process) {
			queue = &r->pr_next;
			continue;
		}
		*queue = r->pr_next;
		answered++;
		if (writers)
			pipe_answer_write(r, r->pr_done > 0 ? 0 : error);
		else
			pipe_answer_read(r, error);
	}
	return answered;
}

int
pipe_interrupt_process(struct process *process, int error)
{
	int answered = fifo_interrupt_process(process, error);

	for (int fd = 0; fd < UNIX_FD_MAX; fd++) {
		struct file *file = process->p_files[fd];
		if (file == NULL || file->f_pipe == NULL)
			continue;
		struct pipe *pipe = file->f_pipe;
		answered += pipe_interrupt_in(&pipe->pi_waiting_readers,
					      process, error, 0);
		answered += pipe_interrupt_in(&pipe->pi_waiting_writers,
					      process, error, 1);
		pipe_run(pipe); /* those behind them may go on */
	}
	return answered;
}
