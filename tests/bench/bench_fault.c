/*
 * The rows of page faults, each iteration one page:
 *	fault_zero		a write to a page of fresh memory: the fault
 *				makes a zero page and maps it
 *	fault_cow		a write to a page shared copy-on-write (the
 *				region was copied with vm_read before the
 *				loop): the fault copies the page
 *	fault_pager		a read of a page of a pager's object, the
 *				pager a thread of this task: the fault sends
 *				memory_object_data_request, the pager answers
 *				with memory_object_data_supply, the fault
 *				resumes (two switches and two messages)
 *	pageout_anon		vm_pageout of one dirty page of anonymous
 *				memory (written before the loop): the kernel
 *				gives the object a pager at the first, then
 *				unmaps the page and sends it to the default
 *				pager (data_initialize); then a yield, in
 *				which the default pager stores it
 *	pagein_anon		a read of a page of anonymous memory that
 *				went to the default pager (vm_pageout before
 *				the loop): the fault sends data_request, the
 *				default pager answers with data_supply
 *	vm_allocate_touch_1m	vm_allocate of 1 MiB, a write to each of its
 *				256 pages, vm_deallocate (the row is per
 *				megabyte, not per page)
 * The regions are made before the loop and freed after it.  The pages
 * of pageout_anon and pagein_anon hold one word each, so the default
 * pager stores them whole (a uniform page it keeps as one value).
 */
#include "bench.h"

#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/memory_object_control.h>
#include <mach/memory_object_server.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>

#define BENCH_PAGE 4096

/* Times a write to page i of region, each iteration a new page. */
static void
bench_fault_loop(struct bench_run *run, vm_address_t region, int write)
{
	for (int i = 0; i < bench_total(run); i++) {
		volatile char *page = (volatile char *)region + i * BENCH_PAGE;
		uint64_t start = bench_clock_start();
		if (write)
			*page = 1;
		else
			(void)*page;
		uint64_t stop = bench_clock_stop();
		bench_record(run, i, start, stop);
	}
}

const char *
bench_fault_zero(struct bench_run *run)
{
	vm_size_t size = (vm_size_t)bench_total(run) * BENCH_PAGE;
	vm_address_t region = 0;

	if (vm_allocate(mach_task_self(), &region, size, TRUE) != KERN_SUCCESS)
		return "vm_allocate failed";
	bench_fault_loop(run, region, 1);
	vm_deallocate(mach_task_self(), region, size);
	return NULL;
}

const char *
bench_fault_cow(struct bench_run *run)
{
	vm_size_t size = (vm_size_t)bench_total(run) * BENCH_PAGE;
	vm_address_t region = 0, copy;
	mach_msg_type_number_t count;

	if (vm_allocate(mach_task_self(), &region, size, TRUE) != KERN_SUCCESS)
		return "vm_allocate failed";
	for (vm_size_t offset = 0; offset < size; offset += BENCH_PAGE)
		((volatile char *)region)[offset] = 2;
	if (vm_read(mach_task_self(), region, size, &copy, &count) !=
	    KERN_SUCCESS) {
		vm_deallocate(mach_task_self(), region, size);
		return "vm_read failed";
	}
	bench_fault_loop(run, region, 1);
	vm_deallocate(mach_task_self(), copy, count);
	vm_deallocate(mach_task_self(), region, size);
	return NULL;
}

/* --- A pager for fault_pager: supplies a page per request. --- */

static char bench_pager_page[BENCH_PAGE] __attribute__((aligned(BENCH_PAGE)));

kern_return_t
memory_object_init(mach_port_t object, mach_port_t control, mach_port_t name,
		   vm_size_t page_size)
{
	(void)object, (void)page_size;
	mach_port_deallocate(mach_task_self(), name);
	return memory_object_ready(control, FALSE, MEMORY_OBJECT_COPY_DELAY);
}

kern_return_t
memory_object_data_request(mach_port_t object, mach_port_t control,
			   vm_offset_t offset, vm_size_t length,
			   vm_prot_t access)
{
	(void)object, (void)access;
	return memory_object_data_supply(
	    control, offset, (vm_offset_t)bench_pager_page, length, FALSE,
	    VM_PROT_NONE, FALSE, MACH_PORT_NULL);
}

static void *
bench_pager_thread(void *port)
{
	mach_msg_server(memory_object_server, 8192,
			(mach_port_t)(uintptr_t)port, 0);
	return NULL;
}

const char *
bench_fault_pager(struct bench_run *run)
{
	mach_port_t self = mach_task_self(), port;
	vm_size_t size = (vm_size_t)bench_total(run) * BENCH_PAGE;
	vm_address_t region = 0;
	mach_thread_t pager;
	const char *why = NULL;

	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(self, port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (mach_thread_create(&pager, bench_pager_thread,
			       (void *)(uintptr_t)port) != KERN_SUCCESS) {
		mach_port_destroy(self, port);
		return "no pager thread";
	}
	if (vm_map(self, &region, size, 0, TRUE, port, 0, FALSE, VM_PROT_READ,
		   VM_PROT_ALL, VM_INHERIT_NONE) != KERN_SUCCESS)
		why = "vm_map of the pager's object failed";
	else
		bench_fault_loop(run, region, 0);
	if (region != 0)
		vm_deallocate(self, region, size);
	mach_port_destroy(self, port); /* the pager thread ends */
	mach_thread_join(pager, NULL);
	return why;
}

/* --- Paging anonymous memory out to the default pager and back. --- */

/* A region of the run's pages, each dirty and not uniform, in *region;
 * NULL, or why not. */
static const char *
bench_anon_region(struct bench_run *run, vm_address_t *region)
{
	mach_port_t manager = MACH_PORT_NULL;

	if (vm_set_default_memory_manager(mach_host_priv_self(), &manager) !=
		KERN_SUCCESS ||
	    !MACH_PORT_VALID(manager))
		return "no default pager";
	mach_port_deallocate(mach_task_self(), manager);
	*region = 0;
	if (vm_allocate(mach_task_self(), region,
			(vm_size_t)bench_total(run) * BENCH_PAGE,
			TRUE) != KERN_SUCCESS)
		return "vm_allocate failed";
	for (int i = 0; i < bench_total(run); i++)
		((volatile long *)(*region + (vm_size_t)i * BENCH_PAGE))[1] =
		    i + 1;
	return NULL;
}

const char *
bench_pageout_anon(struct bench_run *run)
{
	mach_port_t self = mach_task_self(), host = mach_host_priv_self();
	vm_address_t region;
	const char *why = bench_anon_region(run, &region);

	for (int i = 0; why == NULL && i < bench_total(run); i++) {
		natural_t count;
		vm_address_t page = region + (vm_size_t)i * BENCH_PAGE;
		uint64_t start = bench_clock_start();
		kern_return_t kr =
		    vm_pageout(host, self, page, BENCH_PAGE, &count);
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_NONE, 0);
		uint64_t stop = bench_clock_stop();
		if (kr != KERN_SUCCESS || count != 1)
			why = "vm_pageout did not page the page out";
		else
			bench_record(run, i, start, stop);
	}
	if (region != 0)
		vm_deallocate(self, region,
			      (vm_size_t)bench_total(run) * BENCH_PAGE);
	return why;
}

const char *
bench_pagein_anon(struct bench_run *run)
{
	mach_port_t self = mach_task_self();
	vm_size_t size = (vm_size_t)bench_total(run) * BENCH_PAGE;
	vm_address_t region;
	natural_t count;
	const char *why = bench_anon_region(run, &region);

	if (why == NULL && (vm_pageout(mach_host_priv_self(), self, region,
				       size, &count) != KERN_SUCCESS ||
			    count != (natural_t)bench_total(run)))
		why = "vm_pageout did not page the region out";
	if (why == NULL)
		bench_fault_loop(run, region, 0);
	if (region != 0)
		vm_deallocate(self, region, size);
	return why;
}

const char *
bench_vm_allocate_touch_1m(struct bench_run *run)
{
	mach_port_t self = mach_task_self();

	for (int i = 0; i < bench_total(run); i++) {
		vm_address_t region = 0;
		uint64_t start = bench_clock_start();
		kern_return_t kr = vm_allocate(self, &region, 1 << 20, TRUE);
		for (int page = 0; kr == KERN_SUCCESS && page < 256; page++)
			((volatile char *)region)[page * BENCH_PAGE] = 1;
		if (kr == KERN_SUCCESS)
			vm_deallocate(self, region, 1 << 20);
		uint64_t stop = bench_clock_stop();
		if (kr != KERN_SUCCESS)
			return "vm_allocate failed";
		bench_record(run, i, start, stop);
	}
	return NULL;
}
