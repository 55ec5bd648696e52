/*
 * The child of the common benchmark rows (tests/bench/bench_posix.c),
 * built for both personalities like the programs of tests/common:
 *
 *	h_bench exit	exits with 0 at once
 *	h_bench echo	copies its standard input to its standard output,
 *			a byte at a time, until end of file
 */
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char c;

	if (argc == 2 && strcmp(argv[1], "echo") == 0) {
		while (read(0, &c, 1) == 1)
			if (write(1, &c, 1) != 1)
				return 1;
		return 0;
	}
	return argc == 2 && strcmp(argv[1], "exit") == 0 ? 0 : 2;
}
