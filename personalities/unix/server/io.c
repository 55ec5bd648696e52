/*
 * io ports: the server's open files reached through ports (io.defs),
 * for tasks that are not its processes: posix-lite's, whose library
 * keeps its own descriptor table of such ports (docs/posix-lite.md).
 *
 *	io_demux	a message to an io port: a routine of io.defs, or
 *			the port's no-senders notification
 *	do_io_*		the routines
 *	do_unix_io_root, do_unix_io_port  the first io ports
 *
 * An io port is a receive right of the server, in its port set, for one
 * struct io_object: an open file (struct file, shared with descriptors
 * as dup shares it) and the ids its holder acts with.  The object lives
 * while a send right does: each port asks for a no-senders notification
 * sent to itself, which closes the file.  A notification counts only if
 * the kernel sent it (the trailer's sender token is the kernel's, 0):
 * a holder cannot close the file under the others by forging one.
 *
 * A directory's port starts relative paths: the path routines act for
 * a struct vfs_who whose cwd is that directory, with the port's ids and
 * umask 0 (the caller's library applies its own umask).  Reads and
 * writes of pipes may wait (pipe.c keeps the reply right; io_reply.defs
 * answers later); a read of the console is not offered (EOPNOTSUPP):
 * only the terminal's foreground process group may read it, and an io
 * port holder is not in one.
 */
#include "io_server.h"
#include "unix.h"
#include "unix_server.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include <stdlib.h>
#include <string.h>

#define IO_HASH_SIZE 64

struct io_object {
	struct io_object *io_hash_next;
	mach_port_t io_port; /* receive right; the table's key */
	struct file *io_file;
	uid_t io_uid; /* the ids its holders act with */
	gid_t io_gid;
};

static struct io_object *io_hash[IO_HASH_SIZE];
static int io_count;

static struct io_object *
io_lookup(mach_port_t port)
{
	struct io_object *io = io_hash[port % IO_HASH_SIZE];

	while (io != NULL && io->io_port != port)
		io = io->io_hash_next;
	return io;
}

/*
 * A new io port on file (whose reference it takes over: released if
 * this fails), acting for uid and gid; its name in *port, to be sent
 * with MACH_MSG_TYPE_MAKE_SEND.  0 or ENOMEM.
 */
static int
io_new(struct file *file, uid_t uid, gid_t gid, mach_port_t *port)
{
	struct io_object *io = calloc(1, sizeof(*io));
	mach_port_t previous;

	*port = MACH_PORT_NULL;
	if (io == NULL || unix_make_port(&io->io_port) != KERN_SUCCESS) {
		free(io);
		file_release(file);
		return ENOMEM;
	}
	/* sync 1: once the send right of the reply has been made and has
	 * gone, even if the reply never arrives */
	if (mach_port_request_notification(
		mach_task_self(), io->io_port, MACH_NOTIFY_NO_SENDERS, 1,
		io->io_port, &previous) != KERN_SUCCESS) {
		mach_port_mod_refs(mach_task_self(), io->io_port,
				   MACH_PORT_RIGHT_RECEIVE, -1);
		free(io);
		file_release(file);
		return ENOMEM;
	}
	io->io_file = file;
	io->io_uid = uid;
	io->io_gid = gid;
	io->io_hash_next = io_hash[io->io_port % IO_HASH_SIZE];
	io_hash[io->io_port % IO_HASH_SIZE] = io;
	io_count++;
	*port = io->io_port;
	return 0;
}

/* The last send right has gone: the file closes, the port goes. */
static void
io_close(struct io_object *io)
{
	struct io_object **link = &io_hash[io->io_port % IO_HASH_SIZE];

	while (*link != io)
		link = &(*link)->io_hash_next;
	*link = io->io_hash_next;
	io_count--;
	if (io->io_file->f_pipe != NULL)
		pipe_forget_io(io->io_file->f_pipe, io);
	file_release(io->io_file);
	mach_port_mod_refs(mach_task_self(), io->io_port,
			   MACH_PORT_RIGHT_RECEIVE, -1);
	free(io);
}

boolean_t
io_demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mach_msg_id_t id = request->msgh_id;
	struct io_object *io;

	if ((id < 5400 || id >= 5400 + 20) && id != MACH_NOTIFY_NO_SENDERS)
		return FALSE;
	if ((io = io_lookup(request->msgh_local_port)) == NULL)
		return FALSE;
	if (id == MACH_NOTIFY_NO_SENDERS) {
		if (mach_msg_from_kernel(request))
			io_close(io);
		reply->msgh_bits = 0;
		reply->msgh_remote_port = MACH_PORT_NULL;
		((mig_reply_error_t *)reply)->RetCode = MIG_NO_REPLY;
		return TRUE;
	}
	return unix_refuse_unless_send_once(request, reply) ||
	       io_server(request, reply);
}

/* The object of an io port; NULL with *error EBADF if there is none. */
static struct io_object *
io_get(mach_port_t port, int *error)
{
	struct io_object *io = io_lookup(port);

	*error = io == NULL ? EBADF : 0;
	return io;
}

/*
 * Whom io's path calls act for, and the path (NUL-terminated into
 * path, which holds UNIX_PATH_MAX bytes); 0, ENAMETOOLONG, or ENOTDIR
 * for a relative path from a port that is not a directory's.
 */
static int
io_begin_path(struct io_object *io, const char *data,
	      mach_msg_type_number_t count, char *path, struct vfs_who *who)
{
	struct node *node = io->io_file->f_node;
	int error = user_path(data, count, path);

	if (error != 0)
		return error == UNIX_EPATHMORE ? ENAMETOOLONG : error;
	*who = (struct vfs_who){.vw_uid = io->io_uid, .vw_gid = io->io_gid};
	if (node != NULL && S_ISDIR(node->n_mode))
		who->vw_cwd = node;
	else if (path[0] != '/')
		return ENOTDIR;
	return 0;
}

kern_return_t
do_io_open(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	   int flags, int mode, int *error, mach_port_t *file_port)
{
	char path[UNIX_PATH_MAX];
	struct io_object *io = io_get(port, error);
	struct vfs_who who;
	struct file *file;

	*file_port = MACH_PORT_NULL;
	if (io == NULL ||
	    (*error = io_begin_path(io, data, dataCnt, path, &who)) != 0)
		return KERN_SUCCESS;
	*error = file_open(&who, path, flags & ~O_CLOEXEC, mode, &file);
	if (*error == FIFO_WAIT) {
		/* an io port's open of a FIFO does not wait */
		file_release(file);
		*error = EAGAIN;
	}
	if (*error == 0)
		*error = io_new(file, io->io_uid, io->io_gid, file_port);
	return KERN_SUCCESS;
}

kern_return_t
do_io_read(mach_port_t port, mach_port_t reply, mach_msg_type_name_t replyPoly,
	   int count, int *error, char *data, mach_msg_type_number_t *dataCnt)
{
	struct io_object *io = io_get(port, error);
	vm_size_t done = 0;

	*dataCnt = 0;
	if (io == NULL)
		return KERN_SUCCESS;
	struct file *file = io->io_file;
	if (count < 0)
		count = 0;
	if (count > IO_DATA_MAX)
		count = IO_DATA_MAX;
	if (!file_readable(file)) {
		*error = EBADF;
	} else if (file->f_pipe != NULL) {
		*error = pipe_read_io(io, file, reply, replyPoly, data, count,
				      &done);
		if (*error == MIG_NO_REPLY)
			return MIG_NO_REPLY;
	} else if (file_is_console(file)) {
		*error = EOPNOTSUPP;
	} else {
		const char *bytes;
		*error = file_node_span(file->f_node, file->f_offset, count,
					&bytes, &done);
		memcpy(data, bytes, done);
		if (S_ISREG(file->f_node->n_mode))
			file->f_offset += done;
	}
	*dataCnt = *error == 0 ? done : 0;
	return KERN_SUCCESS;
}

kern_return_t
do_io_write(mach_port_t port, mach_port_t reply, mach_msg_type_name_t replyPoly,
	    char *data, mach_msg_type_number_t dataCnt, int *error, int *done)
{
	struct io_object *io = io_get(port, error);
	vm_size_t written = 0;

	*done = 0;
	if (io == NULL)
		return KERN_SUCCESS;
	struct file *file = io->io_file;
	if (!file_writable(file)) {
		*error = EBADF;
	} else if (file->f_pipe != NULL) {
		*error = pipe_write_io(io, file, reply, replyPoly, data,
				       dataCnt, &written);
		if (*error == MIG_NO_REPLY)
			return MIG_NO_REPLY;
	} else {
		*error = file_write_at_offset(file, data, dataCnt, &written);
	}
	*done = written;
	return KERN_SUCCESS;
}

kern_return_t
do_io_seek(mach_port_t port, int64_t offset, int whence, int *error,
	   int64_t *position)
{
	struct io_object *io = io_get(port, error);

	*position = -1;
	if (io != NULL)
		*error = file_seek(io->io_file, offset, whence, position);
	return KERN_SUCCESS;
}

/* A struct stat into an io_stat_t. */
static void
io_put_stat(const struct stat *st, char *out, mach_msg_type_number_t *count)
{
	_Static_assert(sizeof(*st) <= 256, "io_stat_t holds a struct stat");
	memcpy(out, st, sizeof(*st));
	*count = sizeof(*st);
}

kern_return_t
do_io_stat(mach_port_t port, int *error, char *stat,
	   mach_msg_type_number_t *statCnt)
{
	struct io_object *io = io_get(port, error);
	struct stat st;

	*statCnt = 0;
	if (io != NULL) {
		file_status(io->io_file, &st);
		io_put_stat(&st, stat, statCnt);
	}
	return KERN_SUCCESS;
}

kern_return_t
do_io_read_directory(mach_port_t port, int count, int *error, char *entries,
		     mach_msg_type_number_t *entriesCnt)
{
	struct io_object *io = io_get(port, error);
	size_t used = 0;

	*entriesCnt = 0;
	if (io == NULL)
		return KERN_SUCCESS;
	if (count < 0 || count > IO_DATA_MAX)
		count = IO_DATA_MAX;
	*error = file_directory_entries(io->io_file, entries, count, &used);
	*entriesCnt = *error == 0 ? used : 0;
	return KERN_SUCCESS;
}

kern_return_t
do_io_truncate(mach_port_t port, int64_t length, int *error)
{
	struct io_object *io = io_get(port, error);

	if (io != NULL)
		*error = file_truncate(io->io_file, length);
	return KERN_SUCCESS;
}

kern_return_t
do_io_path_stat(mach_port_t port, char *path_data,
		mach_msg_type_number_t path_dataCnt, int follow, int *error,
		char *stat, mach_msg_type_number_t *statCnt)
{
	char path[UNIX_PATH_MAX];
	struct io_object *io = io_get(port, error);
	struct vfs_who who;
	struct stat st;

	*statCnt = 0;
	if (io != NULL &&
	    (*error = io_begin_path(io, path_data, path_dataCnt, path, &who)) ==
		0 &&
	    (*error = file_stat(&who, path, follow, &st)) == 0)
		io_put_stat(&st, stat, statCnt);
	return KERN_SUCCESS;
}

kern_return_t
do_io_make_directory(mach_port_t port, char *data,
		     mach_msg_type_number_t dataCnt, int mode, int *error)
{
	char path[UNIX_PATH_MAX];
	struct io_object *io = io_get(port, error);
	struct vfs_who who;

	if (io != NULL &&
	    (*error = io_begin_path(io, data, dataCnt, path, &who)) == 0)
		*error = file_make_directory(&who, path, mode);
	return KERN_SUCCESS;
}

kern_return_t
do_io_remove(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	     int directory, int *error)
{
	char path[UNIX_PATH_MAX];
	struct io_object *io = io_get(port, error);
	struct vfs_who who;

	if (io != NULL &&
	    (*error = io_begin_path(io, data, dataCnt, path, &who)) == 0)
		*error = file_remove(&who, path, directory != 0);
	return KERN_SUCCESS;
}

kern_return_t
do_io_rename(mach_port_t port, char *from_data,
	     mach_msg_type_number_t from_dataCnt, char *to_data,
	     mach_msg_type_number_t to_dataCnt, int *error)
{
	char from[UNIX_PATH_MAX], to[UNIX_PATH_MAX];
	struct io_object *io = io_get(port, error);
	struct vfs_who who;

	if (io != NULL &&
	    (*error = io_begin_path(io, from_data, from_dataCnt, from, &who)) ==
		0 &&
	    (*error = io_begin_path(io, to_data, to_dataCnt, to, &who)) == 0)
		*error = file_rename(&who, from, to);
	return KERN_SUCCESS;
}

kern_return_t
do_io_pipe(mach_port_t port, int flags, int *error, mach_port_t *reader,
	   mach_port_t *writer)
{
	struct io_object *io = io_get(port, error);
	struct file *r, *w;

	*reader = *writer = MACH_PORT_NULL;
	if (io == NULL)
		return KERN_SUCCESS;
	if (flags & ~O_NONBLOCK) {
		*error = EINVAL;
		return KERN_SUCCESS;
	}
	if ((*error = file_new_pipe(flags, &r, &w)) != 0)
		return KERN_SUCCESS;
	if ((*error = io_new(r, io->io_uid, io->io_gid, reader)) != 0) {
		file_release(w);
		return KERN_SUCCESS;
	}
	if ((*error = io_new(w, io->io_uid, io->io_gid, writer)) != 0) {
		io_close(io_lookup(*reader));
		*reader = MACH_PORT_NULL;
	}
	return KERN_SUCCESS;
}

kern_return_t
do_io_exec_load(mach_port_t port, char *path_data,
		mach_msg_type_number_t path_dataCnt, char *args,
		mach_msg_type_number_t argsCnt, int argc, int envc, int *error,
		mach_port_t *task, vm_address_t *entry,
		vm_address_t *stack_pointer, int *posix_lite)
{
	char path[UNIX_PATH_MAX];
	struct io_object *io = io_get(port, error);
	struct vfs_who who;
	struct exec_image image;

	*task = MACH_PORT_NULL;
	*entry = *stack_pointer = 0;
	*posix_lite = 0;
	if (io != NULL)
		*error = io_begin_path(io, path_data, path_dataCnt, path, &who);
	if (io != NULL && *error == 0)
		*error = proc_check_args(args, argsCnt, argc, envc);
	if (io != NULL && *error == 0)
		*error =
		    proc_load(&who, path, args, argsCnt, argc, envc, 0, &image);
	user_release(args, argsCnt);
	if (io == NULL || *error != 0)
		return KERN_SUCCESS;
	*task = image.ei_task;
	*entry = image.ei_entry;
	*stack_pointer = image.ei_stack_pointer;
	*posix_lite = image.ei_lite;
	vfs_node_release(image.ei_text); /* posix-lite's: not counted */
	return KERN_SUCCESS;
}

kern_return_t
do_io_spawn(mach_port_t port, char *path_data,
	    mach_msg_type_number_t path_dataCnt, char *args,
	    mach_msg_type_number_t argsCnt, int argc, int envc,
	    mach_port_t *files, mach_msg_type_number_t filesCnt, int umask,
	    int *error, int *pid, mach_port_t *task)
{
	char path[UNIX_PATH_MAX];
	struct io_object *io = io_get(port, error);
	struct file *open[UNIX_FD_MAX] = {0};
	struct vfs_who who;

	*pid = -1;
	*task = MACH_PORT_NULL;
	if (io != NULL)
		*error = io_begin_path(io, path_data, path_dataCnt, path, &who);
	if (io != NULL && *error == 0 && who.vw_cwd == NULL)
		*error = ENOTDIR; /* the new process's cwd */
	for (mach_msg_type_number_t fd = 0; fd < filesCnt; fd++) {
		struct io_object *file = io_lookup(files[fd]);
		if (file != NULL && fd < UNIX_FD_MAX)
			open[fd] = file->io_file;
	}
	who.vw_umask = umask;
	if (io != NULL && *error == 0)
		*error = proc_spawn_foreign(&who, path, args, argsCnt, argc,
					    envc, open, filesCnt, pid, task);
	/* the files now have the new process's references, if any */
	for (mach_msg_type_number_t fd = 0; fd < filesCnt; fd++)
		if (MACH_PORT_VALID(files[fd]))
			mach_port_deallocate(mach_task_self(), files[fd]);
	user_release(args, argsCnt);
	return KERN_SUCCESS;
}

kern_return_t
do_io_process_signal(mach_port_t port, int pid, int sig, int *error)
{
	if (io_get(port, error) != NULL)
		*error = proc_foreign_signal(pid, sig);
	return KERN_SUCCESS;
}

kern_return_t
do_io_process_status(mach_port_t port, int pid, int *error, int *status)
{
	*status = 0;
	if (io_get(port, error) != NULL)
		*error = proc_foreign_status(pid, status);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_io_root(mach_port_t port, mach_port_t host_priv, int *error,
		mach_port_t *root)
{
	mach_port_t ours = mach_host_priv_self();
	struct file *file;

	*root = MACH_PORT_NULL;
	if (port != unix_ports.up_service || ours == MACH_PORT_NULL ||
	    host_priv != ours)
		*error = EPERM;
	else if (!unix_booted())
		*error = EAGAIN;
	else if ((file = file_new(vfs_root, NULL, O_RDONLY)) == NULL)
		*error = ENOMEM;
	else
		*error = io_new(file, 0, 0, root);
	if (ours != MACH_PORT_NULL)
		mach_port_deallocate(mach_task_self(), ours);
	if (MACH_PORT_VALID(host_priv))
		mach_port_deallocate(mach_task_self(), host_priv);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_io_port(mach_port_t port, int fd, int *error, mach_port_t *io_port)
{
	struct process *p = proc_lookup(port);
	struct file *file = fd_get(p, fd);

	*io_port = MACH_PORT_NULL;
	*error = p == NULL ? ESRCH : file == NULL ? EBADF : 0;
	if (*error != 0)
		return KERN_SUCCESS;
	file->f_refs++;
	*error = io_new(file, p->p_euid, p->p_egid, io_port);
	return KERN_SUCCESS;
}

kern_return_t
do_io_flags(mach_port_t port, int set, int flags, int *error, int *now)
{
	struct io_object *io = io_get(port, error);

	*now = 0;
	if (io != NULL) {
		if (set)
			file_set_flags(io->io_file, flags);
		*now = io->io_file->f_flags;
	}
	return KERN_SUCCESS;
}

kern_return_t
do_io_statistics(mach_port_t port, int *objects)
{
	(void)port;
	*objects = io_count;
	return KERN_SUCCESS;
}
