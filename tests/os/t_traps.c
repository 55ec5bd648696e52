/*
 * Traps with bad arguments: every bad pointer, range or value must come
 * back as an error code, never as a kernel fault, and must change
 * nothing.  Also checks that threads and memory that come and go leave
 * the kernel's accounting where it was.
 */
#include "lib/tap.h"
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/traps.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
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

/* vm_allocate and friends, RPCs on the task port: bad ranges refused. */
static void
test_vm_allocate(void)
{
	mach_port_t self = mach_task_self();
	vm_address_t addr = 0;

	tap_is_int(vm_allocate(self, &addr, 0, TRUE), KERN_INVALID_ARGUMENT,
		   "vm_allocate of 0 bytes");
	addr = 0x200000001ul;
	tap_is_int(vm_allocate(self, &addr, 4096, FALSE), KERN_INVALID_ADDRESS,
		   "vm_allocate at an unaligned address");
	addr = (vm_address_t)KERNEL_ADDRESS;
	tap_is_int(vm_allocate(self, &addr, 4096, FALSE), KERN_INVALID_ADDRESS,
		   "vm_allocate in kernel space");
	addr = 0x00007ffffffff000ul;
	tap_is_int(vm_allocate(self, &addr, 8192, FALSE), KERN_INVALID_ADDRESS,
		   "vm_allocate across the end of user space");
	addr = 0x400000; /* this program's text */
	tap_is_int(vm_allocate(self, &addr, 4096, FALSE), KERN_NO_SPACE,
		   "vm_allocate over memory in use");
	struct kernel_stats before, after;
	mach_kernel_stats(&before);
	addr = 0;
	tap_is_int(vm_allocate(self, &addr, 1ul << 46, TRUE), KERN_SUCCESS,
		   "vm_allocate of more than all memory: a reservation");
	mach_kernel_stats(&after);
	tap_ok(after.ks_pages_free + 16 >= before.ks_pages_free,
	       "it takes no pages until touched (%lu free, %lu before)",
	       after.ks_pages_free, before.ks_pages_free);
	tap_is_int(vm_deallocate(self, addr, 1ul << 46), KERN_SUCCESS,
		   "and gives it back");
	tap_is_int(vm_protect(self, 0x7000000000ul, 4096, FALSE, VM_PROT_READ),
		   KERN_INVALID_ADDRESS, "vm_protect of unallocated memory");
	tap_is_int(vm_write(self, 0x7000000000ul, (vm_offset_t) "x", 1),
		   KERN_INVALID_ADDRESS, "vm_write to unallocated memory");

	addr = 0;
	int ok = vm_allocate(self, &addr, 3 * 4096, TRUE) == KERN_SUCCESS;
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
	tap_is_int(vm_deallocate(self, addr, 3 * 4096), KERN_SUCCESS,
		   "vm_deallocate");
}

static void test_other_traps(void);

static void
test_other_traps(void)
{
	struct kernel_stats stats;
	mach_port_t thread;

	tap_is_int(mach_null_trap(), KERN_SUCCESS, "the null trap");
	tap_is_int(raw_trap(1000, 0, 0), KERN_INVALID_ARGUMENT,
		   "an unknown trap number");
	tap_is_int(raw_trap(-1, 0, 0), KERN_INVALID_ARGUMENT,
		   "a negative trap number");
	tap_is_int(raw_trap(65, 0, 0), KERN_INVALID_ARGUMENT,
		   "a retired debug trap number");
	tap_is_int(raw_trap(MACH_TRAP_SET_TLS, (long)KERNEL_ADDRESS, 0),
		   KERN_INVALID_ADDRESS, "set_tls to a kernel address");
	mach_port_t port = mach_reply_port();
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = port,
	};
	mach_msg_trap(&msg, MACH_SEND_MSG, sizeof(msg), 0, 0, 0);
	tap_is_int(mach_msg_trap((mach_msg_header_t *)KERNEL_ADDRESS,
				 MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 64, port,
				 0),
		   MACH_RCV_INVALID_DATA, "a receive into a kernel address");
	mach_port_destroy(mach_task_self(), port);
	tap_is_int(mach_kernel_stats(&stats), KERN_SUCCESS,
		   "host_info(HOST_KERNEL_STATS)");
	tap_is_int(thread_create(mach_task_self(), &thread), KERN_SUCCESS,
		   "thread_create");
	struct x86_64_thread_state state = {.rip = (uint64_t)KERNEL_ADDRESS};
	tap_is_int(thread_set_state(thread, THREAD_STATE_X86_64,
				    (thread_state_t)&state, 3),
		   KERN_INVALID_ARGUMENT,
		   "thread_set_state with too few words");
	tap_is_int(thread_terminate(thread), KERN_SUCCESS,
		   "thread_terminate of a thread never started");
	mach_port_deallocate(mach_task_self(), thread);
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

	/* The stacks' pages are this task's memory, made at the first
	 * touch: touched before counting, they are not the threads'. */
	memset(stacks, 0, sizeof(stacks));
	mach_thread_priority(MACH_PRIORITY_MAX);
	mach_kernel_stats(&before);
	for (int i = 0; i < N; i++)
		created +=
		    thread_spawn(short_thread, NULL, stacks[i], STACK) > 0;
	while (threads_done < created)
		swtch_pri(0);
	/* Each exited thread is freed by the next one to run. */
	swtch_pri(0);
	mach_kernel_stats(&after);
	mach_thread_priority(MACH_PRIORITY_DEFAULT);
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
	tap_plan(34);
	test_console_write();
	test_vm_allocate();
	test_other_traps();
	test_thread_accounting();
	return tap_done();
}
