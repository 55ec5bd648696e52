/*
 * The rows of out-of-line memory and task memory, and the timer probes.
 *
 * What one iteration is:
 *	ool_self_4k		one mach_msg_trap with MACH_SEND_MSG |
 *				MACH_RCV_MSG on a port of one's own: a
 *				message carrying one out-of-line region of
 *				4 KiB (MAKE_SEND of the port, no reply port)
 *				is queued, then received; the region it
 *				arrives in is deallocated outside the timed
 *				part
 *				(the region is written once before the
 *				first iteration: its pages exist, and go
 *				copy-on-write)
 *	ool_self_1m		the same with a region of 1 MiB
 *	ool_self_64m		the same with a region of 64 MiB
 *	ool_self_1m_dealloc	the same with the descriptor's deallocate
 *				flag set: the region, allocated and written
 *				outside the timed part, leaves the sender
 *	vm_allocate_1m		vm_allocate of 1 MiB (zero-filled) in this
 *				task; vm_deallocate is outside the timed part
 *
 * A probe (bench_probes in bench.c) is run once and prints
 *
 *	BENCH-PROBE name=NAME ticks=T expected=E
 *
 * T timer ticks counted by the kernel (host_info HOST_KERNEL_STATS)
 * across one large operation, E the ticks the TSC says elapsed meanwhile
 * (its difference over ks_tsc_per_tick).  A tick falls due while
 * interrupts are off is taken when they come back on, but of several
 * only one: E - T is the number lost.
 */
#include "bench.h"

#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/vm_map.h>
#include <string.h>

#define BENCH_PAGE 4096

struct bench_ool_msg {
	mach_msg_header_t bo_header;
	mach_msg_body_t bo_body;
	mach_msg_ool_descriptor_t bo_data;
};

/* Room for the message and any trailer the kernel appends. */
union bench_ool_room {
	struct bench_ool_msg br_msg;
	char br_room[sizeof(struct bench_ool_msg) + 64];
};

static void
bench_ool_compose(struct bench_ool_msg *msg, mach_port_t port, void *data,
		  mach_msg_size_t size, boolean_t deallocate)
{
	memset(msg, 0, sizeof(*msg));
	msg->bo_header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg->bo_header.msgh_size = sizeof(*msg);
	msg->bo_header.msgh_remote_port = port;
	msg->bo_header.msgh_id = BENCH_MSG_NULL;
	msg->bo_body.msgh_descriptor_count = 1;
	msg->bo_data.address = data;
	msg->bo_data.size = size;
	msg->bo_data.deallocate = deallocate;
	msg->bo_data.copy = MACH_MSG_PHYSICAL_COPY;
	msg->bo_data.type = MACH_MSG_OOL_DESCRIPTOR;
}

/*
 * Times one region of size bytes sent to a port of one's own and
 * received, each iteration; with deallocate, a fresh region each time.
 */
static const char *
bench_ool_self(struct bench_run *run, mach_msg_size_t size,
	       boolean_t deallocate)
{
	mach_port_t self = mach_task_self();
	mach_port_t port = mach_reply_port();
	union bench_ool_room u;
	vm_address_t region = 0;
	const char *why = NULL;

	if (!MACH_PORT_VALID(port))
		return "mach_reply_port failed";
	if (!deallocate) {
		if (vm_allocate(self, &region, size, TRUE) != KERN_SUCCESS) {
			mach_port_destroy(self, port);
			return "vm_allocate failed";
		}
		memset((void *)region, 1, size);
	}
	for (int i = 0; i < bench_total(run) && why == NULL; i++) {
		if (deallocate) {
			region = 0;
			if (vm_allocate(self, &region, size, TRUE) !=
			    KERN_SUCCESS) {
				why = "vm_allocate failed";
				break;
			}
			memset((void *)region, i, size);
		}
		bench_ool_compose(&u.br_msg, port, (void *)region, size,
				  deallocate);
		uint64_t start = bench_clock_start();
		mach_msg_return_t mr = mach_msg_trap(
		    &u.br_msg.bo_header, MACH_SEND_MSG | MACH_RCV_MSG,
		    sizeof(struct bench_ool_msg), sizeof(u), port, 0);
		uint64_t stop = bench_clock_stop();
		if (mr != MACH_MSG_SUCCESS ||
		    u.br_msg.bo_data.address == NULL ||
		    u.br_msg.bo_data.size != size)
			why = "the message to oneself failed";
		else
			bench_record(run, i, start, stop);
		if (mr == MACH_MSG_SUCCESS)
			vm_deallocate(
			    self, (vm_address_t)u.br_msg.bo_data.address, size);
		/* A kernel that ignores the flag leaves the region here. */
		if (deallocate)
			vm_deallocate(self, region, size);
	}
	if (!deallocate)
		vm_deallocate(self, region, size);
	mach_port_destroy(self, port);
	return why;
}

const char *
bench_ool_self_4k(struct bench_run *run)
{
	return bench_ool_self(run, 4 * 1024, FALSE);
}

const char *
bench_ool_self_1m(struct bench_run *run)
{
	return bench_ool_self(run, 1024 * 1024, FALSE);
}

const char *
bench_ool_self_64m(struct bench_run *run)
{
	return bench_ool_self(run, 64 * 1024 * 1024, FALSE);
}

const char *
bench_ool_self_1m_dealloc(struct bench_run *run)
{
	return bench_ool_self(run, 1024 * 1024, TRUE);
}

const char *
bench_vm_allocate_1m(struct bench_run *run)
{
	mach_port_t self = mach_task_self();

	for (int i = 0; i < bench_total(run); i++) {
		vm_address_t region = 0;
		uint64_t start = bench_clock_start();
		kern_return_t kr = vm_allocate(self, &region, 1 << 20, TRUE);
		uint64_t stop = bench_clock_stop();
		if (kr != KERN_SUCCESS)
			return "vm_allocate failed";
		bench_record(run, i, start, stop);
		vm_deallocate(self, region, 1 << 20);
	}
	return NULL;
}

/* The kernel's tick count and the TSC ticks per timer tick. */
static unsigned long
bench_ticks(unsigned long *tsc_per_tick)
{
	struct kernel_stats stats;

	if (mach_kernel_stats(&stats) != KERN_SUCCESS)
		return 0;
	*tsc_per_tick = stats.ks_tsc_per_tick;
	return stats.ks_timer_ticks;
}

/* Prints the probe's line for the ticks across [start, stop]. */
static void
bench_probe_print(const char *name, unsigned long ticks, uint64_t start,
		  uint64_t stop, unsigned long tsc_per_tick)
{
	unsigned long expected =
	    tsc_per_tick != 0 ? (stop - start) / tsc_per_tick : 0;

	bench_print("BENCH-PROBE name=%s ticks=%lu expected=%lu", name, ticks,
		    expected);
}

const char *
bench_probe_vm_allocate_128m(void)
{
	mach_port_t self = mach_task_self();
	vm_address_t region = 0;
	unsigned long tsc_per_tick = 0;

	unsigned long before = bench_ticks(&tsc_per_tick);
	uint64_t start = bench_clock_start();
	kern_return_t kr = vm_allocate(self, &region, 128ul << 20, TRUE);
	uint64_t stop = bench_clock_stop();
	unsigned long after = bench_ticks(&tsc_per_tick);
	if (kr != KERN_SUCCESS)
		return "vm_allocate failed";
	vm_deallocate(self, region, 128ul << 20);
	bench_probe_print("vm_allocate_128m", after - before, start, stop,
			  tsc_per_tick);
	return NULL;
}

const char *
bench_probe_ool_self_4m(void)
{
	mach_port_t self = mach_task_self();
	mach_port_t port = mach_reply_port();
	union bench_ool_room u;
	vm_address_t region = 0;
	unsigned long tsc_per_tick = 0;
	const mach_msg_size_t size = 4 << 20;

	if (vm_allocate(self, &region, size, TRUE) != KERN_SUCCESS)
		return "vm_allocate failed";
	bench_ool_compose(&u.br_msg, port, (void *)region, size, FALSE);
	unsigned long before = bench_ticks(&tsc_per_tick);
	uint64_t start = bench_clock_start();
	mach_msg_return_t mr =
	    mach_msg_trap(&u.br_msg.bo_header, MACH_SEND_MSG | MACH_RCV_MSG,
			  sizeof(struct bench_ool_msg), sizeof(u), port, 0);
	uint64_t stop = bench_clock_stop();
	unsigned long after = bench_ticks(&tsc_per_tick);
	vm_deallocate(self, region, size);
	mach_port_destroy(self, port);
	if (mr != MACH_MSG_SUCCESS)
		return "the message to oneself failed";
	vm_deallocate(self, (vm_address_t)u.br_msg.bo_data.address, size);
	bench_probe_print("ool_self_4m", after - before, start, stop,
			  tsc_per_tick);
	return NULL;
}
