/*
 * The name service's C types and results (servers/bootstrap/bootstrap.defs;
 * the client stubs are <mach/bootstrap.h>, in libmach).
 *
 * bootstrap_port is the task's send right to its name service, taken at
 * start from its TASK_BOOTSTRAP_PORT special port (libmach/mach_init.c), or
 * MACH_PORT_NULL when it has none.
 *
 * A name is 1 to BOOTSTRAP_NAME_MAX bytes, without NUL.  The interface
 * carries up to 2 * BOOTSTRAP_NAME_MAX bytes, so that an overlong name
 * (which the stub cuts to that) reaches the server still overlong and is
 * refused, instead of being cut silently to a valid, different name.
 */
#ifndef MACH_BOOTSTRAP_TYPES_H
#define MACH_BOOTSTRAP_TYPES_H

#include <mach/port.h>

#define BOOTSTRAP_NAME_MAX 128

/* Results besides KERN_SUCCESS (numbered as Apple's bootstrap errors). */
#define BOOTSTRAP_UNKNOWN_SERVICE 1102 /* look_up_nowait: no such name */
#define BOOTSTRAP_NO_MEMORY	  1105 /* the server is out of memory */
#define BOOTSTRAP_BAD_NAME	  1110 /* empty, or over BOOTSTRAP_NAME_MAX */
#define BOOTSTRAP_BAD_SERVICE	  1111 /* register: no valid send right */

/* A name as the stubs take it (a NUL-terminated string). */
typedef const char *bootstrap_name_t;
/* ... and as the server's routines get it. */
typedef char *bootstrap_server_name_t;

extern mach_port_t bootstrap_port;

#endif /* MACH_BOOTSTRAP_TYPES_H */
