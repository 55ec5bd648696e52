/*
 * The calls on paths: open, stat and lstat, access, unlink, link,
 * symlink, readlink, rename, mkdir, mkfifo, rmdir, getcwd, chdir;
 * fchdir.
 *
 * Each takes its paths out of line (user_path: checked, copied, and the
 * request's memory released), looks them up from the caller's cwd with
 * the caller's ids (vfs.c), checks every condition that can fail, and
 * only then changes the file system.  Permissions: searching a
 * directory needs x, changing its entries w and x (and in a sticky
 * directory, removing or replacing an entry being its owner's, the
 * directory's owner's or root's), opening a file the r or w its access
 * mode asks.  chmod, chown and utimes are attr.c's.
 *
 * The calls the io ports make too (io.c) have a core that acts for a
 * struct vfs_who rather than a process: file_open, file_stat,
 * file_remove, file_make_directory, file_rename.
 */
#include "unix.h"
#include "unix_server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILE_OPEN_FLAGS \
	(O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NONBLOCK | \
	 O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY)

/* The process and one path of a request; releases the path's memory. */
static struct process *
file_begin(mach_port_t port, char *data, mach_msg_type_number_t count,
	   char *path, int *error)
{
	struct process *p = proc_lookup(port);

	*error = p == NULL ? ESRCH : user_path(data, count, path);
	user_release(data, count);
	return *error == 0 ? p : NULL;
}

/* The process of a request with a path inline (unix_path_inline_t),
 * which must end with its NUL. */
static struct process *
file_begin_inline(mach_port_t port, const char *path,
		  mach_msg_type_number_t count, int *error)
{
	struct process *p = proc_lookup(port);

	if (p == NULL)
		*error = ESRCH;
	else if (count == 0 || path[count - 1] != '\0')
		*error = EINVAL;
	else if (path[0] == '\0')
		*error = ENOENT;
	else
		*error = 0;
	return *error == 0 ? p : NULL;
}

/* Creates a regular file name in dir for open(O_CREAT). */
static int
file_create(const struct vfs_who *who, struct node *dir, const char *name,
	    int mode, struct node **node)
{
	if (!vfs_permitted(who, dir, W_OK | X_OK))
		return EACCES;
	*node = vfs_node_new(S_IFREG | (mode & ~who->vw_umask & 07777),
			     who->vw_uid, who->vw_gid);
	if (*node == NULL)
		return ENOMEM;
	int error = vfs_dir_add(dir, name, *node);
	if (error != 0) {
		free(*node);
		return error;
	}
	vfs_node_hold(*node);
	return 0;
}

/* Finds (or creates) the node open() opens; held in *node. */
static int
file_open_node(const struct vfs_who *who, const char *path, int flags, int mode,
	       struct node **node)
{
	char name[MAXNAMLEN + 1];
	struct node *dir;
	int error;

	if (!(flags & O_CREAT))
		return vfs_lookup(who, path, !(flags & O_NOFOLLOW), node);
	if ((error = vfs_lookup_parent(who, path, &dir, name)) == EEXIST)
		return (flags & O_EXCL) ? EEXIST : EISDIR; /* "/" */
	if (error != 0)
		return error;
	struct dir_entry *entry = vfs_dir_find(dir, name);
	if (entry != NULL && (flags & O_EXCL))
		error = EEXIST;
	else if (entry != NULL)
		error = vfs_lookup(who, path, !(flags & O_NOFOLLOW), node);
	else if (path[strlen(path) - 1] == '/')
		error = EISDIR;
	else
		error = file_create(who, dir, name, mode, node);
	vfs_node_release(dir);
	return error;
}

/* Checks that node may be opened with flags (after the lookup). */
static int
file_open_check(const struct vfs_who *who, struct node *node, int flags)
{
	int access = flags & O_ACCMODE;

	if (access == O_ACCMODE)
		return EINVAL;
	if (S_ISLNK(node->n_mode))
		return ELOOP; /* O_NOFOLLOW */
	if ((flags & O_DIRECTORY) && !S_ISDIR(node->n_mode))
		return ENOTDIR;
	if (S_ISDIR(node->n_mode) && (access != O_RDONLY || (flags & O_TRUNC)))
		return EISDIR;
	if ((access != O_WRONLY && !vfs_permitted(who, node, R_OK)) ||
	    (access != O_RDONLY && !vfs_permitted(who, node, W_OK)))
		return EACCES;
	if (access != O_RDONLY && node->n_text > 0)
		return ETXTBSY;
	return 0;
}

int
file_open(const struct vfs_who *who, const char *path, int flags, int mode,
	  struct file **file)
{
	struct node *node;
	int error;

	*file = NULL;
	if (flags & ~FILE_OPEN_FLAGS)
		return EINVAL;
	if ((error = file_open_node(who, path, flags, mode, &node)) != 0)
		return error;
	error = file_open_check(who, node, flags);
	if (error == 0 && S_ISFIFO(node->n_mode)) {
		error = fifo_open(node, flags, file); /* may be FIFO_WAIT */
		vfs_node_release(node);
		return error;
	}
	if (error == 0 && (*file = file_new(node, NULL, flags)) == NULL)
		error = ENOMEM;
	if (error == 0 && (flags & O_TRUNC) && S_ISREG(node->n_mode) &&
	    (flags & O_ACCMODE) != O_RDONLY) {
		vfs_file_resize(node, 0); /* shrinking cannot fail */
		vfs_touch(node, VFS_MTIME | VFS_CTIME);
	}
	vfs_node_release(node);
	return error;
}

/* open() of path by p: the descriptor or -1 and *error; or
 * MIG_NO_REPLY, the open of a FIFO waiting for its other end (fifo.c),
 * which keeps the reply right. */
static kern_return_t
file_open_fd(struct process *p, mach_port_t reply,
	     mach_msg_type_name_t reply_type, int is_inline, const char *path,
	     int flags, int mode, int *error, int *fd)
{
	struct vfs_who who = proc_who(p);
	struct file *file;

	*fd = -1;
	*error = file_open(&who, path, flags, mode, &file);
	if (*error == FIFO_WAIT) {
		fifo_wait(p, file, (flags & O_CLOEXEC) != 0, reply, reply_type,
			  is_inline);
		return MIG_NO_REPLY;
	}
	if (*error != 0)
		return KERN_SUCCESS;
	if (S_ISCHR(file->f_node->n_mode) &&
	    file->f_node->n_device == NODE_DEVICE_TTY && !tty_controls(p)) {
		*error = ENXIO; /* no controlling terminal */
		file_release(file);
		return KERN_SUCCESS;
	}
	*fd = fd_install(p, file, 0, (flags & O_CLOEXEC) != 0);
	if (*fd < 0) {
		*error = EMFILE;
		file_release(file);
	}
	return KERN_SUCCESS;
}

kern_return_t
do_unix_open(mach_port_t port, mach_port_t reply,
	     mach_msg_type_name_t replyPoly, char *data,
	     mach_msg_type_number_t dataCnt, int flags, int mode, int *error,
	     int *fd)
{
	char path[UNIX_PATH_MAX];
	struct process *p = file_begin(port, data, dataCnt, path, error);

	*fd = -1;
	if (p == NULL)
		return KERN_SUCCESS;
	return file_open_fd(p, reply, replyPoly, 0, path, flags, mode, error,
			    fd);
}

kern_return_t
do_unix_open_inline(mach_port_t port, mach_port_t reply,
		    mach_msg_type_name_t replyPoly, char *path,
		    mach_msg_type_number_t pathCnt, int flags, int mode,
		    int *error, int *fd)
{
	struct process *p = file_begin_inline(port, path, pathCnt, error);

	*fd = -1;
	if (p == NULL)
		return KERN_SUCCESS;
	return file_open_fd(p, reply, replyPoly, 1, path, flags, mode, error,
			    fd);
}

int
file_stat(const struct vfs_who *who, const char *path, int follow,
	  struct stat *st)
{
	struct node *node;
	int error = vfs_lookup(who, path, follow, &node);

	if (error == 0) {
		vfs_stat(node, st);
		vfs_node_release(node);
	}
	return error;
}

kern_return_t
do_unix_stat(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	     int follow, vm_address_t buffer, int *error)
{
	char path[UNIX_PATH_MAX];
	struct process *p = file_begin(port, data, dataCnt, path, error);
	struct stat st;

	if (p == NULL)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	if ((*error = file_stat(&who, path, follow, &st)) == 0)
		*error = user_write(p, buffer, &st, sizeof(st));
	return KERN_SUCCESS;
}

kern_return_t
do_unix_stat_inline(mach_port_t port, char *path,
		    mach_msg_type_number_t pathCnt, int follow, int *error,
		    unix_stat_t st)
{
	struct process *p = file_begin_inline(port, path, pathCnt, error);

	memset(st, 0, UNIX_STAT_SIZE); /* the reply's: none of another's */
	if (p != NULL) {
		struct vfs_who who = proc_who(p);
		*error = file_stat(&who, path, follow, (struct stat *)st);
	}
	return KERN_SUCCESS;
}

kern_return_t
do_unix_access(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	       int mode, int *error)
{
	char path[UNIX_PATH_MAX];
	struct process *p = file_begin(port, data, dataCnt, path, error);
	struct node *node;

	if (p == NULL)
		return KERN_SUCCESS;
	if (mode & ~(R_OK | W_OK | X_OK)) {
		*error = EINVAL;
		return KERN_SUCCESS;
	}
	/* access() checks the real ids */
	struct vfs_who real = proc_who(p);
	real.vw_uid = p->p_uid;
	real.vw_gid = p->p_gid;
	if ((*error = vfs_lookup(&real, path, 1, &node)) != 0)
		return KERN_SUCCESS;
	if (mode != F_OK && !vfs_permitted(&real, node, mode))
		*error = EACCES;
	vfs_node_release(node);
	return KERN_SUCCESS;
}

/*
 * The directory holding path's last component (held) and the entry, for
 * calls that change the directory; the entry may be NULL (*error 0)
 * when want_entry is 0.
 */
static struct node *
file_parent(const struct vfs_who *who, const char *path, char *name,
	    struct dir_entry **entry, int want_entry, int *error)
{
	struct node *dir;

	if ((*error = vfs_lookup_parent(who, path, &dir, name)) != 0) {
		if (*error == EEXIST)
			*error = EBUSY; /* the root */
		return NULL;
	}
	*entry = vfs_dir_find(dir, name);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		*error = EINVAL;
	else if (!vfs_permitted(who, dir, W_OK | X_OK))
		*error = EACCES;
	else if (*entry == NULL && want_entry)
		*error = ENOENT;
	else if (*entry != NULL && !want_entry)
		*error = EEXIST;
	if (*error != 0) {
		vfs_node_release(dir);
		return NULL;
	}
	return dir;
}

int
file_remove(const struct vfs_who *who, const char *path, int directory)
{
	char name[MAXNAMLEN + 1];
	struct dir_entry *entry;
	int error;
	struct node *dir = file_parent(who, path, name, &entry, 1, &error);
	if (dir == NULL)
		return error;
	struct node *node = entry->de_node;
	if (directory && !S_ISDIR(node->n_mode))
		error = ENOTDIR;
	else if (!directory && S_ISDIR(node->n_mode))
		error = EISDIR;
	else if (directory && node->n_dir.nd_entries != NULL)
		error = ENOTEMPTY;
	else if (!directory && path[strlen(path) - 1] == '/')
		error = ENOTDIR;
	else if (!vfs_may_remove(who, dir, node))
		error = EPERM; /* the sticky bit */
	if (error == 0)
		vfs_dir_remove(dir, entry);
	vfs_node_release(dir);
	return error;
}

/* unlink and rmdir. */
static int
file_remove_request(mach_port_t port, char *data,
		    mach_msg_type_number_t dataCnt, int directory)
{
	char path[UNIX_PATH_MAX];
	int error;
	struct process *p = file_begin(port, data, dataCnt, path, &error);

	if (p == NULL)
		return error;
	struct vfs_who who = proc_who(p);
	return file_remove(&who, path, directory);
}

kern_return_t
do_unix_unlink(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	       int *error)
{
	*error = file_remove_request(port, data, dataCnt, 0);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_rmdir(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	      int *error)
{
	*error = file_remove_request(port, data, dataCnt, 1);
	return KERN_SUCCESS;
}

int
file_make_directory(const struct vfs_who *who, const char *path, int mode)
{
	char name[MAXNAMLEN + 1];
	struct dir_entry *entry;
	int error;
	struct node *dir = file_parent(who, path, name, &entry, 0, &error);

	if (dir == NULL)
		return error;
	struct node *node =
	    vfs_node_new(S_IFDIR | (mode & ~who->vw_umask & 07777), who->vw_uid,
			 who->vw_gid);
	error = node == NULL ? ENOMEM : vfs_dir_add(dir, name, node);
	if (error != 0)
		free(node);
	vfs_node_release(dir);
	return error;
}

kern_return_t
do_unix_mkfifo(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	       int mode, int *error)
{
	char path[UNIX_PATH_MAX], name[MAXNAMLEN + 1];
	struct dir_entry *entry;
	struct process *p = file_begin(port, data, dataCnt, path, error);

	if (p == NULL)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	struct node *dir = file_parent(&who, path, name, &entry, 0, error);
	if (dir == NULL)
		return KERN_SUCCESS;
	struct node *node = vfs_node_new(
	    S_IFIFO | (mode & ~who.vw_umask & 0777), who.vw_uid, who.vw_gid);
	*error = node == NULL ? ENOMEM : vfs_dir_add(dir, name, node);
	if (*error != 0)
		free(node);
	vfs_node_release(dir);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_mkdir(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	      int mode, int *error)
{
	char path[UNIX_PATH_MAX];
	struct process *p = file_begin(port, data, dataCnt, path, error);

	if (p != NULL) {
		struct vfs_who who = proc_who(p);
		*error = file_make_directory(&who, path, mode);
	}
	return KERN_SUCCESS;
}

kern_return_t
do_unix_link(mach_port_t port, char *existing,
	     mach_msg_type_number_t existingCnt, char *data,
	     mach_msg_type_number_t dataCnt, int *error)
{
	char from[UNIX_PATH_MAX], path[UNIX_PATH_MAX], name[MAXNAMLEN + 1];
	struct dir_entry *entry;
	struct node *node;
	struct process *p = file_begin(port, data, dataCnt, path, error);
	int from_error = user_path(existing, existingCnt, from);

	user_release(existing, existingCnt);
	if (p == NULL)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	if ((*error = from_error) != 0 ||
	    (*error = vfs_lookup(&who, from, 0, &node)) != 0)
		return KERN_SUCCESS;
	struct node *dir = file_parent(&who, path, name, &entry, 0, error);
	if (dir != NULL && S_ISDIR(node->n_mode))
		*error = EPERM;
	if (dir != NULL && *error == 0)
		*error = vfs_dir_add(dir, name, node);
	if (dir != NULL)
		vfs_node_release(dir);
	vfs_node_release(node);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_symlink(mach_port_t port, char *target,
		mach_msg_type_number_t targetCnt, char *data,
		mach_msg_type_number_t dataCnt, int *error)
{
	char to[UNIX_PATH_MAX], path[UNIX_PATH_MAX], name[MAXNAMLEN + 1];
	struct dir_entry *entry;
	struct process *p = file_begin(port, data, dataCnt, path, error);
	int target_error = user_path(target, targetCnt, to);

	user_release(target, targetCnt);
	if (p == NULL)
		return KERN_SUCCESS;
	if ((*error = target_error) != 0)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	struct node *dir = file_parent(&who, path, name, &entry, 0, error);
	if (dir == NULL)
		return KERN_SUCCESS;
	struct node *node = vfs_node_new(S_IFLNK | 0777, p->p_euid, p->p_egid);
	if (node != NULL && (node->n_target = strdup(to)) == NULL) {
		free(node);
		node = NULL;
	}
	*error = node == NULL ? ENOMEM : vfs_dir_add(dir, name, node);
	if (*error != 0 && node != NULL) {
		free(node->n_target);
		free(node);
	}
	vfs_node_release(dir);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_readlink(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
		 vm_address_t buffer, vm_size_t size, int *error,
		 vm_size_t *length)
{
	char path[UNIX_PATH_MAX];
	struct process *p = file_begin(port, data, dataCnt, path, error);
	struct node *node;

	*length = 0;
	if (p == NULL)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	if ((*error = vfs_lookup(&who, path, 0, &node)) != 0)
		return KERN_SUCCESS;
	if (!S_ISLNK(node->n_mode)) {
		*error = EINVAL;
	} else {
		size_t n = strlen(node->n_target);
		if (n > size)
			n = size;
		*error = user_write(p, buffer, node->n_target, n);
		*length = *error == 0 ? n : 0;
	}
	vfs_node_release(node);
	return KERN_SUCCESS;
}

/* Is node an ancestor of (or the same as) dir? */
static int
file_is_ancestor(struct node *node, struct node *dir)
{
	for (;; dir = dir->n_dir.nd_parent) {
		if (dir == node)
			return 1;
		if (dir == vfs_root)
			return 0;
	}
}

/* Can the entry `to` (possibly NULL) be replaced by node? */
static int
file_rename_check(struct node *node, struct dir_entry *to, struct node *to_dir)
{
	if (S_ISDIR(node->n_mode) && file_is_ancestor(node, to_dir))
		return EINVAL; /* into itself */
	if (to == NULL || to->de_node == node)
		return 0;
	struct node *old = to->de_node;
	if (S_ISDIR(old->n_mode) && !S_ISDIR(node->n_mode))
		return EISDIR;
	if (!S_ISDIR(old->n_mode) && S_ISDIR(node->n_mode))
		return ENOTDIR;
	if (S_ISDIR(old->n_mode) && old->n_dir.nd_entries != NULL)
		return ENOTEMPTY;
	return 0;
}

int
file_rename(const struct vfs_who *who, const char *from, const char *to)
{
	char from_name[MAXNAMLEN + 1], to_name[MAXNAMLEN + 1];
	struct dir_entry *from_entry, *to_entry;
	int error;
	struct node *from_dir =
	    file_parent(who, from, from_name, &from_entry, 1, &error);

	if (from_dir == NULL)
		return error;
	struct node *to_dir = NULL;
	if ((error = vfs_lookup_parent(who, to, &to_dir, to_name)) != 0) {
		if (error == EEXIST)
			error = EBUSY;
	} else if (strcmp(to_name, ".") == 0 || strcmp(to_name, "..") == 0) {
		error = EINVAL;
	} else if (!vfs_permitted(who, to_dir, W_OK | X_OK)) {
		error = EACCES;
	} else {
		to_entry = vfs_dir_find(to_dir, to_name);
		error =
		    file_rename_check(from_entry->de_node, to_entry, to_dir);
		if (error == 0 &&
		    (!vfs_may_remove(who, from_dir, from_entry->de_node) ||
		     (to_entry != NULL &&
		      !vfs_may_remove(who, to_dir, to_entry->de_node))))
			error = EPERM; /* the sticky bit */
		if (error == 0 && (to_entry == NULL ||
				   to_entry->de_node != from_entry->de_node)) {
			struct node *node = from_entry->de_node;
			vfs_node_hold(node);
			if (to_entry != NULL)
				vfs_dir_remove(to_dir, to_entry);
			vfs_dir_remove(from_dir, from_entry);
			/* vfs_dir_add only fails for memory: not lost then */
			if (vfs_dir_add(to_dir, to_name, node) != 0)
				vfs_dir_add(from_dir, from_name, node);
			vfs_node_release(node);
		}
	}
	if (to_dir != NULL)
		vfs_node_release(to_dir);
	vfs_node_release(from_dir);
	return error;
}

kern_return_t
do_unix_rename(mach_port_t port, char *from_data,
	       mach_msg_type_number_t from_dataCnt, char *data,
	       mach_msg_type_number_t dataCnt, int *error)
{
	char from[UNIX_PATH_MAX], to[UNIX_PATH_MAX];
	struct process *p = file_begin(port, data, dataCnt, to, error);
	int from_error = user_path(from_data, from_dataCnt, from);

	user_release(from_data, from_dataCnt);
	if (p == NULL || (*error = from_error) != 0)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	*error = file_rename(&who, from, to);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_getcwd(mach_port_t port, vm_address_t buffer, vm_size_t size,
	       int *error, vm_size_t *length)
{
	struct process *p = proc_lookup(port);
	char path[UNIX_PATH_MAX];

	*length = 0;
	*error = p == NULL
		     ? ESRCH
		     : vfs_getcwd(p->p_cwd, path,
				  size < sizeof(path) ? size : sizeof(path));
	if (*error == 0)
		*error = user_write(p, buffer, path, strlen(path) + 1);
	if (*error == 0)
		*length = strlen(path) + 1;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_chdir(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	      int *error)
{
	char path[UNIX_PATH_MAX];
	struct process *p = file_begin(port, data, dataCnt, path, error);
	struct node *node;

	if (p == NULL)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	if ((*error = vfs_lookup(&who, path, 1, &node)) != 0)
		return KERN_SUCCESS;
	if (!S_ISDIR(node->n_mode))
		*error = ENOTDIR;
	else if (!vfs_permitted(&who, node, X_OK))
		*error = EACCES;
	if (*error != 0) {
		vfs_node_release(node);
		return KERN_SUCCESS;
	}
	vfs_node_release(p->p_cwd);
	p->p_cwd = node;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_fchdir(mach_port_t port, int fd, int *error)
{
	struct process *p = proc_lookup(port);
	struct file *file = p == NULL ? NULL : fd_get(p, fd);

	*error = p == NULL ? ESRCH : file == NULL ? EBADF : 0;
	if (*error != 0)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	if (file->f_node == NULL || !S_ISDIR(file->f_node->n_mode))
		*error = ENOTDIR;
	else if (!vfs_permitted(&who, file->f_node, X_OK))
		*error = EACCES;
	if (*error != 0)
		return KERN_SUCCESS;
	vfs_node_hold(file->f_node);
	vfs_node_release(p->p_cwd);
	p->p_cwd = file->f_node;
	return KERN_SUCCESS;
}
