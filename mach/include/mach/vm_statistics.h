/*
 * What vm_statistics (vm_map.defs) reports: Mach's vm_statistics
 * structure, counts in pages since boot.
 */
#ifndef MACH_VM_STATISTICS_H
#define MACH_VM_STATISTICS_H

#include <stdint.h>

struct vm_statistics {
	int32_t pagesize;	 /* bytes in a page */
	int32_t free_count;	 /* pages free now */
	int32_t active_count;	 /* pages in use (all resident pages) */
	int32_t inactive_count;	 /* pages on the inactive list (none yet) */
	int32_t wire_count;	 /* pages wired down (none yet) */
	int32_t zero_fill_count; /* pages made zero by faults */
	int32_t reactivations;	 /* inactive pages used again (none yet) */
	int32_t pageins;	 /* pages read from pagers (none yet) */
	int32_t pageouts;	 /* pages written to pagers (none yet) */
	int32_t faults;		 /* faults resolved */
	int32_t cow_faults;	 /* pages copied for a write */
	int32_t lookups;	 /* object cache lookups (none) */
	int32_t hits;		 /* object cache hits (none) */
};

typedef struct vm_statistics vm_statistics_data_t;

#endif /* MACH_VM_STATISTICS_H */
