/*
 * What the programs of tests/common share.  Each program is written
 * once, in the POSIX subset both personalities offer, and built twice:
 * with unix-cc as /test/NAME and with lite-cc as /test/lite-NAME
 * (personalities/posix-lite/lite.mk).  t_common.sh runs both, one after
 * the other, and the boot checks that their TAP output is the same.
 * So no description may name a pid, a time or the personality.
 */
#ifndef TESTS_COMMON_COMMON_H
#define TESTS_COMMON_COMMON_H

#include "../os/lib/tap.h"

#include <errno.h>
#include <stdio.h>

/* This program's own file: /test/ARGV0 (its argv[0] is its name). */
static inline const char *
common_self(const char *argv0, char *buffer, size_t size)
{
	snprintf(buffer, size, "/test/%s", argv0);
	return buffer;
}

#endif /* TESTS_COMMON_COMMON_H */
