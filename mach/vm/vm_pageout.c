/*
 * Pageout (see vm/vm_pageout.h): the watermarks, the allocation of user
 * pages against the reserve, the pageout thread, pageout of a range on
 * demand (vm_pageout_range), and the default memory manager the kernel
 * gives anonymous memory to.
 *
 * Victims are chosen by an approximation of LRU over two queues
 * (vm_object_queue_*, the shape of Mach's and BSD's): a page put in an
 * object joins the active queue.  Before each batch the thread looks at
 * the oldest active pages, clearing their reference bits (the MMU's
 * accessed bits): one referenced since it was last looked at goes round
 * the active queue again, the others move to the inactive queue, until
 * that holds a third of the pages on either; a wired page goes to
 * neither (until it is unwired, or a fault maps it unwired).  Victims
 * come from the inactive queue's oldest end only: a page referenced
 * since it was deactivated goes back to the active queue (a
 * reactivation); the others are freed or sent to their pagers.  So a
 * page used at least once per turn of the queues stays.
 *
 * The thread sleeps until a fault takes a page below the low watermark
 * (or finds none), then frees or sends pages in batches of
 * VM_PAGEOUT_BATCH until vm_pageout_high pages are free.
 * A page it sends is freed only when its pager has taken the data (it
 * deallocates the memory it received), so after each batch the thread
 * waits a tick for the pagers to run before it counts the free pages
 * again.
 *
 * The default pager's own pages: its task wires its memory (pageout
 * never takes a page mapped wired), its faults may use the reserve,
 * and the pages on their way to it (vo_laundry) are never taken again,
 * so that it never waits for itself.
 */
#include <ipc/ipc_port.h>
#include <kern/debug.h>
#include <kern/host.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <mach/traps.h>
#include <machine/cpu.h>
#include <vm/pmap.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_pager.h>
#include <vm/vm_trace.h>

#include "memory_object_default_user.h"
#include "memory_object_user.h"

#define VM_PAGEOUT_BATCH      128 /* pages sent before the pagers may run */
#define VM_PAGEOUT_PAUSE_MS   10  /* how long they get */
#define VM_PAGEOUT_LOCK_PAGES 32  /* pages looked at per hold of the lock */

/* Constant after vm_pageout_bootstrap. */
static unsigned long vm_pageout_reserve, vm_pageout_low, vm_pageout_high;

/* vm_object_lock. */
static struct wait_queue vm_pageout_wait;    /* the thread, asleep */
static boolean_t vm_pageout_kicked;	     /* a wakeup it has not seen */
static struct task *vm_pageout_default_task; /* NULL: none, or it died */
static unsigned long vm_pageout_pageins, vm_pageout_pageouts;
static unsigned long vm_pageout_reactivations;

/* ipc_lock: a send right to the default pager's port, or IP_NULL. */
static ipc_port_t vm_pageout_default_pager;

static unsigned long
vm_pageout_free_pages(void)
{
	struct vm_page_statistics stats;

	vm_page_statistics(&stats);
	return stats.vps_free;
}

void
vm_pageout_wakeup_locked(void)
{
	assert(simple_lock_held(&vm_object_lock));
	vm_pageout_kicked = TRUE;
	wait_queue_wakeup_all(&vm_pageout_wait, THREAD_AWAKENED);
}

struct vm_page *
vm_pageout_page_alloc(void)
{
	assert(simple_lock_held(&vm_object_lock));
	unsigned long free = vm_pageout_free_pages();
	struct task *task = current_task();

	if (free <= vm_pageout_low)
		vm_pageout_wakeup_locked();
	if (free <= vm_pageout_reserve &&
	    (task == NULL || task != vm_pageout_default_task))
		return NULL;
	return vm_page_alloc(0);
}

void
vm_pageout_count_pagein_locked(void)
{
	vm_pageout_pageins++;
}

void
vm_pageout_statistics(struct vm_pageout_statistics *stats)
{
	simple_lock(&vm_object_lock);
	stats->vpo_pageins = vm_pageout_pageins;
	stats->vpo_pageouts = vm_pageout_pageouts;
	stats->vpo_reactivations = vm_pageout_reactivations;
	simple_unlock(&vm_object_lock);
}

/* A send right to the default pager, or IP_NULL if there is none. */
static ipc_port_t
vm_pageout_default_pager_right(void)
{
	simple_lock(&ipc_lock);
	ipc_port_t port = vm_pageout_default_pager;
	if (IP_VALID(port) && port->ip_active)
		ipc_port_copy_send_locked(port);
	else
		port = IP_NULL;
	simple_unlock(&ipc_lock);
	return port;
}

/*
 * Gives the internal object (a reference the caller holds) a pager: a
 * new port whose receive right goes to the default pager with
 * memory_object_create, the kernel keeping a send right, and its
 * control and name ports.  The object is ready at once, as in Mach.
 * Returns KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE / KERN_FAILURE (no
 * default pager) with nothing changed.  No lock held.
 */
static kern_return_t
vm_pageout_pager_create(struct vm_object *object)
{
	ipc_port_t manager = vm_pageout_default_pager_right();
	if (manager == IP_NULL)
		return KERN_FAILURE;
	ipc_port_t control = ipc_port_alloc_kernel(IKOT_PAGER_CONTROL, object);
	ipc_port_t name = ipc_port_alloc_kernel(IKOT_PAGER_NAME, object);
	simple_lock(&ipc_lock);
	ipc_port_t port = ipc_port_alloc_locked(); /* its receive right */
	if (port != IP_NULL)
		ipc_port_make_send_locked(port); /* the object's */
	simple_unlock(&ipc_lock);
	if (control == IP_NULL || name == IP_NULL || port == IP_NULL) {
		simple_lock(&ipc_lock);
		ipc_port_dealloc_kernel_locked(control);
		ipc_port_dealloc_kernel_locked(name);
		ipc_port_release_send_locked(manager);
		if (port != IP_NULL) {
			ipc_port_release_send_locked(port);
			ipc_port_destroy_locked(port);
		}
		simple_unlock(&ipc_lock);
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock(&vm_object_lock);
	assert(object->vo_pager == IP_NULL && object->vo_internal);
	object->vo_pager = port;
	object->vo_control = control;
	object->vo_name = name;
	object->vo_ready = TRUE;
	object->vo_trace = vm_trace_object_new();
	vm_size_t size = object->vo_size;
	simple_unlock(&vm_object_lock);
	vm_trace(object->vo_trace, PAGER_TRACE_INIT, 0, 0);
	/* (A dead default pager: the object's faults and pageouts fail.) */
	(void)memory_object_create(manager, port, size, control, name,
				   PAGE_SIZE);
	return KERN_SUCCESS;
}

/* What to do with the page at the inactive queue's head. */
enum vm_pageout_action {
	VM_PAGEOUT_KEEP,       /* not now: to the tail */
	VM_PAGEOUT_REACTIVATE, /* referenced: to the active queue */
	VM_PAGEOUT_UNQUEUE,    /* wired: on neither queue */
	VM_PAGEOUT_FREE,       /* its pager has its data */
	VM_PAGEOUT_SEND,       /* to its pager */
	VM_PAGEOUT_NEED_PAGER  /* anonymous memory with no pager yet */
};

/* Whether page has been written since its pager last had it. */
static boolean_t
vm_pageout_dirty_locked(struct vm_page *page)
{
	return page->vmp_dirty ||
	       (page->vmp_pv != NULL &&
		pmap_page_modified(vm_page_to_phys(page), FALSE));
}

/* force: the page goes even if referenced (vm_pageout_range). */
static enum vm_pageout_action
vm_pageout_examine_locked(struct vm_page *page, boolean_t force)
{
	struct vm_object *object = page->vmp_object;
	phys_addr_t pa = vm_page_to_phys(page);

	if (page->vmp_busy || page->vmp_error || object->vo_laundry)
		return VM_PAGEOUT_KEEP;
	if (page->vmp_pv != NULL && pmap_page_wired(pa))
		return VM_PAGEOUT_UNQUEUE;
	if (page->vmp_pv != NULL && pmap_page_referenced(pa, TRUE) && !force)
		return VM_PAGEOUT_REACTIVATE;
	if (object->vo_internal && object->vo_pager == IP_NULL &&
	    vm_pageout_default_task == NULL)
		return VM_PAGEOUT_KEEP; /* nowhere to go (none, or it died) */
	if (object->vo_pager != IP_NULL &&
	    object->vo_pager_error != KERN_SUCCESS)
		return VM_PAGEOUT_FREE; /* its faults fail anyway */
	boolean_t dirty = vm_pageout_dirty_locked(page);
	if (!object->vo_internal)
		return dirty ? VM_PAGEOUT_SEND : VM_PAGEOUT_FREE;
	if (object->vo_pager == IP_NULL)
		return VM_PAGEOUT_NEED_PAGER;
	/* Clean, and the default pager has it: free.  A page it never had
	 * must go, even clean (a page pushed into a copy is clean). */
	if (!dirty && vm_object_existence_test_locked(object, page->vmp_offset))
		return VM_PAGEOUT_FREE;
	return VM_PAGEOUT_SEND;
}

/* A page in flight: the object of its own it travels in, and the copy
 * object that carries that one in the message (made in advance, with
 * no lock held). */
struct vm_pageout_laundry {
	struct vm_object *pl_object;
	vm_map_copy_t pl_copy;
};

static boolean_t
vm_pageout_laundry_make(struct vm_pageout_laundry *laundry)
{
	if (laundry->pl_copy != NULL)
		return TRUE;
	laundry->pl_object = vm_object_create(PAGE_SIZE);
	if (laundry->pl_object == NULL)
		return FALSE;
	laundry->pl_object->vo_laundry = TRUE; /* nobody else sees it yet */
	if (vm_map_copy_object(laundry->pl_object, PAGE_SIZE,
			       &laundry->pl_copy) != KERN_SUCCESS) {
		vm_object_deallocate(laundry->pl_object);
		laundry->pl_object = NULL;
		return FALSE;
	}
	return TRUE;
}

/* What a send needs once the lock is dropped. */
struct vm_pageout_send {
	struct vm_object *ps_object; /* a reference */
	vm_offset_t ps_offset;
	boolean_t ps_initialize; /* data_initialize, not data_return */
	vm_map_copy_t ps_copy;
	struct vm_object *ps_laundry; /* the copy's object, with the page */
};

/*
 * Takes page out of every pmap and its object into the laundry's
 * object, for the send described in *send.  FALSE (nothing changed) if
 * the existence map could not record it.  vm_object_lock held.
 */
static boolean_t
vm_pageout_take_locked(struct vm_page *page, struct vm_pageout_laundry *laundry,
		       struct vm_pageout_send *send)
{
	struct vm_object *object = page->vmp_object;

	send->ps_initialize = FALSE;
	if (object->vo_internal) {
		send->ps_initialize =
		    !vm_object_existence_test_locked(object, page->vmp_offset);
		if (vm_object_existence_set_locked(object, page->vmp_offset) !=
		    KERN_SUCCESS)
			return FALSE;
	}
	if (page->vmp_pv != NULL)
		pmap_page_protect(vm_page_to_phys(page), VM_PROT_NONE);
	page->vmp_dirty = 0;
	send->ps_object = object;
	send->ps_offset = page->vmp_offset;
	send->ps_copy = laundry->pl_copy;
	send->ps_laundry = laundry->pl_object;
	vm_object_reference_locked(object);
	vm_object_page_unlink_locked(page);
	vm_object_page_insert_locked(laundry->pl_object, 0, page);
	laundry->pl_object = NULL;
	laundry->pl_copy = NULL;
	vm_trace(object->vo_trace, PAGER_TRACE_RETURN, send->ps_offset, 1);
	vm_pageout_pageouts++;
	return TRUE;
}

/*
 * A send failed (a dead pager, or no memory for the message): the page
 * goes back where it was, dirty (to be sent again), unless its place
 * has been filled meanwhile or the object's faults fail anyway.  No
 * lock held.
 */
static void
vm_pageout_put_back(struct vm_pageout_send *send)
{
	struct vm_object *object = send->ps_object;

	simple_lock(&vm_object_lock);
	struct vm_page *page =
	    vm_object_page_lookup_locked(send->ps_laundry, 0);
	if (page != NULL && object->vo_pager_error == KERN_SUCCESS &&
	    vm_object_page_lookup_locked(object, send->ps_offset) == NULL) {
		vm_object_page_unlink_locked(page);
		vm_object_page_insert_locked(object, send->ps_offset, page);
		page->vmp_dirty = 1;
	}
	simple_unlock(&vm_object_lock);
}

/* Sends a page taken by vm_pageout_take_locked.  No lock held. */
static void
vm_pageout_send(struct vm_pageout_send *send)
{
	struct vm_object *object = send->ps_object;
	kern_return_t kr;

	if (send->ps_initialize)
		kr = memory_object_data_initialize(
		    object->vo_pager, object->vo_control, send->ps_offset,
		    (vm_offset_t)send->ps_copy, PAGE_SIZE);
	else
		kr = memory_object_data_return(
		    object->vo_pager, object->vo_control, send->ps_offset,
		    (vm_offset_t)send->ps_copy, PAGE_SIZE, TRUE, FALSE);
	if (kr != KERN_SUCCESS) {
		vm_pageout_put_back(send);
		vm_map_copy_discard(send->ps_copy);
	}
	vm_object_deallocate(object);
}

/*
 * Refills the inactive queue from the oldest end of the active one until
 * it holds a third of the queued pages, looking at each active page at
 * most once: a page referenced since it was last looked at goes to the
 * active queue's tail, the others to the inactive queue, their
 * reference bits cleared either way; a wired page goes to neither.
 * vm_object_lock held (let go now and then).
 */
static void
vm_pageout_deactivate_locked(void)
{
	unsigned long active =
	    vm_object_queue_count_locked(VM_PAGE_QUEUE_ACTIVE);
	unsigned long inactive =
	    vm_object_queue_count_locked(VM_PAGE_QUEUE_INACTIVE);

	assert(simple_lock_held(&vm_object_lock));
	for (unsigned long looked = 1;
	     looked <= active && 3 * inactive < active + inactive; looked++) {
		struct vm_page *page =
		    vm_object_queue_first_locked(VM_PAGE_QUEUE_ACTIVE);
		if (page == NULL)
			break;
		phys_addr_t pa = vm_page_to_phys(page);
		if (page->vmp_pv != NULL && pmap_page_wired(pa)) {
			vm_object_queue_move_locked(page, VM_PAGE_QUEUE_NONE);
		} else if (page->vmp_pv != NULL &&
			   pmap_page_referenced(pa, TRUE)) {
			vm_object_queue_move_locked(page, VM_PAGE_QUEUE_ACTIVE);
		} else {
			vm_object_queue_move_locked(page,
						    VM_PAGE_QUEUE_INACTIVE);
			inactive++;
		}
		if (looked % VM_PAGEOUT_LOCK_PAGES == 0) {
			/* Let interrupts in now and then. */
			simple_unlock(&vm_object_lock);
			simple_lock(&vm_object_lock);
		}
	}
}

/* What became of a page vm_pageout_act_locked looked at. */
enum vm_pageout_result {
	VM_PAGEOUT_WENT,   /* freed, or sent to its pager */
	VM_PAGEOUT_STAYED, /* requeued, or taken off the queues */
	VM_PAGEOUT_AGAIN,  /* the lock was let go: look again */
	VM_PAGEOUT_STOP	   /* no memory for the laundry: stop for now */
};

/*
 * Carries out what vm_pageout_examine_locked said of page: requeues it,
 * frees it, or sends it (making the laundry or the object's pager
 * first, with the lock let go: the page may be gone then, so the
 * caller looks again; a page whose object could not get a pager goes
 * to the inactive queue's tail).  vm_object_lock held, let go
 * meanwhile.
 */
static enum vm_pageout_result
vm_pageout_act_locked(struct vm_page *page, enum vm_pageout_action action,
		      struct vm_pageout_laundry *laundry)
{
	struct vm_object *object = page->vmp_object;
	struct vm_pageout_send send;

	switch (action) {
	case VM_PAGEOUT_REACTIVATE:
		vm_object_queue_move_locked(page, VM_PAGE_QUEUE_ACTIVE);
		vm_pageout_reactivations++;
		return VM_PAGEOUT_STAYED;
	case VM_PAGEOUT_UNQUEUE:
		vm_object_queue_move_locked(page, VM_PAGE_QUEUE_NONE);
		return VM_PAGEOUT_STAYED;
	case VM_PAGEOUT_FREE:
		vm_object_page_free_locked(page);
		return VM_PAGEOUT_WENT;
	case VM_PAGEOUT_SEND:
		if (laundry->pl_copy == NULL) {
			/* Made with no lock held. */
			simple_unlock(&vm_object_lock);
			boolean_t made = vm_pageout_laundry_make(laundry);
			simple_lock(&vm_object_lock);
			return made ? VM_PAGEOUT_AGAIN : VM_PAGEOUT_STOP;
		}
		if (!vm_pageout_take_locked(page, laundry, &send))
			break;
		simple_unlock(&vm_object_lock);
		vm_pageout_send(&send);
		simple_lock(&vm_object_lock);
		return VM_PAGEOUT_WENT;
	case VM_PAGEOUT_NEED_PAGER: {
		vm_offset_t offset = page->vmp_offset;
		vm_object_reference_locked(object);
		simple_unlock(&vm_object_lock);
		kern_return_t kr = vm_pageout_pager_create(object);
		simple_lock(&vm_object_lock);
		/* No pager: the page, if it is still there, waits. */
		boolean_t waits =
		    kr != KERN_SUCCESS &&
		    vm_object_page_lookup_locked(object, offset) == page;
		if (waits)
			vm_object_queue_move_locked(page,
						    VM_PAGE_QUEUE_INACTIVE);
		vm_object_deallocate_locked(object); /* (may free page) */
		return waits ? VM_PAGEOUT_STAYED : VM_PAGEOUT_AGAIN;
	}
	case VM_PAGEOUT_KEEP:
		break;
	}
	vm_object_queue_move_locked(page, VM_PAGE_QUEUE_INACTIVE);
	return VM_PAGEOUT_STAYED;
}

/*
 * One pass: refills the inactive queue, then frees or sends up to
 * target pages from its head, looking at each inactive page at most
 * about once.  Returns how many went.  No lock held.
 */
static unsigned long
vm_pageout_scan(unsigned long target, struct vm_pageout_laundry *laundry)
{
	unsigned long done = 0, looked = 0;

	simple_lock(&vm_object_lock);
	vm_pageout_deactivate_locked();
	unsigned long inactive =
	    vm_object_queue_count_locked(VM_PAGE_QUEUE_INACTIVE);
	while (done < target && looked++ <= inactive) {
		struct vm_page *page =
		    vm_object_queue_first_locked(VM_PAGE_QUEUE_INACTIVE);
		if (page == NULL)
			break;
		enum vm_pageout_result result = vm_pageout_act_locked(
		    page, vm_pageout_examine_locked(page, FALSE), laundry);
		if (result == VM_PAGEOUT_STOP)
			break;
		if (result == VM_PAGEOUT_WENT)
			done++;
		if (looked % VM_PAGEOUT_LOCK_PAGES == 0) {
			/* Let interrupts in now and then. */
			simple_unlock(&vm_object_lock);
			simple_lock(&vm_object_lock);
		}
	}
	simple_unlock(&vm_object_lock);
	vm_pager_flush(); /* objects whose last reference we held */
	return done;
}

kern_return_t
vm_pageout_range(struct vm_map *map, vm_offset_t start, vm_offset_t end,
		 unsigned long *count)
{
	struct vm_pageout_laundry laundry = {NULL, NULL};
	kern_return_t kr = KERN_SUCCESS;

	*count = 0;
	for (vm_offset_t va = start; va < end && kr == KERN_SUCCESS;
	     va += PAGE_SIZE) {
		simple_lock(&map->vm_lock);
		struct vm_map_entry *entry =
		    vm_map_lookup_entry_locked(map, va);
		struct vm_object *object = NULL;
		vm_offset_t offset = 0;
		if (entry == NULL) {
			kr = KERN_INVALID_ADDRESS;
		} else if (entry->vme_object != NULL) {
			object = entry->vme_object;
			offset = entry->vme_offset + (va - entry->vme_start);
			simple_lock(&vm_object_lock);
			vm_object_reference_locked(object);
			simple_unlock(&vm_object_lock);
		}
		simple_unlock(&map->vm_lock);
		if (object == NULL)
			continue;
		simple_lock(&vm_object_lock);
		for (;;) {
			int depth;
			struct vm_page *page =
			    vm_object_page_find_locked(object, offset, &depth);
			if (page == NULL)
				break;
			enum vm_pageout_result result = vm_pageout_act_locked(
			    page, vm_pageout_examine_locked(page, TRUE),
			    &laundry);
			if (result == VM_PAGEOUT_WENT)
				++*count;
			if (result != VM_PAGEOUT_AGAIN)
				break;
		}
		vm_object_deallocate_locked(object);
		simple_unlock(&vm_object_lock);
	}
	if (laundry.pl_copy != NULL)
		vm_map_copy_discard(laundry.pl_copy); /* (and its object) */
	vm_pager_flush();
	return kr;
}

static void
vm_pageout_thread(void *arg)
{
	struct vm_pageout_laundry laundry = {NULL, NULL};

	(void)arg;
	cpu_intr_enable(); /* (a kernel thread starts with them off) */
	for (;;) {
		unsigned long flags = cpu_intr_save();
		simple_lock(&vm_object_lock);
		while (!vm_pageout_kicked)
			wait_sleep(&vm_pageout_wait, &vm_object_lock,
				   WAIT_UNINTERRUPTIBLE, WAIT_NO_TIMEOUT, NULL);
		vm_pageout_kicked = FALSE;
		simple_unlock(&vm_object_lock);
		cpu_intr_restore(flags);
		unsigned long free;
		while ((free = vm_pageout_free_pages()) < vm_pageout_high) {
			unsigned long want = vm_pageout_high - free;
			if (vm_pageout_scan(want < VM_PAGEOUT_BATCH
						? want
						: VM_PAGEOUT_BATCH,
					    &laundry) == 0)
				break; /* nothing can go now */
			flags = cpu_intr_save();
			wait_sleep(NULL, NULL, WAIT_UNINTERRUPTIBLE,
				   VM_PAGEOUT_PAUSE_MS, NULL);
			cpu_intr_restore(flags);
		}
	}
}

void
vm_pageout_bootstrap(void)
{
	struct vm_page_statistics stats;

	vm_page_statistics(&stats);
	vm_pageout_reserve = stats.vps_total / 64;
	if (vm_pageout_reserve < 2 * VM_PAGEOUT_BATCH)
		vm_pageout_reserve = 2 * VM_PAGEOUT_BATCH;
	vm_pageout_low = 2 * vm_pageout_reserve;
	vm_pageout_high = 3 * vm_pageout_reserve;
	wait_queue_init(&vm_pageout_wait);
	struct thread *thread = thread_create_kernel(vm_pageout_thread, NULL,
						     MACH_PRIORITY_MAX - 1);
	if (thread == NULL)
		panic("vm_pageout_bootstrap: no memory for the thread");
	unsigned long flags = cpu_intr_save();
	struct thread *woken =
	    wait_queue_wakeup_one(&thread->th_hold_queue, THREAD_AWAKENED);
	assert(woken == thread);
	sched_setrun(woken);
	cpu_intr_restore(flags);
}

boolean_t
vm_pageout_is_default_pager(struct task *task)
{
	simple_lock(&vm_object_lock);
	boolean_t is = task != NULL && task == vm_pageout_default_task;
	simple_unlock(&vm_object_lock);
	return is;
}

void
vm_pageout_task_gone(struct task *task)
{
	simple_lock(&vm_object_lock);
	if (vm_pageout_default_task == task)
		vm_pageout_default_task = NULL;
	simple_unlock(&vm_object_lock);
}

kern_return_t
vm_set_default_memory_manager(struct host *host_priv,
			      mach_port_t *default_manager)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	ipc_port_t port = *default_manager; /* a send right, or null */
	simple_lock(&ipc_lock);
	ipc_port_t old = vm_pageout_default_pager;
	if (IP_VALID(port))
		vm_pageout_default_pager = port;
	simple_unlock(&ipc_lock);
	if (IP_VALID(port)) {
		struct task *task = current_task();
		simple_lock(&vm_object_lock);
		vm_pageout_default_task = task;
		simple_unlock(&vm_object_lock);
		task_set_daemon(task);
	}
	/* The reply makes a send right to the old one, and ours goes: a
	 * live port stays allocated meanwhile (its receive right holds
	 * it); a dead one is answered as null. */
	*default_manager = old;
	if (IP_VALID(port) && IP_VALID(old)) {
		simple_lock(&ipc_lock);
		if (!old->ip_active)
			*default_manager = IP_NULL;
		ipc_port_release_send_locked(old);
		simple_unlock(&ipc_lock);
	}
	return KERN_SUCCESS;
}
