/*
 * head [-n N | -c N | -N] [FILE...]: the first N lines (10 by
 * default; -N is the old form of -n N), or with -c the first N bytes,
 * of each file ("-" or none: standard input).  With more than one
 * file, each is preceded by "==> FILE <==", and all but the first by
 * an empty line.  A file that cannot be read is reported; the status
 * is then 1.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copies the first count lines (bytes if bytes) of fd; 0 or -1. */
static int
head_copy(int fd, long long count, int bytes)
{
	char buffer[8192];
	ssize_t n = 0;

	while (count > 0 && (n = read(fd, buffer, sizeof(buffer))) > 0) {
		ssize_t take = 0;
		if (bytes) {
			take = count < n ? count : n;
			count -= take;
		} else {
			while (take < n && count > 0)
				count -= buffer[take++] == '\n';
		}
		if (fwrite(buffer, 1, take, stdout) != (size_t)take)
			return -1;
	}
	return n < 0 ? -1 : 0;
}

/* N of -n N or -c N: a decimal number of at least 0, or -1. */
static long long
head_count(const char *text)
{
	char *end;
	long long count = strtoll(text, &end, 10);

	return isdigit((unsigned char)*text) && *end == '\0' ? count : -1;
}

int
main(int argc, char **argv)
{
	long long count = 10;
	int bytes = 0, status = 0, c;

	if (argc > 1 && argv[1][0] == '-' &&
	    isdigit((unsigned char)argv[1][1])) {
		count = head_count(argv[1] + 1); /* -N */
		optind = 2;
	} else {
		while ((c = getopt(argc, argv, "+c:n:")) != -1) {
			if (c == '?')
				goto usage;
			bytes = c == 'c';
			count = head_count(optarg);
		}
	}
	if (count < 0)
		goto usage;
	char *standard_input[] = {"-", NULL};
	char **files = optind < argc ? argv + optind : standard_input;
	for (int i = 0; files[i] != NULL; i++) {
		int fd =
		    strcmp(files[i], "-") == 0 ? 0 : open(files[i], O_RDONLY);
		if (fd >= 0 && argc - optind > 1)
			printf("%s==> %s <==\n", i > 0 ? "\n" : "", files[i]);
		if (fd < 0 || head_copy(fd, count, bytes) != 0) {
			fflush(stdout);
			fprintf(stderr, "head: %s: %s\n", files[i],
				strerror(errno));
			status = 1;
		}
		if (fd > 0)
			close(fd);
	}
	return status;
usage:
	fprintf(stderr, "usage: head [-n lines | -c bytes] [file...]\n");
	return 1;
}
