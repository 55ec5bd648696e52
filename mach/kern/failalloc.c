/*
 * Fault injection (see kern/failalloc.h).
 *
 * The counter and the generator are global and guarded by
 * failalloc_lock; allocations from any task count in one sequence, so
 * a run that does the same things fails the same allocations.
 */
#include <kern/failalloc.h>
#include <kern/lock.h>
#include <kern/printf.h>
#include <kern/string.h>
#include <kern/thread.h>

enum failalloc_mode { FAIL_NTH, FAIL_EVERY, FAIL_RANDOM };

int failalloc_enabled;
static enum failalloc_mode failalloc_mode;
static unsigned long failalloc_n;    /* N of the spec */
static unsigned long failalloc_seen; /* allocations counted so far */
static unsigned long failalloc_failed;
static uint64_t failalloc_state; /* the random generator's */
static simple_lock_data_t failalloc_lock;

/* Reads a decimal number at *p; 0 if there is none. */
static unsigned long
failalloc_number(const char **p)
{
	unsigned long n = 0;

	while (**p >= '0' && **p <= '9')
		n = n * 10 + (unsigned long)(*(*p)++ - '0');
	return n;
}

/* Whether s starts with prefix; if so, *s moves past it. */
static int
failalloc_skip(const char **s, const char *prefix)
{
	size_t len = strlen(prefix);

	if (memcmp(*s, prefix, len) != 0)
		return 0;
	*s += len;
	return 1;
}

int
failalloc_init(const char *spec)
{
	simple_lock_init(&failalloc_lock);
	if (spec == NULL)
		return 1;
	const char *p = spec;
	if (failalloc_skip(&p, "nth:"))
		failalloc_mode = FAIL_NTH;
	else if (failalloc_skip(&p, "every:"))
		failalloc_mode = FAIL_EVERY;
	else if (failalloc_skip(&p, "random:"))
		failalloc_mode = FAIL_RANDOM;
	else
		return 0;
	failalloc_n = failalloc_number(&p);
	if (failalloc_mode == FAIL_RANDOM) {
		if (!failalloc_skip(&p, ":"))
			return 0;
		failalloc_state = failalloc_number(&p) * 2 + 1; /* not 0 */
	}
	if (failalloc_n == 0 || (*p != '\0' && *p != ' '))
		return 0;
	failalloc_enabled = 1;
	return 1;
}

/* xorshift64: small, and good enough to pick allocations. */
static uint64_t
failalloc_random_locked(void)
{
	failalloc_state ^= failalloc_state << 13;
	failalloc_state ^= failalloc_state >> 7;
	failalloc_state ^= failalloc_state << 17;
	return failalloc_state;
}

int
failalloc_decide(enum failalloc_site site)
{
	struct thread *thread = current_thread();
	int fail;

	(void)site; /* every site counts in one sequence */
	if (thread == NULL || thread->th_task == NULL)
		return 0;
	simple_lock(&failalloc_lock);
	unsigned long seen = ++failalloc_seen;
	switch (failalloc_mode) {
	case FAIL_NTH:
		fail = seen == failalloc_n;
		break;
	case FAIL_EVERY:
		fail = seen % failalloc_n == 0;
		break;
	default:
		fail = failalloc_random_locked() % failalloc_n == 0;
		break;
	}
	failalloc_failed += fail;
	simple_unlock(&failalloc_lock);
	return fail;
}

unsigned long
failalloc_count(void)
{
	return failalloc_failed;
}
