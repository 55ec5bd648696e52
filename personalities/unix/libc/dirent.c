/*
 * opendir, readdir and friends over getdents (<sys/dirent.h>): a DIR is
 * a descriptor opened with O_DIRECTORY and a buffer of the records the
 * server wrote.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define DIR_BUFFER 4096

struct unix_dir {
	int d_fd;
	int d_used, d_next; /* bytes in d_buffer; the next record */
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
		int n = getdents(dir->d_fd, dir->d_buffer, DIR_BUFFER);
		if (n <= 0)
			return NULL; /* the end (errno unchanged) or an error */
		dir->d_used = n;
		dir->d_next = 0;
	}
	struct dirent *d =
	    (struct dirent *)((char *)dir->d_buffer + dir->d_next);
	dir->d_next += d->d_reclen;
	return d;
}

void
rewinddir(DIR *dir)
{
	lseek(dir->d_fd, 0, SEEK_SET);
	dir->d_used = dir->d_next = 0;
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
