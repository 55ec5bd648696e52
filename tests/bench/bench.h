/*
 * The benchmark harness (tests/bench/bench.c) and what its rows share.
 *
 * A row is a function that runs its operation run->br_warmup +
 * run->br_iterations times, timing each iteration alone between
 * bench_clock_start() and bench_clock_stop() and handing the difference
 * to bench_record(); the harness sorts the recorded samples and prints
 * one line
 *
 *	BENCH name=NAME median=M min=M p90=M max=M iterations=N unit=UNIT
 *
 * which tools/bench.pl collects.  A row that cannot run returns a short
 * reason (a string) and the harness prints "BENCH-ERROR name=NAME ...".
 *
 * Timing discipline: bench_clock_start is "lfence; rdtsc; lfence" (the
 * first lfence waits for earlier instructions to finish, the second keeps
 * the timed ones from starting before the TSC is read);
 * bench_clock_stop is "rdtscp; lfence" (rdtscp waits for the timed
 * instructions, lfence keeps later ones out).  Without rdtscp the stop
 * is "lfence; rdtsc; lfence" too.  Under QEMU's -icount shift=0 the TSC
 * advances by one per guest instruction, so a difference counts the
 * instructions executed in between, the kernel's included.  The two
 * functions also mark their place in the program file for
 * tools/bench-profile.pl (BENCH_MARK).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#ifndef BENCH_LINUX /* the Linux build has only the POSIX rows */
#include <mach/message.h>
#endif

/* One run of one row. */
struct bench_run {
	const char *br_name;
	int br_warmup;	      /* iterations run first and not recorded */
	int br_iterations;    /* iterations recorded */
	int br_recorded;      /* samples recorded so far */
	uint64_t *br_samples; /* [br_iterations] */
};

/* A row: runs warm-up and iterations; NULL on success, else why not. */
typedef const char *(*bench_function_t)(struct bench_run *run);

/*
 * Marks for tools/bench-profile.pl: the address of local label 1 goes
 * into a section of the ELF file that is not loaded, .bench_start for
 * the first timed instruction, .bench_stop for the stop clock read.
 */
#define BENCH_MARK(section) \
	".pushsection " section ",\"\",@progbits\n.quad 1b\n.popsection"

/* A probe: one measurement printed as its own BENCH-PROBE line; NULL on
 * success, else why not. */
typedef const char *(*bench_probe_t)(void);

/* A row or a probe of a program's table. */
struct bench_row {
	const char *name;
	bench_function_t function;
};
struct bench_probe {
	const char *name;
	bench_probe_t function;
};

/* The POSIX rows: those both personalities run (bench_posix.c; BENCH_CHILD
 * is their child program, built for the same system), and those that
 * need fork and exec (bench_fork.c), which the UNIX server and Linux
 * run. */
const char *bench_posix_getpid(struct bench_run *run);
const char *bench_posix_read_1(struct bench_run *run);
const char *bench_posix_open_close(struct bench_run *run);
const char *bench_posix_pipe_pingpong(struct bench_run *run);
const char *bench_posix_spawn_wait(struct bench_run *run);
const char *bench_posix_fork_exit_wait(struct bench_run *run);
const char *bench_posix_fork_exec_wait(struct bench_run *run);
const char *bench_posix_open_read_close(struct bench_run *run);
const char *bench_posix_read_1m(struct bench_run *run);

/* The program's rows and probes, in the order they run, and what it does
 * before it ends (bench_rows.c for bench, bench_unix.c for bench_unix,
 * bench_lite.c for lite-bench, bench_linux.c for bench-linux). */
extern const struct bench_row bench_rows[];
extern const int bench_row_count;
extern const struct bench_probe bench_probes[];
extern const int bench_probe_count;
void bench_end(void);

/* Prints one console line at once (bench.c). */
void bench_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Set once by bench.c: does the CPU have rdtscp? */
extern int bench_have_rdtscp;

static inline uint64_t
bench_clock_start(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence\n"
			 "1:" BENCH_MARK(".bench_start")
			 : "=a"(lo), "=d"(hi)
			 :
			 : "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t
bench_clock_stop(void)
{
	uint32_t lo, hi;

	if (bench_have_rdtscp)
		__asm__ volatile("1: rdtscp; lfence\n" BENCH_MARK(".bench_stop")
				 : "=a"(lo), "=d"(hi)
				 :
				 : "rcx", "memory");
	else
		__asm__ volatile(
		    "1: lfence; rdtsc; lfence\n" BENCH_MARK(".bench_stop")
		    : "=a"(lo), "=d"(hi)
		    :
		    : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* Iterations in all: warm-up and recorded. */
static inline int
bench_total(const struct bench_run *run)
{
	return run->br_warmup + run->br_iterations;
}

/* Records iteration i's time (stop - start); warm-up ones are dropped. */
static inline void
bench_record(struct bench_run *run, int i, uint64_t start, uint64_t stop)
{
	if (i >= run->br_warmup && run->br_recorded < run->br_iterations)
		run->br_samples[run->br_recorded++] = stop - start;
}

#ifndef BENCH_LINUX
/*
 * The null RPC protocol of the rpc_* rows: a request is a bare header
 * (msgh_id BENCH_MSG_NULL) with a send-once reply right; the reply is a
 * bare header with msgh_id + BENCH_MSG_REPLY.  A request of the register
 * rows (BENCH_MSG_NULL_REGS) comes in registers (<mach/msg_regs.h>) and
 * is answered in registers; the server then waits in the register trap,
 * otherwise in mach_msg.  A request of the FPU rows (BENCH_MSG_NULL_FPU)
 * is answered after one floating-point addition (bench_fpu_touch).
 * BENCH_MSG_QUIT (the end of a row) is answered
 * like a request; BENCH_MSG_EXIT, sent with no reply port, stops the
 * server.
 */
#define BENCH_MSG_NULL	    0x62656e00 /* "ben\0" */
#define BENCH_MSG_QUIT	    0x62656e01
#define BENCH_MSG_NULL_REGS 0x62656e02
#define BENCH_MSG_EXIT	    0x62656e03
#define BENCH_MSG_NULL_FPU  0x62656e04
#define BENCH_MSG_REPLY	    100

/*
 * The message-size sweep (bench_sweep.c) has a server of its own,
 * bench_server's second thread on a second port (so that the null RPC
 * rows' server loop stays as it is): bench_sweep_serve sends each
 * request back as its reply, in the call it came by: libmach's
 * mach_msg_regs for BENCH_MSG_SWEEP_REGS, mach_msg for the others.
 * BENCH_MSG_EXIT stops it.
 */
#define BENCH_MSG_SWEEP_REGS	 0x62656e10
#define BENCH_MSG_SWEEP_MACH	 0x62656e11
#define BENCH_MSG_SWEEP_OOL	 0x62656e12
#define BENCH_SWEEP_SERVICE_NAME "bench-sweep"

/* A sweep message with one out-of-line region. */
struct bench_sweep_ool {
	mach_msg_header_t bo_header;
	mach_msg_body_t bo_body;
	mach_msg_ool_descriptor_t bo_data;
};

/* Room for the largest sweep message and any trailer. */
union bench_sweep_room {
	mach_msg_header_t bs_header;
	struct {
		mach_msg_header_t bs_inline_header;
		char bs_data[MACH_MSG_SIZE_MAX - sizeof(mach_msg_header_t)];
	};
	struct bench_sweep_ool bs_ool;
	char bs_room[MACH_MSG_SIZE_MAX + MAX_TRAILER_SIZE];
};

/* Serves the sweep on port until BENCH_MSG_EXIT; MACH_MSG_SUCCESS then,
 * or the first error.  (bench_serve.c) */
mach_msg_return_t bench_sweep_serve(mach_port_t port);

/* Finds bench_server's sweep port: NULL, or why not.  (bench_tasks.c) */
const char *bench_tasks_sweep_server(mach_port_t *port);

/* How the client of an rpc_* row calls: through mach_msg_trap, through
 * the register trap, or through mach_msg_trap with one floating-point
 * addition (SSE) before each request, the server making one before each
 * reply (BENCH_MSG_NULL_FPU): both threads use the FPU between two
 * messages. */
enum bench_rpc_kind { BENCH_RPC_MSG, BENCH_RPC_REGS, BENCH_RPC_FPU };

/* One floating-point addition (an SSE instruction, which traps under
 * lazy FPU switching when the thread has not used the FPU since it was
 * switched to). */
static inline void
bench_fpu_touch(void)
{
	static volatile double bench_fpu_sum;
	bench_fpu_sum = bench_fpu_sum + 1.0;
}

/* The name bench_server registers with the bootstrap name service. */
#define BENCH_SERVICE_NAME "bench-rpc"

/* Room for a bare header and any trailer the kernel appends. */
union bench_msg {
	mach_msg_header_t bm_header;
	char bm_room[sizeof(mach_msg_header_t) + 64];
};

/*
 * Serves null RPCs on port, the way a server's receive loop does: one
 * receive, then "reply and receive the next" in one trap (mach_msg's or
 * the register trap, as the request came), until BENCH_MSG_EXIT.
 * Returns MACH_MSG_SUCCESS then, or the first error.  (bench_serve.c)
 */
mach_msg_return_t bench_rpc_serve(mach_port_t port);

/* Sends BENCH_MSG_EXIT to server (a send right).  (bench_ipc.c) */
void bench_rpc_exit(mach_port_t server);

/*
 * Times null RPCs to server (a send right) from the calling thread, in
 * the manner kind; then sends it BENCH_MSG_QUIT.  (bench_ipc.c)
 */
const char *bench_rpc_client(struct bench_run *run, mach_port_t server,
			     enum bench_rpc_kind kind);

/* Ends bench_server (rpc_2tasks_*), if it runs.  (bench_tasks.c) */
void bench_tasks_exit_server(void);

/* The rows (bench_ipc.c, bench_tasks.c, bench_vm.c). */
const char *bench_timer_overhead(struct bench_run *run);
const char *bench_trap_null(struct bench_run *run);
const char *bench_msg_self_null(struct bench_run *run);
const char *bench_msg_self_port(struct bench_run *run);
const char *bench_msg_self_1k(struct bench_run *run);
const char *bench_rpc_2threads_null(struct bench_run *run);
const char *bench_rpc_2tasks_null(struct bench_run *run);
const char *bench_rpc_2threads_regs(struct bench_run *run);
const char *bench_rpc_2tasks_regs(struct bench_run *run);
const char *bench_rpc_2threads_fpu(struct bench_run *run);
const char *bench_rpc_2tasks_fpu(struct bench_run *run);
const char *bench_ool_self_4k(struct bench_run *run);
const char *bench_ool_self_1m(struct bench_run *run);
const char *bench_ool_self_64m(struct bench_run *run);
const char *bench_fault_zero(struct bench_run *run);
const char *bench_fault_cow(struct bench_run *run);
const char *bench_fault_pager(struct bench_run *run);
const char *bench_pageout_anon(struct bench_run *run);
const char *bench_pagein_anon(struct bench_run *run);
const char *bench_vm_allocate_touch_1m(struct bench_run *run);
const char *bench_ool_self_1m_dealloc(struct bench_run *run);
const char *bench_vm_allocate_1m(struct bench_run *run);
/* Every sweep row: its name says the path and the size (bench_sweep.c). */
const char *bench_sweep(struct bench_run *run);

/* The probes (bench_vm.c). */
const char *bench_probe_vm_allocate_128m(void);
const char *bench_probe_ool_self_4m(void);
#endif /* !BENCH_LINUX */

#endif /* BENCH_H */
