/*
 * Files and directories over the UNIX server: every call of the file
 * family, its results, and its errno in each failure case.
 */
#include "../os/lib/tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
test_open_close(void)
{
	int fd = open("/tmp/a", O_CREAT | O_RDWR, 0644);
	tap_ok(fd >= 3, "open O_CREAT makes a file");
	tap_is_int(write(fd, "hello", 5), 5, "write 5 bytes");
	tap_is_int(close(fd), 0, "close");
	tap_fails(close(fd), EBADF, "close twice: EBADF");
	tap_fails(close(-1), EBADF, "close(-1): EBADF");
	tap_fails(close(1000), EBADF, "close(1000): EBADF");
	tap_fails(open("/tmp/a", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST,
		  "O_CREAT|O_EXCL of an existing file: EEXIST");
	tap_fails(open("/tmp/none", O_RDONLY), ENOENT, "missing file: ENOENT");
	tap_fails(open("/tmp/none/x", O_RDONLY), ENOENT,
		  "missing directory: ENOENT");
	tap_fails(open("/tmp/a/x", O_RDONLY), ENOTDIR,
		  "a file as a directory: ENOTDIR");
	tap_fails(open("/tmp/a", O_RDONLY | O_DIRECTORY), ENOTDIR,
		  "O_DIRECTORY of a file: ENOTDIR");
	tap_fails(open("/tmp", O_WRONLY), EISDIR,
		  "a directory for writing: EISDIR");
	tap_fails(open("", O_RDONLY), ENOENT, "empty path: ENOENT");
	tap_fails(open((char *)8, O_RDONLY), EFAULT,
		  "bad path pointer: EFAULT");

	char longpath[1100];
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	tap_fails(open(longpath, O_RDONLY), ENAMETOOLONG,
		  "a path longer than PATH_MAX: ENAMETOOLONG");
	char longname[300] = "/tmp/";
	memset(longname + 5, 'b', 290);
	longname[295] = '\0';
	tap_fails(open(longname, O_RDONLY), ENAMETOOLONG,
		  "a name longer than NAME_MAX: ENAMETOOLONG");

	fd = open("/tmp/a", O_RDWR | O_TRUNC);
	struct stat st;
	tap_ok(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0,
	       "O_TRUNC empties the file");
	close(fd);
	fd = open("/tmp/a", O_WRONLY | O_APPEND);
	write(fd, "ab", 2);
	lseek(fd, 0, SEEK_SET);
	write(fd, "cd", 2);
	close(fd);
	char buf[16] = "";
	fd = open("/tmp/a", O_RDONLY);
	tap_is_int(read(fd, buf, sizeof(buf)), 4, "O_APPEND: both writes");
	buf[4] = '\0';
	tap_is_str(buf, "abcd", "O_APPEND writes at the end");
	tap_fails(write(fd, "x", 1), EBADF, "write to O_RDONLY: EBADF");
	close(fd);
	fd = open("/tmp/a", O_WRONLY);
	tap_fails(read(fd, buf, 1), EBADF, "read from O_WRONLY: EBADF");
	close(fd);
}

static void
test_read_write(void)
{
	char buf[32];
	int fd = open("/tmp/rw", O_CREAT | O_RDWR | O_TRUNC, 0644);

	tap_is_int(write(fd, "0123456789", 10), 10, "write 10");
	tap_is_int(lseek(fd, 0, SEEK_CUR), 10, "lseek SEEK_CUR after write");
	tap_is_int(lseek(fd, 2, SEEK_SET), 2, "lseek SEEK_SET");
	tap_is_int(read(fd, buf, 3), 3, "read 3");
	tap_ok(memcmp(buf, "234", 3) == 0, "the bytes at the offset");
	tap_is_int(lseek(fd, -1, SEEK_END), 9, "lseek SEEK_END");
	tap_is_int(read(fd, buf, 10), 1, "a short read at the end");
	tap_is_int(read(fd, buf, 10), 0, "read at end of file: 0");
	tap_fails(lseek(fd, -20, SEEK_SET), EINVAL, "lseek before 0: EINVAL");
	tap_fails(lseek(fd, 0, 42), EINVAL, "lseek bad whence: EINVAL");
	tap_fails(lseek(1000, 0, SEEK_SET), EBADF, "lseek bad fd: EBADF");
	tap_is_int(lseek(fd, 20, SEEK_SET), 20, "lseek past the end");
	tap_is_int(write(fd, "Z", 1), 1, "write past the end");
	struct stat st;
	fstat(fd, &st);
	tap_is_int(st.st_size, 21, "the hole counts in the size");
	tap_is_int(pread(fd, buf, 2, 12), 2, "pread a hole");
	tap_ok(buf[0] == 0 && buf[1] == 0, "a hole reads as zeros");
	tap_is_int(pwrite(fd, "AB", 2, 0), 2, "pwrite");
	tap_is_int(pread(fd, buf, 3, 0), 3, "pread");
	tap_ok(memcmp(buf, "AB2", 3) == 0, "pwrite wrote at its offset");
	tap_is_int(lseek(fd, 0, SEEK_CUR), 21,
		   "pread and pwrite leave the offset");
	tap_fails(pread(fd, buf, 1, -1), EINVAL, "pread at -1: EINVAL");
	lseek(fd, 0, SEEK_SET);
	tap_fails(read(fd, (void *)8, 4), EFAULT,
		  "read into a bad buffer: EFAULT");
	tap_fails(write(fd, (void *)8, 4), EFAULT,
		  "write from a bad buffer: EFAULT");
	tap_fails(fstat(fd, (struct stat *)8), EFAULT,
		  "fstat to a bad buffer: EFAULT");
	tap_is_int(ftruncate(fd, 5), 0, "ftruncate shorter");
	fstat(fd, &st);
	tap_is_int(st.st_size, 5, "ftruncate's size");
	tap_fails(ftruncate(fd, -1), EINVAL, "ftruncate to -1: EINVAL");
	close(fd);
	fd = open("/tmp/rw", O_RDONLY);
	tap_fails(ftruncate(fd, 0), EBADF, "ftruncate of O_RDONLY: EBADF");
	close(fd);
}

static void
test_stat(void)
{
	struct stat st, st2;

	tap_is_int(stat("/tmp/rw", &st), 0, "stat");
	tap_ok(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0644,
	       "stat: a regular file, mode 0644");
	tap_is_int(st.st_nlink, 1, "stat: one link");
	tap_is_int(stat("/tmp", &st), 0, "stat a directory");
	tap_ok(S_ISDIR(st.st_mode), "stat: a directory");
	tap_fails(stat("/tmp/none", &st), ENOENT, "stat missing: ENOENT");
	tap_fails(stat("/tmp/rw", (struct stat *)8), EFAULT,
		  "stat to a bad buffer: EFAULT");
	tap_is_int(symlink("/tmp/rw", "/tmp/ln"), 0, "symlink");
	tap_is_int(lstat("/tmp/ln", &st), 0, "lstat");
	tap_ok(S_ISLNK(st.st_mode), "lstat: a symlink");
	tap_is_int(stat("/tmp/ln", &st2), 0, "stat through the symlink");
	tap_ok(S_ISREG(st2.st_mode), "stat follows it");
	char buf[64];
	ssize_t n = readlink("/tmp/ln", buf, sizeof(buf));
	tap_is_int(n, 7, "readlink's length");
	buf[n > 0 ? n : 0] = '\0';
	tap_is_str(buf, "/tmp/rw", "readlink's target");
	tap_is_int(readlink("/tmp/ln", buf, 3), 3, "readlink cut to the size");
	tap_fails(readlink("/tmp/rw", buf, sizeof(buf)), EINVAL,
		  "readlink of a file: EINVAL");
	tap_fails(symlink("/x", "/tmp/ln"), EEXIST,
		  "symlink over a name: EEXIST");
	tap_is_int(symlink("loop2", "/tmp/loop1"), 0, "symlink loop1");
	tap_is_int(symlink("loop1", "/tmp/loop2"), 0, "symlink loop2");
	tap_fails(stat("/tmp/loop1", &st), ELOOP, "a symlink loop: ELOOP");
	int fd = open("/tmp/ln", O_RDONLY | O_NOFOLLOW);
	tap_fails(fd, ELOOP, "O_NOFOLLOW of a symlink: ELOOP");
	tap_is_int(access("/tmp/rw", R_OK | W_OK), 0, "access R_OK|W_OK");
	tap_fails(access("/tmp/rw", X_OK), EACCES,
		  "access X_OK of 0644: EACCES");
	tap_fails(access("/tmp/none", F_OK), ENOENT, "access missing: ENOENT");
	tap_fails(access("/tmp/rw", 0100), EINVAL, "access bad mode: EINVAL");
	tap_is_int(chmod("/tmp/rw", 0755), 0, "chmod");
	stat("/tmp/rw", &st);
	tap_is_int(st.st_mode & 07777, 0755, "chmod's mode");
	tap_is_int(access("/tmp/rw", X_OK), 0, "access X_OK after chmod");
	tap_fails(chmod("/tmp/none", 0), ENOENT, "chmod missing: ENOENT");
}

static void
test_links(void)
{
	struct stat st;

	tap_is_int(link("/tmp/rw", "/tmp/rw2"), 0, "link");
	stat("/tmp/rw", &st);
	tap_is_int(st.st_nlink, 2, "two links");
	tap_fails(link("/tmp/rw", "/tmp/rw2"), EEXIST,
		  "link over a name: EEXIST");
	tap_fails(link("/tmp/none", "/tmp/x"), ENOENT, "link missing: ENOENT");
	tap_fails(link("/tmp", "/tmp/dirlink"), EPERM,
		  "link a directory: EPERM");
	tap_is_int(unlink("/tmp/rw2"), 0, "unlink");
	stat("/tmp/rw", &st);
	tap_is_int(st.st_nlink, 1, "one link again");
	tap_fails(unlink("/tmp/rw2"), ENOENT, "unlink twice: ENOENT");
	tap_fails(unlink("/tmp"), EISDIR, "unlink a directory: EISDIR");

	int fd = open("/tmp/open-unlinked", O_CREAT | O_RDWR, 0600);
	write(fd, "kept", 4);
	tap_is_int(unlink("/tmp/open-unlinked"), 0, "unlink an open file");
	char buf[8] = "";
	tap_is_int(pread(fd, buf, 4, 0), 4, "it lives while open");
	close(fd);

	tap_is_int(rename("/tmp/rw", "/tmp/rw3"), 0, "rename");
	tap_fails(stat("/tmp/rw", &st), ENOENT, "the old name is gone");
	tap_is_int(stat("/tmp/rw3", &st), 0, "the new name is there");
	fd = open("/tmp/other", O_CREAT | O_WRONLY, 0600);
	close(fd);
	tap_is_int(rename("/tmp/rw3", "/tmp/other"), 0,
		   "rename over a file replaces it");
	tap_is_int(stat("/tmp/other", &st), 0, "the replaced name");
	tap_is_int(st.st_size, 5, "holds the renamed file");
	tap_fails(rename("/tmp/none", "/tmp/x"), ENOENT,
		  "rename missing: ENOENT");
	mkdir("/tmp/d1", 0755);
	tap_fails(rename("/tmp/d1", "/tmp/d1/sub"), EINVAL,
		  "rename a directory into itself: EINVAL");
	tap_fails(rename("/tmp/other", "/tmp/d1"), EISDIR,
		  "rename a file over a directory: EISDIR");
	rmdir("/tmp/d1");
}

static void
test_directories(void)
{
	struct stat st;
	char cwd[64];

	tap_is_int(mkdir("/tmp/d", 0755), 0, "mkdir");
	tap_is_int(stat("/tmp/d", &st), 0, "stat the new directory");
	tap_ok(S_ISDIR(st.st_mode) && st.st_nlink == 2,
	       "a directory with 2 links");
	tap_fails(mkdir("/tmp/d", 0755), EEXIST, "mkdir twice: EEXIST");
	tap_fails(mkdir("/tmp/none/d", 0755), ENOENT,
		  "mkdir in missing: ENOENT");
	tap_is_int(mkdir("/tmp/d/e", 0700), 0, "mkdir a subdirectory");
	stat("/tmp/d", &st);
	tap_is_int(st.st_nlink, 3, "its parent counts its ..");
	tap_fails(rmdir("/tmp/d"), ENOTEMPTY, "rmdir not empty: ENOTEMPTY");
	tap_fails(rmdir("/tmp/other"), ENOTDIR, "rmdir a file: ENOTDIR");
	tap_fails(rmdir("/tmp/d/."), EINVAL, "rmdir .: EINVAL");

	tap_is_int(chdir("/tmp/d"), 0, "chdir");
	tap_ok(getcwd(cwd, sizeof(cwd)) == cwd, "getcwd");
	tap_is_str(cwd, "/tmp/d", "getcwd's path");
	tap_ok(getcwd(cwd, 3) == NULL && errno == ERANGE,
	       "getcwd into a short buffer: ERANGE");
	int fd = open("rel", O_CREAT | O_WRONLY, 0644);
	tap_ok(fd >= 0, "a relative path from the cwd");
	close(fd);
	tap_is_int(stat("/tmp/d/rel", &st), 0, "it is in the cwd");
	tap_is_int(chdir(".."), 0, "chdir ..");
	getcwd(cwd, sizeof(cwd));
	tap_is_str(cwd, "/tmp", "getcwd after ..");
	tap_fails(chdir("/tmp/other"), ENOTDIR, "chdir to a file: ENOTDIR");
	tap_fails(chdir("/tmp/none"), ENOENT, "chdir missing: ENOENT");

	DIR *dir = opendir("/tmp/d");
	tap_ok(dir != NULL, "opendir");
	int seen_dot = 0, seen_dotdot = 0, seen_e = 0, seen_rel = 0, n = 0;
	struct dirent *d;
	while (dir != NULL && (d = readdir(dir)) != NULL) {
		n++;
		seen_dot |= strcmp(d->d_name, ".") == 0;
		seen_dotdot |= strcmp(d->d_name, "..") == 0;
		seen_e |= strcmp(d->d_name, "e") == 0 && d->d_type == DT_DIR;
		seen_rel |=
		    strcmp(d->d_name, "rel") == 0 && d->d_type == DT_REG;
	}
	tap_is_int(n, 4, "readdir: four entries");
	tap_ok(seen_dot && seen_dotdot && seen_e && seen_rel,
	       "readdir: ., .., e (a directory), rel (a file)");
	rewinddir(dir);
	tap_ok(readdir(dir) != NULL, "rewinddir starts again");
	tap_is_int(closedir(dir), 0, "closedir");
	tap_ok(opendir("/tmp/other") == NULL && errno == ENOTDIR,
	       "opendir of a file: ENOTDIR");

	tap_is_int(unlink("/tmp/d/rel"), 0, "unlink in the directory");
	tap_is_int(rmdir("/tmp/d/e"), 0, "rmdir the subdirectory");
	tap_is_int(rmdir("/tmp/d"), 0, "rmdir the directory");
	tap_fails(stat("/tmp/d", &st), ENOENT, "it is gone");
}

static void
test_descriptors(void)
{
	int fd = open("/tmp/dup", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int fd2 = dup(fd);

	tap_ok(fd2 > fd, "dup: the lowest free descriptor");
	write(fd, "ab", 2);
	tap_is_int(lseek(fd2, 0, SEEK_CUR), 2, "dup shares the offset");
	tap_is_int(dup2(fd, 20), 20, "dup2 to 20");
	tap_is_int(dup2(fd, fd), fd, "dup2 to itself");
	tap_fails(dup2(fd, -1), EBADF, "dup2 to -1: EBADF");
	tap_fails(dup2(fd, 100000), EBADF, "dup2 beyond the table: EBADF");
	tap_fails(dup2(99, 5), EBADF, "dup2 of a bad fd: EBADF");
	tap_is_int(fcntl(fd, F_DUPFD, 30), 30, "F_DUPFD from 30");
	tap_is_int(fcntl(fd, F_GETFD), 0, "F_GETFD: no close-on-exec");
	tap_is_int(fcntl(fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
	tap_is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "F_GETFD: close-on-exec");
	tap_is_int(fcntl(fd2, F_GETFD), 0, "close-on-exec is per descriptor");
	tap_is_int(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR, "F_GETFL: O_RDWR");
	tap_is_int(fcntl(fd, F_SETFL, O_APPEND), 0, "F_SETFL O_APPEND");
	tap_ok(fcntl(fd2, F_GETFL) & O_APPEND, "status flags are shared");
	tap_fails(fcntl(fd, 999, 0), EINVAL, "fcntl bad command: EINVAL");
	tap_fails(fcntl(77, F_GETFD), EBADF, "fcntl bad fd: EBADF");
	close(fd2);
	close(20);
	close(30);
	close(fd);

	int fds[64], n = 0, last;
	while ((last = open("/tmp/dup", O_RDONLY)) >= 0 && n < 64)
		fds[n++] = last;
	tap_ok(last == -1 && errno == EMFILE, "too many open files: EMFILE");
	for (int i = 0; i < n; i++)
		close(fds[i]);
	tap_is_int(isatty(1), 1, "isatty(console)");
	fd = open("/tmp/dup", O_RDONLY);
	tap_is_int(isatty(fd), 0, "isatty(file)");
	tap_is_int(errno, ENOTTY, "isatty(file): ENOTTY");
	close(fd);
	mode_t old = umask(077);
	tap_is_int(old, 022, "umask: 022 at start");
	fd = open("/tmp/masked", O_CREAT | O_WRONLY, 0666);
	struct stat st;
	fstat(fd, &st);
	tap_is_int(st.st_mode & 0777, 0600, "umask applies to O_CREAT");
	close(fd);
	umask(old);
	fd = open("/dev/null", O_WRONLY);
	tap_is_int(write(fd, "x", 1), 1, "/dev/null swallows");
	close(fd);
	char zeros[100];
	memset(zeros, 'x', sizeof(zeros));
	fd = open("/dev/zero", O_RDWR);
	tap_ok(read(fd, zeros, sizeof(zeros)) == sizeof(zeros) &&
		   zeros[0] == 0 && zeros[99] == 0,
	       "/dev/zero reads zeros");
	tap_is_int(write(fd, "x", 1), 1, "and swallows");
	close(fd);
}

int
main(void)
{
	tap_ok(mkdir("/tmp", 01777) == 0 || errno == EEXIST, "/tmp exists");
	test_open_close();
	test_read_write();
	test_stat();
	test_links();
	test_directories();
	test_descriptors();
	return tap_done();
}
