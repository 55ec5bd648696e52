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
 *	gate FD N	waits for a byte (or end of file) on FD, exits with N
 *	signal SIG FD	works a while, sends SIG to its parent, works a
 *			while more, writes a byte to FD (if >= 0), exits 0
 *	pause		waits for signals for ever (pause)
 *	pipe		writes to a pipe without a reader (SIGPIPE)
 *	trap		int3
 *	sleep N		sleeps N seconds, exits 0 (1 if interrupted)
 *	kill PID SIG	works a while, then sends SIG to PID
 *	badtramp	a SIGSEGV handler with a trampoline address that
 *			faults (through the raw stub), then a fault
 *	segvblocked	faults with SIGSEGV blocked (and a handler)
 *	readexit FD	a second thread reads FD (and waits there); the
 *			process exits with 7 meanwhile
 *	pid FD		writes its pid to FD
 *	args FD ...	writes its arguments to FD, each followed by '|'
 *	env FD NAME	writes the value of NAME in its environment to FD
 *	chmod MODE PATH	chmod (MODE in octal)
 *	sigstate FD	writes SIGUSR1's and SIGUSR2's actions (D default,
 *			I ignored, H a handler), then B if SIGUSR1 is
 *			blocked, and P if SIGUSR1 is pending
 */
#include <fcntl.h>
#include <mach/bootstrap_types.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unix/unix.h>

static volatile int zero, seven = 7;
static volatile unsigned long sink;

/* Some work: a few milliseconds of the CPU, so that the parent waits. */
static void
work(void)
{
	for (unsigned long i = 0; i < 20000000; i++)
		sink += i;
}

static void
ignore(int sig)
{
	(void)sig;
}

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
	if (strcmp(what, "signal") == 0 && argc > 3) {
		work();
		if (kill(getppid(), atoi(argv[2])) != 0)
			return 2;
		work();
		int out = atoi(argv[3]);
		return out < 0 || write(out, "x", 1) == 1 ? 0 : 3;
	}
	if (strcmp(what, "kill") == 0 && argc > 3) {
		work();
		return kill(fd, atoi(argv[3])) == 0 ? 0 : 2;
	}
	if (strcmp(what, "badtramp") == 0) {
		int error, old_flags;
		vm_address_t old_handler;
		uint64_t old_mask;
		unix_sigaction(bootstrap_port, SIGSEGV, 1, (vm_address_t)ignore,
			       0, 0, 0x10, &error, &old_handler, &old_flags,
			       &old_mask);
		*(volatile int *)bad_address = 1;
		return 4;
	}
	if (strcmp(what, "sleep") == 0)
		return sleep(fd) == 0 ? 0 : 1;
	if (strcmp(what, "pause") == 0)
		for (;;)
			pause();
	if (strcmp(what, "pipe") == 0) {
		int fds[2];
		if (pipe(fds) != 0 || close(fds[0]) != 0)
			return 2;
		write(fds[1], "x", 1);
		return 3; /* SIGPIPE should have ended us */
	}
	if (strcmp(what, "trap") == 0)
		__asm__ volatile("int3");
	if (strcmp(what, "segvblocked") == 0) {
		sigset_t mask;
		signal(SIGSEGV, ignore);
		sigemptyset(&mask);
		sigaddset(&mask, SIGSEGV);
		sigprocmask(SIG_BLOCK, &mask, NULL);
		*(volatile int *)bad_address = 1;
		return 4;
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
	if (strcmp(what, "gate") == 0 && argc > 3) {
		read(fd, buf, 1);
		return atoi(argv[3]);
	}
	if (strcmp(what, "pid") == 0) {
		int n = snprintf(buf, sizeof(buf), "%d", (int)getpid());
		return write(fd, buf, n) == n ? 0 : 2;
	}
	if (strcmp(what, "args") == 0) {
		for (int i = 0; i < argc; i++)
			if (write(fd, argv[i], strlen(argv[i])) < 0 ||
			    write(fd, "|", 1) != 1)
				return 2;
		return 0;
	}
	if (strcmp(what, "env") == 0 && argc > 3) {
		const char *value = getenv(argv[3]);
		if (value == NULL)
			value = "(unset)";
		return write(fd, value, strlen(value)) >= 0 ? 0 : 2;
	}
	if (strcmp(what, "chmod") == 0 && argc > 3)
		return chmod(argv[3], strtol(argv[2], NULL, 8)) == 0 ? 0 : 2;
	if (strcmp(what, "sigstate") == 0) {
		struct sigaction action;
		sigset_t set;
		int n = 0;
		for (int sig = SIGUSR1; sig <= SIGUSR2; sig++) {
			sigaction(sig, NULL, &action);
			buf[n++] = action.sa_handler == SIG_DFL	  ? 'D'
				   : action.sa_handler == SIG_IGN ? 'I'
								  : 'H';
		}
		sigprocmask(SIG_BLOCK, NULL, &set);
		if (sigismember(&set, SIGUSR1))
			buf[n++] = 'B';
		sigpending(&set);
		if (sigismember(&set, SIGUSR1))
			buf[n++] = 'P';
		return write(fd, buf, n) == n ? 0 : 2;
	}
	return 100;
}
