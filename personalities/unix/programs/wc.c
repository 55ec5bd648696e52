/*
 * wc [-clmw] [FILE...]: counts the newlines, words (runs of characters
 * that are not white space) and bytes of each file ("-" or none:
 * standard input), printed in that order as "%d %d %d %s\n" (the name
 * left out for standard input), then a "total" line for more than one
 * file.  -l, -w, -c choose counts; -m counts characters, which are
 * bytes in the C locale, the only one here.  A file that cannot be
 * read is reported; the status is then 1.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct wc_counts {
	long long lines, words, bytes;
};

static int wc_lines, wc_words, wc_bytes;

static int
wc_count(int fd, struct wc_counts *c)
{
	char buffer[8192];
	int in_word = 0;
	ssize_t n;

	memset(c, 0, sizeof(*c));
	while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			int space = isspace((unsigned char)buffer[i]);
			c->lines += buffer[i] == '\n';
			c->words += !space && !in_word;
			in_word = !space;
		}
	}
	return n < 0 ? -1 : 0;
}

static void
wc_print(const struct wc_counts *c, const char *name)
{
	const char *separator = "";

	if (wc_lines) {
		printf("%lld", c->lines);
		separator = " ";
	}
	if (wc_words) {
		printf("%s%lld", separator, c->words);
		separator = " ";
	}
	if (wc_bytes)
		printf("%s%lld", separator, c->bytes);
	printf("%s%s\n", name != NULL ? " " : "", name != NULL ? name : "");
}

int
main(int argc, char **argv)
{
	struct wc_counts c, total = {0, 0, 0};
	int status = 0, opt;

	while ((opt = getopt(argc, argv, "+clmw")) != -1) {
		switch (opt) {
		case 'c':
		case 'm':
			wc_bytes = 1;
			break;
		case 'l':
			wc_lines = 1;
			break;
		case 'w':
			wc_words = 1;
			break;
		default:
			fprintf(stderr,
				"usage: wc [-c | -m] [-lw] [file...]\n");
			return 1;
		}
	}
	if (!wc_lines && !wc_words && !wc_bytes)
		wc_lines = wc_words = wc_bytes = 1;
	if (optind >= argc) {
		if (wc_count(0, &c) != 0) {
			fprintf(stderr, "wc: standard input: %s\n",
				strerror(errno));
			return 1;
		}
		wc_print(&c, NULL);
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		int from_stdin = strcmp(argv[i], "-") == 0;
		int fd = from_stdin ? 0 : open(argv[i], O_RDONLY);
		if (fd < 0 || wc_count(fd, &c) != 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		} else {
			wc_print(&c, argv[i]);
			total.lines += c.lines;
			total.words += c.words;
			total.bytes += c.bytes;
		}
		if (fd > 0)
			close(fd);
	}
	if (argc - optind > 1)
		wc_print(&total, "total");
	return status;
}
