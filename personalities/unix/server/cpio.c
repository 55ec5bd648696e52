/*
 * Fills the RAM file system from a cpio "newc" archive (what
 * `cpio -H newc -o` writes): each member is a 110-byte header of
 * "070701" and thirteen 8-digit hex fields, its name (namesize bytes
 * with the NUL) padded to 4, its data (filesize bytes) padded to 4; the
 * member "TRAILER!!!" ends it.
 *
 *	cpio_load	every member: directories, regular files and
 *			symlinks, with their modes and ids; missing parent
 *			directories are made; other types are skipped
 *
 * Everything is checked against the archive's size before it is used:
 * a malformed archive gives EINVAL (what it made until then stays).
 */
#include "unix.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CPIO_HEADER_SIZE 110
#define CPIO_ALIGN(x)	 (((x) + 3) & ~(size_t)3)

struct cpio_member {
	mode_t cm_mode;
	uid_t cm_uid;
	gid_t cm_gid;
	size_t cm_size;
	const char *cm_name, *cm_data;
};

/* Field i (0: c_ino ... 12: c_check) of the header at h; -1 if bad. */
static long
cpio_field(const char *h, int i)
{
	long value = 0;

	for (const char *p = h + 6 + 8 * i; p < h + 14 + 8 * i; p++) {
		int digit = *p >= '0' && *p <= '9'   ? *p - '0'
			    : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
			    : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
						     : -1;
		if (digit < 0)
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

/* Parses the member at *offset; moves *offset past it. */
static int
cpio_member(const char *archive, size_t size, size_t *offset,
	    struct cpio_member *m)
{
	const char *h = archive + *offset;

	if (size - *offset < CPIO_HEADER_SIZE || memcmp(h, "070701", 6) != 0)
		return EINVAL;
	long mode = cpio_field(h, 1), uid = cpio_field(h, 2),
	     gid = cpio_field(h, 3), filesize = cpio_field(h, 6),
	     namesize = cpio_field(h, 11);
	if (mode < 0 || uid < 0 || gid < 0 || filesize < 0 || namesize < 1)
		return EINVAL;
	size_t name_at = *offset + CPIO_HEADER_SIZE;
	if ((size_t)namesize > size - name_at ||
	    archive[name_at + namesize - 1] != '\0')
		return EINVAL;
	size_t data_at = CPIO_ALIGN(name_at + namesize);
	if (data_at > size || (size_t)filesize > size - data_at)
		return EINVAL;
	m->cm_mode = mode;
	m->cm_uid = uid;
	m->cm_gid = gid;
	m->cm_size = filesize;
	m->cm_name = archive + name_at;
	m->cm_data = archive + data_at;
	*offset = CPIO_ALIGN(data_at + filesize);
	if (*offset > size)
		*offset = size;
	return 0;
}

/* The directory that holds path (made if missing); name: its last
 * component.  Archive paths are relative ("./a/b" or "a/b"). */
static struct node *
cpio_parent(const char *path, char *name)
{
	struct node *dir = vfs_root;
	const char *p = path;

	for (;;) {
		while (*p == '/' || (p[0] == '.' && p[1] == '/'))
			p += *p == '/' ? 1 : 2;
		size_t length = strcspn(p, "/");
		if (length > MAXNAMLEN)
			return NULL;
		memcpy(name, p, length);
		name[length] = '\0';
		if (p[length] == '\0')
			return dir;
		struct dir_entry *entry = vfs_dir_find(dir, name);
		struct node *next = entry == NULL ? NULL : entry->de_node;
		if (next == NULL) {
			next = vfs_node_new(S_IFDIR | 0755, 0, 0);
			if (next == NULL || vfs_dir_add(dir, name, next) != 0)
				return NULL;
		}
		if (!S_ISDIR(next->n_mode))
			return NULL;
		dir = next;
		p += length;
	}
}

static int
cpio_add(const struct cpio_member *m)
{
	char name[MAXNAMLEN + 1];
	struct node *dir = cpio_parent(m->cm_name, name);

	if (dir == NULL)
		return EINVAL;
	if (name[0] == '\0' || strcmp(name, ".") == 0)
		return 0; /* the root itself */
	struct dir_entry *old = vfs_dir_find(dir, name);
	if (old != NULL && S_ISDIR(old->de_node->n_mode) &&
	    S_ISDIR(m->cm_mode)) {
		old->de_node->n_mode = m->cm_mode;
		return 0;
	}
	if (old != NULL)
		return EINVAL; /* twice in one archive */
	struct node *node = vfs_node_new(m->cm_mode, m->cm_uid, m->cm_gid);
	if (node == NULL)
		return ENOMEM;
	int error = 0;
	if (S_ISREG(m->cm_mode)) {
		error = vfs_file_resize(node, m->cm_size);
		if (error == 0)
			memcpy(node->n_file.nf_data, m->cm_data, m->cm_size);
	} else if (S_ISLNK(m->cm_mode)) {
		node->n_target = strndup(m->cm_data, m->cm_size);
		error = node->n_target == NULL ? ENOMEM : 0;
	} else if (!S_ISDIR(m->cm_mode)) {
		free(node);
		return 0; /* devices, fifos: not from an archive */
	}
	if (error == 0)
		error = vfs_dir_add(dir, name, node);
	if (error != 0) {
		vfs_node_hold(node);
		vfs_node_release(node);
	}
	return error;
}

int
cpio_load(const char *archive, size_t size)
{
	size_t offset = 0;
	struct cpio_member m;

	for (;;) {
		int error = cpio_member(archive, size, &offset, &m);
		if (error != 0)
			return error;
		if (strcmp(m.cm_name, "TRAILER!!!") == 0)
			return 0;
		if ((error = cpio_add(&m)) != 0)
			return error;
	}
}
