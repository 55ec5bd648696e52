/*
 * glob as POSIX has it, over newlib's (libc/posix/glob.c, compiled
 * under the name unix_newlib_glob by newlib-posix.mk), which returns 0
 * with no paths added where POSIX returns GLOB_NOMATCH.
 */
#include <glob.h>
#include <stddef.h>

int unix_newlib_glob(const char *pattern, int flags,
		     int (*error)(const char *, int), glob_t *result);

int
glob(const char *pattern, int flags, int (*error)(const char *, int),
     glob_t *result)
{
	int before = (flags & GLOB_APPEND) ? result->gl_pathc : 0;
	int status = unix_newlib_glob(pattern, flags, error, result);

	if (status == 0 && result->gl_pathc == before)
		return GLOB_NOMATCH;
	return status;
}
