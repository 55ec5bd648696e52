/*
 * FIFOs: a node of the file system (S_IFIFO, made by mkfifo) whose
 * opens meet over one of the server's pipes (pipe.c).
 *
 *	fifo_open	an open file of the FIFO, counted as a reader, a
 *			writer or both; or FIFO_WAIT, or ENXIO
 *	fifo_wait	keeps an open that waits for the other end
 *	fifo_forget_process, fifo_interrupt_process
 *			a process ended, or a signal's handler is to run
 *			(pipe.c calls them with its own)
 *
 * As POSIX has it: a read-only open waits until the FIFO has a writer,
 * a write-only open until it has a reader; with O_NONBLOCK the reader
 * goes on at once and the writer fails with ENXIO when there is no
 * reader; a read-write open (undefined by POSIX, Linux's way) never
 * waits.  A waiting open already counts as its end, so the open it
 * waits for finds it and goes on, and answers it (fifo_wake).  The pipe
 * lives while any end is open (n_fifo_pipe; pi_fifo back to the node,
 * which pipe_close_end clears when it frees the pipe): bytes left in
 * it when the last end closes are gone, as on other systems.
 *
 * A waiting open holds its struct file, not yet a descriptor; the
 * descriptor is installed when the open is answered (EMFILE then).  A
 * signal answers it with EINTR, or UNIX_ERESTART (the library opens
 * again) for a handler with SA_RESTART, and the file is closed.
 */
#include "unix.h"
#include "unix_reply.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_port.h>
#include <stdlib.h>

/* An open that waits. */
struct fifo_open {
	struct fifo_open *fo_next;
	struct process *fo_process;
	struct file *fo_file; /* held: the open's */
	int fo_cloexec;
	int fo_inline; /* unix_open_inline's: its reply is another */
	mach_port_t fo_reply;
	mach_msg_type_name_t fo_reply_type;
};

static struct fifo_open *fifo_waiting;

/* Has the open file's other end come (a writer for a reader, ...)? */
static int
fifo_ready(struct file *file)
{
	int access = file->f_flags & O_ACCMODE;

	if (access == O_RDONLY)
		return file->f_pipe->pi_writers > 0;
	if (access == O_WRONLY)
		return file->f_pipe->pi_readers > 0;
	return 1;
}

/* An open's late answer. */
static void
fifo_reply(mach_port_t reply, mach_msg_type_name_t reply_type, int is_inline,
	   int error, int fd)
{
	kern_return_t kr =
	    is_inline
		? unix_open_inline_reply(reply, reply_type, KERN_SUCCESS, error,
					 fd)
		: unix_open_reply(reply, reply_type, KERN_SUCCESS, error, fd);
	if (kr != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), reply);
}

/* Answers a waiting open and frees it; error 0 installs its
 * descriptor. */
static void
fifo_answer(struct fifo_open *o, int error)
{
	int fd = -1;

	if (error == 0 &&
	    (fd = fd_install(o->fo_process, o->fo_file, 0, o->fo_cloexec)) < 0)
		error = EMFILE;
	if (error != 0)
		file_release(o->fo_file);
	fifo_reply(o->fo_reply, o->fo_reply_type, o->fo_inline, error, fd);
	free(o);
}

/* Answers the opens of pipe's FIFO whose other end has come. */
static void
fifo_wake(struct pipe *pipe)
{
	struct fifo_open **link = &fifo_waiting;

	while (*link != NULL) {
		struct fifo_open *o = *link;
		if (o->fo_file->f_pipe == pipe && fifo_ready(o->fo_file)) {
			*link = o->fo_next;
			fifo_answer(o, 0);
		} else {
			link = &o->fo_next;
		}
	}
}

int
fifo_open(struct node *node, int flags, struct file **file)
{
	int access = flags & O_ACCMODE;
	struct pipe *pipe = node->n_fifo_pipe;

	*file = NULL;
	if (access == O_WRONLY && (flags & O_NONBLOCK) &&
	    (pipe == NULL || pipe->pi_readers == 0))
		return ENXIO;
	if (pipe == NULL && (pipe = pipe_new()) == NULL)
		return ENOMEM;
	if ((*file = file_new(node, pipe, flags)) == NULL) {
		if (node->n_fifo_pipe == NULL)
			free(pipe);
		return ENOMEM;
	}
	/* from here on nothing fails */
	pipe->pi_fifo = node;
	node->n_fifo_pipe = pipe;
	if (access != O_WRONLY)
		pipe->pi_readers++;
	if (access != O_RDONLY)
		pipe->pi_writers++;
	fifo_wake(pipe);
	if (fifo_ready(*file) || (flags & O_NONBLOCK))
		return 0;
	return FIFO_WAIT;
}

void
fifo_wait(struct process *p, struct file *file, int cloexec, mach_port_t reply,
	  mach_msg_type_name_t reply_type, int is_inline)
{
	struct fifo_open *o = calloc(1, sizeof(*o));

	if (o == NULL) {
		file_release(file);
		fifo_reply(reply, reply_type, is_inline, ENOMEM, -1);
		return;
	}
	o->fo_process = p;
	o->fo_file = file;
	o->fo_cloexec = cloexec;
	o->fo_inline = is_inline;
	o->fo_reply = reply;
	o->fo_reply_type = reply_type;
	o->fo_next = fifo_waiting;
	fifo_waiting = o;
}

void
fifo_forget_process(struct process *p)
{
	struct fifo_open **link = &fifo_waiting;

	while (*link != NULL) {
		struct fifo_open *o = *link;
		if (o->fo_process == p) {
			*link = o->fo_next;
			mach_port_deallocate(mach_task_self(), o->fo_reply);
			file_release(o->fo_file);
			free(o);
		} else {
			link = &o->fo_next;
		}
	}
}

int
fifo_interrupt_process(struct process *p, int error)
{
	struct fifo_open **link = &fifo_waiting;
	int answered = 0;

	while (*link != NULL) {
		struct fifo_open *o = *link;
		if (o->fo_process == p) {
			*link = o->fo_next;
			fifo_answer(o, error);
			answered++;
		} else {
			link = &o->fo_next;
		}
	}
	return answered;
}
