/*
 * hello: the smallest native task worth booting.  Prints a greeting,
 * its arguments and a little arithmetic through newlib's printf, which
 * reaches the console through libmach's _write and the kernel's console
 * trap.
 */
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	int i;

	printf("hello from %s, a native task on the Mach kernel\n", argv[0]);
	for (i = 1; i < argc; i++)
		printf("%s: argv[%d] = \"%s\"\n", argv[0], i, argv[i]);
	printf("%s: 6 * 7 = %d, pi ~ %.6f\n", argv[0], 6 * 7, 355.0 / 113);
	return EXIT_SUCCESS;
}
