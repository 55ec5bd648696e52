/*
 * External pagers, the kernel's side (see vm/vm_pager.h): the objects
 * that stand for memory object ports, the fault protocol (a busy page,
 * a data request, a wait), termination, and the routines of the control
 * port (memory_object_control.defs).
 *
 * Pager objects are on one list (vm_pager_objects), found by their
 * pager's port when it is mapped again.  A terminated object leaves the
 * list for vm_pager_dead, with the data its dirty pages held (kernel
 * buffers, vo_returns), until vm_pager_flush, which runs with no VM lock
 * held, clears its ports' kernel objects, sends memory_object_data_return
 * and memory_object_terminate, and frees it.
 */
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg_kernel.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <mach/mig_errors.h>
#include <machine/cpu.h>
#include <vm/pmap.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_pager.h>
#include <vm/vm_trace.h>

/* (A KernelUser stub's out-of-line data is a copy object, passed as
 * the address: kernel-form messages carry copy objects.) */
#include "memory_object_user.h"

uint32_t vm_pager_timeout_ms = 10000;

/* A fault waits in slices this long, looking at its pager's port in
 * between: a dead pager is noticed within one slice. */
#define VM_PAGER_SLICE_MS 100

static struct vm_object *vm_pager_objects; /* vm_object_lock */
static struct vm_object *vm_pager_dead;	   /* vm_object_lock */

/* A dirty page's data on its way back to the pager of a dead object
 * (its vo_returns). */
struct vm_pager_return {
	struct vm_pager_return *pr_next;
	vm_offset_t pr_offset;
	vm_map_copy_t pr_data;
};

/* Unlinks object from the live pager objects. */
static void
vm_pager_unlink_locked(struct vm_object *object)
{
	struct vm_object **link = &vm_pager_objects;

	while (*link != object)
		link = &(*link)->vo_pager_next;
	*link = object->vo_pager_next;
}

void
vm_pager_port_release(ipc_port_t port)
{
	simple_lock(&ipc_lock);
	ipc_port_release_send_locked(port);
	simple_unlock(&ipc_lock);
}

static void
vm_pager_dealloc_ports(ipc_port_t control, ipc_port_t name)
{
	simple_lock(&ipc_lock);
	if (control != IP_NULL)
		ipc_port_dealloc_kernel_locked(control);
	if (name != IP_NULL)
		ipc_port_dealloc_kernel_locked(name);
	simple_unlock(&ipc_lock);
}

/* The live object of port, with a new reference, or NULL. */
static struct vm_object *
vm_pager_find_locked(ipc_port_t port)
{
	struct vm_object *object = vm_pager_objects;

	while (object != NULL && object->vo_pager != port)
		object = object->vo_pager_next;
	if (object != NULL)
		vm_object_reference_locked(object);
	return object;
}

/* Frees what vm_pager_make made, unused. */
static void
vm_pager_unmake(struct vm_object *object)
{
	vm_pager_dealloc_ports(object->vo_control, object->vo_name);
	if (object->vo_pager != IP_NULL)
		vm_pager_port_release(object->vo_pager);
	object->vo_pager = object->vo_control = object->vo_name = IP_NULL;
	vm_object_deallocate(object);
}

/* A new object for port, on no list yet: its own send right to port,
 * its control and name ports.  NULL if memory is short. */
static struct vm_object *
vm_pager_make(ipc_port_t port)
{
	struct vm_object *object = vm_object_create(VM_PAGER_OBJECT_SIZE);

	if (object == NULL)
		return NULL;
	object->vo_internal = FALSE; /* (no lock: nobody else sees it) */
	object->vo_control = ipc_port_alloc_kernel(IKOT_PAGER_CONTROL, object);
	object->vo_name = ipc_port_alloc_kernel(IKOT_PAGER_NAME, object);
	if (object->vo_control == IP_NULL || object->vo_name == IP_NULL) {
		vm_pager_unmake(object);
		return NULL;
	}
	object->vo_pager = ipc_port_copy_send(port);
	object->vo_copy_strategy = MEMORY_OBJECT_COPY_DELAY;
	object->vo_trace = vm_trace_object_new();
	return object;
}

struct vm_object *
vm_pager_object(ipc_port_t port)
{
	simple_lock(&ipc_lock);
	boolean_t usable =
	    port->ip_active && port->ip_receiver != ipc_space_kernel;
	simple_unlock(&ipc_lock);
	if (!usable)
		return NULL;
	vm_pager_flush();
	simple_lock(&vm_object_lock);
	struct vm_object *object = vm_pager_find_locked(port);
	simple_unlock(&vm_object_lock);
	if (object != NULL)
		return object;
	/* Made with no lock held (it allocates ports), then linked unless
	 * another thread linked one for port meanwhile. */
	struct vm_object *fresh = vm_pager_make(port);
	if (fresh == NULL)
		return NULL;
	simple_lock(&vm_object_lock);
	object = vm_pager_find_locked(port);
	if (object == NULL) {
		fresh->vo_pager_next = vm_pager_objects;
		vm_pager_objects = fresh;
	}
	simple_unlock(&vm_object_lock);
	if (object != NULL) {
		vm_pager_unmake(fresh);
		return object;
	}
	vm_trace(fresh->vo_trace, PAGER_TRACE_INIT, 0, 0);
	if (memory_object_init(port, fresh->vo_control, fresh->vo_name,
			       PAGE_SIZE) != KERN_SUCCESS) {
		simple_lock(&vm_object_lock);
		fresh->vo_pager_error = KERN_MEMORY_ERROR; /* a dead port */
		simple_unlock(&vm_object_lock);
	}
	return fresh;
}

/* Whether the wait is over: the page is no longer busy, or the object
 * is ready or in error. */
static boolean_t
vm_pager_wait_done_locked(struct vm_pager_wait *wait)
{
	struct vm_object *object = wait->pw_object;

	if (object->vo_pager_error != KERN_SUCCESS)
		return TRUE;
	if (!object->vo_ready)
		return FALSE;
	struct vm_page *page =
	    vm_object_page_lookup_locked(object, wait->pw_offset);
	return page == NULL || !page->vmp_busy;
}

/* The wait has lasted too long, or the pager died: the busy page, if
 * any, is in error (the faults on it fail, and free it). */
static void
vm_pager_wait_fail_locked(struct vm_pager_wait *wait)
{
	struct vm_page *page =
	    vm_object_page_lookup_locked(wait->pw_object, wait->pw_offset);

	if (page != NULL && page->vmp_busy) {
		page->vmp_busy = 0;
		page->vmp_error = KERN_MEMORY_ERROR;
	}
	vm_trace(wait->pw_object->vo_trace, PAGER_TRACE_ERROR, wait->pw_offset,
		 0);
	wait_queue_wakeup_all(&wait->pw_object->vo_wait, THREAD_AWAKENED);
}

/* The pager is gone: every fault on the object fails from now on. */
static void
vm_pager_dead_locked(struct vm_pager_wait *wait)
{
	wait->pw_object->vo_pager_error = KERN_MEMORY_ERROR;
	vm_pager_wait_fail_locked(wait);
}

static kern_return_t
vm_pager_send_request(struct vm_pager_wait *wait)
{
	struct vm_object *object = wait->pw_object;

	kern_return_t kr = memory_object_data_request(
	    object->vo_pager, object->vo_control, wait->pw_offset, PAGE_SIZE,
	    wait->pw_access);
	return kr == KERN_SUCCESS ? KERN_SUCCESS : KERN_MEMORY_ERROR;
}

kern_return_t
vm_pager_wait(struct vm_pager_wait *wait)
{
	struct vm_object *object = wait->pw_object;
	uint64_t start = cpu_rdtsc();
	kern_return_t kr = KERN_SUCCESS;

	vm_trace(object->vo_trace, PAGER_TRACE_FAULT, wait->pw_offset, 0);
	if (wait->pw_request) {
		vm_trace(object->vo_trace, PAGER_TRACE_REQUEST, wait->pw_offset,
			 0);
		kr = vm_pager_send_request(wait);
	}
	unsigned long flags = cpu_intr_save();
	simple_lock(&vm_object_lock);
	if (kr != KERN_SUCCESS) /* the pager's port is dead */
		vm_pager_dead_locked(wait);
	for (uint32_t waited = 0;
	     kr == KERN_SUCCESS && !vm_pager_wait_done_locked(wait);
	     waited += VM_PAGER_SLICE_MS) {
		/* (ip_active read without ipc_lock: a hint, looked at
		 * again next slice.) */
		if (!wait->pw_object->vo_pager->ip_active) {
			vm_pager_dead_locked(wait);
			kr = KERN_MEMORY_ERROR;
			break;
		}
		if (waited >= vm_pager_timeout_ms) {
			vm_pager_wait_fail_locked(wait);
			kr = KERN_MEMORY_ERROR;
			break;
		}
		if (wait_sleep(&wait->pw_object->vo_wait, &vm_object_lock,
			       WAIT_INTERRUPTIBLE, VM_PAGER_SLICE_MS,
			       NULL) == THREAD_INTERRUPTED)
			kr = KERN_ABORTED;
	}
	vm_trace(object->vo_trace, PAGER_TRACE_RESUME, wait->pw_offset,
		 cpu_rdtsc() - start);
	vm_object_deallocate_locked(object);
	simple_unlock(&vm_object_lock);
	cpu_intr_restore(flags);
	return kr;
}

/* A copy of page's data for the pager, or NULL if memory is short. */
static vm_map_copy_t
vm_pager_page_data(struct vm_page *page)
{
	vm_map_copy_t copy;
	void *data;

	if (vm_map_copy_kernel_buffer(PAGE_SIZE, &copy, &data) != KERN_SUCCESS)
		return NULL;
	memcpy(data, phystokv(vm_page_to_phys(page)), PAGE_SIZE);
	return copy;
}

/* Whether page was written since the pager supplied it (clearing that
 * if clear is set). */
static boolean_t
vm_pager_page_dirty_locked(struct vm_page *page, boolean_t clear)
{
	boolean_t dirty =
	    page->vmp_dirty || pmap_page_modified(vm_page_to_phys(page), clear);

	if (clear)
		page->vmp_dirty = 0;
	return dirty;
}

void
vm_pager_object_terminate_locked(struct vm_object *object)
{
	struct vm_page *page;

	/* Anonymous memory's data dies with it: the default pager is
	 * only told to free its copy (memory_object_terminate). */
	boolean_t internal = object->vo_internal;
	if (!internal)
		vm_pager_unlink_locked(object);
	vm_object_existence_free_locked(object);
	object->vo_pager_error = KERN_MEMORY_ERROR;
	while ((page = vm_object_page_next_locked(object, 0)) != NULL) {
		struct vm_pager_return *ret =
		    !internal && !page->vmp_busy && !page->vmp_error &&
			    vm_pager_page_dirty_locked(page, FALSE)
			? kalloc(sizeof(*ret))
			: NULL;
		if (ret != NULL) { /* (if memory is short, the data is lost) */
			ret->pr_offset = page->vmp_offset;
			ret->pr_data = vm_pager_page_data(page);
			ret->pr_next = object->vo_returns;
			object->vo_returns = ret;
		}
		vm_object_page_free_locked(page);
	}
	wait_queue_wakeup_all(&object->vo_wait, THREAD_AWAKENED);
	object->vo_pager_next = vm_pager_dead;
	vm_pager_dead = object;
}

/* Sends a dead object's dirty data back, then its termination. */
static void
vm_pager_bury(struct vm_object *object)
{
	struct vm_pager_return *ret = object->vo_returns;

	while (ret != NULL) {
		struct vm_pager_return *next = ret->pr_next;
		vm_trace(object->vo_trace, PAGER_TRACE_RETURN, ret->pr_offset,
			 0);
		if (ret->pr_data != NULL &&
		    memory_object_data_return(
			object->vo_pager, object->vo_control, ret->pr_offset,
			(vm_offset_t)ret->pr_data, PAGE_SIZE, TRUE,
			FALSE) != KERN_SUCCESS)
			vm_map_copy_discard(ret->pr_data);
		kfree(ret, sizeof(*ret));
		ret = next;
	}
	object->vo_returns = NULL;
	/* The pager gets no rights to the control and name ports, which
	 * die now (docs/vm.md: where we differ from GNU Mach). */
	vm_trace(object->vo_trace, PAGER_TRACE_TERMINATE, 0, 0);
	vm_trace_object_dead(object->vo_trace);
	memory_object_terminate(object->vo_pager, IP_NULL, IP_NULL);
	vm_pager_dealloc_ports(object->vo_control, object->vo_name);
}

void
vm_pager_flush(void)
{
	for (;;) {
		simple_lock(&vm_object_lock);
		struct vm_object *object = vm_pager_dead;
		if (object != NULL)
			vm_pager_dead = object->vo_pager_next;
		simple_unlock(&vm_object_lock);
		if (object == NULL)
			return;
		/* No new call can find the object through its ports. */
		simple_lock(&ipc_lock);
		object->vo_control->ip_kobject = NULL;
		object->vo_name->ip_kobject = NULL;
		simple_unlock(&ipc_lock);
		vm_pager_bury(object);
		vm_object_free_dead(object);
	}
}

struct vm_object *
vm_object_lookup_control(ipc_port_t port)
{
	struct vm_object *object = NULL;

	simple_lock(&ipc_lock);
	if (IP_VALID(port) && port->ip_active &&
	    port->ip_kotype == IKOT_PAGER_CONTROL)
		object = port->ip_kobject;
	/* (ipc_lock, then vm_object_lock: the order allows it.) */
	simple_lock(&vm_object_lock);
	if (object != NULL && object->vo_ref_count > 0)
		vm_object_reference_locked(object);
	else
		object = NULL; /* terminated: waiting for vm_pager_flush */
	simple_unlock(&vm_object_lock);
	simple_unlock(&ipc_lock);
	return object;
}

/* --- The control port's routines --- */

/*
 * Puts count bytes of data (read from the copy from its start) into the
 * pages of object from offset on: a busy page waited for is filled, a
 * missing one made; a page already there keeps its data (as in Mach).
 */
static kern_return_t
vm_pager_supply(struct vm_object *object, vm_offset_t offset,
		vm_map_copy_t data, vm_size_t count)
{
	if ((offset & PAGE_MASK) || offset >= VM_PAGER_OBJECT_SIZE)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = KERN_SUCCESS;
	for (vm_size_t done = 0;
	     done + PAGE_SIZE <= count && kr == KERN_SUCCESS;
	     done += PAGE_SIZE) {
		struct vm_page *fresh = vm_page_alloc(0);
		if (fresh == NULL)
			return KERN_RESOURCE_SHORTAGE;
		kr = vm_map_copy_read(
		    data, done, phystokv(vm_page_to_phys(fresh)), PAGE_SIZE);
		simple_lock(&vm_object_lock);
		struct vm_page *page =
		    vm_object_page_lookup_locked(object, offset + done);
		if (kr == KERN_SUCCESS)
			vm_trace(object->vo_trace, PAGER_TRACE_SUPPLY,
				 offset + done, 0);
		if (kr == KERN_SUCCESS && page != NULL && page->vmp_busy) {
			memcpy(phystokv(vm_page_to_phys(page)),
			       phystokv(vm_page_to_phys(fresh)), PAGE_SIZE);
			page->vmp_busy = 0;
			vm_pageout_count_pagein_locked();
		} else if (kr == KERN_SUCCESS && page == NULL &&
			   object->vo_pager_error == KERN_SUCCESS) {
			vm_object_page_insert_locked(object, offset + done,
						     fresh);
			fresh = NULL;
		}
		wait_queue_wakeup_all(&object->vo_wait, THREAD_AWAKENED);
		simple_unlock(&vm_object_lock);
		if (fresh != NULL)
			vm_page_free(fresh, 0);
	}
	return kr;
}

/* Ends the waits on the busy pages of [offset, offset + size): zero
 * pages (error KERN_SUCCESS) or pages in error.  Costs the resident
 * pages of the range. */
static void
vm_pager_unbusy_range(struct vm_object *object, vm_offset_t offset,
		      vm_size_t size, kern_return_t error)
{
	vm_offset_t start = trunc_page(offset);
	vm_offset_t end = size > VM_PAGER_OBJECT_SIZE - start
			      ? VM_PAGER_OBJECT_SIZE
			      : start + size;

	simple_lock(&vm_object_lock);
	for (struct vm_page *page = vm_object_page_next_locked(object, start);
	     page != NULL && page->vmp_offset < end;
	     page = vm_object_page_next_locked(object,
					       page->vmp_offset + PAGE_SIZE)) {
		if (!page->vmp_busy)
			continue;
		page->vmp_busy = 0;
		if (error != KERN_SUCCESS)
			page->vmp_error = error;
		else
			memset(phystokv(vm_page_to_phys(page)), 0, PAGE_SIZE);
		vm_trace(object->vo_trace,
			 error != KERN_SUCCESS ? PAGER_TRACE_ERROR
					       : PAGER_TRACE_UNAVAILABLE,
			 page->vmp_offset, 0);
	}
	wait_queue_wakeup_all(&object->vo_wait, THREAD_AWAKENED);
	simple_unlock(&vm_object_lock);
}

kern_return_t
memory_object_data_supply(vm_object_t object, vm_offset_t offset,
			  vm_map_copy_t data, mach_msg_type_number_t dataCnt,
			  vm_prot_t lock_value, boolean_t precious,
			  mach_port_t reply_to,
			  mach_msg_type_name_t reply_toPoly)
{
	(void)lock_value; /* every page is given all the access it asks */
	(void)precious;	  /* returned when dirty, like any other */
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = vm_pager_supply(object, offset, data, dataCnt);
	vm_map_copy_discard(data);
	if (IP_VALID(reply_to))
		memory_object_supply_completed(reply_to, reply_toPoly,
					       object->vo_control, offset,
					       dataCnt, kr, offset);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_provided(vm_object_t object, vm_offset_t offset,
			    vm_map_copy_t data, mach_msg_type_number_t dataCnt,
			    vm_prot_t lock_value)
{
	(void)lock_value;
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_pager_supply(object, offset, data, dataCnt);
	vm_map_copy_discard(data);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_unavailable(vm_object_t object, vm_offset_t offset,
			       vm_size_t size)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_pager_unbusy_range(object, offset, size, KERN_SUCCESS);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_error(vm_object_t object, vm_offset_t offset, vm_size_t size,
			 kern_return_t error_value)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_pager_unbusy_range(object, offset, size,
			      error_value != KERN_SUCCESS ? error_value
							  : KERN_MEMORY_ERROR);
	return KERN_SUCCESS;
}

/* Sets the attributes; ready wakes the faults waiting for it. */
static void
vm_pager_set_attributes(struct vm_object *object, boolean_t ready,
			boolean_t may_cache,
			memory_object_copy_strategy_t strategy)
{
	simple_lock(&vm_object_lock);
	object->vo_ready = ready;
	object->vo_may_cache = may_cache;
	object->vo_copy_strategy = strategy;
	wait_queue_wakeup_all(&object->vo_wait, THREAD_AWAKENED);
	simple_unlock(&vm_object_lock);
}

kern_return_t
memory_object_ready(vm_object_t object, boolean_t may_cache,
		    memory_object_copy_strategy_t copy_strategy)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_pager_set_attributes(object, TRUE, may_cache, copy_strategy);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_set_attributes(vm_object_t object, boolean_t object_ready,
			     boolean_t may_cache,
			     memory_object_copy_strategy_t copy_strategy)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_pager_set_attributes(object, object_ready, may_cache, copy_strategy);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_change_attributes(vm_object_t object, boolean_t may_cache,
				memory_object_copy_strategy_t copy_strategy,
				mach_port_t reply_to,
				mach_msg_type_name_t reply_toPoly)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_pager_set_attributes(object, TRUE, may_cache, copy_strategy);
	if (IP_VALID(reply_to))
		memory_object_change_completed(reply_to, reply_toPoly,
					       may_cache, copy_strategy);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_get_attributes(vm_object_t object, boolean_t *object_ready,
			     boolean_t *may_cache,
			     memory_object_copy_strategy_t *copy_strategy)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&vm_object_lock);
	*object_ready = object->vo_ready;
	*may_cache = object->vo_may_cache;
	*copy_strategy = object->vo_copy_strategy;
	simple_unlock(&vm_object_lock);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_destroy(vm_object_t object, kern_return_t reason)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&vm_object_lock);
	object->vo_pager_error =
	    reason != KERN_SUCCESS ? reason : KERN_MEMORY_ERROR;
	simple_unlock(&vm_object_lock);
	vm_pager_unbusy_range(object, 0, VM_PAGER_OBJECT_SIZE,
			      KERN_MEMORY_ERROR);
	return KERN_SUCCESS;
}

/* One page of a lock request: access taken away, data kept for the
 * pager (returned in *data) if asked, the page freed if flushed. */
static void
vm_pager_lock_page_locked(struct vm_page *page,
			  memory_object_return_t should_return,
			  boolean_t should_flush, vm_prot_t lock_value,
			  vm_map_copy_t *data)
{
	*data = NULL;
	if (page->vmp_busy || page->vmp_error)
		return;
	uint32_t trace = page->vmp_object->vo_trace;
	if (lock_value & VM_PROT_ALL) {
		vm_trace(trace, PAGER_TRACE_UNLOCK, page->vmp_offset, 0);
		if (page->vmp_pv != NULL)
			pmap_page_protect(vm_page_to_phys(page),
					  (lock_value & VM_PROT_WRITE)
					      ? VM_PROT_READ
					      : VM_PROT_NONE);
	}
	boolean_t dirty = vm_pager_page_dirty_locked(page, TRUE);
	if (should_return == MEMORY_OBJECT_RETURN_ALL ||
	    (should_return == MEMORY_OBJECT_RETURN_DIRTY && dirty)) {
		vm_trace(trace, PAGER_TRACE_RETURN, page->vmp_offset, 0);
		*data = vm_pager_page_data(page);
	}
	if (should_flush) {
		vm_trace(trace, PAGER_TRACE_FLUSH, page->vmp_offset, 0);
		vm_object_page_free_locked(page);
	}
}

kern_return_t
memory_object_lock_request(vm_object_t object, vm_offset_t offset,
			   vm_size_t size, memory_object_return_t should_return,
			   boolean_t should_flush, vm_prot_t lock_value,
			   mach_port_t reply_to,
			   mach_msg_type_name_t reply_toPoly)
{
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_offset_t start = trunc_page(offset);
	vm_offset_t end = size > VM_PAGER_OBJECT_SIZE - start
			      ? VM_PAGER_OBJECT_SIZE
			      : round_page(start + size);
	/* A page at a time, each returned with no lock held. */
	for (vm_offset_t next = start; next < end;) {
		vm_map_copy_t data;
		simple_lock(&vm_object_lock);
		struct vm_page *page = vm_object_page_next_locked(object, next);
		if (page == NULL || page->vmp_offset >= end) {
			simple_unlock(&vm_object_lock);
			break;
		}
		vm_offset_t at = page->vmp_offset;
		next = at + PAGE_SIZE;
		vm_pager_lock_page_locked(page, should_return, should_flush,
					  lock_value, &data);
		simple_unlock(&vm_object_lock);
		if (data != NULL && memory_object_data_return(
					object->vo_pager, object->vo_control,
					at, (vm_offset_t)data, PAGE_SIZE, TRUE,
					!should_flush) != KERN_SUCCESS)
			vm_map_copy_discard(data);
	}
	if (IP_VALID(reply_to))
		memory_object_lock_completed(reply_to, reply_toPoly,
					     object->vo_control, offset, size);
	return KERN_SUCCESS;
}
