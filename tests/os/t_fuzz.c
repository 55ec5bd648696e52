/*
 * The fuzzer's supervisor (tests/os/fuzz/fuzz.h tells the design;
 * docs/reliability.md how to use it).  Arguments, words KEY=VALUE:
 *
 *	seed=N		the campaign's seed (default 1)
 *	calls=N		calls 0 .. N-1 (default 1000)
 *	batch=N		calls per batch, one worker task each (default 200)
 *	plan=LIST	only these calls: "0-99+150+200-210" (tools/fuzz.pl
 *			writes longer plans into the program itself)
 *	avoid=LIST	keep away from known kernel bugs: "known" or names
 *			of enum fz_avoid (dead-receiver+nt-flag+...)
 *	io=1		the UNIX server's io interface too (fuzz/io.c): the
 *			boot has the name service and the server, whose
 *			root it asks for (unix_io_root) and gives each
 *			worker; after each batch it ends and reaps the
 *			processes the worker's io_spawn made
 *
 * Lists are separated by '+' or ',' (QEMU's -initrd takes no commas in a
 * module's command line).
 *	workers=N	script threads a worker may run at once (default 4)
 *	verbose=1	print every call (FUZZ-CALL lines)
 *	watchdog=S	seconds a batch may take (default 30)
 *
 * For each batch it forks a worker (fork.c) and waits for its end,
 * making the tasks the worker asks for meanwhile (each registered as a
 * victim before the worker has it); then it ends the victims, checks
 * that a message still goes round a fresh port, and that the kernel's
 * counts (tasks, threads, spaces, ports, sets, messages, zone objects,
 * free pages) are what they were before the worker was made.  Lines on
 * the console:
 *
 *	FUZZ-START ...			the campaign
 *	FUZZ-BATCH B FIRST-LAST		batch B begins
 *	FUZZ-PROGRESS ...		every 10 s
 *	FUZZ-FAIL KIND batch=B: ...	leak, worker-leak, hang, dead-kernel,
 *					fork (then the run stops)
 *	FUZZ-DONE result=pass|fail ...	the end
 *
 * The supervisor runs at the highest priority, so that it keeps its
 * watch however the worker and its victims load the processor.
 */
#include "fuzz/fuzz.h"

#include <errno.h>
#include <mach/bootstrap.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/notify.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <mach/vm_map.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unix/io.h>
#include <unix/unix.h>

struct fz_config fz_config = {
    .fc_seed = 1, .fc_calls = 1000, .fc_batch = 200, .fc_workers = 4};

static const struct {
	const char *name;
	unsigned bit;
} fz_avoid_names[] = {
    {"dead-receiver", FZ_AVOID_DEAD_RECEIVER},
    {"nt-flag", FZ_AVOID_NT_FLAG},
    {"pd-fastpath", FZ_AVOID_PD_FASTPATH},
    {"pset-timeout", FZ_AVOID_PSET_TIMEOUT},
    {"vm-huge", FZ_AVOID_VM_HUGE},
    {"no-reply", FZ_AVOID_NO_REPLY},
    {"blocked-send", FZ_AVOID_BLOCKED_SEND},
    {"exc-wait", FZ_AVOID_EXC_WAIT},
    {"rcv-large", FZ_AVOID_RCV_LARGE},
    {"cycles", FZ_AVOID_CYCLES},
    {"bad-rcv-buffer", FZ_AVOID_BAD_RCV_BUFFER},
    {"known", FZ_AVOID_KNOWN},
};

static mach_port_t self, report, notify;
static mach_port_t create;  /* the workers' fz_create_request */
static mach_port_t waiting; /* a set of notify and create */
static unsigned watchdog = 30;
static struct fz_batch fz_batch; /* the worker finds it in its copy */
mach_port_t fz_io_root;		 /* io=1: the UNIX server's root */
static int fz_io_pids[256];	 /* processes the worker's io_spawn made */
static unsigned fz_io_pid_count;

static int
fz_parse_avoid(const char *list)
{
	char word[32];

	while (*list != '\0') {
		size_t n = strcspn(list, ",+");
		if (n >= sizeof(word))
			return 0;
		memcpy(word, list, n);
		word[n] = '\0';
		unsigned i;
		for (i = 0; i < FZ_ARRAY_SIZE(fz_avoid_names); i++)
			if (strcmp(word, fz_avoid_names[i].name) == 0)
				break;
		if (i == FZ_ARRAY_SIZE(fz_avoid_names))
			return 0;
		fz_config.fc_avoid |= fz_avoid_names[i].bit;
		list += n + (list[n] != '\0');
	}
	return 1;
}

static int
fz_parse_args(int argc, char **argv, const char **plan)
{
	for (int i = 1; i < argc; i++) {
		char *value = strchr(argv[i], '=');
		if (value == NULL)
			return 0;
		*value++ = '\0';
		const char *key = argv[i];
		if (strcmp(key, "seed") == 0)
			fz_config.fc_seed = strtoull(value, NULL, 0);
		else if (strcmp(key, "calls") == 0)
			fz_config.fc_calls = strtoull(value, NULL, 0);
		else if (strcmp(key, "batch") == 0)
			fz_config.fc_batch = strtoull(value, NULL, 0);
		else if (strcmp(key, "workers") == 0)
			fz_config.fc_workers =
			    (unsigned)strtoul(value, NULL, 0);
		else if (strcmp(key, "verbose") == 0)
			fz_config.fc_verbose = atoi(value);
		else if (strcmp(key, "watchdog") == 0)
			watchdog = (unsigned)strtoul(value, NULL, 0);
		else if (strcmp(key, "plan") == 0)
			*plan = value;
		else if (strcmp(key, "io") == 0)
			fz_config.fc_io = atoi(value);
		else if (strcmp(key, "avoid") == 0) {
			if (!fz_parse_avoid(value))
				return 0;
		} else
			return 0;
	}
	return fz_config.fc_batch > 0;
}

static unsigned long
fz_ticks(void)
{
	struct kernel_stats stats;
	mach_kernel_stats(&stats);
	return stats.ks_timer_ticks;
}

/* Waits ms milliseconds. */
static void
fz_wait_ms(unsigned ms)
{
	mach_msg_header_t msg;
	mach_port_t port = mach_reply_port();

	mach_msg(&msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg), port,
		 ms, 0);
	mach_port_destroy(self, port);
}

/*
 * Ends a task.  Avoiding the known bugs of ending threads that wait, it
 * first lets their waits end (as fz_quiesce_task does in the worker):
 * holds the task, interrupts each thread's wait, raises it to run at
 * once while the supervisor sleeps, and waits a while for the task to
 * end itself (a thread that waited for its exception handler does).
 */
static void
fz_end_task(mach_port_t task)
{
	if (fz_config.fc_avoid & (FZ_AVOID_DEAD_RECEIVER |
				  FZ_AVOID_BLOCKED_SEND | FZ_AVOID_EXC_WAIT)) {
		thread_array_t threads;
		mach_msg_type_number_t n = 0;
		mach_port_type_t type = 0;
		task_suspend(task);
		if (task_threads(task, &threads, &n) == KERN_SUCCESS) {
			for (unsigned i = 0; i < n; i++) {
				thread_set_priority(threads[i],
						    MACH_PRIORITY_MAX - 1);
				thread_abort(threads[i]);
				mach_port_deallocate(self, threads[i]);
			}
			vm_deallocate(self, (vm_address_t)threads,
				      n * sizeof(mach_port_t));
		}
		for (int i = 0; i < 5; i++) {
			fz_wait_ms(10);
			if (mach_port_type(self, task, &type) == KERN_SUCCESS &&
			    (type & MACH_PORT_TYPE_DEAD_NAME))
				break;
		}
	}
	task_terminate(task);
}

/* Prints where each thread of a stuck worker is. */
static void
fz_show_threads(mach_port_t task)
{
	thread_array_t threads;
	mach_msg_type_number_t n = 0;

	if (task_threads(task, &threads, &n) != KERN_SUCCESS)
		return;
	for (unsigned i = 0; i < n; i++) {
		struct x86_64_thread_state s;
		mach_msg_type_number_t count = THREAD_STATE_X86_64_COUNT;
		memset(&s, 0, sizeof(s));
		thread_suspend(threads[i]);
		kern_return_t kr =
		    thread_get_state(threads[i], THREAD_STATE_X86_64,
				     (thread_state_t)&s, &count);
		fz_print("FUZZ-THREAD %u: state %#x rip %#lx rax %#lx rdi %#lx "
			 "rsi %#lx r8 %#lx r9 %#lx",
			 i, kr, (unsigned long)s.rip, (unsigned long)s.rax,
			 (unsigned long)s.rdi, (unsigned long)s.rsi,
			 (unsigned long)s.r8, (unsigned long)s.r9);
		mach_port_deallocate(self, threads[i]);
	}
	vm_deallocate(self, (vm_address_t)threads, n * sizeof(mach_port_t));
}

/*
 * Reads what the worker sent: its victims (ended now) and its report.
 * Returns 1 if the report came.
 */
static int
fz_read_reports(struct fz_done_msg *done)
{
	union {
		mach_msg_header_t header;
		struct fz_done_msg done;
		struct {
			mach_msg_header_t header;
			mach_msg_body_t body;
			mach_msg_port_descriptor_t port;
		} victim;
		char room[sizeof(struct fz_done_msg) + MAX_TRAILER_SIZE];
	} msg;
	int got = 0;

	while (mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(msg), report, 0, 0) == MACH_MSG_SUCCESS) {
		if (msg.header.msgh_id == FZ_MSG_DONE) {
			*done = msg.done;
			got = 1;
		} else if (msg.header.msgh_id == FZ_MSG_PID &&
			   msg.header.msgh_size == sizeof(struct fz_pid_msg)) {
			if (fz_io_pid_count < FZ_ARRAY_SIZE(fz_io_pids))
				fz_io_pids[fz_io_pid_count++] =
				    ((struct fz_pid_msg *)&msg)->fp_pid;
		} else if ((msg.header.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
			   msg.victim.body.msgh_descriptor_count == 1) {
			fz_end_task(msg.victim.port.name);
			mach_port_deallocate(self, msg.victim.port.name);
		}
	}
	return got;
}

/*
 * Makes the task a worker asked for (fz_create_request), registers it
 * (a message to the report port, which fz_read_reports ends it for) and
 * answers with a send right to it.  A message of any other shape (a
 * worker's random call may send one here) is destroyed.
 */
static void
fz_serve_create(mach_msg_header_t *header, mach_msg_size_t size)
{
	struct fz_create_request *request = (void *)header;
	struct fz_create_reply reply;
	mach_port_t child = MACH_PORT_NULL;

	if (header->msgh_id != FZ_MSG_CREATE ||
	    header->msgh_size != sizeof(*request) || size < sizeof(*request) ||
	    !(header->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    request->fcq_body.msgh_descriptor_count != 1 ||
	    request->fcq_parent.type != MACH_MSG_PORT_DESCRIPTOR) {
		mach_msg_destroy(header);
		return;
	}
	mach_port_t parent = request->fcq_parent.name;
	kern_return_t kr =
	    task_create(parent, request->fcq_inherit != 0, &child);
	if (MACH_PORT_VALID(parent))
		mach_port_deallocate(self, parent);
	if (kr == KERN_SUCCESS &&
	    fz_msg_send_right(report, MACH_MSG_TYPE_MAKE_SEND, child,
			      MACH_MSG_TYPE_COPY_SEND,
			      MACH_SEND_TIMEOUT) != MACH_MSG_SUCCESS) {
		task_terminate(child);
		mach_port_deallocate(self, child);
		child = MACH_PORT_NULL;
		kr = KERN_RESOURCE_SHORTAGE;
	}
	memset(&reply, 0, sizeof(reply));
	reply.fcr_header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(header->msgh_bits), 0) |
	    MACH_MSGH_BITS_COMPLEX;
	reply.fcr_header.msgh_size = sizeof(reply);
	reply.fcr_header.msgh_remote_port = header->msgh_remote_port;
	reply.fcr_header.msgh_id = FZ_MSG_CREATE + 100;
	reply.fcr_body.msgh_descriptor_count = 1;
	reply.fcr_child.name = child;
	reply.fcr_child.disposition = MACH_MSG_TYPE_COPY_SEND;
	reply.fcr_child.type = MACH_MSG_PORT_DESCRIPTOR;
	reply.fcr_result = kr;
	/* Not sent (the worker is gone): the reply right goes here. */
	if (mach_msg(&reply.fcr_header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		     sizeof(reply), 0, 0, 0, 0) != MACH_MSG_SUCCESS &&
	    MACH_PORT_VALID(header->msgh_remote_port))
		mach_port_deallocate(self, header->msgh_remote_port);
	if (MACH_PORT_VALID(child))
		mach_port_deallocate(self, child);
}

/*
 * Waits up to ms milliseconds (0: only looks) for the worker's end (the
 * dead-name notification on notify), making the tasks it asks for
 * meanwhile.  Returns 1 if it ended.
 */
static int
fz_wait_worker(unsigned ms)
{
	union {
		mach_msg_header_t header;
		struct fz_create_request request;
		char room[256];
	} msg;
	unsigned long deadline = fz_ticks() + (ms + 9) / 10;

	for (;;) {
		unsigned long now = fz_ticks();
		unsigned left = now < deadline ? (deadline - now) * 10 : 0;
		mach_msg_return_t mr =
		    mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			     sizeof(msg), waiting, left, 0);
		if (mr == MACH_RCV_TIMED_OUT)
			return 0;
		if (mr != MACH_MSG_SUCCESS)
			continue; /* too large: destroyed */
		if (msg.header.msgh_local_port == notify)
			return 1;
		fz_serve_create(&msg.header, sizeof(msg));
	}
}

/*
 * io=1: the UNIX server's root as an io port, as the posix-lite server
 * asks for it (the service "unix" of the name service, then
 * unix_io_root with the privileged host port, until the server has
 * its file system).  0 if the server never answered.
 */
static int
fz_io_connect(void)
{
	mach_port_t service = MACH_PORT_NULL;
	int error = EAGAIN;

	for (int tries = 0; tries < 3000 && error == EAGAIN; tries++) {
		if (!MACH_PORT_VALID(service) &&
		    bootstrap_look_up(bootstrap_port, "unix", &service) !=
			KERN_SUCCESS) {
			fz_wait_ms(10);
			continue;
		}
		if (unix_io_root(service, mach_host_priv_self(), &error,
				 &fz_io_root) != KERN_SUCCESS)
			error = EIO;
		if (error == EAGAIN)
			fz_wait_ms(10);
	}
	return error == 0;
}

/*
 * io=1: runs once each program the workers' io_spawn may run, before
 * the first batch: the server makes a program's memory object when it
 * first maps the program and the kernel keeps it (its ports and
 * objects) after the process ends, as a cache, not a leak.
 */
static void
fz_io_warm_up(void)
{
	static const char *const programs[] = {"/bin/true", "/bin/false"};
	static char args[] = "true";

	for (unsigned i = 0; i < FZ_ARRAY_SIZE(programs); i++) {
		mach_port_t task = MACH_PORT_NULL;
		int error = 0, pid = 0, status;
		io_spawn(fz_io_root, (char *)programs[i],
			 strlen(programs[i]) + 1, args, sizeof(args), 1, 0,
			 NULL, 0, 022, &error, &pid, &task);
		fz_wait_ms(200); /* its end, before it is reaped */
		if (error == 0)
			io_process_status(fz_io_root, pid, &error, &status);
		if (MACH_PORT_VALID(task))
			mach_port_deallocate(self, task);
	}
}

/* Ends and reaps the processes the worker made (its end may have left
 * them running, stopped, or zombies nobody asks about). */
static void
fz_io_reap(void)
{
	for (unsigned i = 0; i < fz_io_pid_count; i++) {
		int error, status;
		io_process_status(fz_io_root, fz_io_pids[i], &error, &status);
	}
	fz_io_pid_count = 0;
}

/* Runs one batch in a worker; returns 0 after a failure it reported. */
static int
fz_run_batch(uint64_t number, uint64_t first, uint64_t last, uint64_t *calls)
{
	mach_port_t task, previous;
	uint64_t stack[2];
	struct fz_done_msg done;

	fz_batch = (struct fz_batch){
	    .fb_number = number, .fb_first = first, .fb_last = last};
	kern_return_t kr =
	    fz_fork(&task, fz_worker_main, &fz_batch, report, create, stack);
	if (kr != KERN_SUCCESS) {
		fz_print("FUZZ-FAIL fork batch=%llu: %#x",
			 (unsigned long long)number, kr);
		return 0;
	}
	kr = mach_port_request_notification(self, task, MACH_NOTIFY_DEAD_NAME,
					    0, notify, &previous);
	int ok = 1;
	if (kr == KERN_SUCCESS && !fz_wait_worker(watchdog * 1000)) {
		fz_print("FUZZ-FAIL hang batch=%llu: the worker did not end in "
			 "%u s",
			 (unsigned long long)number, watchdog);
		fz_show_threads(task);
		fz_end_task(task);
		fz_wait_worker(5000);
		ok = 0;
	}
	fz_wait_worker(0); /* what it asked for just before its end */
	mach_port_deallocate(self, task);
	memset(&done, 0, sizeof(done));
	int reported = fz_read_reports(&done);
	if (fz_io_root != MACH_PORT_NULL)
		fz_io_reap();
	if (reported) {
		*calls += done.fd_calls;
		if (done.fd_leak && ok) {
			fz_print("FUZZ-FAIL worker-leak batch=%llu:%s",
				 (unsigned long long)number, done.fd_text);
			ok = 0;
		}
	} else if (ok && number != FZ_WARM_UP) { /* it ends itself */
		fz_print("FUZZ-NOTE batch=%llu: the worker ended early",
			 (unsigned long long)number);
	}
	return ok;
}

/* A message round a fresh port: the kernel still answers. */
static int
fz_round_trip(void)
{
	struct {
		mach_msg_header_t header;
		char room[64];
	} msg;
	mach_port_t port;

	if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port) !=
	    KERN_SUCCESS)
		return 0;
	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	msg.header.msgh_size = sizeof(msg.header);
	msg.header.msgh_remote_port = port;
	msg.header.msgh_id = 4242;
	mach_msg_return_t mr = mach_msg(&msg.header, MACH_SEND_MSG,
					sizeof(msg.header), 0, 0, 0, 0);
	if (mr == MACH_MSG_SUCCESS)
		mr = mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			      sizeof(msg), port, 1000, 0);
	mach_port_destroy(self, port);
	return mr == MACH_MSG_SUCCESS && msg.header.msgh_id == 4242;
}

/* Zone objects but those describing task memory: the worker's own
 * memory (its stack, its heap) grows them as it is touched. */
static unsigned long
fz_zone_objects(const struct kernel_stats *s)
{
	return s->ks_zone_objects - s->ks_vm_zone_objects;
}

/* Pages free or the worker's own: zone slabs (which come and go with the
 * objects' placement), its memory's pages and page tables. */
static unsigned long
fz_pages(const struct kernel_stats *s)
{
	return s->ks_pages_free + s->ks_zone_bytes / FZ_PAGE +
	       s->ks_pages_resident + s->ks_pages_tables;
}

/* The counts that must come back. */
static int
fz_counts_differ(const struct kernel_stats *b, const struct kernel_stats *a,
		 char *text, size_t size)
{
	struct {
		const char *name;
		unsigned long before, after;
	} counts[] = {
	    {"tasks", b->ks_tasks, a->ks_tasks},
	    {"threads", b->ks_threads, a->ks_threads},
	    {"spaces", b->ks_ipc_spaces, a->ks_ipc_spaces},
	    {"ports", b->ks_ipc_ports, a->ks_ipc_ports},
	    {"psets", b->ks_ipc_psets, a->ks_ipc_psets},
	    {"kmsgs", b->ks_ipc_kmsgs, a->ks_ipc_kmsgs},
	    {"zone-objects", fz_zone_objects(b), fz_zone_objects(a)},
	    {"pages", fz_pages(b), fz_pages(a)},
	};
	int differ = 0;

	text[0] = '\0';
	for (unsigned i = 0; i < FZ_ARRAY_SIZE(counts); i++) {
		if (counts[i].before == counts[i].after ||
		    (strcmp(counts[i].name, "zone-objects") == 0 &&
		     !fz_zone_objects_differ(counts[i].before,
					     counts[i].after)))
			continue;
		size_t len = strlen(text);
		snprintf(text + len, size - len, " %s %lu->%lu", counts[i].name,
			 counts[i].before, counts[i].after);
		differ = 1;
	}
	if (differ) {
		size_t len = strlen(text);
		snprintf(text + len, size - len,
			 " (free pages %lu/%lu, zone bytes %lu/%lu)",
			 b->ks_pages_free, a->ks_pages_free, b->ks_zone_bytes,
			 a->ks_zone_bytes);
	}
	return differ;
}

/*
 * io=1: waits until the other tasks of the boot are still (the UNIX
 * server has started init and init its program; counts that move
 * between the batch's two looks would be a leak): the same counts
 * over 200 ms, for 10 s at most.
 */
static void
fz_io_settle(void)
{
	struct kernel_stats a, b;

	mach_kernel_stats(&a);
	for (int tries = 0; tries < 50; tries++) {
		fz_wait_ms(200);
		mach_kernel_stats(&b);
		char text[400];
		if (!fz_counts_differ(&a, &b, text, sizeof(text)))
			return;
		a = b;
	}
}

/* Checks the kernel after a batch; returns 0 after reporting a failure. */
static int
fz_check(uint64_t number, const struct kernel_stats *before)
{
	struct kernel_stats after;
	char text[400];

	if (!fz_round_trip()) {
		fz_print("FUZZ-FAIL dead-kernel batch=%llu: no message went "
			 "round a fresh port",
			 (unsigned long long)number);
		return 0;
	}
	/* Ended threads are freed by the next switch: give them time. */
	for (int tries = 0; tries < 50; tries++) {
		swtch_pri(0);
		mach_kernel_stats(&after);
		if (!fz_counts_differ(before, &after, text, sizeof(text)))
			return 1;
		fz_wait_ms(10);
	}
	fz_print("FUZZ-FAIL leak batch=%llu:%s", (unsigned long long)number,
		 text);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *plan = NULL;
	struct kernel_stats before;
	uint64_t calls = 0, batches = 0;

	if (!fz_parse_args(argc, argv, &plan)) {
		fz_print("FUZZ-FAIL usage: t_fuzz [seed=N] [calls=N] [batch=N] "
			 "[plan=LIST] [avoid=LIST] [workers=N] [verbose=1] "
			 "[watchdog=S] [io=1]");
		return 2;
	}
	int planned = plan != NULL ? fz_plan_parse(plan) : fz_plan_load_area();
	if (planned < 0 || (plan != NULL && !planned)) {
		fz_print("FUZZ-FAIL usage: a bad plan");
		return 2;
	}
	if (planned)
		fz_config.fc_calls = fz_plan_end();
	self = mach_task_self();
	mach_thread_priority(MACH_PRIORITY_MAX);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &report);
	mach_port_set_qlimit(self, report, MACH_PORT_QLIMIT_MAX);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify);
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &create);
	mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &waiting);
	mach_port_move_member(self, notify, waiting);
	mach_port_move_member(self, create, waiting);
	if (fz_config.fc_io && !fz_io_connect()) {
		fz_print("FUZZ-FAIL usage: io=1 but no UNIX server answers");
		return 2;
	}
	if (fz_config.fc_io) {
		fz_io_warm_up();
		fz_io_settle();
	}
	fz_print("FUZZ-START seed=%llu calls=%llu batch=%llu avoid=%#x "
		 "workers=%u planned=%d io=%d",
		 (unsigned long long)fz_config.fc_seed,
		 (unsigned long long)fz_config.fc_calls,
		 (unsigned long long)fz_config.fc_batch, fz_config.fc_avoid,
		 fz_config.fc_workers, planned, fz_config.fc_io);

	/* A batch that only leaves a victim to end: the supervisor's own
	 * first uses (its page tables, say) are made before any check. */
	uint64_t none = 0;
	fz_run_batch(FZ_WARM_UP, 1, 0, &none);
	unsigned long start = fz_ticks(), last_progress = start;
	int ok = 1;
	uint64_t batch = fz_config.fc_batch;
	for (uint64_t b = 0; ok && b * batch < fz_config.fc_calls; b++) {
		uint64_t first = b * batch, last = first + batch - 1;
		uint64_t next = fz_plan_next(first);
		if (next == UINT64_MAX)
			break;
		if (next > last) {
			b = next / batch - 1; /* on to the next planned batch */
			continue;
		}
		fz_print("FUZZ-BATCH %llu %llu-%llu", (unsigned long long)b,
			 (unsigned long long)first, (unsigned long long)last);
		mach_kernel_stats(&before);
		ok = fz_run_batch(b, first, last, &calls);
		ok = fz_check(b, &before) && ok;
		batches++;
		unsigned long now = fz_ticks();
		if (now - last_progress >= 1000) {
			unsigned long seconds = (now - start) / 100;
			fz_print("FUZZ-PROGRESS batches=%llu calls=%llu "
				 "seconds=%lu rate=%lu/s",
				 (unsigned long long)batches,
				 (unsigned long long)calls, seconds,
				 seconds ? (unsigned long)(calls / seconds)
					 : 0);
			last_progress = now;
		}
	}
	unsigned long seconds = (fz_ticks() - start) / 100;
	fz_print("FUZZ-DONE result=%s seed=%llu calls=%llu batches=%llu "
		 "seconds=%lu rate=%lu/s",
		 ok ? "pass" : "fail", (unsigned long long)fz_config.fc_seed,
		 (unsigned long long)calls, (unsigned long long)batches,
		 seconds, seconds ? (unsigned long)(calls / seconds) : 0);
	return ok ? 0 : 1;
}
