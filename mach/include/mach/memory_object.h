/*
 * External memory objects: the values the pager interfaces carry
 * (memory_object.defs, GNU Mach's own file, and
 * memory_object_control.defs).  The names and values are Mach's.
 */
#ifndef MACH_MEMORY_OBJECT_H
#define MACH_MEMORY_OBJECT_H

#include <mach/port.h>

typedef mach_port_t memory_object_t;	     /* the pager's port */
typedef mach_port_t memory_object_control_t; /* the kernel's, per object */
typedef mach_port_t memory_object_name_t;    /* names an object (vm_region) */

/* How the kernel copies an object's memory (recorded; the kernel always
 * uses its own copy-on-write today: docs/vm.md). */
typedef int memory_object_copy_strategy_t;
#define MEMORY_OBJECT_COPY_NONE	     0 /* the pager copies */
#define MEMORY_OBJECT_COPY_CALL	     1 /* ask the pager (memory_object_copy) */
#define MEMORY_OBJECT_COPY_DELAY     2 /* copy-on-write by the kernel */
#define MEMORY_OBJECT_COPY_TEMPORARY 3 /* nobody else sees the object */

/* What memory_object_lock_request returns to the pager. */
typedef int memory_object_return_t;
#define MEMORY_OBJECT_RETURN_NONE  0 /* nothing */
#define MEMORY_OBJECT_RETURN_DIRTY 1 /* pages written since supplied */
#define MEMORY_OBJECT_RETURN_ALL   2 /* every resident page */

#endif /* MACH_MEMORY_OBJECT_H */
