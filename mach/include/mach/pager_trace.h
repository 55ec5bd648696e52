/*
 * Pager tracing: what the kernel records of its traffic with external
 * pagers, read with host_pager_trace and host_pager_stats (host.defs,
 * the privileged host port).  docs/vm.md, "Tracing".
 */
#ifndef MACH_PAGER_TRACE_H
#define MACH_PAGER_TRACE_H

#include <stdint.h>

/* What happened (pte_type). */
#define PAGER_TRACE_FAULT	1  /* a fault needs a page of the pager */
#define PAGER_TRACE_REQUEST	2  /* memory_object_data_request sent */
#define PAGER_TRACE_SUPPLY	3  /* a page supplied (data_supply/_provided) */
#define PAGER_TRACE_UNAVAILABLE 4  /* data_unavailable: a zero page */
#define PAGER_TRACE_ERROR	5  /* data_error, a dead pager, a time-out */
#define PAGER_TRACE_RETURN	6  /* memory_object_data_return sent */
#define PAGER_TRACE_UNLOCK	7  /* a lock_request took access away */
#define PAGER_TRACE_FLUSH	8  /* a lock_request flushed a page */
#define PAGER_TRACE_RESUME	9  /* the fault goes on; value: its wait */
#define PAGER_TRACE_INIT	10 /* memory_object_init sent */
#define PAGER_TRACE_TERMINATE	11 /* memory_object_terminate sent */

/* One event: 32 bytes. */
struct pager_trace_event {
	uint64_t pte_time;   /* TSC cycles since boot */
	uint64_t pte_offset; /* in the object */
	uint64_t pte_value;  /* RESUME: TSC cycles waited; RETURN: 1 if
				pageout sent it; else 0 */
	uint32_t pte_object; /* the object's number (pos_object) */
	uint16_t pte_type;   /* PAGER_TRACE_* */
	uint16_t pte_pad;
};

/* Fault waits by duration: bucket i counts waits of 2^(i+10) to
 * 2^(i+11) TSC cycles (the first: less than 2^11, the last: more). */
#define PAGER_LATENCY_BUCKETS 16

/* The counts of one pager's object. */
struct pager_object_stats {
	uint32_t pos_object; /* its number, as in the events */
	uint32_t pos_alive;  /* 0 once terminated */
	uint64_t pos_faults;
	uint64_t pos_requests;
	uint64_t pos_supplies;
	uint64_t pos_unavailables;
	uint64_t pos_errors;
	uint64_t pos_returns;
	uint64_t pos_unlocks;
	uint64_t pos_flushes;
	uint64_t pos_latency[PAGER_LATENCY_BUCKETS];
};

#endif /* MACH_PAGER_TRACE_H */
