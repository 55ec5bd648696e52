/*
 * What cp, ln and mv share: the target operand.  "cp a/b/c d" names a
 * new path d when d is not a directory, and d/c when it is one; with
 * more than two operands, the last must be a directory.
 */
#ifndef PROGRAMS_TARGET_H
#define PROGRAMS_TARGET_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is path a directory (symbolic links followed)? */
static inline int
target_is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The target operand of program's command line, whose operands are
 * argv[optind..], at least two: the last one; *into says whether it is
 * a directory that the others go into.  NULL, after a message, for a
 * target that is not a directory after more than one source.
 */
static inline const char *
target_operand(int argc, char **argv, const char *program, int *into)
{
	const char *target = argv[argc - 1];

	*into = target_is_directory(target);
	if (!*into && argc - optind > 2) {
		fprintf(stderr, "%s: %s: %s\n", program, target,
			strerror(ENOTDIR));
		return NULL;
	}
	return target;
}

/*
 * The path operand gets in directory dir: dir, a slash and operand's
 * last component (trailing slashes are not part of it), in path, which
 * has size bytes.  0, or -1 with errno ENAMETOOLONG.
 */
static inline int
target_in_directory(char *path, size_t size, const char *dir,
		    const char *operand)
{
	size_t end = strlen(operand), start;

	while (end > 1 && operand[end - 1] == '/')
		end--;
	for (start = end; start > 0 && operand[start - 1] != '/'; start--)
		;
	int n = snprintf(path, size, "%s/%.*s", dir, (int)(end - start),
			 operand + start);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

#endif /* PROGRAMS_TARGET_H */
