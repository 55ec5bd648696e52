/*
 * Limits and user memory over the UNIX server: too many processes is
 * EAGAIN, never a hang; paths that cross a page are read whole, paths
 * that run into memory the process does not have are EFAULT; the
 * server answers EFAULT for a bad buffer whichever call writes it; so
 * does the library for the bytes of a short read or write, which travel
 * inline and which it copies itself.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/bootstrap.h>
#include <mach/mach_ipc.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unix/unix.h>
#include <unix/unix_types.h>

#define PAGE 4096

extern char **environ;

static char pages[3 * PAGE] __attribute__((aligned(PAGE)));

/* Whether open of path gives a descriptor that reads /etc/motd. */
static int
opens_motd(const char *path)
{
	char text[16] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	ssize_t n = read(fd, text, sizeof(text));
	close(fd);
	return n == 8 && memcmp(text, "welcome\n", 8) == 0;
}

/*
 * The paths of open, stat and lstat go inline when they are at most
 * UNIX_PATH_INLINE bytes with their NUL, out of line when longer: both
 * sides of the limit, a path across a page, one that ends at the last
 * byte of the last page (the library must not read past it), a struct
 * stat returned inline into a bad buffer, and the routines' refusals
 * of malformed requests.  two: two pages, the second not mapped.
 */
static void
test_open_paths(char *two)
{
	char *path = pages + PAGE - 4;
	strcpy(path, "/etc/motd");
	tap_ok(opens_motd(path), "open: a path across a page boundary");
	for (size_t size = UNIX_PATH_INLINE; size <= UNIX_PATH_INLINE + 1;
	     size++) {
		path = pages + PAGE - 100;
		memset(path, '/', size - 9);
		strcpy(path + size - 9, "etc/motd");
		tap_ok(opens_motd(path), "open: a path of %zu bytes (%s)", size,
		       size <= UNIX_PATH_INLINE ? "inline" : "out of line");
	}
	tap_ok(opens_motd(two + PAGE - 10),
	       "open: a path ending at the last byte of the last page");
	struct stat st;
	tap_ok(stat(path, &st) == 0 && st.st_size == 8,
	       "stat: a path of %d bytes (out of line)", UNIX_PATH_INLINE + 1);
	tap_ok(lstat(path + 1, &st) == 0 && st.st_size == 8, /* a '/' less */
	       "lstat: a path of %d bytes (inline)", UNIX_PATH_INLINE);
	errno = 0;
	tap_ok(lstat("/etc/motd", (struct stat *)(two + PAGE - 8)) == -1 &&
		   errno == EFAULT,
	       "lstat into a buffer that runs off the end: EFAULT");
	int error = 0, fd = 0;
	tap_ok(unix_open_inline(bootstrap_port, "/etc/motd", 9, O_RDONLY, 0,
				&error, &fd) == KERN_SUCCESS &&
		   error == EINVAL && fd == -1,
	       "unix_open_inline of bytes without a NUL: EINVAL");
	tap_ok(unix_open_inline(bootstrap_port, "", 1, O_RDONLY, 0, &error,
				&fd) == KERN_SUCCESS &&
		   error == ENOENT && fd == -1,
	       "unix_open_inline of an empty path: ENOENT");
	unix_stat_t bytes;
	memset(bytes, 0x5a, sizeof(bytes));
	tap_ok(unix_stat_inline(bootstrap_port, "/etc/motd", 9, 1, &error,
				bytes) == KERN_SUCCESS &&
		   error == EINVAL,
	       "unix_stat_inline of bytes without a NUL: EINVAL");
	memset(bytes, 0x5a, sizeof(bytes));
	int zeroes = 1;
	tap_ok(unix_fstat_inline(bootstrap_port, 99, &error, bytes) ==
		       KERN_SUCCESS &&
		   error == EBADF,
	       "unix_fstat_inline of a bad descriptor: EBADF");
	for (size_t i = 0; i < sizeof(bytes); i++)
		zeroes &= bytes[i] == 0;
	tap_ok(zeroes, "... and its struct stat is zeros");
}

static void
test_paths(void)
{
	struct stat st;

	/* "/etc/motd" starting 4 bytes before a page boundary */
	char *path = pages + PAGE - 4;
	strcpy(path, "/etc/motd");
	tap_is_int(stat(path, &st), 0, "a path across a page boundary");
	tap_is_int(st.st_size, 8, "... is read whole");

	/* a path of 1000 bytes across two boundaries: "/" repeated, then a name */
	path = pages + PAGE - 10;
	memset(path, '/', 1000);
	strcpy(path + 1000, "etc/motd");
	tap_is_int(stat(path, &st), 0, "a 1008-byte path across a page");

	/* bytes without a NUL up to memory we do not have */
	vm_address_t two = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), &two, 2 * PAGE, TRUE);
	tap_is_int(kr, KERN_SUCCESS, "two pages");
	kr = vm_deallocate(mach_task_self(), two + PAGE, PAGE);
	tap_is_int(kr, KERN_SUCCESS, "... the second given back");
	memset((char *)two, 'x', PAGE);
	errno = 0;
	tap_ok(stat((char *)two + PAGE - 100, &st) == -1 && errno == EFAULT,
	       "a path running into unmapped memory: EFAULT");
	errno = 0;
	tap_ok(open((char *)two + PAGE - 100, O_RDONLY) == -1 &&
		   errno == EFAULT,
	       "open of the same: EFAULT");
	errno = 0;
	tap_ok(mkdir((char *)two + PAGE, 0755) == -1 && errno == EFAULT,
	       "a path in unmapped memory: EFAULT");
	memcpy((char *)two + PAGE - 10, "/etc/motd", 10);
	tap_is_int(stat((char *)two + PAGE - 10, &st), 0,
		   "a path ending at the last byte of the last page");
	test_open_paths((char *)two);

	/* buffers the server writes */
	int fd = open("/etc/motd", O_RDONLY);
	errno = 0;
	tap_ok(read(fd, (char *)two + PAGE - 2, 8) == -1 && errno == EFAULT,
	       "read into a buffer that runs off the end: EFAULT");
	errno = 0;
	tap_ok(getcwd((char *)two + PAGE, 64) == NULL && errno == EFAULT,
	       "getcwd into unmapped memory: EFAULT");
	errno = 0;
	tap_ok(readlink("/etc/motd", (char *)two + PAGE, 8) == -1 &&
		   errno == EINVAL,
	       "readlink of a file is EINVAL before the buffer matters");
	int dir = open("/etc", O_RDONLY | O_DIRECTORY);
	errno = 0;
	tap_ok(getdents(dir, (char *)two + PAGE, 512) == -1 && errno == EFAULT,
	       "getdents into unmapped memory: EFAULT");
	close(dir);
	int p[2];
	pipe(p);
	write(p[1], "abc", 3);
	errno = 0;
	tap_ok(read(p[0], (char *)two + PAGE, 3) == -1 && errno == EFAULT,
	       "read of a pipe into unmapped memory: EFAULT");
	char buf[4];
	tap_is_int(read(p[0], buf, 3), 3, "... and the bytes stay in the pipe");
	close(p[0]);
	close(p[1]);
	close(fd);
	vm_deallocate(mach_task_self(), two, PAGE);
}

/* n bytes through a pipe and a file, each a call: all of them, in order. */
static int
inline_round_trip(int p[2], int fd, size_t n)
{
	static char out[UNIX_INLINE_MAX + 1], in[UNIX_INLINE_MAX + 1];

	for (size_t i = 0; i < n; i++)
		out[i] = (char)(i * 7 + n);
	memset(in, 0, sizeof(in));
	if (write(p[1], out, n) != (ssize_t)n ||
	    read(p[0], in, n) != (ssize_t)n || memcmp(in, out, n) != 0)
		return 0;
	memset(in, 0, sizeof(in));
	return ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0 &&
	       write(fd, out, n) == (ssize_t)n && lseek(fd, 0, SEEK_SET) == 0 &&
	       read(fd, in, sizeof(in)) == (ssize_t)n &&
	       memcmp(in, out, n) == 0;
}

/*
 * Reads and writes of at most UNIX_INLINE_MAX bytes carry their bytes
 * inline: the sizes either side of the limit move every byte, and a
 * bad pointer is EFAULT, never a signal, in a forked child too (the
 * server keeps where the library's copy lies across fork).
 */
static void
test_inline(void)
{
	int p[2], fd = open("/tmp/inline", O_RDWR | O_CREAT | O_TRUNC, 0644);

	pipe(p);
	tap_ok(inline_round_trip(p, fd, UNIX_INLINE_MAX),
	       "%d bytes (inline) through a pipe and a file", UNIX_INLINE_MAX);
	tap_ok(inline_round_trip(p, fd, UNIX_INLINE_MAX + 1),
	       "%d bytes (out of line) through a pipe and a file",
	       UNIX_INLINE_MAX + 1);
	tap_ok(inline_round_trip(p, fd, 1), "1 byte through a pipe and a file");
	close(fd);
	unlink("/tmp/inline");

	vm_address_t two = 0;
	vm_allocate(mach_task_self(), &two, 2 * PAGE, TRUE);
	vm_deallocate(mach_task_self(), two + PAGE, PAGE);
	char *edge = (char *)two + PAGE, c;
	errno = 0;
	tap_ok(write(p[1], edge - 1, 2) == -1 && errno == EFAULT,
	       "a short write running into unmapped memory: EFAULT");
	errno = 0;
	tap_ok(write(p[1], edge, 1) == -1 && errno == EFAULT,
	       "a short write from unmapped memory: EFAULT");
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	errno = 0;
	tap_ok(read(p[0], &c, 1) == -1 && errno == EAGAIN,
	       "... nothing went into the pipe");
	write(p[1], "x", 1);
	vm_protect(mach_task_self(), two, PAGE, FALSE, VM_PROT_READ);
	errno = 0;
	tap_ok(read(p[0], (char *)two, 1) == -1 && errno == EFAULT,
	       "a short read into a read-only page: EFAULT");
	errno = 0;
	tap_ok(read(p[0], edge - 1, 2) == -1 && errno == EFAULT,
	       "a short read running into unmapped memory: EFAULT");
	tap_ok(read(p[0], &c, 1) == 1 && c == 'x', "... the byte stays");
	pid_t pid = fork();
	if (pid == 0)
		_exit(write(p[1], edge, 1) == -1 && errno == EFAULT ? 0 : 1);
	int status = -1;
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "a forked child's short write from unmapped memory: EFAULT");
	/* a short write that waits for room keeps its bytes (they were in
	 * its message): a full pipe, a child's 1,000-byte write, all read */
	int f[2];
	static char bytes[4096 + 1000];
	pipe(f);
	memset(bytes, 'f', 4096);
	write(f[1], bytes, 4096);
	pid = fork();
	if (pid == 0) {
		memset(bytes + 4096, 'm', 1000);
		_exit(write(f[1], bytes + 4096, 1000) == 1000 ? 0 : 1);
	}
	nanosleep(&(struct timespec){.tv_nsec = 50000000},
		  NULL); /* (it waits) */
	memset(bytes, 0, sizeof(bytes));
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(bytes) &&
	       (n = read(f[0], bytes + got, sizeof(bytes) - got)) > 0)
		got += n;
	int same = got == sizeof(bytes);
	for (size_t i = 0; i < got; i++)
		same &= bytes[i] == (i < 4096 ? 'f' : 'm');
	waitpid(pid, &status, 0);
	tap_ok(same && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "a short write waiting for room in a full pipe: all its bytes");
	close(f[0]);
	close(f[1]);
	int error = 0;
	tap_ok(unix_copy_recovery(bootstrap_port, 2, 1, 0, &error) ==
		       KERN_SUCCESS &&
		   error == EINVAL,
	       "unix_copy_recovery of an empty range backwards: EINVAL");
	close(p[0]);
	close(p[1]);
	vm_deallocate(mach_task_self(), two, PAGE);
}

static void
test_process_limit(void)
{
	int p[2];
	char fdtext[16];
	pid_t pids[80];
	int n = 0, error = 0;

	pipe(p);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	snprintf(fdtext, sizeof(fdtext), "%d", p[0]);
	char *argv[] = {"h_child", "echo", fdtext, "1", NULL};
	while (n < 80) {
		error = posix_spawn(&pids[n], "/test/h_child", NULL, NULL, argv,
				    environ);
		if (error != 0)
			break;
		n++;
	}
	tap_is_int(error, EAGAIN, "too many processes: EAGAIN");
	tap_ok(n > 50, "after %d processes", n);
	close(p[1]); /* they all see end of file and exit */
	close(p[0]);
	int reaped = 0, status;
	while (wait(&status) > 0)
		reaped += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	tap_is_int(reaped, n, "each ended and was reaped");
	pid_t pid;
	char *again[] = {"h_child", "exit", "5", NULL};
	tap_is_int(
	    posix_spawn(&pid, "/test/h_child", NULL, NULL, again, environ), 0,
	    "a spawn works again afterwards");
	waitpid(pid, &status, 0);
	tap_is_int(WEXITSTATUS(status), 5, "... and its status comes back");
}

int
main(void)
{
	test_paths();
	test_inline();
	test_process_limit();
	return tap_done();
}
