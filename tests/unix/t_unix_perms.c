/*
 * Permission bits against the process's ids: files made as root, then
 * the test gives up root (setgid, setuid) and meets each refusal; the
 * ids calls themselves.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define USER  1000
#define GROUP 100

extern char **environ;

/* Makes path with mode as root (the umask does not apply). */
static void
make(const char *path, int mode, int directory)
{
	if (directory) {
		mkdir(path, 0700);
	} else {
		int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
		write(fd, "data", 4);
		close(fd);
	}
	chmod(path, mode);
}

int
main(void)
{
	tap_is_int(getuid(), 0, "a process of init runs as root");
	tap_is_int(geteuid(), 0, "... effective too");
	tap_is_int(getgid(), 0, "group root");
	make("/tmp/p", 0755, 1);
	make("/tmp/p/private", 0600, 0);
	make("/tmp/p/group", 0640, 0);
	make("/tmp/p/world", 0644, 0);
	make("/tmp/p/writable", 0666, 0);
	make("/tmp/p/closed", 0700, 1);
	make("/tmp/p/closed/inside", 0644, 0);
	make("/tmp/p/script", 0744, 0);
	make("/tmp/p/open", 0777, 1);

	tap_is_int(setgid(GROUP), 0, "setgid as root");
	tap_is_int(getgid(), GROUP, "getgid");
	tap_is_int(getegid(), GROUP, "getegid");
	tap_is_int(setuid(USER), 0, "setuid as root");
	tap_is_int(getuid(), USER, "getuid");
	tap_is_int(geteuid(), USER, "geteuid");
	tap_fails(setuid(0), EPERM, "setuid(0) as a user: EPERM");
	tap_fails(setgid(0), EPERM, "setgid(0) as a user: EPERM");
	tap_is_int(setuid(USER), 0, "setuid to oneself");

	tap_fails(open("/tmp/p/private", O_RDONLY), EACCES,
		  "read a 0600 file of root: EACCES");
	tap_fails(open("/tmp/p/world", O_WRONLY), EACCES,
		  "write a 0644 file of root: EACCES");
	int fd = open("/tmp/p/world", O_RDONLY);
	tap_ok(fd >= 0, "read a 0644 file");
	close(fd);
	fd = open("/tmp/p/writable", O_RDWR);
	tap_ok(fd >= 0, "read and write a 0666 file");
	close(fd);
	tap_fails(access("/tmp/p/group", R_OK), EACCES,
		  "the group bits are root's group's, not ours: EACCES");
	tap_fails(open("/tmp/p/closed/inside", O_RDONLY), EACCES,
		  "search a 0700 directory of root: EACCES");
	tap_fails(stat("/tmp/p/closed/inside", &(struct stat){0}), EACCES,
		  "stat through it: EACCES");
	tap_fails(chdir("/tmp/p/closed"), EACCES, "chdir into it: EACCES");
	tap_fails(open("/tmp/p/new", O_CREAT | O_WRONLY, 0644), EACCES,
		  "create in a 0755 directory of root: EACCES");
	tap_fails(mkdir("/tmp/p/newdir", 0755), EACCES, "mkdir in it: EACCES");
	tap_fails(unlink("/tmp/p/world"), EACCES, "unlink in it: EACCES");
	tap_fails(rename("/tmp/p/world", "/tmp/p/open/x"), EACCES,
		  "rename out of it: EACCES");
	tap_fails(chmod("/tmp/p/world", 0666), EPERM,
		  "chmod a file of root: EPERM");
	char *argv[] = {"script", NULL};
	pid_t pid;
	tap_is_int(
	    posix_spawn(&pid, "/tmp/p/script", NULL, NULL, argv, environ),
	    EACCES, "spawn a 0744 file of root: EACCES");

	fd = open("/tmp/p/open/mine", O_CREAT | O_WRONLY, 0600);
	tap_ok(fd >= 0, "create in a 0777 directory");
	struct stat st;
	fstat(fd, &st);
	tap_ok(st.st_uid == USER && st.st_gid == GROUP,
	       "the new file is ours (%d:%d)", (int)st.st_uid, (int)st.st_gid);
	close(fd);
	tap_is_int(chmod("/tmp/p/open/mine", 0400), 0, "chmod our own file");
	tap_fails(open("/tmp/p/open/mine", O_WRONLY), EACCES,
		  "our 0400 file refuses writing: EACCES");
	tap_is_int(unlink("/tmp/p/open/mine"), 0, "unlink it");
	tap_is_int(mkdir("/tmp/p/open/d", 0700), 0,
		   "mkdir in a 0777 directory");
	tap_is_int(rmdir("/tmp/p/open/d"), 0, "rmdir it");
	return tap_done();
}
