/*
 * rm [-fiRr] FILE...: removes each directory entry.  A directory needs
 * -r (or -R): its contents go first, depth first, then the directory.
 * -f: no message and no change of status for a file that does not
 * exist, no error without operands, and no prompt; -i: asks on standard
 * error before each removal (and before going into a directory), and
 * removes only on an answer starting with y (the last of -f and -i
 * wins).  "." and ".." are refused.  The status is 1 if anything could
 * not be removed.  Without -f or -i, rm does not ask about a file it
 * may not write, as POSIX wants on a terminal.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rm_force, rm_ask, rm_recursive;

/* Reports path's error errno; returns -1. */
static int
rm_fail(const char *path)
{
	if (!(rm_force && errno == ENOENT)) {
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* With -i: asks what the question says about path; is the answer yes? */
static int
rm_confirm(const char *question, const char *path)
{
	char answer[64];

	if (!rm_ask)
		return 1;
	fprintf(stderr, "rm: %s %s? ", question, path);
	return fgets(answer, sizeof(answer), stdin) != NULL &&
	       (answer[0] == 'y' || answer[0] == 'Y');
}

static int rm_path(const char *path);

/* The names in directory path but . and .., in a malloc'ed array ending
 * with NULL (read whole first: removing entries while reading would
 * move the rest); NULL with errno set. */
static char **
rm_names(const char *path)
{
	DIR *dir = opendir(path);
	char **names = malloc(sizeof(*names));
	size_t count = 0;
	struct dirent *d;
	int error = 0;

	if (dir == NULL || names == NULL) {
		error = dir == NULL ? errno : ENOMEM;
		goto out;
	}
	errno = 0;
	while (error == 0 && (d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		char **more = realloc(names, (count + 2) * sizeof(*names));
		if (more != NULL)
			names = more;
		if (more == NULL || (names[count] = strdup(d->d_name)) == NULL)
			error = ENOMEM;
		else
			count++;
	}
	if (error == 0)
		error = errno; /* readdir's */
out:
	if (dir != NULL)
		closedir(dir);
	if (error != 0) {
		for (size_t i = 0; i < count; i++)
			free(names[i]);
		free(names);
		errno = error;
		return NULL;
	}
	names[count] = NULL;
	return names;
}

/* Removes directory path with everything in it. */
static int
rm_tree(const char *path)
{
	char child[PATH_MAX];
	int result = 0;

	if (!rm_confirm("descend into directory", path))
		return 0;
	char **names = rm_names(path);
	if (names == NULL)
		return rm_fail(path);
	for (char **name = names; *name != NULL; name++) {
		if (snprintf(child, sizeof(child), "%s%s%s", path,
			     path[strlen(path) - 1] == '/' ? "" : "/",
			     *name) >= (int)sizeof(child)) {
			errno = ENAMETOOLONG;
			result = rm_fail(child);
		} else if (rm_path(child) != 0) {
			result = -1;
		}
		free(*name);
	}
	free(names);
	if (result == 0 && rm_confirm("remove directory", path) &&
	    rmdir(path) != 0)
		result = rm_fail(path);
	return result;
}

static int
rm_path(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return rm_fail(path);
	if (S_ISDIR(st.st_mode)) {
		if (rm_recursive)
			return rm_tree(path);
		errno = EISDIR;
		return rm_fail(path);
	}
	if (rm_confirm("remove", path) && unlink(path) != 0)
		return rm_fail(path);
	return 0;
}

/* Is path's last component . or ..? */
static int
rm_dot(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	return (n - start == 1 && path[start] == '.') ||
	       (n - start == 2 && path[start] == '.' && path[start + 1] == '.');
}

int
main(int argc, char **argv)
{
	int status = 0, c;

	while ((c = getopt(argc, argv, "+fiRr")) != -1) {
		switch (c) {
		case 'f':
			rm_force = 1;
			rm_ask = 0;
			break;
		case 'i':
			rm_ask = 1;
			rm_force = 0;
			break;
		case 'R':
		case 'r':
			rm_recursive = 1;
			break;
		default:
			fprintf(stderr, "usage: rm [-fiRr] file...\n");
			return 1;
		}
	}
	if (optind >= argc && !rm_force) {
		fprintf(stderr, "usage: rm [-fiRr] file...\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		if (rm_dot(argv[i])) {
			fprintf(stderr, "rm: %s: cannot remove . or ..\n",
				argv[i]);
			status = 1;
		} else if (rm_path(argv[i]) != 0) {
			status = 1;
		}
	}
	return status;
}
