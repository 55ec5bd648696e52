/*
 * External pagers, the kernel's side: memory objects whose pages come
 * from a task (the pager) over ports.  The kernel speaks to a pager
 * through memory_object.defs (GNU Mach's file, KernelUser stubs:
 * memory_object_init, _data_request, _data_return, _lock_completed,
 * _supply_completed, _change_completed, _terminate), and a pager to the
 * kernel through the object's control port, memory_object_control.defs
 * (the routines below).
 *
 * Entry points:
 *	vm_pager_object			the object of a pager's port (vm_map)
 *	vm_pager_wait			a fault waits for a pager's page
 *	vm_pager_object_terminate_locked  the last reference is gone
 *	vm_pager_flush			send what terminations left to send
 *	vm_object_lookup_control	the control port's object (the stubs)
 *	memory_object_*			the control port's routines
 *
 * A fault on an object with a pager and no page there puts a busy page
 * in its place, sends memory_object_data_request (no lock held), and
 * waits on the object's wait queue until the page is supplied, said to
 * be unavailable (zero), or in error.  It waits at most
 * vm_pager_timeout_ms (boot argument pagertimeout=MS, default 10 s), and
 * no longer than it takes to see that the pager's port has died: then
 * the fault fails with KERN_MEMORY_ERROR and the thread gets a memory
 * exception; other threads and tasks never wait for it.
 *
 * Locking: the objects' fields are vm_object_lock's; messages are sent
 * with no VM lock held (ipc_lock comes first in the order), so a
 * terminated object's messages are queued (vm_pager_flush sends them).
 */
#ifndef VM_VM_PAGER_H
#define VM_VM_PAGER_H

#include <ipc/ipc_types.h>
#include <mach/kern_return.h>
#include <mach/memory_object.h>
#include <mach/message.h>
#include <mach/std_types.h>
#include <mach/vm_prot.h>
#include <vm/vm_object.h>

typedef struct vm_object *vm_object_t;

/* How long a fault waits for a pager, in milliseconds (pagertimeout=). */
extern uint32_t vm_pager_timeout_ms;

/* How many offsets a pager's object covers: all a map can name. */
#define VM_PAGER_OBJECT_SIZE (1ul << 47)

/*
 * The object that stands for the memory object port (a send right the
 * caller keeps): found if mapped already, else made, with a send right
 * of its own, and announced to the pager with memory_object_init.
 * Returns a reference, or NULL if the port is dead or a kernel object's
 * (no memory object), or memory is short.  No lock held.
 */
struct vm_object *vm_pager_object(ipc_port_t port);

/* Releases a send right to port.  No lock held. */
void vm_pager_port_release(ipc_port_t port);

/* What a fault waits for (vm_fault.c fills it, vm_pager_wait uses it). */
struct vm_pager_wait {
	struct vm_object *pw_object; /* a reference */
	vm_offset_t pw_offset;	     /* the page waited for */
	vm_prot_t pw_access;	     /* the access the fault wants */
	boolean_t pw_request;	     /* a data request is to be sent */
};

/*
 * Sends the data request if there is one to send, then waits until the
 * page at pw_offset is no longer busy (or the object is ready), and drops
 * the reference.  Returns KERN_SUCCESS (fault again), KERN_MEMORY_ERROR
 * (the pager did not answer in time, or died) or KERN_ABORTED (the
 * thread was interrupted).  No lock held; interrupts as the caller has
 * them.
 */
kern_return_t vm_pager_wait(struct vm_pager_wait *wait);

/*
 * The last reference to object (which has a pager) is gone: its dirty
 * pages are to be returned and the pager told (memory_object_terminate);
 * both wait for vm_pager_flush.  Frees its pages.  vm_object_lock held.
 */
void vm_pager_object_terminate_locked(struct vm_object *object);

/* Sends the messages of terminated objects and frees them.  No lock held. */
void vm_pager_flush(void);

/* The object of a control port, with a reference, or NULL (the stubs'
 * intran; vm_object_deallocate is the destructor). */
struct vm_object *vm_object_lookup_control(ipc_port_t port);

#endif /* VM_VM_PAGER_H */
