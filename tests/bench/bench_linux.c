/*
 * The rows of bench-linux, the POSIX rows built for Linux (static,
 * glibc) with the harness of bench.c, for the Linux columns of make
 * bench (docs/bench.md, "Linux in the same emulator"):
 *
 *	linux_NAME		the POSIX rows (bench_posix.c), all of them
 *	linux_fault_zero	a write to a page of fresh anonymous memory:
 *				the fault fills a page with zeros
 *	linux_fault_uffd	a read of a page of a region registered with
 *				userfaultfd: a thread of the same process
 *				reads the fault's message and answers with
 *				UFFDIO_COPY, and the fault resumes (the shape
 *				of fault_pager)
 *	linux_pipe_sweep_N	a round trip of N bytes between two processes
 *				through two pipes, N from 1 to 65536 (a pipe
 *				cannot carry an empty message)
 *
 * The program runs as /init of a Linux guest (pid 1: it mounts /dev,
 * runs the rows in the initramfs's root, waits for every child and
 * stops QEMU) or natively on the host (the native column), from the
 * directory that holds its child h_bench and its small file.
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define BENCH_PAGE	4096
#define BENCH_SWEEP_MAX 65536
/* QEMU's isa-debug-exit port (tools/qemu.sh): a write stops QEMU. */
#define BENCH_QEMU_EXIT_PORT 0xf4

/* n pages of fresh anonymous memory, never backed by huge pages (one
 * fault would fill 512 of them); NULL if there is no room. */
static char *
bench_fresh_pages(int n)
{
	char *region =
	    mmap(NULL, (size_t)n * BENCH_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (region == MAP_FAILED)
		return NULL;
	madvise(region, (size_t)n * BENCH_PAGE, MADV_NOHUGEPAGE);
	return region;
}

static const char *
bench_linux_fault_zero(struct bench_run *run)
{
	int n = bench_total(run);
	volatile char *region = bench_fresh_pages(n);

	if (region == NULL)
		return "mmap failed";
	for (int i = 0; i < n; i++) {
		uint64_t start = bench_clock_start();
		region[(size_t)i * BENCH_PAGE] = 1;
		uint64_t stop = bench_clock_stop();
		bench_record(run, i, start, stop);
	}
	munmap((void *)region, (size_t)n * BENCH_PAGE);
	return NULL;
}

/* The pager of linux_fault_uffd: serves its faults, then returns.  If
 * it cannot, it unregisters the region, so that the faults waiting for
 * it resolve as ordinary ones (a zero page, which the row sees). */
struct bench_uffd_pager {
	int bup_fd;		       /* the userfaultfd */
	int bup_faults;		       /* faults to serve */
	const char *bup_page;	       /* what each fault's page receives */
	struct uffdio_range bup_range; /* the region */
	const char *bup_why;	       /* NULL, or why it stopped early */
};

static void *
bench_uffd_fail(struct bench_uffd_pager *pager, const char *why)
{
	pager->bup_why = why;
	ioctl(pager->bup_fd, UFFDIO_UNREGISTER, &pager->bup_range);
	return NULL;
}

static void *
bench_uffd_serve(void *argument)
{
	struct bench_uffd_pager *pager = argument;

	for (int served = 0; served < pager->bup_faults;) {
		struct uffd_msg msg;
		ssize_t n = read(pager->bup_fd, &msg, sizeof(msg));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(msg) || msg.event != UFFD_EVENT_PAGEFAULT)
			return bench_uffd_fail(pager,
					       "a bad userfaultfd message");
		struct uffdio_copy copy = {
		    .dst =
			msg.arg.pagefault.address & ~(uint64_t)(BENCH_PAGE - 1),
		    .src = (uintptr_t)pager->bup_page,
		    .len = BENCH_PAGE,
		};
		if (ioctl(pager->bup_fd, UFFDIO_COPY, &copy) != 0 &&
		    errno != EEXIST)
			return bench_uffd_fail(pager, "UFFDIO_COPY failed");
		served++;
	}
	return NULL;
}

/* A userfaultfd for faults in user mode (all that an unprivileged
 * process may have), or any if the kernel is older than that flag. */
static int
bench_uffd_open(void)
{
	int fd = syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);

	if (fd < 0 && errno == EINVAL)
		fd = syscall(SYS_userfaultfd, O_CLOEXEC);
	struct uffdio_api api = {.api = UFFD_API};
	if (fd >= 0 && ioctl(fd, UFFDIO_API, &api) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static const char *
bench_linux_fault_uffd(struct bench_run *run)
{
	static char page[BENCH_PAGE] __attribute__((aligned(BENCH_PAGE)));
	int n = bench_total(run);
	struct bench_uffd_pager pager = {
	    .bup_fd = bench_uffd_open(), .bup_faults = n, .bup_page = page};
	volatile char *region = bench_fresh_pages(n);
	const char *why = NULL;
	pthread_t thread;

	memset(page, 'p', sizeof(page));
	if (pager.bup_fd < 0 || region == NULL) {
		why = "no userfaultfd or no memory";
		goto out;
	}
	pager.bup_range.start = (uintptr_t)region;
	pager.bup_range.len = (uint64_t)n * BENCH_PAGE;
	struct uffdio_register reg = {.range = pager.bup_range,
				      .mode = UFFDIO_REGISTER_MODE_MISSING};
	if (ioctl(pager.bup_fd, UFFDIO_REGISTER, &reg) != 0) {
		why = "UFFDIO_REGISTER failed";
		goto out;
	}
	if (pthread_create(&thread, NULL, bench_uffd_serve, &pager) != 0) {
		why = "no pager thread";
		goto out;
	}
	for (int i = 0; i < n; i++) {
		uint64_t start = bench_clock_start();
		char c = region[(size_t)i * BENCH_PAGE];
		uint64_t stop = bench_clock_stop();
		if (c != 'p') {
			why = "the page came without the pager's data";
			break;
		}
		bench_record(run, i, start, stop);
	}
	/* Each read above was one fault, which the pager served; if the
	 * row stopped early, the pager may wait for one that will not come. */
	if (why != NULL)
		pthread_cancel(thread);
	pthread_join(thread, NULL);
	if (pager.bup_why != NULL)
		why = pager.bup_why;
out:
	if (region != NULL)
		munmap((void *)region, (size_t)n * BENCH_PAGE);
	if (pager.bup_fd >= 0)
		close(pager.bup_fd);
	return why;
}

/* Reads or writes exactly n bytes; 0, or -1. */
static int
bench_transfer(int fd, char *buf, size_t n, int writing)
{
	for (size_t done = 0; done < n;) {
		ssize_t k = writing ? write(fd, buf + done, n - done)
				    : read(fd, buf + done, n - done);
		if (k <= 0)
			return -1;
		done += k;
	}
	return 0;
}

/* A round trip of bytes through two pipes to a forked child that sends
 * back what it reads, a message of bytes at a time. */
static const char *
bench_linux_pipe_sweep(struct bench_run *run, size_t bytes)
{
	static char buf[BENCH_SWEEP_MAX];
	int to_child[2], to_parent[2];
	const char *why = NULL;

	if (pipe(to_child) != 0 || pipe(to_parent) != 0)
		return "pipe failed";
	pid_t pid = fork();
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		while (bench_transfer(to_child[0], buf, bytes, 0) == 0 &&
		       bench_transfer(to_parent[1], buf, bytes, 1) == 0)
			;
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	if (pid < 0)
		why = "fork failed";
	memset(buf, 's', bytes);
	for (int i = 0; i < bench_total(run) && why == NULL; i++) {
		uint64_t start = bench_clock_start();
		if (bench_transfer(to_child[1], buf, bytes, 1) != 0 ||
		    bench_transfer(to_parent[0], buf, bytes, 0) != 0)
			why = "the round trip failed";
		uint64_t stop = bench_clock_stop();
		bench_record(run, i, start, stop);
	}
	close(to_child[1]);
	close(to_parent[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return why;
}

#define BENCH_SWEEP(bytes) \
	static const char *bench_linux_pipe_sweep_##bytes( \
	    struct bench_run *run) \
	{ \
		return bench_linux_pipe_sweep(run, bytes); \
	}
BENCH_SWEEP(1)
BENCH_SWEEP(64)
BENCH_SWEEP(256)
BENCH_SWEEP(1024)
BENCH_SWEEP(4096)
BENCH_SWEEP(16384)
BENCH_SWEEP(65536)

const struct bench_row bench_rows[] = {
    {"linux_getpid", bench_posix_getpid},
    {"linux_read_1", bench_posix_read_1},
    {"linux_open_close", bench_posix_open_close},
    {"linux_pipe_pingpong", bench_posix_pipe_pingpong},
    {"linux_spawn_wait", bench_posix_spawn_wait},
    {"linux_fork_exit_wait", bench_posix_fork_exit_wait},
    {"linux_fork_exec_wait", bench_posix_fork_exec_wait},
    {"linux_open_read_close", bench_posix_open_read_close},
    {"linux_read_1m", bench_posix_read_1m},
    {"linux_fault_zero", bench_linux_fault_zero},
    {"linux_fault_uffd", bench_linux_fault_uffd},
    {"linux_pipe_sweep_1", bench_linux_pipe_sweep_1},
    {"linux_pipe_sweep_64", bench_linux_pipe_sweep_64},
    {"linux_pipe_sweep_256", bench_linux_pipe_sweep_256},
    {"linux_pipe_sweep_1024", bench_linux_pipe_sweep_1024},
    {"linux_pipe_sweep_4096", bench_linux_pipe_sweep_4096},
    {"linux_pipe_sweep_16384", bench_linux_pipe_sweep_16384},
    {"linux_pipe_sweep_65536", bench_linux_pipe_sweep_65536},
};
const int bench_row_count = sizeof(bench_rows) / sizeof(bench_rows[0]);
const struct bench_probe bench_probes[] = {{NULL, NULL}};
const int bench_probe_count = 0;

/* As init, after main: init may not return.  The console's output is
 * sent out first, then QEMU stopped through its debug exit port
 * (status 1, as our kernel does), or else the machine powered off. */
static void
bench_linux_power_off(void)
{
	tcdrain(STDOUT_FILENO);
	if (ioperm(BENCH_QEMU_EXIT_PORT, 1, 1) == 0)
		outb(0, BENCH_QEMU_EXIT_PORT);
	reboot(RB_POWER_OFF);
}

/* As init (pid 1), before main: /dev for the console, /tmp for
 * read_1m (the initramfs's root is already the working directory), and
 * the power off at the end. */
__attribute__((constructor)) static void
bench_linux_init(void)
{
	if (getpid() != 1)
		return;
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/tmp", 01777);
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR);
		for (int i = 0; fd >= 0 && i < 3; i++)
			if (fd != i)
				dup2(fd, i);
	}
	atexit(bench_linux_power_off);
}
