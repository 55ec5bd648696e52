/*
 * The first program over the UNIX server: its identity, the console,
 * and a file of the boot archive.
 */
#include "../os/lib/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char buf[64];

	tap_plan(6);
	tap_ok(getpid() > 1, "a child of init has a pid above 1");
	tap_is_int(getppid(), 1, "its parent is init");
	tap_is_int(write(1, "hello from a unix process\n", 26), 26,
		   "write to the console");
	int fd = open("/etc/motd", O_RDONLY);
	tap_ok(fd >= 3, "open a file of the archive");
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	tap_is_str(buf, "welcome\n", "read it");
	tap_is_int(close(fd), 0, "close it");
	return tap_done();
}
