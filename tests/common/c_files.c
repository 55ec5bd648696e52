/*
 * Files in the common subset: open, read, write, lseek, fstat, stat,
 * ftruncate, dup, dup2, unlink, rename, and their errors.
 */
#include "common.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH  "/tmp/c_files"
#define OTHER "/tmp/c_files.renamed"

static void
test_write_read(void)
{
	char buf[32];
	struct stat st;
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);

	tap_ok(fd >= 0, "open O_CREAT|O_TRUNC|O_RDWR");
	tap_is_int(write(fd, "hello, world", 12), 12, "write 12 bytes");
	tap_is_int(lseek(fd, 0, SEEK_CUR), 12, "the offset is past them");
	tap_is_int(lseek(fd, 7, SEEK_SET), 7, "lseek SEEK_SET");
	memset(buf, 0, sizeof(buf));
	tap_is_int(read(fd, buf, sizeof(buf)), 5, "read to the end: 5 bytes");
	tap_is_str(buf, "world", "the bytes read");
	tap_is_int(read(fd, buf, sizeof(buf)), 0, "read at the end: 0");
	tap_is_int(lseek(fd, -5, SEEK_END), 7, "lseek SEEK_END");
	tap_is_int(fstat(fd, &st), 0, "fstat");
	tap_ok(S_ISREG(st.st_mode), "a regular file");
	tap_is_int(st.st_size, 12, "its size");
	tap_is_int(ftruncate(fd, 5), 0, "ftruncate to 5");
	tap_is_int(stat(PATH, &st), 0, "stat");
	tap_is_int(st.st_size, 5, "stat sees the new size");
	tap_fails(lseek(fd, -100, SEEK_SET), EINVAL, "lseek before 0: EINVAL");
	tap_is_int(close(fd), 0, "close");
	tap_fails(close(fd), EBADF, "close twice: EBADF");
}

static void
test_dup(void)
{
	char c = 0;
	int fd = open(PATH, O_RDONLY);
	int copy = dup(fd);

	tap_ok(copy > fd, "dup gives the lowest free descriptor");
	tap_is_int(read(fd, &c, 1), 1, "read one byte");
	tap_is_int(lseek(copy, 0, SEEK_CUR), 1, "dup shares the offset");
	tap_is_int(dup2(fd, 20), 20, "dup2 to 20");
	tap_is_int(read(20, &c, 1), 1, "read through the dup2'ed descriptor");
	tap_is_int(c, 'e', "it continues at the shared offset");
	tap_is_int(fcntl(copy, F_GETFD), 0, "a dup is not close-on-exec");
	tap_is_int(fcntl(copy, F_SETFD, FD_CLOEXEC), 0, "F_SETFD");
	tap_is_int(fcntl(copy, F_GETFD), FD_CLOEXEC, "F_GETFD");
	tap_fails(write(fd, "x", 1), EBADF, "write to a read-only file: EBADF");
	close(20);
	close(copy);
	close(fd);
	tap_fails(dup(fd), EBADF, "dup of a closed descriptor: EBADF");
}

static void
test_append_and_names(void)
{
	char buf[16] = {0};
	int fd = open(PATH, O_WRONLY | O_APPEND);

	lseek(fd, 0, SEEK_SET);
	tap_is_int(write(fd, "!", 1), 1, "O_APPEND write");
	close(fd);
	fd = open(PATH, O_WRONLY);
	tap_is_int(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_WRONLY,
		   "F_GETFL: O_WRONLY");
	fcntl(fd, F_SETFL, O_APPEND);
	tap_is_int(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND),
		   O_WRONLY | O_APPEND, "F_SETFL O_APPEND, the mode kept");
	tap_is_int(write(fd, "?", 1), 1, "then a write at offset 0");
	close(fd);
	fd = open(PATH, O_RDONLY);
	tap_is_int(read(fd, buf, sizeof(buf)), 7, "both went to the end");
	tap_is_str(buf, "hello!?", "the file's bytes");
	close(fd);
	tap_fails(open(PATH, O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST,
		  "O_CREAT|O_EXCL of an existing file: EEXIST");
	tap_fails(open("/tmp/c_files.none", O_RDONLY), ENOENT,
		  "a missing file: ENOENT");
	tap_fails(open(PATH "/x", O_RDONLY), ENOTDIR,
		  "a file as a directory: ENOTDIR");
	tap_is_int(rename(PATH, OTHER), 0, "rename");
	tap_fails(stat(PATH, &(struct stat){0}), ENOENT,
		  "the old name is gone");
	tap_is_int(unlink(OTHER), 0, "unlink");
	tap_fails(unlink(OTHER), ENOENT, "unlink twice: ENOENT");
}

int
main(void)
{
	tap_plan(41);
	unlink(PATH);
	unlink(OTHER);
	test_write_read();
	test_dup();
	test_append_and_names();
	return tap_done();
}
