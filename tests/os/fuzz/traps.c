/*
 * Traps: every trap number (and numbers no trap has) with hostile
 * arguments in all six registers, and traps entered with RFLAGS set by
 * popfq.
 *
 * A worker thread must survive its own traps, so: a receive always has
 * a timeout and never writes over the worker's own memory, a send does
 * not wait, console_write prints only filler it wrote itself (or fails),
 * and set_tls is undone at once.  The flags are restored after the trap
 * (the compiler assumes DF clear), and TF is never set here (the worker
 * would trap on its next instruction; victims get TF through
 * thread_set_state, task.c).
 */
#include "fuzz.h"

#include <mach/mach_traps.h>
#include <mach/traps.h>
#include <string.h>

uint64_t
fz_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
	uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;
	uint64_t result;

	__asm__ volatile("syscall"
			 : "=a"(result)
			 : "a"(number), "D"(a0), "S"(a1), "d"(a2), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return result;
}

/*
 * The pushes go below the red zone (128 bytes the compiler may use
 * below rsp without moving it).
 */
uint64_t
fz_trap_flags(uint64_t rflags, uint64_t number, uint64_t a0, uint64_t a1,
	      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;
	uint64_t result;

	__asm__ volatile("subq $128, %%rsp\n\t"
			 "pushfq\n\t"
			 "pushq %[flags]\n\t"
			 "popfq\n\t"
			 "syscall\n\t"
			 "popfq\n\t"
			 "addq $128, %%rsp"
			 : "=a"(result)
			 : "a"(number), "D"(a0), "S"(a1), "d"(a2), "r"(r10),
			   "r"(r8), "r"(r9), [flags] "b"(rflags)
			 : "rcx", "r11", "memory", "cc");
	return result;
}

static uint64_t
fz_trap_number(struct fz_call *call)
{
	static const uint64_t numbers[] = {MACH_TRAP_NULL,
					   MACH_TRAP_MSG,
					   MACH_TRAP_REPLY_PORT,
					   MACH_TRAP_TASK_SELF,
					   MACH_TRAP_THREAD_SELF,
					   MACH_TRAP_HOST_SELF,
					   MACH_TRAP_SWTCH_PRI,
					   MACH_TRAP_SET_TLS,
					   MACH_TRAP_THREAD_SWITCH,
					   MACH_TRAP_COUNT,
					   DEBUG_TRAP_BASE - 1,
					   DEBUG_TRAP_CONSOLE_WRITE,
					   DEBUG_TRAP_COUNT,
					   0x80000001ul,
					   ~0ul};

	if (FZ_CHANCE(call, 5))
		return fz_edge64(call);
	return numbers[FZ_BELOW(call, FZ_ARRAY_SIZE(numbers))];
}

/* An argument: a name, an address, a size, or any edge value. */
static uint64_t
fz_trap_argument(struct fz_call *call)
{
	switch (FZ_BELOW(call, 4)) {
	case 0:
		return fz_pick(call, FZ_ANY);
	case 1:
		return fz_address(call, 64, FZ_READ);
	case 2:
		return fz_size(call, 4096);
	default:
		return fz_edge64(call);
	}
}

/*
 * Makes the arguments of a trap safe for the worker (see the file's
 * comment); returns 0 if the trap must not be made at all.
 */
static int
fz_trap_tame(struct fz_call *call, uint64_t number, uint64_t *a)
{
	switch (number) {
	case MACH_TRAP_MSG: {
		uint64_t option = a[1];
		option |= MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT;
		if ((option & MACH_RCV_MSG) &&
		    fz_protected_range(a[0], (uint32_t)a[3]))
			option &= ~(uint64_t)MACH_RCV_MSG;
		if ((option & MACH_RCV_MSG) &&
		    FZ_AVOIDING(FZ_AVOID_BAD_RCV_BUFFER))
			a[0] = fz_valid_address(call, 1024, FZ_WRITE),
			a[3] = 1024;
		a[1] = option;
		a[5] = FZ_CHANCE(call, 90) ? 0 : FZ_BELOW(call, 20);
		return 1;
	}
	case DEBUG_TRAP_CONSOLE_WRITE: {
		/* Only filler of our own, never more than a line. */
		uint64_t s = call->fc_scratch, f = fz_world.fw_fence, room;
		if (a[0] >= s && a[0] < s + FZ_SCRATCH_SIZE)
			room = s + FZ_SCRATCH_SIZE - a[0];
		else if (a[0] >= f && a[0] < f + FZ_PAGE)
			room = f + FZ_PAGE - a[0];
		else if (a[0] < FZ_UNMAPPED_BASE && a[1] <= 64 * 1024)
			return 0; /* perhaps mapped: it would print anything */
		else
			return 1; /* fails before printing */
		a[1] = FZ_BELOW(call, 40);
		memset((void *)a[0], '~', room < a[1] ? room : a[1]);
		if (a[1] >= 1 && room >= a[1])
			((char *)a[0])[a[1] - 1] = '\n';
		return 1;
	}
	case MACH_TRAP_THREAD_SWITCH:
		/* A timed wait, if asked for, of a few milliseconds at most
		 * (the worker's main thread must come back). */
		if (FZ_CHANCE(call, 60))
			a[1] = FZ_BELOW(call, 4);
		a[2] = FZ_CHANCE(call, 90) ? FZ_BELOW(call, 5) : ~0ul;
		if ((uint32_t)a[1] == SWITCH_OPTION_WAIT && a[2] > 5)
			a[2] = 5;
		return 1;
	default:
		return 1;
	}
}

static void
fz_op_trap(struct fz_call *call, int with_flags)
{
	uint64_t number = fz_trap_number(call);
	uint64_t a[6], result;
	uint64_t flags = fz_rflags(call, 1);
	struct fz_tls *tls = fz_tls_self();

	for (int i = 0; i < 6; i++)
		a[i] = fz_trap_argument(call);
	if (number == MACH_TRAP_MSG && FZ_CHANCE(call, 70)) {
		a[0] = fz_address(call, 256, FZ_READ);
		a[1] = (FZ_RAND(call) & 0x1ff17) |
		       (FZ_CHANCE(call, 20) ? FZ_RAND(call) & 0xff000000 : 0);
		a[2] = fz_size(call, 256);
		a[3] = fz_size(call, 4096);
		a[4] = fz_pick(call, FZ_ANY);
	}
	if (!fz_trap_tame(call, number, a))
		return;
	fz_say(call, "trap %#lx (%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", number,
	       a[0], a[1], a[2], a[3], a[4], a[5]);
	if (with_flags)
		fz_say(call, " rflags %#lx", flags);
	if (with_flags)
		result = fz_trap_flags(flags, number, a[0], a[1], a[2], a[3],
				       a[4], a[5]);
	else
		result = fz_trap(number, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (number == MACH_TRAP_SET_TLS)
		mach_set_tls(tls); /* %fs:0 is gone: use the saved pointer */
	fz_say(call, " -> %#lx", result);
}

static void
fz_op_trap_plain(struct fz_call *call)
{
	fz_op_trap(call, 0);
}

static void
fz_op_trap_flags(struct fz_call *call)
{
	fz_op_trap(call, 1);
}

/* A trap that switches threads (yield, a timed receive) with flags set. */
static void
fz_op_switch_flags(struct fz_call *call)
{
	uint64_t flags = fz_rflags(call, 1);
	mach_port_t port = fz_pick_mostly(call, FZ_RECEIVE);
	uint64_t buffer = fz_valid_address(call, 256, FZ_WRITE);
	uint64_t result;

	if (FZ_CHANCE(call, 50)) {
		fz_say(call, "swtch_pri with rflags %#lx", flags);
		result =
		    fz_trap_flags(flags, MACH_TRAP_SWTCH_PRI, 0, 0, 0, 0, 0, 0);
	} else {
		fz_say(call, "timed receive on %#x with rflags %#lx", port,
		       flags);
		mach_msg_timeout_t timeout = FZ_BELOW(call, 2) * 10;
		if (FZ_AVOIDING(FZ_AVOID_PSET_TIMEOUT))
			timeout = 0; /* the name may be a set (msg.c) */
		result = fz_trap_flags(flags, MACH_TRAP_MSG, buffer,
				       MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 256,
				       port, timeout);
	}
	fz_say(call, " -> %#lx", result);
}

const struct fz_op fz_trap_ops[] = {
    {"trap", fz_op_trap_plain, 6, 0, 0},
    {"trap-flags", fz_op_trap_flags, 3, 0, 0},
    {"switch-flags", fz_op_switch_flags, 2, 0, 0},
};
const unsigned fz_trap_op_count = FZ_ARRAY_SIZE(fz_trap_ops);
