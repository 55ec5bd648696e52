/*
 * The posix-lite half of tests/unix/t_lite_share.c (built with lite-cc
 * only): what argv[1] says.
 *
 *	share FILE	appends a line to FILE, writes one to stdout (a
 *			pipe to the UNIX test), echoes its stdin's byte
 *			count, exits 5
 *	hold		opens files and a pipe, then faults holding them
 *	nosys		the calls outside the profile, each ENOSYS: exits
 *			with the number that were not
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
share(const char *path)
{
	char buf[64];
	int fd = open(path, O_WRONLY | O_APPEND);
	int n = 0, got;

	if (fd < 0 || write(fd, "lite wrote this\n", 16) != 16)
		return 1;
	close(fd);
	if (write(1, "from lite\n", 10) != 10)
		return 2;
	while ((got = read(0, buf, sizeof(buf))) > 0)
		n += got;
	dprintf(1, "%d bytes in\n", n);
	return 5;
}

static int
hold(void)
{
	int fds[2];

	open("/test", O_RDONLY);
	open("/tmp", O_RDONLY);
	pipe(fds);
	int *volatile nowhere = (int *)16;
	return *nowhere;
}

static int
nosys(void)
{
	int wrong = 0;

	errno = 0;
	wrong += fork() != -1 || errno != ENOSYS;
	errno = 0;
	wrong += execve("/bin/true", (char *[]){"true", NULL}, NULL) != -1 ||
		 errno != ENOSYS;
	errno = 0;
	wrong += link("/tmp/a", "/tmp/b") != -1 || errno != ENOSYS;
	errno = 0;
	wrong += kill(0, SIGTERM) != -1 || errno != ENOSYS;
	return wrong;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "share") == 0)
		return share(argv[2]);
	if (argc == 2 && strcmp(argv[1], "hold") == 0)
		return hold();
	if (argc == 2 && strcmp(argv[1], "nosys") == 0)
		return nosys();
	return 99;
}
