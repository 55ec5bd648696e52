/*
 * The libmach thread library (<mach/mach_thread.h>): many threads created
 * and joined with their exit values, nothing left behind by a joined
 * thread, a mutex under contention guarding a shared counter, trylock,
 * a condition variable between producers and consumers, broadcast,
 * malloc/free from several threads at once (newlib's malloc lock), and
 * several threads printing to one stdio stream (newlib's retargetable
 * locks).  newlib's per-thread state (errno, ...) is t_reent's.
 *
 * Critical sections yield the processor on purpose (swtch_pri) so that
 * threads really meet inside them on this one-CPU kernel: without the
 * mutex the counter test loses increments and the "inside" check fails.
 */
#include "lib/tap.h"
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <newlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mach_port_t self;

/* How many names the task has: a joined thread must leave none. */
static unsigned
name_count(void)
{
	mach_port_name_t *names = NULL;
	mach_port_type_t *types = NULL;
	mach_msg_type_number_t n_names = 0, n_types = 0;

	if (mach_port_names(self, &names, &n_names, &types, &n_types) !=
	    KERN_SUCCESS)
		return 0;
	mig_deallocate((vm_address_t)names, n_names * sizeof(*names));
	mig_deallocate((vm_address_t)types, n_types * sizeof(*types));
	return n_names;
}

static struct kernel_stats
stats(void)
{
	struct kernel_stats s;
	memset(&s, 0, sizeof(s));
	mach_kernel_stats(&s);
	return s;
}

/* Create and join, exit values. */

static void *
double_it(void *arg)
{
	return (void *)((uintptr_t)arg * 2);
}

static void __attribute__((noreturn)) exit_deep(int depth, uintptr_t value)
{
	if (depth == 0)
		mach_thread_exit((void *)value);
	exit_deep(depth - 1, value + 1);
}

static void *
exit_from_inside(void *arg)
{
	exit_deep(10, (uintptr_t)arg);
}

static void *
report_self(void *arg)
{
	*(mach_thread_t *)arg = mach_thread_current();
	return NULL;
}

#define MANY 24

static void
test_create_join(void)
{
	mach_thread_t threads[MANY];
	int created = 0, right = 0;
	void *result;

	for (int i = 0; i < MANY; i++)
		created += mach_thread_create(&threads[i], double_it,
					      (void *)(uintptr_t)(i + 1)) ==
			   KERN_SUCCESS;
	tap_is_int(created, MANY, "create %d threads at once", MANY);
	for (int i = 0; i < created; i++)
		right +=
		    mach_thread_join(threads[i], &result) == KERN_SUCCESS &&
		    (uintptr_t)result == (uintptr_t)(i + 1) * 2;
	tap_is_int(right, MANY, "join each: its function's return value");

	mach_thread_t t, seen = NULL;
	result = NULL;
	int ok = mach_thread_create(&t, exit_from_inside, (void *)100) ==
		     KERN_SUCCESS &&
		 mach_thread_join(t, &result) == KERN_SUCCESS;
	tap_is_uint((uintptr_t)result, ok ? 110 : 0,
		    "mach_thread_exit deep in a call chain gives its value");
	tap_ok(mach_thread_create(&t, report_self, &seen) == KERN_SUCCESS &&
		   mach_thread_join(t, NULL) == KERN_SUCCESS && seen == t,
	       "mach_thread_current in a thread is its handle");
	tap_ok(mach_thread_current() == NULL,
	       "mach_thread_current in the main thread is NULL");
	tap_is_int(mach_thread_join(NULL, NULL), KERN_INVALID_ARGUMENT,
		   "join of NULL is refused");
}

/* A joined thread leaves no port name, thread or memory behind. */
static void *
use_ports(void *arg)
{
	mach_mutex_t *mutex = arg;

	mach_port_type_t type;
	mach_port_type(self, self, &type); /* makes a reply port */
	mach_mutex_lock(mutex);		   /* blocks: makes a wake port */
	mach_mutex_unlock(mutex);
	return NULL;
}

static void
test_no_leaks(void)
{
	static mach_mutex_t mutex = MACH_MUTEX_INITIALIZER;
	mach_thread_t threads[8];
	struct kernel_stats before = stats(), after;
	unsigned names_before = 0, names_after;
	int ok = 1;

	/* Round 0 warms up (zone slabs, the wake port of this thread). */
	for (int round = 0; round < 5; round++) {
		if (round == 1) {
			names_before = name_count();
			before = stats();
		}
		mach_mutex_lock(&mutex);
		for (int i = 0; i < 8; i++)
			ok &= mach_thread_create(&threads[i], use_ports,
						 &mutex) == KERN_SUCCESS;
		swtch_pri(0);
		mach_mutex_unlock(&mutex);
		for (int i = 0; i < 8; i++)
			ok &=
			    mach_thread_join(threads[i], NULL) == KERN_SUCCESS;
	}
	names_after = name_count();
	after = stats();
	tap_ok(ok, "32 threads that made reply and wake ports, joined");
	tap_is_uint(names_after, names_before,
		    "no port name left behind (%u before)", names_before);
	tap_is_uint(after.ks_threads, before.ks_threads,
		    "no kernel thread left behind");
	tap_is_uint(after.ks_pages_free + after.ks_pages_resident,
		    before.ks_pages_free + before.ks_pages_resident,
		    "no memory left behind (stacks freed)");
}

/* A mutex under contention. */

#define COUNTERS   6
#define INCREMENTS 300

struct counter {
	mach_mutex_t mutex;
	volatile long value;
	volatile int inside;
	volatile int overlaps;
};

static void *
count_up(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < INCREMENTS; i++) {
		mach_mutex_lock(&c->mutex);
		if (++c->inside != 1)
			c->overlaps++;
		long value = c->value;
		if (i % 8 == 0)
			swtch_pri(0); /* let the others run into the lock */
		c->value = value + 1;
		c->inside--;
		mach_mutex_unlock(&c->mutex);
	}
	return NULL;
}

static void
test_mutex(void)
{
	static struct counter c = {MACH_MUTEX_INITIALIZER, 0, 0, 0};
	mach_thread_t threads[COUNTERS];
	int ok = 1;

	for (int i = 0; i < COUNTERS; i++)
		ok &= mach_thread_create(&threads[i], count_up, &c) ==
		      KERN_SUCCESS;
	for (int i = 0; i < COUNTERS; i++)
		ok &= mach_thread_join(threads[i], NULL) == KERN_SUCCESS;
	tap_ok(ok, "%d threads incrementing one counter", COUNTERS);
	tap_is_int(c.value, COUNTERS * INCREMENTS,
		   "no increment lost under the mutex");
	tap_is_int(c.overlaps, 0, "never two threads inside at once");
	tap_is_int(c.mutex.mm_state, 0, "the mutex ends unlocked");

	tap_is_int(mach_mutex_trylock(&c.mutex), 1, "trylock of a free mutex");
	tap_is_int(mach_mutex_trylock(&c.mutex), 0,
		   "trylock of a held mutex fails at once");
	mach_mutex_unlock(&c.mutex);
	tap_is_int(mach_mutex_trylock(&c.mutex), 1, "and works after unlock");
	mach_mutex_unlock(&c.mutex);
}

/* A bounded buffer: producers and consumers on two conditions. */

#define SLOTS	     4
#define PRODUCERS    3
#define CONSUMERS    3
#define PER_PRODUCER 200

struct buffer {
	mach_mutex_t mutex;
	mach_cond_t not_full, not_empty;
	int items[SLOTS];
	int head, count;
	int producers_left;
};

static struct buffer buffer = {MACH_MUTEX_INITIALIZER,
			       MACH_COND_INITIALIZER,
			       MACH_COND_INITIALIZER,
			       {0},
			       0,
			       0,
			       PRODUCERS};

static void *
produce(void *arg)
{
	int base = (int)(uintptr_t)arg * PER_PRODUCER;

	for (int i = 1; i <= PER_PRODUCER; i++) {
		mach_mutex_lock(&buffer.mutex);
		while (buffer.count == SLOTS)
			mach_cond_wait(&buffer.not_full, &buffer.mutex);
		buffer.items[(buffer.head + buffer.count++) % SLOTS] = base + i;
		mach_cond_signal(&buffer.not_empty);
		mach_mutex_unlock(&buffer.mutex);
	}
	mach_mutex_lock(&buffer.mutex);
	if (--buffer.producers_left == 0)
		mach_cond_broadcast(&buffer.not_empty); /* consumers: done */
	mach_mutex_unlock(&buffer.mutex);
	return NULL;
}

/* Returns the sum of what it consumed, and counts items in *arg. */
static void *
consume(void *arg)
{
	long *taken = arg;
	long sum = 0;

	mach_mutex_lock(&buffer.mutex);
	for (;;) {
		while (buffer.count == 0 && buffer.producers_left > 0)
			mach_cond_wait(&buffer.not_empty, &buffer.mutex);
		if (buffer.count == 0)
			break;
		sum += buffer.items[buffer.head];
		buffer.head = (buffer.head + 1) % SLOTS;
		buffer.count--;
		(*taken)++;
		mach_cond_signal(&buffer.not_full);
		/* Let the others in: the consumers take turns. */
		mach_mutex_unlock(&buffer.mutex);
		swtch_pri(0);
		mach_mutex_lock(&buffer.mutex);
	}
	mach_mutex_unlock(&buffer.mutex);
	return (void *)sum;
}

static void
test_producer_consumer(void)
{
	mach_thread_t producers[PRODUCERS], consumers[CONSUMERS];
	static long taken[CONSUMERS];
	long sum = 0, count = 0, expected = 0;
	int ok = 1, busy = 0;
	void *result;

	for (int i = 0; i < CONSUMERS; i++)
		ok &= mach_thread_create(&consumers[i], consume, &taken[i]) ==
		      KERN_SUCCESS;
	for (int i = 0; i < PRODUCERS; i++)
		ok &= mach_thread_create(&producers[i], produce,
					 (void *)(uintptr_t)i) == KERN_SUCCESS;
	for (int i = 0; i < PRODUCERS; i++)
		ok &= mach_thread_join(producers[i], NULL) == KERN_SUCCESS;
	for (int i = 0; i < CONSUMERS; i++) {
		ok &= mach_thread_join(consumers[i], &result) == KERN_SUCCESS;
		sum += (long)result;
		count += taken[i];
		busy += taken[i] > 0;
	}
	for (int p = 0; p < PRODUCERS; p++)
		for (int i = 1; i <= PER_PRODUCER; i++)
			expected += p * PER_PRODUCER + i;
	tap_ok(ok, "%d producers and %d consumers, %d slots", PRODUCERS,
	       CONSUMERS, SLOTS);
	tap_is_int(count, PRODUCERS * PER_PRODUCER,
		   "every item consumed exactly once");
	tap_is_int(sum, expected, "the items' sum is right");
	tap_diag("consumers took %ld, %ld, %ld; %d of them busy", taken[0],
		 taken[1], taken[2], busy);
}

/* Broadcast wakes every waiter. */

#define WAITERS 5

static struct {
	mach_mutex_t mutex;
	mach_cond_t cond;
	int open, waiting, through;
} gate = {MACH_MUTEX_INITIALIZER, MACH_COND_INITIALIZER, 0, 0, 0};

static void *
wait_at_gate(void *arg)
{
	(void)arg;
	mach_mutex_lock(&gate.mutex);
	gate.waiting++;
	while (!gate.open)
		mach_cond_wait(&gate.cond, &gate.mutex);
	gate.through++;
	mach_mutex_unlock(&gate.mutex);
	return NULL;
}

static void
test_broadcast(void)
{
	mach_thread_t threads[WAITERS];
	int ok = 1, waiting;

	for (int i = 0; i < WAITERS; i++)
		ok &= mach_thread_create(&threads[i], wait_at_gate, NULL) ==
		      KERN_SUCCESS;
	/* Until all wait (bounded: a broken library fails, not hangs). */
	for (int tries = 0; tries < 100000; tries++) {
		mach_mutex_lock(&gate.mutex);
		waiting = gate.waiting;
		mach_mutex_unlock(&gate.mutex);
		if (waiting == WAITERS)
			break;
		swtch_pri(0);
	}
	mach_mutex_lock(&gate.mutex);
	tap_is_int(gate.through, 0, "nobody passes a closed gate");
	mach_cond_signal(&gate.cond); /* wakes one: it finds the gate shut */
	mach_mutex_unlock(&gate.mutex);
	swtch_pri(0);
	mach_mutex_lock(&gate.mutex);
	int after_signal = gate.through;
	gate.open = 1;
	mach_cond_broadcast(&gate.cond);
	mach_mutex_unlock(&gate.mutex);
	for (int i = 0; i < WAITERS; i++)
		ok &= mach_thread_join(threads[i], NULL) == KERN_SUCCESS;
	tap_is_int(after_signal, 0, "a signal with the gate shut lets none by");
	tap_ok(ok && gate.through == WAITERS,
	       "broadcast lets all %d waiters through", WAITERS);
	tap_ok(gate.cond.mc_waiters.wq_head == NULL,
	       "nobody is left queued on the condition");
}

/*
 * malloc and free from several threads at once.  The work is mostly
 * malloc and free, and long enough (many timer ticks) that threads are
 * preempted inside them: without newlib's malloc lock the heap breaks
 * (a block shared by two threads, a crash, or a corrupt free list).
 */

#define ALLOCATORS 5
#define ROUNDS	   200000
#define LIVE	   16

/* Marks a block with its owner's pattern at both ends and the middle. */
static void
mark(unsigned char *block, size_t size, unsigned char pattern)
{
	block[0] = block[size / 2] = block[size - 1] = pattern;
}

static int
marked(const unsigned char *block, size_t size, unsigned char pattern)
{
	return block[0] == pattern && block[size / 2] == pattern &&
	       block[size - 1] == pattern;
}

static void *
churn(void *arg)
{
	unsigned char pattern = (unsigned char)(uintptr_t)arg;
	unsigned seed = (unsigned)(uintptr_t)arg * 2654435761u;
	unsigned char *live[LIVE] = {0};
	size_t sizes[LIVE] = {0};
	long errors = 0;

	for (int round = 0; round < ROUNDS; round++) {
		int slot = round % LIVE;
		if (live[slot] != NULL) {
			errors += !marked(live[slot], sizes[slot], pattern);
			free(live[slot]);
		}
		seed = seed * 1103515245u + 12345u;
		sizes[slot] = 1 + (seed >> 8) % 2000;
		live[slot] = malloc(sizes[slot]);
		if (live[slot] == NULL) {
			errors++;
			continue;
		}
		mark(live[slot], sizes[slot], pattern);
	}
	for (int slot = 0; slot < LIVE; slot++) {
		if (live[slot] != NULL)
			errors += !marked(live[slot], sizes[slot], pattern);
		free(live[slot]);
	}
	return (void *)errors;
}

static void
test_malloc(void)
{
	mach_thread_t threads[ALLOCATORS];
	long errors = 0;
	int ok = 1;
	void *result;

	struct kernel_stats before = stats();
	for (int i = 0; i < ALLOCATORS; i++)
		ok &= mach_thread_create(&threads[i], churn,
					 (void *)(uintptr_t)(i + 1)) ==
		      KERN_SUCCESS;
	for (int i = 0; i < ALLOCATORS; i++) {
		ok &= mach_thread_join(threads[i], &result) == KERN_SUCCESS;
		errors += (long)result;
	}
	tap_ok(ok, "%d threads allocating and freeing at once", ALLOCATORS);
	tap_diag("%lu ticks, %lu context switches",
		 stats().ks_timer_ticks - before.ks_timer_ticks,
		 stats().ks_context_switches - before.ks_context_switches);
	tap_is_int(errors, 0, "every block kept its contents");
	void *p = malloc(100000);
	tap_ok(p != NULL, "malloc still works afterwards");
	free(p);
	char line[64];
	snprintf(line, sizeof(line), "%d-%s", 42, "ok");
	tap_is_str(line, "42-ok", "snprintf in the main thread after");
}

/*
 * fprintf to one stream from several threads.  The stream's writes land
 * in a buffer (funopen), which is then read back line by line: each
 * line intact, each exactly once.  Only a newlib built with retargetable
 * locking locks its streams (libmach/newlib_lock.c); without, skipped.
 */

#ifdef _RETARGETABLE_LOCKING
#define PRINTERS 4
#define LINES	 20000

static struct {
	char text[PRINTERS * LINES * 10]; /* "T3 19999\n" at most */
	size_t length;
} printed;

static int
printed_write(void *cookie, const char *data, int size)
{
	(void)cookie;
	if (printed.length + size > sizeof(printed.text))
		return -1;
	memcpy(printed.text + printed.length, data, size);
	printed.length += size;
	return size;
}

static void *
printer(void *arg)
{
	FILE *stream = ((void **)arg)[0];
	int id = (int)(uintptr_t)((void **)arg)[1];

	for (int n = 0; n < LINES; n++) {
		fprintf(stream, "T%d %d\n", id, n);
	}
	return NULL;
}

/* Checks printed.text: returns how many lines were right. */
static int
printed_lines_right(void)
{
	static unsigned char seen[PRINTERS][LINES];
	char *line = printed.text, *end = printed.text + printed.length;
	int right = 0;

	while (line < end) {
		char *newline = memchr(line, '\n', end - line);
		int id, n, used = 0;
		if (newline == NULL)
			break;
		*newline = '\0';
		if (sscanf(line, "T%d %d%n", &id, &n, &used) == 2 &&
		    line + used == newline && id >= 0 && id < PRINTERS &&
		    n >= 0 && n < LINES && !seen[id][n]++)
			right++;
		line = newline + 1;
	}
	return right;
}

#endif

static void
test_stdio(void)
{
#ifdef _RETARGETABLE_LOCKING
	static void *args[PRINTERS][2];
	mach_thread_t threads[PRINTERS];
	FILE *stream = funopen(NULL, NULL, printed_write, NULL, NULL);
	int ok = stream != NULL;

	for (int i = 0; ok && i < PRINTERS; i++) {
		args[i][0] = stream;
		args[i][1] = (void *)(uintptr_t)i;
		ok &= mach_thread_create(&threads[i], printer, args[i]) ==
		      KERN_SUCCESS;
	}
	for (int i = 0; ok && i < PRINTERS; i++)
		ok &= mach_thread_join(threads[i], NULL) == KERN_SUCCESS;
	if (stream != NULL)
		fclose(stream);
	tap_ok(ok, "%d threads fprintf to one stream", PRINTERS);
	tap_is_int(printed_lines_right(), PRINTERS * LINES,
		   "every line arrives whole, once");
#else
	tap_skip(2, "newlib without retargetable locking: streams unlocked");
#endif
}

int
main(void)
{
	self = mach_task_self();
	tap_plan(30);
	test_create_join();
	test_no_leaks();
	test_mutex();
	test_producer_consumer();
	test_broadcast();
	test_malloc();
	test_stdio();
	return tap_done();
}
