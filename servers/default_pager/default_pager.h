/*
 * The default pager: the task that keeps anonymous memory the kernel
 * pages out (docs/vm.md, "Pageout").  Its own types:
 *
 *	pool.c		wired pages for its own tables and data
 *	store.h		the backing store interface; store_memory.c the
 *			store it has now (its own wired memory)
 *	object.c	the memory objects the kernel gave it: their pages
 *			(a radix tree of store slots by page number) and
 *			the memory_object and memory_object_default
 *			routines
 *	main.c		start-up (wiring, registration) and the receive
 *			loop
 *
 * Nothing in this task may be paged out: the kernel would ask this very
 * task for it back.  So it wires everything it has before it registers,
 * takes memory later only from the pool (wired as it is taken), and
 * never calls malloc.  One thread serves every port, so a page's
 * data_return is always handled before a later data_request for it
 * (both come on the object's port, in order).
 */
#ifndef DEFAULT_PAGER_H
#define DEFAULT_PAGER_H

#include <mach/mach_types.h>

#define DP_PAGE_SIZE 4096ul

/* The privileged host port and this task, for vm_wire. */
extern mach_port_t dp_host_priv;
extern mach_port_t dp_self;
/* The port set every port served is in. */
extern mach_port_t dp_port_set;

/* A wired page of zeros from the pool, or NULL if none can be had. */
void *dp_pool_alloc(void);
void dp_pool_free(void *page);
/* The backing store's name (object.c). */
const char *dp_store_name(void);
/* Wires the whole address space as it is now; FALSE on an error. */
int dp_wire_all(void);

#endif /* DEFAULT_PAGER_H */
