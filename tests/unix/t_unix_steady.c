/*
 * A server that serves allocates nothing of its own for a request: the
 * kernel's port count after a request is what it was before, once the
 * caches the request fills are full.  Found by the fuzzer (io=1): the
 * first truncation of a file the server pages made the server's main
 * thread wait on a condition for the first time, and so make its wake
 * port (libmach); the server now makes its threads' wake ports at start
 * (mach_wait_queue_prepare).  Its own boot (boots/steady.boot), with
 * this program as the server's first process: no test before it may
 * have made the server wait already, and nothing runs beside it.
 */
#include "../os/lib/counts.h"
#include "../os/lib/tap.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
extern const char *__progname; /* the TAP stream's name (tap.c) */

/* Copies /bin/true to path and runs it once: the server pages it (its
 * object is kept, with its ports, for the next run). */
static int
run_copy(const char *path)
{
	char buffer[4096], *argv[] = {"true", NULL};
	int in = open("/bin/true", O_RDONLY);
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;
	pid_t pid;
	int status = -1;

	while ((n = read(in, buffer, sizeof(buffer))) > 0)
		write(out, buffer, n);
	close(in);
	close(out);
	if (posix_spawn(&pid, path, NULL, NULL, argv, environ) == 0)
		waitpid(pid, &status, 0);
	return status;
}

int
main(void)
{
	__progname = "t_unix_steady"; /* the server's first: its path */
	tap_plan(2);
	tap_is_int(run_copy("/tmp/steady"), 0, "a copy of /bin/true runs");
	sleep(1); /* the process's task and ports are gone */
	struct kernel_stats before = counts_now();
	close(open("/tmp/steady", O_WRONLY | O_TRUNC));
	counts_check(&before, COUNTS_OBJECTS,
		     "truncating the file the server pages");
	unlink("/tmp/steady");
	return tap_done();
}
