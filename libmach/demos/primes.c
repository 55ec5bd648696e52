/*
 * primes: a native task that computes for a while, to run beside
 * another and show the scheduler sharing the processor.  Sieves the
 * primes below a limit (argv[1], default 2,000,000) in memory from
 * malloc (the heap grows through _sbrk and the kernel's vm_allocate
 * trap), printing progress as it goes.  Each line names the task and
 * its limit, so two instances can be told apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	long limit = argc > 1 ? strtol(argv[1], NULL, 0) : 2000000;
	long i, j, count = 0, last = 0;
	char *composite;

	if (limit < 2 || (composite = calloc(limit, 1)) == NULL) {
		printf("%s %ld: cannot sieve\n", argv[0], limit);
		return EXIT_FAILURE;
	}
	printf("%s %ld: sieving the primes below %ld\n", argv[0], limit, limit);
	for (i = 2; i < limit; i++) {
		if (composite[i])
			continue;
		count++;
		last = i;
		for (j = i * i; j < limit; j += i)
			composite[j] = 1;
		if (count % 25000 == 0)
			printf("%s %ld: %ld primes so far, the last %ld\n",
			       argv[0], limit, count, last);
	}
	printf("%s %ld: %ld primes below %ld, the largest %ld\n", argv[0],
	       limit, count, limit, last);
	free(composite);
	return EXIT_SUCCESS;
}
