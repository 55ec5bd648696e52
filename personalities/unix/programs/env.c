/*
 * env [-i] [NAME=VALUE...] [UTILITY [ARGUMENT...]]: with no utility,
 * prints the environment, one NAME=VALUE a line; otherwise runs the
 * utility (found along PATH, by execvp) with the environment changed:
 * -i (or an old-style "-") starts from an empty one, each NAME=VALUE
 * sets a variable.  The status is the utility's; 127 if it was not
 * found, 126 if it could not be run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	static char *empty[] = {NULL};
	int c;

	while ((c = getopt(argc, argv, "+i")) != -1) {
		if (c != 'i') {
			fprintf(stderr, "usage: env [-i] [name=value]... "
					"[utility [argument...]]\n");
			return 1;
		}
		environ = empty;
	}
	if (optind < argc && strcmp(argv[optind], "-") == 0) {
		environ = empty;
		optind++;
	}
	for (; optind < argc && strchr(argv[optind], '=') != NULL; optind++)
		if (putenv(argv[optind]) != 0) {
			fprintf(stderr, "env: %s: %s\n", argv[optind],
				strerror(errno));
			return 1;
		}
	if (optind == argc) {
		for (char **e = environ; *e != NULL; e++)
			puts(*e);
		return ferror(stdout) ? 1 : 0;
	}
	execvp(argv[optind], argv + optind);
	int error = errno;
	fprintf(stderr, "env: %s: %s\n", argv[optind], strerror(error));
	return error == ENOENT ? 127 : 126;
}
