/*
 * posix-lite's types and limits, shared by its server and its library
 * (lite.defs).
 */
#ifndef LITE_LITE_TYPES_H
#define LITE_LITE_TYPES_H

#include <mach/port.h>
#include <stdint.h>

/* The longest path a call takes, its NUL included. */
#define LITE_PATH_MAX 1024

/* Descriptors a process has: lite_files_t's bound. */
#define LITE_FD_MAX 64

/* The longest spawn argument block (argv and envp strings). */
#define LITE_ARGS_MAX (64 * 1024)

typedef char *lite_path_t;
typedef char *lite_args_t;
typedef mach_port_t *lite_files_t;
typedef mach_port_t *lite_files_out_t;

/* Wait statuses, as newlib's <sys/wait.h> decodes them. */
#define LITE_STATUS_EXITED(code)  (((code)&0xff) << 8)
#define LITE_STATUS_SIGNALED(sig) ((sig)&0x7f)

#endif /* LITE_LITE_TYPES_H */
