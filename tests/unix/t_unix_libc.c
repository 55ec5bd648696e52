/*
 * The library functions beyond newlib's build: newlib's own POSIX
 * sources compiled into libunix.a (fnmatch, glob, regcomp and
 * regexec, popen, basename and dirname), and the calls of the library
 * over the server's: sigwait, sigwaitinfo, sigtimedwait, waitid,
 * posix_spawnp, pselect, clock_getres, clock_nanosleep, sched_yield,
 * dup3, confstr, sigsetjmp and siglongjmp, getpriority, setpriority
 * and nice (and the kernel priority of the threads), madvise, the
 * calls that fail with ENOSYS because they cannot be had, setreuid and
 * setregid (last: the test gives root up for them).
 */
#define _GNU_SOURCE /* dup3 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <libgen.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_types.h>
#include <mach/thread.h>
#include <regex.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void
test_fnmatch(void)
{
	tap_is_int(fnmatch("*.c", "main.c", 0), 0, "fnmatch: *.c");
	tap_is_int(fnmatch("*.c", "main.h", 0), FNM_NOMATCH,
		   "fnmatch: no match");
	tap_is_int(fnmatch("[a-c]?x", "bqx", 0), 0, "fnmatch: a range and ?");
	tap_is_int(fnmatch("[!a-c]x", "bx", 0), FNM_NOMATCH,
		   "fnmatch: a negated range");
	tap_is_int(fnmatch("*", "a/b", FNM_PATHNAME), FNM_NOMATCH,
		   "fnmatch: FNM_PATHNAME stops * at /");
	tap_is_int(fnmatch("*", ".hidden", FNM_PERIOD), FNM_NOMATCH,
		   "fnmatch: FNM_PERIOD");
	tap_is_int(fnmatch("\\*", "*", 0), 0, "fnmatch: an escaped *");
}

static void
test_glob(void)
{
	glob_t g;

	tap_is_int(glob("/etc/*", 0, NULL, &g), 0, "glob /etc/*");
	tap_ok(g.gl_pathc == 3 && strcmp(g.gl_pathv[0], "/etc/group") == 0 &&
		   strcmp(g.gl_pathv[1], "/etc/motd") == 0 &&
		   strcmp(g.gl_pathv[2], "/etc/passwd") == 0,
	       "... the three files, sorted");
	globfree(&g);
	tap_is_int(glob("/etc/p*d", 0, NULL, &g), 0, "glob /etc/p*d");
	tap_ok(g.gl_pathc == 1 && strcmp(g.gl_pathv[0], "/etc/passwd") == 0,
	       "... /etc/passwd");
	globfree(&g);
	tap_is_int(glob("/etc/none*", 0, NULL, &g), GLOB_NOMATCH,
		   "glob: GLOB_NOMATCH");
	tap_is_int(glob("/etc/none*", GLOB_NOCHECK, NULL, &g), 0,
		   "glob GLOB_NOCHECK");
	tap_ok(g.gl_pathc == 1 && strcmp(g.gl_pathv[0], "/etc/none*") == 0,
	       "... the pattern itself");
	globfree(&g);
	tap_is_int(glob("/*/m?td", 0, NULL, &g), 0, "glob over directories");
	tap_ok(g.gl_pathc == 1 && strcmp(g.gl_pathv[0], "/etc/motd") == 0,
	       "... /etc/motd");
	globfree(&g);
}

static void
test_regex(void)
{
	regex_t re;
	regmatch_t m[3];
	char message[64];

	tap_is_int(regcomp(&re, "([a-z]+)@([a-z]+)\\.org", REG_EXTENDED), 0,
		   "regcomp: an extended expression");
	tap_is_int(regexec(&re, "mail bob@example.org now", 3, m, 0), 0,
		   "regexec: a match");
	tap_ok(m[0].rm_so == 5 && m[0].rm_eo == 20 && m[1].rm_so == 5 &&
		   m[1].rm_eo == 8 && m[2].rm_so == 9 && m[2].rm_eo == 16,
	       "... the match and its groups' offsets");
	tap_is_int(regexec(&re, "no address", 0, NULL, 0), REG_NOMATCH,
		   "regexec: REG_NOMATCH");
	regfree(&re);
	tap_is_int(regcomp(&re, "^a.c$", REG_NOSUB | REG_ICASE), 0,
		   "regcomp: basic, REG_ICASE");
	tap_is_int(regexec(&re, "AXC", 0, NULL, 0), 0, "... matches AXC");
	regfree(&re);
	int error = regcomp(&re, "a(b", REG_EXTENDED);
	tap_is_int(error, REG_EPAREN, "regcomp: REG_EPAREN");
	tap_ok(regerror(error, &re, message, sizeof(message)) > 0 &&
		   strstr(message, "parenthes") != NULL,
	       "regerror: %s", message);
}

static void
test_popen(void)
{
	char line[32] = "";
	FILE *f = popen("echo hi", "r");

	tap_ok(f != NULL, "popen(\"echo hi\", \"r\")");
	tap_ok(f != NULL && fgets(line, sizeof(line), f) != NULL &&
		   strcmp(line, "hi\n") == 0,
	       "... its output: %s", line);
	tap_is_int(f == NULL ? -1 : pclose(f), 0, "pclose: its status");
	f = popen("cat > /tmp/popen-out; exit 3", "w");
	fputs("written\n", f);
	int status = pclose(f);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	       "popen \"w\": pclose gives its exit status");
	FILE *in = fopen("/tmp/popen-out", "r");
	line[0] = '\0';
	if (in != NULL) {
		fgets(line, sizeof(line), in);
		fclose(in);
	}
	tap_is_str(line, "written\n", "... and it read what we wrote");
	tap_ok(popen("echo", "x") == NULL && errno == EINVAL,
	       "popen: a bad mode EINVAL");
}

static void
test_libgen(void)
{
	char a[] = "/usr/lib/", b[] = "/usr/lib/", c[] = "file", d[] = "file",
	     e[] = "/", f[] = "/";

	tap_is_str(basename(a), "lib", "basename /usr/lib/");
	tap_is_str(dirname(b), "/usr", "dirname /usr/lib/");
	tap_is_str(basename(c), "file", "basename file");
	tap_is_str(dirname(d), ".", "dirname file");
	tap_is_str(basename(e), "/", "basename /");
	tap_is_str(dirname(f), "/", "dirname /");
}

static void
on_usr2(int sig)
{
	(void)sig;
}

static void
test_sigwait(void)
{
	sigset_t set, old;
	siginfo_t info;
	int sig = 0;

	signal(SIGUSR2, on_usr2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR2);
	tap_is_int(sigwait(&set, &sig), 0, "sigwait: a pending signal");
	tap_is_int(sig, SIGUSR2, "... SIGUSR2, its handler not run");
	sigset_t pending;
	sigpending(&pending);
	tap_ok(!sigismember(&pending, SIGUSR2), "... no longer pending");
	raise(SIGUSR1);
	raise(SIGUSR2);
	memset(&info, 0, sizeof(info));
	tap_is_int(sigwaitinfo(&set, &info), SIGUSR1,
		   "sigwaitinfo: the lowest pending first");
	tap_ok(info.si_signo == SIGUSR1 && info.si_pid == getpid(),
	       "... its siginfo (the sender)");
	tap_is_int(sigwaitinfo(&set, &info), SIGUSR2,
		   "sigwaitinfo: then the other");
	/* one that comes while we wait, from a child */
	pid_t child = fork();
	if (child == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	tap_is_int(sigwaitinfo(&set, &info), SIGUSR1,
		   "sigwaitinfo: waits for a signal to come");
	tap_is_int(info.si_pid, child, "... sent by the child");
	waitpid(child, NULL, 0);
	struct timespec short_time = {0, 50000000};
	tap_fails(sigtimedwait(&set, &info, &short_time), EAGAIN,
		  "sigtimedwait: EAGAIN when the time ends");
	struct timespec zero = {0, 0};
	tap_fails(sigtimedwait(&set, &info, &zero), EAGAIN,
		  "sigtimedwait: a zero timeout polls");
	raise(SIGUSR2);
	tap_is_int(sigtimedwait(&set, &info, &zero), SIGUSR2,
		   "sigtimedwait: a pending one at once");
	struct timespec bad = {0, 1000000000};
	tap_fails(sigtimedwait(&set, &info, &bad), EINVAL,
		  "sigtimedwait: EINVAL");
	sigprocmask(SIG_SETMASK, &old, NULL);
	struct sigaction now;
	sigaction(SIGUSR2, NULL, &now);
	tap_ok(now.sa_handler == on_usr2, "the handler is back after sigwait");
	tap_fails(sigqueue(getpid(), SIGUSR1, (union sigval){0}), ENOSYS,
		  "sigqueue: ENOSYS");
}

static sigjmp_buf jump;

static void
on_alarm(int sig)
{
	siglongjmp(jump, sig);
}

static void
test_sigjmp(void)
{
	signal(SIGALRM, on_alarm);
	int got = sigsetjmp(jump, 1);
	if (got == 0) {
		alarm(1);
		for (;;)
			pause();
	}
	tap_is_int(got, SIGALRM, "siglongjmp out of a handler");
	sigset_t mask;
	sigprocmask(SIG_SETMASK, NULL, &mask);
	tap_ok(!sigismember(&mask, SIGALRM), "... the mask restored");
}

static void
test_process(void)
{
	siginfo_t info;
	char *argv[] = {"h_child", "exit", "7", NULL};
	pid_t child;

	tap_is_int(
	    posix_spawn(&child, "/test/h_child", NULL, NULL, argv, environ), 0,
	    "posix_spawn a child");
	memset(&info, 0, sizeof(info));
	tap_is_int(waitid(P_PID, child, &info, WEXITED), 0, "waitid P_PID");
	tap_ok(info.si_pid == child && info.si_code == CLD_EXITED &&
		   info.si_status == 7 && info.si_signo == SIGCHLD,
	       "... its siginfo: exited with 7");
	tap_fails(waitid(P_ALL, 0, &info, WEXITED), ECHILD, "waitid: ECHILD");
	tap_fails(waitid(P_ALL, 0, &info, WEXITED | WNOWAIT), EINVAL,
		  "waitid: WNOWAIT EINVAL");
	char *segv[] = {"h_child", "segv", NULL};
	posix_spawn(&child, "/test/h_child", NULL, NULL, segv, environ);
	memset(&info, 0, sizeof(info));
	waitid(P_ALL, 0, &info, WEXITED);
	tap_ok(info.si_pid == child &&
		   (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED) &&
		   info.si_status == SIGSEGV,
	       "waitid: a child ended by SIGSEGV");

	char *echo[] = {"true", NULL};
	setenv("PATH", "/nowhere:/bin", 1);
	tap_is_int(posix_spawnp(&child, "true", NULL, NULL, echo, environ), 0,
		   "posix_spawnp along PATH");
	int status = -1;
	waitpid(child, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "... it ran");
	tap_is_int(
	    posix_spawnp(&child, "no-such-program", NULL, NULL, echo, environ),
	    ENOENT, "posix_spawnp: ENOENT");
	int fd = open("/tmp/script", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, "exit 5\n", 7);
	close(fd);
	setenv("PATH", "/tmp", 1);
	char *script[] = {"script", NULL};
	tap_is_int(posix_spawnp(&child, "script", NULL, NULL, script, environ),
		   0, "posix_spawnp: a script without #! runs with sh");
	waitpid(child, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 5, "... its status");
	setenv("PATH", "/bin", 1);
}

static void
test_misc(void)
{
	struct timespec res, before, after;

	tap_is_int(clock_getres(CLOCK_MONOTONIC, &res), 0, "clock_getres");
	tap_ok(res.tv_sec == 0 && res.tv_nsec > 0, "... a resolution");
	tap_fails(clock_getres(99, &res), EINVAL, "clock_getres: EINVAL");
	struct timespec ten_ms = {0, 10000000};
	clock_gettime(CLOCK_MONOTONIC, &before);
	tap_is_int(clock_nanosleep(CLOCK_MONOTONIC, 0, &ten_ms, NULL), 0,
		   "clock_nanosleep relative");
	clock_gettime(CLOCK_MONOTONIC, &after);
	int64_t ns = (after.tv_sec - before.tv_sec) * 1000000000ll +
		     (after.tv_nsec - before.tv_nsec);
	tap_ok(ns >= 10000000, "... at least 10 ms");
	struct timespec until = after;
	until.tv_nsec += 20000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	tap_is_int(
	    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0,
	    "clock_nanosleep TIMER_ABSTIME");
	clock_gettime(CLOCK_MONOTONIC, &after);
	tap_ok(after.tv_sec > until.tv_sec || (after.tv_sec == until.tv_sec &&
					       after.tv_nsec >= until.tv_nsec),
	       "... until that time");
	tap_is_int(clock_nanosleep(99, 0, &ten_ms, NULL), EINVAL,
		   "clock_nanosleep: EINVAL (returned)");
	tap_is_int(sched_yield(), 0, "sched_yield");

	/* pselect: ready at once, a timeout */
	int p[2];
	pipe(p);
	write(p[1], "x", 1);
	fd_set readers;
	FD_ZERO(&readers);
	FD_SET(p[0], &readers);
	sigset_t mask;
	sigemptyset(&mask);
	struct timespec zero = {0, 0};
	tap_is_int(pselect(p[0] + 1, &readers, NULL, NULL, &zero, &mask), 1,
		   "pselect: a readable pipe");
	char c;
	read(p[0], &c, 1);
	FD_SET(p[0], &readers);
	struct timespec short_time = {0, 20000000};
	tap_is_int(pselect(p[0] + 1, &readers, NULL, NULL, &short_time, NULL),
		   0, "pselect: the timeout");

	/* dup3 */
	tap_is_int(dup3(p[0], 20, O_CLOEXEC), 20, "dup3");
	tap_is_int(fcntl(20, F_GETFD), FD_CLOEXEC, "... close-on-exec");
	tap_fails(dup3(p[0], p[0], 0), EINVAL,
		  "dup3: the same descriptor EINVAL");
	tap_fails(dup3(p[0], 21, O_APPEND), EINVAL, "dup3: a bad flag EINVAL");
	close(20);
	close(p[0]);
	close(p[1]);
	char path[32];
	tap_ok(confstr(_CS_PATH, path, sizeof(path)) > 1 &&
		   strstr(path, "/bin") != NULL,
	       "confstr _CS_PATH: %s", path);
}

static void
test_absent(void)
{
	static char page[8192] __attribute__((aligned(4096)));
	char entropy[8];

	tap_is_int(madvise(page, sizeof(page), MADV_WILLNEED), 0,
		   "madvise: advice taken");
	tap_is_int(posix_madvise(page, 4096, POSIX_MADV_DONTNEED), 0,
		   "posix_madvise");
	tap_fails(madvise(page + 1, 4096, MADV_NORMAL), EINVAL,
		  "madvise: an unaligned address EINVAL");
	tap_fails(madvise(page, 4096, 99), EINVAL,
		  "madvise: unknown advice EINVAL");
	tap_is_int(posix_madvise(page, 4096, 99), EINVAL,
		   "posix_madvise: EINVAL returned");
	tap_fails(mlock(page, 4096), ENOSYS, "mlock: ENOSYS");
	tap_fails(mlockall(MCL_CURRENT), ENOSYS, "mlockall: ENOSYS");
	tap_fails(flock(0, LOCK_EX), ENOSYS, "flock: ENOSYS");
	tap_fails(lockf(0, F_LOCK, 0), ENOSYS, "lockf: ENOSYS");
	tap_fails(posix_openpt(O_RDWR), ENOSYS, "posix_openpt: ENOSYS");
	tap_fails(getentropy(entropy, sizeof(entropy)), ENOSYS,
		  "getentropy: ENOSYS");
	tap_fails(sethostname("x", 1), ENOSYS, "sethostname (root): ENOSYS");
	tap_fails(fexecve(0, NULL, NULL), ENOSYS, "fexecve: ENOSYS");
}

/* The kernel priority of the calling thread. */
static int
thread_priority(void)
{
	struct thread_basic_info info;
	mach_msg_type_number_t count = THREAD_BASIC_INFO_COUNT;
	mach_port_t self = mach_thread_self();

	memset(&info, 0, sizeof(info));
	thread_info(self, THREAD_BASIC_INFO, (thread_info_t)&info, &count);
	mach_port_deallocate(mach_task_self(), self);
	return info.priority;
}

static void
test_priority(void)
{
	int normal = thread_priority();

	errno = 0;
	tap_is_int(getpriority(PRIO_PROCESS, 0), 0, "getpriority: nice 0");
	tap_is_int(errno, 0, "... no error");
	tap_is_int(setpriority(PRIO_PROCESS, 0, 5), 0, "setpriority 5");
	tap_is_int(getpriority(PRIO_PROCESS, getpid()), 5, "... read back");
	tap_ok(thread_priority() < normal,
	       "... the thread's kernel priority lower (%d < %d)",
	       thread_priority(), normal);
	pid_t child = fork();
	if (child == 0)
		_exit(getpriority(PRIO_PROCESS, 0) == 5 &&
		      thread_priority() < normal);
	int status = 0;
	waitpid(child, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	       "fork: the child inherits the nice value and priority");
	tap_is_int(nice(2), 7, "nice(2): 7");
	child = fork();
	if (child == 0) {
		setpgid(0, 0);
		_exit(setpriority(PRIO_PGRP, 0, 4) == 0 &&
		      getpriority(PRIO_PGRP, getpid()) == 4 &&
		      getpriority(PRIO_PROCESS, 0) == 4);
	}
	waitpid(child, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	       "PRIO_PGRP: a group of its own set and read");
	tap_is_int(nice(100), 19, "nice: clamped to 19");
	tap_is_int(setpriority(PRIO_PROCESS, 0, 0), 0,
		   "root: setpriority back to 0");
	tap_is_int(thread_priority(), normal, "... the default priority");
	tap_is_int(setpriority(PRIO_PROCESS, 0, -5), 0, "root: nice -5");
	tap_is_int(thread_priority(), normal,
		   "... no priority above the server's");
	setpriority(PRIO_PROCESS, 0, 0);
	tap_fails(getpriority(PRIO_PROCESS, 30000), ESRCH,
		  "getpriority: ESRCH");
	tap_fails(setpriority(PRIO_PROCESS, 30000, 1), ESRCH,
		  "setpriority: ESRCH");
	tap_fails(getpriority(7, 0), EINVAL, "getpriority: EINVAL");
}

/* Last: gives root up. */
static void
test_reids(void)
{
	tap_is_int(setregid(-1, 100), 0, "setregid: the effective group");
	tap_ok(getgid() == 0 && getegid() == 100, "... the real one kept");
	tap_is_int(setreuid(1000, -1), 0, "setreuid: the real user");
	tap_ok(getuid() == 1000 && geteuid() == 0, "... effective still root");
	tap_is_int(setreuid(-1, 1000), 0, "setreuid: the effective user");
	tap_ok(getuid() == 1000 && geteuid() == 1000, "... both 1000");
	tap_fails(setreuid(0, -1), EPERM, "setreuid: back to root EPERM");
	tap_fails(setreuid(-1, 0), EPERM, "setreuid: effective root EPERM");
	tap_is_int(setreuid(1000, 1000), 0, "setreuid: to the same ids");
	tap_ok(issetugid() == 1, "issetugid: the group ids differ");
	tap_is_int(setpriority(PRIO_PROCESS, 0, 3), 0, "user: nice 3");
	tap_fails(setpriority(PRIO_PROCESS, 0, 1), EACCES,
		  "user: lowering the nice value EACCES");
	tap_fails(nice(-1), EPERM, "user: nice(-1) EPERM");
	tap_fails(setpriority(PRIO_PROCESS, 1, 10), EPERM,
		  "user: another user's process EPERM");
	tap_fails(sethostname("x", 1), EPERM, "user: sethostname EPERM");
}

int
main(void)
{
	test_fnmatch();
	test_glob();
	test_regex();
	test_popen();
	test_libgen();
	test_sigwait();
	test_sigjmp();
	test_process();
	test_misc();
	test_priority();
	test_absent();
	test_reids();
	return tap_done();
}
