/*
 * ln [-fs] SOURCE TARGET, ln [-fs] SOURCE... DIR: a new directory entry
 * for each source: TARGET, or DIR/the source's last component.  -s
 * makes symbolic links (the source is then only text, which need not
 * exist); otherwise hard links.  -f removes an existing entry first.
 * Each failure is reported and the others go on; the status is then 1.
 */
#include "target.h"

#include <limits.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int force = 0, symbolic = 0, status = 0, c;
	char path[PATH_MAX];

	while ((c = getopt(argc, argv, "+fs")) != -1) {
		if (c == 'f')
			force = 1;
		else if (c == 's')
			symbolic = 1;
		else
			goto usage;
	}
	if (argc - optind < 2)
		goto usage;
	int into;
	const char *target = target_operand(argc, argv, "ln", &into);
	if (target == NULL)
		return 1;
	for (int i = optind; i < argc - 1; i++) {
		const char *source = argv[i], *link_path = into ? path : target;
		if (into && target_in_directory(path, sizeof(path), target,
						source) != 0)
			link_path = source; /* the error is about it */
		else if ((!force || unlink(link_path) == 0 ||
			  errno == ENOENT) &&
			 (symbolic ? symlink(source, link_path)
				   : link(source, link_path)) == 0)
			continue;
		fprintf(stderr, "ln: %s: %s\n", link_path, strerror(errno));
		status = 1;
	}
	return status;
usage:
	fprintf(stderr, "usage: ln [-fs] source target\n"
			"       ln [-fs] source... directory\n");
	return 1;
}
