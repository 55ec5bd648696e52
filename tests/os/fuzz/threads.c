/*
 * Threads: the routines of thread.defs aimed at the worker's threads,
 * victims' threads and ports of the wrong kind; exceptions, served
 * (resumed after a new state, refused, answered with garbage) or left
 * waiting; and threads of the worker itself that run scripts at the
 * same time as the main thread, so that ports are destroyed while
 * other threads wait on them, send to them or are in an RPC through
 * them.
 *
 * A script thread draws from its own generator, stream 1 of the call
 * that started it, so it makes the same choices in every run; when it
 * makes them against the main thread's depends on the scheduler.
 *
 * The worker's main thread is kept alive: it is never suspended,
 * terminated or given a new state, and its priority stays above the
 * victims', whose threads may spin.
 */
#include "fuzz.h"

#include "gen/mach_port.h"
#include "gen/task.h"
#include "gen/thread.h"
#include "gen/vm_map.h"
#include <mach/exc_server.h>
#include <mach/mach_msg_regs.h>
#include <mach/mach_traps.h>
#include <mach/traps.h>
#include <string.h>

static struct fz_tls fz_thread_tls[FZ_THREADS];
static struct fz_call fz_thread_calls[FZ_THREADS];

/*
 * A new script thread's first instructions (fz_thread_main's argument in
 * rdi), and where a thread of the worker parks when its exception is
 * answered at the batch's end: a yield loop that needs no stack.
 */
void fz_thread_trampoline(void), fz_thread_park(void);
__asm__(".text\n"
	"fz_thread_trampoline:\n"
	"	xorl	%ebp, %ebp\n"
	"	andq	$-16, %rsp\n"
	"	call	fz_thread_main\n"
	"	ud2\n"
	"fz_thread_park:\n"
	"	movl	$6, %eax\n" /* MACH_TRAP_SWTCH_PRI */
	"	syscall\n"
	"	jmp	fz_thread_park\n");

/* Takes note of the rights a register message brought. */
static void
fz_regs_harvest(const struct mach_msg_regs *m)
{
	mach_msg_header_t header = {.msgh_bits = m->mr_bits,
				    .msgh_size = m->mr_size,
				    .msgh_remote_port = m->mr_remote,
				    .msgh_local_port = m->mr_local,
				    .msgh_id = m->mr_id};

	header.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	fz_harvest(&header, sizeof(header));
}

/*
 * A register server's step: the reply to the last request (through its
 * send-once right) and the receive of the next one, in one trap, without
 * timeouts: the fast path's second door when a register client calls.
 */
static int
fz_script_regs_server(struct fz_call *call, struct fz_thread *thread,
		      mach_port_t port)
{
	struct mach_msg_regs m;

	memset(&m, 0, sizeof(m));
	m.mr_option = MACH_RCV_MSG;
	if (thread->ft_regs_reply != MACH_PORT_NULL) {
		m.mr_option |= MACH_SEND_MSG;
		m.mr_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.mr_size = 24 + 8 * FZ_BELOW(call, 8);
		m.mr_remote = thread->ft_regs_reply;
		m.mr_id = (mach_msg_id_t)FZ_BELOW(call, 2000);
		for (unsigned i = 0; i < MACH_MSG_REGS_WORDS; i++)
			m.mr_data[i] = fz_edge64(call);
	}
	if (FZ_AVOIDING(FZ_AVOID_BLOCKED_SEND))
		m.mr_option |= MACH_SEND_TIMEOUT;
	m.mr_rcv_name = port;
	mach_msg_return_t mr = mach_msg_regs_trap(&m);
	thread->ft_regs_reply = MACH_PORT_NULL;
	if (mr == MACH_RCV_TOO_LARGE) { /* it stays queued: take it */
		fz_msg_receive(call, port, 0);
		return 1;
	}
	if (mr != MACH_MSG_SUCCESS)
		return mr != MACH_RCV_INVALID_NAME && mr != MACH_RCV_PORT_DIED;
	if (MACH_MSGH_BITS_REMOTE(m.mr_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE)
		thread->ft_regs_reply = m.mr_remote;
	else
		fz_regs_harvest(&m);
	return 1;
}

/* A register client's step: a call, the request through a send right
 * made from port, the reply to a send-once right of its own port. */
static int
fz_script_regs_client(struct fz_call *call, struct fz_thread *thread,
		      mach_port_t port)
{
	struct mach_msg_regs m;

	if (thread->ft_regs_reply == MACH_PORT_NULL)
		thread->ft_regs_reply = mach_reply_port();
	memset(&m, 0, sizeof(m));
	m.mr_option = MACH_SEND_MSG | MACH_RCV_MSG;
	if (FZ_AVOIDING(FZ_AVOID_BLOCKED_SEND))
		m.mr_option |= MACH_SEND_TIMEOUT;
	m.mr_bits =
	    MACH_MSGH_BITS(FZ_CHANCE(call, 80) ? MACH_MSG_TYPE_MAKE_SEND
					       : MACH_MSG_TYPE_COPY_SEND,
			   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.mr_size = 24 + 8 * FZ_BELOW(call, 8);
	m.mr_remote = port;
	m.mr_local = thread->ft_regs_reply;
	m.mr_id = (mach_msg_id_t)FZ_BELOW(call, 2000);
	m.mr_rcv_name = thread->ft_regs_reply;
	for (unsigned i = 0; i < MACH_MSG_REGS_WORDS; i++)
		m.mr_data[i] = fz_edge64(call);
	mach_msg_return_t mr = mach_msg_regs_trap(&m);
	if (mr == MACH_MSG_SUCCESS)
		fz_regs_harvest(&m);
	else if (mr == MACH_RCV_TOO_LARGE)
		fz_msg_receive(call, thread->ft_regs_reply, 0);
	return mr != MACH_SEND_INVALID_DEST && mr != MACH_SEND_INVALID_RIGHT;
}

/* One step of a script; returns 0 when the script is over. */
static int
fz_script_step(struct fz_call *call, struct fz_thread *thread)
{
	mach_port_t port = thread->ft_target != MACH_PORT_NULL
			       ? thread->ft_target
			       : fz_pick_mostly(call, FZ_RECEIVE);

	switch (thread->ft_script) {
	case FZ_SCRIPT_WAIT: {
		int set =
		    thread->ft_target == MACH_PORT_NULL && FZ_CHANCE(call, 30);
		if (set)
			port = fz_pick(call, FZ_PSET);
		/* A wait on a set meets a known bug (fz_op_set_wake). */
		int on_set = set || thread->ft_script_set;
		int never = FZ_AVOIDING(FZ_AVOID_PSET_TIMEOUT) && on_set;
		if (thread->ft_option & MACH_RCV_LARGE) { /* too small */
			mach_msg_header_t *msg =
			    (mach_msg_header_t *)call->fc_scratch;
			mach_msg_return_t mr =
			    mach_msg(msg, MACH_RCV_MSG | MACH_RCV_LARGE, 0,
				     sizeof(*msg), port, 0, 0);
			return mr == MACH_RCV_TOO_LARGE;
		}
		fz_msg_receive(call, port, never ? 0 : 1);
		return 1;
	}
	case FZ_SCRIPT_TIMED: {
		if (thread->ft_target == MACH_PORT_NULL &&
		    FZ_CHANCE(call, 30) && !FZ_AVOIDING(FZ_AVOID_PSET_TIMEOUT))
			port = fz_pick(call, FZ_PSET);
		if (thread->ft_script_set && FZ_AVOIDING(FZ_AVOID_PSET_TIMEOUT))
			return 0;
		mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;
		mach_msg_return_t mr =
		    mach_msg(msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 4096,
			     port, 1 + FZ_BELOW(call, 30), 0);
		if (mr == MACH_MSG_SUCCESS)
			fz_harvest(msg, 4096);
		return 1;
	}
	case FZ_SCRIPT_SEND:
		return fz_msg_send_right(port, MACH_MSG_TYPE_MAKE_SEND,
					 fz_pick(call, FZ_SEND),
					 MACH_MSG_TYPE_COPY_SEND,
					 FZ_AVOIDING(FZ_AVOID_BLOCKED_SEND)
					     ? MACH_SEND_TIMEOUT
					     : 0) != MACH_SEND_INVALID_DEST;
	case FZ_SCRIPT_CLIENT: {
		mach_port_t reply = fz_pick(call, FZ_RECEIVE);
		mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;
		memset(msg, 0, 64);
		msg->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
						MACH_MSG_TYPE_MAKE_SEND_ONCE);
		msg->msgh_size = 24 + 4 * FZ_BELOW(call, 10);
		msg->msgh_remote_port = port;
		msg->msgh_local_port = reply;
		msg->msgh_id = (mach_msg_id_t)FZ_BELOW(call, 1000);
		mach_msg_return_t mr =
		    mach_msg(msg, MACH_SEND_MSG | MACH_RCV_MSG, msg->msgh_size,
			     4096, reply, 0, 0);
		if (mr == MACH_MSG_SUCCESS)
			fz_harvest(msg, 4096);
		return mr != MACH_SEND_INVALID_DEST &&
		       mr != MACH_RCV_INVALID_NAME;
	}
	case FZ_SCRIPT_SERVER: {
		mach_msg_header_t *msg = (mach_msg_header_t *)call->fc_scratch;
		if (mach_msg(msg, MACH_RCV_MSG, 0, 4096, port, 0, 0) !=
		    MACH_MSG_SUCCESS)
			return 0;
		mach_port_t reply = msg->msgh_remote_port;
		fz_harvest(msg, 4096);
		memset(msg, 0, 64);
		msg->msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		msg->msgh_size = FZ_CHANCE(call, 80) ? 24 : 24 + 4 * 200;
		msg->msgh_remote_port = reply;
		msg->msgh_id = 1234;
		mach_msg(msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT, msg->msgh_size,
			 0, 0, 0, 0);
		return 1;
	}
	case FZ_SCRIPT_CALLS:
		fz_call_run_in_thread(call);
		return 1;
	case FZ_SCRIPT_EXC:
		return fz_exception_serve(
		    call, FZ_CHANCE(call, 50) ? fz_world.fw_catch : port, 1);
	case FZ_SCRIPT_FAULT: {
		uint64_t where =
		    FZ_CHANCE(call, 50)
			? FZ_UNMAPPED_BASE + FZ_BELOW(call, 1 << 20)
			: fz_address(call, 8, FZ_WRITE);
		if (!fz_protected_range(where, 8) &&
		    !FZ_AVOIDING(FZ_AVOID_EXC_WAIT))
			*(volatile uint64_t *)where = 1; /* waits on fw_catch */
		return 1;
	}
	case FZ_SCRIPT_PAGER:
		return fz_pager_serve(call, port, 1);
	case FZ_SCRIPT_TOUCH: {
		if (thread->ft_size < 8 || FZ_AVOIDING(FZ_AVOID_EXC_WAIT))
			return 0;
		uint64_t at =
		    thread->ft_address +
		    8 * FZ_BELOW(call, (uint32_t)(thread->ft_size / 8));
		if (fz_protected_range(at, 8))
			return 0;
		/* A fault the pager does not resolve waits on fw_catch. */
		if (FZ_CHANCE(call, 50))
			(void)*(volatile uint64_t *)at;
		else
			*(volatile uint64_t *)at = FZ_RAND(call);
		return 1;
	}
	case FZ_SCRIPT_REGS_SERVER:
		if (thread->ft_script_set && FZ_AVOIDING(FZ_AVOID_PSET_TIMEOUT))
			return 0;
		return fz_script_regs_server(call, thread, port);
	case FZ_SCRIPT_REGS_CLIENT:
		return fz_script_regs_client(call, thread, port);
	default: /* FZ_SCRIPT_DESTROY */
		fz_mach_port_destroy(fz_task_self(), port);
		swtch_pri(0);
		return 1;
	}
}

/* A script thread's life; it never returns. */
void
fz_thread_main(struct fz_thread *thread)
{
	unsigned slot = (unsigned)(thread - fz_world.fw_threads);
	struct fz_tls *tls = &fz_thread_tls[slot];
	struct fz_call *call = &fz_thread_calls[slot];

	fz_tls_init(tls);
	tls->ft_call = call;
	tls->ft_mutate = 5;
	thread->ft_state = FZ_THREAD_RUNNING;
	unsigned steps = 1 + fz_below(&call->fc_rng, 12);
	while (steps-- > 0 && fz_script_step(call, thread))
		;
	thread->ft_state = FZ_THREAD_DONE;
	tls->ft_mutate = 0;
	fz_thread_terminate(fz_thread_self()); /* ends on its way back */
	fz_thread_park();
}

/* A free slot: never used, or its thread is gone (its port is dead). */
static struct fz_thread *
fz_thread_slot(void)
{
	for (unsigned i = 0; i < FZ_THREADS && i < fz_config.fc_workers; i++) {
		struct fz_thread *t = &fz_world.fw_threads[i];
		if (t->ft_state == FZ_THREAD_FREE)
			return t;
		mach_port_type_t type = 0;
		if (t->ft_state == FZ_THREAD_DONE &&
		    fz_mach_port_type(fz_task_self(), t->ft_port, &type) ==
			KERN_SUCCESS &&
		    (type & MACH_PORT_TYPE_DEAD_NAME)) {
			fz_mach_port_deallocate(fz_task_self(), t->ft_port);
			t->ft_state = FZ_THREAD_FREE;
			return t;
		}
	}
	return NULL;
}

int
fz_thread_start(struct fz_call *call, unsigned script)
{
	return fz_thread_start_on(call, script, MACH_PORT_NULL, 0);
}

static int fz_thread_start_with(struct fz_call *call, unsigned script,
				mach_port_t target, mach_msg_option_t option,
				uint64_t address, uint64_t size);

int
fz_thread_start_on(struct fz_call *call, unsigned script, mach_port_t target,
		   mach_msg_option_t option)
{
	return fz_thread_start_with(call, script, target, option, 0, 0);
}

int
fz_thread_start_touch(struct fz_call *call, uint64_t address, uint64_t size)
{
	return fz_thread_start_with(call, FZ_SCRIPT_TOUCH, MACH_PORT_NULL, 0,
				    address, size);
}

static int
fz_thread_start_with(struct fz_call *call, unsigned script, mach_port_t target,
		     mach_msg_option_t option, uint64_t address, uint64_t size)
{
	struct fz_thread *thread = fz_thread_slot();
	struct x86_64_thread_state state;
	mach_port_t port = MACH_PORT_NULL;

	if (thread == NULL)
		return 0;
	struct fz_tls *tls = fz_tls_self();
	unsigned mutate = tls->ft_mutate;
	tls->ft_mutate = 0;
	unsigned slot = (unsigned)(thread - fz_world.fw_threads);
	struct fz_call *tcall = &fz_thread_calls[slot];
	memset(tcall, 0, sizeof(*tcall));
	tcall->fc_index = call->fc_index;
	fz_rng_seed(&tcall->fc_rng, fz_config.fc_seed, call->fc_index, 1);
	tcall->fc_scratch = fz_world.fw_thread_scratch[slot];
	thread->ft_script = script;
	thread->ft_target = target;
	thread->ft_option = option;
	thread->ft_address = address;
	thread->ft_size = size;
	thread->ft_regs_reply = MACH_PORT_NULL;
	mach_port_type_t type = 0;
	thread->ft_script_set =
	    target != MACH_PORT_NULL &&
	    fz_mach_port_type(fz_task_self(), target, &type) == KERN_SUCCESS &&
	    (type & MACH_PORT_TYPE_PORT_SET);
	thread->ft_index = call->fc_index;
	if (fz_thread_create(fz_task_self(), &port) != KERN_SUCCESS) {
		tls->ft_mutate = mutate;
		return 0;
	}
	memset(&state, 0, sizeof(state));
	state.rip = (uint64_t)fz_thread_trampoline;
	state.rsp = fz_world.fw_thread_stack[slot] + FZ_THREAD_STACK;
	state.rdi = (uint64_t)thread;
	state.rflags = 0x202;
	thread->ft_port = port;
	thread->ft_state = FZ_THREAD_STARTING;
	if (fz_thread_set_state(port, THREAD_STATE_X86_64,
				(thread_state_t)&state,
				THREAD_STATE_X86_64_COUNT) != KERN_SUCCESS ||
	    fz_thread_resume(port) != KERN_SUCCESS) {
		fz_thread_terminate(port);
		thread->ft_state = FZ_THREAD_DONE;
		tls->ft_mutate = mutate;
		return 0;
	}
	tls->ft_mutate = mutate;
	return 1;
}

/*
 * Ends every thread of the worker but the calling one.  Avoiding the
 * known bugs, it first holds them (suspend), answers their exceptions
 * (they resume parked), interrupts their waits and lets them reach the
 * point where the suspension stops them.  A thread may make another
 * while this goes on: it goes round until the caller is alone.
 */
void
fz_threads_end(void)
{
	mach_port_t self = fz_task_self(), me = fz_thread_self();
	int gentle = FZ_AVOIDING(FZ_AVOID_BLOCKED_SEND | FZ_AVOID_EXC_WAIT);

	for (int round = 0; round < 8; round++) {
		thread_array_t threads = NULL;
		mach_msg_type_number_t n = 0;
		if (fz_task_threads(self, &threads, &n) != KERN_SUCCESS)
			break;
		if (gentle) {
			for (unsigned i = 0; i < n; i++)
				if (threads[i] != me)
					fz_thread_suspend(threads[i]);
			while (fz_exception_serve(NULL, fz_world.fw_catch, 0))
				;
			for (unsigned i = 0; i < n; i++)
				if (threads[i] != me)
					fz_thread_abort(threads[i]);
			fz_sleep(30);
		}
		for (unsigned i = 0; i < n; i++)
			if (threads[i] != me)
				fz_thread_terminate(threads[i]);
		fz_vm_deallocate(self, (vm_address_t)threads,
				 n * sizeof(mach_port_t));
		if (n <= 1)
			break;
	}
	for (unsigned i = 0; i < FZ_THREADS; i++)
		fz_world.fw_threads[i].ft_state = FZ_THREAD_FREE;
}

/*
 * Takes one exception message from port and answers it.  With call NULL
 * (the batch's end) it parks the worker's own threads and refuses the
 * victims'.  Returns 0 if nothing was there.
 */
int
fz_exception_serve(struct fz_call *call, mach_port_t port, int may_block)
{
	union {
		mach_msg_header_t header;
		exc_exception_raise_request_t request;
		char room[1024];
	} in;
	mig_reply_error_t reply;
	mach_msg_option_t option = MACH_RCV_MSG;

	if (!may_block)
		option |= MACH_RCV_TIMEOUT;
	if (mach_msg(&in.header, option, 0, sizeof(in), port, 0, 0) !=
	    MACH_MSG_SUCCESS)
		return 0;
	fz_harvest(&in.header, sizeof(in));
	mach_port_t reply_port = in.header.msgh_remote_port;
	int exception =
	    in.header.msgh_id == 2400 &&
	    in.header.msgh_size >=
		offsetof(exc_exception_raise_request_t, exception) &&
	    (in.header.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	mach_port_t thread = exception ? in.request.thread.name : 0;
	int ours = exception && in.request.task.name == fz_task_self();
	kern_return_t answer = KERN_SUCCESS;

	if (call == NULL) {
		if (ours) {
			struct x86_64_thread_state s;
			memset(&s, 0, sizeof(s));
			s.rip = (uint64_t)fz_thread_park;
			s.rflags = 0x202;
			fz_thread_set_state(thread, THREAD_STATE_X86_64,
					    (thread_state_t)&s,
					    THREAD_STATE_X86_64_COUNT);
		} else {
			answer = KERN_FAILURE;
		}
	} else {
		switch (FZ_BELOW(call, ours ? 2 : 6)) {
		case 0: /* retry, after a new state perhaps */
			if (!ours && FZ_CHANCE(call, 60)) {
				struct fz_victim *victim = fz_pick_victim(call);
				struct x86_64_thread_state s;
				for (size_t i = 0; i < sizeof(s) / 8; i++)
					((uint64_t *)&s)[i] = fz_edge64(call);
				s.rip = victim->fv_code +
					fz_blob_offset(
					    FZ_BELOW(call, FZ_BLOB_COUNT));
				fz_thread_set_state(thread, THREAD_STATE_X86_64,
						    (thread_state_t)&s,
						    THREAD_STATE_X86_64_COUNT);
			}
			break;
		case 1: /* never answered (the reply right stays with us) */
			fz_pool_add(FZ_ONCE, reply_port);
			return 1;
		case 2:
			answer = (kern_return_t)fz_edge64(call);
			break;
		case 3: /* no answer: the right is destroyed */
			fz_mach_port_deallocate(fz_task_self(), reply_port);
			return 1;
		case 4: /* garbage: another id, size, bits */
			in.header.msgh_bits =
			    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
			in.header.msgh_remote_port = reply_port;
			in.header.msgh_local_port = MACH_PORT_NULL;
			in.header.msgh_id = (mach_msg_id_t)FZ_RAND(call);
			mach_msg(&in.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
				 24 + 4 * FZ_BELOW(call, 64), 0, 0, 0, 0);
			return 1;
		default: /* the port dies with the message in it */
			if (!fz_protected_name(port))
				fz_mach_port_destroy(fz_task_self(), port);
			fz_pool_add(FZ_ONCE, reply_port);
			return 1;
		}
	}
	memset(&reply, 0, sizeof(reply));
	reply.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	reply.Head.msgh_size = sizeof(reply);
	reply.Head.msgh_remote_port = reply_port;
	reply.Head.msgh_id = in.header.msgh_id + 100;
	reply.RetCode = answer;
	mach_msg(&reply.Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(reply),
		 0, 0, 0, 0);
	return 1;
}
