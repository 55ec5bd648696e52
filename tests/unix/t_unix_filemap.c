/*
 * Files mapped through the UNIX server as their pager: a shared
 * mapping's writes reach the file (read() sees them, msync, munmap) and
 * every other mapping (a fork's child, another process's own mapping);
 * write() reaches an existing mapping; a private mapping's writes stay
 * in the process; a mapped file unlinked keeps its data; ftruncate takes
 * the pages past the new end away from the mappings; a program
 * rewritten between two runs runs its new bytes; the access checks.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	  4096
#define FILE_PATH "/tmp/filemap"
#define SIZE	  (2 * PAGE + 100) /* three pages, the last partly */

static char data[SIZE];

/* A fresh file of SIZE bytes of letters, open read-write. */
static int
make_file(void)
{
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && write(fd, data, sizeof(data)) != sizeof(data)) {
		close(fd);
		return -1;
	}
	return fd;
}

static char
byte_at(int fd, off_t offset)
{
	char c = 0;

	if (pread(fd, &c, 1, offset) != 1)
		return -1;
	return c;
}

static int
exited_zero(pid_t pid)
{
	int status = -1;

	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static void
test_shared(void)
{
	int fd = make_file();
	tap_ok(fd >= 0, "a file of two pages and 100 bytes");
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED && memcmp(p, data, SIZE) == 0,
	       "mapped shared: its bytes");
	tap_ok(p[SIZE] == 0 && p[3 * PAGE - 1] == 0,
	       "zeros after its end, to the end of the page");
	p[10] = '1';
	p[PAGE + 10] = '2';
	tap_ok(byte_at(fd, 10) == '1' && byte_at(fd, PAGE + 10) == '2',
	       "a write through the mapping is seen by read()");
	p[SIZE + 5] = 'z';
	struct stat st;
	tap_ok(msync(p, 3 * PAGE, MS_SYNC) == 0 && fstat(fd, &st) == 0 &&
		   st.st_size == SIZE,
	       "a write past the end does not make the file longer");
	tap_ok(pwrite(fd, "HELLO", 5, PAGE + 1) == 5 &&
		   memcmp(p + PAGE + 1, "HELLO", 5) == 0,
	       "write() is seen through the mapping");
	tap_ok(p[PAGE + 10] == '2' && p[10] == '1',
	       "and the mapping's own writes are kept");

	/* another process: a fork's child (the mapping inherited) */
	pid_t pid = fork();
	if (pid == 0) {
		p[20] = 'c';
		_exit(p[10] == '1' ? 0 : 1);
	}
	tap_ok(exited_zero(pid) && p[20] == 'c' && byte_at(fd, 20) == 'c',
	       "a fork's child shares it: its write is seen by both");

	/* another process with a mapping of its own */
	pid = fork();
	if (pid == 0) {
		int fd2 = open(FILE_PATH, O_RDWR);
		char *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			       fd2, PAGE);
		if (q == MAP_FAILED || q[1] != 'H')
			_exit(1);
		q[100] = 'o';
		_exit(munmap(q, PAGE) == 0 ? 0 : 2);
	}
	tap_ok(exited_zero(pid) && p[PAGE + 100] == 'o' &&
		   byte_at(fd, PAGE + 100) == 'o',
	       "another process's own mapping: its write is seen by ours");

	p[30] = 'm';
	tap_ok(msync(p, PAGE, MS_SYNC) == 0 && byte_at(fd, 30) == 'm',
	       "msync, then the file has the byte");
	p[40] = 'u';
	tap_ok(munmap(p, SIZE) == 0 && byte_at(fd, 40) == 'u',
	       "munmap: the last write reached the file");
	p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED && p[40] == 'u' && p[PAGE + 1] == 'H',
	       "mapped again: the file's bytes");
	munmap(p, SIZE);
	close(fd);
	unlink(FILE_PATH);
}

/* The only mapping read-only at first, then made writable. */
static void
test_mprotect(void)
{
	int fd = make_file();
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED &&
		   mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0,
	       "mapped shared read-only, made writable by mprotect");
	p[50] = 'r';
	tap_ok(byte_at(fd, 50) == 'r', "its write is seen by read()");
	munmap(p, PAGE);
	close(fd);
	unlink(FILE_PATH);
}

static void
test_private(void)
{
	int fd = make_file();
	char *shared =
	    mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	tap_ok(p != MAP_FAILED && shared != MAP_FAILED &&
		   memcmp(p, data, SIZE) == 0,
	       "mapped private and shared");
	p[5] = '!';
	tap_ok(byte_at(fd, 5) == data[5] && shared[5] == data[5],
	       "a private write reaches neither the file nor a shared "
	       "mapping");
	pid_t pid = fork();
	if (pid == 0)
		_exit(p[5] == '!' ? 0 : 1);
	tap_ok(exited_zero(pid), "a fork's child sees the private write");
	munmap(p, SIZE);
	munmap(shared, SIZE);
	close(fd);
	unlink(FILE_PATH);
}

static void
test_unlink_truncate(void)
{
	int fd = make_file();
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	tap_ok(p != MAP_FAILED && unlink(FILE_PATH) == 0,
	       "a mapped file closed and unlinked");
	p[PAGE] = '#';
	tap_ok(memcmp(p, data, PAGE) == 0 && p[PAGE] == '#' &&
		   p[2 * PAGE] == data[2 * PAGE],
	       "its mapping still reads and writes");
	munmap(p, SIZE);

	fd = make_file();
	p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED && p[PAGE + 5] == data[PAGE + 5] &&
		   ftruncate(fd, PAGE + 3) == 0,
	       "a mapped file truncated to a page and 3 bytes");
	tap_ok(p[PAGE + 2] == data[PAGE + 2] && p[PAGE + 5] == 0 &&
		   p[2 * PAGE] == 0,
	       "the mapping reads zeros past the new end");
	tap_ok(ftruncate(fd, SIZE) == 0 && byte_at(fd, PAGE + 5) == 0 &&
		   p[PAGE + 5] == 0,
	       "made longer again: zeros, in the file and the mapping");
	munmap(p, SIZE);
	close(fd);
	unlink(FILE_PATH);
}

/* Copies the file at from to to (mode 0755); 0 or -1. */
static int
copy_file(const char *from, const char *to)
{
	static char buffer[64 * 1024];
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n = 0;

	while (in >= 0 && out >= 0 &&
	       (n = read(in, buffer, sizeof(buffer))) > 0)
		if (write(out, buffer, n) != n)
			n = -1;
	close(in);
	close(out);
	return in >= 0 && out >= 0 && n == 0 ? 0 : -1;
}

/* The exit status of the program at path run with no argument, or -1. */
static int
run(const char *path)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* exec maps a program from its file's memory object, which the server
 * keeps after the program ends: a program rewritten in between must
 * run its new bytes. */
static void
test_exec(void)
{
	const char *path = "/tmp/filemap-prog";

	tap_ok(copy_file("/bin/true", path) == 0 && run(path) == 0 &&
		   run(path) == 0,
	       "a copy of true runs, twice");
	tap_ok(copy_file("/bin/false", path) == 0 && run(path) == 1,
	       "rewritten as false, it runs false");
	tap_ok(copy_file("/bin/true", path) == 0 && run(path) == 0,
	       "and true again");
	int fd = open(path, O_RDONLY);
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	tap_ok(p != MAP_FAILED && memcmp(p, "\177ELF", 4) == 0,
	       "a program's file mapped while it is kept");
	munmap(p, PAGE);
	close(fd);
	tap_ok(unlink(path) == 0 && run(path) == 127,
	       "unlinked, it no longer runs");
}

static void
test_errors(void)
{
	int fd = make_file();
	close(fd);
	fd = open(FILE_PATH, O_RDONLY);
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED && p[0] == 'a',
	       "read-only file, mapped shared PROT_READ");
	errno = 0;
	tap_ok(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == -1 &&
		   errno == EACCES,
	       "and mprotect cannot make it writable: EACCES");
	munmap(p, PAGE);
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
		       MAP_FAILED &&
		   errno == EACCES,
	       "shared writable: EACCES");
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	tap_ok(p != MAP_FAILED && (p[0] = 'x') == 'x' && byte_at(fd, 0) == 'a',
	       "private writable of a read-only file: copy-on-write");
	munmap(p, PAGE);
	close(fd);
	fd = open("/tmp", O_RDONLY);
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
		   errno == ENODEV,
	       "a directory: ENODEV");
	close(fd);
	errno = 0;
	tap_ok(msync((char *)0 + 1, PAGE, MS_SYNC) == -1 && errno == EINVAL,
	       "msync of an unaligned address: EINVAL");
	unlink(FILE_PATH);
}

int
main(void)
{
	mkdir("/tmp", 01777);
	test_shared();
	test_mprotect();
	test_private();
	test_unlink_truncate();
	test_exec();
	test_errors();
	return tap_done();
}
