/*
 * The file system: nodes of the RAM file system, directories, path
 * lookup and permissions.  There is one file system, in memory, filled
 * at boot from the archive (cpio.c); a VFS with mounts comes with a
 * second one.
 *
 *	vfs_init		the root and /dev (console, tty, null, zero, fd)
 *	vfs_lookup		a path to a node (held), following symlinks
 *	vfs_lookup_parent	a path to its directory (held) and last name
 *	vfs_dir_find/add/remove	directory entries
 *	vfs_node_new/hold/release
 *	vfs_permitted		the permission bits against a caller's ids
 *	vfs_file_resize		a regular file's size
 *	vfs_stat, vfs_getcwd
 *	vfs_touch		a node's times: access, data, status change
 *	vfs_may_remove		the sticky bit of a directory
 *
 * Lifetime: a node lives while it has a name (n_nlink) or a reference
 * (n_refs: open files, cwds, a lookup in progress); vfs_node_release
 * frees it when both are gone.  A directory's entries hold its
 * children's names; its "." and ".." are not entries but answered by
 * the lookup (nd_parent; the root is its own parent).  A directory
 * counts 2 + its subdirectories in n_nlink, as UNIX has it.
 *
 * /dev/fd is a directory with no entries whose names are the caller's
 * descriptors: /dev/fd/N is the node open as descriptor N (vfs_step),
 * so "/dev/fd/N/name" is name looked up from that directory, which is
 * how the library's openat and the other *at calls start a lookup at a
 * directory descriptor.  Nobody, root included, may add to it.
 *
 * Times: a node is made with all three times now; a directory's entries
 * added or removed change its mtime and ctime, a name's coming or going
 * the node's ctime.  The calls on data change the rest (fd.c: a read
 * the atime, a write or truncation the mtime and ctime; attr.c: chmod,
 * chown and utimes the ctime).
 */
#include "unix.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VFS_SYMLINK_MAX 8 /* symlinks one lookup follows (ELOOP) */

struct node *vfs_root;
struct node *vfs_fd_dir;
static ino_t vfs_next_ino = 1;

struct node *
vfs_node_new(mode_t mode, uid_t uid, gid_t gid)
{
	struct node *node = calloc(1, sizeof(*node));

	if (node == NULL)
		return NULL;
	node->n_ino = vfs_next_ino++;
	node->n_mode = mode;
	node->n_uid = uid;
	node->n_gid = gid;
	vfs_touch(node, VFS_ATIME | VFS_MTIME | VFS_CTIME);
	return node;
}

void
vfs_touch(struct node *node, int which)
{
	int64_t now = clock_now();
	struct timespec ts = {now / 1000000000, now % 1000000000};

	if (which & VFS_ATIME)
		node->n_atime = ts;
	if (which & VFS_MTIME)
		node->n_mtime = ts;
	if (which & VFS_CTIME)
		node->n_ctime = ts;
}

void
vfs_node_hold(struct node *node)
{
	node->n_refs++;
}

static void
vfs_node_free(struct node *node)
{
	if (S_ISREG(node->n_mode))
		free(node->n_file.nf_data);
	else if (S_ISLNK(node->n_mode))
		free(node->n_target);
	free(node);
}

void
vfs_node_release(struct node *node)
{
	if (--node->n_refs == 0 && node->n_nlink == 0)
		vfs_node_free(node);
}

static struct node *
vfs_device_new(struct node *dev, const char *name, int device)
{
	struct node *node = vfs_node_new(S_IFCHR | 0666, 0, 0);

	if (node == NULL)
		return NULL;
	node->n_device = device;
	if (vfs_dir_add(dev, name, node) != 0) {
		free(node);
		return NULL;
	}
	return node;
}

int
vfs_init(void)
{
	vfs_root = vfs_node_new(S_IFDIR | 0755, 0, 0);
	if (vfs_root == NULL)
		return ENOMEM;
	vfs_root->n_nlink = 2;
	vfs_root->n_dir.nd_parent = vfs_root;
	vfs_node_hold(vfs_root); /* for ever */
	struct node *dev = vfs_node_new(S_IFDIR | 0755, 0, 0);
	if (dev == NULL || vfs_dir_add(vfs_root, "dev", dev) != 0)
		return ENOMEM;
	if (vfs_device_new(dev, "console", NODE_DEVICE_CONSOLE) == NULL ||
	    vfs_device_new(dev, "tty", NODE_DEVICE_TTY) == NULL ||
	    vfs_device_new(dev, "null", NODE_DEVICE_NULL) == NULL ||
	    vfs_device_new(dev, "zero", NODE_DEVICE_ZERO) == NULL)
		return ENOMEM;
	vfs_fd_dir = vfs_node_new(S_IFDIR | 0555, 0, 0);
	if (vfs_fd_dir == NULL || vfs_dir_add(dev, "fd", vfs_fd_dir) != 0)
		return ENOMEM;
	return 0;
}

struct dir_entry *
vfs_dir_find(struct node *dir, const char *name)
{
	for (struct dir_entry *e = dir->n_dir.nd_entries; e != NULL;
	     e = e->de_next)
		if (strcmp(e->de_name, name) == 0)
			return e;
	return NULL;
}

int
vfs_dir_add(struct node *dir, const char *name, struct node *node)
{
	size_t length = strlen(name);

	if (length > MAXNAMLEN)
		return ENAMETOOLONG;
	struct dir_entry *entry = calloc(1, sizeof(*entry));
	if (entry == NULL)
		return ENOMEM;
	memcpy(entry->de_name, name, length + 1);
	entry->de_node = node;
	struct dir_entry **link = &dir->n_dir.nd_entries;
	while (*link != NULL)
		link = &(*link)->de_next;
	*link = entry;
	node->n_nlink++;
	vfs_touch(node, VFS_CTIME);
	vfs_touch(dir, VFS_MTIME | VFS_CTIME);
	if (S_ISDIR(node->n_mode)) {
		node->n_nlink++; /* its own "." */
		node->n_dir.nd_parent = dir;
		dir->n_nlink++; /* its ".." */
	}
	return 0;
}

void
vfs_dir_remove(struct node *dir, struct dir_entry *entry)
{
	struct node *node = entry->de_node;
	struct dir_entry **link = &dir->n_dir.nd_entries;

	while (*link != entry)
		link = &(*link)->de_next;
	*link = entry->de_next;
	free(entry);
	if (S_ISDIR(node->n_mode)) {
		node->n_nlink -= 2; /* its name and its "." */
		dir->n_nlink--;
	} else {
		node->n_nlink--;
	}
	vfs_touch(node, VFS_CTIME);
	vfs_touch(dir, VFS_MTIME | VFS_CTIME);
	vfs_node_hold(node);
	vfs_node_release(node); /* frees it if nothing refers to it */
}

/* Does who have the access (R_OK, W_OK, X_OK bits) to node? */
int
vfs_permitted(const struct vfs_who *who, struct node *node, int access)
{
	mode_t mode = node->n_mode;
	int granted;

	if ((access & W_OK) && node == vfs_fd_dir)
		return 0; /* its names are the descriptors' */
	if (who->vw_uid == 0) {
		/* root: everything, but execute needs some x bit */
		if ((access & X_OK) && !S_ISDIR(mode) &&
		    (mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0)
			return 0;
		return 1;
	}
	if (who->vw_uid == node->n_uid)
		granted = (mode >> 6) & 7;
	else if (who->vw_gid == node->n_gid)
		granted = (mode >> 3) & 7;
	else
		granted = mode & 7;
	return (granted & access) == access;
}

int
vfs_may_remove(const struct vfs_who *who, struct node *dir, struct node *node)
{
	return !(dir->n_mode & S_ISVTX) || who->vw_uid == 0 ||
	       who->vw_uid == node->n_uid || who->vw_uid == dir->n_uid;
}

/* The node of who's descriptor named name in /dev/fd: ENOENT for a
 * name that is no number, EBADF for a descriptor not open (what the *at
 * calls answer for it), ENXIO for a pipe's. */
static int
vfs_step_fd(const struct vfs_who *who, const char *name, struct node **next)
{
	int fd = 0;

	if (name[0] == '\0' || who->vw_files == NULL)
		return ENOENT;
	for (const char *c = name; *c != '\0'; c++) {
		if (*c < '0' || *c > '9')
			return ENOENT;
		if (fd >= UNIX_FD_MAX)
			return EBADF;
		fd = fd * 10 + (*c - '0');
	}
	if (fd >= UNIX_FD_MAX || who->vw_files[fd] == NULL)
		return EBADF;
	if (who->vw_files[fd]->f_node == NULL)
		return ENXIO;
	*next = who->vw_files[fd]->f_node;
	return 0;
}

/* One step of a lookup: name in the directory dir. */
static int
vfs_step(const struct vfs_who *who, struct node *dir, const char *name,
	 struct node **next)
{
	if (!S_ISDIR(dir->n_mode))
		return ENOTDIR;
	if (!vfs_permitted(who, dir, X_OK))
		return EACCES;
	if (strcmp(name, ".") == 0) {
		*next = dir;
		return 0;
	}
	if (strcmp(name, "..") == 0) {
		*next = dir->n_dir.nd_parent;
		return 0;
	}
	if (dir == vfs_fd_dir)
		return vfs_step_fd(who, name, next);
	struct dir_entry *entry = vfs_dir_find(dir, name);
	if (entry == NULL)
		return ENOENT;
	*next = entry->de_node;
	return 0;
}

/* Copies the next component of *path into name and moves past it;
 * returns 0, or ENAMETOOLONG. */
static int
vfs_component(const char **path, char *name)
{
	const char *p = *path;
	size_t length = 0;

	while (*p == '/')
		p++;
	while (p[length] != '\0' && p[length] != '/')
		length++;
	if (length > MAXNAMLEN)
		return ENAMETOOLONG;
	memcpy(name, p, length);
	name[length] = '\0';
	p += length;
	while (*p == '/')
		p++;
	*path = p;
	return 0;
}

/*
 * Walks path from start (or the root) to its last component's
 * directory; the symlinks met on the way are followed, counted in
 * *links.  Returns the directory (not held) in *dir and the last
 * component in name ("" for "/" or a path ending in the root).
 */
static int vfs_walk(const struct vfs_who *who, struct node *start,
		    const char *path, int *links, struct node **dir,
		    char *name);

/* Follows the symlink node found in dir; the result (not held) in *out. */
static int
vfs_follow(const struct vfs_who *who, struct node *dir, struct node *node,
	   int *links, struct node **out)
{
	char name[MAXNAMLEN + 1];
	struct node *parent;
	int error;

	if (++*links > VFS_SYMLINK_MAX)
		return ELOOP;
	error = vfs_walk(who, dir, node->n_target, links, &parent, name);
	if (error != 0)
		return error;
	if (name[0] == '\0') {
		*out = parent;
		return 0;
	}
	error = vfs_step(who, parent, name, &node);
	if (error == 0 && S_ISLNK(node->n_mode))
		return vfs_follow(who, parent, node, links, out);
	*out = node;
	return error;
}

static int
vfs_walk(const struct vfs_who *who, struct node *start, const char *path,
	 int *links, struct node **dir, char *name)
{
	struct node *node = path[0] == '/' ? vfs_root : start;
	int error;

	name[0] = '\0';
	for (;;) {
		if ((error = vfs_component(&path, name)) != 0)
			return error;
		if (*path == '\0')
			break;
		struct node *next;
		if ((error = vfs_step(who, node, name, &next)) != 0)
			return error;
		if (S_ISLNK(next->n_mode) &&
		    (error = vfs_follow(who, node, next, links, &next)) != 0)
			return error;
		node = next;
	}
	if (!S_ISDIR(node->n_mode))
		return ENOTDIR;
	*dir = node;
	return 0;
}

int
vfs_lookup_parent(const struct vfs_who *who, const char *path,
		  struct node **parent, char *name)
{
	int links = 0;
	int error = vfs_walk(who, who->vw_cwd, path, &links, parent, name);

	if (error == 0 && name[0] == '\0')
		return EEXIST; /* the root itself */
	if (error == 0)
		vfs_node_hold(*parent);
	return error;
}

int
vfs_lookup(const struct vfs_who *who, const char *path, int follow,
	   struct node **result)
{
	char name[MAXNAMLEN + 1];
	struct node *dir, *node;
	int links = 0;
	int error = vfs_walk(who, who->vw_cwd, path, &links, &dir, name);

	if (error != 0)
		return error;
	if (name[0] == '\0' || strcmp(name, ".") == 0) {
		node = dir;
	} else {
		if ((error = vfs_step(who, dir, name, &node)) != 0)
			return error;
		if (S_ISLNK(node->n_mode) && follow &&
		    (error = vfs_follow(who, dir, node, &links, &node)) != 0)
			return error;
	}
	/* "name/" must be a directory */
	size_t length = strlen(path);
	if (length > 0 && path[length - 1] == '/' && !S_ISDIR(node->n_mode))
		return ENOTDIR;
	vfs_node_hold(node);
	*result = node;
	return 0;
}

int
vfs_file_resize(struct node *node, off_t size)
{
	if (size < 0)
		return EINVAL;
	if (size > node->n_file.nf_capacity) {
		off_t capacity = node->n_file.nf_capacity * 2;
		if (capacity < size)
			capacity = size;
		char *data = realloc(node->n_file.nf_data, capacity);
		if (data == NULL)
			return ENOSPC;
		node->n_file.nf_data = data;
		node->n_file.nf_capacity = capacity;
	}
	if (size > node->n_file.nf_size)
		memset(node->n_file.nf_data + node->n_file.nf_size, 0,
		       size - node->n_file.nf_size);
	if (size < node->n_file.nf_size) {
		/* the mappings lose the pages past the new end */
		off_t old = node->n_file.nf_size;
		pager_change_begin(node, size, old - size);
		node->n_file.nf_size = size;
		pager_change_end(node);
	}
	node->n_file.nf_size = size;
	return 0;
}

void
vfs_stat(struct node *node, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	st->st_ino = node->n_ino;
	st->st_mode = node->n_mode;
	st->st_nlink = node->n_nlink;
	st->st_uid = node->n_uid;
	st->st_gid = node->n_gid;
	st->st_blksize = 4096;
	st->st_atim = node->n_atime;
	st->st_mtim = node->n_mtime;
	st->st_ctim = node->n_ctime;
	if (S_ISREG(node->n_mode))
		st->st_size = node->n_file.nf_size;
	else if (S_ISLNK(node->n_mode))
		st->st_size = strlen(node->n_target);
	else if (S_ISCHR(node->n_mode))
		st->st_rdev = node->n_device;
	st->st_blocks = (st->st_size + 511) / 512;
}

/* The name of node in its parent. */
static const char *
vfs_name_in_parent(struct node *node)
{
	struct node *parent = node->n_dir.nd_parent;

	for (struct dir_entry *e = parent->n_dir.nd_entries; e != NULL;
	     e = e->de_next)
		if (e->de_node == node)
			return e->de_name;
	return NULL;
}

int
vfs_getcwd(struct node *cwd, char *buffer, size_t size)
{
	char path[UNIX_PATH_MAX];
	size_t start = sizeof(path) - 1;

	path[start] = '\0';
	if (cwd->n_nlink == 0)
		return ENOENT; /* removed */
	for (struct node *node = cwd; node != vfs_root;
	     node = node->n_dir.nd_parent) {
		const char *name = vfs_name_in_parent(node);
		size_t length = name == NULL ? 0 : strlen(name);
		if (name == NULL)
			return ENOENT;
		if (length + 1 > start)
			return ENAMETOOLONG;
		start -= length;
		memcpy(path + start, name, length);
		path[--start] = '/';
	}
	if (start == sizeof(path) - 1)
		path[--start] = '/';
	if (sizeof(path) - start > size)
		return ERANGE;
	memcpy(buffer, path + start, sizeof(path) - start);
	return 0;
}
