/*
 * t_cow: the virtual memory system's objects: memory mapped lazily,
 * copy-on-write for child tasks and out-of-line memory, inheritance,
 * maximum protections, and the calls vm_copy, vm_region, vm_map,
 * vm_inherit and vm_statistics.
 *
 * Copies are checked through their data (each side sees its own after a
 * write) and through the kernel's page counts (a copy takes no pages
 * until written): this test runs alone in its boot (cow.boot).
 */
#include "lib/counts.h"
#include "lib/tap.h"
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/task.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>
#include <stdint.h>
#include <string.h>

#define PAGE 4096

static mach_port_t self;

static void
fill(vm_address_t addr, vm_size_t size, int seed)
{
	for (vm_size_t i = 0; i < size; i++)
		((volatile char *)addr)[i] = (char)(i * 7 + seed);
}

static int
holds(vm_address_t addr, vm_size_t size, int seed)
{
	for (vm_size_t i = 0; i < size; i++)
		if (((volatile char *)addr)[i] != (char)(i * 7 + seed))
			return 0;
	return 1;
}

/* Whether task's memory at addr holds size bytes of seed's pattern. */
static int
task_holds(mach_port_t task, vm_address_t addr, vm_size_t size, int seed)
{
	vm_offset_t data;
	mach_msg_type_number_t count;

	if (vm_read(task, addr, size, &data, &count) != KERN_SUCCESS)
		return 0;
	int ok = count == size && holds(data, size, seed);
	vm_deallocate(self, data, count);
	return ok;
}

/* Writes seed's pattern into task's memory at addr (size bytes). */
static kern_return_t
task_fill(mach_port_t task, vm_address_t addr, vm_size_t size, int seed)
{
	vm_address_t buf = 0;

	vm_allocate(self, &buf, size, TRUE);
	fill(buf, size, seed);
	kern_return_t kr = vm_write(task, addr, buf, size);
	vm_deallocate(self, buf, size);
	return kr;
}

static long
pages_free(void)
{
	return (long)counts_now().ks_pages_free;
}

/* Memory costs nothing until touched, and a page once touched. */
static void
test_lazy(void)
{
	const vm_size_t size = 64ul << 20;
	vm_address_t addr = 0;
	struct kernel_stats before = counts_now();

	tap_is_int(vm_allocate(self, &addr, size, TRUE), KERN_SUCCESS,
		   "allocate 64 MiB");
	struct kernel_stats mid = counts_now();
	tap_ok(before.ks_pages_free - mid.ks_pages_free < 8,
	       "it takes no pages (%lu free before, %lu after)",
	       before.ks_pages_free, mid.ks_pages_free);
	((volatile char *)addr)[0] = 1;
	((volatile char *)addr)[size / 2] = 2;
	tap_ok(((volatile char *)addr)[size - 1] == 0,
	       "an untouched page reads zero");
	struct kernel_stats touched = counts_now();
	tap_is_int(touched.ks_pages_resident - mid.ks_pages_resident, 3,
		   "three touched pages are three resident pages");
	vm_deallocate(self, addr, size);
	tap_is_int(counts_now().ks_pages_resident, before.ks_pages_resident,
		   "and they go with the region");

	addr = 0;
	vm_allocate(self, &addr, 8 * PAGE, TRUE);
	fill(addr, 8 * PAGE, 0);
	mid = counts_now();
	vm_deallocate(self, addr + 2 * PAGE, 4 * PAGE);
	tap_is_int(mid.ks_pages_resident - counts_now().ks_pages_resident, 4,
		   "deallocating the middle half of a region frees its pages");
	tap_ok(holds(addr, 2 * PAGE, 0) && holds(addr + 6 * PAGE, 2 * PAGE, 0),
	       "the rest keeps its data");
	vm_deallocate(self, addr, 8 * PAGE);
}

/* A child task gets its parent's memory copy-on-write. */
static void
test_fork_copy(void)
{
	const vm_size_t size = 16 * PAGE;
	vm_address_t buf = 0;
	mach_port_t child;
	vm_statistics_data_t vs_before, vs_after;

	vm_allocate(self, &buf, size, TRUE);
	fill(buf, size, 1);
	long before = pages_free();
	tap_is_int(task_create(self, TRUE, &child), KERN_SUCCESS,
		   "task_create inheriting memory");
	tap_ok(before - pages_free() < 12,
	       "the child's copy of 16 touched pages takes no data pages "
	       "(%ld pages used)",
	       before - pages_free());
	tap_ok(task_holds(child, buf, size, 1), "the child sees the data");
	vm_statistics(self, &vs_before);
	fill(buf, PAGE, 2);
	vm_statistics(self, &vs_after);
	tap_is_int(vs_after.cow_faults - vs_before.cow_faults, 1,
		   "the parent's write copies one page");
	tap_ok(task_holds(child, buf, PAGE, 1),
	       "the child still sees the old data there");
	tap_is_int(task_fill(child, buf + PAGE, PAGE, 3), KERN_SUCCESS,
		   "write into the child's copy");
	tap_ok(holds(buf + PAGE, PAGE, 1) &&
		   task_holds(child, buf + PAGE, PAGE, 3),
	       "each sees its own write only");
	task_terminate(child);
	mach_port_deallocate(self, child);
	vm_deallocate(self, buf, size);
}

/* VM_INHERIT_SHARE, _COPY and _NONE per region. */
static void
test_inherit(void)
{
	vm_address_t shared = 0, none = 0;
	mach_port_t child;
	vm_address_t addr;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inherit;
	boolean_t is_shared;
	mach_port_t name;
	vm_offset_t offset;

	vm_allocate(self, &shared, PAGE, TRUE);
	vm_allocate(self, &none, PAGE, TRUE);
	fill(shared, PAGE, 4);
	tap_is_int(vm_inherit(self, shared, PAGE, VM_INHERIT_SHARE),
		   KERN_SUCCESS, "vm_inherit share");
	tap_is_int(vm_inherit(self, none, PAGE, VM_INHERIT_NONE), KERN_SUCCESS,
		   "vm_inherit none");
	tap_is_int(vm_inherit(self, none, PAGE, 7), KERN_INVALID_ARGUMENT,
		   "vm_inherit of a bad value is refused");
	task_create(self, TRUE, &child);
	vm_offset_t data;
	mach_msg_type_number_t count;
	tap_is_int(vm_read(child, none, PAGE, &data, &count),
		   KERN_INVALID_ADDRESS,
		   "a region inherited as none is not there");
	fill(shared, PAGE, 5);
	tap_ok(task_holds(child, shared, PAGE, 5),
	       "the parent's write to a shared region reaches the child");
	task_fill(child, shared, PAGE, 6);
	tap_ok(holds(shared, PAGE, 6), "and the child's reaches the parent");
	addr = shared;
	tap_is_int(vm_region(child, &addr, &size, &prot, &max, &inherit,
			     &is_shared, &name, &offset),
		   KERN_SUCCESS, "vm_region in the child");
	tap_ok(addr == shared && size == PAGE && is_shared &&
		   inherit == VM_INHERIT_SHARE && prot == VM_PROT_DEFAULT,
	       "the region is shared, as inherited");
	task_terminate(child);
	mach_port_deallocate(self, child);
	vm_deallocate(self, shared, PAGE);
	vm_deallocate(self, none, PAGE);
}

/*
 * A copy of shared memory (copy delay): read before and after the
 * shared page is written, the copy keeps the data of its moment, even
 * where it had mapped the shared page itself.
 */
static void
test_copy_delay(void)
{
	vm_address_t shared = 0;
	vm_offset_t copy;
	mach_msg_type_number_t count;
	mach_port_t child;

	vm_allocate(self, &shared, PAGE, TRUE);
	fill(shared, PAGE, 20);
	vm_inherit(self, shared, PAGE, VM_INHERIT_SHARE);
	task_create(self, TRUE, &child); /* the memory is shared now */
	tap_is_int(vm_read(self, shared, PAGE, &copy, &count), KERN_SUCCESS,
		   "vm_read of shared memory");
	tap_ok(holds(copy, PAGE, 20), "the copy reads the data");
	fill(shared, PAGE, 21);
	tap_ok(holds(copy, PAGE, 20) && task_holds(child, shared, PAGE, 21),
	       "after a write to the shared page the copy keeps its data, "
	       "the sharer sees the write");
	task_terminate(child);
	mach_port_deallocate(self, child);
	vm_deallocate(self, copy, count);
	vm_deallocate(self, shared, PAGE);
}

/* Maximum protections, vm_region, and vm_write's protection check. */
static void
test_protect(void)
{
	vm_address_t base = 0, addr, buf = 0;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inherit;
	boolean_t is_shared;
	mach_port_t name;
	vm_offset_t offset;

	vm_allocate(self, &base, 3 * PAGE, TRUE);
	vm_allocate(self, &buf, PAGE, TRUE);
	tap_is_int(vm_protect(self, base + PAGE, PAGE, TRUE, VM_PROT_READ),
		   KERN_SUCCESS, "lower the middle page's maximum to read");
	tap_is_int(vm_protect(self, base, 3 * PAGE, FALSE, VM_PROT_DEFAULT),
		   KERN_PROTECTION_FAILURE, "read/write over it is refused");
	tap_is_int(vm_protect(self, base + PAGE, PAGE, TRUE, VM_PROT_ALL),
		   KERN_PROTECTION_FAILURE, "so is raising the maximum");
	addr = base + PAGE;
	vm_region(self, &addr, &size, &prot, &max, &inherit, &is_shared, &name,
		  &offset);
	tap_ok(addr == base + PAGE && size == PAGE && prot == VM_PROT_READ &&
		   max == VM_PROT_READ && inherit == VM_INHERIT_COPY,
	       "vm_region: one page, read only, maximum read");
	addr = base;
	vm_region(self, &addr, &size, &prot, &max, &inherit, &is_shared, &name,
		  &offset);
	tap_ok(addr == base && size == PAGE && prot == VM_PROT_DEFAULT &&
		   max == VM_PROT_ALL,
	       "vm_region: the page below is read/write, maximum all");
	tap_is_int(vm_write(self, base + PAGE, buf, PAGE),
		   KERN_PROTECTION_FAILURE, "vm_write to a read-only page");
	addr = 0x7ffffff00000ul;
	tap_is_int(vm_region(self, &addr, &size, &prot, &max, &inherit,
			     &is_shared, &name, &offset),
		   KERN_NO_SPACE, "vm_region above the last region");
	vm_deallocate(self, base, 3 * PAGE);
	vm_deallocate(self, buf, PAGE);
}

/* vm_copy: a copy that later writes to the source do not change. */
static void
test_copy(void)
{
	vm_address_t src = 0, dst = 0;

	vm_allocate(self, &src, 3 * PAGE, TRUE);
	vm_allocate(self, &dst, 3 * PAGE, TRUE);
	fill(src, 3 * PAGE, 7);
	tap_is_int(vm_copy(self, src, 2 * PAGE, dst), KERN_SUCCESS,
		   "vm_copy of two pages");
	fill(src, PAGE, 8);
	tap_ok(holds(dst, 2 * PAGE, 7), "the copy keeps the data of the copy");
	tap_is_int(vm_copy(self, src + 10, 100, dst + 2 * PAGE + 20),
		   KERN_SUCCESS, "vm_copy of 100 unaligned bytes");
	tap_ok(memcmp((void *)(src + 10), (void *)(dst + 2 * PAGE + 20), 100) ==
		       0 &&
		   ((char *)dst)[2 * PAGE + 19] == 0,
	       "they land where asked, nothing around them");
	vm_protect(self, dst, PAGE, FALSE, VM_PROT_READ);
	tap_is_int(vm_copy(self, src, PAGE, dst), KERN_PROTECTION_FAILURE,
		   "vm_copy to a read-only page");
	tap_is_int(vm_copy(self, src, PAGE, dst + 3 * PAGE),
		   KERN_INVALID_ADDRESS, "vm_copy to unmapped memory");
	vm_deallocate(self, src, 3 * PAGE);
	vm_deallocate(self, dst, 3 * PAGE);
}

/* vm_map of zero memory: alignment, protections (a pager's memory
 * object: t_pager.c). */
static void
test_map(void)
{
	vm_address_t addr = 0;

	tap_is_int(vm_map(self, &addr, 4 * PAGE, 0xffff, TRUE, MACH_PORT_NULL,
			  0, FALSE, VM_PROT_READ, VM_PROT_DEFAULT,
			  VM_INHERIT_NONE),
		   KERN_SUCCESS, "vm_map of zero memory, 64 KiB aligned");
	tap_ok(addr != 0 && (addr & 0xffff) == 0 &&
		   ((volatile char *)addr)[3 * PAGE] == 0,
	       "aligned, and reads zero");
	tap_is_int(vm_protect(self, addr, PAGE, FALSE, VM_PROT_ALL),
		   KERN_PROTECTION_FAILURE, "its maximum is as mapped");
	vm_deallocate(self, addr, 4 * PAGE);
	addr = 0;
	tap_is_int(vm_map(self, &addr, PAGE, 0, TRUE, MACH_PORT_NULL, 0, FALSE,
			  VM_PROT_ALL, VM_PROT_READ, VM_INHERIT_COPY),
		   KERN_INVALID_ARGUMENT, "vm_map with more than the maximum");
}

/* 64 MiB out-of-line: no data copied, each side its own after writes. */
static void
test_ool(void)
{
	const vm_size_t size = 64ul << 20;
	vm_address_t buf = 0;
	mach_port_t port;
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_ool_descriptor_t ool;
		mach_msg_trailer_t trailer;
	} msg;

	vm_allocate(self, &buf, size, TRUE);
	for (vm_size_t i = 0; i < size; i += PAGE)
		((volatile char *)buf)[i] = (char)(i / PAGE);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	long before = pages_free();
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0) |
			       MACH_MSGH_BITS_COMPLEX;
	msg.header.msgh_size = sizeof(msg) - sizeof(msg.trailer);
	msg.header.msgh_remote_port = port;
	msg.body.msgh_descriptor_count = 1;
	msg.ool.address = (void *)buf;
	msg.ool.size = size;
	msg.ool.copy = MACH_MSG_VIRTUAL_COPY;
	msg.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	mach_msg_return_t mr =
	    mach_msg(&msg.header, MACH_SEND_MSG | MACH_RCV_MSG,
		     msg.header.msgh_size, sizeof(msg), port, 0, 0);
	tap_is_int(mr, MACH_MSG_SUCCESS, "send 64 MiB out-of-line to self");
	vm_address_t got = (vm_address_t)msg.ool.address;
	tap_ok(before - pages_free() < 64,
	       "the copy took no data pages (%ld pages used)",
	       before - pages_free());
	tap_ok(got != buf && ((volatile char *)got)[PAGE * 5] == 5 &&
		   ((volatile char *)got)[size - PAGE] ==
		       (char)(size / PAGE - 1),
	       "the received region holds the data");
	((volatile char *)got)[0] = 42;
	((volatile char *)buf)[PAGE] = 43;
	tap_ok(((volatile char *)buf)[0] == 0 &&
		   ((volatile char *)got)[PAGE] == 1,
	       "each side's write stays its own");
	vm_deallocate(self, got, size);
	vm_deallocate(self, buf, size);
	mach_port_destroy(self, port);
}

/* Repeated child tasks do not grow shadow chains without bound. */
static void
test_collapse(void)
{
	vm_address_t buf = 0;
	enum { ROUNDS = 40 };

	vm_allocate(self, &buf, 4 * PAGE, TRUE);
	fill(buf, 4 * PAGE, 9);
	struct kernel_stats before = counts_now();
	for (int i = 0; i < ROUNDS; i++) {
		mach_port_t child;
		task_create(self, TRUE, &child);
		((volatile char *)buf)[PAGE] = (char)i;
		task_terminate(child);
		mach_port_deallocate(self, child);
	}
	((volatile char *)buf)[2 * PAGE] = 1; /* a fault after the last */
	struct kernel_stats after = counts_now();
	tap_ok(after.ks_vm_objects <= before.ks_vm_objects + 1,
	       "%d fork-and-write rounds: %lu objects before, %lu after",
	       ROUNDS, before.ks_vm_objects, after.ks_vm_objects);
	tap_ok(((volatile char *)buf)[PAGE] == ROUNDS - 1 &&
		   holds(buf + 3 * PAGE, PAGE, 9),
	       "and the data is right");
	vm_deallocate(self, buf, 4 * PAGE);
}

/* A chain of child tasks 50 deep, each made from the one before, which
 * then ends: shadow chains do not grow with it. */
static void
test_chain(void)
{
	enum { DEPTH = 50 };
	vm_address_t buf = 0;
	mach_port_t prev = self, next;

	vm_allocate(self, &buf, 2 * PAGE, TRUE);
	fill(buf, 2 * PAGE, 10);
	struct kernel_stats before = counts_now();
	int made = 0;
	for (int i = 0; i < DEPTH; i++) {
		if (task_create(prev, TRUE, &next) != KERN_SUCCESS)
			break;
		made++;
		task_fill(next, buf, PAGE, 11 + i); /* its own page now */
		if (prev != self) {
			task_terminate(prev);
			mach_port_deallocate(self, prev);
		}
		prev = next;
	}
	struct kernel_stats after = counts_now();
	tap_ok(made == DEPTH && task_holds(prev, buf, PAGE, 11 + DEPTH - 1) &&
		   task_holds(prev, buf + PAGE, PAGE, 10 + PAGE * 7 % 256),
	       "a chain of %d child tasks, each from the last: the last "
	       "holds its own data and the first's",
	       made);
	tap_ok(after.ks_vm_objects <= before.ks_vm_objects + 4,
	       "memory objects stay bounded (%lu before, %lu after)",
	       before.ks_vm_objects, after.ks_vm_objects);
	if (prev != self) {
		task_terminate(prev);
		mach_port_deallocate(self, prev);
	}
	vm_deallocate(self, buf, 2 * PAGE);
}

/* vm_wire: the privileged host port only; wired pages are resident. */
static void
test_wire(void)
{
	mach_port_t priv = mach_host_priv_self();
	vm_address_t addr = 0;

	vm_allocate(self, &addr, 4 * PAGE, TRUE);
	tap_is_int(
	    vm_wire(mach_host_self(), self, addr, 4 * PAGE, VM_PROT_DEFAULT),
	    KERN_INVALID_HOST, "vm_wire on the plain host port");
	struct kernel_stats before = counts_now();
	tap_is_int(vm_wire(priv, self, addr, 4 * PAGE, VM_PROT_DEFAULT),
		   KERN_SUCCESS, "vm_wire of 4 fresh pages");
	tap_is_int(counts_now().ks_pages_resident - before.ks_pages_resident, 4,
		   "they are resident, untouched");
	tap_is_int(vm_wire(priv, self, addr + 4 * PAGE, PAGE, VM_PROT_READ),
		   KERN_INVALID_ADDRESS, "vm_wire of a hole");
	tap_is_int(vm_wire(priv, self, addr, 4 * PAGE, VM_PROT_NONE),
		   KERN_SUCCESS, "unwired");
	vm_deallocate(self, addr, 4 * PAGE);
	mach_port_deallocate(self, priv);
}

/* Ranges that wrap, reach the kernel's half or exceed user space get
 * Mach's errors from the calls new with the VM. */
static void
test_misuse(void)
{
	const vm_address_t top = 0x00007ffffffff000ul;
	const vm_address_t kernel = 0xffff800000000000ul;
	vm_address_t addr = 0, other = 0;

	vm_allocate(self, &other, PAGE, TRUE);
	tap_is_int(vm_inherit(self, top, 2 * PAGE, VM_INHERIT_SHARE),
		   KERN_INVALID_ADDRESS, "vm_inherit past user space");
	tap_is_int(
	    vm_protect(self, other, ~0ul - other + 2, FALSE, VM_PROT_READ),
	    KERN_INVALID_ADDRESS, "vm_protect of a range that wraps");
	tap_is_int(vm_copy(self, other, 1ul << 62, other), KERN_INVALID_ADDRESS,
		   "vm_copy of a huge size");
	tap_is_int(vm_copy(self, kernel, PAGE, other), KERN_INVALID_ADDRESS,
		   "vm_copy from the kernel's half");
	addr = kernel;
	tap_is_int(vm_map(self, &addr, PAGE, 0, FALSE, MACH_PORT_NULL, 0, FALSE,
			  VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_COPY),
		   KERN_INVALID_ADDRESS, "vm_map at a kernel address");
	addr = 0;
	tap_is_int(vm_map(self, &addr, 0, 0, TRUE, MACH_PORT_NULL, 0, FALSE,
			  VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_COPY),
		   KERN_INVALID_ARGUMENT, "vm_map of no bytes");
	tap_is_int(vm_map(self, &addr, 1ul << 62, 0, TRUE, MACH_PORT_NULL, 0,
			  FALSE, VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_COPY),
		   KERN_NO_SPACE, "vm_map of more than user space");
	addr = other;
	tap_is_int(vm_map(self, &addr, PAGE, 0, FALSE, MACH_PORT_NULL, 0, FALSE,
			  VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_COPY),
		   KERN_NO_SPACE, "vm_map over memory in use");
	vm_deallocate(self, other, PAGE);
}

int
main(void)
{
	self = mach_task_self();
	tap_plan(64);
	struct kernel_stats before = counts_now();
	test_lazy();
	test_fork_copy();
	test_inherit();
	test_copy_delay();
	test_protect();
	test_copy();
	test_map();
	test_ool();
	test_collapse();
	test_chain();
	test_wire();
	test_misuse();
	counts_check(&before, COUNTS_PAGES, "all of it");
	return tap_done();
}
