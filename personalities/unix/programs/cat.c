/*
 * cat [-u] [FILE...]: the files' bytes in order on standard output;
 * "-" or no operand is standard input.  -u (unbuffered) is what cat
 * always is: it copies with read and write.  A file that cannot be read
 * is reported and skipped; the status is then 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Copies fd to standard output; 0, or -1 with errno set (*writing: the
 * error was the output's). */
static int
cat_copy(int fd, int *writing)
{
	char buffer[8192];
	ssize_t n;

	*writing = 0;
	while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(1, buffer + done, n - done);
			if (w < 0) {
				*writing = 1;
				return -1;
			}
			done += w;
		}
	}
	return n < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	char *standard_input[] = {"-", NULL};
	int status = 0, c, writing = 0;

	while ((c = getopt(argc, argv, "+u")) != -1)
		if (c == '?') {
			fprintf(stderr, "usage: cat [-u] [file...]\n");
			return 1;
		}
	char **files = optind < argc ? argv + optind : standard_input;
	for (; *files != NULL; files++) {
		int fd = strcmp(*files, "-") == 0 ? 0 : open(*files, O_RDONLY);
		if (fd < 0 || cat_copy(fd, &writing) != 0) {
			fprintf(stderr, "cat: %s: %s\n",
				writing ? "standard output" : *files,
				strerror(errno));
			status = 1;
		}
		if (fd > 0)
			close(fd);
		if (fd >= 0 && writing)
			return 1;
	}
	return status;
}
