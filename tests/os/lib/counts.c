/*
 * The kernel's object counts compared (see counts.h).
 */
#include "counts.h"
#include "tap.h"

#include <mach/mach_traps.h>

struct kernel_stats
counts_now(void)
{
	struct kernel_stats stats;
	/* (Under fault injection the RPC may fail: kern/failalloc.h.) */
	while (mach_kernel_stats(&stats) != KERN_SUCCESS)
		;
	return stats;
}

unsigned long
counts_pages(const struct kernel_stats *stats)
{
	return stats->ks_pages_free + stats->ks_pages_resident +
	       stats->ks_pages_tables + stats->ks_zone_bytes / 4096;
}

int
counts_check(const struct kernel_stats *before, int what, const char *name)
{
	struct kernel_stats now = counts_now();
	int same = now.ks_ipc_ports == before->ks_ipc_ports &&
		   now.ks_ipc_psets == before->ks_ipc_psets &&
		   now.ks_ipc_kmsgs == before->ks_ipc_kmsgs &&
		   now.ks_ipc_spaces == before->ks_ipc_spaces &&
		   now.ks_tasks == before->ks_tasks &&
		   now.ks_threads == before->ks_threads;

	if (what == COUNTS_PAGES)
		same = same && counts_pages(&now) == counts_pages(before);
	return tap_ok(same,
		      "%s: nothing left behind (now/before: ports %lu/%lu, "
		      "sets %lu/%lu, messages %lu/%lu, spaces %lu/%lu, tasks "
		      "%lu/%lu, threads %lu/%lu, pages %lu/%lu)",
		      name, now.ks_ipc_ports, before->ks_ipc_ports,
		      now.ks_ipc_psets, before->ks_ipc_psets, now.ks_ipc_kmsgs,
		      before->ks_ipc_kmsgs, now.ks_ipc_spaces,
		      before->ks_ipc_spaces, now.ks_tasks, before->ks_tasks,
		      now.ks_threads, before->ks_threads, counts_pages(&now),
		      counts_pages(before));
}

void
counts_run(void (*test)(void), const char *name)
{
	struct kernel_stats before = counts_now();
	test();
	counts_check(&before, COUNTS_OBJECTS, name);
}
