/*
 * mv [-fi] SOURCE TARGET, mv [-fi] SOURCE... DIR: renames each source
 * to TARGET, or to DIR/its last component (an existing file or empty
 * directory there is replaced, as rename does).  -i asks on standard
 * error before replacing an existing entry and moves only on an answer
 * starting with y; -f does not ask (the last of the two wins).  There is
 * one file system, so rename is always possible: no copying fallback
 * for EXDEV.  Each failure is reported; the status is then 1.
 */
#include "target.h"

#include <limits.h>
#include <unistd.h>

/* May mv replace path?  Asks with -i if it exists. */
static int
mv_may_replace(const char *path, int ask)
{
	char answer[64];
	struct stat st;

	if (!ask || lstat(path, &st) != 0)
		return 1;
	fprintf(stderr, "mv: overwrite %s? ", path);
	return fgets(answer, sizeof(answer), stdin) != NULL &&
	       (answer[0] == 'y' || answer[0] == 'Y');
}

int
main(int argc, char **argv)
{
	int ask = 0, status = 0, c;
	char path[PATH_MAX];

	while ((c = getopt(argc, argv, "+fi")) != -1) {
		if (c == '?')
			goto usage;
		ask = c == 'i';
	}
	if (argc - optind < 2)
		goto usage;
	int into;
	const char *target = target_operand(argc, argv, "mv", &into);
	if (target == NULL)
		return 1;
	for (int i = optind; i < argc - 1; i++) {
		const char *source = argv[i], *to = into ? path : target;
		if ((into && target_in_directory(path, sizeof(path), target,
						 source) != 0) ||
		    (mv_may_replace(to, ask) && rename(source, to) != 0)) {
			fprintf(stderr, "mv: %s: %s\n", source,
				strerror(errno));
			status = 1;
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: mv [-fi] source target\n"
			"       mv [-fi] source... directory\n");
	return 1;
}
