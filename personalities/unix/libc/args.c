/*
 * The argument block of spawn and exec (args.h): what unix_spawn,
 * unix_exec and lite_spawn carry out of line.
 */
#include "args.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *
args_pack(char *const argv[], char *const envp[], size_t max, int *argc,
	  int *envc, size_t *size)
{
	size_t total = 0;
	int n = 0, m = 0;

	for (; argv != NULL && argv[n] != NULL; n++)
		total += strlen(argv[n]) + 1;
	for (; envp != NULL && envp[m] != NULL; m++)
		total += strlen(envp[m]) + 1;
	if (total > max) {
		errno = E2BIG;
		return NULL;
	}
	char *block = malloc(total + 1), *p = block;
	if (block == NULL)
		return NULL;
	for (int i = 0; i < n; i++)
		p = stpcpy(p, argv[i]) + 1;
	for (int i = 0; i < m; i++)
		p = stpcpy(p, envp[i]) + 1;
	*argc = n;
	*envc = m;
	*size = total;
	return block;
}
