/*
 * t_pageout: pageout under memory pressure, on a machine with little
 * RAM (pageout.boot: 64 MiB) and the default pager running.
 *
 * The test waits until the default pager has registered
 * (vm_set_default_memory_manager with a null port asks who it is),
 * pages a small region out with vm_pageout and reads it back, then:
 * an external pager (a thread of this task, two memory objects) has its
 * first object mapped and written all over, and its second mapped,
 * written and wired (vm_wire); a region is written, copied (vm_read:
 * copy-on-write) and half written again; a region of anonymous memory twice the
 * machine's RAM is written with a pattern and read back, every byte
 * checked.  Only pageout makes that possible: without it the writes
 * wait for free pages forever (the boot times out).  Then: the
 * anonymous pages went out and came back (vm_statistics' pageouts and
 * pageins; the pager trace counted each page-out), the external object's dirty pages reached its pager through
 * memory_object_data_return and read back intact (asked of it again),
 * and the wired object's pages never left (no data_return for it, and
 * its data is what was written).
 *
 * The anonymous pattern: most pages one 8-byte value repeated (which
 * the default pager's memory store keeps as that value alone: so 2x
 * RAM fits), every 16th page bytes that all differ (stored whole).
 */
#include "lib/pager.h"
#include "lib/tap.h"
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/memory_object_control.h>
#include <mach/memory_object_server.h>
#include <mach/pager_trace.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PAGE	       4096ul
#define EXTERNAL_PAGES 1024 /* the first object: 4 MiB */
#define WIRED_PAGES    64   /* the second */
#define COW_PAGES      2048 /* the region copied (8 MiB) */

static mach_port_t self, host_priv;

/* One of the pager's objects: its data lives in image. */
struct object {
	mach_port_t port;
	mach_port_t control;
	char *image;
	vm_size_t size;
	volatile unsigned long requests, returns;
};

static struct object external, wired;
static mach_port_t pager_set;

static struct object *
object_of(mach_port_t port)
{
	return port == external.port ? &external
	       : port == wired.port  ? &wired
				     : NULL;
}

/* Byte i of page p of the external objects. */
static char
external_byte(unsigned long p, unsigned long i)
{
	return (char)(p * 13 + i * 5 + (i >> 8) + 3);
}

kern_return_t
memory_object_init(mach_port_t port, mach_port_t control, mach_port_t name,
		   vm_size_t page_size)
{
	struct object *object = object_of(port);

	(void)page_size;
	mach_port_deallocate(self, name);
	if (object == NULL)
		return KERN_FAILURE;
	object->control = control;
	return memory_object_ready(control, FALSE, MEMORY_OBJECT_COPY_DELAY);
}

kern_return_t
memory_object_data_request(mach_port_t port, mach_port_t control,
			   vm_offset_t offset, vm_size_t length,
			   vm_prot_t access)
{
	struct object *object = object_of(port);

	(void)access;
	(void)length;
	if (object == NULL || offset >= object->size)
		return memory_object_data_error(control, offset, PAGE,
						KERN_MEMORY_ERROR);
	object->requests++;
	return memory_object_data_supply(
	    control, offset, (vm_offset_t)(object->image + offset), PAGE, FALSE,
	    VM_PROT_NONE, FALSE, MACH_PORT_NULL);
}

kern_return_t
memory_object_data_return(mach_port_t port, mach_port_t control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t count, boolean_t dirty,
			  boolean_t kernel_copy)
{
	struct object *object = object_of(port);

	(void)control;
	(void)dirty;
	(void)kernel_copy;
	if (object != NULL && offset < object->size &&
	    count <= object->size - offset) {
		memcpy(object->image + offset, (void *)data, count);
		object->returns++;
	}
	vm_deallocate(self, data, count);
	return KERN_SUCCESS;
}

static void *
pager_thread(void *arg)
{
	(void)arg;
	mach_msg_server(memory_object_server, 8192, pager_set, 0);
	return NULL;
}

/* An object of pages pages, mapped (its address in *base). */
static int
object_make(struct object *object, vm_size_t pages, vm_address_t *base)
{
	object->size = pages * PAGE;
	object->image = calloc(1, object->size);
	if (object->image == NULL ||
	    mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &object->port) !=
		KERN_SUCCESS ||
	    mach_port_insert_right(self, object->port, object->port,
				   MACH_MSG_TYPE_MAKE_SEND) != KERN_SUCCESS ||
	    mach_port_move_member(self, object->port, pager_set) !=
		KERN_SUCCESS)
		return 0;
	*base = 0;
	return vm_map(self, base, object->size, 0, TRUE, object->port, 0, FALSE,
		      VM_PROT_DEFAULT, VM_PROT_ALL,
		      VM_INHERIT_NONE) == KERN_SUCCESS;
}

static void
external_write(vm_address_t base, vm_size_t pages)
{
	for (unsigned long p = 0; p < pages; p++)
		for (unsigned long i = 0; i < PAGE; i++)
			((char *)base)[p * PAGE + i] = external_byte(p, i);
}

/* The pages of [base, base + pages) that differ from the pattern. */
static unsigned long
external_check(vm_address_t base, vm_size_t pages)
{
	unsigned long bad = 0;

	for (unsigned long p = 0; p < pages; p++)
		for (unsigned long i = 0; i < PAGE; i++)
			if (((volatile char *)base)[p * PAGE + i] !=
			    external_byte(p, i)) {
				bad++;
				break;
			}
	return bad;
}

/* Anonymous page p of a pattern (seed): uniform (one value) or, every
 * 16th, all bytes differing. */
static uint64_t
anon_word(unsigned long p, unsigned long i, uint64_t seed)
{
	uint64_t value = (p + seed) * 0x9e3779b97f4a7c15ul;

	return p % 16 == 0 ? value + i * 0x0101010101010101ul : value;
}

/* Writes pages [first, pages) of base, every step-th, with seed. */
static void
anon_write(char *base, unsigned long first, unsigned long pages,
	   unsigned long step, uint64_t seed)
{
	for (unsigned long p = first; p < pages; p += step) {
		uint64_t *word = (uint64_t *)(base + p * PAGE);
		for (unsigned long i = 0; i < PAGE / 8; i++)
			word[i] = anon_word(p, i, seed);
	}
}

/* The pages of [first, pages), every step-th, that differ from seed's
 * pattern. */
static unsigned long
anon_check(const char *base, unsigned long first, unsigned long pages,
	   unsigned long step, uint64_t seed)
{
	unsigned long bad = 0;

	for (unsigned long p = first; p < pages; p += step) {
		const volatile uint64_t *word =
		    (const volatile uint64_t *)(base + p * PAGE);
		for (unsigned long i = 0; i < PAGE / 8; i++)
			if (word[i] != anon_word(p, i, seed)) {
				bad++;
				break;
			}
	}
	return bad;
}

/* The returns the pager trace counted, over the objects it keeps. */
static uint64_t
traced_returns(void)
{
	vm_offset_t data;
	mach_msg_type_number_t size;
	uint64_t returns = 0;

	if (host_pager_stats(host_priv, &data, &size) != KERN_SUCCESS)
		return 0;
	const struct pager_object_stats *stats = (const void *)data;
	for (unsigned i = 0; i < size / sizeof(*stats); i++)
		returns += stats[i].pos_returns;
	vm_deallocate(self, data, size);
	return returns;
}

/*
 * vm_pageout: a written region goes out to the default pager at once
 * and comes back intact, one page-out and one page-in a page.
 */
static void
check_vm_pageout(void)
{
	vm_address_t region = 0;
	vm_statistics_data_t before, after;
	natural_t count = 0;
	const unsigned long pages = 64;

	/* The region, and a hole after it. */
	if (vm_allocate(self, &region, (pages + 1) * PAGE, TRUE) !=
		KERN_SUCCESS ||
	    vm_deallocate(self, region + pages * PAGE, PAGE) != KERN_SUCCESS)
		tap_bail("cannot allocate the region to page out");
	anon_write((char *)region, 0, pages, 1, 4);
	tap_is_int(
	    vm_pageout(mach_host_self(), self, region, pages * PAGE, &count),
	    KERN_INVALID_HOST, "vm_pageout wants the privileged host");
	vm_statistics(self, &before);
	tap_is_int(
	    vm_pageout(host_priv, self, region, (pages + 1) * PAGE, &count),
	    KERN_INVALID_ADDRESS, "vm_pageout over a hole fails");
	kern_return_t kr =
	    vm_pageout(host_priv, self, region, pages * PAGE, &count);
	vm_statistics(self, &after);
	tap_ok(kr == KERN_SUCCESS && count == 0 &&
		   after.pageouts - before.pageouts == (int)pages,
	       "the pages before the hole went: %d page-outs, %u left",
	       after.pageouts - before.pageouts, count);

	vm_statistics(self, &before);
	anon_write((char *)region, 0, pages, 2, 5);
	kr = vm_pageout(host_priv, self, region, pages * PAGE, &count);
	tap_ok(kr == KERN_SUCCESS && count == pages / 2,
	       "half of them written again: they go again (%u)", count);
	unsigned long bad = anon_check((const char *)region, 0, pages, 2, 5) +
			    anon_check((const char *)region, 1, pages, 2, 4);
	vm_statistics(self, &after);
	tap_ok(bad == 0 && after.pageins - before.pageins >= (int)pages &&
		   after.pageouts - before.pageouts == (int)pages / 2,
	       "they read back intact: %d page-ins, %d page-outs, %lu bad",
	       after.pageins - before.pageins, after.pageouts - before.pageouts,
	       bad);
	vm_deallocate(self, region, pages * PAGE);
}

int
main(void)
{
	vm_address_t external_base, wired_base, anon;
	vm_statistics_data_t before, after;
	mach_thread_t thread;

	self = mach_task_self();
	host_priv = mach_host_priv_self();
	tap_plan(19);
	mach_port_t none = MACH_PORT_NULL;
	tap_is_int(vm_set_default_memory_manager(mach_host_self(), &none),
		   KERN_INVALID_HOST,
		   "vm_set_default_memory_manager wants the privileged host");
	pager_wait_for_default(host_priv);
	check_vm_pageout();

	if (mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pager_set) !=
		KERN_SUCCESS ||
	    !object_make(&external, EXTERNAL_PAGES, &external_base) ||
	    !object_make(&wired, WIRED_PAGES, &wired_base) ||
	    mach_thread_create(&thread, pager_thread, NULL) != 0)
		tap_bail("cannot set up the external pager");
	external_write(external_base, EXTERNAL_PAGES);
	external_write(wired_base, WIRED_PAGES);
	tap_is_int(vm_wire(host_priv, self, wired_base, WIRED_PAGES * PAGE,
			   VM_PROT_READ | VM_PROT_WRITE),
		   KERN_SUCCESS, "vm_wire of the second object's mapping");

	/* A copy-on-write copy (vm_read) of a region, then half the
	 * region written again: shadow chains for pageout to take pages
	 * from at both levels. */
	vm_address_t region = 0, copy;
	mach_msg_type_number_t copy_size;
	if (vm_allocate(self, &region, COW_PAGES * PAGE, TRUE) != KERN_SUCCESS)
		tap_bail("cannot allocate the region to copy");
	anon_write((char *)region, 0, COW_PAGES, 1, 1);
	tap_is_int(vm_read(self, region, COW_PAGES * PAGE, &copy, &copy_size),
		   KERN_SUCCESS, "vm_read makes a copy-on-write copy");
	anon_write((char *)region, 0, COW_PAGES, 2, 2);

	vm_statistics(self, &before);
	unsigned long ram = before.free_count + before.active_count +
			    before.inactive_count + before.wire_count;
	unsigned long pages = 2 * ram;
	tap_diag("RAM %lu pages; touching %lu pages of anonymous memory", ram,
		 pages);
	anon = 0;
	if (vm_allocate(self, &anon, pages * PAGE, TRUE) != KERN_SUCCESS)
		tap_bail("cannot allocate twice the RAM");
	anon_write((char *)anon, 0, pages, 1, 3);
	tap_is_uint(anon_check((const char *)anon, 0, pages, 1, 3), 0,
		    "2x RAM of anonymous memory written, read back intact");
	vm_statistics(self, &after);
	tap_ok(after.pageouts - before.pageouts >= (int)ram,
	       "at least RAM's worth of pages paged out (%d)",
	       after.pageouts - before.pageouts);
	tap_ok(after.pageins - before.pageins >= (int)(pages - ram),
	       "they came back through the default pager (%d page-ins)",
	       after.pageins - before.pageins);
	tap_ok(traced_returns() >= (uint64_t)(after.pageouts - before.pageouts),
	       "each page-out is counted in the pager trace (a return)");
	vm_deallocate(self, anon, pages * PAGE);

	tap_ok(anon_check((const char *)region, 0, COW_PAGES, 2, 2) == 0 &&
		   anon_check((const char *)region, 1, COW_PAGES, 2, 1) == 0,
	       "the region written after its copy reads back intact");
	tap_is_uint(anon_check((const char *)copy, 0, COW_PAGES, 1, 1), 0,
		    "its copy still has the data of before");
	vm_deallocate(self, region, COW_PAGES * PAGE);
	vm_deallocate(self, copy, copy_size);

	tap_ok(external.returns > 0,
	       "the external object's dirty pages went back with data_return "
	       "(%lu)",
	       external.returns);
	unsigned long requests = external.requests;
	tap_is_uint(external_check(external_base, EXTERNAL_PAGES), 0,
		    "its data is intact");
	tap_ok(external.requests > requests,
	       "and was asked of the pager again (%lu requests)",
	       external.requests - requests);
	tap_is_uint(wired.returns, 0, "no page of the wired object went out");
	tap_is_uint(external_check(wired_base, WIRED_PAGES), 0,
		    "the wired object's data is intact");
	return tap_done();
}
