/*
 * The attributes of a file: its mode, its owner and group, its access
 * and modification times (chmod, fchmod, fchmodat, chown, fchown,
 * lchown, fchownat, utime, utimes, futimes, utimensat, futimens).
 *
 *	do_unix_chmod		chmod of a path (the original call)
 *	do_unix_setattr		any of the three, of a path from a directory
 *				descriptor or of a descriptor's own file
 *
 * The rules are POSIX's: the mode only by the owner or root; the owner
 * only by root; the group by root, or by the owner to a group it
 * belongs to (its effective group: there are no supplementary groups);
 * the times set to now by the owner, root or whoever may write the
 * file, set to any other time only by the owner or root.  Each call
 * checks all it was asked before it changes anything, and a change
 * marks the ctime.
 */
#include "unix.h"
#include "unix_server.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Nanoseconds that are a time (not UTIME_NOW or UTIME_OMIT). */
#define ATTR_NANOSECONDS 1000000000

/*
 * The node a setattr names (held): path from the directory of dirfd, or
 * dirfd's own file for an empty path.
 */
static int
attr_node(struct process *p, int dirfd, const char *path, int follow,
	  struct node **node)
{
	struct vfs_who who = proc_who(p);

	if (path[0] != '/' && dirfd != UNIX_AT_FDCWD) {
		struct file *file = fd_get(p, dirfd);
		if (file == NULL)
			return EBADF;
		if (path[0] == '\0') {
			if (file->f_node == NULL)
				return EINVAL; /* a pipe has no attributes */
			vfs_node_hold(file->f_node);
			*node = file->f_node;
			return 0;
		}
		if (file->f_node == NULL || !S_ISDIR(file->f_node->n_mode))
			return ENOTDIR;
		who.vw_cwd = file->f_node;
	}
	if (path[0] == '\0')
		return ENOENT;
	return vfs_lookup(&who, path, follow, node);
}

static int
attr_check_mode(const struct vfs_who *who, struct node *node, int *mode)
{
	if (who->vw_uid != 0 && who->vw_uid != node->n_uid)
		return EPERM;
	*mode &= 07777;
	/* POSIX lets a set-group-id bit of a group not the caller's go */
	if (who->vw_uid != 0 && !S_ISDIR(node->n_mode) &&
	    who->vw_gid != node->n_gid)
		*mode &= ~S_ISGID;
	return 0;
}

static int
attr_check_owner(const struct vfs_who *who, struct node *node, int uid, int gid)
{
	if (who->vw_uid == 0 || (uid == -1 && gid == -1))
		return 0;
	if (who->vw_uid != node->n_uid)
		return EPERM;
	if (uid != -1 && (uid_t)uid != node->n_uid)
		return EPERM; /* giving a file away */
	if (gid != -1 && (gid_t)gid != node->n_gid && (gid_t)gid != who->vw_gid)
		return EPERM; /* a group the caller is not in */
	return 0;
}

/* Is a timestamp's nanoseconds field well formed? */
static int
attr_time_valid(int64_t nanoseconds)
{
	return (nanoseconds >= 0 && nanoseconds < ATTR_NANOSECONDS) ||
	       nanoseconds == UTIME_NOW || nanoseconds == UTIME_OMIT;
}

static int
attr_check_times(const struct vfs_who *who, struct node *node,
		 const int64_t *times)
{
	if (!attr_time_valid(times[1]) || !attr_time_valid(times[3]))
		return EINVAL;
	if (times[1] == UTIME_OMIT && times[3] == UTIME_OMIT)
		return 0;
	int owner = who->vw_uid == 0 || who->vw_uid == node->n_uid;
	int now_only = (times[1] == UTIME_NOW || times[1] == UTIME_OMIT) &&
		       (times[3] == UTIME_NOW || times[3] == UTIME_OMIT);
	if (owner)
		return 0;
	if (!now_only)
		return EPERM;
	return vfs_permitted(who, node, W_OK) ? 0 : EACCES;
}

/* One timestamp as its pair asks: a time, now, or unchanged. */
static void
attr_set_time(struct timespec *ts, const int64_t *pair,
	      const struct timespec *now)
{
	if (pair[1] == UTIME_OMIT)
		return;
	if (pair[1] == UTIME_NOW) {
		*ts = *now;
		return;
	}
	ts->tv_sec = pair[0];
	ts->tv_nsec = pair[1];
}

/* Checks every change which asks for, then makes them all. */
static int
attr_change(const struct vfs_who *who, struct node *node, int which, int mode,
	    int uid, int gid, const int64_t *times)
{
	int error = 0;

	if (which & ~(UNIX_ATTR_MODE | UNIX_ATTR_OWNER | UNIX_ATTR_TIMES))
		return EINVAL;
	if (which & UNIX_ATTR_MODE)
		error = attr_check_mode(who, node, &mode);
	if (error == 0 && (which & UNIX_ATTR_OWNER))
		error = attr_check_owner(who, node, uid, gid);
	if (error == 0 && (which & UNIX_ATTR_TIMES))
		error = attr_check_times(who, node, times);
	if (error != 0)
		return error;
	/* from here on nothing fails */
	if (which & UNIX_ATTR_MODE)
		node->n_mode = (node->n_mode & S_IFMT) | mode;
	if ((which & UNIX_ATTR_OWNER) && (uid != -1 || gid != -1)) {
		if (uid != -1)
			node->n_uid = uid;
		if (gid != -1)
			node->n_gid = gid;
		if (!S_ISDIR(node->n_mode))
			node->n_mode &= ~(S_ISUID | S_ISGID);
	}
	vfs_touch(node, VFS_CTIME);
	if (which & UNIX_ATTR_TIMES) {
		attr_set_time(&node->n_atime, times, &node->n_ctime);
		attr_set_time(&node->n_mtime, times + 2, &node->n_ctime);
	}
	return 0;
}

kern_return_t
do_unix_setattr(mach_port_t port, int dirfd, char *data,
		mach_msg_type_number_t dataCnt, int follow, int which, int mode,
		int uid, int gid, unix_attr_times_t times, int *error)
{
	char path[UNIX_PATH_MAX];
	struct process *p = proc_lookup(port);
	struct node *node;

	*error = p == NULL ? ESRCH : user_path(data, dataCnt, path);
	if (*error == ENOENT && dataCnt > 0 && data[0] == '\0') {
		path[0] = '\0'; /* the descriptor's own file */
		*error = 0;
	}
	user_release(data, dataCnt);
	if (*error != 0)
		return KERN_SUCCESS;
	if ((*error = attr_node(p, dirfd, path, follow, &node)) != 0)
		return KERN_SUCCESS;
	struct vfs_who who = proc_who(p);
	*error = attr_change(&who, node, which, mode, uid, gid, times);
	vfs_node_release(node);
	return KERN_SUCCESS;
}

kern_return_t
do_unix_chmod(mach_port_t port, char *data, mach_msg_type_number_t dataCnt,
	      int mode, int *error)
{
	int64_t times[4] = {0, UTIME_OMIT, 0, UTIME_OMIT};

	return do_unix_setattr(port, UNIX_AT_FDCWD, data, dataCnt, 1,
			       UNIX_ATTR_MODE, mode, -1, -1, times, error);
}
