/*
 * Descriptor tables and the calls on descriptors.
 *
 *	fd_install, fd_get, fd_inherit, fd_close_all, fd_close_on_exec
 *	file_*: an open file's operations, whoever holds it (a process's
 *	descriptor, or an io port: io.c)
 *	do_unix_close, do_unix_read, do_unix_write, do_unix_pread,
 *	do_unix_pwrite, do_unix_lseek, do_unix_fstat, do_unix_getdents,
 *	do_unix_dup2, do_unix_fcntl, do_unix_ftruncate, do_unix_isatty,
 *	do_unix_pipe
 *
 * A descriptor names an open file (struct file), which dup, dup2,
 * F_DUPFD, spawn and fork share: they share its offset and status flags;
 * FD_CLOEXEC belongs to the descriptor.  An open file refers to a node
 * (regular file, directory, character device) or to one end of a pipe
 * (pipe.c, where reads and writes may wait).
 */
#include "unix.h"
#include "unix_server.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_traps.h>
#include <stdlib.h>
#include <string.h>
#include <sys/termios.h>
#include <unistd.h>

#define FD_IO_MAX   (1024 * 1024) /* bytes one read copies at most */
#define FD_ZERO_MAX (64 * 1024)	  /* bytes one read of /dev/zero gives */

struct file *
file_new(struct node *node, struct pipe *pipe, int flags)
{
	struct file *file = calloc(1, sizeof(*file));

	if (file == NULL)
		return NULL;
	file->f_refs = 1;
	file->f_flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
	file->f_node = node;
	file->f_pipe = pipe;
	if (node != NULL)
		vfs_node_hold(node);
	if (node != NULL && file_writable(file))
		node->n_writers++;
	return file;
}

void
file_release(struct file *file)
{
	if (--file->f_refs > 0)
		return;
	if (file->f_node != NULL && file_writable(file))
		file->f_node->n_writers--;
	if (file->f_node != NULL)
		vfs_node_release(file->f_node);
	int access = file->f_flags & O_ACCMODE;
	/* a FIFO open read-write is both ends: the writer's goes first, so
	 * the pipe outlives it */
	if (file->f_pipe != NULL && access != O_RDONLY)
		pipe_close_end(file->f_pipe, 1);
	if (file->f_pipe != NULL && access != O_WRONLY)
		pipe_close_end(file->f_pipe, 0);
	free(file);
}

int
fd_install(struct process *process, struct file *file, int lowest, int cloexec)
{
	for (int fd = lowest; fd >= 0 && fd < UNIX_FD_MAX; fd++) {
		if (process->p_files[fd] == NULL) {
			process->p_files[fd] = file;
			process->p_fd_flags[fd] = cloexec ? FD_CLOEXEC : 0;
			return fd;
		}
	}
	return -1;
}

struct file *
fd_get(struct process *process, int fd)
{
	if (process == NULL || fd < 0 || fd >= UNIX_FD_MAX)
		return NULL;
	return process->p_files[fd];
}

static void
fd_close(struct process *process, int fd)
{
	struct file *file = process->p_files[fd];

	process->p_files[fd] = NULL;
	process->p_fd_flags[fd] = 0;
	file_release(file);
}

void
fd_close_all(struct process *process)
{
	for (int fd = 0; fd < UNIX_FD_MAX; fd++)
		if (process->p_files[fd] != NULL)
			fd_close(process, fd);
}

void
fd_close_on_exec(struct process *process)
{
	for (int fd = 0; fd < UNIX_FD_MAX; fd++)
		if (process->p_files[fd] != NULL &&
		    (process->p_fd_flags[fd] & FD_CLOEXEC))
			fd_close(process, fd);
}

void
fd_inherit(struct process *child, struct process *parent, int fork)
{
	for (int fd = 0; fd < UNIX_FD_MAX; fd++) {
		struct file *file = parent->p_files[fd];
		if (file == NULL ||
		    (!fork && (parent->p_fd_flags[fd] & FD_CLOEXEC)))
			continue;
		file->f_refs++;
		child->p_files[fd] = file;
		child->p_fd_flags[fd] = fork ? parent->p_fd_flags[fd] : 0;
	}
}

/* The file of fd in the process that port names, or NULL with *error. */
static struct file *
fd_file(mach_port_t port, int fd, struct process **process, int *error)
{
	*process = proc_lookup(port);
	struct file *file = fd_get(*process, fd);

	*error = *process == NULL ? ESRCH : file == NULL ? EBADF : 0;
	return file;
}

kern_return_t
do_unix_close(mach_port_t port, int fd, int *error)
{
	struct process *p;

	if (fd_file(port, fd, &p, error) != NULL)
		fd_close(p, fd);
	return KERN_SUCCESS;
}

int
file_node_span(struct node *node, off_t offset, vm_size_t count,
	       const char **bytes, vm_size_t *length)
{
	static const char zeros[FD_ZERO_MAX];

	*bytes = zeros;
	*length = 0;
	if (S_ISDIR(node->n_mode))
		return EISDIR;
	if (S_ISCHR(node->n_mode) && node->n_device == NODE_DEVICE_ZERO) {
		*length = count > FD_ZERO_MAX ? FD_ZERO_MAX : count;
		return 0;
	}
	if (S_ISCHR(node->n_mode))
		return 0; /* null: end of file (the console reads elsewhere) */
	if (count > FD_IO_MAX)
		count = FD_IO_MAX;
	pager_clean(node, offset, count); /* a mapping's writes first */
	if (offset >= node->n_file.nf_size)
		return 0;
	if ((off_t)count > node->n_file.nf_size - offset)
		count = node->n_file.nf_size - offset;
	*bytes = node->n_file.nf_data + offset;
	*length = count;
	return 0;
}

/* Reads up to count bytes of a node at offset into out (inline), or
 * into the process at buffer. */
static int
fd_node_read(struct process *p, struct node *node, off_t offset,
	     vm_address_t buffer, char *out, vm_size_t count, vm_size_t *done)
{
	const char *bytes;
	vm_size_t length;
	int error = file_node_span(node, offset, count, &bytes, &length);

	*done = 0;
	if (error != 0 || length == 0)
		return error;
	if (out != NULL)
		memcpy(out, bytes, length);
	else if ((error = user_write(p, buffer, bytes, length)) != 0)
		return error;
	*done = length;
	vfs_touch(node, VFS_ATIME);
	return 0;
}

int
file_node_write(struct node *node, off_t offset, const char *data,
		vm_size_t count, vm_size_t *done)
{
	*done = 0;
	if (S_ISCHR(node->n_mode)) {
		if ((node->n_device == NODE_DEVICE_CONSOLE ||
		     node->n_device == NODE_DEVICE_TTY) &&
		    count > 0)
			debug_console_write(data, count);
		*done = count;
		return 0;
	}
	if (offset < 0 || (off_t)count > INT64_MAX - offset)
		return EFBIG;
	/* The mappings' pages of the range come back, then go.  The bytes
	 * may be a copy of a mapping of that very range, whose pages go
	 * too: they are copied first. */
	char *copy = NULL;
	if (pager_mapped(node) && count > 0) {
		if ((copy = malloc(count)) == NULL)
			return ENOSPC;
		data = memcpy(copy, data, count);
	}
	pager_change_begin(node, offset, count);
	int error = 0;
	if (offset + (off_t)count > node->n_file.nf_size)
		error = vfs_file_resize(node, offset + count);
	if (error == 0) {
		memcpy(node->n_file.nf_data + offset, data, count);
		*done = count;
		if (count > 0)
			vfs_touch(node, VFS_MTIME | VFS_CTIME);
	}
	pager_change_end(node);
	free(copy);
	return error;
}

int
file_is_console(struct file *file)
{
	return file->f_node != NULL && S_ISCHR(file->f_node->n_mode) &&
	       (file->f_node->n_device == NODE_DEVICE_CONSOLE ||
		file->f_node->n_device == NODE_DEVICE_TTY);
}

int
file_readable(struct file *file)
{
	return (file->f_flags & O_ACCMODE) != O_WRONLY;
}

int
file_writable(struct file *file)
{
	return (file->f_flags & O_ACCMODE) != O_RDONLY;
}

/* read(): into out (unix_read_inline), or into the process at buffer
 * (unix_read); MIG_NO_REPLY if it waits. */
static kern_return_t
fd_read(mach_port_t port, mach_port_t reply, mach_msg_type_name_t replyPoly,
	int fd, vm_address_t buffer, char *out, vm_size_t count, int *error,
	vm_size_t *done)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*done = 0;
	if (file == NULL)
		return KERN_SUCCESS;
	if (!file_readable(file)) {
		*error = EBADF;
	} else if (file->f_pipe != NULL) {
		*error = pipe_read(p, file, reply, replyPoly, buffer, out,
				   count, done);
		if (*error == MIG_NO_REPLY)
			return MIG_NO_REPLY;
	} else if (file_is_console(file) && out != NULL) {
		*error = UNIX_EOUTOFLINE;
	} else if (file_is_console(file)) {
		*error =
		    tty_read(p, file, reply, replyPoly, buffer, count, done);
		if (*error == MIG_NO_REPLY)
			return MIG_NO_REPLY;
	} else {
		*error = fd_node_read(p, file->f_node, file->f_offset, buffer,
				      out, count, done);
		if (S_ISREG(file->f_node->n_mode))
			file->f_offset += *done;
	}
	return KERN_SUCCESS;
}

kern_return_t
do_unix_read(mach_port_t port, mach_port_t reply,
	     mach_msg_type_name_t replyPoly, int fd, vm_address_t buffer,
	     vm_size_t count, int *error, vm_size_t *done)
{
	return fd_read(port, reply, replyPoly, fd, buffer, NULL, count, error,
		       done);
}

kern_return_t
do_unix_read_inline(mach_port_t port, mach_port_t reply,
		    mach_msg_type_name_t replyPoly, int fd, vm_size_t count,
		    int *error, char *data, mach_msg_type_number_t *dataCnt)
{
	vm_size_t done = 0;

	if (count > UNIX_INLINE_MAX)
		count = UNIX_INLINE_MAX;
	kern_return_t kr =
	    fd_read(port, reply, replyPoly, fd, 0, data, count, error, &done);
	*dataCnt = *error == 0 ? done : 0;
	return kr;
}

/* write(): data out of line (unix_write: ours to release) or inline
 * (unix_write_inline); MIG_NO_REPLY if it waits. */
static kern_return_t
fd_write(mach_port_t port, mach_port_t reply, mach_msg_type_name_t replyPoly,
	 int fd, char *data, int out_of_line, mach_msg_type_number_t count,
	 int *error, vm_size_t *done)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*done = 0;
	if (file != NULL && !file_writable(file))
		*error = EBADF;
	if (file != NULL && *error == 0 && file->f_pipe != NULL) {
		/* the pipe owns data from here on */
		*error = pipe_write(p, file, reply, replyPoly, data,
				    out_of_line, count, done);
		return *error == MIG_NO_REPLY ? MIG_NO_REPLY : KERN_SUCCESS;
	}
	if (file != NULL && *error == 0 && file_is_console(file))
		*error = tty_output_check(p, 0);
	if (file != NULL && *error == 0)
		*error = file_write_at_offset(file, data, count, done);
	if (out_of_line)
		user_release(data, count);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_write(mach_port_t port, mach_port_t reply,
	      mach_msg_type_name_t replyPoly, int fd, char *data,
	      mach_msg_type_number_t dataCnt, int *error, vm_size_t *done)
{
	return fd_write(port, reply, replyPoly, fd, data, 1, dataCnt, error,
			done);
}

kern_return_t
do_unix_write_inline(mach_port_t port, mach_port_t reply,
		     mach_msg_type_name_t replyPoly, int fd, char *data,
		     mach_msg_type_number_t dataCnt, int *error,
		     vm_size_t *done)
{
	return fd_write(port, reply, replyPoly, fd, data, 0, dataCnt, error,
			done);
}

int
file_write_at_offset(struct file *file, const char *data, vm_size_t count,
		     vm_size_t *done)
{
	struct node *node = file->f_node;

	if ((file->f_flags & O_APPEND) && S_ISREG(node->n_mode))
		file->f_offset = node->n_file.nf_size;
	int error = file_node_write(node, file->f_offset, data, count, done);
	if (S_ISREG(node->n_mode))
		file->f_offset += *done;
	return error;
}

kern_return_t
do_unix_pread(mach_port_t port, int fd, vm_address_t buffer, vm_size_t count,
	      int64_t offset, int *error, vm_size_t *done)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*done = 0;
	if (file == NULL)
		return KERN_SUCCESS;
	if (!file_readable(file))
		*error = EBADF;
	else if (file->f_pipe != NULL || S_ISCHR(file->f_node->n_mode))
		*error = ESPIPE;
	else if (offset < 0)
		*error = EINVAL;
	else
		*error = fd_node_read(p, file->f_node, offset, buffer, NULL,
				      count, done);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_pwrite(mach_port_t port, int fd, char *data,
	       mach_msg_type_number_t dataCnt, int64_t offset, int *error,
	       vm_size_t *done)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*done = 0;
	if (file == NULL)
		;
	else if (!file_writable(file))
		*error = EBADF;
	else if (file->f_pipe != NULL || S_ISCHR(file->f_node->n_mode))
		*error = ESPIPE;
	else if (offset < 0)
		*error = EINVAL;
	else
		*error =
		    file_node_write(file->f_node, offset, data, dataCnt, done);
	user_release(data, dataCnt);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_lseek(mach_port_t port, int fd, int64_t offset, int whence, int *error,
	      int64_t *position)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*position = -1;
	if (file != NULL)
		*error = file_seek(file, offset, whence, position);
	return KERN_SUCCESS;
}

int
file_seek(struct file *file, int64_t offset, int whence, int64_t *position)
{
	off_t base;

	*position = -1;
	if (file->f_pipe != NULL || S_ISCHR(file->f_node->n_mode))
		return ESPIPE;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_offset;
		break;
	case SEEK_END:
		base = S_ISREG(file->f_node->n_mode)
			   ? file->f_node->n_file.nf_size
			   : 0;
		break;
	default:
		return EINVAL;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return offset > 0 ? EOVERFLOW : EINVAL;
	file->f_offset = base + offset;
	*position = file->f_offset;
	return 0;
}

kern_return_t
do_unix_fstat(mach_port_t port, int fd, vm_address_t buffer, int *error)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);
	struct stat st;

	if (file == NULL)
		return KERN_SUCCESS;
	file_status(file, &st);
	*error = user_write(p, buffer, &st, sizeof(st));
	return KERN_SUCCESS;
}

kern_return_t
do_unix_fstat_inline(mach_port_t port, int fd, int *error, unix_stat_t st)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	_Static_assert(sizeof(struct stat) == UNIX_STAT_SIZE,
		       "unix_stat_t holds a struct stat");
	memset(st, 0, UNIX_STAT_SIZE); /* the reply's: none of another's */
	if (file != NULL)
		file_status(file, (struct stat *)st);
	return KERN_SUCCESS;
}

void
file_status(struct file *file, struct stat *st)
{
	if (file->f_pipe != NULL && file->f_node == NULL) {
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFIFO | 0600;
		st->st_blksize = UNIX_PIPE_SIZE;
		st->st_size = file->f_pipe->pi_count;
	} else {
		vfs_stat(file->f_node, st);
	}
}

static unsigned char
fd_dirent_type(mode_t mode)
{
	return S_ISDIR(mode)	? DT_DIR
	       : S_ISREG(mode)	? DT_REG
	       : S_ISLNK(mode)	? DT_LNK
	       : S_ISCHR(mode)	? DT_CHR
	       : S_ISFIFO(mode) ? DT_FIFO
				: DT_UNKNOWN;
}

/* Appends the record of name to buf (size bytes, *used so far); 0 if it
 * does not fit. */
static int
fd_dirent_put(char *buf, size_t size, size_t *used, ino_t ino,
	      unsigned char type, const char *name)
{
	size_t length = strlen(name);
	size_t reclen =
	    (offsetof(struct dirent, d_name) + length + 1 + 7) & ~(size_t)7;

	if (reclen > size - *used)
		return 0;
	struct dirent *d = (struct dirent *)(buf + *used);
	memset(d, 0, reclen);
	d->d_ino = ino;
	d->d_reclen = reclen;
	d->d_type = type;
	memcpy(d->d_name, name, length + 1);
	*used += reclen;
	return 1;
}

kern_return_t
do_unix_getdents(mach_port_t port, int fd, vm_address_t buffer, vm_size_t size,
		 int *error, vm_size_t *length)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*length = 0;
	if (file == NULL)
		return KERN_SUCCESS;
	if (size > 65536)
		size = 65536;
	char *buf = malloc(size);
	size_t used = 0;
	*error = buf == NULL ? ENOMEM
			     : file_directory_entries(file, buf, size, &used);
	if (*error == 0)
		*error = user_write(p, buffer, buf, used);
	if (*error == 0)
		*length = used;
	free(buf);
	return KERN_SUCCESS;
}

int
file_directory_entries(struct file *file, char *buf, size_t size, size_t *used)
{
	struct node *dir = file->f_node;

	*used = 0;
	if (dir == NULL || !S_ISDIR(dir->n_mode))
		return ENOTDIR;
	/* f_offset: 0 ".", 1 "..", 2 + i the i-th entry */
	off_t index = 0;
	struct dir_entry *e = dir->n_dir.nd_entries;
	for (; e != NULL || index < 2; index++) {
		if (index < file->f_offset) {
			if (index >= 2)
				e = e->de_next;
			continue;
		}
		int put =
		    index == 0 ? fd_dirent_put(buf, size, used, dir->n_ino,
					       DT_DIR, ".")
		    : index == 1
			? fd_dirent_put(buf, size, used,
					dir->n_dir.nd_parent->n_ino, DT_DIR,
					"..")
			: fd_dirent_put(buf, size, used, e->de_node->n_ino,
					fd_dirent_type(e->de_node->n_mode),
					e->de_name);
		if (!put)
			break;
		if (index >= 2)
			e = e->de_next;
	}
	if (*used == 0 && (e != NULL || index < 2))
		return EINVAL; /* not even one record fits */
	file->f_offset = index;
	return 0;
}

kern_return_t
do_unix_dup2(mach_port_t port, int fd, int newfd, int *error)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	if (file == NULL)
		return KERN_SUCCESS;
	if (newfd < 0 || newfd >= UNIX_FD_MAX) {
		*error = EBADF;
		return KERN_SUCCESS;
	}
	if (newfd == fd)
		return KERN_SUCCESS;
	if (p->p_files[newfd] != NULL)
		fd_close(p, newfd);
	file->f_refs++;
	p->p_files[newfd] = file;
	p->p_fd_flags[newfd] = 0;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_fcntl(mach_port_t port, int fd, int command, int argument, int *error,
	      int *result)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*result = -1;
	if (file == NULL)
		return KERN_SUCCESS;
	switch (command) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (argument < 0 || argument >= UNIX_FD_MAX) {
			*error = EINVAL;
			break;
		}
		*result =
		    fd_install(p, file, argument, command == F_DUPFD_CLOEXEC);
		if (*result < 0)
			*error = EMFILE;
		else
			file->f_refs++;
		break;
	case F_GETFD:
		*result = p->p_fd_flags[fd];
		break;
	case F_SETFD:
		p->p_fd_flags[fd] = argument & FD_CLOEXEC;
		*result = 0;
		break;
	case F_GETFL:
		*result = file->f_flags;
		break;
	case F_SETFL:
		file_set_flags(file, argument);
		*result = 0;
		break;
	default:
		*error = EINVAL;
	}
	return KERN_SUCCESS;
}

kern_return_t
do_unix_ftruncate(mach_port_t port, int fd, int64_t length, int *error)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	if (file != NULL)
		*error = file_truncate(file, length);
	return KERN_SUCCESS;
}

void
file_set_flags(struct file *file, int flags)
{
	file->f_flags =
	    (file->f_flags & O_ACCMODE) | (flags & (O_APPEND | O_NONBLOCK));
}

int
file_truncate(struct file *file, int64_t length)
{
	if (file->f_pipe != NULL || !S_ISREG(file->f_node->n_mode) ||
	    length < 0)
		return EINVAL;
	if (!file_writable(file))
		return EBADF;
	int error = vfs_file_resize(file->f_node, length);
	if (error == 0)
		vfs_touch(file->f_node, VFS_MTIME | VFS_CTIME);
	return error;
}

kern_return_t
do_unix_isatty(mach_port_t port, int fd, int *error)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	if (file != NULL && !file_is_console(file))
		*error = ENOTTY;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_tcgetattr(mach_port_t port, int fd, int *error, char *termios,
		  mach_msg_type_number_t *termiosCnt)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);
	struct termios t;

	*termiosCnt = 0;
	if (file != NULL && !file_is_console(file))
		*error = ENOTTY;
	if (file == NULL || *error != 0)
		return KERN_SUCCESS;
	tty_get(&t);
	memcpy(termios, &t, sizeof(t));
	*termiosCnt = sizeof(t);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_tcsetattr(mach_port_t port, int fd, int action, char *termios,
		  mach_msg_type_number_t termiosCnt, int *error)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);
	struct termios t;

	if (file != NULL && !file_is_console(file))
		*error = ENOTTY;
	else if (file != NULL && termiosCnt != sizeof(t))
		*error = EINVAL;
	if (file == NULL || *error != 0)
		return KERN_SUCCESS;
	memcpy(&t, termios, sizeof(t));
	if ((*error = tty_output_check(p, 1)) == 0)
		*error = tty_set(action, &t);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_tcgetpgrp(mach_port_t port, int fd, int *error, int *group)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*group = 0;
	if (file != NULL && !file_is_console(file))
		*error = ENOTTY;
	if (file != NULL && *error == 0)
		*group = tty_foreground();
	return KERN_SUCCESS;
}

kern_return_t
do_unix_tcsetpgrp(mach_port_t port, int fd, int group, int *error)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	if (file != NULL && !file_is_console(file))
		*error = ENOTTY;
	if (file != NULL && *error == 0)
		*error = tty_output_check(p, 1);
	if (file != NULL && *error == 0)
		*error = tty_set_foreground(p, group);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_tty_control(mach_port_t port, int fd, int request, int *error)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	if (file != NULL && !file_is_console(file))
		*error = ENOTTY;
	if (file != NULL && *error == 0)
		*error = tty_control(p, request);
	return KERN_SUCCESS;
}

int
file_new_pipe(int flags, struct file **reader, struct file **writer)
{
	struct pipe *pipe = pipe_new();
	struct file *r =
	    pipe == NULL ? NULL : file_new(NULL, pipe, O_RDONLY | flags);
	struct file *w =
	    pipe == NULL ? NULL : file_new(NULL, pipe, O_WRONLY | flags);

	if (r == NULL || w == NULL) {
		free(r);
		free(w);
		free(pipe);
		return ENOMEM;
	}
	pipe->pi_readers = pipe->pi_writers = 1;
	*reader = r;
	*writer = w;
	return 0;
}

kern_return_t
do_unix_pipe(mach_port_t port, int flags, int *error, int *reader, int *writer)
{
	struct process *p = proc_lookup(port);

	*reader = *writer = -1;
	*error = p == NULL ? ESRCH : 0;
	if (p == NULL)
		return KERN_SUCCESS;
	if (flags & ~(O_CLOEXEC | O_NONBLOCK)) {
		*error = EINVAL;
		return KERN_SUCCESS;
	}
	struct file *r, *w;
	int cloexec = (flags & O_CLOEXEC) != 0;
	if ((*error = file_new_pipe(flags & O_NONBLOCK, &r, &w)) != 0)
		return KERN_SUCCESS;
	*reader = fd_install(p, r, 0, cloexec);
	*writer = *reader < 0 ? -1 : fd_install(p, w, 0, cloexec);
	if (*writer < 0) {
		if (*reader >= 0)
			fd_close(p, *reader);
		else
			file_release(r);
		file_release(w);
		*reader = *writer = -1;
		*error = EMFILE;
	}
	return KERN_SUCCESS;
}

/* mmap of a file: its memory object (pager.c). */
kern_return_t
do_unix_file_memory_object(mach_port_t port, int fd, int prot, int flags,
			   int *error, mach_port_t *object)
{
	struct process *p;
	struct file *file = fd_file(port, fd, &p, error);

	*object = MACH_PORT_NULL;
	if (file != NULL)
		*error = pager_file_object(file, prot, flags, object);
	return KERN_SUCCESS;
}

/* msync(MS_SYNC) of a shared mapping of the file numbered ino. */
kern_return_t
do_unix_file_sync(mach_port_t port, int64_t ino, int64_t offset, int64_t size,
		  int *error)
{
	if (proc_lookup(port) == NULL) {
		*error = ESRCH;
		return KERN_SUCCESS;
	}
	*error = offset < 0 || size < 0 ? EINVAL : 0;
	if (*error == 0)
		pager_sync((ino_t)ino, offset, size);
	return KERN_SUCCESS;
}
