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

#include "gen/mach_port.h"
#include <mach/mach_msg_regs.h>
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
					   MACH_TRAP_MSG_REGS,
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
	case MACH_TRAP_MSG_REGS: {
		/* A send only, with a timeout, of nothing that stops the
		 * worker: a receive would write registers the compiler
		 * keeps its values in (fz_op_regs receives).  The other
		 * data registers are whatever the compiler left there. */
		uint64_t option = ((uint32_t)a[0] & ~(uint64_t)MACH_RCV_MSG) |
				  MACH_SEND_TIMEOUT;
		a[0] = option | (uint64_t)FZ_BELOW(call, 3) << 32;
		if (fz_msg_harms_self((mach_port_t)a[2], (mach_msg_id_t)a[3]))
			a[3] = (a[3] & ~0xffffffffull) | FZ_HARMLESS_ID;
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

/* A register message's header: a destination, a reply right, bits. */
static void
fz_regs_header(struct fz_call *call, struct mach_msg_regs *m)
{
	mach_msg_type_name_t remote_type, local_type = 0;

	switch (FZ_BELOW(call, 5)) {
	case 0:
		m->mr_remote = fz_pick(call, FZ_RECEIVE);
		remote_type = MACH_MSG_TYPE_MAKE_SEND;
		break;
	case 1:
		m->mr_remote = fz_pick(call, FZ_SEND);
		remote_type = MACH_MSG_TYPE_COPY_SEND;
		break;
	case 2:
		m->mr_remote = fz_pick(call, FZ_ONCE);
		remote_type = MACH_MSG_TYPE_MOVE_SEND_ONCE;
		break;
	case 3:
		m->mr_remote = fz_pick(call, FZ_KOBJECT);
		remote_type = MACH_MSG_TYPE_COPY_SEND;
		break;
	default:
		m->mr_remote = fz_pick(call, FZ_ANY);
		remote_type = fz_disposition(call);
		break;
	}
	if (FZ_CHANCE(call, 60)) {
		m->mr_local = fz_pick(call, FZ_RECEIVE);
		local_type = FZ_CHANCE(call, 80) ? MACH_MSG_TYPE_MAKE_SEND_ONCE
						 : MACH_MSG_TYPE_MAKE_SEND;
	} else if (FZ_CHANCE(call, 30)) {
		m->mr_local = fz_pick(call, FZ_ANY);
		local_type = fz_disposition(call);
	}
	/* A receive right in a message may close a cycle of queues. */
	if (FZ_AVOIDING(FZ_AVOID_CYCLES)) {
		if (remote_type == MACH_MSG_TYPE_MOVE_RECEIVE)
			remote_type = MACH_MSG_TYPE_MAKE_SEND;
		if (local_type == MACH_MSG_TYPE_MOVE_RECEIVE)
			local_type = MACH_MSG_TYPE_MAKE_SEND;
	}
	m->mr_bits = MACH_MSGH_BITS(remote_type & 0x1f, local_type & 0x1f);
	if (FZ_CHANCE(call, 5))
		m->mr_bits ^= 1u << FZ_BELOW(call, 32);
	m->mr_size = FZ_CHANCE(call, 85) ? 24 + 4 * FZ_BELOW(call, 15)
					 : fz_size(call, 128);
	m->mr_id = FZ_CHANCE(call, 50)
		       ? fz_msg_kernel_id(call)
		       : fz_msg_id_filter((mach_msg_id_t)FZ_RAND(call));
	if (fz_msg_harms_self(m->mr_remote, m->mr_id))
		m->mr_id = FZ_HARMLESS_ID;
}

/*
 * The register message trap (MACH_TRAP_MSG_REGS) with a random header,
 * options and data words: a send (to a port, a kernel object, a wrong
 * name), a receive, or both, with timeouts (the main thread must come
 * back).  What a receive brought goes into the pools.
 */
static void
fz_op_regs(struct fz_call *call)
{
	struct mach_msg_regs m;
	static const mach_msg_option_t options[] = {
	    MACH_SEND_MSG, MACH_RCV_MSG, MACH_SEND_MSG | MACH_RCV_MSG};

	memset(&m, 0, sizeof(m));
	m.mr_option = FZ_CHANCE(call, 90)
			  ? options[FZ_BELOW(call, FZ_ARRAY_SIZE(options))]
			  : (mach_msg_option_t)FZ_RAND(call);
	m.mr_option |= MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT;
	m.mr_timeout = FZ_CHANCE(call, 80) ? 0 : FZ_BELOW(call, 3);
	fz_regs_header(call, &m);
	if (m.mr_option & MACH_SEND_MSG && m.mr_local != MACH_PORT_NULL &&
	    FZ_CHANCE(call, 80))
		m.mr_rcv_name = m.mr_local; /* an RPC */
	else
		m.mr_rcv_name = FZ_CHANCE(call, 20)
				    ? fz_pick(call, FZ_PSET)
				    : fz_pick_mostly(call, FZ_RECEIVE);
	for (unsigned i = 0; i < MACH_MSG_REGS_WORDS; i++)
		m.mr_data[i] = FZ_CHANCE(call, 20) ? fz_pick(call, FZ_ANY)
						   : fz_edge64(call);
	fz_say(call,
	       "regs option %#x timeout %u bits %#x size %u dest %#x "
	       "reply %#x id %d rcv %#x",
	       m.mr_option, m.mr_timeout, m.mr_bits, m.mr_size, m.mr_remote,
	       m.mr_local, m.mr_id, m.mr_rcv_name);
	mach_msg_return_t mr = mach_msg_regs_trap(&m);
	fz_say(call, " -> %#x", mr);
	if (mr == MACH_MSG_SUCCESS && (m.mr_option & MACH_RCV_MSG)) {
		mach_msg_header_t header = {
		    .msgh_bits = m.mr_bits & ~MACH_MSGH_BITS_COMPLEX,
		    .msgh_size = m.mr_size,
		    .msgh_remote_port = m.mr_remote,
		    .msgh_local_port = m.mr_local,
		    .msgh_id = m.mr_id};
		fz_harvest(&header, sizeof(header));
		fz_say(call, " got id %d from %#x", m.mr_id, m.mr_remote);
	}
}

/*
 * Register RPCs between threads of the worker, without timeouts (the
 * fast path's second door): a server thread on a port and clients of
 * it; the main thread perhaps calls too (with a timeout), or destroys
 * the port while they wait.
 */
static void
fz_op_regs_rpc(struct fz_call *call)
{
	mach_port_t port = fz_pick_mostly(call, FZ_RECEIVE);
	int server = 0, clients = 0;

	if (FZ_CHANCE(call, 85))
		server =
		    fz_thread_start_on(call, FZ_SCRIPT_REGS_SERVER, port, 0);
	for (unsigned n = FZ_BELOW(call, 3); n > 0; n--)
		clients +=
		    fz_thread_start_on(call, FZ_SCRIPT_REGS_CLIENT, port, 0);
	fz_say(call, "regs rpc on %#x: server %d clients %d", port, server,
	       clients);
	fz_sleep(1 + FZ_BELOW(call, 10));
	if (FZ_CHANCE(call, 40))
		fz_op_regs(call);
	if (FZ_CHANCE(call, 20) && !fz_protected_name(port))
		fz_say(call, " destroy -> %#x",
		       fz_mach_port_destroy(fz_task_self(), port));
}

const struct fz_op fz_trap_ops[] = {
    {"trap", fz_op_trap_plain, 6, 0, 0},
    {"trap-flags", fz_op_trap_flags, 3, 0, 0},
    {"switch-flags", fz_op_switch_flags, 2, 0, 0},
    {"regs", fz_op_regs, 4, 0, 0},
    {"regs-rpc", fz_op_regs_rpc, 2, 0, 1},
};
const unsigned fz_trap_op_count = FZ_ARRAY_SIZE(fz_trap_ops);
