/*
 * cp [-fip] SOURCE TARGET, cp [-fip] SOURCE... DIR, and the same with
 * -R (or -r): copies each source to TARGET, or to DIR/its last
 * component.  A new file gets the source's permission bits less the
 * umask, an existing one keeps its own; -p gives it the source's bits
 * exactly (no times: the server keeps none).  -f: a target that cannot
 * be opened is removed and made again; -i: asks on standard error
 * before overwriting and copies only on an answer starting with y.
 * -R copies directories with all they hold (a source that is itself a
 * directory without -R is an error), and symbolic links inside them as
 * links; without -R links are followed.  No special files (devices,
 * pipes) under -R: there is no mknod.  Each failure is reported and the
 * others go on; the status is then 1.
 */
#include "target.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

static int cp_force, cp_ask, cp_preserve, cp_recursive;
static mode_t cp_umask;
static struct stat cp_made_top; /* the first directory -R made */

/* Reports path's error errno; returns -1. */
static int
cp_fail(const char *path)
{
	fprintf(stderr, "cp: %s: %s\n", path, strerror(errno));
	return -1;
}

/* Copies the bytes of from to to; 0 or -1 (errno set). */
static int
cp_bytes(int from, int to)
{
	char buffer[8192];
	ssize_t n;

	while ((n = read(from, buffer, sizeof(buffer))) > 0)
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(to, buffer + done, n - done);
			if (w < 0)
				return -1;
			done += w;
		}
	return n < 0 ? -1 : 0;
}

/* Copies the file source (st: its status) to the path target. */
static int
cp_file(const char *source, const struct stat *st, const char *target)
{
	struct stat ts;
	char answer[64];

	if (stat(target, &ts) == 0) {
		if (ts.st_dev == st->st_dev && ts.st_ino == st->st_ino) {
			fprintf(stderr, "cp: %s and %s are the same file\n",
				source, target);
			return -1;
		}
		if (cp_ask) {
			fprintf(stderr, "cp: overwrite %s? ", target);
			if (fgets(answer, sizeof(answer), stdin) == NULL ||
			    (answer[0] != 'y' && answer[0] != 'Y'))
				return 0;
		}
	}
	int from = open(source, O_RDONLY);
	if (from < 0)
		return cp_fail(source);
	mode_t mode = st->st_mode & 07777;
	int to = open(target, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (to < 0 && cp_force && unlink(target) == 0)
		to = open(target, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (to < 0) {
		close(from);
		return cp_fail(target);
	}
	int result = cp_bytes(from, to);
	const char *failed = result != 0 ? source : target;
	if (result == 0 && cp_preserve)
		result = chmod(target, mode);
	if (close(to) != 0)
		result = -1;
	close(from);
	return result == 0 ? 0 : cp_fail(failed);
}

static int cp_path(const char *source, const char *target, int top);

/* -R: copies directory source (st: its status) to target. */
static int
cp_directory(const char *source, const struct stat *st, const char *target)
{
	char from[PATH_MAX], to[PATH_MAX];
	struct stat ts;
	int result = 0, made = 0;

	if (stat(target, &ts) != 0) {
		if (mkdir(target, (st->st_mode & 0777) | S_IRWXU) != 0 ||
		    stat(target, &ts) != 0)
			return cp_fail(target);
		made = 1;
		if (cp_made_top.st_ino == 0)
			cp_made_top = ts;
	} else if (!S_ISDIR(ts.st_mode)) {
		errno = ENOTDIR;
		return cp_fail(target);
	}
	DIR *dir = opendir(source);
	if (dir == NULL)
		return cp_fail(source);
	for (struct dirent *d; (d = readdir(dir)) != NULL;) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (target_in_directory(from, sizeof(from), source,
					d->d_name) != 0 ||
		    target_in_directory(to, sizeof(to), target, d->d_name) != 0)
			result = cp_fail(source);
		else if (cp_path(from, to, 0) != 0)
			result = -1;
	}
	closedir(dir);
	mode_t mode = st->st_mode & (cp_preserve ? 07777 : 0777 & ~cp_umask);
	if ((made || cp_preserve) && chmod(target, mode) != 0)
		result = cp_fail(target);
	return result;
}

/* Copies source to target: top for an operand, whose links are
 * followed. */
static int
cp_path(const char *source, const char *target, int top)
{
	struct stat st;
	char link_target[PATH_MAX];

	if ((cp_recursive && !top ? lstat(source, &st) : stat(source, &st)) !=
	    0)
		return cp_fail(source);
	if (S_ISDIR(st.st_mode)) {
		if (!cp_recursive) {
			errno = EISDIR;
			return cp_fail(source);
		}
		if (st.st_dev == cp_made_top.st_dev &&
		    st.st_ino == cp_made_top.st_ino) {
			fprintf(stderr,
				"cp: %s: cannot copy a directory into "
				"itself\n",
				source);
			return -1;
		}
		return cp_directory(source, &st, target);
	}
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(source, link_target, sizeof(link_target));
		if (n < 0 || n == sizeof(link_target))
			return cp_fail(source);
		link_target[n] = '\0';
		if (symlink(link_target, target) != 0)
			return cp_fail(target);
		return 0;
	}
	if (cp_recursive && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "cp: %s: a special file; not copied\n", source);
		return -1;
	}
	return cp_file(source, &st, target);
}

int
main(int argc, char **argv)
{
	char path[PATH_MAX];
	int status = 0, c;

	cp_umask = umask(0);
	umask(cp_umask);
	while ((c = getopt(argc, argv, "+fipRr")) != -1) {
		switch (c) {
		case 'f':
			cp_force = 1;
			break;
		case 'i':
			cp_ask = 1;
			break;
		case 'p':
			cp_preserve = 1;
			break;
		case 'R':
		case 'r':
			cp_recursive = 1;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind < 2)
		goto usage;
	int into;
	const char *target = target_operand(argc, argv, "cp", &into);
	if (target == NULL)
		return 1;
	for (int i = optind; i < argc - 1; i++) {
		if (into && target_in_directory(path, sizeof(path), target,
						argv[i]) != 0)
			status = cp_fail(argv[i]);
		else if (cp_path(argv[i], into ? path : target, 1) != 0)
			status = 1;
	}
	return status != 0;
usage:
	fprintf(stderr, "usage: cp [-fipRr] source target\n"
			"       cp [-fipRr] source... directory\n");
	return 1;
}
