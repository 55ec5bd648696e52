/*
 * Tasks, their memory and the host: task.defs, vm_map.defs and host.defs
 * with wrong port kinds and hostile values, and the victims: tasks the
 * worker makes with task_create to aim the self-destructive calls at.
 *
 * A victim gets, perhaps, a page of code (blobs.c), a page of stack, the
 * last page of user space with a syscall in its last two bytes, an
 * exception port (inherited: the worker's fw_catch, where nobody
 * answers; one of the pools' ports; none), and threads whose state is a
 * blob with hostile registers or plain garbage.  Every victim is made by
 * the supervisor at the worker's request, which registers it before the
 * worker has it (a copy of its task port in a message to itself), so
 * that it ends even if the worker does not live to end it.
 *
 * The worker keeps itself alive: task_suspend of itself, a new
 * exception port for itself, and vm calls that would unmap or overwrite
 * its program, stack or buffers aim at a victim instead.  task_terminate
 * of itself it may make: that ends the batch early.
 */
#include "fuzz.h"

#include "gen/host.h"
#include "gen/mach_port.h"
#include "gen/task.h"
#include "gen/thread.h"
#include "gen/vm_map.h"
#include <mach/mach_traps.h>
#include <mach/traps.h>
#include <mach/vm_prot.h>
#include <string.h>

#define FZ_LAST_PAGE	    (FZ_USER_MAX - FZ_PAGE)
#define FZ_VICTIM_PORT_NAME MACH_PORT_MAKE(5, 1) /* a receive right */

/* Aims a call that would harm the worker at a victim instead. */
mach_port_t
fz_not_self(struct fz_call *call, mach_port_t task)
{
	if (task != fz_task_self())
		return task;
	mach_port_t victim = fz_pick_victim(call)->fv_task;
	return victim != MACH_PORT_NULL ? victim : MACH_PORT_NULL;
}

/* Whether name is a task the worker holds: itself, a victim, its child
 * (rights to one port share a name: no other name is a task's). */
static int
fz_task_of_batch(mach_port_t name)
{
	if (name == fz_task_self() || name == fz_world.fw_child)
		return MACH_PORT_VALID(name);
	for (unsigned i = 0; i < FZ_VICTIMS; i++)
		if (MACH_PORT_VALID(name) &&
		    name == fz_world.fw_victims[i].fv_task)
			return 1;
	return 0;
}

/*
 * The supervisor's stubs wait for the kernel's reply: it is asked only
 * about the worker's tasks, whose ports the kernel serves at once.  Any
 * other name (a port of the wrong kind, which may be the worker's own
 * and never answer) goes to the kernel from here, as before, and can
 * make no task.
 */
kern_return_t
fz_task_create_registered(mach_port_t parent, boolean_t inherit,
			  mach_port_t *child)
{
	if (!fz_task_of_batch(parent)) {
		kern_return_t kr = fz_task_create(parent, inherit, child);
		if (kr == KERN_SUCCESS) { /* not expected: not registered */
			fz_task_terminate(*child);
			fz_mach_port_deallocate(fz_task_self(), *child);
			*child = MACH_PORT_NULL;
			kr = KERN_FAILURE;
		}
		return kr;
	}
	union {
		struct fz_create_request request;
		struct fz_create_reply reply;
		char room[sizeof(struct fz_create_reply) + MAX_TRAILER_SIZE];
	} msg;
	mach_port_t reply = fz_mig_get_reply_port();

	memset(&msg, 0, sizeof(msg));
	msg.request.fcq_header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
			   MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	    MACH_MSGH_BITS_COMPLEX;
	msg.request.fcq_header.msgh_size = sizeof(msg.request);
	msg.request.fcq_header.msgh_remote_port = fz_world.fw_create;
	msg.request.fcq_header.msgh_local_port = reply;
	msg.request.fcq_header.msgh_id = FZ_MSG_CREATE;
	msg.request.fcq_body.msgh_descriptor_count = 1;
	msg.request.fcq_parent.name = parent;
	msg.request.fcq_parent.disposition = MACH_MSG_TYPE_COPY_SEND;
	msg.request.fcq_parent.type = MACH_MSG_PORT_DESCRIPTOR;
	msg.request.fcq_inherit = inherit;
	mach_msg_return_t mr = mach_msg(
	    &msg.request.fcq_header,
	    MACH_SEND_MSG | MACH_SEND_TIMEOUT | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	    sizeof(msg.request), sizeof(msg), reply, 1000, 0);
	/* The supervisor answers at once (it runs above the worker); a
	 * thread of the worker may interrupt the wait (thread_abort). */
	while (mr == MACH_RCV_INTERRUPTED)
		mr = mach_msg(&msg.reply.fcr_header,
			      MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg),
			      reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (msg.reply.fcr_header.msgh_id != FZ_MSG_CREATE + 100 ||
	    msg.reply.fcr_header.msgh_size != sizeof(msg.reply))
		return MIG_REPLY_MISMATCH;
	if (msg.reply.fcr_result == KERN_SUCCESS) {
		*child = msg.reply.fcr_child.name;
		fz_victims_registered++;
	}
	return msg.reply.fcr_result;
}

/* Writes the code blobs into a page of the victim. */
static uint64_t
fz_victim_code(struct fz_call *call, mach_port_t task)
{
	vm_address_t code = 0;

	if (fz_vm_allocate(task, &code, FZ_PAGE, TRUE) != KERN_SUCCESS)
		return 0;
	fz_vm_write(task, code, (vm_offset_t)fz_blob_code, fz_blob_bytes());
	vm_prot_t prot = FZ_CHANCE(call, 85) ? VM_PROT_READ | VM_PROT_EXECUTE
					     : FZ_BELOW(call, 8);
	fz_vm_protect(task, code, FZ_PAGE, FALSE, prot);
	return code;
}

/* The last page of user space, with nop nop syscall at its very end: the
 * syscall's return address is the first non-canonical one. */
static uint64_t
fz_victim_last_page(mach_port_t task)
{
	static const unsigned char tail[] = {0x90, 0x90, 0x0f, 0x05};
	vm_address_t page = FZ_LAST_PAGE;

	if (fz_vm_allocate(task, &page, FZ_PAGE, FALSE) != KERN_SUCCESS)
		return 0;
	fz_vm_write(task, FZ_USER_MAX - sizeof(tail), (vm_offset_t)tail,
		    sizeof(tail));
	fz_vm_protect(task, page, FZ_PAGE, FALSE,
		      VM_PROT_READ | VM_PROT_EXECUTE);
	return page;
}

static void fz_victim_setup(struct fz_call *call, struct fz_victim *victim,
			    mach_port_t task);

int
fz_victim_make(struct fz_call *call, struct fz_victim *victim)
{
	mach_port_t parent =
	    FZ_CHANCE(call, 80) ? fz_task_self() : fz_pick_task(call);
	mach_port_t task = MACH_PORT_NULL;
	boolean_t inherit = FZ_CHANCE(call, 5);

	fz_victim_end(victim);
	/* A victim is made as it says (the new task must reach us, to be
	 * registered; its exception port must be what victim says). */
	struct fz_steady steady = fz_steady_begin();
	kern_return_t kr = fz_task_create_registered(parent, inherit, &task);
	fz_say(call, "task_create(%#x, %d) -> %#x %#x", parent, inherit, kr,
	       task);
	if (kr == KERN_SUCCESS)
		fz_victim_setup(call, victim, task);
	fz_steady_end(steady);
	return kr == KERN_SUCCESS && victim->fv_task != MACH_PORT_NULL;
}

/* Gives a new victim (registered) memory and an exception port. */
static void
fz_victim_setup(struct fz_call *call, struct fz_victim *victim,
		mach_port_t task)
{
	victim->fv_task = task;
	fz_pool_add(FZ_KOBJECT, task);
	if (FZ_CHANCE(call, 80)) {
		victim->fv_code = fz_victim_code(call, task);
		vm_address_t stack = 0;
		if (fz_vm_allocate(task, &stack, FZ_PAGE, TRUE) == KERN_SUCCESS)
			victim->fv_stack = stack;
	}
	if (FZ_CHANCE(call, 15))
		victim->fv_last_page = fz_victim_last_page(task);
	if (FZ_CHANCE(call, 50)) /* a port of its own to wait on */
		fz_mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE,
					   FZ_VICTIM_PORT_NAME);
	switch (FZ_BELOW(call, 6)) {
	case 0:
	case 1: { /* one of ours, perhaps served by a thread */
		mach_port_t port = fz_pick(call, FZ_RECEIVE);
		fz_mach_port_insert_right(fz_task_self(), port, port,
					  MACH_MSG_TYPE_MAKE_SEND);
		fz_task_set_special_port(task, TASK_EXCEPTION_PORT, port);
		victim->fv_exception = port;
		break;
	}
	case 2: /* none: a fault kills it */
		fz_task_set_special_port(task, TASK_EXCEPTION_PORT,
					 MACH_PORT_NULL);
		break;
	default: /* inherited: the worker's, where nobody answers */
		victim->fv_exception = fz_world.fw_catch;
		break;
	}
	fz_say(call, " code %#lx stack %#lx last %#lx exc %#x",
	       (unsigned long)victim->fv_code, (unsigned long)victim->fv_stack,
	       (unsigned long)victim->fv_last_page, victim->fv_exception);
}

/* A hostile register value: an address, a name, an edge. */
static uint64_t
fz_register(struct fz_call *call)
{
	switch (FZ_BELOW(call, 4)) {
	case 0:
		return fz_address(call, 64, FZ_READ);
	case 1:
		return FZ_CHANCE(call, 50) ? FZ_VICTIM_PORT_NAME
					   : fz_pick(call, FZ_ANY);
	default:
		return fz_edge64(call);
	}
}

/* A state for a victim's thread: a blob with hostile registers, the
 * syscall at the end of user space, or garbage. */
static void
fz_victim_state(struct fz_call *call, struct fz_victim *victim,
		struct x86_64_thread_state *s)
{
	uint64_t *words = (uint64_t *)s;

	for (size_t i = 0; i < sizeof(*s) / 8; i++)
		words[i] = fz_register(call);
	s->rflags = fz_rflags(call, 0);
	s->fs_base = FZ_CHANCE(call, 90) ? 0 : fz_edge64(call);
	if (victim->fv_code != 0 && FZ_CHANCE(call, 75)) {
		enum fz_blob blob = FZ_BELOW(call, FZ_BLOB_COUNT);
		s->rip = victim->fv_code + fz_blob_offset(blob);
		s->rsp = victim->fv_stack != 0 ? victim->fv_stack + FZ_PAGE -
						     8 * FZ_BELOW(call, 8)
					       : fz_register(call);
		s->rbx = fz_rflags(call, 0);
		s->r12 = FZ_CHANCE(call, 90) ? FZ_BELOW(call, 9)
					     : 64 + FZ_BELOW(call, 2);
		if (blob == FZ_BLOB_RECEIVE) { /* wait on its own port */
			s->r12 = MACH_TRAP_MSG;
			s->rdi = victim->fv_stack;
			s->rsi = MACH_RCV_MSG;
			s->rdx = 0;
			s->r10 = 256;
			s->r8 = FZ_VICTIM_PORT_NAME;
			s->r9 = 0;
			s->rbx = 0x202;
		}
		fz_say(call, " blob %u", blob);
	} else if (victim->fv_last_page != 0 && FZ_CHANCE(call, 30)) {
		s->rip = FZ_USER_MAX - 4;
		s->rax = FZ_BELOW(call, 8);
		fz_say(call, " last-page syscall");
	}
}

int
fz_victim_thread(struct fz_call *call, struct fz_victim *victim, unsigned slot)
{
	struct x86_64_thread_state state;
	mach_port_t thread = MACH_PORT_NULL;

	if (victim->fv_task == MACH_PORT_NULL)
		return 0;
	/*
	 * A thread that waits for its exception handler and ends there
	 * (when another thread's fault ends the task, say) meets a known
	 * bug: avoiding it, a victim with a handler has one thread.
	 */
	if (FZ_AVOIDING(FZ_AVOID_EXC_WAIT) && victim->fv_exception != 0 &&
	    victim->fv_thread_count > 0) {
		fz_say(call, "a second thread with a handler: avoided");
		return 0;
	}
	unsigned mutate = fz_mutation_off();
	kern_return_t kr = fz_thread_create(victim->fv_task, &thread);
	fz_mutation_restore(mutate);
	fz_say(call, "thread_create(%#x) -> %#x %#x", victim->fv_task, kr,
	       thread);
	if (kr != KERN_SUCCESS)
		return 0;
	victim->fv_threads[slot % FZ_VICTIM_THREADS] = thread;
	victim->fv_thread_count++;
	fz_pool_add(FZ_KOBJECT, thread);
	fz_victim_state(call, victim, &state);
	kr = fz_thread_set_state(thread, THREAD_STATE_X86_64,
				 (thread_state_t)&state,
				 THREAD_STATE_X86_64_COUNT);
	fz_say(call, " rip %#lx rsp %#lx rflags %#lx set_state -> %#x",
	       (unsigned long)state.rip, (unsigned long)state.rsp,
	       (unsigned long)state.rflags, kr);
	if (FZ_CHANCE(call, 20))
		fz_thread_set_priority(thread,
				       FZ_BELOW(call, FZ_VICTIM_PRIORITY + 1));
	if (FZ_CHANCE(call, 85))
		fz_say(call, " resume -> %#x", fz_thread_resume(thread));
	/* Victims run only while the worker waits: let it reach its blob. */
	if (FZ_CHANCE(call, 40))
		fz_sleep(10);
	return 1;
}

int
fz_victim_receiver(struct fz_call *call, struct fz_victim *victim)
{
	struct x86_64_thread_state state;
	mach_port_t task = victim->fv_task, thread = MACH_PORT_NULL;
	unsigned mutate = fz_mutation_off();

	if (victim->fv_code == 0)
		victim->fv_code = fz_victim_code(call, task);
	if (victim->fv_stack == 0) {
		vm_address_t stack = 0;
		if (fz_vm_allocate(task, &stack, FZ_PAGE, TRUE) == KERN_SUCCESS)
			victim->fv_stack = stack;
	}
	fz_mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE,
				   FZ_VICTIM_PORT_NAME);
	kern_return_t kr = fz_thread_create(task, &thread);
	if (kr == KERN_SUCCESS) {
		victim->fv_threads[0] = thread;
		victim->fv_thread_count++;
		memset(&state, 0, sizeof(state));
		state.rip = victim->fv_code + fz_blob_offset(FZ_BLOB_RECEIVE);
		state.rsp = victim->fv_stack + FZ_PAGE - 64;
		state.r12 = MACH_TRAP_MSG;
		state.rdi = victim->fv_stack;
		state.rsi = MACH_RCV_MSG;
		state.r10 = 256;
		state.r8 = FZ_VICTIM_PORT_NAME;
		state.rbx = state.rflags = 0x202;
		kr = fz_thread_set_state(thread, THREAD_STATE_X86_64,
					 (thread_state_t)&state,
					 THREAD_STATE_X86_64_COUNT);
	}
	if (kr == KERN_SUCCESS)
		kr = fz_thread_resume(thread);
	fz_mutation_restore(mutate);
	fz_say(call, " receiver thread %#x -> %#x", thread, kr);
	return kr == KERN_SUCCESS;
}

/*
 * Ends a victim.  Avoiding the known bugs of ending a thread that waits
 * (on its own port, to send, for its exception handler), it first lets
 * every wait end: it holds the task (task_suspend), interrupts each
 * thread's wait (thread_abort) and raises it above the other victims'
 * threads, so that it runs at once while the worker sleeps, on to where
 * the suspension holds it; a thread that waited for its handler ends
 * the task itself then ("the exception handler did not resolve the
 * fault").  Only what is still there is terminated.
 */
void
fz_victim_end(struct fz_victim *victim)
{
	mach_port_t task = victim->fv_task;

	if (task == MACH_PORT_NULL)
		return;
	/* Whatever the batch did to the reply port: a victim left alive
	 * would be counted by the worker's check. */
	struct fz_steady steady = fz_steady_begin();
	if (FZ_AVOIDING(FZ_AVOID_DEAD_RECEIVER | FZ_AVOID_BLOCKED_SEND |
			FZ_AVOID_EXC_WAIT))
		fz_quiesce_task(task);
	fz_task_terminate(task);
	memset(victim, 0, sizeof(*victim));
	fz_steady_end(steady);
}

void
fz_quiesce_task(mach_port_t task)
{
	thread_array_t threads = NULL;
	mach_msg_type_number_t n = 0;
	mach_port_type_t type = 0;

	fz_task_suspend(task);
	if (fz_task_threads(task, &threads, &n) != KERN_SUCCESS)
		return;
	for (unsigned i = 0; i < n; i++) {
		fz_thread_set_priority(threads[i], FZ_ENDING_PRIORITY);
		fz_thread_abort(threads[i]);
		fz_mach_port_deallocate(fz_task_self(), threads[i]);
	}
	fz_vm_deallocate(fz_task_self(), (vm_address_t)threads,
			 n * sizeof(mach_port_t));
	/* Until it has ended itself, or a while. */
	for (int i = 0; i < 5; i++) {
		fz_sleep(10);
		if (fz_mach_port_type(fz_task_self(), task, &type) ==
			KERN_SUCCESS &&
		    (type & MACH_PORT_TYPE_DEAD_NAME))
			return;
	}
}

static void
fz_op_victim(struct fz_call *call)
{
	struct fz_victim *victim = fz_pick_victim(call);

	if (fz_victim_make(call, victim))
		for (unsigned i = FZ_BELOW(call, 3); i > 0; i--)
			fz_victim_thread(call, victim, FZ_BELOW(call, 4));
}

static void
fz_op_victim_thread(struct fz_call *call)
{
	fz_victim_thread(call, fz_pick_victim(call),
			 FZ_BELOW(call, FZ_VICTIM_THREADS));
}

static void
fz_op_task_terminate(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);

	/* Itself only rarely: that ends the batch. */
	if (task == fz_task_self() && !FZ_CHANCE(call, 5))
		task = fz_not_self(call, task);
	if (task != fz_task_self()) {
		for (unsigned i = 0; i < FZ_VICTIMS; i++)
			if (fz_world.fw_victims[i].fv_task == task) {
				fz_say(call, "end victim %#x", task);
				fz_victim_end(&fz_world.fw_victims[i]);
				return;
			}
	}
	fz_say(call, "task_terminate(%#x)", task);
	fz_say(call, " -> %#x", fz_task_terminate(task));
}

static void
fz_op_task_threads(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	thread_array_t threads = NULL;
	mach_msg_type_number_t n = 0;

	kern_return_t kr = fz_task_threads(task, &threads, &n);
	fz_say(call, "task_threads(%#x) -> %#x %u", task, kr, n);
	if (kr != KERN_SUCCESS)
		return;
	for (unsigned i = 0; i < n && i < 64; i++)
		if (task != fz_task_self() || !FZ_AVOIDING(FZ_AVOID_EXC_WAIT))
			fz_pool_add(FZ_KOBJECT, threads[i]);
	if (threads != NULL)
		fz_vm_deallocate(fz_task_self(), (vm_address_t)threads,
				 n * sizeof(mach_port_t));
}

static void
fz_op_task_suspend(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);

	if (FZ_CHANCE(call, 50)) {
		kern_return_t kr = fz_task_resume(task);
		fz_say(call, "task_resume(%#x) -> %#x", task, kr);
		return;
	}
	task = fz_not_self(call, task);
	kern_return_t kr = fz_task_suspend(task);
	fz_say(call, "task_suspend(%#x) -> %#x", task, kr);
}

static int
fz_special_which(struct fz_call *call)
{
	return FZ_CHANCE(call, 90) ? (int)FZ_BELOW(call, 6)
				   : (int)fz_edge64(call);
}

static void
fz_op_task_special(struct fz_call *call)
{
	mach_port_t task = fz_pick_task(call);
	int which = fz_special_which(call);
	mach_port_t port = MACH_PORT_NULL;

	if (FZ_CHANCE(call, 50)) {
		kern_return_t kr = fz_task_get_special_port(task, which, &port);
		fz_say(call, "task_get_special_port(%#x, %d) -> %#x %#x", task,
		       which, kr, port);
		if (kr == KERN_SUCCESS)
			fz_pool_add(FZ_SEND, port);
		return;
	}
	port = FZ_CHANCE(call, 70) ? fz_pick(call, FZ_SEND)
				   : fz_pick(call, FZ_ANY);
	if (task == fz_task_self() && which == TASK_EXCEPTION_PORT)
		task = fz_not_self(call, task); /* keeps its fw_catch */
	if (which == TASK_EXCEPTION_PORT && FZ_AVOIDING(FZ_AVOID_EXC_WAIT))
		port = MACH_PORT_NULL; /* see fz_victim_thread */
	kern_return_t kr = fz_task_set_special_port(task, which, port);
	fz_say(call, "task_set_special_port(%#x, %d, %#x) -> %#x", task, which,
	       port, kr);
}

/* Memory: a size usually small, rarely anything at all. */
uint64_t
fz_vm_size(struct fz_call *call)
{
	if (FZ_CHANCE(call, 80))
		return (1 + FZ_BELOW(call, 8)) * FZ_PAGE - FZ_BELOW(call, 2);
	uint64_t size = fz_size64(call, 64 * FZ_PAGE);
	if (size > (16u << 20) && size < (512u << 20) && !FZ_CHANCE(call, 2))
		size = 16u << 20; /* not all of memory, usually */
	return size;
}

/* An address: one of the batch's regions, the victim's, or anything. */
uint64_t
fz_vm_address(struct fz_call *call, uint64_t size)
{
	unsigned slot = FZ_BELOW(call, FZ_ARRAY_SIZE(fz_world.fw_regions));

	switch (FZ_BELOW(call, 5)) {
	case 0:
	case 1:
		return fz_world.fw_regions[slot] + FZ_BELOW(call, 2) * FZ_PAGE;
	case 2:
		return fz_pick_victim(call)->fv_code;
	default:
		return fz_address(call, size, FZ_WRITE);
	}
}

static void
fz_op_vm_allocate(struct fz_call *call)
{
	mach_port_t task =
	    FZ_CHANCE(call, 60) ? fz_task_self() : fz_pick_task(call);
	uint64_t size = fz_vm_size(call);
	boolean_t anywhere = FZ_CHANCE(call, 70);
	vm_address_t addr = anywhere ? 0 : fz_vm_address(call, size);

	kern_return_t kr = fz_vm_allocate(task, &addr, size, anywhere);
	fz_say(call, "vm_allocate(%#x, %#lx, %#lx, %d) -> %#x", task,
	       (unsigned long)addr, (unsigned long)size, anywhere, kr);
	if (kr == KERN_SUCCESS && task == fz_task_self() &&
	    !fz_protected_range(addr, size)) {
		unsigned slot = fz_world.fw_region_next++ %
				FZ_ARRAY_SIZE(fz_world.fw_regions);
		fz_world.fw_regions[slot] = addr;
		fz_world.fw_region_sizes[slot] = size;
	}
}

static void
fz_op_vm_change(struct fz_call *call)
{
	mach_port_t task =
	    FZ_CHANCE(call, 60) ? fz_task_self() : fz_pick_task(call);
	uint64_t size = fz_vm_size(call);
	uint64_t addr = fz_vm_address(call, size);
	kern_return_t kr;

	if (FZ_AVOIDING(FZ_AVOID_VM_HUGE) && size > (64u << 20))
		size = 64u << 20;
	if (task == fz_task_self() && fz_protected_range(addr, size))
		task = fz_not_self(call, task);
	switch (FZ_BELOW(call, 3)) {
	case 0:
		kr = fz_vm_deallocate(task, addr, size);
		fz_say(call, "vm_deallocate(%#x, %#lx, %#lx) -> %#x", task,
		       (unsigned long)addr, (unsigned long)size, kr);
		break;
	case 1: {
		vm_prot_t prot = FZ_CHANCE(call, 90)
				     ? (vm_prot_t)FZ_BELOW(call, 8)
				     : (vm_prot_t)FZ_RAND(call);
		boolean_t max = FZ_CHANCE(call, 20);
		kr = fz_vm_protect(task, addr, size, max, prot);
		fz_say(call, "vm_protect(%#x, %#lx, %#lx, %d, %#x) -> %#x",
		       task, (unsigned long)addr, (unsigned long)size, max,
		       prot, kr);
		break;
	}
	default: {
		uint32_t len = fz_size(call, 2 * FZ_PAGE);
		uint64_t data = FZ_CHANCE(call, 80)
				    ? fz_valid_address(call, len, FZ_READ)
				    : fz_address(call, len, FZ_READ);
		kr = fz_vm_write(task, addr, data, len);
		fz_say(call, "vm_write(%#x, %#lx, %#lx, %u) -> %#x", task,
		       (unsigned long)addr, (unsigned long)data, len, kr);
		break;
	}
	}
}

/* The worker waits a tick or two: its victims run. */
static void
fz_op_let_run(struct fz_call *call)
{
	unsigned ms = 10 + FZ_BELOW(call, 20);

	fz_say(call, "sleep %u ms", ms);
	fz_sleep(ms);
}

/* A flavor of task_info or thread_info: mostly a small one (the known
 * ones among them), sometimes anything. */
static int
fz_info_flavor(struct fz_call *call)
{
	return FZ_CHANCE(call, 90) ? (int)FZ_BELOW(call, 6)
				   : (int)fz_edge64(call);
}

/* A count for an info call: mostly at most the type's 32, sometimes
 * anything (the stub copies no more than the kernel's answer, at most
 * 32 integers, so info always has room). */
static mach_msg_type_number_t
fz_info_count(struct fz_call *call)
{
	return FZ_CHANCE(call, 80) ? (uint32_t)FZ_BELOW(call, TASK_INFO_MAX + 1)
				   : (uint32_t)fz_edge64(call);
}

/* task_info and thread_info of any task or thread (or a port of a wrong
 * kind), any flavor, any count. */
static void
fz_op_task_info(struct fz_call *call)
{
	integer_t info[TASK_INFO_MAX + 8];
	mach_msg_type_number_t asked = fz_info_count(call), count = asked;
	int flavor = fz_info_flavor(call);
	kern_return_t kr;

	if (FZ_CHANCE(call, 50)) {
		mach_port_t task = fz_pick_task(call);
		kr = fz_task_info(task, flavor, info, &count);
		fz_say(call, "task_info(%#x, %d, %u) -> %#x count %u", task,
		       flavor, asked, kr, count);
	} else {
		mach_port_t thread = fz_pick_thread(call);
		kr = fz_thread_info(thread, flavor, info, &count);
		fz_say(call, "thread_info(%#x, %d, %u) -> %#x count %u", thread,
		       flavor, asked, kr, count);
	}
}

static void
fz_op_host_info(struct fz_call *call)
{
	static integer_t info[HOST_INFO_MAX + 8];
	mach_port_t host =
	    FZ_CHANCE(call, 60) ? fz_host_self() : fz_pick(call, FZ_ANY);
	host_flavor_t flavor =
	    FZ_CHANCE(call, 90) ? (int)FZ_BELOW(call, 4) : (int)FZ_RAND(call);
	mach_msg_type_number_t count =
	    FZ_CHANCE(call, 80) ? (uint32_t)FZ_BELOW(call, HOST_INFO_MAX + 1)
				: (uint32_t)FZ_RAND(call);

	if (count > HOST_INFO_MAX)
		count = HOST_INFO_MAX; /* the stub would write past info */
	kern_return_t kr = fz_host_info(host, flavor, info, &count);
	fz_say(call, "host_info(%#x, %d) -> %#x count %u", host, flavor, kr,
	       count);
}

const struct fz_op fz_task_ops[] = {
    {"victim", fz_op_victim, 5, 0, 1},
    {"victim-thread", fz_op_victim_thread, 4, 0, 1},
    {"task-terminate", fz_op_task_terminate, 2, 0, 1},
    {"task-threads", fz_op_task_threads, 3, 0, 0},
    {"task-suspend", fz_op_task_suspend, 3, 0, 0},
    {"task-special", fz_op_task_special, 3, 0, 0},
    {"vm-allocate", fz_op_vm_allocate, 4, 0, 0},
    {"vm-change", fz_op_vm_change, 6, 0, 0},
    {"host-info", fz_op_host_info, 2, 0, 0},
    {"task-info", fz_op_task_info, 3, 0, 0},
    {"let-victims-run", fz_op_let_run, 2, 0, 1},
};
const unsigned fz_task_op_count = FZ_ARRAY_SIZE(fz_task_ops);
