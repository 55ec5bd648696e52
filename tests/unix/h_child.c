/*
 * The helper that the UNIX server tests spawn: argv[1] says what to do.
 *
 *	exit N		exits with N
 *	segv, ill, fpe	faults (a bad access, ud2, a division by zero)
 *	write FD TEXT	writes TEXT to FD
 *	echo IN OUT	copies what it reads on IN (up to end of file) to OUT
 *	big FD N	writes N bytes ('a' + i % 26) to FD in one write
 *	ppid FD		writes its parent's pid to FD
 *	isopen FD	exits 0 if FD is open, 1 if not
 *	readexit FD	a second thread reads FD (and waits there); the
 *			process exits with 7 meanwhile
 */
#include <fcntl.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int zero, seven = 7;

static void *
read_forever(void *arg)
{
	char buf[16];

	read((int)(intptr_t)arg, buf, sizeof(buf));
	return NULL;
}
static volatile uintptr_t bad_address = 8;

int
main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	int fd = argc > 2 ? atoi(argv[2]) : -1;
	char buf[256];

	if (strcmp(what, "exit") == 0)
		return atoi(argv[2]);
	if (strcmp(what, "segv") == 0)
		*(volatile int *)bad_address = 1;
	if (strcmp(what, "ill") == 0)
		__asm__ volatile("ud2");
	if (strcmp(what, "fpe") == 0)
		return seven / zero; /* both volatile: a real idiv */
	if (strcmp(what, "write") == 0 && argc > 3)
		return write(fd, argv[3], strlen(argv[3])) ==
			       (ssize_t)strlen(argv[3])
			   ? 0
			   : 2;
	if (strcmp(what, "echo") == 0 && argc > 3) {
		int out = atoi(argv[3]);
		ssize_t n;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n)
				return 2;
		return n == 0 ? 0 : 3;
	}
	if (strcmp(what, "big") == 0 && argc > 3) {
		size_t n = atoi(argv[3]);
		char *data = malloc(n);
		for (size_t i = 0; i < n; i++)
			data[i] = 'a' + i % 26;
		return write(fd, data, n) == (ssize_t)n ? 0 : 2;
	}
	if (strcmp(what, "ppid") == 0) {
		int n = snprintf(buf, sizeof(buf), "%d", (int)getppid());
		return write(fd, buf, n) == n ? 0 : 2;
	}
	if (strcmp(what, "readexit") == 0) {
		mach_thread_t reader;
		if (mach_thread_create(&reader, read_forever,
				       (void *)(intptr_t)fd) != KERN_SUCCESS)
			return 2;
		/* Time for the read to reach the server and wait there. */
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 300);
		_exit(7);
	}
	if (strcmp(what, "isopen") == 0)
		return fcntl(fd, F_GETFD) >= 0 ? 0 : 1;
	return 100;
}
