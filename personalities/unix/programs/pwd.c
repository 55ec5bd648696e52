/*
 * pwd [-L | -P]: the absolute path of the working directory.  -L (the
 * default, the last of the two wins): $PWD if it is an absolute path
 * without . or .. components that names the working directory; -P or
 * otherwise: the path with no symbolic links, from getcwd.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is $PWD a usable logical path for the working directory? */
static int
pwd_logical_ok(const char *pwd)
{
	struct stat a, b;

	if (pwd == NULL || pwd[0] != '/')
		return 0;
	for (const char *c = pwd; *c != '\0'; c++)
		if (c[0] == '/' && c[1] == '.' &&
		    (c[2] == '/' || c[2] == '\0' ||
		     (c[2] == '.' && (c[3] == '/' || c[3] == '\0'))))
			return 0;
	return stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
main(int argc, char **argv)
{
	char path[PATH_MAX];
	int logical = 1, c;

	while ((c = getopt(argc, argv, "+LP")) != -1) {
		if (c == '?') {
			fprintf(stderr, "usage: pwd [-L | -P]\n");
			return 1;
		}
		logical = c == 'L';
	}
	const char *pwd = getenv("PWD");
	if (logical && pwd_logical_ok(pwd)) {
		puts(pwd);
		return 0;
	}
	if (getcwd(path, sizeof(path)) == NULL) {
		fprintf(stderr, "pwd: %s\n", strerror(errno));
		return 1;
	}
	puts(path);
	return 0;
}
