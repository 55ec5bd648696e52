/*
 * The library side of the UNIX personality: the calls between the glue
 * files (syscalls.c, posix.c, exec.c, dirent.c, ...).
 */
#ifndef UNIX_LIBC_UNIX_GLUE_H
#define UNIX_LIBC_UNIX_GLUE_H

#include "args.h"

#include <mach/bootstrap_types.h>
#include <mach/mach_ipc.h>
#include <mach/task.h>
#include <unix/unix.h>
#include <unix/unix_types.h>

#define UNIX_PAGE      4096ul
#define UNIX_EPATHMORE 10000 /* server/unix.h */

/* The process's port in the server. */
static inline mach_port_t
unix_port(void)
{
	return bootstrap_port;
}

/* Sets errno; returns -1. */
int unix_fail(int error);
/* The errno of a stub's result and the server's error (0: none). */
int unix_errno(kern_return_t kr, int error);
/* value, or -1 with errno set from kr and error. */
int unix_result(kern_return_t kr, int error, int value);
/* The bytes of a path to send: to the end of its page, extra pages more,
 * at most UNIX_PATH_MAX. */
mach_msg_type_number_t unix_path_span(const char *path, int extra_pages);

/* count bytes from from to to, either of which may be the program's
 * bad pointer: 0, or EFAULT (copy.c). */
int unix_copy(void *to, const void *from, size_t count);
/* Does the server know unix_copy (its faults are then EFAULT)? */
int unix_copy_ready(void);

/* Runs CALL (which may use `extra`) again with longer path spans while
 * the server wants more of a path. */
/* PATH when the environment has none (execvp, posix_spawnp, confstr). */
#define UNIX_DEFAULT_PATH "/bin:/usr/bin"

/*
 * Tries file as execvp finds it (exec.c): a name with a slash as it is,
 * otherwise in each directory of PATH in turn, calling try with the
 * path and context until it answers 0 or an error other than ENOENT,
 * ENOTDIR, ENAMETOOLONG and EACCES.  Returns that answer, or EACCES if
 * some file was denied, ENOENT if none was found, ENOMEM.
 */
int unix_path_search(const char *file, int (*try)(const char *, void *),
		     void *context);

#define UNIX_PATH_CALL(kr, error, CALL) \
	do { \
		for (int extra = 0;; extra++) { \
			(error) = 0; \
			(kr) = (CALL); \
			if ((kr) != KERN_SUCCESS || \
			    (error) != UNIX_EPATHMORE || \
			    extra * UNIX_PAGE > UNIX_PATH_MAX) \
				break; \
		} \
	} while (0)

#endif /* UNIX_LIBC_UNIX_GLUE_H */
