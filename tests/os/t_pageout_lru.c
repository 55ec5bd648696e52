/*
 * t_pageout_lru: pageout keeps what is used (pageout-lru.boot: 64 MiB
 * and the default pager).  Victims come from the inactive queue, and a
 * page referenced since it went there goes back to the active queue
 * (docs/vm.md, "Pageout"), so a working set used more often than the
 * inactive queue turns over stays resident while a cold stream pushes
 * through.
 *
 * The test writes a cold region, one page after the other, until
 * pageout has begun, then writes a hot region of HOT_PAGES pages and
 * goes on with one and a half times the machine's RAM of cold pages,
 * reading every hot page after every TOUCH_EVERY cold pages.  Cold
 * pages are never read again while the stream runs, so every page-in
 * it causes is a hot page that pageout took: there must be (almost)
 * none, while the cold pages went out by the thousand.  A policy that
 * ignored reference bits would take each hot page once every time the
 * queues turn over (at least once here: hundreds of page-ins).  Then
 * the cold region reads back intact.
 */
#include "lib/pager.h"
#include "lib/tap.h"
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/vm_map.h>
#include <mach/vm_statistics.h>
#include <stdint.h>

#define PAGE	    4096ul
#define HOT_PAGES   256
#define TOUCH_EVERY 32
#define ALLOWED	    (HOT_PAGES / 16) /* page-ins not of hot pages */

static mach_port_t self, host_priv;

static vm_statistics_data_t
statistics(void)
{
	vm_statistics_data_t stats;

	if (vm_statistics(self, &stats) != KERN_SUCCESS)
		tap_bail("vm_statistics failed");
	return stats;
}

/* A word of cold page p: the whole page holds it (the default pager
 * keeps such a page as one value). */
static uint64_t
cold_word(unsigned long p)
{
	return p * 0x9e3779b97f4a7c15ul + 1;
}

static void
cold_write(volatile uint64_t *page, unsigned long p)
{
	for (unsigned long i = 0; i < PAGE / 8; i++)
		page[i] = cold_word(p);
}

static uint64_t
hot_read(const volatile char *hot)
{
	uint64_t sum = 0;

	for (unsigned long p = 0; p < HOT_PAGES; p++)
		sum += *(const volatile uint64_t *)(hot + p * PAGE);
	return sum;
}

int
main(void)
{
	self = mach_task_self();
	host_priv = mach_host_priv_self();
	tap_plan(5);
	pager_wait_for_default(host_priv);

	vm_statistics_data_t start = statistics();
	unsigned long ram = start.free_count + start.active_count +
			    start.inactive_count + start.wire_count;
	unsigned long stream = ram + ram / 2, pages = 2 * stream;
	vm_address_t cold = 0, hot = 0;
	if (vm_allocate(self, &cold, pages * PAGE, TRUE) != KERN_SUCCESS ||
	    vm_allocate(self, &hot, HOT_PAGES * PAGE, TRUE) != KERN_SUCCESS)
		tap_bail("cannot allocate the regions");
	tap_diag("RAM %lu pages; a cold stream of %lu, %u hot pages", ram,
		 stream, HOT_PAGES);

	/* Until pageout has begun (at most 1.5x RAM), then the hot pages. */
	unsigned long p = 0;
	while (p < pages - stream && statistics().pageouts == start.pageouts)
		for (unsigned long next = p + 64; p < next; p++)
			cold_write((volatile uint64_t *)(cold + p * PAGE), p);
	if (p >= pages - stream)
		tap_bail("no pageout after writing 1.5x RAM");
	for (unsigned long h = 0; h < HOT_PAGES; h++)
		cold_write((volatile uint64_t *)(hot + h * PAGE), ~h);

	vm_statistics_data_t before = statistics();
	uint64_t sum = 0, expected = 0;
	for (unsigned long h = 0; h < HOT_PAGES; h++)
		expected += cold_word(~h);
	unsigned long touches = 0, end = p + stream;
	for (; p < end; p++) {
		cold_write((volatile uint64_t *)(cold + p * PAGE), p);
		if (p % TOUCH_EVERY == 0) {
			sum = hot_read((const volatile char *)hot);
			touches++;
			if (sum != expected)
				break;
		}
	}
	vm_statistics_data_t after = statistics();
	tap_ok(sum == expected, "the hot pages read back (%lu times)", touches);
	tap_ok(after.pageouts - before.pageouts >= (int)ram,
	       "the cold stream was paged out (%d page-outs)",
	       after.pageouts - before.pageouts);
	tap_ok(after.pageins - before.pageins <= ALLOWED,
	       "the hot pages stayed: %d page-ins (at most %d allowed)",
	       after.pageins - before.pageins, ALLOWED);
	tap_diag("%d reactivations",
		 after.reactivations - before.reactivations);
	tap_ok(after.inactive_count > 0 && after.active_count > 0,
	       "both queues hold pages (%d active, %d inactive)",
	       after.active_count, after.inactive_count);

	unsigned long bad = 0;
	for (unsigned long c = 0; c < end; c += 97)
		if (*(const volatile uint64_t *)(cold + c * PAGE) !=
		    cold_word(c))
			bad++;
	tap_is_uint(bad, 0, "the cold region reads back intact");
	return tap_done();
}
