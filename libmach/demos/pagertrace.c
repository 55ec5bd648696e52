/*
 * pagertrace: prints the kernel's pager trace (docs/vm.md, "Tracing"):
 * the events as they come, then the counts of each pager object.
 *
 *	pagertrace [-c] [SECONDS]
 *
 * It reads the event ring every 100 ms for SECONDS (default 10), so that
 * the ring does not fill, and prints each event; then the counts.  With
 * -c the lines are CSV, one record a line, for tools/pagerplot.sh:
 *
 *	PT-EVENT,TIME,OBJECT,TYPE,OFFSET,VALUE
 *	PT-DROPPED,COUNT
 *	PT-OBJECT,OBJECT,ALIVE,FAULTS,REQUESTS,SUPPLIES,UNAVAILABLE,ERRORS,
 *	    RETURNS,UNLOCKS,FLUSHES
 *	PT-LATENCY,OBJECT,BUCKET,COUNT
 *
 * TIME and VALUE (a fault's wait) are TSC cycles.  It needs the
 * privileged host port: run it as a boot module.
 */
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_traps.h>
#include <mach/pager_trace.h>
#include <mach/vm_map.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const type_names[] = {
    "?",      "fault",	"request", "supply", "unavailable", "error",
    "return", "unlock", "flush",   "resume", "init",	    "terminate",
};

static int csv;

static void
print_events(mach_port_t host)
{
	vm_offset_t data;
	mach_msg_type_number_t size;
	uint64_t dropped;

	if (host_pager_trace(host, &data, &size, &dropped) != KERN_SUCCESS)
		return;
	const struct pager_trace_event *e = (const void *)data;
	for (unsigned i = 0; i < size / sizeof(*e); i++, e++) {
		unsigned type = e->pte_type < 12 ? e->pte_type : 0;
		if (csv)
			printf("PT-EVENT,%llu,%u,%s,%llu,%llu\n",
			       (unsigned long long)e->pte_time, e->pte_object,
			       type_names[type],
			       (unsigned long long)e->pte_offset,
			       (unsigned long long)e->pte_value);
		else
			printf("%14llu  object %u  %-11s  offset %#llx  %llu\n",
			       (unsigned long long)e->pte_time, e->pte_object,
			       type_names[type],
			       (unsigned long long)e->pte_offset,
			       (unsigned long long)e->pte_value);
	}
	if (dropped > 0)
		printf(csv ? "PT-DROPPED,%llu\n" : "%llu events dropped\n",
		       (unsigned long long)dropped);
	if (size > 0)
		vm_deallocate(mach_task_self(), data, size);
}

static void
print_counts(mach_port_t host)
{
	vm_offset_t data;
	mach_msg_type_number_t size;

	if (host_pager_stats(host, &data, &size) != KERN_SUCCESS)
		return;
	const struct pager_object_stats *s = (const void *)data;
	for (unsigned i = 0; i < size / sizeof(*s); i++, s++) {
		unsigned long long n[8] = {s->pos_faults,   s->pos_requests,
					   s->pos_supplies, s->pos_unavailables,
					   s->pos_errors,   s->pos_returns,
					   s->pos_unlocks,  s->pos_flushes};
		if (csv)
			printf("PT-OBJECT,%u,%u,%llu,%llu,%llu,%llu,%llu,%llu,"
			       "%llu,%llu\n",
			       s->pos_object, s->pos_alive, n[0], n[1], n[2],
			       n[3], n[4], n[5], n[6], n[7]);
		else
			printf("object %u%s: %llu faults, %llu requests, %llu "
			       "supplies, %llu unavailable, %llu errors, %llu "
			       "returns, %llu unlocks, %llu flushes\n",
			       s->pos_object, s->pos_alive ? "" : " (gone)",
			       n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
		for (int b = 0; b < PAGER_LATENCY_BUCKETS; b++) {
			unsigned long long count = s->pos_latency[b];
			if (count == 0)
				continue;
			if (csv)
				printf("PT-LATENCY,%u,%d,%llu\n", s->pos_object,
				       b, count);
			else
				printf("  waits in bucket %d (2^%d cycles): "
				       "%llu\n",
				       b, b + 10, count);
		}
	}
	if (size > 0)
		vm_deallocate(mach_task_self(), data, size);
}

int
main(int argc, char **argv)
{
	int seconds = 10, opt;

	while ((opt = getopt(argc, argv, "c")) != -1)
		if (opt == 'c')
			csv = 1;
	if (optind < argc)
		seconds = atoi(argv[optind]);
	mach_port_t host = mach_host_priv_self();
	if (host == MACH_PORT_NULL) {
		printf("pagertrace: no privileged host port\n");
		return EXIT_FAILURE;
	}
	for (int i = 0; i < seconds * 10; i++) {
		print_events(host);
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 100);
	}
	print_events(host);
	print_counts(host);
	printf(csv ? "PT-DONE\n" : "pagertrace: done\n");
	return EXIT_SUCCESS;
}
