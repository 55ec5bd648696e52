/*
 * The VM calls that came after task.c's: vm_inherit, vm_copy,
 * vm_region, vm_map of zero memory (and of ports that are no pager's),
 * vm_wire, vm_pageout, and task_create with inherit_memory of the worker
 * itself.
 *
 * Ranges are the batch's regions, holes, pieces that straddle a
 * region's end, the whole of user space, or any edge value; the target
 * is the worker, a victim or a port of the wrong kind.  The worker keeps
 * itself alive as in task.c: no vm_copy overwrites its program, stack or
 * buffers (fz_protected_range; it aims at a victim instead), none of
 * them is shared with a child (a victim's thread could write there), and
 * only bounded ranges are wired (wiring faults every page in: all of
 * memory would wait for free pages for ever).
 *
 * Two answers are checked, since a wrong one is a kernel bug however
 * quietly it comes: vm_region's (a region that holds or follows the
 * address asked, page-aligned, its protection within its maximum), and
 * a child's memory after task_create with inherit_memory (a copy keeps
 * what the parent had when the child was made, a shared range sees the
 * parent's later writes, a range not inherited is not there).  A check
 * that fails prints FUZZ-FAIL check.
 *
 * fz_vm_release, at the batch's end, deallocates all of the worker's
 * memory but its own, which fz_vm_note_own noted region by region before
 * the batch (and the heap grown since): the batch's memory goes wherever
 * the kernel put it, holes among the worker's own included, and with it
 * any memory object the batch mapped (whose ports would count as a leak).
 */
#include "fuzz.h"

#include "gen/mach_port.h"
#include "gen/task.h"
#include "gen/vm_map.h"
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <string.h>

#define FZ_TEXT_PAGE  0x401000ul  /* the program's code (user.ld) */
#define FZ_WIRE_LIMIT (4ul << 20) /* the most one call wires */

vm_inherit_t
fz_inheritance(struct fz_call *call)
{
	if (FZ_CHANCE(call, 85))
		return (vm_inherit_t)FZ_BELOW(call, 3);
	return FZ_CHANCE(call, 50) ? (vm_inherit_t)(3 + FZ_BELOW(call, 5))
				   : (vm_inherit_t)fz_edge64(call);
}

static vm_prot_t
fz_prot(struct fz_call *call)
{
	return FZ_CHANCE(call, 90) ? (vm_prot_t)FZ_BELOW(call, 8)
				   : (vm_prot_t)fz_edge64(call);
}

/* A range: a region's, a hole, a region's end and what follows it, all
 * of user space, or edges. */
static void
fz_vm_range(struct fz_call *call, uint64_t *addr, uint64_t *size)
{
	unsigned slot = FZ_BELOW(call, FZ_ARRAY_SIZE(fz_world.fw_regions));

	switch (FZ_BELOW(call, 10)) {
	case 0: /* the whole space, or nearly */
		*addr = FZ_CHANCE(call, 50) ? 0 : FZ_PAGE;
		*size = FZ_CHANCE(call, 50) ? FZ_USER_MAX - *addr
					    : fz_size64(call, FZ_USER_MAX);
		return;
	case 1: /* a hole */
		*addr = FZ_UNMAPPED_BASE +
			(uint64_t)FZ_BELOW(call, 1 << 20) * FZ_PAGE;
		*size = fz_vm_size(call);
		return;
	case 2: { /* the end of a region, and beyond */
		uint64_t end =
		    fz_world.fw_regions[slot] + fz_world.fw_region_sizes[slot];
		*addr = (end & ~(FZ_PAGE - 1)) - FZ_PAGE * FZ_BELOW(call, 2);
		*size = (1 + FZ_BELOW(call, 4)) * FZ_PAGE;
		return;
	}
	case 3:
		*addr = fz_edge64(call);
		*size = fz_edge64(call);
		return;
	default:
		*size = fz_vm_size(call);
		*addr = fz_vm_address(call, *size);
		return;
	}
}

static void
fz_op_vm_inherit(struct fz_call *call)
{
	mach_port_t task =
	    FZ_CHANCE(call, 60) ? fz_task_self() : fz_pick_task(call);
	uint64_t addr, size;

	fz_vm_range(call, &addr, &size);
	vm_inherit_t inheritance = fz_inheritance(call);
	/* The worker's own memory is never shared with a child. */
	if (task == fz_task_self() && inheritance == VM_INHERIT_SHARE &&
	    fz_protected_range(addr, size))
		inheritance = VM_INHERIT_COPY;
	kern_return_t kr = fz_vm_inherit(task, addr, size, inheritance);
	fz_say(call, "vm_inherit(%#x, %#lx, %#lx, %d) -> %#x", task,
	       (unsigned long)addr, (unsigned long)size, inheritance, kr);
}

static void
fz_op_vm_copy(struct fz_call *call)
{
	mach_port_t task =
	    FZ_CHANCE(call, 60) ? fz_task_self() : fz_pick_task(call);
	uint64_t size = fz_vm_size(call);
	uint64_t source = FZ_CHANCE(call, 25) ? fz_address(call, size, FZ_READ)
					      : fz_vm_address(call, size);
	uint64_t dest = fz_vm_address(call, size);

	if (FZ_CHANCE(call, 5)) /* the whole space, onto itself */
		source = dest = FZ_PAGE, size = FZ_USER_MAX - FZ_PAGE;
	if (task == fz_task_self() && fz_protected_range(dest, size))
		task = fz_not_self(call, task);
	kern_return_t kr = fz_vm_copy(task, source, size, dest);
	fz_say(call, "vm_copy(%#x, %#lx, %#lx, %#lx) -> %#x", task,
	       (unsigned long)source, (unsigned long)size, (unsigned long)dest,
	       kr);
}

/* Whether vm_region's answer for a query at asked is consistent. */
static int
fz_region_ok(uint64_t asked, uint64_t start, uint64_t size, vm_prot_t prot,
	     vm_prot_t max, vm_inherit_t inheritance, mach_port_t name)
{
	return size > 0 && (start & (FZ_PAGE - 1)) == 0 &&
	       (size & (FZ_PAGE - 1)) == 0 && start < FZ_USER_MAX &&
	       size <= FZ_USER_MAX - start && start + size > asked &&
	       (prot & ~max) == 0 && (max & ~VM_PROT_ALL) == 0 &&
	       inheritance >= VM_INHERIT_SHARE &&
	       inheritance <= VM_INHERIT_NONE && name == MACH_PORT_NULL;
}

/*
 * vm_region at an address (or a walk over the whole map from one): a
 * region's, in a hole, beyond the last region, in the kernel's half.
 */
static void
fz_op_vm_region(struct fz_call *call)
{
	mach_port_t task =
	    FZ_CHANCE(call, 60) ? fz_task_self() : fz_pick_task(call);
	unsigned slot = FZ_BELOW(call, FZ_ARRAY_SIZE(fz_world.fw_regions));
	uint64_t addr;
	unsigned steps = 1;

	switch (FZ_BELOW(call, 6)) {
	case 0: /* a walk */
		addr = FZ_CHANCE(call, 50) ? 0 : fz_vm_address(call, FZ_PAGE);
		steps = 1 + FZ_BELOW(call, 64);
		break;
	case 1: /* beyond the last region */
		addr = FZ_USER_MAX - FZ_PAGE * FZ_BELOW(call, 3) -
		       FZ_BELOW(call, 2);
		break;
	case 2:
		addr = fz_world.fw_regions[slot] + FZ_BELOW(call, 3) * FZ_PAGE +
		       FZ_BELOW(call, 16);
		break;
	case 3:
		addr = fz_edge64(call);
		break;
	default:
		addr = fz_address(call, FZ_PAGE, FZ_READ);
		break;
	}
	/* A mutated request may have asked another address: no check. */
	int checked = fz_tls_self()->ft_mutate == 0;
	fz_say(call, "vm_region(%#x, %#lx) x%u", task, (unsigned long)addr,
	       steps);
	for (unsigned i = 0; i < steps; i++) {
		vm_address_t start = addr;
		vm_size_t size = 0;
		vm_prot_t prot = 0, max = 0;
		vm_inherit_t inheritance = 0;
		boolean_t shared = 0;
		mach_port_t name = MACH_PORT_NULL;
		vm_offset_t offset = 0;
		kern_return_t kr =
		    fz_vm_region(task, &start, &size, &prot, &max, &inheritance,
				 &shared, &name, &offset);
		if (kr != KERN_SUCCESS) {
			fz_say(call, " -> %#x", kr);
			break;
		}
		fz_say(call, " [%#lx+%#lx %x/%x %d]", (unsigned long)start,
		       (unsigned long)size, prot, max, inheritance);
		if (MACH_PORT_VALID(name))
			fz_pool_add(FZ_SEND, name);
		if (checked && !fz_region_ok(addr, start, size, prot, max,
					     inheritance, name)) {
			fz_check_failed(
			    call,
			    "vm_region(%#x, %#lx) gave %#lx+%#lx "
			    "prot %#x max %#x inherit %d name %#x",
			    task, (unsigned long)addr, (unsigned long)start,
			    (unsigned long)size, prot, max, inheritance, name);
			break;
		}
		addr = start + size;
	}
}

static void
fz_op_vm_map(struct fz_call *call)
{
	mach_port_t task =
	    FZ_CHANCE(call, 60) ? fz_task_self() : fz_pick_task(call);
	boolean_t anywhere = FZ_CHANCE(call, 95) ? FZ_CHANCE(call, 70)
						 : (boolean_t)fz_edge64(call);
	uint64_t size = FZ_CHANCE(call, 90) ? fz_vm_size(call)
					    : fz_size64(call, FZ_USER_MAX);
	vm_address_t addr =
	    anywhere && FZ_CHANCE(call, 50) ? 0 : fz_vm_address(call, size);
	uint64_t mask = 0;
	if (FZ_CHANCE(call, 30))
		mask = FZ_CHANCE(call, 80) ? (1ul << FZ_BELOW(call, 40)) - 1
					   : fz_edge64(call);
	/* Zero memory, mostly; else a name that is (mostly) no pager's. */
	mach_port_t object =
	    FZ_CHANCE(call, 90) ? MACH_PORT_NULL : fz_pick(call, FZ_ANY);
	uint64_t offset = FZ_CHANCE(call, 80) ? FZ_BELOW(call, 16) * FZ_PAGE
					      : fz_edge64(call);
	boolean_t copy = FZ_CHANCE(call, 95) ? FZ_CHANCE(call, 30)
					     : (boolean_t)fz_edge64(call);
	vm_prot_t max = FZ_CHANCE(call, 70) ? VM_PROT_ALL : fz_prot(call);
	vm_prot_t cur =
	    FZ_CHANCE(call, 70) ? VM_PROT_DEFAULT & max : fz_prot(call);
	vm_inherit_t inheritance = fz_inheritance(call);

	if (task == fz_task_self() && inheritance == VM_INHERIT_SHARE &&
	    !anywhere && fz_protected_range(addr, size))
		inheritance = VM_INHERIT_COPY; /* it fails; if it did not... */
	kern_return_t kr = fz_vm_map(task, &addr, size, mask, anywhere, object,
				     offset, copy, cur, max, inheritance);
	fz_say(call,
	       "vm_map(%#x, %#lx, %#lx, mask %#lx, %d, %#x, %#lx, %d, %#x, "
	       "%#x, %d) -> %#x",
	       task, (unsigned long)addr, (unsigned long)size,
	       (unsigned long)mask, anywhere, object, (unsigned long)offset,
	       copy, cur, max, inheritance, kr);
	if (kr == KERN_SUCCESS && task == fz_task_self() &&
	    object == MACH_PORT_NULL && !fz_protected_range(addr, size)) {
		unsigned slot = fz_world.fw_region_next++ %
				FZ_ARRAY_SIZE(fz_world.fw_regions);
		fz_world.fw_regions[slot] = addr;
		fz_world.fw_region_sizes[slot] = size;
	}
}

/* A host port for vm_wire: the plain one, the privileged one (if the
 * worker has it), or any name. */
static mach_port_t
fz_wire_host(struct fz_call *call)
{
	switch (FZ_BELOW(call, 10)) {
	case 0:
	case 1:
		return fz_host_self();
	case 2:
	case 3:
	case 4:
	case 5:
	case 6:
		return fz_world.fw_host_priv;
	case 7:
		return fz_pick(call, FZ_KOBJECT);
	default:
		return fz_pick(call, FZ_ANY);
	}
}

static void
fz_op_vm_wire(struct fz_call *call)
{
	mach_port_t host = fz_wire_host(call);
	mach_port_t task =
	    FZ_CHANCE(call, 60) ? fz_task_self() : fz_pick_task(call);
	unsigned slot = FZ_BELOW(call, FZ_ARRAY_SIZE(fz_world.fw_regions));
	uint64_t addr, size;

	if (FZ_CHANCE(call, 50) && fz_world.fw_regions[slot] != 0) {
		/* (Part of) one of the batch's regions: it may succeed. */
		addr = fz_world.fw_regions[slot] + FZ_PAGE * FZ_BELOW(call, 2);
		size = FZ_PAGE * (1 + FZ_BELOW(call, 8));
		if (size > fz_world.fw_region_sizes[slot])
			size = fz_world.fw_region_sizes[slot];
	} else {
		fz_vm_range(call, &addr, &size);
	}
	vm_prot_t access =
	    FZ_CHANCE(call, 30) ? VM_PROT_NONE
	    : FZ_CHANCE(call, 60)
		? VM_PROT_READ | (vm_prot_t)FZ_BELOW(call, 2) * VM_PROT_WRITE
		: fz_prot(call);
	/* Wiring faults every page in, and waits for free ones: never
	 * more than a few MiB at a time (the same range may be wired
	 * again; an unwiring is as large as it likes). */
	if (host != MACH_PORT_NULL && host == fz_world.fw_host_priv &&
	    access != VM_PROT_NONE && size > FZ_WIRE_LIMIT)
		size = FZ_PAGE * (1 + FZ_BELOW(call, FZ_WIRE_LIMIT / FZ_PAGE));
	kern_return_t kr = fz_vm_wire(host, task, addr, size, access);
	fz_say(call, "vm_wire(%#x, %#x, %#lx, %#lx, %#x) -> %#x", host, task,
	       (unsigned long)addr, (unsigned long)size, access, kr);
}

/*
 * vm_pageout: the pages of a range go to their pagers now (the fuzzer's
 * own, which may never answer, or the default pager; a boot without
 * one keeps anonymous pages).  The host as for vm_wire (it needs the
 * privileged one); any range, the worker's own memory included, since
 * a page that went is paged in again when touched.  The count of pages
 * that went may not exceed the pages of the range (checked when the
 * request was not mutated).
 */
static void
fz_op_vm_pageout(struct fz_call *call)
{
	mach_port_t host = fz_wire_host(call);
	mach_port_t task =
	    FZ_CHANCE(call, 50) ? fz_task_self() : fz_pick_task(call);
	unsigned slot = FZ_BELOW(call, FZ_ARRAY_SIZE(fz_world.fw_regions));
	uint64_t addr, size;
	natural_t count = 0;

	if (FZ_CHANCE(call, 50) && fz_world.fw_regions[slot] != 0) {
		addr = fz_world.fw_regions[slot] + FZ_PAGE * FZ_BELOW(call, 2);
		size = FZ_PAGE * (1 + FZ_BELOW(call, 8));
	} else {
		fz_vm_range(call, &addr, &size);
	}
	/* checked only when the request goes as made (no mutation) */
	int checked = FZ_CHANCE(call, 50);
	unsigned saved = checked ? fz_mutation_off() : 0;
	kern_return_t kr = fz_vm_pageout(host, task, addr, size, &count);
	if (checked)
		fz_mutation_restore(saved);
	fz_say(call, "vm_pageout(%#x, %#x, %#lx, %#lx) -> %#x count %u", host,
	       task, (unsigned long)addr, (unsigned long)size, kr, count);
	if (checked && kr == KERN_SUCCESS && size / FZ_PAGE + 2 < count)
		fz_check_failed(call, "vm_pageout of %#lx bytes: %u pages",
				(unsigned long)size, count);
}

/* Whether a thread of the worker other than the main one may write the
 * batch's memory now (one making random calls, or touching memory). */
static int
fz_threads_busy(void)
{
	for (unsigned i = 0; i < FZ_THREADS; i++) {
		const struct fz_thread *t = &fz_world.fw_threads[i];
		if ((t->ft_state == FZ_THREAD_STARTING ||
		     t->ft_state == FZ_THREAD_RUNNING) &&
		    (t->ft_script == FZ_SCRIPT_CALLS ||
		     t->ft_script == FZ_SCRIPT_TOUCH))
			return 1;
	}
	return 0;
}

/* The inheritance of the region at addr of the worker, if it is
 * readable and writable there; -1 otherwise. */
static int
fz_writable_inheritance(uint64_t addr)
{
	vm_address_t start = addr;
	vm_size_t size = 0;
	vm_prot_t prot = 0, max = 0;
	vm_inherit_t inheritance = 0;
	boolean_t shared = 0;
	mach_port_t name = MACH_PORT_NULL;
	vm_offset_t offset = 0;

	if (fz_vm_region(fz_task_self(), &start, &size, &prot, &max,
			 &inheritance, &shared, &name,
			 &offset) != KERN_SUCCESS ||
	    start > addr || (prot & VM_PROT_DEFAULT) != VM_PROT_DEFAULT)
		return -1;
	return inheritance;
}

/* Reads 8 bytes of task's memory at addr (vm_read); 0 if it failed. */
static int
fz_read_word(mach_port_t task, uint64_t addr, uint64_t *word)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;

	if (fz_vm_read(task, addr, sizeof(*word), &data, &count) !=
	    KERN_SUCCESS)
		return 0;
	int ok = count == sizeof(*word) && data != 0;
	if (ok)
		memcpy(word, (void *)data, sizeof(*word));
	if (data != 0)
		fz_vm_deallocate(fz_task_self(), data, count);
	return ok;
}

/*
 * A child made with the worker's memory: after a few vm_inherit calls,
 * task_create(self, TRUE); its memory read (the program's code, which
 * must be the worker's, a word the worker changed after the child was
 * made, anything), perhaps changed, then the child ended.  The child is
 * made by the supervisor, which registers it first, as a victim is.
 */
static void
fz_op_fork_memory(struct fz_call *call)
{
	mach_port_t self = fz_task_self(), child = MACH_PORT_NULL;

	for (unsigned n = FZ_BELOW(call, 3); n > 0; n--)
		fz_op_vm_inherit(call);
	/* A word of one of the batch's regions, set before and after. */
	unsigned slot = FZ_BELOW(call, FZ_ARRAY_SIZE(fz_world.fw_regions));
	uint64_t marked =
	    fz_world.fw_regions[slot] + 8 * FZ_BELOW(call, FZ_PAGE / 8);
	uint64_t before = FZ_RAND(call), after = ~before;
	unsigned mutate = fz_mutation_off();
	int inheritance = -1;
	if (fz_world.fw_regions[slot] != 0 && !fz_threads_busy() &&
	    !fz_protected_range(marked, 8)) {
		inheritance = fz_writable_inheritance(marked);
		if (inheritance >= 0 &&
		    fz_vm_write(self, marked, (vm_offset_t)&before, 8) !=
			KERN_SUCCESS)
			inheritance = -1;
	}
	struct fz_steady steady = fz_steady_begin();
	kern_return_t kr = fz_task_create_registered(self, TRUE, &child);
	fz_steady_end(steady);
	fz_say(call, " task_create(self, TRUE) -> %#x %#x", kr, child);
	if (child == MACH_PORT_NULL) {
		fz_mutation_restore(mutate);
		return;
	}
	/* Kept, as a victim's task port is: a mutated request may not move
	 * the worker's only right to it away. */
	fz_world.fw_child = child;
	if (inheritance >= 0 &&
	    fz_vm_write(self, marked, (vm_offset_t)&after, 8) != KERN_SUCCESS)
		inheritance = -1;
	uint64_t word = 0;
	if (inheritance >= 0) {
		int got = fz_read_word(child, marked, &word);
		uint64_t want =
		    inheritance == VM_INHERIT_SHARE ? after : before;
		fz_say(call, " marker at %#lx (inherit %d) -> %d %#lx",
		       (unsigned long)marked, inheritance, got,
		       (unsigned long)word);
		/* (A region a pager's object backs may fail to be read.) */
		if (got && (inheritance == VM_INHERIT_NONE || word != want))
			fz_check_failed(call,
					"child of inherit %d at %#lx read "
					"%#lx, not %#lx",
					inheritance, (unsigned long)marked,
					(unsigned long)word,
					(unsigned long)want);
	}
	/* The program's code is the worker's, if the child has it. */
	uint64_t text = FZ_TEXT_PAGE + 8 * FZ_BELOW(call, FZ_PAGE / 8);
	if (fz_read_word(child, text, &word) && word != *(const uint64_t *)text)
		fz_check_failed(call, "child's code at %#lx differs",
				(unsigned long)text);
	fz_mutation_restore(mutate);
	/* Anything else, read and perhaps written in the child. */
	for (unsigned n = FZ_BELOW(call, 4); n > 0; n--) {
		uint64_t size = fz_vm_size(call);
		uint64_t addr = fz_vm_address(call, size);
		vm_offset_t data = 0;
		mach_msg_type_number_t count = 0;
		if (size > (1u << 20))
			size = 1u << 20;
		kr = fz_vm_read(child, addr, size, &data, &count);
		fz_say(call, " vm_read(%#lx, %#lx) -> %#x", (unsigned long)addr,
		       (unsigned long)size, kr);
		if (kr != KERN_SUCCESS)
			continue;
		if (FZ_CHANCE(call, 30))
			fz_vm_write(child, fz_vm_address(call, count), data,
				    count);
		if (data != 0 && !fz_protected_range(data, count))
			fz_vm_deallocate(self, data, count);
	}
	steady = fz_steady_begin();
	fz_say(call, " task_terminate -> %#x", fz_task_terminate(child));
	fz_mach_port_deallocate(self, child);
	fz_steady_end(steady);
	fz_world.fw_child = MACH_PORT_NULL;
}

/* The region of the worker at or above *addr: 0 if there is none. */
static int
fz_vm_next_region(vm_address_t *addr, vm_size_t *size)
{
	vm_prot_t prot = 0, max = 0;
	vm_inherit_t inheritance = 0;
	boolean_t shared = 0;
	mach_port_t name = MACH_PORT_NULL;
	vm_offset_t offset = 0;

	*size = 0;
	if (fz_vm_region(fz_task_self(), addr, size, &prot, &max, &inheritance,
			 &shared, &name, &offset) != KERN_SUCCESS)
		return 0;
	if (MACH_PORT_VALID(name))
		fz_mach_port_deallocate(fz_task_self(), name);
	return *size != 0 && *addr + *size > *addr;
}

/*
 * The worker's own memory is what it had before its batch, region by
 * region, not the ranges fz_protected_range keeps calls away from: those
 * hold holes (the heap's room to grow, the pages below the stack, the
 * unmapped page after each buffer), and a mapping anywhere may land in
 * any of them (the kernel takes the first fit above the hint, or above
 * the lowest address when the hint is past user space or nothing fits
 * above it).  Kept there, a pager's object would keep its ports: a leak
 * that is the fuzzer's.  Noting the regions is simpler than reserving
 * every hole, and holds whatever the worker's layout becomes.
 */
int
fz_vm_note_own(void)
{
	vm_address_t addr = 0;
	vm_size_t size;
	unsigned n = 0;

	for (; fz_vm_next_region(&addr, &size); addr += size) {
		if (n > 0 && fz_world.fw_own_ranges[n - 1][1] == addr) {
			fz_world.fw_own_ranges[n - 1][1] = addr + size;
			continue;
		}
		if (n == FZ_OWN_RANGES)
			return 0;
		fz_world.fw_own_ranges[n][0] = addr;
		fz_world.fw_own_ranges[n][1] = addr + size;
		n++;
	}
	fz_world.fw_own_range_count = n;
	return 1;
}

/*
 * Where the worker's own memory holding addr ends, or 0 if addr is not
 * its own; *next is then where its own memory above addr starts (or
 * UINT64_MAX).  Its heap may have grown since fz_vm_note_own, from the
 * end of its program up to heap_end (it only grows: malloc gives pages
 * back only past its trim threshold, 128 KiB free at the top, which the
 * worker's few allocations never reach).
 */
static uint64_t
fz_vm_own_end(uint64_t addr, uint64_t heap_end, uint64_t *next)
{
	uint64_t end = 0;

	*next = UINT64_MAX;
	if (addr >= fz_world.fw_image_start && addr < heap_end)
		end = heap_end;
	else if (addr < fz_world.fw_image_start)
		*next = fz_world.fw_image_start;
	for (unsigned i = 0; i < fz_world.fw_own_range_count; i++) {
		const uint64_t *range = fz_world.fw_own_ranges[i];
		if (addr >= range[0] && addr < range[1] && range[1] > end)
			end = range[1];
		else if (range[0] > addr && range[0] < *next)
			*next = range[0];
	}
	return end;
}

void
fz_vm_release(void)
{
	mach_port_t self = fz_task_self();
	uint64_t image_start, heap_end;
	vm_address_t addr = 0;
	vm_size_t size;

	fz_fork_image(&image_start, &heap_end);
	/* A region may be partly the worker's (an allocation next to its
	 * own, merged with it): only the rest goes. */
	for (int i = 0; i < 4096 && fz_vm_next_region(&addr, &size); i++) {
		uint64_t end = addr + size, next;
		for (uint64_t at = addr; at < end;) {
			uint64_t own_end = fz_vm_own_end(at, heap_end, &next);
			if (own_end != 0) {
				at = own_end;
				continue;
			}
			next = next < end ? next : end;
			fz_vm_deallocate(self, at, next - at);
			at = next;
		}
		addr = end;
	}
	/* A deallocation sends what the pagers of objects that ended
	 * elsewhere (in a message destroyed) have still to get. */
	fz_vm_deallocate(self, FZ_UNMAPPED_BASE, FZ_PAGE);
	memset(fz_world.fw_regions, 0, sizeof(fz_world.fw_regions));
	memset(fz_world.fw_region_sizes, 0, sizeof(fz_world.fw_region_sizes));
}

const struct fz_op fz_vm_ops[] = {
    {"vm-inherit", fz_op_vm_inherit, 3, 0, 0},
    {"vm-copy", fz_op_vm_copy, 3, 0, 0},
    {"vm-region", fz_op_vm_region, 3, 0, 0},
    {"vm-map", fz_op_vm_map, 3, 0, 0},
    {"vm-wire", fz_op_vm_wire, 3, 0, 0},
    {"vm-pageout", fz_op_vm_pageout, 3, 0, 0},
    {"fork-memory", fz_op_fork_memory, 2, 0, 1},
};
const unsigned fz_vm_op_count = FZ_ARRAY_SIZE(fz_vm_ops);
