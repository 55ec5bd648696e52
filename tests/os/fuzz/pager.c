/*
 * External pagers: the worker as a pager that may misbehave.
 *
 * fz_op_pager makes a port, maps it with vm_map as a memory object
 * (into the worker or a victim: the kernel makes an object for it and
 * sends memory_object_init), and then lives a few steps of a pager's
 * life in a random order: answers what the kernel sent (init, data
 * requests) rightly, wrongly or not at all, calls the control port
 * unasked (data it was not asked for, errors, lock requests, destroy),
 * has the memory touched (by the kernel's copies from the main thread,
 * by a thread of the worker that faults on it), has a thread serve the
 * port, maps it again, unmaps it, or destroys the port.
 *
 * Nothing may hang: a fault that no answer ends waits for the pager at
 * most pagertimeout milliseconds (the fuzz boots pass a short one), and
 * the main thread never faults on a pager's memory itself (only the
 * kernel's copies do, which fail after the wait; a thread of the worker
 * that faults waits for its exception handler until the batch's end).
 * The memory objects the batch mapped into the worker go at its end
 * (fz_vm_release), those of victims with them.
 */
#include "fuzz.h"

#include "gen/mach_port.h"
#include "gen/memory_object_control.h"
#include "gen/vm_map.h"
#include <mach/memory_object.h>
#include <mach/memory_object_server.h>
#include <mach/vm_prot.h>
#include <string.h>

#define FZ_PAGER_INIT	  2200 /* memory_object.defs' ids */
#define FZ_PAGER_REQUEST  2203
#define FZ_PAGER_ROOM	  (12 * 1024) /* a message received */
#define FZ_PAGER_MAX_SIZE (64 * FZ_PAGE)

/* The control port the worker last heard of (a send right's name). */
static mach_port_t fz_pager_control;

/* A control port: the last one heard of, or any name. */
static mach_port_t
fz_pick_control(struct fz_call *call)
{
	if (fz_pager_control != MACH_PORT_NULL && FZ_CHANCE(call, 75))
		return fz_pager_control;
	return FZ_CHANCE(call, 50) ? fz_pick(call, FZ_SEND)
				   : fz_pick(call, FZ_ANY);
}

/* Where a completion goes: nowhere, or one of our ports. */
static mach_port_t
fz_pager_reply_to(struct fz_call *call)
{
	return FZ_CHANCE(call, 50) ? MACH_PORT_NULL : fz_pick(call, FZ_RECEIVE);
}

static memory_object_copy_strategy_t
fz_copy_strategy(struct fz_call *call)
{
	return FZ_CHANCE(call, 90) ? (int)FZ_BELOW(call, 4)
				   : (int)fz_edge64(call);
}

/* An offset near the one asked for, or anything. */
static uint64_t
fz_pager_offset(struct fz_call *call, uint64_t asked)
{
	switch (FZ_BELOW(call, 6)) {
	case 0:
		return asked + FZ_PAGE;
	case 1:
		return asked - FZ_PAGE;
	case 2:
		return fz_edge64(call);
	default:
		return asked;
	}
}

/* The data of a supply: pages of this thread's scratch, or a hostile
 * buffer.  Never given away (dealloc): it is the worker's own. */
static kern_return_t
fz_pager_supply(struct fz_call *call, mach_port_t control, uint64_t offset)
{
	uint32_t len = FZ_CHANCE(call, 80)
			   ? (uint32_t)(FZ_PAGE * (1 + FZ_BELOW(call, 4)))
			   : fz_size(call, 16 * FZ_PAGE);
	uint64_t data = FZ_CHANCE(call, 90)
			    ? fz_valid_address(call, len, FZ_READ)
			    : fz_address(call, len, FZ_READ);
	vm_prot_t lock = (vm_prot_t)FZ_BELOW(call, 8);

	if (FZ_CHANCE(call, 20))
		return fz_memory_object_data_provided(control, offset, data,
						      len, lock);
	return fz_memory_object_data_supply(control, offset, data, len, FALSE,
					    lock, FZ_CHANCE(call, 30),
					    fz_pager_reply_to(call));
}

/* One call on a control port, as a pager makes them (asked or not). */
static void
fz_pager_control_call(struct fz_call *call, mach_port_t control,
		      uint64_t offset, uint64_t size)
{
	kern_return_t kr;
	boolean_t ready = 0, cache = 0;
	memory_object_copy_strategy_t strategy = 0;

	switch (FZ_BELOW(call, 11)) {
	case 0:
	case 1:
		kr = fz_pager_supply(call, control, offset);
		fz_say(call, " supply(%#lx)", (unsigned long)offset);
		break;
	case 2:
		kr = fz_memory_object_data_unavailable(control, offset, size);
		fz_say(call, " unavailable(%#lx, %#lx)", (unsigned long)offset,
		       (unsigned long)size);
		break;
	case 3:
		kr = fz_memory_object_data_error(
		    control, offset, size,
		    FZ_CHANCE(call, 70) ? KERN_MEMORY_ERROR
					: (kern_return_t)fz_edge64(call));
		fz_say(call, " error(%#lx, %#lx)", (unsigned long)offset,
		       (unsigned long)size);
		break;
	case 4:
	case 5:
		kr = fz_memory_object_ready(control, FZ_CHANCE(call, 50),
					    fz_copy_strategy(call));
		fz_say(call, " ready");
		break;
	case 6:
		kr = fz_memory_object_set_attributes(
		    control, FZ_CHANCE(call, 70), FZ_CHANCE(call, 50),
		    fz_copy_strategy(call));
		fz_say(call, " set_attributes");
		break;
	case 7:
		kr = fz_memory_object_change_attributes(
		    control, FZ_CHANCE(call, 50), fz_copy_strategy(call),
		    fz_pager_reply_to(call));
		fz_say(call, " change_attributes");
		break;
	case 8:
		kr = fz_memory_object_get_attributes(control, &ready, &cache,
						     &strategy);
		fz_say(call, " get_attributes -> %d %d %d", ready, cache,
		       strategy);
		break;
	case 9:
		kr = fz_memory_object_lock_request(
		    control, offset, size, (int)FZ_BELOW(call, 4),
		    FZ_CHANCE(call, 50), (vm_prot_t)FZ_BELOW(call, 8),
		    fz_pager_reply_to(call));
		fz_say(call, " lock_request(%#lx, %#lx)", (unsigned long)offset,
		       (unsigned long)size);
		break;
	default:
		kr = fz_memory_object_destroy(
		    control, FZ_CHANCE(call, 50)
				 ? KERN_SUCCESS
				 : (kern_return_t)fz_edge64(call));
		fz_say(call, " destroy");
		break;
	}
	fz_say(call, " -> %#x", kr);
}

int
fz_pager_serve(struct fz_call *call, mach_port_t port, int may_block)
{
	union {
		mach_msg_header_t header;
		memory_object_memory_object_init_request_t init;
		memory_object_memory_object_data_request_request_t request;
	} *in = (void *)(call->fc_scratch + FZ_SCRATCH_SIZE - FZ_PAGER_ROOM);
	mach_msg_option_t option = MACH_RCV_MSG;

	if (!may_block)
		option |= MACH_RCV_TIMEOUT;
	mach_msg_return_t mr =
	    mach_msg(&in->header, option, 0, FZ_PAGER_ROOM, port, 0, 0);
	if (mr != MACH_MSG_SUCCESS)
		return 0;
	fz_harvest(&in->header, FZ_PAGER_ROOM);
	mach_msg_id_t id = in->header.msgh_id;
	int complex = (in->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) != 0;
	fz_say(call, " got %d", id);
	if (id == FZ_PAGER_INIT && complex &&
	    in->header.msgh_size >= sizeof(in->init)) {
		mach_port_t control = in->init.memory_control.name;
		fz_pager_control = control;
		switch (FZ_BELOW(call, 10)) { /* mostly: ready */
		case 0:
		case 1:
		case 2:
		case 3:
		case 4:
			fz_say(call, " ready -> %#x",
			       fz_memory_object_ready(control,
						      FZ_CHANCE(call, 50),
						      fz_copy_strategy(call)));
			break;
		case 5:
			fz_say(call, " set_attributes(ready) -> %#x",
			       fz_memory_object_set_attributes(
				   control, TRUE, FZ_CHANCE(call, 50),
				   fz_copy_strategy(call)));
			break;
		case 6:
		case 7:
		case 8:
			fz_pager_control_call(call, control, 0, FZ_PAGE);
			break;
		default: /* never ready: faults wait, then fail */
			break;
		}
	} else if (id == FZ_PAGER_REQUEST && complex &&
		   in->header.msgh_size >= sizeof(in->request)) {
		mach_port_t control = in->request.memory_control.name;
		uint64_t offset = in->request.offset;
		fz_pager_control = control;
		if (FZ_CHANCE(call, 15))
			return 1; /* no answer: the fault waits */
		if (FZ_CHANCE(call, 60))
			fz_pager_supply(call, control,
					fz_pager_offset(call, offset));
		else
			fz_pager_control_call(call, control,
					      fz_pager_offset(call, offset),
					      in->request.length);
	}
	return 1;
}

/* Has the kernel read or write the mapping (the main thread's copies:
 * they wait for the pager, if nobody answers for pagertimeout). */
static void
fz_pager_touch(struct fz_call *call, mach_port_t task, uint64_t addr,
	       uint64_t size)
{
	uint64_t pages = (size + FZ_PAGE - 1) / FZ_PAGE;
	uint64_t at = addr + FZ_PAGE * FZ_BELOW(call, (uint32_t)pages) +
		      FZ_BELOW(call, FZ_PAGE);
	uint64_t room = addr + pages * FZ_PAGE - at; /* > 0 */
	uint32_t len = (uint32_t)(1 + FZ_BELOW(call, 2 * FZ_PAGE));
	kern_return_t kr;

	if (len > room && FZ_CHANCE(call, 80)) /* mostly the mapping only */
		len = (uint32_t)(1 + FZ_BELOW(call, (uint32_t)room));

	if (FZ_CHANCE(call, 60)) {
		vm_offset_t data = 0;
		mach_msg_type_number_t count = 0;
		kr = fz_vm_read(task, at, len, &data, &count);
		if (kr == KERN_SUCCESS && data != 0 &&
		    !fz_protected_range(data, count))
			fz_vm_deallocate(fz_task_self(), data, count);
		fz_say(call, " vm_read(%#lx, %u) -> %#x", (unsigned long)at,
		       len, kr);
	} else if (task != fz_task_self() || !fz_protected_range(at, len)) {
		/* (A pager's memory in a hole among the worker's buffers:
		 * the write could run on into them.)  The main thread's
		 * scratch: a kernel copy out of it. */
		uint64_t data = fz_valid_address(call, len, FZ_READ);
		kr = fz_vm_write(task, at, data, len);
		fz_say(call, " vm_write(%#lx, %u) -> %#x", (unsigned long)at,
		       len, kr);
	}
}

/* One step of the pager's life (see the file's comment). */
static void
fz_pager_step(struct fz_call *call, mach_port_t *port, mach_port_t task,
	      uint64_t *addr, uint64_t size, int mapped)
{
	mach_port_t self = fz_task_self();

	switch (FZ_BELOW(call, 13)) {
	case 0:
	case 1:
	case 2:
		fz_pager_serve(call, *port, 0);
		break;
	case 3:
		for (int i = 0; i < 8 && fz_pager_serve(call, *port, 0); i++)
			;
		break;
	case 4:
	case 5:
		if (mapped)
			fz_pager_touch(call, task, *addr, size);
		break;
	case 6: /* a thread serves the port, and the memory is touched */
		fz_say(call, " server thread %d",
		       fz_thread_start_on(call, FZ_SCRIPT_PAGER, *port, 0));
		if (mapped)
			fz_pager_touch(call, task, *addr, size);
		break;
	case 7: /* a thread of the worker faults on the memory */
		if (mapped && task == self)
			fz_say(call, " touch thread %d",
			       fz_thread_start_touch(call, *addr, size));
		if (FZ_CHANCE(call, 50))
			fz_sleep(1 + FZ_BELOW(call, 5));
		break;
	case 8: /* the pager dies, or loses its send right */
		if (FZ_CHANCE(call, 70)) {
			fz_say(call, " destroy port -> %#x",
			       fz_mach_port_destroy(self, *port));
			*port = MACH_PORT_NULL;
		} else {
			fz_mach_port_deallocate(self, *port);
		}
		break;
	case 9: /* unmapped (terminate), or protected */
		/* Only what was mapped here, never the worker's own (the
		 * address of a vm_map that failed may be anything). */
		if (!mapped ||
		    (task == self && fz_protected_range(*addr, size)))
			break;
		if (FZ_CHANCE(call, 60)) {
			fz_say(call, " vm_deallocate -> %#x",
			       fz_vm_deallocate(task, *addr, size));
		} else {
			vm_prot_t prot = (vm_prot_t)FZ_BELOW(call, 8);
			fz_say(call, " vm_protect(%#x) -> %#x", prot,
			       fz_vm_protect(task, *addr, size, FALSE, prot));
		}
		break;
	case 10: { /* mapped again: the same object, another entry */
		vm_address_t again = 0;
		kern_return_t kr = fz_vm_map(
		    task, &again, size, 0, TRUE, *port,
		    FZ_PAGE * FZ_BELOW(call, 4), FZ_CHANCE(call, 50),
		    VM_PROT_DEFAULT, VM_PROT_ALL, fz_inheritance(call));
		fz_say(call, " map again -> %#x %#lx", kr,
		       (unsigned long)again);
		if (kr == KERN_SUCCESS && FZ_CHANCE(call, 50))
			*addr = again;
		break;
	}
	default: /* the control port called unasked */
		fz_pager_control_call(call, fz_pick_control(call),
				      FZ_PAGE * FZ_BELOW(call, 16),
				      FZ_PAGE * FZ_BELOW(call, 4));
		break;
	}
}

static void
fz_op_pager(struct fz_call *call)
{
	mach_port_t self = fz_task_self(), port = MACH_PORT_NULL;
	struct fz_victim *victim = fz_pick_victim(call);
	mach_port_t task = FZ_CHANCE(call, 70) || victim->fv_task == 0
			       ? self
			       : victim->fv_task;
	uint64_t size = FZ_CHANCE(call, 85)
			    ? (1 + FZ_BELOW(call, 8)) * FZ_PAGE
			    : fz_size64(call, FZ_PAGER_MAX_SIZE);
	uint64_t offset = FZ_CHANCE(call, 80) ? FZ_BELOW(call, 16) * FZ_PAGE
					      : fz_edge64(call);
	boolean_t copy = FZ_CHANCE(call, 30);
	vm_prot_t max =
	    FZ_CHANCE(call, 85) ? VM_PROT_ALL : (vm_prot_t)FZ_BELOW(call, 8);
	vm_prot_t cur = FZ_CHANCE(call, 85) ? VM_PROT_DEFAULT & max
					    : (vm_prot_t)FZ_BELOW(call, 8);
	boolean_t anywhere = FZ_CHANCE(call, 90);
	vm_address_t addr = anywhere ? 0 : fz_vm_address(call, size);

	/* The pager's port is made as asked; what follows may be bent. */
	unsigned mutate = fz_mutation_off();
	kern_return_t made =
	    fz_mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	if (made == KERN_SUCCESS)
		fz_mach_port_insert_right(self, port, port,
					  MACH_MSG_TYPE_MAKE_SEND);
	fz_mutation_restore(mutate);
	if (made != KERN_SUCCESS)
		return;
	fz_pool_add(FZ_RECEIVE, port);
	fz_pool_add(FZ_SEND, port);
	vm_inherit_t inheritance = FZ_CHANCE(call, 90)
				       ? (vm_inherit_t)FZ_BELOW(call, 3)
				       : fz_inheritance(call);
	kern_return_t kr = fz_vm_map(task, &addr, size, 0, anywhere, port,
				     offset, copy, cur, max, inheritance);
	fz_say(call,
	       "pager %#x: vm_map(%#x, %#lx, %#lx, off %#lx, copy %d) "
	       "-> %#x",
	       port, task, (unsigned long)addr, (unsigned long)size,
	       (unsigned long)offset, copy, kr);
	int mapped = kr == KERN_SUCCESS && size <= FZ_PAGER_MAX_SIZE;
	for (unsigned n = 2 + FZ_BELOW(call, 7); n > 0; n--)
		fz_pager_step(call, &port, task, &addr, size, mapped);
}

const struct fz_op fz_pager_ops[] = {
    {"pager", fz_op_pager, 4, 0, 1},
};
const unsigned fz_pager_op_count = FZ_ARRAY_SIZE(fz_pager_ops);
