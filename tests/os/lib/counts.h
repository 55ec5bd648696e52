/*
 * The kernel's object counts, for tests that check that what they made
 * and destroyed leaves nothing behind:
 *
 *	struct kernel_stats before = counts_now();
 *	... make rights, messages, threads, tasks, and destroy them ...
 *	counts_check(&before, COUNTS_OBJECTS, "port sets");
 *
 * or, for a whole test function, counts_run(test_port_sets, "port sets").
 *
 * A test must run alone in its boot: the counts are the whole kernel's.
 */
#ifndef COUNTS_H
#define COUNTS_H

#include <mach/mach_types.h>

#define COUNTS_OBJECTS 0 /* ports, sets, messages, spaces, tasks, threads */
#define COUNTS_PAGES   1 /* and pages (free, or the task's own memory) */

struct kernel_stats counts_now(void);

/*
 * The pages not lost: free, or the test task's own memory (pages it
 * touched for the first time, the page tables mapping them, the zone
 * slabs of their mappings and map entries).  A leak shows here or in the
 * object counts.
 */
unsigned long counts_pages(const struct kernel_stats *stats);

/* One test: the counts are those of before again. */
int counts_check(const struct kernel_stats *before, int what, const char *name);

/* Runs test(), then counts_check(COUNTS_OBJECTS) as one more test. */
void counts_run(void (*test)(void), const char *name);

#endif /* COUNTS_H */
