/*
 * opendir, readdir and friends over getdents (<sys/dirent.h>): a DIR is
 * a descriptor opened with O_DIRECTORY and a buffer of the records the
 * server wrote.  A directory's offset is the index of its next entry
 * (server/fd.c), so telldir is the buffer's first entry's index plus
 * the records read from it, and seekdir an lseek to such an index.
 * scandir and alphasort over those.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIR_BUFFER 4096

struct unix_dir {
	int d_fd;
	int d_used, d_next; /* bytes in d_buffer; the next record */
	long d_base;	    /* the index of d_buffer's first entry */
	long d_taken;	    /* records readdir returned from d_buffer */
	long d_buffer[DIR_BUFFER / sizeof(long)];
};

DIR *
fdopendir(int fd)
{
	DIR *dir = malloc(sizeof(*dir));

	if (dir == NULL)
		return NULL;
	dir->d_fd = fd;
	dir->d_used = dir->d_next = 0;
	dir->d_base = dir->d_taken = 0;
	return dir;
}

DIR *
opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	DIR *dir = fdopendir(fd);
	if (dir == NULL)
		close(fd);
	return dir;
}

struct dirent *
readdir(DIR *dir)
{
	if (dir->d_next >= dir->d_used) {
		dir->d_base = lseek(dir->d_fd, 0, SEEK_CUR);
		dir->d_taken = 0;
		int n = getdents(dir->d_fd, dir->d_buffer, DIR_BUFFER);
		if (n <= 0)
			return NULL; /* the end (errno unchanged) or an error */
		dir->d_used = n;
		dir->d_next = 0;
	}
	struct dirent *d =
	    (struct dirent *)((char *)dir->d_buffer + dir->d_next);
	dir->d_next += d->d_reclen;
	dir->d_taken++;
	return d;
}

void
rewinddir(DIR *dir)
{
	seekdir(dir, 0);
}

long
telldir(DIR *dir)
{
	if (dir->d_next >= dir->d_used)
		return lseek(dir->d_fd, 0, SEEK_CUR);
	return dir->d_base + dir->d_taken;
}

void
seekdir(DIR *dir, long position)
{
	lseek(dir->d_fd, position, SEEK_SET);
	dir->d_used = dir->d_next = 0;
	dir->d_base = position;
	dir->d_taken = 0;
}

int
alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

/* Frees the first count entries of list and list. */
static void
scandir_free(struct dirent **list, size_t count)
{
	while (count > 0)
		free(list[--count]);
	free(list);
}

int
scandir(const char *path, struct dirent ***result,
	int (*select)(const struct dirent *),
	int (*compare)(const struct dirent **, const struct dirent **))
{
	DIR *dir = opendir(path);
	struct dirent **list = NULL, *d;
	size_t count = 0, capacity = 0;

	if (dir == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (select != NULL && !select(d))
			continue;
		if (count == capacity) {
			capacity = capacity == 0 ? 16 : capacity * 2;
			struct dirent **more =
			    realloc(list, capacity * sizeof(*list));
			if (more == NULL)
				goto fail;
			list = more;
		}
		if ((list[count] = malloc(d->d_reclen)) == NULL)
			goto fail;
		memcpy(list[count++], d, d->d_reclen);
	}
	closedir(dir);
	if (compare != NULL && count > 1)
		qsort(list, count, sizeof(*list),
		      (int (*)(const void *, const void *))compare);
	*result = list;
	return (int)count;
fail:
	scandir_free(list, count);
	closedir(dir);
	errno = ENOMEM;
	return -1;
}

int
dirfd(DIR *dir)
{
	return dir->d_fd;
}

int
closedir(DIR *dir)
{
	int result = close(dir->d_fd);

	free(dir);
	return result;
}
