/*
 * Traps with bad arguments: every bad pointer, range or value must come
 * back as an error code, never as a kernel fault, and must change
 * nothing.  Also checks that threads and memory that come and go leave
 * the kernel's accounting where it was.
 */
#include "lib/tap.h"
#include <mach/mach_traps.h>
#include <mach/traps.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UNMAPPED       ((void *)0x0000700000000000ul)
#define KERNEL_ADDRESS ((void *)0xffffffff80100000ul)

/* A trap by number, for numbers libmach has no function for. */
static long
raw_trap(long number, long a, long b)
{
	long result;
	__asm__ volatile("syscall"
			 : "=a"(result)
			 : "a"(number), "D"(a), "S"(b)
			 : "rcx", "r11", "memory");
	return result;
}

static void
test_console_write(void)
{
	tap_is_int(debug_console_write(NULL, 10), KERN_INVALID_ADDRESS,
		   "console_write from address 0");
	tap_is_int(debug_console_write(UNMAPPED, 10), KERN_INVALID_ADDRESS,
		   "console_write from an unmapped address");
	tap_is_int(debug_console_write(KERNEL_ADDRESS, 10),
		   KERN_INVALID_ADDRESS, "console_write from a kernel address");
	tap_is_int(debug_console_write((char *)0x00007ffffffffff0ul, 64),
		   KERN_INVALID_ADDRESS,
		   "console_write across the end of user space");
	tap_is_int(debug_console_write("x", (size_t)-1), KERN_INVALID_ARGUMENT,
		   "console_write of a huge length");
	tap_is_int(debug_console_write("", 0), KERN_SUCCESS,
		   "console_write of nothing");
}

static void
test_vm_allocate(void)
{
	vm_address_t addr = 0;

	tap_is_int(debug_vm_allocate(UNMAPPED, 4096, DEBUG_VM_ANYWHERE),
		   KERN_INVALID_ADDRESS,
		   "vm_allocate with an unmapped result pointer");
	tap_is_int(debug_vm_allocate(KERNEL_ADDRESS, 4096, DEBUG_VM_ANYWHERE),
		   KERN_INVALID_ADDRESS,
		   "vm_allocate with a kernel result pointer");
	tap_is_int(debug_vm_allocate(&addr, 0, DEBUG_VM_ANYWHERE),
		   KERN_INVALID_ARGUMENT, "vm_allocate of 0 bytes");
	addr = 0x200000001ul;
	tap_is_int(debug_vm_allocate(&addr, 4096, DEBUG_VM_FIXED),
		   KERN_INVALID_ADDRESS, "vm_allocate at an unaligned address");
	addr = (vm_address_t)KERNEL_ADDRESS;
	tap_is_int(debug_vm_allocate(&addr, 4096, DEBUG_VM_FIXED),
		   KERN_INVALID_ADDRESS, "vm_allocate in kernel space");
	addr = 0x00007ffffffff000ul;
	tap_is_int(debug_vm_allocate(&addr, 8192, DEBUG_VM_FIXED),
		   KERN_INVALID_ADDRESS,
		   "vm_allocate across the end of user space");
	addr = 0x400000; /* this program's text */
	tap_is_int(debug_vm_allocate(&addr, 4096, DEBUG_VM_FIXED),
		   KERN_NO_SPACE, "vm_allocate over memory in use");
	addr = 0;
	tap_is_int(debug_vm_allocate(&addr, 1ul << 46, DEBUG_VM_ANYWHERE),
		   KERN_RESOURCE_SHORTAGE,
		   "vm_allocate of more than all memory");

	addr = 0;
	int ok = debug_vm_allocate(&addr, 3 * 4096, DEBUG_VM_ANYWHERE) ==
		 KERN_SUCCESS;
	tap_ok(ok && addr != 0 && addr % 4096 == 0,
	       "vm_allocate anywhere gives a page-aligned address (%#lx)",
	       (unsigned long)addr);
	int zero = ok;
	for (size_t i = 0; ok && i < 3 * 4096; i++)
		zero &= ((volatile char *)addr)[i] == 0;
	tap_ok(zero, "new memory is zero-filled");
	if (ok)
		memset((void *)addr, 0x5a, 3 * 4096);
	tap_ok(ok, "new memory is writable");
}

static void test_other_traps(void);

static void
test_other_traps(void)
{
	struct kernel_stats stats;

	tap_is_int(mach_null_trap(), KERN_SUCCESS, "the null trap");
	tap_is_int(raw_trap(1000, 0, 0), KERN_INVALID_ARGUMENT,
		   "an unknown trap number");
	tap_is_int(raw_trap(-1, 0, 0), KERN_INVALID_ARGUMENT,
		   "a negative trap number");
	tap_is_int(debug_kernel_stats(UNMAPPED, sizeof(stats)),
		   KERN_INVALID_ADDRESS, "kernel_stats to an unmapped address");
	tap_is_int(debug_kernel_stats(&stats, 8), KERN_SUCCESS,
		   "kernel_stats of a shorter size");
	tap_is_int(debug_thread_create((void (*)(void *))KERNEL_ADDRESS,
				       malloc(4096) + 4096, NULL),
		   0, "thread_create at a kernel pc is refused");
	tap_is_int(debug_thread_create((void (*)(void *))test_other_traps,
				       UNMAPPED + 7, NULL),
		   0, "thread_create with a misaligned stack is refused");
}

static volatile int threads_done;

static void
short_thread(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&threads_done, 1, __ATOMIC_SEQ_CST);
}

/*
 * Threads that come and go leave the kernel's counts as they were.  At
 * the highest priority (inherited by the new threads) no other task runs
 * and changes the counts meanwhile.
 */
static void
test_thread_accounting(void)
{
	struct kernel_stats before, after;
	enum { N = 20, STACK = 16384 };
	static char stacks[N][STACK] __attribute__((aligned(16)));
	int created = 0;

	debug_thread_priority(MACH_PRIORITY_MAX);
	debug_kernel_stats(&before, sizeof(before));
	for (int i = 0; i < N; i++)
		created +=
		    thread_spawn(short_thread, NULL, stacks[i], STACK) > 0;
	while (threads_done < created)
		swtch_pri(0);
	/* Each exited thread is freed by the next one to run. */
	swtch_pri(0);
	debug_kernel_stats(&after, sizeof(after));
	debug_thread_priority(MACH_PRIORITY_DEFAULT);
	tap_is_int(created, N, "%d threads created", N);
	tap_is_int(after.ks_threads, before.ks_threads,
		   "threads counted alive after they all exited");
	tap_is_int(after.ks_zone_objects, before.ks_zone_objects,
		   "zone objects in use after they all exited");
	tap_is_int(after.ks_pages_free, before.ks_pages_free,
		   "free pages after they all exited");
}

int
main(void)
{
	tap_plan(28);
	test_console_write();
	test_vm_allocate();
	test_other_traps();
	test_thread_accounting();
	return tap_done();
}
