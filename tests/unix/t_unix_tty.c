/*
 * The console terminal (personalities/unix/server/tty.c): canonical
 * reads with erase, word erase, kill, end of file and ^C, raw reads with
 * VMIN, termios through tcgetattr/tcsetattr and ioctl, the foreground
 * process group (^C's SIGINT, tcsetpgrp, SIGTTIN for a background
 * reader), and the errors.
 * The boot file (tests/unix/boots/tty.boot) types each input when this
 * process says "# type NAME".
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Reads once from the console into buf (NUL-terminated); the count. */
static ssize_t
read_once(char *buf, size_t size)
{
	ssize_t n = read(0, buf, size);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* Asks for the input NAME, reads one line and checks it is expected. */
static void
typed_line(const char *name, const char *expected, const char *what)
{
	char buf[128];

	tap_diag("type %s", name);
	ssize_t n = read_once(buf, sizeof(buf) - 1);
	tap_ok(n == (ssize_t)strlen(expected) && strcmp(buf, expected) == 0,
	       "%s (got %zd bytes \"%s\")", what, n, buf);
}

static void
test_attributes(struct termios *cooked)
{
	struct termios t;

	tap_is_int(isatty(0), 1, "descriptor 0 is a terminal");
	tap_is_int(tcgetattr(0, cooked), 0, "tcgetattr");
	tap_ok((cooked->c_lflag & (ICANON | ECHO | ISIG)) ==
		       (ICANON | ECHO | ISIG) &&
		   (cooked->c_iflag & ICRNL),
	       "cooked by default: ICANON, ECHO, ISIG, ICRNL");
	tap_ok(cooked->c_cc[VINTR] == 3 && cooked->c_cc[VERASE] == 0x7f &&
		   cooked->c_cc[VKILL] == 0x15 && cooked->c_cc[VEOF] == 4,
	       "^C, DEL, ^U, ^D");
	int fd = open("/etc/motd", O_RDONLY);
	errno = 0;
	tap_ok(tcgetattr(fd, &t) == -1 && errno == ENOTTY,
	       "tcgetattr of a file: ENOTTY");
	close(fd);
	errno = 0;
	tap_ok(tcgetattr(42, &t) == -1 && errno == EBADF,
	       "tcgetattr of a closed descriptor: EBADF");
	errno = 0;
	tap_ok(tcsetattr(0, 99, cooked) == -1 && errno == EINVAL,
	       "tcsetattr with an unknown action: EINVAL");
	errno = 0;
	tap_ok(ioctl(0, 0x1234, &t) == -1 && errno == EINVAL,
	       "an unknown ioctl: EINVAL");
}

static volatile int interrupts;

static void
count_interrupt(int sig)
{
	(void)sig;
	interrupts++;
}

/*
 * The foreground process group: init's at first; this process then
 * takes a group of its own into the foreground, with a SIGINT handler,
 * so that a ^C typed later (test_canonical) runs the handler (and
 * leaves init alone).
 */
static void
test_foreground(void)
{
	struct sigaction action = {.sa_handler = count_interrupt,
				   .sa_flags = SA_RESTART};

	tap_ok(tcgetpgrp(0) == getpgrp() && getpgrp() == 1,
	       "init's group is in the foreground at first");
	errno = 0;
	tap_ok(tcsetpgrp(0, -3) == -1 && errno == EINVAL,
	       "tcsetpgrp of a negative group: EINVAL");
	errno = 0;
	tap_ok(tcsetpgrp(0, 30000) == -1 && errno == EPERM,
	       "tcsetpgrp of a group that is not there: EPERM");
	errno = 0;
	int fd = open("/etc/motd", O_RDONLY);
	tap_ok(tcsetpgrp(fd, getpgrp()) == -1 && errno == ENOTTY,
	       "tcsetpgrp of a file: ENOTTY");
	close(fd);
	/* Now in a background group: tcsetpgrp would stop us with SIGTTOU
	 * (test_background) unless, as a shell does, we ignore it. */
	setpgid(0, 0);
	signal(SIGTTOU, SIG_IGN);
	tap_is_int(tcsetpgrp(0, getpgrp()), 0, "tcsetpgrp of our own group");
	signal(SIGTTOU, SIG_DFL);
	tap_is_int(tcgetpgrp(0), getpgrp(), "tcgetpgrp gives it back");
	fd = open("/dev/tty", O_RDWR);
	tap_is_int(tcgetpgrp(fd), getpgrp(), "/dev/tty is the same terminal");
	close(fd);
	sigaction(SIGINT, &action, NULL);
}

/* A background child runs body; its wait status (WUNTRACED), the child
 * killed if it stopped. */
static int
background(int (*body)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		_exit(body());
	}
	waitpid(pid, &status, WUNTRACED);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return status;
}

static int
write_line(void)
{
	return write(1, "background\n", 11) == 11 ? 0 : 1;
}

static int
write_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return write_line();
}

static int
set_attributes(void)
{
	struct termios t;

	tcgetattr(0, &t);
	return tcsetattr(0, TCSANOW, &t) == 0 ? 0 : 1;
}

static int
stopped_by(int status, int sig)
{
	return WIFSTOPPED(status) && WSTOPSIG(status) == sig;
}

/*
 * A background process's output: with TOSTOP a write stops it with
 * SIGTTOU, unless it ignores SIGTTOU; without TOSTOP it writes.  A change
 * of the terminal (tcsetattr) stops it whatever TOSTOP says.
 */
static void
test_background_output(void)
{
	struct termios t, saved;

	tcgetattr(0, &saved);
	tap_ok(WIFEXITED(background(write_line)),
	       "a background write without TOSTOP is written");
	tap_ok(stopped_by(background(set_attributes), SIGTTOU),
	       "a background tcsetattr: SIGTTOU stops it");
	t = saved;
	t.c_lflag |= TOSTOP;
	tcsetattr(0, TCSANOW, &t);
	tap_ok(stopped_by(background(write_line), SIGTTOU),
	       "with TOSTOP a background write: SIGTTOU stops it");
	int status = background(write_ignoring);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "with TOSTOP, ignoring SIGTTOU: the write is made");
	tcsetattr(0, TCSANOW, &saved);
}

/*
 * A process outside the foreground group that reads the terminal: SIGTTIN
 * stops it, or, if it ignores SIGTTIN, the read fails with EIO.
 */
static void
test_background(void)
{
	int status = 0;
	char c;

	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		read(0, &c, 1);
		_exit(1);
	}
	pid_t waited = waitpid(pid, &status, WUNTRACED);
	tap_ok(waited == pid && WIFSTOPPED(status) &&
		   WSTOPSIG(status) == SIGTTIN,
	       "a background read: SIGTTIN stops the reader (%#x)", status);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGTTIN, SIG_IGN);
		_exit(read(0, &c, 1) == -1 && errno == EIO ? 0 : 1);
	}
	tap_ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		   WEXITSTATUS(status) == 0,
	       "a background read ignoring SIGTTIN: EIO");
}

static void
test_canonical(void)
{
	char buf[16];

	typed_line("hello", "hello\n", "a line, its CR turned into NL");
	tap_diag("type two lines");
	tap_is_str((read_once(buf, sizeof(buf) - 1), buf), "one\n",
		   "two lines typed at once: a read returns the first");
	tap_is_str((read_once(buf, sizeof(buf) - 1), buf), "two\n",
		   "and the next read the second");
	typed_line("erase", "abc\n", "DEL erases a byte");
	typed_line("kill", "ok\n", "^U kills the line");
	typed_line("werase", "foo baz\n", "^W erases a word");
	typed_line("interrupt", "kept\n", "^C drops the line typed so far");
	tap_is_int(interrupts, 1,
		   "and runs the foreground group's SIGINT handler once");
	tap_diag("type eof");
	tap_is_int(read_once(buf, sizeof(buf) - 1), 0,
		   "^D on an empty line: end of file");
	tap_diag("type partial");
	ssize_t n = read_once(buf, sizeof(buf) - 1);
	write(1, "\n", 1); /* the echo "par" ended no line */
	tap_ok(n == 3 && strcmp(buf, "par") == 0,
	       "^D after bytes: them, without NL");
	tap_diag("type long");
	tap_is_str((read_once(buf, 4), buf), "long",
		   "a short read takes part of the line");
	tap_is_str((read_once(buf, sizeof(buf) - 1), buf), "line\n",
		   "the next read the rest");
	int flags = fcntl(0, F_GETFL);
	fcntl(0, F_SETFL, flags | O_NONBLOCK);
	errno = 0;
	tap_ok(read(0, buf, sizeof(buf)) == -1 && errno == EAGAIN,
	       "O_NONBLOCK without a line: EAGAIN");
	fcntl(0, F_SETFL, flags);
}

extern char **environ;

/* A process that ends while it waits in a read of the console: its read
 * must go with it, not take the next line. */
static void
test_reader_ends(void)
{
	char *argv[] = {"h_child", "readexit", "0", NULL};
	pid_t pid = -1;
	int status = 0;

	tap_is_int(
	    posix_spawn(&pid, "/test/h_child", NULL, NULL, argv, environ), 0,
	    "spawn a child that ends while it reads the console");
	tap_ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		   WEXITSTATUS(status) == 7,
	       "it ends (%#x)", status);
	typed_line("after", "after\n",
		   "its read went with it: the next line is ours");
}

static void
test_raw(const struct termios *cooked)
{
	struct termios raw = *cooked, t;
	char buf[16];

	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 3;
	tap_is_int(tcsetattr(0, TCSANOW, &raw), 0, "tcsetattr: raw, VMIN 3");
	tap_is_int(tcgetattr(0, &t), 0, "tcgetattr");
	tap_ok(!(t.c_lflag & ICANON) && t.c_cc[VMIN] == 3,
	       "gives what was set");
	tap_diag("type raw");
	tap_is_int(read_once(buf, sizeof(buf) - 1), 3,
		   "a raw read waits for VMIN bytes");
	tap_is_str(buf, "xyz", "the bytes as typed, no line needed");
	raw.c_cc[VMIN] = 0;
	tap_is_int(ioctl(0, TCSETS, &raw), 0, "ioctl TCSETS: VMIN 0");
	tap_is_int(read_once(buf, sizeof(buf) - 1), 0,
		   "a read with nothing typed returns 0 at once");
	raw.c_lflag &= ~ISIG;
	raw.c_cc[VMIN] = 1;
	tap_is_int(ioctl(0, TCSETSF, &raw), 0, "ioctl TCSETSF: no ISIG");
	tap_diag("type control");
	tap_ok(read_once(buf, sizeof(buf) - 1) == 1 && buf[0] == 3,
	       "without ISIG, ^C is a byte");
	tap_is_int(ioctl(0, TCGETS, &t), 0, "ioctl TCGETS");
	tap_ok(!(t.c_lflag & ISIG), "gives what was set");
	tap_is_int(tcsetattr(0, TCSAFLUSH, cooked), 0, "back to cooked");
	typed_line("cooked", "again\n", "lines again");
}

static volatile sig_atomic_t chld_seen;

static void
on_chld_seen(int sig)
{
	(void)sig;
	chld_seen = 1;
}

/* A group whose only member has ended but is not yet reaped is still a
 * group (POSIX): a shell puts a pipeline's group in the foreground from
 * each member, and the first may have ended by then. */
static void
test_zombie_group(void)
{
	sigset_t block, old;
	int pipefd[2];

	signal(SIGCHLD, on_chld_seen);
	signal(SIGTTOU, SIG_IGN); /* to take the terminal back */
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	pipe(pipefd);
	chld_seen = 0;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(pipefd[1]);
		setpgid(0, 0);
		read(pipefd[0], &c, 1); /* until its group is made */
		_exit(0);
	}
	setpgid(pid, pid);
	close(pipefd[0]);
	close(pipefd[1]); /* it ends now */
	while (!chld_seen)
		sigsuspend(&old); /* a zombie, not reaped */
	tap_is_int(tcsetpgrp(0, pid), 0,
		   "tcsetpgrp to a group whose only member is a zombie");
	tap_is_int(tcsetpgrp(0, getpgrp()), 0, "and back to ours");
	int status = -1;
	tap_is_int(waitpid(pid, &status, 0), pid, "reaped");
	errno = 0;
	tap_ok(tcsetpgrp(0, pid) == -1 && errno == EPERM,
	       "then the group is gone: EPERM");
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
}

int
main(void)
{
	struct termios cooked;

	test_attributes(&cooked);
	test_foreground();
	test_zombie_group();
	test_canonical();
	test_reader_ends();
	test_raw(&cooked);
	test_background();
	test_background_output();
	return tap_done();
}
