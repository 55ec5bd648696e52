/*
 * The argument block of spawn and exec, the same for both personalities
 * (args.c; posix-lite's library and /bin/lite build it too).
 */
#ifndef UNIX_LIBC_ARGS_H
#define UNIX_LIBC_ARGS_H

#include <stddef.h>

/* argv then envp, each string with its NUL, in one malloc'ed block of
 * at most max bytes; its size and the two counts.  NULL with errno set
 * (E2BIG, ENOMEM). */
char *args_pack(char *const argv[], char *const envp[], size_t max, int *argc,
		int *envc, size_t *size);

#endif /* UNIX_LIBC_ARGS_H */
