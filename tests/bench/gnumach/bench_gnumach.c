/*
 * bench_gnumach: the message rows of `make bench` on GNU Mach 1.8, for
 * its column in the table (docs/bench.md, "The GNU Mach column").  A
 * freestanding 32-bit program that GNU Mach starts as a boot module:
 *
 *	bench_gnumach --iterations N --unit UNIT --host '${host-port}'
 *	    --device '${device-port}'
 *
 * Each row is defined as ours of the same name (tests/bench/), in GNU
 * Mach's typed messages (gnumach.h), and timed the same way: each
 * iteration alone, "lfence; rdtsc; lfence" before the trap, "rdtscp;
 * lfence" after it (lfence; rdtsc; lfence without rdtscp), the buffers
 * filled outside the timed part, N recorded iterations after N / 10 (at
 * least 10) of warm-up, the median and p90 at ranks ceil(0.5 N) and
 * ceil(0.9 N) of the sorted samples.  What one iteration is:
 *
 *	timer_overhead		the two clock reads alone
 *	msg_self_null		one mach_msg_trap, MACH_SEND_MSG |
 *				MACH_RCV_MSG, on a port whose receive right
 *				the task holds: a bare header (24 bytes,
 *				MAKE_SEND, no reply port)
 *	msg_self_port		the same with MAKE_SEND of a second port of
 *				the task's in the body (a type word and the
 *				name: 32 bytes); the send right received is
 *				deallocated outside the timed part
 *	msg_self_1k		msg_self_null with 1 KiB of inline bytes
 *				(with their type word, 1,052 bytes)
 *	rpc_2threads_null	a null RPC to a second thread of the task:
 *				the client's one mach_msg_trap sends a bare
 *				header (COPY_SEND of the server's port,
 *				MAKE_SEND_ONCE of its reply port) and
 *				receives the bare reply; the server replies
 *				and receives the next request in one trap
 *	rpc_2tasks_null		the same with the server thread in a second
 *				task (task_create with the memory inherited,
 *				the server port's receive right moved into it)
 *
 * Every message goes with the filler this image needs (gm_message_pad,
 * gnumach.h): a bare header is sent as 32 bytes.  ool_self_4k is not
 * among the rows: this image refuses a 32-bit task's out-of-line region
 * (MACH_SEND_INVALID_MEMORY, see GM_PORT_TYPE_BITS).
 *
 * The lines on the console (the "console" device) are those of bench
 * (tests/bench/bench.c), which tools/bench.pl reads:
 *
 *	BENCH name=NAME median=M min=M p90=M max=M iterations=N unit=UNIT
 *	BENCH-ERROR name=NAME reason=TEXT
 *	BENCH-DONE rows=R errors=E
 *
 * then the program reboots the machine (host_reboot), which ends QEMU.
 * The receive rights a row makes (mach_reply_port) stay until then.
 */
#include "gnumach.h"

#define MAX_ITERATIONS 20000
#define MIN_WARMUP     10
#define STACK_SIZE     16384

static gm_port_t console = GM_PORT_NULL;
static int have_rdtscp;
static const char *unit = "tsc_cycles";
static unsigned samples[MAX_ITERATIONS];
static unsigned last_error; /* the code a failed call returned */

/* Writes the text to the console. */
static void
console_write(const char *text, unsigned size)
{
	while (size > 0 && console != GM_PORT_NULL) {
		unsigned part =
		    size < GM_DEVICE_INBAND_MAX ? size : GM_DEVICE_INBAND_MAX;
		if (gm_device_write_inband(console, text, part) !=
		    GM_KERN_SUCCESS)
			return;
		text += part;
		size -= part;
	}
}

/* A line under construction. */
struct line {
	char l_text[256];
	unsigned l_size;
};

static void
line_add(struct line *l, const char *text)
{
	while (*text != '\0' && l->l_size < sizeof(l->l_text) - 2)
		l->l_text[l->l_size++] = *text++;
}

static void
line_add_number(struct line *l, unsigned n)
{
	char digits[12];
	int i = sizeof(digits) - 1;

	digits[i] = '\0';
	do
		digits[--i] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	line_add(l, &digits[i]);
}

static void
line_print(struct line *l)
{
	l->l_text[l->l_size++] = '\r';
	l->l_text[l->l_size++] = '\n';
	console_write(l->l_text, l->l_size);
}

static void
print_error(const char *row, const char *why)
{
	struct line l = {.l_size = 0};

	line_add(&l, "BENCH-ERROR name=");
	line_add(&l, row);
	line_add(&l, " reason=");
	line_add(&l, why);
	if (last_error != 0) {
		line_add(&l, " (code ");
		line_add_number(&l, last_error);
		line_add(&l, ")");
	}
	line_print(&l);
}

static void
detect_rdtscp(void)
{
	unsigned eax = 0x80000000, ebx, ecx, edx;

	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	if (eax < 0x80000001)
		return;
	eax = 0x80000001;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	have_rdtscp = (edx >> 27) & 1;
}

/* The clock (the low 32 bits of the TSC: one iteration is far shorter
 * than 2^32 cycles), read as tests/bench/bench.h reads it. */
static inline unsigned
clock_start(void)
{
	unsigned low, high;

	__asm__ volatile("lfence; rdtsc; lfence"
			 : "=a"(low), "=d"(high)
			 :
			 : "memory");
	return low;
}

static inline unsigned
clock_stop(void)
{
	unsigned low, high, aux;

	if (have_rdtscp)
		__asm__ volatile("rdtscp; lfence"
				 : "=a"(low), "=d"(high), "=c"(aux)
				 :
				 : "memory");
	else
		__asm__ volatile("lfence; rdtsc; lfence"
				 : "=a"(low), "=d"(high)
				 :
				 : "memory");
	return low;
}

/* One run of one row. */
struct run {
	int r_warmup;
	int r_iterations;
};

static void
record(struct run *run, int i, unsigned start, unsigned stop)
{
	if (i >= run->r_warmup)
		samples[i - run->r_warmup] = stop - start;
}

/* A message: a header and what follows it. */
struct message {
	struct gm_header m_header;
	unsigned m_words[(1024 + 64) / 4];
};

static const char *
row_timer_overhead(struct run *run)
{
	for (int i = 0; i < run->r_warmup + run->r_iterations; i++) {
		unsigned start = clock_start();
		unsigned stop = clock_stop();
		record(run, i, start, stop);
	}
	return 0;
}

/* A message to oneself on a port of its own: the header, then a body of
 * body_size bytes (taken from body, with ports port names in it), sent
 * and received in one trap; after_receive (if any) runs outside the
 * timed part with the message received, and says what is wrong with it
 * (NULL: nothing). */
static const char *
self_message(struct run *run, unsigned bits, const unsigned *body,
	     unsigned body_size, unsigned ports,
	     const char *(*after_receive)(struct message *))
{
	static struct message m;
	gm_port_t port = gm_mach_reply_port();
	unsigned size = sizeof(struct gm_header) + body_size;

	if (port == GM_PORT_NULL)
		return "mach_reply_port failed";
	for (int i = 0; i < run->r_warmup + run->r_iterations; i++) {
		m.m_header = (struct gm_header){
		    .mh_bits = bits,
		    .mh_size = size,
		    .mh_remote_port = port,
		};
		memcpy(m.m_words, body, body_size);
		unsigned send_size = gm_message_pad(&m, size, ports);
		unsigned start = clock_start();
		gm_return_t mr =
		    gm_mach_msg_trap(&m, GM_SEND_MSG | GM_RCV_MSG, send_size,
				     sizeof(m), port, 0, GM_PORT_NULL);
		unsigned stop = clock_stop();
		if (mr != GM_MSG_SUCCESS) {
			last_error = (unsigned)mr;
			return "mach_msg_trap failed";
		}
		record(run, i, start, stop);
		const char *why = after_receive != 0 ? after_receive(&m) : 0;
		if (why != 0)
			return why;
	}
	return 0;
}

static const char *
row_msg_self_null(struct run *run)
{
	return self_message(run, GM_MSGH_BITS(GM_TYPE_MAKE_SEND, 0), 0, 0, 0,
			    0);
}

static gm_port_t second_port;

/* The message of msg_self_port must bring the send right to second_port,
 * which goes again.  (The image reports it 4 bytes longer than the 32
 * sent: its conversion out counts part of the filler.) */
static const char *
drop_send_right(struct message *m)
{
	if (!(m->m_header.mh_bits & GM_MSGH_BITS_COMPLEX) ||
	    m->m_header.mh_size < 32 || m->m_words[1] != second_port)
		return "the port right did not arrive";
	if (gm_mach_port_deallocate(gm_mach_task_self(), second_port) !=
	    GM_KERN_SUCCESS)
		return "no send right to deallocate";
	return 0;
}

static const char *
row_msg_self_port(struct run *run)
{
	gm_port_t second = second_port = gm_mach_reply_port();
	unsigned body[2] = {
	    gm_type(GM_TYPE_MAKE_SEND, GM_PORT_TYPE_BITS, 1, GM_TRUE),
	    second,
	};

	if (second == GM_PORT_NULL)
		return "mach_reply_port failed";
	return self_message(
	    run, GM_MSGH_BITS(GM_TYPE_MAKE_SEND, 0) | GM_MSGH_BITS_COMPLEX,
	    body, sizeof(body), 1, drop_send_right);
}

/* The message of msg_self_1k must arrive whole. */
static const char *
check_1k(struct message *m)
{
	if (m->m_header.mh_size != sizeof(struct gm_header) + 4 + 1024 ||
	    m->m_words[1] != 1 || m->m_words[1024 / 4] != 1024 / 4)
		return "the bytes did not arrive";
	return 0;
}

static const char *
row_msg_self_1k(struct run *run)
{
	static unsigned body[1 + 1024 / 4];

	body[0] = gm_type(GM_TYPE_BYTE, 8, 1024, GM_TRUE);
	for (int i = 1; i <= 1024 / 4; i++)
		body[i] = (unsigned)i;
	return self_message(run, GM_MSGH_BITS(GM_TYPE_MAKE_SEND, 0), body,
			    sizeof(body), 0, check_1k);
}

/* The null RPC's server: receives on port, then replies to each request
 * and receives the next in one trap.  Never returns: the thread is
 * terminated (or its task). */
static void
rpc_serve(unsigned port)
{
	struct message m;
	gm_return_t mr = gm_mach_msg_trap(&m, GM_RCV_MSG, 0, sizeof(m), port, 0,
					  GM_PORT_NULL);

	for (;;) {
		if (mr != GM_MSG_SUCCESS) {
			mr = gm_mach_msg_trap(&m, GM_RCV_MSG, 0, sizeof(m),
					      port, 0, GM_PORT_NULL);
			continue;
		}
		m.m_header = (struct gm_header){
		    .mh_bits = GM_MSGH_BITS(GM_TYPE_MOVE_SEND_ONCE, 0),
		    .mh_remote_port = m.m_header.mh_remote_port,
		    .mh_id = m.m_header.mh_id + 100,
		};
		unsigned send_size =
		    gm_message_pad(&m, sizeof(struct gm_header), 0);
		mr = gm_mach_msg_trap(&m, GM_SEND_MSG | GM_RCV_MSG, send_size,
				      sizeof(m), port, 0, GM_PORT_NULL);
	}
}

/* The null RPC's client: the timed iterations against server. */
static const char *
rpc_client(struct run *run, gm_port_t server)
{
	struct message m;
	gm_port_t reply = gm_mach_reply_port();

	if (reply == GM_PORT_NULL)
		return "mach_reply_port failed";
	for (int i = 0; i < run->r_warmup + run->r_iterations; i++) {
		m.m_header = (struct gm_header){
		    .mh_bits =
			GM_MSGH_BITS(GM_TYPE_COPY_SEND, GM_TYPE_MAKE_SEND_ONCE),
		    .mh_remote_port = server,
		    .mh_local_port = reply,
		    .mh_id = 1000,
		};
		unsigned send_size =
		    gm_message_pad(&m, sizeof(struct gm_header), 0);
		unsigned start = clock_start();
		gm_return_t mr =
		    gm_mach_msg_trap(&m, GM_SEND_MSG | GM_RCV_MSG, send_size,
				     sizeof(m), reply, 0, GM_PORT_NULL);
		unsigned stop = clock_stop();
		if (mr != GM_MSG_SUCCESS || m.m_header.mh_id != 1100) {
			last_error = (unsigned)mr;
			return "the RPC failed";
		}
		record(run, i, start, stop);
	}
	return 0;
}

static char server_stack[STACK_SIZE] __attribute__((aligned(16)));

/* A port of the task's with a send right beside its receive right. */
static gm_port_t
server_port(void)
{
	gm_port_t port = gm_mach_reply_port();

	if (port != GM_PORT_NULL &&
	    gm_mach_port_insert_right(gm_mach_task_self(), port, port,
				      GM_TYPE_MAKE_SEND) != GM_KERN_SUCCESS)
		return GM_PORT_NULL;
	return port;
}

static const char *
row_rpc_2threads_null(struct run *run)
{
	gm_port_t port = server_port(), thread;

	if (port == GM_PORT_NULL)
		return "no server port";
	last_error =
	    (unsigned)gm_thread_start(gm_mach_task_self(), rpc_serve, port,
				      server_stack + STACK_SIZE, &thread);
	if (last_error != GM_KERN_SUCCESS)
		return "the server thread did not start";
	const char *why = rpc_client(run, port);
	gm_thread_terminate(thread);
	gm_mach_port_deallocate(gm_mach_task_self(), thread);
	gm_mach_port_deallocate(gm_mach_task_self(), port);
	return why;
}

static const char *
row_rpc_2tasks_null(struct run *run)
{
	gm_port_t self = gm_mach_task_self(), port = server_port(), task,
		  thread;

	if (port == GM_PORT_NULL)
		return "no server port";
	/* The child has a copy of this memory (server_stack included), and
	 * the receive right under the same name; this task keeps the send
	 * right. */
	if (gm_task_create(self, GM_TRUE, &task) != GM_KERN_SUCCESS)
		return "task_create failed";
	const char *why = 0;
	if (gm_mach_port_insert_right(task, port, port, GM_TYPE_MOVE_RECEIVE) !=
	    GM_KERN_SUCCESS)
		why = "the receive right did not move";
	else if (gm_thread_start(task, rpc_serve, port,
				 server_stack + STACK_SIZE,
				 &thread) != GM_KERN_SUCCESS)
		why = "the server thread did not start";
	else {
		why = rpc_client(run, port);
		gm_mach_port_deallocate(self, thread);
	}
	gm_task_terminate(task);
	gm_mach_port_deallocate(self, task);
	gm_mach_port_deallocate(self, port);
	return why;
}

static const struct {
	const char *name;
	const char *(*function)(struct run *run);
} rows[] = {
    {"timer_overhead", row_timer_overhead},
    {"msg_self_null", row_msg_self_null},
    {"msg_self_port", row_msg_self_port},
    {"msg_self_1k", row_msg_self_1k},
    {"rpc_2threads_null", row_rpc_2threads_null},
    {"rpc_2tasks_null", row_rpc_2tasks_null},
};

/* Shell sort: the samples, ascending. */
static void
sort(unsigned *a, int n)
{
	for (int gap = n / 2; gap > 0; gap /= 2)
		for (int i = gap; i < n; i++) {
			unsigned v = a[i];
			int j = i;
			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
}

/* The nearest-rank percentile: the value at rank ceil(percent/100 n). */
static unsigned
percentile(const unsigned *sorted, int n, int percent)
{
	int rank = (n * percent + 99) / 100;
	return sorted[rank > 0 ? rank - 1 : 0];
}

static int
run_row(int row, int iterations, int warmup)
{
	struct run run = {.r_warmup = warmup, .r_iterations = iterations};
	last_error = 0;
	const char *why = rows[row].function(&run);

	if (why != 0) {
		print_error(rows[row].name, why);
		return 0;
	}
	sort(samples, iterations);

	struct line l = {.l_size = 0};
	line_add(&l, "BENCH name=");
	line_add(&l, rows[row].name);
	line_add(&l, " median=");
	line_add_number(&l, percentile(samples, iterations, 50));
	line_add(&l, " min=");
	line_add_number(&l, samples[0]);
	line_add(&l, " p90=");
	line_add_number(&l, percentile(samples, iterations, 90));
	line_add(&l, " max=");
	line_add_number(&l, samples[iterations - 1]);
	line_add(&l, " iterations=");
	line_add_number(&l, (unsigned)iterations);
	line_add(&l, " unit=");
	line_add(&l, unit);
	line_print(&l);
	return 1;
}

static unsigned
parse_number(const char *s)
{
	unsigned n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (unsigned)(*s++ - '0');
	return n;
}

static int
same(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return *a == *b;
}

void
gnumach_bench_main(unsigned *stack)
{
	int argc = (int)stack[0];
	char **argv = (char **)&stack[1];
	int iterations = 2000;
	gm_port_t host = GM_PORT_NULL, device = GM_PORT_NULL;

	for (int i = 1; i + 1 < argc; i++) {
		if (same(argv[i], "--iterations"))
			iterations = (int)parse_number(argv[++i]);
		else if (same(argv[i], "--unit"))
			unit = argv[++i];
		else if (same(argv[i], "--host"))
			host = parse_number(argv[++i]);
		else if (same(argv[i], "--device"))
			device = parse_number(argv[++i]);
	}
	if (device == GM_PORT_NULL ||
	    gm_device_open(device, "console", &console) != GM_KERN_SUCCESS)
		for (;;) /* no console: nothing can be said */
			gm_host_reboot(host);
	if (iterations < 1 || iterations > MAX_ITERATIONS) {
		print_error("bench_gnumach", "iterations out of range");
		iterations = 2000;
	}
	int warmup =
	    iterations / 10 > MIN_WARMUP ? iterations / 10 : MIN_WARMUP;
	detect_rdtscp();

	struct line l = {.l_size = 0};
	line_add(&l, "bench_gnumach: ");
	line_add_number(&l, (unsigned)iterations);
	line_add(&l, " iterations after ");
	line_add_number(&l, (unsigned)warmup);
	line_add(&l, " of warm-up, clock ");
	line_add(&l, have_rdtscp ? "lfence;rdtsc;lfence .. rdtscp;lfence"
				 : "lfence;rdtsc;lfence");
	line_print(&l);

	int count = sizeof(rows) / sizeof(rows[0]), errors = 0;
	for (int row = 0; row < count; row++)
		errors += !run_row(row, iterations, warmup);

	l.l_size = 0;
	line_add(&l, "BENCH-DONE rows=");
	line_add_number(&l, (unsigned)count);
	line_add(&l, " errors=");
	line_add_number(&l, (unsigned)errors);
	line_print(&l);
	for (;;)
		gm_host_reboot(host);
}
