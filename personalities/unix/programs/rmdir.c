/*
 * rmdir [-p] DIR...: removes each empty directory.  -p then removes
 * each of its parents named in the path, as `rmdir a/b/c a/b a` would,
 * stopping at the first that fails.  The status is 1 if any failed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Cuts path's last component off; 0 when none is left. */
static int
rmdir_parent(char *path)
{
	char *end = path + strlen(path);

	while (end > path && end[-1] == '/') /* trailing slashes */
		end--;
	while (end > path && end[-1] != '/') /* the component */
		end--;
	while (end > path && end[-1] == '/') /* its slashes */
		end--;
	*end = '\0';
	return end > path;
}

int
main(int argc, char **argv)
{
	int parents = 0, status = 0, c;

	while ((c = getopt(argc, argv, "+p")) != -1) {
		if (c != 'p')
			goto usage;
		parents = 1;
	}
	if (optind >= argc)
		goto usage;
	for (int i = optind; i < argc; i++) {
		char *path = argv[i];
		do {
			if (rmdir(path) != 0) {
				fprintf(stderr, "rmdir: %s: %s\n", path,
					strerror(errno));
				status = 1;
				break;
			}
		} while (parents && rmdir_parent(path));
	}
	return status;
usage:
	fprintf(stderr, "usage: rmdir [-p] dir...\n");
	return 1;
}
