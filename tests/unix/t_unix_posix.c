/*
 * The POSIX file calls beyond newlib's: readv and writev (and a writev
 * to a pipe being one write), a file's times (utime, utimes, futimes,
 * utimensat, futimens, and what reads and writes change), chown and its
 * variants and their permission rules, fchmod, the sticky bit of a
 * directory, the *at family from a directory descriptor, fchdir,
 * truncate, fsync, pathconf, realpath, ttyname, FIFOs (mkfifo and the
 * meeting of their opens), scandir, telldir and seekdir.  The rules for users other than root come last: the test
 * gives root up for them.
 */
#include "../os/lib/tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#define USER  1000
#define GROUP 100
#define OTHER 1001

static void
make_file(const char *path, const char *data, int mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	write(fd, data, strlen(data));
	close(fd);
	chmod(path, mode);
}

static struct stat
stat_of(const char *path)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	lstat(path, &st);
	return st;
}

static void
test_uio(void)
{
	char a[] = "hello, ", b[] = "vectored ", c[] = "world";
	struct iovec out[3] = {{a, 7}, {b, 9}, {c, 5}};
	int fd = open("/tmp/x/uio", O_CREAT | O_RDWR | O_TRUNC, 0644);

	tap_is_int(writev(fd, out, 3), 21, "writev: all the vectors' bytes");
	char x[4], y[30];
	memset(y, 0, sizeof(y));
	struct iovec in[2] = {{x, 4}, {y, 30}};
	lseek(fd, 0, SEEK_SET);
	tap_is_int(readv(fd, in, 2), 21, "readv: what the file holds");
	tap_ok(memcmp(x, "hell", 4) == 0 && strcmp(y, "o, vectored world") == 0,
	       "readv: scattered in order");
	tap_is_int(writev(fd, out, 0), 0, "writev of no vectors: 0");
	tap_fails(writev(fd, out, -1), EINVAL,
		  "writev: a negative count EINVAL");
	tap_fails(writev(fd, out, IOV_MAX + 1), EINVAL,
		  "writev: more than IOV_MAX EINVAL");
	struct iovec bad[2] = {{a, 2}, {(void *)16, 4}};
	tap_fails(writev(fd, bad, 2), EFAULT, "writev: a bad vector EFAULT");
	tap_fails(writev(99, out, 3), EBADF, "writev: EBADF");
	close(fd);

	/* A writev of PIPE_BUF bytes or less to a pipe is one write: a
	 * reader sees it whole, not interleaved with another's. */
	int p[2];
	pipe(p);
	static char part[3][PIPE_BUF / 4];
	memset(part[0], 'a', sizeof(part[0]));
	memset(part[1], 'b', sizeof(part[1]));
	memset(part[2], 'c', sizeof(part[2]));
	struct iovec three[3] = {{part[0], sizeof(part[0])},
				 {part[1], sizeof(part[1])},
				 {part[2], sizeof(part[2])}};
	pid_t child = fork();
	if (child == 0) {
		for (int i = 0; i < 4; i++)
			writev(p[1], three, 3);
		_exit(0);
	}
	struct iovec mine = {part[0], 1};
	for (int i = 0; i < 4; i++) {
		char lone = 'z';
		mine.iov_base = &lone;
		writev(p[1], &mine, 1);
	}
	close(p[1]);
	waitpid(child, NULL, 0);
	static char got[PIPE_BUF * 4];
	size_t total = 0;
	ssize_t n;
	while ((n = read(p[0], got + total, sizeof(got) - total)) > 0)
		total += n;
	close(p[0]);
	int whole = total == 4 + 4 * 3 * sizeof(part[0]);
	for (size_t i = 0; whole && i < total;) {
		if (got[i] == 'z') {
			i++;
			continue;
		}
		for (size_t k = 0; k < 3 * sizeof(part[0]); k++)
			if (got[i + k] != "abc"[k / sizeof(part[0])])
				whole = 0;
		i += 3 * sizeof(part[0]);
	}
	tap_ok(whole, "writev to a pipe: each gathered write arrives whole");
}

static void
test_times(void)
{
	make_file("/tmp/x/t", "data", 0644);
	struct utimbuf ub = {1000, 2000};
	tap_is_int(utime("/tmp/x/t", &ub), 0, "utime");
	struct stat st = stat_of("/tmp/x/t");
	tap_ok(st.st_atime == 1000 && st.st_mtime == 2000,
	       "utime: atime and mtime as given");
	struct timeval tv[2] = {{3000, 5}, {4000, 7}};
	tap_is_int(utimes("/tmp/x/t", tv), 0, "utimes");
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_atim.tv_sec == 3000 && st.st_atim.tv_nsec == 5000 &&
		   st.st_mtim.tv_sec == 4000 && st.st_mtim.tv_nsec == 7000,
	       "utimes: microseconds as nanoseconds");
	struct timespec ts[2] = {{5000, 1}, {0, UTIME_OMIT}};
	tap_is_int(utimensat(AT_FDCWD, "/tmp/x/t", ts, 0), 0, "utimensat");
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_atim.tv_sec == 5000 && st.st_atim.tv_nsec == 1 &&
		   st.st_mtime == 4000,
	       "utimensat: UTIME_OMIT leaves the mtime");
	time_t ctime_before = st.st_ctime;
	int fd = open("/tmp/x/t", O_RDWR);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 6000;
	ts[1].tv_nsec = 0;
	tap_is_int(futimens(fd, ts), 0, "futimens");
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_atime == 5000 && st.st_mtime == 6000, "futimens: mtime");
	tap_ok(st.st_ctime >= ctime_before, "... the ctime does not go back");
	tv[0].tv_sec = 7000;
	tv[1].tv_sec = 8000;
	tap_is_int(futimes(fd, tv), 0, "futimes");
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_atime == 7000 && st.st_mtime == 8000, "futimes: both");
	/* now: the time since boot, larger than these */
	tap_is_int(utimes("/tmp/x/t", NULL), 0, "utimes(NULL): now");
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_mtime < 8000 && st.st_atime == st.st_mtime,
	       "... both now (the time since boot)");
	utime("/tmp/x/t", &ub);
	write(fd, "x", 1);
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_mtime != 2000 && st.st_ctime == st.st_mtime,
	       "a write changes the mtime and the ctime");
	tap_ok(st.st_atime == 1000, "... not the atime");
	utime("/tmp/x/t", &ub);
	char c;
	lseek(fd, 0, SEEK_SET);
	read(fd, &c, 1);
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_atime != 1000 && st.st_mtime == 2000,
	       "a read changes the atime alone");
	utime("/tmp/x/t", &ub);
	ftruncate(fd, 1);
	st = stat_of("/tmp/x/t");
	tap_ok(st.st_mtime != 2000, "ftruncate changes the mtime");
	close(fd);
	utime("/tmp/x", &ub);
	make_file("/tmp/x/new", "", 0644);
	st = stat_of("/tmp/x");
	tap_ok(st.st_mtime != 2000,
	       "a new entry changes its directory's mtime");
	ts[0].tv_nsec = 1000000000;
	tap_fails(utimensat(AT_FDCWD, "/tmp/x/t", ts, 0), EINVAL,
		  "utimensat: nanoseconds out of range EINVAL");
	tap_fails(utime("/tmp/x/none", &ub), ENOENT, "utime: ENOENT");
	tap_fails(futimens(99, NULL), EBADF, "futimens: EBADF");
	symlink("t", "/tmp/x/tl");
	struct timespec lts[2] = {{11, 0}, {12, 0}};
	tap_is_int(utimensat(AT_FDCWD, "/tmp/x/tl", lts, AT_SYMLINK_NOFOLLOW),
		   0, "utimensat AT_SYMLINK_NOFOLLOW");
	tap_ok(stat_of("/tmp/x/tl").st_mtime == 12 &&
		   stat_of("/tmp/x/t").st_mtime != 12,
	       "... the link's times, not the file's");
}

static void
test_owner_as_root(void)
{
	make_file("/tmp/x/own", "data", 06755);
	tap_is_int(chown("/tmp/x/own", USER, GROUP), 0, "root: chown");
	struct stat st = stat_of("/tmp/x/own");
	tap_ok(st.st_uid == USER && st.st_gid == GROUP, "... owner and group");
	tap_is_int(st.st_mode & 07777, 0755, "... set-id bits cleared");
	tap_is_int(chown("/tmp/x/own", -1, 0), 0, "chown -1: uid unchanged");
	st = stat_of("/tmp/x/own");
	tap_ok(st.st_uid == USER && st.st_gid == 0, "... group alone");
	symlink("own", "/tmp/x/ownl");
	tap_is_int(lchown("/tmp/x/ownl", OTHER, -1), 0, "lchown");
	tap_ok(stat_of("/tmp/x/ownl").st_uid == OTHER &&
		   stat_of("/tmp/x/own").st_uid == USER,
	       "... the link, not its file");
	int fd = open("/tmp/x/own", O_RDONLY);
	tap_is_int(fchown(fd, 0, 0), 0, "fchown on a read-only descriptor");
	tap_is_int(stat_of("/tmp/x/own").st_uid, 0, "... its file");
	tap_is_int(fchmod(fd, 0604), 0, "fchmod");
	tap_is_int(stat_of("/tmp/x/own").st_mode & 07777, 0604, "... its mode");
	close(fd);
	tap_fails(fchmod(fd, 0600), EBADF, "fchmod: EBADF");
	tap_fails(chown("/tmp/x/none", 0, 0), ENOENT, "chown: ENOENT");
	int p[2];
	pipe(p);
	tap_fails(fchown(p[0], 0, 0), EINVAL, "fchown of a pipe: EINVAL");
	close(p[0]);
	close(p[1]);
}

/* The rules for a user: gives root up for good. */
static void
test_as_user(void)
{
	make_file("/tmp/x/mine", "data", 0644);
	chown("/tmp/x/mine", USER, GROUP);
	make_file("/tmp/x/theirs", "data", 0666);
	chown("/tmp/x/theirs", OTHER, GROUP);
	make_file("/tmp/x/closed", "data", 0644);
	chown("/tmp/x/closed", OTHER, GROUP);
	mkdir("/tmp/x/sticky", 0777);
	chmod("/tmp/x/sticky", 01777);
	make_file("/tmp/x/sticky/root", "r", 0666);
	make_file("/tmp/x/sticky/users", "u", 0666);
	chown("/tmp/x/sticky/users", USER, GROUP);
	tap_is_int(unlink("/tmp/x/sticky/users"), 0,
		   "sticky: root unlinks another's entry");
	setgid(GROUP);
	setuid(USER);
	make_file("/tmp/x/sticky/user", "u", 0644);
	tap_fails(chown("/tmp/x/mine", OTHER, -1), EPERM,
		  "user: giving a file away EPERM");
	tap_fails(chown("/tmp/x/mine", -1, 0), EPERM,
		  "user: to a group it is not in EPERM");
	tap_is_int(chown("/tmp/x/mine", USER, GROUP), 0,
		   "user: its own file to its own group");
	tap_fails(chown("/tmp/x/theirs", -1, GROUP), EPERM,
		  "user: another's file's group EPERM");
	tap_fails(chmod("/tmp/x/theirs", 0600), EPERM,
		  "user: chmod of another's file EPERM");
	struct utimbuf ub = {1, 2};
	tap_fails(utime("/tmp/x/theirs", &ub), EPERM,
		  "user: set times of another's file EPERM");
	tap_is_int(utime("/tmp/x/theirs", NULL), 0,
		   "user: times of a file it may write to now");
	tap_fails(utime("/tmp/x/closed", NULL), EACCES,
		  "user: now on a file it may not write EACCES");
	tap_is_int(utime("/tmp/x/mine", &ub), 0,
		   "user: any time on its own file");
	int fd = open("/tmp/x/mine", O_RDONLY);
	tap_is_int(fchmod(fd, 02755), 0, "user: fchmod of its own");
	tap_is_int(stat_of("/tmp/x/mine").st_mode & 07777, 02755,
		   "... set-group-id kept in its own group");
	close(fd);
	tap_fails(unlink("/tmp/x/sticky/root"), EPERM,
		  "sticky: unlink of another's entry EPERM");
	tap_fails(rename("/tmp/x/sticky/root", "/tmp/x/sticky/moved"), EPERM,
		  "sticky: rename of another's entry EPERM");
	tap_fails(rename("/tmp/x/sticky/user", "/tmp/x/sticky/root"), EPERM,
		  "sticky: rename over another's entry EPERM");
	tap_is_int(rename("/tmp/x/sticky/user", "/tmp/x/sticky/u2"), 0,
		   "sticky: rename of its own entry");
	tap_is_int(unlink("/tmp/x/sticky/u2"), 0,
		   "sticky: unlink of its own entry");
	mkdir("/tmp/x/sticky/d", 0755);
	tap_is_int(rmdir("/tmp/x/sticky/d"), 0,
		   "sticky: rmdir of its own directory");
}

static void
test_at(void)
{
	mkdir("/tmp/x/at", 0755);
	int dirfd = open("/tmp/x/at", O_RDONLY | O_DIRECTORY);
	int fd = openat(dirfd, "f", O_CREAT | O_WRONLY, 0640);
	tap_ok(fd >= 0, "openat: a file in the directory");
	write(fd, "abc", 3);
	close(fd);
	tap_is_int(stat_of("/tmp/x/at/f").st_size, 3, "... there");
	struct stat st;
	tap_is_int(fstatat(dirfd, "f", &st, 0), 0, "fstatat");
	tap_is_int(st.st_size, 3, "... its size");
	tap_is_int(mkdirat(dirfd, "d", 0700), 0, "mkdirat");
	tap_ok(S_ISDIR(stat_of("/tmp/x/at/d").st_mode), "... a directory");
	tap_is_int(symlinkat("f", dirfd, "l"), 0, "symlinkat");
	char target[16] = "";
	tap_is_int(readlinkat(dirfd, "l", target, sizeof(target)), 1,
		   "readlinkat");
	tap_is_int(fstatat(dirfd, "l", &st, AT_SYMLINK_NOFOLLOW), 0,
		   "fstatat AT_SYMLINK_NOFOLLOW");
	tap_ok(S_ISLNK(st.st_mode), "... the link");
	tap_is_int(linkat(dirfd, "f", dirfd, "h", 0), 0, "linkat");
	tap_is_int(stat_of("/tmp/x/at/f").st_nlink, 2, "... two names");
	tap_is_int(renameat(dirfd, "h", AT_FDCWD, "/tmp/x/at-h"), 0,
		   "renameat to another directory");
	tap_is_int(faccessat(dirfd, "f", R_OK | W_OK, 0), 0, "faccessat");
	tap_is_int(faccessat(dirfd, "f", R_OK, AT_EACCESS), 0,
		   "faccessat AT_EACCESS");
	tap_is_int(fchmodat(dirfd, "f", 0600, 0), 0, "fchmodat");
	tap_is_int(stat_of("/tmp/x/at/f").st_mode & 0777, 0600, "... mode");
	tap_is_int(fchownat(dirfd, "f", USER, GROUP, 0), 0, "fchownat");
	tap_is_int(stat_of("/tmp/x/at/f").st_uid, USER, "... owner");
	tap_is_int(unlinkat(dirfd, "d", AT_REMOVEDIR), 0,
		   "unlinkat AT_REMOVEDIR");
	tap_fails(unlinkat(dirfd, "f", AT_REMOVEDIR), ENOTDIR,
		  "unlinkat AT_REMOVEDIR of a file ENOTDIR");
	tap_is_int(unlinkat(dirfd, "l", 0), 0, "unlinkat");
	int filefd = open("/tmp/x/at/f", O_RDONLY);
	tap_fails(openat(filefd, "x", O_RDONLY), ENOTDIR,
		  "openat from a file's descriptor ENOTDIR");
	tap_fails(openat(99, "x", O_RDONLY), EBADF, "openat: EBADF");
	tap_fails(fchmodat(filefd, "x", 0600, 0), ENOTDIR,
		  "fchmodat from a file's descriptor ENOTDIR");
	tap_fails(fchmodat(dirfd, "f", 0600, 0x100), EINVAL,
		  "fchmodat: unknown flag EINVAL");
	fd = openat(dirfd, "/tmp/x/at/f", O_RDONLY);
	tap_ok(fd >= 0, "openat: an absolute path ignores the descriptor");
	close(fd);
	fd = openat(AT_FDCWD, "/tmp/x/at/f", O_RDONLY);
	tap_ok(fd >= 0, "openat: AT_FDCWD");
	close(fd);

	/* the lookup starts at the directory the descriptor names, wherever
	 * it is now */
	rename("/tmp/x/at", "/tmp/x/at-moved");
	fd = openat(dirfd, "f", O_RDONLY);
	tap_ok(fd >= 0, "openat: from a directory renamed since its open");
	close(fd);
	tap_is_int(fstatat(dirfd, "..", &st, 0), 0, "fstatat: .. from it");
	tap_is_int(st.st_ino, stat_of("/tmp/x").st_ino, "... its parent");
	rename("/tmp/x/at-moved", "/tmp/x/at");
	char number[32];
	snprintf(number, sizeof(number), "/dev/fd/%d/f", dirfd);
	tap_is_int(stat(number, &st), 0, "stat /dev/fd/N/f");
	tap_is_int(st.st_ino, stat_of("/tmp/x/at/f").st_ino, "... the file");
	tap_fails(open("/dev/fd/40", O_RDONLY), EBADF,
		  "/dev/fd/N of a descriptor not open: EBADF");
	tap_fails(open("/dev/fd/new", O_CREAT | O_WRONLY, 0644), EACCES,
		  "/dev/fd: no new names, even for root");
	int p[2];
	pipe(p);
	snprintf(number, sizeof(number), "/dev/fd/%d", p[0]);
	tap_fails(open(number, O_RDONLY), ENXIO, "/dev/fd/N of a pipe: ENXIO");
	close(p[0]);
	close(p[1]);

	/* fchdir */
	tap_is_int(fchdir(dirfd), 0, "fchdir");
	char cwd[64] = "";
	getcwd(cwd, sizeof(cwd));
	tap_is_str(cwd, "/tmp/x/at", "... the cwd");
	fd = open("f", O_RDONLY);
	tap_ok(fd >= 0, "... relative paths start there");
	close(fd);
	tap_fails(fchdir(filefd), ENOTDIR, "fchdir of a file ENOTDIR");
	tap_fails(fchdir(99), EBADF, "fchdir: EBADF");
	chdir("/");
	close(filefd);
	close(dirfd);
}

static void
test_misc(void)
{
	make_file("/tmp/x/trunc", "0123456789", 0644);
	tap_is_int(truncate("/tmp/x/trunc", 4), 0, "truncate");
	tap_is_int(stat_of("/tmp/x/trunc").st_size, 4, "... its size");
	tap_fails(truncate("/tmp/x", 0), EISDIR,
		  "truncate: a directory EISDIR");
	tap_fails(truncate("/tmp/x/none", 0), ENOENT, "truncate: ENOENT");
	tap_fails(truncate("/tmp/x/trunc", -1), EINVAL, "truncate: EINVAL");
	int fd = open("/tmp/x/trunc", O_RDONLY);
	tap_is_int(fsync(fd), 0, "fsync");
	tap_is_int(fdatasync(fd), 0, "fdatasync");
	close(fd);
	tap_fails(fsync(fd), EBADF, "fsync: EBADF");
	sync();
	tap_is_int(pathconf("/tmp", _PC_NAME_MAX), 255, "pathconf NAME_MAX");
	tap_is_int(pathconf("/tmp", _PC_PIPE_BUF), PIPE_BUF,
		   "pathconf PIPE_BUF");
	tap_is_int(fpathconf(0, _PC_PATH_MAX), PATH_MAX, "fpathconf PATH_MAX");
	tap_fails(pathconf("/tmp", 12345), EINVAL, "pathconf: EINVAL");
	tap_fails(pathconf("/none", _PC_NAME_MAX), ENOENT, "pathconf: ENOENT");
	tap_fails(fpathconf(99, _PC_NAME_MAX), EBADF, "fpathconf: EBADF");
	tap_ok(getdtablesize() >= 20, "getdtablesize: %d", getdtablesize());

	/* realpath */
	char buffer[PATH_MAX];
	mkdir("/tmp/x/r", 0755);
	mkdir("/tmp/x/r/sub", 0755);
	symlink("sub", "/tmp/x/r/rel");
	symlink("/tmp/x/r", "/tmp/x/r/abs");
	symlink("loop", "/tmp/x/r/loop");
	tap_is_str(realpath("/tmp/x/r/./sub/../sub//", buffer), "/tmp/x/r/sub",
		   "realpath: . and .. and slashes");
	tap_is_str(realpath("/tmp/x/r/abs/rel", buffer), "/tmp/x/r/sub",
		   "realpath: absolute and relative links");
	chdir("/tmp/x/r");
	char *made = realpath("rel/..", NULL);
	tap_is_str(made, "/tmp/x/r", "realpath: from the cwd, allocated");
	free(made);
	chdir("/");
	tap_ok(realpath("/tmp/x/r/none", buffer) == NULL && errno == ENOENT,
	       "realpath: ENOENT");
	tap_ok(realpath("/tmp/x/r/loop", buffer) == NULL && errno == ELOOP,
	       "realpath: ELOOP");
	tap_ok(realpath("/tmp/x/trunc/x", buffer) == NULL && errno == ENOTDIR,
	       "realpath: ENOTDIR");
	tap_is_str(realpath("/", buffer), "/", "realpath: the root");

	/* ttyname: the console */
	tap_is_str(ttyname(1), "/dev/console", "ttyname of the console");
	tap_ok(ttyname_r(1, buffer, sizeof(buffer)) == 0 &&
		   strcmp(buffer, "/dev/console") == 0,
	       "ttyname_r");
	fd = open("/tmp/x/trunc", O_RDONLY);
	tap_ok(ttyname(fd) == NULL && errno == ENOTTY, "ttyname: ENOTTY");
	close(fd);
	tap_is_str(ctermid(NULL), "/dev/tty", "ctermid");
}

static void
on_alarm(int sig)
{
	(void)sig;
}

static void
test_fifo(void)
{
	char buffer[16];
	int status = -1;

	tap_is_int(mkfifo("/tmp/x/fifo", 0666), 0, "mkfifo");
	struct stat st = stat_of("/tmp/x/fifo");
	tap_ok(S_ISFIFO(st.st_mode), "... a FIFO");
	tap_is_int(st.st_mode & 0777, 0644, "... its mode less the umask");
	tap_fails(mkfifo("/tmp/x/fifo", 0644), EEXIST, "mkfifo: EEXIST");
	tap_fails(mkfifo("/tmp/x/none/fifo", 0644), ENOENT, "mkfifo: ENOENT");
	tap_fails(open("/tmp/x/fifo", O_WRONLY | O_NONBLOCK), ENXIO,
		  "a non-blocking writer without a reader: ENXIO");
	int reader = open("/tmp/x/fifo", O_RDONLY | O_NONBLOCK);
	tap_ok(reader >= 0, "a non-blocking reader opens at once");
	int writer = open("/tmp/x/fifo", O_WRONLY | O_NONBLOCK);
	tap_ok(writer >= 0, "... then a writer opens");
	tap_is_int(write(writer, "abc", 3), 3, "write to the FIFO");
	memset(buffer, 0, sizeof(buffer));
	tap_is_int(read(reader, buffer, sizeof(buffer)), 3, "read it back");
	tap_is_str(buffer, "abc", "... the bytes");
	struct stat fst;
	fstat(reader, &fst);
	tap_ok(S_ISFIFO(fst.st_mode) && fst.st_ino == st.st_ino,
	       "fstat: the FIFO's node");
	close(writer);
	tap_is_int(read(reader, buffer, sizeof(buffer)), 0,
		   "end of file once the writer closed");
	close(reader);

	/* the blocking opens meet, whichever comes first */
	pid_t child = fork();
	if (child == 0) {
		int fd = open("/tmp/x/fifo", O_WRONLY);
		_exit(fd >= 0 && write(fd, "hello", 5) == 5 ? 0 : 1);
	}
	reader = open("/tmp/x/fifo", O_RDONLY);
	tap_ok(reader >= 0, "a reader's open meets a writer's (a child)");
	memset(buffer, 0, sizeof(buffer));
	size_t total = 0;
	ssize_t n;
	while ((n = read(reader, buffer + total, sizeof(buffer) - total)) > 0)
		total += n;
	tap_is_str(buffer, "hello", "... the child's bytes, then end of file");
	close(reader);
	waitpid(child, &status, 0);
	tap_is_int(status, 0, "... the child wrote them");
	child = fork();
	if (child == 0) {
		usleep(100000);
		int fd = open("/tmp/x/fifo", O_RDONLY);
		char c = 0;
		_exit(fd >= 0 && read(fd, &c, 1) == 1 && c == 'w' ? 0 : 1);
	}
	writer = open("/tmp/x/fifo", O_WRONLY);
	tap_ok(writer >= 0, "a writer's open waits for a reader");
	tap_is_int(write(writer, "w", 1), 1, "... and writes to it");
	close(writer);
	waitpid(child, &status, 0);
	tap_is_int(status, 0, "... the reader read it");

	/* read-write never waits */
	int both = open("/tmp/x/fifo", O_RDWR);
	tap_ok(both >= 0, "O_RDWR opens at once");
	write(both, "rw", 2);
	memset(buffer, 0, sizeof(buffer));
	tap_is_int(read(both, buffer, 2), 2, "... reads its own write");
	close(both);

	/* a signal ends a waiting open: EINTR */
	struct sigaction action;
	memset(&action, 0, sizeof(action));
	action.sa_handler = on_alarm;
	sigaction(SIGALRM, &action, NULL);
	struct itimerval soon = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &soon, NULL);
	tap_fails(open("/tmp/x/fifo", O_RDONLY), EINTR,
		  "a waiting open interrupted by a handler: EINTR");
	tap_fails(open("/tmp/x/fifo", O_WRONLY | O_NONBLOCK), ENXIO,
		  "... its reader gone with it");
	signal(SIGALRM, SIG_DFL);

	/* a process ending while its open waits */
	child = fork();
	if (child == 0) {
		open("/tmp/x/fifo", O_RDONLY);
		_exit(9);
	}
	usleep(100000);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "a process killed while its open waits");
	tap_fails(open("/tmp/x/fifo", O_WRONLY | O_NONBLOCK), ENXIO,
		  "... leaves no reader behind");
	tap_is_int(unlink("/tmp/x/fifo"), 0, "unlink a FIFO");
	tap_is_int(mknod("/tmp/x/fifo2", S_IFIFO | 0600, 0), 0,
		   "mknod S_IFIFO");
	tap_ok(S_ISFIFO(stat_of("/tmp/x/fifo2").st_mode), "... a FIFO");
	tap_fails(mknod("/tmp/x/dev", S_IFCHR | 0600, 0), ENOSYS,
		  "mknod of a device: ENOSYS (root)");
}

static int
no_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void
test_dirs(void)
{
	mkdir("/tmp/x/s", 0755);
	make_file("/tmp/x/s/c", "", 0644);
	make_file("/tmp/x/s/a", "", 0644);
	make_file("/tmp/x/s/b", "", 0644);
	struct dirent **list;
	int n = scandir("/tmp/x/s", &list, no_dots, alphasort);
	tap_is_int(n, 3, "scandir: the entries selected");
	tap_ok(n == 3 && strcmp(list[0]->d_name, "a") == 0 &&
		   strcmp(list[1]->d_name, "b") == 0 &&
		   strcmp(list[2]->d_name, "c") == 0,
	       "scandir: sorted by alphasort");
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	tap_ok(scandir("/tmp/x/none", &list, NULL, NULL) == -1 &&
		   errno == ENOENT,
	       "scandir: ENOENT");
	DIR *dir = opendir("/tmp/x/s");
	struct dirent *d = readdir(dir);
	long second = telldir(dir);
	d = readdir(dir);
	char name[64];
	strcpy(name, d->d_name);
	readdir(dir);
	seekdir(dir, second);
	d = readdir(dir);
	tap_ok(d != NULL && strcmp(d->d_name, name) == 0,
	       "seekdir to telldir's place: the same entry again");
	closedir(dir);
}

int
main(void)
{
	mkdir("/tmp/x", 0755);
	test_uio();
	test_times();
	test_owner_as_root();
	test_at();
	test_misc();
	test_fifo();
	test_dirs();
	test_as_user();
	return tap_done();
}
