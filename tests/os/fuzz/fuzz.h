/*
 * The in-OS fuzzer: declarations shared by its files (tests/os/t_fuzz.c
 * and the files of tests/os/fuzz/; docs/reliability.md tells how to use it).
 *
 * Two levels of tasks.  The supervisor (t_fuzz.c) runs the campaign:
 * for each batch of calls it forks a worker task, a copy of its own
 * program (fork.c), waits for it to end, and then checks that the kernel
 * still answers and that its object counts are back where they were
 * before the worker was made.  The worker (worker.c) runs the batch's
 * calls, destroys everything they made, checks the counts itself, and
 * ends.  Whatever a call does to the worker (even task_terminate of it)
 * leaves the supervisor standing.
 *
 * Calls are numbered from 0.  Call i makes every random choice from its
 * own generator, seeded with a hash of (seed, i) (rand.c), so any subset
 * of the calls can be run again (a plan, plan.c) and makes the same
 * choices; only what the earlier calls left behind differs.  Batch b
 * holds calls [b * batch, (b + 1) * batch).
 *
 * A call is one operation of the catalogue (ops.c): a trap, a kernel RPC
 * through the fuzzer's own IDL stubs (stubs.c), a message, or a scenario
 * of a few steps aimed at a known weak spot.  Its arguments come from
 * the world (world.c): pools of the names the batch made (ports, sets,
 * send and send-once rights, dead names, kernel object ports), victim
 * tasks and threads, and hostile values (values.c).  A call describes
 * itself in one line when the run is verbose.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include "mig.h"

#include <mach/mach_ipc.h>
#include <mach/mach_types.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Known kernel bugs the fuzzer can be told to keep away from (the
 * argument avoid=NAME,NAME or avoid=known), so that a run can look for
 * other ones.  Each keeps the fuzzer from one way of reaching its bug.
 */
enum fz_avoid {
	FZ_AVOID_DEAD_RECEIVER = 1 << 0,   /* terminating a task whose last
					      thread waits on its own port */
	FZ_AVOID_NT_FLAG = 1 << 1,	   /* RFLAGS.NT set before a trap */
	FZ_AVOID_PD_FASTPATH = 1 << 2,	   /* port-destroyed + fast path */
	FZ_AVOID_PSET_TIMEOUT = 1 << 3,	   /* a wait on a set destroyed after
					      it woke (timed, and untimed) */
	FZ_AVOID_VM_HUGE = 1 << 4,	   /* vm_deallocate of huge ranges */
	FZ_AVOID_NO_REPLY = 1 << 5,	   /* kernel RPC without reply port */
	FZ_AVOID_BLOCKED_SEND = 1 << 6,	   /* ending a thread blocked sending */
	FZ_AVOID_EXC_WAIT = 1 << 7,	   /* ending a thread waiting for its
					      exception handler */
	FZ_AVOID_RCV_LARGE = 1 << 8,	   /* MACH_RCV_LARGE in waits */
	FZ_AVOID_CYCLES = 1 << 9,	   /* receive rights in cycles */
	FZ_AVOID_BAD_RCV_BUFFER = 1 << 10, /* receive into a bad buffer */
	FZ_AVOID_KNOWN = (1 << 11) - 1,
};

/* The campaign, as the supervisor's arguments give it (t_fuzz.c). */
struct fz_config {
	uint64_t fc_seed;
	uint64_t fc_calls;   /* calls 0 .. fc_calls - 1 */
	uint64_t fc_batch;   /* calls per batch */
	unsigned fc_avoid;   /* enum fz_avoid bits */
	int fc_verbose;	     /* print every call */
	unsigned fc_workers; /* threads a worker task may run at once */
	int fc_io;	     /* the UNIX server's io interface too (io.c) */
};
extern struct fz_config fz_config;

/* ---- rand.c: the per-call generator ---- */

struct fz_rng {
	uint64_t fr_state;
};

/* The generator of call index (stream 0) or of a thread it starts. */
void fz_rng_seed(struct fz_rng *rng, uint64_t seed, uint64_t index,
		 uint64_t stream);
uint64_t fz_rand(struct fz_rng *rng);
/* Uniform in 0 .. n - 1 (n > 0). */
uint32_t fz_below(struct fz_rng *rng, uint32_t n);
/* True with probability percent / 100. */
int fz_chance(struct fz_rng *rng, unsigned percent);
/* An index into weights[0 .. n - 1], chosen in proportion to them. */
unsigned fz_weighted(struct fz_rng *rng, const unsigned *weights, unsigned n);

/* ---- plan.c: which calls run ---- */

/*
 * The plan: a list of call ranges, "0-999,1200,1300-1310", from the
 * argument plan=... or from the plan area that tools/fuzz.pl writes into
 * a copy of the program (too long for a command line).  Without either,
 * every call of 0 .. fc_calls - 1 runs.
 */
int fz_plan_parse(const char *text);
/* Reads the plan area, if tools/fuzz.pl filled it; 1 if it did. */
int fz_plan_load_area(void);
/* The first planned call >= index, or UINT64_MAX. */
uint64_t fz_plan_next(uint64_t index);
/* How many planned calls lie in [first, last]. */
uint64_t fz_plan_count(uint64_t first, uint64_t last);
/* One past the last planned call (fc_calls without a plan). */
uint64_t fz_plan_end(void);

/* ---- the call being made ---- */

#define FZ_DESC_MAX 480

struct fz_call {
	uint64_t fc_index;
	struct fz_rng fc_rng;
	int fc_verbose;
	int fc_main;	     /* made by the worker's main thread */
	uint64_t fc_scratch; /* this thread's buffer (FZ_SCRATCH_SIZE bytes,
				then an unmapped page) */
	char fc_desc[FZ_DESC_MAX];
	size_t fc_len;
};

/* Appends to the call's one-line description (when verbose). */
void fz_say(struct fz_call *call, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Shorthands for the call's generator. */
#define FZ_BELOW(c, n)	   fz_below(&(c)->fc_rng, (n))
#define FZ_CHANCE(c, p)	   fz_chance(&(c)->fc_rng, (p))
#define FZ_RAND(c)	   fz_rand(&(c)->fc_rng)
#define FZ_AVOIDING(which) ((fz_config.fc_avoid & (which)) != 0)
#define FZ_ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define FZ_PAGE		   4096ul
#define FZ_USER_MAX	   0x0000800000000000ul
#define FZ_UNMAPPED_BASE   0x0000600000000000ul /* never mapped */
#define FZ_MAIN_PRIORITY   20 /* the worker's threads; victims run below */
#define FZ_VICTIM_PRIORITY 15 /* the most a victim's thread gets... */
#define FZ_ENDING_PRIORITY 19 /* ...until its task is being ended */
#define FZ_KERNEL_TIMEOUT  0  /* a kernel RPC's reply is queued at once */

/* ---- values.c: hostile values ---- */

/* Where a buffer is meant to be read or written. */
enum fz_use {
	FZ_READ,  /* the kernel reads it (a message, OOL data) */
	FZ_WRITE, /* the kernel writes it (a receive buffer) */
};
/* An address for len bytes: valid, NULL, unmapped, partly mapped, read
 * only, in the kernel half, non-canonical, at the top of user space. */
uint64_t fz_address(struct fz_call *call, uint64_t len, enum fz_use use);
/* A valid address for len bytes (len <= FZ_SCRATCH_SIZE). */
uint64_t fz_valid_address(struct fz_call *call, uint64_t len, enum fz_use use);
/* A size: usually up to limit, sometimes anything. */
uint32_t fz_size(struct fz_call *call, uint32_t limit);
uint64_t fz_size64(struct fz_call *call, uint64_t limit);
/* A port disposition: mostly valid ones, sometimes anything. */
mach_msg_type_name_t fz_disposition(struct fz_call *call);
/* A 64-bit value with a bias to edges (0, ~0, powers of two, ...). */
uint64_t fz_edge64(struct fz_call *call);
/* RFLAGS for popfq or thread_set_state: single flags, all, random. */
uint64_t fz_rflags(struct fz_call *call, int for_popf);

/* ---- world.c: what the batch has made ---- */

enum fz_pool_kind {
	FZ_RECEIVE, /* receive rights (with or without send) */
	FZ_PSET,    /* port sets */
	FZ_SEND,    /* send rights to ports of anyone */
	FZ_ONCE,    /* send-once rights */
	FZ_DEAD,    /* dead names */
	FZ_KOBJECT, /* send rights to kernel objects (tasks, threads, host) */
	FZ_POOL_KINDS,
	FZ_ANY = FZ_POOL_KINDS, /* any pool, a special name or a random one */
};

#define FZ_POOL_SIZE 16

struct fz_pool {
	mach_port_t fp_names[FZ_POOL_SIZE];
	unsigned fp_next; /* where the next name goes (round robin) */
};

#define FZ_VICTIM_THREADS 4

/* A task the worker made (task_create) to aim hostile calls at. */
struct fz_victim {
	mach_port_t fv_task; /* send right, or MACH_PORT_NULL */
	mach_port_t fv_threads[FZ_VICTIM_THREADS];
	mach_port_t fv_exception; /* its exception port (our receive right) */
	unsigned fv_thread_count; /* threads made */
	uint64_t fv_code;	  /* a page of code blobs (blobs.c), or 0 */
	uint64_t fv_stack;	  /* a page of stack, or 0 */
	uint64_t fv_last_page;	  /* the last page of user space, or 0 */
};

#define FZ_VICTIMS	6
#define FZ_THREADS	8 /* threads of the worker task besides the main one */
#define FZ_THREAD_STACK (48 * 1024)

struct fz_tls;

/* A thread of the worker task (threads.c). */
struct fz_thread {
	mach_port_t ft_port;   /* send right to the thread, or NULL */
	volatile int ft_state; /* FZ_THREAD_* */
	struct fz_tls *ft_tls;
	uint64_t ft_index;	     /* the call that started it */
	unsigned ft_script;	     /* what it does (enum fz_script) */
	mach_port_t ft_target;	     /* its port, or NULL: random ones */
	int ft_script_set;	     /* ft_target is a port set */
	mach_msg_option_t ft_option; /* MACH_RCV_LARGE: a small buffer */
	uint64_t ft_address;	     /* FZ_SCRIPT_TOUCH: memory to touch */
	uint64_t ft_size;
	mach_port_t ft_regs_reply; /* register scripts: a reply right
					(server) or reply port (client) */
};
enum { FZ_THREAD_FREE, FZ_THREAD_STARTING, FZ_THREAD_RUNNING, FZ_THREAD_DONE };

#define FZ_SCRATCH_SIZE (80 * 1024) /* a message buffer and more */
#define FZ_NAMES_KEPT	64
#define FZ_OWN_RANGES	64 /* the worker's own memory: about 20 ranges */

struct fz_world {
	struct fz_pool fw_pools[FZ_POOL_KINDS];
	struct fz_victim fw_victims[FZ_VICTIMS];
	struct fz_thread fw_threads[FZ_THREADS];
	mach_port_t fw_report;	    /* send right to the supervisor */
	mach_port_t fw_create;	    /* ...and to its fz_create_request port */
	mach_port_t fw_stats_reply; /* reply port of the counts RPC */
	mach_port_t fw_catch;	    /* the worker's exception port: its threads'
				 faults wait there until the batch ends */
	mach_port_t fw_bootstrap;   /* its bootstrap port, to set it back */
	mach_port_t fw_sleep;	  /* where the main thread sleeps (fz_sleep) */
	mach_port_t fw_main;	  /* the main thread's port */
	mach_port_t fw_host_priv; /* the privileged host port, if the
				     supervisor had it (FZ_HOST_PRIV_NAME) */
	mach_port_t fw_io_root;	  /* an io port on the UNIX server's root,
				     if the supervisor had one (io=1) */
	mach_port_t fw_child;	  /* a child made with the worker's memory, for
				 the length of one call (vm.c) */
	uint64_t fw_scratch;	  /* FZ_SCRATCH_SIZE bytes, then unmapped */
	uint64_t fw_fence;	  /* one page whose next page is unmapped */
	uint64_t fw_thread_stack[FZ_THREADS];	/* FZ_THREAD_STACK bytes */
	uint64_t fw_thread_scratch[FZ_THREADS]; /* as fw_scratch */
	uint64_t fw_own_start, fw_own_end; /* the buffers and stacks above */
	/* The worker's memory before its batch (fz_vm_note_own), in address
	 * order, adjacent regions merged: [start, end) pairs. */
	uint64_t fw_own_ranges[FZ_OWN_RANGES][2];
	unsigned fw_own_range_count;
	uint64_t fw_regions[8]; /* memory of the batch's vm_allocate calls */
	uint64_t fw_region_sizes[8];
	unsigned fw_region_next;
	uint64_t fw_image_start, fw_image_end; /* the program, heap included */
	uint64_t fw_stack_start, fw_stack_end; /* the main thread's stack */
	mach_port_t fw_kept[FZ_NAMES_KEPT];    /* names before the batch */
	unsigned fw_kept_count;
};
extern struct fz_world fz_world;

/* Adds a name to a pool (replacing the oldest when full). */
void fz_pool_add(enum fz_pool_kind kind, mach_port_t name);
/* A name from a pool (MACH_PORT_NULL if it is empty), or with FZ_ANY
 * a name from anywhere: any pool, a special name, a random one. */
mach_port_t fz_pick(struct fz_call *call, enum fz_pool_kind kind);
/* A name, mostly of kind, sometimes of any other (wrong kinds). */
mach_port_t fz_pick_mostly(struct fz_call *call, enum fz_pool_kind kind);
/* A kernel object port to aim an RPC at: the worker, a victim, a thread,
 * the host, or a port of a wrong kind. */
mach_port_t fz_pick_task(struct fz_call *call);
mach_port_t fz_pick_thread(struct fz_call *call);
/* A victim slot (its task may be MACH_PORT_NULL). */
struct fz_victim *fz_pick_victim(struct fz_call *call);
/* Whether name is one the worker must keep for itself (a call that
 * would destroy or move it aims elsewhere). */
int fz_protected_name(mach_port_t name);
/* Whether [addr, addr + size) touches the worker's own program, stack
 * or buffers (calls that would unmap or overwrite them aim elsewhere). */
int fz_protected_range(uint64_t addr, uint64_t size);
/* Takes note of the rights a received message brought (into the pools). */
void fz_harvest(const mach_msg_header_t *msg, mach_msg_size_t room);
/* The send right to the worker's own task, thread, host (traps). */
mach_port_t fz_task_self(void);
mach_port_t fz_thread_self(void);
mach_port_t fz_host_self(void);
/* Notes the names the worker holds before its batch. */
void fz_world_begin(void);
/* Ends the worker's threads and victims and destroys every name made
 * since fz_world_begin. */
void fz_world_end(void);
/* The names (and their types) of a space: up to max of them; returns
 * how many it holds (0 after an error). */
unsigned fz_list_names(mach_port_t task, mach_port_t *names,
		       mach_port_type_t *types, unsigned max);
/* Receives and forgets whatever is queued on a port (timeout 0). */
void fz_drain(mach_port_t port);
/*
 * Waits ms milliseconds, so that threads of any priority run (swtch_pri
 * only gives way to threads of the caller's priority or higher).
 */
void fz_sleep(unsigned ms);

/* ---- stubs.c: the run time of the fuzzer's IDL stubs ---- */

/*
 * Each thread of a worker has one; %fs points at it (its first member
 * is libmach's, so libmach_thread_self() finds it too).
 */
struct fz_tls {
	struct libmach_thread ft_libmach;
	struct fz_call *ft_call;       /* the call this thread is making */
	mach_port_t ft_reply;	       /* reply port of its RPCs */
	mach_port_t ft_reply_override; /* if set, used instead */
	mach_port_t ft_sleep;	       /* fz_sleep's port, made on first use */
	unsigned ft_mutate;	       /* percent of requests mutated */
	mach_msg_timeout_t ft_timeout; /* ms a reply may take: a user
					  server's (io.c); 0: the kernel's */
};
void fz_tls_init(struct fz_tls *tls);
struct fz_tls *fz_tls_self(void);
/* Turns mutation off for calls that must do what they say (ending a
 * victim, say); returns what to give fz_mutation_restore. */
unsigned fz_mutation_off(void);
void fz_mutation_restore(unsigned saved);
/*
 * For the calls the worker's own bookkeeping rests on (making and ending
 * a victim): no mutation, and a reply port of their own, made here and
 * destroyed by fz_steady_end.  The thread's usual reply port will not do:
 * a call may destroy it (the RPC fails), and a late answer to an earlier
 * request sent to a port of the worker may wait in it with the same id
 * as the reply (fz_mach_msg would take it and drop the real reply, a
 * new task's only right, say).  The main thread's only.
 */
struct fz_steady {
	unsigned fs_mutate;
	mach_port_t fs_reply_override;
};
struct fz_steady fz_steady_begin(void);
void fz_steady_end(struct fz_steady saved);
/* The kernel's counts, with a reply port that is never destroyed. */
kern_return_t fz_kernel_stats(struct kernel_stats *stats);

/* ---- traps.c: raw traps ---- */

uint64_t fz_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
		 uint64_t a3, uint64_t a4, uint64_t a5);
/* The same trap entered with rflags set by popfq first. */
uint64_t fz_trap_flags(uint64_t rflags, uint64_t number, uint64_t a0,
		       uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		       uint64_t a5);

/* ---- the operations ---- */

typedef void (*fz_op_t)(struct fz_call *call);

struct fz_op {
	const char *fo_name;
	fz_op_t fo_function;
	unsigned fo_weight;
	unsigned fo_avoid; /* enum fz_avoid bits that rule it out */
	int fo_main_only;  /* only in the worker's main thread */
};

/* The catalogue, from each family's file. */
extern const struct fz_op fz_msg_ops[], fz_port_ops[], fz_task_ops[],
    fz_thread_ops[], fz_trap_ops[], fz_scenario_ops[], fz_vm_ops[],
    fz_pager_ops[], fz_io_ops[];
extern const unsigned fz_msg_op_count, fz_port_op_count, fz_task_op_count,
    fz_thread_op_count, fz_trap_op_count, fz_scenario_op_count, fz_vm_op_count,
    fz_pager_op_count, fz_io_op_count;
/* port.c: a notification id, mostly a known one. */
mach_msg_id_t fz_notification_id(struct fz_call *call);
/*
 * io=1: how far the zone objects may be from where they were.  The
 * UNIX server's own space grows and shrinks its tables as it works (an
 * io_open of /dev/null leaves one more until later calls take it
 * back), so they are not exact there; the ports, messages, tasks,
 * threads and sets, which an io port or a process left behind would
 * show in, stay exact.
 */
#define FZ_IO_ZONE_SLACK 4
/* Whether zone-object counts before and after differ (by more than the
 * slack, with io=1). */
static inline int
fz_zone_objects_differ(unsigned long before, unsigned long after)
{
	unsigned long slack = fz_config.fc_io ? FZ_IO_ZONE_SLACK : 0;

	return after > before + slack || before > after + slack;
}
/* io.c: at the batch's end, ends and reaps the processes its io_spawn
 * made; how many it told the supervisor of (a message each, queued). */
unsigned fz_io_end(void);
/* thread.c: ends a thread (when avoiding the known bugs, after its wait). */
void fz_thread_end(struct fz_call *call, mach_port_t thread);

/*
 * A check of what the kernel answered failed (vm_region's answer, a
 * child's copy of the worker's memory): a FUZZ-FAIL check line, which
 * fails the campaign as a leak would.
 */
void fz_check_failed(struct fz_call *call, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Makes call (ops.c): chooses an operation and runs it. */
void fz_call_run(struct fz_call *call);
/* The same, from a thread of the worker other than the main one. */
void fz_call_run_in_thread(struct fz_call *call);

/* msg.c, used by other families: a random message sent (and perhaps
 * received back), and a receive that takes note of what arrived (may_block
 * 0: with a timeout of 0; 1: perhaps a timeout; 2: no timeout). */
mach_msg_return_t fz_msg_send_random(struct fz_call *call, int may_block);
mach_msg_return_t fz_msg_receive(struct fz_call *call, mach_port_t name,
				 int may_block);
/* A simple message to dest with rights moved or made as disposition. */
/*
 * task_create's id.  A task made for the worker must be registered with
 * the supervisor from its birth (task.c), so no random message or
 * mutation ever carries this id: the filter turns it into another.
 */
#define FZ_TASK_CREATE_ID 3400
mach_msg_id_t fz_msg_id_filter(mach_msg_id_t id);
/* An id the kernel's servers answer (host, mach_port, task, thread, vm). */
mach_msg_id_t fz_msg_kernel_id(struct fz_call *call);
/*
 * Whether a request of this id to dest would stop, end or unmap the
 * worker itself (task_suspend of its own task, vm_deallocate of random
 * ranges of it, thread_set_state of its main thread, ...): random
 * messages and mutated requests never do that; they ask mach_port_type
 * (FZ_HARMLESS_ID) instead.
 */
int fz_msg_harms_self(mach_port_t dest, mach_msg_id_t id);
#define FZ_HARMLESS_ID 3201
mach_msg_return_t fz_msg_send_right(mach_port_t dest,
				    mach_msg_type_name_t dest_disposition,
				    mach_port_t right,
				    mach_msg_type_name_t disposition,
				    mach_msg_option_t options);

/* What a script thread does (fz_thread_script). */
enum fz_script {
	FZ_SCRIPT_WAIT,	       /* receive on a port or set, no timeout */
	FZ_SCRIPT_TIMED,       /* receive with a timeout */
	FZ_SCRIPT_SEND,	       /* send until the queue is full, and wait */
	FZ_SCRIPT_CLIENT,      /* RPCs without timeout (the fast path) */
	FZ_SCRIPT_SERVER,      /* receive requests and reply to them */
	FZ_SCRIPT_CALLS,       /* random calls, as the main thread makes */
	FZ_SCRIPT_EXC,	       /* serve exceptions */
	FZ_SCRIPT_FAULT,       /* fault, and wait for the handler */
	FZ_SCRIPT_DESTROY,     /* destroy ports others use */
	FZ_SCRIPT_PAGER,       /* serve a memory object port (pager.c) */
	FZ_SCRIPT_TOUCH,       /* read and write memory (a pager's, say) */
	FZ_SCRIPT_REGS_SERVER, /* register receive, reply-and-receive */
	FZ_SCRIPT_REGS_CLIENT, /* register calls without timeout */
	FZ_SCRIPT_COUNT,
};

/* threads.c: a script thread; _on: its steps all on target. */
int fz_thread_start(struct fz_call *call, unsigned script);
int fz_thread_start_on(struct fz_call *call, unsigned script,
		       mach_port_t target, mach_msg_option_t option);
/* A thread that reads and writes [address, address + size). */
int fz_thread_start_touch(struct fz_call *call, uint64_t address,
			  uint64_t size);
void fz_threads_end(void);
/* Takes an exception message from port and answers it (call NULL: the
 * batch's end); 0 if none came. */
int fz_exception_serve(struct fz_call *call, mach_port_t port, int may_block);
/* task.c: a victim's setup and end. */
void fz_victim_end(struct fz_victim *victim);
/* Lets every wait of a task's threads end (fz_victim_end). */
void fz_quiesce_task(mach_port_t task);
int fz_victim_make(struct fz_call *call, struct fz_victim *victim);
int fz_victim_thread(struct fz_call *call, struct fz_victim *victim,
		     unsigned slot);
/* A victim thread waiting on a port of the victim's own space. */
int fz_victim_receiver(struct fz_call *call, struct fz_victim *victim);
/* task_create(parent, inherit) made by the supervisor for the worker
 * (fz_create_request): the new task is the supervisor's to end from its
 * birth on, however the worker ends.  The task_create's result, or the
 * request's mach_msg error. */
kern_return_t fz_task_create_registered(mach_port_t parent, boolean_t inherit,
					mach_port_t *child);
/* task unless it is the worker's own: then a victim's (or null). */
mach_port_t fz_not_self(struct fz_call *call, mach_port_t task);
/* task.c: a size for a vm call (mostly a few pages), and an address
 * (one of the batch's regions, a victim's code, or fz_address's). */
uint64_t fz_vm_size(struct fz_call *call);
uint64_t fz_vm_address(struct fz_call *call, uint64_t size);
/* vm.c: an inheritance, mostly a valid one. */
vm_inherit_t fz_inheritance(struct fz_call *call);
/* vm.c: notes the worker's own memory (its program, heap, stack and
 * buffers) before the batch; 0 if it has too many regions to note. */
int fz_vm_note_own(void);
/* vm.c: deallocates all of the worker's memory but its own (noted by
 * fz_vm_note_own, and the heap grown since): the batch's, its pagers'. */
void fz_vm_release(void);
/* pager.c: takes one message from a memory object port and answers it
 * as a pager might (or not); 0 if none came. */
int fz_pager_serve(struct fz_call *call, mach_port_t port, int may_block);

/* blobs.c: position-independent code for victims' threads. */
enum fz_blob {
	FZ_BLOB_TRAP_ONCE, /* rbx -> rflags (popfq), trap r12, then ud2 */
	FZ_BLOB_TRAP_LOOP, /* the same trap forever */
	FZ_BLOB_SPIN,	   /* jmp . */
	FZ_BLOB_INT3,
	FZ_BLOB_UD2,
	FZ_BLOB_HLT,	 /* privileged: #GP */
	FZ_BLOB_INT80,	 /* a vector user mode may not raise */
	FZ_BLOB_DIVIDE,	 /* divide by zero */
	FZ_BLOB_RECEIVE, /* mach_msg receive (registers from the state) loop */
	FZ_BLOB_STACK,	 /* push into an unmapped stack */
	FZ_BLOB_COUNT,
};
/* The code of all blobs, and each one's offset in it. */
extern const unsigned char fz_blob_code[];
unsigned fz_blob_bytes(void);
unsigned fz_blob_offset(enum fz_blob blob);

/* worker.c: the worker task's start (fork.c starts it). */
struct fz_batch {
	uint64_t fb_number;
	uint64_t fb_first, fb_last; /* its calls (inclusive) */
};
void fz_worker_main(void *batch);
/* The number of the warm-up batch: it makes a victim and leaves it to
 * the supervisor to end. */
#define FZ_WARM_UP UINT64_MAX
/* Victims registered with the supervisor so far (task.c). */
extern unsigned fz_victims_registered;

/* fork.c: a copy of this program as a new task, its main thread
 * started in entry(arg) on stack[0] .. stack[1]. */
kern_return_t fz_fork(mach_port_t *task, void (*entry)(void *), void *arg,
		      mach_port_t report, mach_port_t create, uint64_t *stack);
/* The program's memory, heap included: what fz_fork copies. */
void fz_fork_image(uint64_t *start, uint64_t *stop);

/* The name under which a worker holds its send right to the supervisor's
 * report port (fork.c inserts it). */
#define FZ_REPORT_NAME MACH_PORT_MAKE(60, 0x5a)
/* ...and its send right to the privileged host port, if it had one. */
#define FZ_HOST_PRIV_NAME MACH_PORT_MAKE(61, 0x5a)
/* ...and its send right to the supervisor's port for fz_create_request. */
#define FZ_CREATE_NAME MACH_PORT_MAKE(62, 0x5a)
/* ...and its send right to the io root, with io=1. */
#define FZ_IO_ROOT_NAME MACH_PORT_MAKE(63, 0x5a)
/* The supervisor's io root (io=1; t_fuzz.c), or MACH_PORT_NULL. */
extern mach_port_t fz_io_root;

/* Messages from a worker to the supervisor. */
#define FZ_MSG_VICTIM 0x46560001 /* carries a victim's task port */
#define FZ_MSG_DONE   0x46560002 /* struct fz_done_msg */
#define FZ_MSG_CALL   0x46560003 /* the call now being made (verbose) */
#define FZ_MSG_CREATE \
	0x46560004	      /* struct fz_create_request; its reply's
					id is FZ_MSG_CREATE + 100 */
#define FZ_MSG_PID 0x46560005 /* struct fz_pid_msg */

/* A process io_spawn made for the worker: the supervisor ends and reaps
 * it after the batch (io_process_status), so that none outlives it. */
struct fz_pid_msg {
	mach_msg_header_t fp_header;
	int fp_pid;
};

/*
 * A task for the worker (a victim, or a child with the worker's memory),
 * made by the supervisor, which registers it as a victim (a message to
 * itself) before it answers.  The worker cannot do it as safely: the
 * kernel may end it at any moment (a thread of its own whose fault no
 * handler resolves), and a task it had made but not yet registered
 * would be lost with its only right.
 */
struct fz_create_request {
	mach_msg_header_t fcq_header;
	mach_msg_body_t fcq_body;
	mach_msg_port_descriptor_t fcq_parent; /* COPY_SEND */
	int fcq_inherit;
};
struct fz_create_reply {
	mach_msg_header_t fcr_header;
	mach_msg_body_t fcr_body;
	mach_msg_port_descriptor_t fcr_child; /* null if it failed */
	kern_return_t fcr_result;
};

struct fz_done_msg {
	mach_msg_header_t fd_header;
	uint64_t fd_batch;
	uint64_t fd_calls; /* calls made */
	int fd_leak;	   /* the worker's own check failed */
	char fd_text[400]; /* what differed */
};

/* Prints a line on the console as one write. */
void fz_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* FUZZ_H */
