/*
 * A task that faults on purpose, as its argument says; the kernel must
 * kill it with a message naming the fault and go on with the other tasks
 * (tests/os/boots/kernel.boot checks the messages).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const unsigned char code_bytes[] = {0xc3}; /* ret, in a data page */

int
main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	int zero = argc - argc;

	if (strcmp(what, "null") == 0)
		return *(volatile int *)0;
	if (strcmp(what, "kernel") == 0)
		return *(volatile int *)0xffffffff80100000ul;
	if (strcmp(what, "write-text") == 0)
		*(volatile unsigned char *)main = 0;
	if (strcmp(what, "execute-data") == 0)
		((void (*)(void))code_bytes)();
	if (strcmp(what, "invalid-opcode") == 0)
		__asm__ volatile("ud2");
	if (strcmp(what, "divide") == 0) {
		int quotient;
		__asm__ volatile("cltd; idivl %2"
				 : "=a"(quotient)
				 : "a"(1), "r"(zero)
				 : "edx");
		return quotient;
	}
	if (strcmp(what, "privileged") == 0)
		__asm__ volatile("hlt");
	printf("t_fault: unknown or survived fault '%s'\n", what);
	return 1;
}
