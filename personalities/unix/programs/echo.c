/*
 * echo [-n] [STRING...]: the strings, separated by single blanks, and a
 * newline unless the first operand is exactly -n.  No other option, and
 * no backslash escapes (POSIX leaves both to the implementation; printf
 * is the portable way).
 */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int newline = 1, i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		putchar('\n');
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
