/*
 * The worker task: one batch of calls (see fuzz.h).
 *
 * fz_worker_main runs in a copy of the supervisor (fork.c).  It sets up
 * its world: a reply port for its counts, its exception port (fw_catch:
 * its own threads' faults wait there, and victims inherit it), its
 * buffers, each followed by an unmapped page.  It notes the names it
 * holds and the kernel's counts, makes the batch's calls, ends what they
 * made (world.c), and checks that the counts are back: everything but
 * the victims' task ports, which the messages that registered them keep
 * alive in the supervisor's queue until it reads them.  It tells the
 * supervisor how it went, and ends itself.
 */
#include "fuzz.h"

#include "gen/mach_port.h"
#include "gen/task.h"
#include "gen/thread.h"
#include "gen/vm_map.h"
#include <mach/mach_traps.h>
#include <stdio.h>
#include <string.h>

#define FZ_HEAP_ROOM (16ul << 20) /* the heap may grow this much */

static struct fz_tls fz_worker_tls;
static struct fz_call fz_worker_call;

/*
 * The worker's buffers: its scratch and fence, and each script thread's
 * stack and scratch, with an unmapped page after each.
 */
static kern_return_t
fz_worker_memory(void)
{
	mach_port_t self = fz_task_self();
	uint64_t per_thread =
	    FZ_THREAD_STACK + FZ_PAGE + FZ_SCRATCH_SIZE + FZ_PAGE;
	uint64_t size =
	    FZ_SCRATCH_SIZE + FZ_PAGE + 2 * FZ_PAGE + FZ_THREADS * per_thread;
	vm_address_t base = 0;

	kern_return_t kr = fz_vm_allocate(self, &base, size, TRUE);
	if (kr != KERN_SUCCESS)
		return kr;
	uint64_t at = base;
	fz_world.fw_scratch = at;
	at += FZ_SCRATCH_SIZE;
	fz_vm_deallocate(self, at, FZ_PAGE);
	at += FZ_PAGE;
	fz_world.fw_fence = at;
	at += FZ_PAGE;
	fz_vm_deallocate(self, at, FZ_PAGE);
	at += FZ_PAGE;
	for (unsigned i = 0; i < FZ_THREADS; i++) {
		fz_world.fw_thread_stack[i] = at;
		at += FZ_THREAD_STACK;
		fz_vm_deallocate(self, at, FZ_PAGE);
		at += FZ_PAGE;
		fz_world.fw_thread_scratch[i] = at;
		at += FZ_SCRATCH_SIZE;
		fz_vm_deallocate(self, at, FZ_PAGE);
		at += FZ_PAGE;
	}
	fz_world.fw_own_start = base;
	fz_world.fw_own_end = base + size;
	return KERN_SUCCESS;
}

static int
fz_worker_setup(void)
{
	mach_port_t self = fz_task_self();
	uint64_t here = (uint64_t)&self;

	fz_world.fw_main = fz_thread_self();
	fz_thread_set_priority(fz_world.fw_main, FZ_MAIN_PRIORITY);
	fz_world.fw_report = FZ_REPORT_NAME;
	fz_world.fw_create = FZ_CREATE_NAME;
	mach_port_type_t type = 0;
	if (fz_mach_port_type(self, FZ_HOST_PRIV_NAME, &type) == KERN_SUCCESS &&
	    (type & MACH_PORT_TYPE_SEND))
		fz_world.fw_host_priv = FZ_HOST_PRIV_NAME;
	type = 0;
	if (fz_mach_port_type(self, FZ_IO_ROOT_NAME, &type) == KERN_SUCCESS &&
	    (type & MACH_PORT_TYPE_SEND))
		fz_world.fw_io_root = FZ_IO_ROOT_NAME;
	fz_fork_image(&fz_world.fw_image_start, &fz_world.fw_image_end);
	fz_world.fw_image_end += FZ_HEAP_ROOM;
	fz_world.fw_stack_end = (here & ~(FZ_PAGE - 1)) + 2 * FZ_PAGE;
	fz_world.fw_stack_start = fz_world.fw_stack_end - (512u << 10);
	if (fz_worker_memory() != KERN_SUCCESS || !fz_vm_note_own())
		return 0;
	fz_world.fw_stats_reply = mach_reply_port();
	fz_world.fw_sleep = fz_worker_tls.ft_sleep = mach_reply_port();
	fz_world.fw_catch = mach_reply_port();
	fz_mach_port_insert_right(self, fz_world.fw_catch, fz_world.fw_catch,
				  MACH_MSG_TYPE_MAKE_SEND);
	fz_task_set_special_port(self, TASK_EXCEPTION_PORT, fz_world.fw_catch);
	fz_task_get_special_port(self, TASK_BOOTSTRAP_PORT,
				 &fz_world.fw_bootstrap);
	/*
	 * With io=1 the boot has a name service, a task that keeps what it
	 * is sent (a registered right to one of the batch's ports would
	 * outlive the batch as a dead name): neither the worker nor its
	 * victims reach it.
	 */
	if (fz_world.fw_io_root != MACH_PORT_NULL &&
	    MACH_PORT_VALID(fz_world.fw_bootstrap)) {
		fz_task_set_special_port(self, TASK_BOOTSTRAP_PORT,
					 MACH_PORT_NULL);
		fz_mach_port_deallocate(self, fz_world.fw_bootstrap);
		fz_world.fw_bootstrap = MACH_PORT_NULL;
	}
	return 1;
}

/*
 * What every batch starts with, whichever of its calls run: ports (some
 * with send rights), sets, send-once rights, a dead name.
 */
static void
fz_worker_stock(void)
{
	mach_port_t self = fz_task_self(), name;

	for (int i = 0; i < 6; i++) {
		fz_mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &name);
		fz_pool_add(FZ_RECEIVE, name);
		if (i % 2 == 0 && fz_mach_port_insert_right(
				      self, name, name,
				      MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS)
			fz_pool_add(FZ_SEND, name);
		if (i % 3 == 0) {
			mach_port_t once;
			mach_msg_type_name_t type;
			if (fz_mach_port_extract_right(
				self, name, MACH_MSG_TYPE_MAKE_SEND_ONCE, &once,
				&type) == KERN_SUCCESS)
				fz_pool_add(FZ_ONCE, once);
		}
	}
	for (int i = 0; i < 2; i++) {
		fz_mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &name);
		fz_pool_add(FZ_PSET, name);
	}
	fz_mach_port_allocate(self, MACH_PORT_RIGHT_DEAD_NAME, &name);
	fz_pool_add(FZ_DEAD, name);
	fz_pool_add(FZ_KOBJECT, self);
	fz_pool_add(FZ_KOBJECT, fz_host_self());
}

/* Appends "what before->after" to text if they differ; 1 if they do. */
static int
fz_differs(char *text, size_t size, const char *what, unsigned long before,
	   unsigned long after)
{
	if (before == after)
		return 0;
	size_t len = strlen(text);
	snprintf(text + len, size - len, " %s %lu->%lu", what, before, after);
	return 1;
}

/*
 * Compares the counts after the batch with those before it, allowing
 * each registered victim its task port (and the message holding it),
 * and each process io_spawn made the message that told the supervisor
 * (io.c; the process itself is reaped by then): two zone objects, as
 * a victim's message and port are (the supervisor, which has taken
 * the messages when it counts, allows nothing).
 */
static int
fz_worker_check(const struct kernel_stats *b, const struct kernel_stats *a,
		unsigned victims, unsigned spawned, char *text, size_t size)
{
	int bad = 0;

	text[0] = '\0';
	bad |= fz_differs(text, size, "tasks", b->ks_tasks, a->ks_tasks);
	bad |= fz_differs(text, size, "threads", b->ks_threads, a->ks_threads);
	bad |= fz_differs(text, size, "spaces", b->ks_ipc_spaces,
			  a->ks_ipc_spaces);
	bad |=
	    fz_differs(text, size, "psets", b->ks_ipc_psets, a->ks_ipc_psets);
	bad |= fz_differs(text, size, "ports", b->ks_ipc_ports + victims,
			  a->ks_ipc_ports);
	bad |= fz_differs(text, size, "kmsgs",
			  b->ks_ipc_kmsgs + victims + spawned, a->ks_ipc_kmsgs);
	/* Less those describing task memory: the worker's own grows as
	 * its stack and heap are touched. */
	unsigned long zone_before = b->ks_zone_objects - b->ks_vm_zone_objects +
				    2 * (victims + spawned);
	unsigned long zone_after = a->ks_zone_objects - a->ks_vm_zone_objects;
	if (fz_zone_objects_differ(zone_before, zone_after))
		bad |= fz_differs(text, size, "zone-objects", zone_before,
				  zone_after);
	return bad;
}

static void
fz_worker_report(const struct fz_batch *batch, uint64_t calls, int leak,
		 const char *text)
{
	struct fz_done_msg msg;

	memset(&msg, 0, sizeof(msg));
	msg.fd_header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	msg.fd_header.msgh_size = sizeof(msg);
	msg.fd_header.msgh_remote_port = fz_world.fw_report;
	msg.fd_header.msgh_id = FZ_MSG_DONE;
	msg.fd_batch = batch->fb_number;
	msg.fd_calls = calls;
	msg.fd_leak = leak;
	strncpy(msg.fd_text, text, sizeof(msg.fd_text) - 1);
	mach_msg(&msg.fd_header, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg),
		 0, 0, 1000, 0);
}

/*
 * The warm-up: a victim with a thread, registered, and the worker's own
 * end, so that the supervisor has done all it does before it counts.
 */
static void
fz_worker_warm_up(void)
{
	struct fz_call call;

	memset(&call, 0, sizeof(call));
	call.fc_scratch = fz_world.fw_scratch;
	for (uint64_t i = 0; fz_world.fw_victims[0].fv_task == MACH_PORT_NULL;
	     i++) {
		fz_rng_seed(&call.fc_rng, 0, i, 0);
		fz_victim_make(&call, &fz_world.fw_victims[0]);
	}
	fz_victim_thread(&call, &fz_world.fw_victims[0], 0);
	fz_task_terminate(fz_task_self());
	for (;;)
		swtch_pri(0);
}

/* How many victims the batch registered (task.c counts them). */
unsigned fz_victims_registered;

void
fz_worker_main(void *arg)
{
	const struct fz_batch *batch = arg;
	struct fz_call *call = &fz_worker_call;
	struct kernel_stats before, after;
	uint64_t calls = 0;
	char text[300];

	/* The ports mach_init made for its thread data go: from here on the
	 * thread's data is fz_worker_tls, and the batch's counts start
	 * with no port that nothing uses. */
	libmach_thread_release();
	fz_tls_init(&fz_worker_tls);
	if (!fz_worker_setup()) {
		fz_worker_report(batch, 0, 1, "the worker could not start");
		fz_task_terminate(fz_task_self());
	}
	if (batch->fb_number == FZ_WARM_UP)
		fz_worker_warm_up();
	fz_world_begin();
	fz_kernel_stats(&before);
	fz_worker_stock();
	for (uint64_t i = fz_plan_next(batch->fb_first);
	     i != UINT64_MAX && i <= batch->fb_last; i = fz_plan_next(i + 1)) {
		memset(call, 0, offsetof(struct fz_call, fc_desc));
		call->fc_index = i;
		fz_rng_seed(&call->fc_rng, fz_config.fc_seed, i, 0);
		call->fc_verbose = fz_config.fc_verbose;
		call->fc_main = 1;
		call->fc_scratch = fz_world.fw_scratch;
		call->fc_len = 0;
		call->fc_desc[0] = '\0';
		fz_call_run(call);
		if (call->fc_verbose)
			fz_print("FUZZ-CALL %llu: %s", (unsigned long long)i,
				 call->fc_desc);
		calls++;
	}
	unsigned spawned = fz_io_end();
	fz_world_end();
	int leak = 1;
	for (int tries = 0; leak && tries < 20; tries++) {
		if (tries > 0)
			fz_sleep(10); /* ended threads go at the next switch */
		fz_kernel_stats(&after);
		leak = fz_worker_check(&before, &after, fz_victims_registered,
				       spawned, text, sizeof(text));
	}
	if (leak) { /* what is left: the worker's threads */
		thread_array_t threads;
		mach_msg_type_number_t n = 0;
		if (fz_task_threads(fz_task_self(), &threads, &n) ==
		    KERN_SUCCESS) {
			size_t len = strlen(text);
			snprintf(text + len, sizeof(text) - len,
				 " (the worker has %u threads)", n);
		}
	}
	fz_worker_report(batch, calls, leak, text);
	fz_task_terminate(fz_task_self());
	for (;;)
		swtch_pri(0); /* ends on its way back from task_terminate */
}
