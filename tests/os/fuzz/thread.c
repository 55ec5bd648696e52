/*
 * The routines of thread.defs aimed at victims' threads, the worker's
 * script threads and ports of the wrong kind: terminate, suspend,
 * resume, get and set the state (every flag bit and every register a
 * user can name, counts and flavors that are wrong), abort, special
 * ports, priority; and the operations that start script threads
 * (threads.c) and serve exceptions.
 *
 * The worker's main thread is never suspended, terminated or given a
 * state, and its priority stays above the victims' (FZ_MAIN_PRIORITY):
 * a victim spinning at a higher priority would starve it.
 */
#include "fuzz.h"

#include "gen/thread.h"
#include <mach/mach_traps.h>
#include <mach/traps.h>
#include <string.h>

/* Aims a call that would stop the worker's main thread (or the script
 * thread that makes it) elsewhere. */
static mach_port_t
fz_not_main(struct fz_call *call, mach_port_t thread)
{
	if (thread != fz_world.fw_main && thread != fz_thread_self())
		return thread;
	struct fz_victim *victim = fz_pick_victim(call);
	return victim->fv_threads[FZ_BELOW(call, FZ_VICTIM_THREADS)];
}

/* Whether thread is one of the worker's own (main or script). */
static int
fz_own_thread(mach_port_t thread)
{
	if (thread == fz_world.fw_main || thread == fz_thread_self())
		return 1;
	for (unsigned i = 0; i < FZ_THREADS; i++)
		if (fz_world.fw_threads[i].ft_port == thread)
			return 1;
	return 0;
}

void
fz_thread_end(struct fz_call *call, mach_port_t thread)
{
	/* Avoiding the known bugs: its wait ends first, and it runs on to
	 * where the suspension holds it (or, if it waited for its exception
	 * handler, it ends its task itself): raised above the victims. */
	if (FZ_AVOIDING(FZ_AVOID_DEAD_RECEIVER | FZ_AVOID_BLOCKED_SEND |
			FZ_AVOID_EXC_WAIT)) {
		unsigned mutate = fz_mutation_off();
		fz_thread_suspend(thread);
		fz_thread_set_priority(thread, FZ_ENDING_PRIORITY);
		fz_thread_abort(thread);
		fz_sleep(20);
		fz_mutation_restore(mutate);
	}
	kern_return_t kr = fz_thread_terminate(thread);
	fz_say(call, "thread_terminate(%#x) -> %#x", thread, kr);
}

static void
fz_op_thread_terminate(struct fz_call *call)
{
	fz_thread_end(call, fz_not_main(call, fz_pick_thread(call)));
}

static void
fz_op_thread_suspend(struct fz_call *call)
{
	mach_port_t thread = fz_pick_thread(call);

	if (FZ_CHANCE(call, 50)) {
		kern_return_t kr = fz_thread_resume(thread);
		fz_say(call, "thread_resume(%#x) -> %#x", thread, kr);
		return;
	}
	thread = fz_not_main(call, thread);
	kern_return_t kr = fz_thread_suspend(thread);
	fz_say(call, "thread_suspend(%#x) -> %#x", thread, kr);
}

static thread_state_flavor_t
fz_flavor(struct fz_call *call)
{
	return FZ_CHANCE(call, 85) ? THREAD_STATE_X86_64
				   : (thread_state_flavor_t)fz_edge64(call);
}

static mach_msg_type_number_t
fz_state_count(struct fz_call *call)
{
	if (FZ_CHANCE(call, 80))
		return THREAD_STATE_X86_64_COUNT;
	return FZ_BELOW(call, THREAD_STATE_MAX + 1);
}

static void
fz_op_thread_get_state(struct fz_call *call)
{
	natural_t state[THREAD_STATE_MAX];
	mach_port_t thread = fz_pick_thread(call);
	thread_state_flavor_t flavor = fz_flavor(call);
	mach_msg_type_number_t count = fz_state_count(call);

	kern_return_t kr = fz_thread_get_state(thread, flavor, state, &count);
	fz_say(call, "thread_get_state(%#x, %d) -> %#x count %u", thread,
	       flavor, kr, count);
}

static void
fz_op_thread_set_state(struct fz_call *call)
{
	natural_t state[THREAD_STATE_MAX];
	struct x86_64_thread_state *s = (void *)state;
	mach_port_t thread = fz_not_main(call, fz_pick_thread(call));
	thread_state_flavor_t flavor = fz_flavor(call);
	mach_msg_type_number_t count = fz_state_count(call);

	/* The worker's own threads fault with garbage: only when their
	 * wait for fw_catch may end in the known bug. */
	if (FZ_AVOIDING(FZ_AVOID_EXC_WAIT) && fz_own_thread(thread)) {
		fz_say(call, "thread_set_state of an own thread: avoided");
		return;
	}
	for (unsigned i = 0; i < THREAD_STATE_MAX; i++)
		state[i] = (natural_t)FZ_RAND(call);
	if (FZ_CHANCE(call, 70)) {
		struct fz_victim *victim = fz_pick_victim(call);
		s->rip = FZ_CHANCE(call, 60) && victim->fv_code != 0
			     ? victim->fv_code +
				   fz_blob_offset(FZ_BELOW(call, FZ_BLOB_COUNT))
			     : fz_edge64(call);
		s->rsp = FZ_CHANCE(call, 60) && victim->fv_stack != 0
			     ? victim->fv_stack + FZ_PAGE - 16
			     : fz_edge64(call);
		s->rflags = fz_rflags(call, 0);
		s->rbx = fz_rflags(call, 0);
		s->fs_base = FZ_CHANCE(call, 80) ? 0 : fz_edge64(call);
	}
	kern_return_t kr = fz_thread_set_state(thread, flavor, state, count);
	fz_say(call,
	       "thread_set_state(%#x, %d, count %u, rip %#lx rsp %#lx "
	       "rflags %#lx fs %#lx) -> %#x",
	       thread, flavor, count, (unsigned long)s->rip,
	       (unsigned long)s->rsp, (unsigned long)s->rflags,
	       (unsigned long)s->fs_base, kr);
}

static void
fz_op_thread_abort(struct fz_call *call)
{
	mach_port_t thread = fz_pick_thread(call);

	kern_return_t kr = fz_thread_abort(thread);
	fz_say(call, "thread_abort(%#x) -> %#x", thread, kr);
}

static void
fz_op_thread_special(struct fz_call *call)
{
	mach_port_t thread = fz_pick_thread(call);
	int which =
	    FZ_CHANCE(call, 90) ? (int)FZ_BELOW(call, 5) : (int)fz_edge64(call);
	mach_port_t port = MACH_PORT_NULL;

	if (FZ_CHANCE(call, 40)) {
		kern_return_t kr =
		    fz_thread_get_special_port(thread, which, &port);
		fz_say(call, "thread_get_special_port(%#x, %d) -> %#x %#x",
		       thread, which, kr, port);
		if (kr == KERN_SUCCESS)
			fz_pool_add(FZ_SEND, port);
		return;
	}
	port = FZ_CHANCE(call, 60) ? fz_pick(call, FZ_RECEIVE)
				   : fz_pick(call, FZ_ANY);
	if (FZ_AVOIDING(FZ_AVOID_EXC_WAIT) && !fz_own_thread(thread))
		port = MACH_PORT_NULL; /* no waits for a handler (task.c) */
	kern_return_t kr = fz_thread_set_special_port(thread, which, port);
	fz_say(call, "thread_set_special_port(%#x, %d, %#x) -> %#x", thread,
	       which, port, kr);
}

static void
fz_op_thread_priority(struct fz_call *call)
{
	mach_port_t thread = fz_pick_thread(call);
	int priority;

	if (FZ_CHANCE(call, 10))
		priority = (int)fz_edge64(call); /* mostly out of range */
	else if (fz_own_thread(thread))
		priority = FZ_MAIN_PRIORITY +
			   (int)FZ_BELOW(call, MACH_PRIORITY_MAX -
						   FZ_MAIN_PRIORITY + 1);
	else
		priority = (int)FZ_BELOW(call, FZ_VICTIM_PRIORITY + 1);
	int in_range =
	    priority >= MACH_PRIORITY_MIN && priority <= MACH_PRIORITY_MAX;
	if (in_range && priority > FZ_VICTIM_PRIORITY && !fz_own_thread(thread))
		priority = FZ_VICTIM_PRIORITY;
	/* The worker's own threads stay above its victims (an edge value
	 * may be 0): below them, the worker would starve. */
	if (in_range && priority < FZ_MAIN_PRIORITY && fz_own_thread(thread))
		priority = FZ_MAIN_PRIORITY;
	kern_return_t kr = fz_thread_set_priority(thread, priority);
	fz_say(call, "thread_set_priority(%#x, %d) -> %#x", thread, priority,
	       kr);
}

static void
fz_op_thread_start(struct fz_call *call)
{
	static const unsigned weights[] = {6, 3, 3, 4, 4, 5, 3, 1, 2};
	unsigned script =
	    fz_weighted(&call->fc_rng, weights, FZ_ARRAY_SIZE(weights));

	int started = fz_thread_start(call, script);
	fz_say(call, "start thread, script %u -> %d", script, started);
}

static void
fz_op_exception(struct fz_call *call)
{
	struct fz_victim *victim = fz_pick_victim(call);
	mach_port_t port = FZ_CHANCE(call, 50) || victim->fv_exception == 0
			       ? fz_world.fw_catch
			       : victim->fv_exception;

	int served = fz_exception_serve(call, port, 0);
	fz_say(call, "serve exceptions on %#x -> %d", port, served);
}

const struct fz_op fz_thread_ops[] = {
    {"thread-terminate", fz_op_thread_terminate, 3, 0, 0},
    {"thread-suspend", fz_op_thread_suspend, 3, 0, 0},
    {"thread-get-state", fz_op_thread_get_state, 2, 0, 0},
    {"thread-set-state", fz_op_thread_set_state, 4, 0, 0},
    {"thread-abort", fz_op_thread_abort, 3, 0, 0},
    {"thread-special", fz_op_thread_special, 3, 0, 0},
    {"thread-priority", fz_op_thread_priority, 2, 0, 0},
    {"thread-start", fz_op_thread_start, 6, 0, 1},
    {"exception", fz_op_exception, 4, 0, 0},
};
const unsigned fz_thread_op_count = FZ_ARRAY_SIZE(fz_thread_ops);
