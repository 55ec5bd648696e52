/*
 * sleep TIME: waits TIME seconds, a non-negative decimal number that
 * may have a fraction (0.5).  It catches no signal, so one that ends
 * a process by default ends it early.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int
main(int argc, char **argv)
{
	char *end;

	if (argc == 3 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc != 2 || !isdigit((unsigned char)argv[1][0])) {
		fprintf(stderr, "usage: sleep seconds\n");
		return 1;
	}
	double seconds = strtod(argv[1], &end);
	if (*end != '\0' || seconds > 1e9) {
		fprintf(stderr, "sleep: %s: not a number of seconds\n",
			argv[1]);
		return 1;
	}
	struct timespec t = {(time_t)seconds,
			     (long)((seconds - (time_t)seconds) * 1e9)};
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		; /* interrupted by a caught signal: sleep the rest */
	return 0;
}
