/*
 * Fault injection: kernel allocations made to fail on purpose, to test
 * every path that handles a shortage (docs/reliability.md).
 *
 * The kernel argument failalloc=SPEC chooses which allocations fail:
 *	failalloc=nth:N		the Nth one, once
 *	failalloc=every:N	every Nth one
 *	failalloc=random:N:SEED	each one with probability 1/N, drawn from
 *				a generator seeded with SEED (a run is
 *				repeatable)
 * Counted are the allocations of zone elements (zalloc), of pages
 * (vm_page_alloc) and of kernel messages (ipc_kmsg_alloc), made while a
 * user task runs: the kernel's own start-up never fails.
 *
 * Entry points:
 *	failalloc_init		reads the argument (kern/startup.c)
 *	failalloc_fail		asked by each allocator: fail this one?
 *	failalloc_count		how many were made to fail
 */
#ifndef KERN_FAILALLOC_H
#define KERN_FAILALLOC_H

enum failalloc_site {
	FAILALLOC_ZONE,
	FAILALLOC_PAGE,
	FAILALLOC_KMSG,
};

extern int failalloc_enabled;

/* Sets the policy from the value of failalloc= (NULL: none).  Returns 0
 * if the value is malformed (then nothing fails). */
int failalloc_init(const char *spec);

int failalloc_decide(enum failalloc_site site);

/* Whether this allocation must fail (cheap when injection is off). */
static inline int
failalloc_fail(enum failalloc_site site)
{
	return failalloc_enabled && failalloc_decide(site);
}

unsigned long failalloc_count(void);

#endif /* KERN_FAILALLOC_H */
