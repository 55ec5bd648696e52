/*
 * mmap, munmap, mprotect and msync in a process of the UNIX server:
 * anonymous memory (zeros, shared or private across fork), a file
 * mapped private (its bytes, copy-on-write), protections enforced (a child
 * that writes to a read-only mapping or touches an unmapped one ends by
 * SIGSEGV), MAP_FIXED, and the errors.
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
#define FILE_PATH "/tmp/mman-file"

/* The wait status of a child that runs touch(p). */
static int
in_child(void (*touch)(volatile char *), volatile char *p)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		touch(p);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void
write_byte(volatile char *p)
{
	*p = 'w';
}

static void
read_byte(volatile char *p)
{
	(void)*p;
}

static int
killed_by_segv(int status)
{
	return status != -1 && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGSEGV;
}

static void
test_anonymous(void)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_ok(p != MAP_FAILED && ((unsigned long)p & (PAGE - 1)) == 0,
	       "anonymous private mapping, page-aligned");
	int zero = 1;
	for (int i = 0; i < 3 * PAGE; i++)
		zero &= p[i] == 0;
	tap_ok(zero, "its pages read as zeros");
	memset(p, 'a', 3 * PAGE);
	tap_ok(p[0] == 'a' && p[3 * PAGE - 1] == 'a', "and take writes");

	pid_t pid = fork();
	if (pid == 0) {
		p[0] = 'c';
		_exit(p[1] == 'a' ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0 && p[0] == 'a',
	       "MAP_PRIVATE: a fork's child has a copy");

	char *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	tap_ok(s != MAP_FAILED, "anonymous shared mapping");
	s[0] = 'p';
	pid = fork();
	if (pid == 0) {
		s[1] = 'c';
		_exit(s[0] == 'p' ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0 && s[1] == 'c',
	       "MAP_SHARED: parent and child see each other's writes");

	tap_is_int(mprotect(p, PAGE, PROT_READ), 0, "mprotect read-only");
	tap_ok(p[0] == 'a', "the page still reads");
	tap_ok(killed_by_segv(in_child(write_byte, p)),
	       "a write to it: SIGSEGV");
	tap_ok(!killed_by_segv(in_child(write_byte, p + PAGE)),
	       "the next page is still writable");
	tap_is_int(msync(p, PAGE, MS_SYNC), 0, "msync");
	tap_is_int(munmap(p, 3 * PAGE), 0, "munmap");
	tap_ok(killed_by_segv(in_child(read_byte, p + PAGE)),
	       "a read of an unmapped page: SIGSEGV");
	tap_is_int(munmap(s, PAGE), 0, "munmap the shared one");

	char *fixed = mmap(p, PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	tap_ok(fixed == p && fixed[0] == 0, "MAP_FIXED at a given address");
	munmap(fixed, PAGE);
}

static void
test_file(void)
{
	char data[PAGE + 100];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('A' + i % 26);
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	tap_ok(fd >= 0 && write(fd, data, sizeof(data)) == sizeof(data),
	       "a file of a page and 100 bytes");
	char *p = mmap(NULL, sizeof(data), PROT_READ, MAP_PRIVATE, fd, 0);
	tap_ok(p != MAP_FAILED && memcmp(p, data, sizeof(data)) == 0,
	       "mapped private: its bytes");
	tap_ok(p[sizeof(data)] == 0 && p[2 * PAGE - 1] == 0,
	       "zeros after its end, to the end of the page");
	tap_ok(killed_by_segv(in_child(write_byte, p)),
	       "mapped PROT_READ: a write is SIGSEGV");
	munmap(p, 2 * PAGE);
	p = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PAGE);
	tap_ok(p != MAP_FAILED && memcmp(p, data + PAGE, 100) == 0,
	       "mapped from an offset");
	p[0] = '!';
	char first;
	tap_ok(pread(fd, &first, 1, PAGE) == 1 && first == data[PAGE],
	       "a write to a private mapping leaves the file alone");
	munmap(p, PAGE);

	close(fd);
	fd = open(FILE_PATH, O_RDONLY);
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
		       MAP_FAILED &&
		   errno == EACCES,
	       "shared and writable, the file open only for reading: EACCES");
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100) ==
		       MAP_FAILED &&
		   errno == EINVAL,
	       "an unaligned offset: EINVAL");
	close(fd);
	int wfd = open(FILE_PATH, O_WRONLY);
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wfd, 0) == MAP_FAILED &&
		   errno == EACCES,
	       "a file open only for writing: EACCES");
	close(wfd);
	unlink(FILE_PATH);
}

static void
test_errors(void)
{
	errno = 0;
	tap_ok(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
		       MAP_FAILED &&
		   errno == EINVAL,
	       "length 0: EINVAL");
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) ==
		       MAP_FAILED &&
		   errno == EINVAL,
	       "neither shared nor private: EINVAL");
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 42, 0) == MAP_FAILED &&
		   errno == EBADF,
	       "a closed descriptor: EBADF");
	int fds[2];
	pipe(fds);
	errno = 0;
	tap_ok(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fds[0], 0) ==
		       MAP_FAILED &&
		   errno == ENODEV,
	       "a pipe: ENODEV");
	close(fds[0]);
	close(fds[1]);
	errno = 0;
	tap_ok(munmap((void *)(PAGE + 1), PAGE) == -1 && errno == EINVAL,
	       "munmap of an unaligned address: EINVAL");
	errno = 0;
	tap_ok(mprotect((void *)0x7e0000000000ul, PAGE, PROT_READ) == -1 &&
		   errno == ENOMEM,
	       "mprotect of memory not mapped: ENOMEM");
	errno = 0;
	tap_ok(mmap(NULL, (size_t)1 << 47, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
		   errno == ENOMEM,
	       "more than the address space: ENOMEM");
}

int
main(void)
{
	mkdir("/tmp", 01777);
	test_anonymous();
	test_file();
	test_errors();
	return tap_done();
}
