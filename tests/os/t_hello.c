/*
 * t_hello: the smallest test task, for the boots that test booting
 * itself (the GRUB2 ISO path, the ELF loader's refusals).  Checks that
 * the kernel started it as the boot file says, "t_hello one two three":
 * its name in argv[0], the arguments in argv[1..3], argv[argc] NULL, an
 * empty environment; and that stdout and the heap work.
 */
#include "lib/tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int
main(int argc, char **argv)
{
	char *p;

	tap_plan(8);
	tap_is_str(argv[0], "t_hello", "argv[0] is the task's name");
	tap_is_int(argc, 4, "argc is 4");
	tap_is_str(argc > 1 ? argv[1] : NULL, "one", "argv[1]");
	tap_is_str(argc > 3 ? argv[3] : NULL, "three", "argv[3]");
	tap_ok(argv[argc] == NULL, "argv[argc] is NULL");
	tap_ok(environ != NULL && environ[0] == NULL, "the environment is "
						      "empty");
	tap_ok(printf("[t_hello] # hello from printf\n") > 0 &&
		   fflush(stdout) == 0,
	       "printf and fflush");
	p = malloc(100000);
	tap_ok(p != NULL && memset(p, 1, 100000) == p, "malloc of 100 KB");
	free(p);
	return tap_done();
}
