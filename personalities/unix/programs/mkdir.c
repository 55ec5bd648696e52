/*
 * mkdir [-p] [-m MODE] DIR...: makes each directory, with mode 0777
 * less the umask, or MODE (octal only: no symbolic modes).  -p makes
 * the missing directories of each path first (u+wx whatever the umask,
 * so that the rest can be made in them) and is content with a directory
 * that exists.  Each failure is reported; the status is then 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir, where with -p a directory that is there already will do. */
static int
mkdir_one(const char *path, mode_t mode, int parents)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return 0;
	int error = errno;
	if (parents && error == EEXIST && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return 0;
	errno = error;
	return -1;
}

/* -p: makes each missing directory of path but the last. */
static int
mkdir_parents(char *path, mode_t mode)
{
	for (char *slash = strchr(path + 1, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/')) {
		if (slash[-1] == '/')
			continue;
		*slash = '\0';
		int result = mkdir_one(path, mode, 1);
		*slash = '/';
		if (result != 0)
			return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	mode_t mask = umask(0), mode = 0777 & ~mask;
	int parents = 0, status = 0, c;
	char *end;

	umask(mask);
	while ((c = getopt(argc, argv, "+m:p")) != -1) {
		switch (c) {
		case 'm':
			mode = strtoul(optarg, &end, 8);
			if (*optarg == '\0' || *end != '\0' || mode > 07777) {
				fprintf(stderr,
					"mkdir: %s: not an octal mode\n",
					optarg);
				return 1;
			}
			break;
		case 'p':
			parents = 1;
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	for (int i = optind; i < argc; i++) {
		if ((parents &&
		     mkdir_parents(argv[i],
				   (0777 & ~mask) | S_IWUSR | S_IXUSR) != 0) ||
		    mkdir_one(argv[i], mode, parents) != 0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		} else if (mode & ~0777) {
			chmod(argv[i], mode); /* set-id and sticky bits */
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: mkdir [-p] [-m mode] dir...\n");
	return 1;
}
