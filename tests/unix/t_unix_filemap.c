/*
 * Files mapped through the UNIX server as their pager: a shared
 * mapping's writes reach the file (read() sees them, msync, munmap) and
 * every other mapping (a fork's child, another process's own mapping);
 * write() reaches an existing mapping; a private mapping's writes stay
 * in the process; a mapped file unlinked keeps its data; ftruncate takes
 * the pages past the new end away from the mappings; a program
 * rewritten between two runs runs its new bytes; a data_return forged by
 * a process does not reach the file; the access checks.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/bootstrap_types.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/memory_object_server.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unix/unix.h>

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

/*
 * The server reads what a process sends out of line through a copy of
 * the process's pages: pages of a mapped file not yet in memory must
 * be paged in by the server while it serves the request (a path in a
 * mapping, a write() from a mapping, a write() of a file from a mapping
 * of the same range).  None of them is touched by the process first.
 */
static void
test_sent_from_mapping(void)
{
	int fd = make_file();
	int other = open(FILE_PATH "-other", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED && other >= 0 &&
		   write(other, p + PAGE, PAGE) == PAGE &&
		   byte_at(other, 5) == data[PAGE + 5],
	       "write() from an untouched mapping of another file");
	munmap(p, SIZE);
	p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED && pwrite(fd, p + PAGE, 100, PAGE + 8) == 100 &&
		   byte_at(fd, PAGE + 8) == data[PAGE] &&
		   byte_at(fd, PAGE + 107) == data[PAGE + 99],
	       "pwrite() of a file from an untouched mapping of that range");
	munmap(p, SIZE);
	close(other);
	pwrite(fd, FILE_PATH "-other", sizeof(FILE_PATH "-other"), 2 * PAGE);
	p = mmap(NULL, SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	struct stat st;
	tap_ok(p != MAP_FAILED && stat(p + 2 * PAGE, &st) == 0 &&
		   st.st_size == PAGE,
	       "a path in an untouched mapping");
	munmap(p, SIZE);
	close(fd);
	unlink(FILE_PATH "-other");
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

/*
 * A process holding a file's memory object (given for a read-only
 * mapping) sends it a data_return of its own, with a control port of its
 * own: the server must not write it into the file.
 */
static void
test_forged_return(void)
{
	static char page[PAGE] __attribute__((aligned(PAGE)));
	memory_object_memory_object_data_return_request_t msg;
	mach_port_t object = MACH_PORT_NULL, fake = MACH_PORT_NULL;
	int error = -1;

	close(make_file());
	int fd = open(FILE_PATH, O_RDONLY);
	kern_return_t kr = unix_file_memory_object(
	    bootstrap_port, fd, PROT_READ, MAP_SHARED, &error, &object);
	tap_ok(kr == KERN_SUCCESS && error == 0 && MACH_PORT_VALID(object),
	       "the memory object of a file open read-only");
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &fake);
	memset(page, 'X', sizeof(page));
	memset(&msg, 0, sizeof(msg));
	msg.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.Head.msgh_size = sizeof(msg);
	msg.Head.msgh_remote_port = object;
	msg.Head.msgh_id = 2208; /* memory_object_data_return */
	msg.msgh_body.msgh_descriptor_count = 2;
	msg.memory_control.name = fake;
	msg.memory_control.disposition = MACH_MSG_TYPE_MAKE_SEND;
	msg.memory_control.type = MACH_MSG_PORT_DESCRIPTOR;
	msg.data.address = page;
	msg.data.copy = MACH_MSG_VIRTUAL_COPY;
	msg.data.type = MACH_MSG_OOL_DESCRIPTOR;
	msg.data.size = PAGE;
	msg.dataCnt = PAGE;
	msg.dirty = TRUE;
	tap_ok(mach_msg(&msg.Head, MACH_SEND_MSG, sizeof(msg), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL) == MACH_MSG_SUCCESS,
	       "a data_return with a control port of our own, sent");
	/* the fault's data request is served after the forged message */
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	tap_ok(p != MAP_FAILED && p[0] == 'a' && byte_at(fd, 0) == 'a',
	       "the file is unchanged");
	munmap(p, PAGE);
	mach_port_deallocate(mach_task_self(), object);
	mach_port_destroy(mach_task_self(), fake);
	close(fd);
	unlink(FILE_PATH);
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
	test_sent_from_mapping();
	test_private();
	test_unlink_truncate();
	test_exec();
	test_forged_return();
	test_errors();
	return tap_done();
}
