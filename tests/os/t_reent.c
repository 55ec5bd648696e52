/*
 * newlib's per-thread state (libmach/newlib_reent.c): errno, strtok's
 * position and rand's seed are each thread's own, in the main thread, a
 * thread of mach_thread_create and one of thread_spawn alike; stdout is
 * one stream for the task.
 *
 * The three threads take turns in a fixed order (a turn counter under a
 * mutex, a condition variable to wait for one's turn), each setting its
 * state and, in a later turn, after the others have set theirs, reading
 * it back:
 *
 *	turn	thread A (mach_thread)	thread B (thread_spawn)	main
 *	0	errno 101, strtok,
 *		srand(1), rand
 *	1				errno 202, strtok,
 *					srand(2), rand
 *	2							errno 303
 *	3	errno?, strtok, rand,
 *		close(7): EBADF
 *	4				errno?, strtok, rand,
 *					lseek(1): ESPIPE
 *	5							errno?
 *	6	errno?, strtok, rand
 *	7				errno?, strtok, rand
 *
 * Before, a new thread's errno must be 0 although main's is not.  At
 * the end a thread leaves a line in stdout's buffer, which exit() must
 * flush (reent.boot expects it on the console).
 */
#include "lib/tap.h"
#include <errno.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RANDS	      3
#define TURNS	      8
#define SPAWN_STACK   (64 * 1024)
#define BUFFERED_LINE "t_reent: a thread's line left in stdout, flushed at exit"

static mach_mutex_t turn_lock = MACH_MUTEX_INITIALIZER;
static mach_cond_t turn_changed = MACH_COND_INITIALIZER;
static int turn;

/* What a thread saw, for main to check after the turns. */
struct seen {
	int first_errno;   /* errno when the thread started */
	int errno_set[3];  /* what it set in its turns */
	int errno_read[3]; /* what it read back in its next turns */
	char tokens[3][8]; /* strtok's answers */
	int rands[RANDS];  /* rand's answers */
	FILE *stdout_seen; /* its stdout */
	volatile int done;
};

static struct seen seen_a, seen_b;

static void
wait_turn(int n)
{
	mach_mutex_lock(&turn_lock);
	while (turn != n)
		mach_cond_wait(&turn_changed, &turn_lock);
	mach_mutex_unlock(&turn_lock);
}

static void
end_turn(void)
{
	mach_mutex_lock(&turn_lock);
	turn++;
	mach_cond_broadcast(&turn_changed);
	mach_mutex_unlock(&turn_lock);
}

static void
token(struct seen *seen, int i, char *text, const char *separators)
{
	const char *t = strtok(text, separators);

	snprintf(seen->tokens[i], sizeof(seen->tokens[i]), "%s",
		 t != NULL ? t : "(null)");
}

/*
 * A thread's turns: first (set errno, start a strtok and a rand
 * sequence), first + 3 (read, go on, fail a system call), first + 6.
 */
static void
take_turns(struct seen *seen, int first, char *text, const char *separators,
	   unsigned seed, int value, int (*failing_call)(void))
{
	seen->first_errno = errno;
	seen->stdout_seen = stdout;
	wait_turn(first);
	errno = seen->errno_set[0] = value;
	token(seen, 0, text, separators);
	srand(seed);
	seen->rands[0] = rand();
	end_turn();

	wait_turn(first + 3);
	seen->errno_read[0] = errno;
	token(seen, 1, NULL, separators);
	seen->rands[1] = rand();
	errno = 0;
	failing_call();
	seen->errno_set[1] = errno;
	end_turn();

	wait_turn(first + 6);
	seen->errno_read[1] = errno;
	token(seen, 2, NULL, separators);
	seen->rands[2] = rand();
	end_turn();
	seen->done = 1;
}

static int
close_seven(void)
{
	return close(7);
}

static int
seek_console(void)
{
	return lseek(1, 0, SEEK_SET);
}

static void *
thread_a(void *arg)
{
	static char text[] = "a b c";

	(void)arg;
	take_turns(&seen_a, 0, text, " ", 1, 101, close_seven);
	return NULL;
}

static void
thread_b(void *arg)
{
	static char text[] = "x,y,z";

	(void)arg;
	take_turns(&seen_b, 1, text, ",", 2, 202, seek_console);
}

static void
main_turns(int *read_back)
{
	wait_turn(2);
	errno = 303;
	end_turn();
	wait_turn(5);
	*read_back = errno;
	end_turn();
}

static void
check(const char *who, const struct seen *seen, const char *tokens,
      const int *rands, int value, int error)
{
	char got[32];

	tap_is_int(seen->first_errno, 0, "%s: a new thread's errno is 0", who);
	tap_is_int(seen->errno_read[0], value,
		   "%s: errno is what it set, after the others set theirs",
		   who);
	tap_ok(seen->errno_set[1] == error && seen->errno_read[1] == error,
	       "%s: a failed system call's errno is its own (%d, %d)", who,
	       seen->errno_set[1], seen->errno_read[1]);
	snprintf(got, sizeof(got), "%s %s %s", seen->tokens[0], seen->tokens[1],
		 seen->tokens[2]);
	tap_is_str(got, tokens, "%s: strtok goes on in its own string", who);
	tap_ok(memcmp(seen->rands, rands, sizeof(seen->rands)) == 0,
	       "%s: rand goes on from its own seed", who);
	tap_ok(seen->stdout_seen == stdout, "%s: stdout is the task's", who);
}

/* What rand gives from seed, as one thread alone would see it. */
static void
rand_reference(unsigned seed, int *rands)
{
	srand(seed);
	for (int i = 0; i < RANDS; i++)
		rands[i] = rand();
}

/*
 * A line left in stdout's buffer (made fully buffered here, so that its
 * newline does not flush it; by this thread, so that the main thread
 * never used stdio): exit() must flush it.
 */
static void *
print_buffered_line(void *arg)
{
	static char buffer[BUFSIZ];

	(void)arg;
	setvbuf(stdout, buffer, _IOFBF, sizeof(buffer));
	printf("%s\n", BUFFERED_LINE);
	return NULL;
}

int
main(void)
{
	static char spawn_stack[SPAWN_STACK] __attribute__((aligned(16)));
	int rands_a[RANDS], rands_b[RANDS], main_read = 0;
	mach_thread_t a, printer;

	tap_plan(15);
	rand_reference(1, rands_a);
	rand_reference(2, rands_b);
	errno = 77;
	int started = mach_thread_create(&a, thread_a, NULL) == KERN_SUCCESS;
	started &= thread_spawn(thread_b, NULL, spawn_stack, SPAWN_STACK) != 0;
	tap_ok(started, "a thread of mach_thread_create, one of thread_spawn");
	if (!started)
		tap_bail("no threads");
	main_turns(&main_read);
	mach_thread_join(a, NULL);
	while (!seen_b.done)
		swtch_pri(0);
	tap_is_int(main_read, 303, "main: errno is what it set");
	tap_is_int(turn, TURNS, "every turn was taken");
	check("mach_thread", &seen_a, "a b c", rands_a, 101, EBADF);
	check("thread_spawn", &seen_b, "x y z", rands_b, 202, ESPIPE);
	if (mach_thread_create(&printer, print_buffered_line, NULL) ==
	    KERN_SUCCESS)
		mach_thread_join(printer, NULL);
	return tap_done();
}
