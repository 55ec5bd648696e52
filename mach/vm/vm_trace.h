/*
 * Pager tracing (see mach/pager_trace.h for what is recorded): a ring of
 * the last events of the kernel's traffic with pagers, and the counts
 * of the last VM_TRACE_OBJECTS pager objects.  host_pager_trace and
 * host_pager_stats read them (kern/host.c).
 *
 * Entry points:
 *	vm_trace_object_new	a number and fresh counts for an object
 *	vm_trace		record an event (and count it)
 *	vm_trace_object_dead	the object is gone (its counts stay)
 *	vm_trace_read		take the events out of the ring
 *	vm_trace_stats		the counts
 *
 * A full ring drops new events and counts them (vm_trace_read reports
 * how many).  Locking: vm_trace_lock, taken last (nothing is taken
 * inside it), so events may be recorded under any lock.
 */
#ifndef VM_VM_TRACE_H
#define VM_VM_TRACE_H

#include <mach/pager_trace.h>
#include <mach/std_types.h>

#define VM_TRACE_EVENTS	 2048 /* the ring */
#define VM_TRACE_OBJECTS 64   /* objects whose counts are kept */

/* A new object's number; its counts start at zero. */
uint32_t vm_trace_object_new(void);

/* Records an event of object (a number from vm_trace_object_new). */
void vm_trace(uint32_t object, unsigned int type, vm_offset_t offset,
	      uint64_t value);

void vm_trace_object_dead(uint32_t object);

/* Moves up to max of the oldest events into events, *count of them,
 * and *dropped, the events dropped since the last read. */
void vm_trace_read(struct pager_trace_event *events, unsigned int max,
		   unsigned int *count, uint64_t *dropped);

/* The counts of the objects kept, oldest first: *count of them (at most
 * VM_TRACE_OBJECTS). */
void vm_trace_stats(struct pager_object_stats *stats, unsigned int *count);

#endif /* VM_VM_TRACE_H */
