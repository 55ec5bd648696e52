/*
 * hello: the program `make run-unix` runs by default; it greets, and
 * shows its pid and what it was given.
 */
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	printf("hello from pid %d, a child of %d:", (int)getpid(),
	       (int)getppid());
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 0;
}
