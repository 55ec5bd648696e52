/*
 * fork and exec over the UNIX server: the child's copy-on-write memory,
 * its descriptors and signal state, many forks and a fork of a fork;
 * exec keeping the pid, parent and open descriptors, closing the
 * close-on-exec ones, resetting caught signals, "#!" scripts, the PATH
 * search of execvp, and exec failures that leave the caller running.
 *
 * Children end with _exit, so that they never flush a copy of the
 * parent's stdio buffers; they report through exit statuses and pipes.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD "/test/h_child"
#define BIG   (1024 * 1024)
#define MANY  16

extern char **environ;

static int global_value = 1;
static volatile sig_atomic_t caught;

static void
count(int sig)
{
	(void)sig;
	caught++;
}

/* The wait status of child pid, or -1. */
static int
reap(pid_t pid)
{
	int status = -1;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Did the child end with exit code code? */
static int
exited(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* What is left to read on fd (its writers closed), as a string. */
static const char *
drain(int fd)
{
	static char buf[512];
	size_t n = 0;
	ssize_t got;

	while (n < sizeof(buf) - 1 &&
	       (got = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += got;
	buf[n] = '\0';
	close(fd);
	return buf;
}

static const char *
num(int n)
{
	static char bufs[4][16];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, 16, "%d", n);
	return b;
}

static void
test_fork_basics(void)
{
	int fds[2];
	pid_t parent = getpid();

	tap_ok(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		char buf[16];
		int n = snprintf(buf, sizeof(buf), "%d", (int)getpid());
		write(fds[1], buf, n);
		_exit(getppid() == parent ? 10 : 11);
	}
	close(fds[1]);
	tap_ok(pid > 0 && pid != parent, "fork returns the child's pid (%d)",
	       (int)pid);
	tap_is_str(drain(fds[0]), num(pid), "the child's getpid is that pid");
	tap_ok(exited(reap(pid), 10), "the child's parent is the caller");
	tap_ok(waitpid(pid, NULL, WNOHANG) == -1 && errno == ECHILD,
	       "the child was reaped once");
}

static void
test_fork_memory(void)
{
	int stack_value = 3;
	int *heap_value = malloc(sizeof(int));
	unsigned char *big = malloc(BIG);

	*heap_value = 2;
	for (int i = 0; i < BIG; i++)
		big[i] = (unsigned char)(i * 7);
	pid_t pid = fork();
	if (pid == 0) {
		int same =
		    global_value == 1 && *heap_value == 2 && stack_value == 3;
		for (int i = 0; i < BIG; i++)
			same &= big[i] == (unsigned char)(i * 7);
		global_value = 100;
		*heap_value = 200;
		stack_value = 300;
		memset(big, 0xff, BIG);
		_exit(same && global_value == 100 && big[BIG / 2] == 0xff ? 0
									  : 1);
	}
	tap_ok(exited(reap(pid), 0),
	       "the child sees the parent's data, heap and stack");
	int intact = 1;
	for (int i = 0; i < BIG; i++)
		intact &= big[i] == (unsigned char)(i * 7);
	tap_ok(global_value == 1 && *heap_value == 2 && stack_value == 3 &&
		   intact,
	       "the child's writes stay in the child (copy on write)");
	global_value = 5;
	pid = fork();
	if (pid == 0)
		_exit(global_value);
	tap_ok(exited(reap(pid), 5), "a second child sees the parent's write");
	free(heap_value);
	free(big);
}

static void
test_fork_files(void)
{
	int fds[2];

	tap_ok(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		_exit(write(fds[1], "hello", 5) == 5 ? 0 : 1);
	}
	close(fds[1]);
	tap_is_str(drain(fds[0]), "hello",
		   "the child writes to the parent through an inherited pipe, "
		   "and its end closes when it exits (end of file)");
	tap_ok(exited(reap(pid), 0), "the writer exited");

	int fd = open("/tmp/fork-offset", O_RDWR | O_CREAT | O_TRUNC, 0644);
	tap_ok(fd >= 0 && write(fd, "ab", 2) == 2, "a file");
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid == 0)
		_exit(write(fd, "cd", 2) == 2 &&
			      fcntl(fd, F_GETFD) == FD_CLOEXEC
			  ? 0
			  : 1);
	tap_ok(exited(reap(pid), 0),
	       "the child's descriptor keeps its close-on-exec flag");
	tap_ok(write(fd, "ef", 2) == 2 && lseek(fd, 0, SEEK_CUR) == 6,
	       "parent and child share the open file's offset");
	char buf[8] = "";
	tap_ok(pread(fd, buf, 6, 0) == 6 && strcmp(buf, "abcdef") == 0,
	       "the file holds both writes in order (%s)", buf);
	close(fd);
	unlink("/tmp/fork-offset");
}

static void
test_fork_signals(void)
{
	sigset_t block, old;

	signal(SIGUSR1, count);
	signal(SIGUSR2, count);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR2); /* pending in the parent */
	caught = 0;
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t mask, pending;
		sigprocmask(SIG_BLOCK, NULL, &mask);
		sigpending(&pending);
		int ok = sigismember(&mask, SIGUSR2) &&
			 !sigismember(&pending, SIGUSR2);
		raise(SIGUSR1);
		_exit(ok && caught == 1 ? 0 : 1);
	}
	tap_ok(exited(reap(pid), 0),
	       "the child has the parent's handlers and mask, not its "
	       "pending signals");
	tap_ok(caught == 0, "no handler ran in the parent meanwhile");
	sigprocmask(SIG_SETMASK, &old, NULL);
	tap_ok(caught == 1, "the parent's pending signal is still its own");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void
test_fork_many(void)
{
	pid_t pids[MANY];
	int good = 0;

	for (int i = 0; i < MANY; i++)
		if ((pids[i] = fork()) == 0)
			_exit(i);
	for (int i = MANY - 1; i >= 0; i--)
		good += exited(reap(pids[i]), i);
	tap_is_int(good, MANY, "%d children at once, each with its status",
		   MANY);

	pid_t pid = fork();
	if (pid == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0)
			_exit(global_value + 1);
		int status = reap(grandchild);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) + 1 : 0);
	}
	tap_ok(exited(reap(pid), global_value + 2), "a fork of a fork");
}

static volatile sig_atomic_t sigchlds;

static void
count_sigchld(int sig)
{
	(void)sig;
	sigchlds++;
}

/*
 * Children that end while the parent waits, with a SIGCHLD handler
 * without SA_RESTART (as dash has): each SIGCHLD's frame is pushed on
 * the parent's thread while it waits in the server, and the wait is
 * answered all the same, with EINTR at worst.  (The frame used to be
 * pushed with every register, and a wait that ended between the
 * server's reading and writing of them lost its result.)
 */
static void
test_waits_and_sigchld(void)
{
	struct sigaction action = {.sa_handler = count_sigchld};
	enum { ROUNDS = 200 };
	int good = 0, failed = 0;

	sigaction(SIGCHLD, &action, NULL);
	for (int i = 0; i < ROUNDS && failed == 0; i++) {
		pid_t a = fork();
		if (a == 0)
			_exit(0);
		pid_t b = fork();
		if (b == 0)
			_exit(4);
		for (int n = 0; n < 2 && failed == 0;) {
			int status;
			pid_t pid = wait(&status);
			if (pid < 0 && errno == EINTR)
				continue;
			n++;
			if ((pid == a && status == 0) ||
			    (pid == b && WIFEXITED(status) &&
			     WEXITSTATUS(status) == 4))
				good++;
			else
				failed = 1;
		}
	}
	tap_is_int(good, 2 * ROUNDS,
		   "%d children reaped while SIGCHLD interrupts the waits",
		   2 * ROUNDS);
	tap_ok(sigchlds > 0, "and SIGCHLD's handler ran (%d times)",
	       (int)sigchlds);
	signal(SIGCHLD, SIG_DFL);
}

/* The wait status of a child that runs h_child with argv and envp
 * (search: execvp argv[0], with the environment it has). */
static int
fork_exec(char *const argv[], char *const envp[], int search)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (search)
			execvp(argv[0], argv);
		else
			execve(CHILD, argv, envp);
		_exit(errno == ENOENT ? 120 : 121);
	}
	return reap(pid);
}

static void
test_exec(void)
{
	int fds[2];

	char *exit42[] = {"h_child", "exit", "42", NULL};
	tap_ok(exited(fork_exec(exit42, environ, 0), 42),
	       "exec: the new program's exit status reaches the parent");

	tap_ok(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		execl(CHILD, "h_child", "pid", num(fds[1]), NULL);
		_exit(121);
	}
	close(fds[1]);
	tap_is_str(drain(fds[0]), num(pid),
		   "exec keeps the pid, and an open descriptor");
	tap_ok(exited(reap(pid), 0), "the pid writer exited");

	tap_ok(pipe(fds) == 0, "pipe");
	char *env[] = {"ONE=1", "FORK_TEST=forty two", NULL};
	char *env_argv[] = {"h_child", "env", (char *)num(fds[1]), "FORK_TEST",
			    NULL};
	tap_ok(exited(fork_exec(env_argv, env, 0), 0), "execve with envp");
	close(fds[1]);
	tap_is_str(drain(fds[0]), "forty two",
		   "the new program has the environment given");

	tap_ok(pipe(fds) == 0, "pipe");
	int kept = dup(fds[1]);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	char *closed_argv[] = {"h_child", "isopen", (char *)num(fds[1]), NULL};
	char *open_argv[] = {"h_child", "isopen", (char *)num(kept), NULL};
	tap_ok(exited(fork_exec(closed_argv, environ, 0), 1),
	       "exec closes a close-on-exec descriptor");
	tap_ok(exited(fork_exec(open_argv, environ, 0), 0),
	       "and keeps the others");
	close(fds[0]);
	close(fds[1]);
	close(kept);
}

static void
test_exec_signals(void)
{
	int fds[2];

	tap_ok(pipe(fds) == 0, "pipe");
	signal(SIGUSR1, count);
	signal(SIGUSR2, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t block;
		sigemptyset(&block);
		sigaddset(&block, SIGUSR1);
		sigprocmask(SIG_BLOCK, &block, NULL);
		raise(SIGUSR1);
		execl(CHILD, "h_child", "sigstate", num(fds[1]), NULL);
		_exit(121);
	}
	close(fds[1]);
	tap_is_str(drain(fds[0]), "DIBP",
		   "exec: a caught signal goes back to its default, an "
		   "ignored one stays ignored, the mask and a pending signal "
		   "stay");
	tap_ok(exited(reap(pid), 0), "the signal state writer exited");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* A file of mode 0755 holding size bytes of data. */
static int
make_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	if (fd < 0)
		return -1;
	int ok = write(fd, data, size) == (ssize_t)size;
	close(fd);
	return ok ? 0 : -1;
}

static void
test_exec_scripts(void)
{
	static const char script[] = "#!" CHILD "  args  \nnot read\n";
	int fds[2];

	tap_ok(make_file("/tmp/script", script, sizeof(script) - 1) == 0,
	       "a script");
	tap_ok(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		/* h_child args takes its descriptor from argv[2], which is
		 * the script's path here: atoi gives 0 */
		dup2(fds[1], 0);
		execl("/tmp/script", "script", "x", "y z", NULL);
		_exit(121);
	}
	close(fds[1]);
	tap_is_str(drain(fds[0]), CHILD "|args|/tmp/script|x|y z|",
		   "a #! script runs its interpreter with the argument of "
		   "its line, its path and its arguments");
	tap_ok(exited(reap(pid), 0), "the script's interpreter exited");

	static const char nested[] = "#!/tmp/script\n";
	tap_ok(make_file("/tmp/nested", nested, sizeof(nested) - 1) == 0,
	       "a script whose interpreter is a script");
	char *argv[] = {"nested", NULL};
	errno = 0;
	tap_ok(execve("/tmp/nested", argv, environ) == -1 && errno == ENOEXEC,
	       "its exec fails with ENOEXEC (%s)", strerror(errno));
	static const char empty[] = "#!   \n";
	tap_ok(make_file("/tmp/empty", empty, sizeof(empty) - 1) == 0,
	       "a script with no interpreter");
	errno = 0;
	tap_ok(execve("/tmp/empty", argv, environ) == -1 && errno == ENOEXEC,
	       "its exec fails with ENOEXEC");
	unlink("/tmp/script");
	unlink("/tmp/nested");
	unlink("/tmp/empty");
}

static void
test_exec_errors(void)
{
	char *argv[] = {"x", NULL};
	static const char text[] = "no interpreter line\n";
	char header[128];

	int fd = open(CHILD, O_RDONLY);
	tap_ok(fd >= 0 &&
		   read(fd, header, sizeof(header)) == (ssize_t)sizeof(header),
	       "the start of an executable");
	close(fd);
	tap_ok(make_file("/tmp/text", text, sizeof(text) - 1) == 0 &&
		   make_file("/tmp/cut", header, sizeof(header)) == 0,
	       "a text file and a cut executable, both mode 0755");
	struct {
		const char *path;
		int error;
	} cases[] = {
	    {"/tmp/nonexistent", ENOENT}, {"/tmp", EACCES},
	    {"/etc/motd", EACCES}, /* not executable */
	    {"/tmp/text", ENOEXEC},	  {"/tmp/cut", ENOEXEC},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errno = 0;
		int result = execve(cases[i].path, argv, environ);
		tap_ok(result == -1 && errno == cases[i].error,
		       "execve %s fails with %s (%s), the caller goes on",
		       cases[i].path, strerror(cases[i].error),
		       strerror(errno));
	}
	unlink("/tmp/text");
	unlink("/tmp/cut");
}

/* A copy of h_child at path, executable; 0 or -1. */
static int
copy_program(const char *path)
{
	static char image[512 * 1024];
	int fd = open(CHILD, O_RDONLY);
	ssize_t size = fd < 0 ? -1 : read(fd, image, sizeof(image));

	close(fd);
	return size > 0 && size < (ssize_t)sizeof(image)
		   ? make_file(path, image, size)
		   : -1;
}

/*
 * ETXTBSY: a program that runs cannot be opened for writing (reading is
 * fine), and one open for writing cannot be run; both end with the
 * last process running it, or the last writer's close.
 */
static void
test_text_busy(void)
{
	char *argv[] = {"busy", "pause", NULL};
	pid_t pid;

	tap_ok(copy_program("/tmp/busy") == 0, "a copy of h_child");
	int fd = open("/tmp/busy", O_WRONLY);
	tap_is_int(posix_spawn(&pid, "/tmp/busy", NULL, NULL, argv, environ),
		   ETXTBSY, "posix_spawn of a program open for writing");
	errno = 0;
	tap_ok(execve("/tmp/busy", argv, environ) == -1 && errno == ETXTBSY,
	       "execve of it: ETXTBSY, the caller goes on");
	close(fd);
	tap_is_int(posix_spawn(&pid, "/tmp/busy", NULL, NULL, argv, environ), 0,
		   "closed, it runs");
	errno = 0;
	tap_ok(open("/tmp/busy", O_WRONLY) == -1 && errno == ETXTBSY,
	       "open for writing while it runs: ETXTBSY");
	errno = 0;
	struct stat st;
	tap_ok(open("/tmp/busy", O_RDWR | O_TRUNC) == -1 && errno == ETXTBSY &&
		   stat("/tmp/busy", &st) == 0 && st.st_size > 0,
	       "O_RDWR | O_TRUNC too, and the file is untouched");
	fd = open("/tmp/busy", O_RDONLY);
	tap_ok(fd >= 0, "open for reading is fine");
	close(fd);
	kill(pid, SIGKILL);
	reap(pid);
	fd = open("/tmp/busy", O_WRONLY);
	tap_ok(fd >= 0, "once it has ended, open for writing works");
	close(fd);
	unlink("/tmp/busy");
}

static void
test_execvp(void)
{
	char *saved = getenv("PATH");
	char *argv[] = {"h_child", "exit", "9", NULL};
	char *missing[] = {"no-such-program", NULL};

	setenv("PATH", "/nonexistent:/etc:/test", 1);
	tap_ok(exited(fork_exec(argv, NULL, 1), 9),
	       "execvp finds its program along PATH");
	errno = 0;
	tap_ok(execvp("no-such-program", missing) == -1 && errno == ENOENT,
	       "execvp of a program on no PATH entry is ENOENT");
	pid_t pid = fork();
	if (pid == 0) {
		execlp("h_child", "h_child", "exit", "8", NULL);
		_exit(121);
	}
	tap_ok(exited(reap(pid), 8), "execlp too");
	if (saved != NULL)
		setenv("PATH", saved, 1);
	else
		unsetenv("PATH");
}

int
main(void)
{
	mkdir("/tmp", 01777);
	test_fork_basics();
	test_fork_memory();
	test_fork_files();
	test_fork_signals();
	test_fork_many();
	test_waits_and_sigchld();
	test_exec();
	test_exec_signals();
	test_exec_scripts();
	test_exec_errors();
	test_text_busy();
	test_execvp();
	return tap_done();
}
