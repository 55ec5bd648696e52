/*
 * TAP output for in-OS tests (see tap.h).
 *
 * Each line is formatted into one buffer, "[NAME] " first, and written
 * with a single debug_console_write, which the kernel prints without
 * interleaving it with other tasks' output.  NAME is the task's name,
 * argv[0] (the kernel sets it to the module's name), which libmach's
 * start routine keeps in __progname.  Lines longer than the buffer are
 * cut short.
 *
 * A lock makes each test's numbering and its line one step, so threads
 * of one task may report tests at the same time.  A thread that finds it
 * taken yields the processor until the holder (perhaps preempted while
 * writing) releases it.
 */
#include "tap.h"

#include <errno.h>
#include <mach/mach_traps.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAP_LINE_MAX 512

extern const char *__progname;

static int tap_planned = -1; /* -1 until tap_plan */
static int tap_run, tap_failed;
static int tap_lock_word; /* guards the three above and the console */

static void
tap_lock(void)
{
	while (__atomic_exchange_n(&tap_lock_word, 1, __ATOMIC_ACQUIRE))
		swtch_pri(0);
}

static void
tap_unlock(void)
{
	__atomic_store_n(&tap_lock_word, 0, __ATOMIC_RELEASE);
}

static void
tap_vprint(const char *prefix, const char *fmt, va_list ap)
{
	char line[TAP_LINE_MAX];
	int len;

	len = snprintf(line, sizeof(line), "[%s] %s",
		       __progname ? __progname : "?", prefix);
	if (len < (int)sizeof(line))
		len += vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	if (len > (int)sizeof(line) - 2)
		len = sizeof(line) - 2;
	/* A description must not end the line early. */
	for (char *p = line; p < line + len; p++)
		if (*p == '\n')
			*p = ' ';
	line[len++] = '\n';
	debug_console_write(line, len);
}

static void
tap_print(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vprint(prefix, fmt, ap);
	va_end(ap);
}

void
tap_plan(int n)
{
	tap_lock();
	tap_planned = n;
	tap_print("", "1..%d", n);
	tap_unlock();
}

static int
tap_result(int cond, const char *fmt, va_list ap)
{
	char prefix[32];

	tap_lock();
	tap_run++;
	if (!cond)
		tap_failed++;
	snprintf(prefix, sizeof(prefix), "%sok %d - ", cond ? "" : "not ",
		 tap_run);
	tap_vprint(prefix, fmt, ap);
	tap_unlock();
	return cond;
}

int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_result(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int
tap_is_int(long long got, long long expected, const char *fmt, ...)
{
	va_list ap;
	int cond = got == expected;

	va_start(ap, fmt);
	tap_result(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		tap_diag("  got %lld, expected %lld", got, expected);
	return cond;
}

int
tap_is_uint(unsigned long long got, unsigned long long expected,
	    const char *fmt, ...)
{
	va_list ap;
	int cond = got == expected;

	va_start(ap, fmt);
	tap_result(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		tap_diag("  got %#llx, expected %#llx", got, expected);
	return cond;
}

int
tap_is_str(const char *got, const char *expected, const char *fmt, ...)
{
	va_list ap;
	int cond =
	    got && expected ? strcmp(got, expected) == 0 : got == expected;

	va_start(ap, fmt);
	tap_result(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		tap_diag("  got \"%s\", expected \"%s\"", got ? got : "(null)",
			 expected ? expected : "(null)");
	return cond;
}

int
tap_fails(long result, int e, const char *fmt, ...)
{
	int got = errno;
	va_list ap;
	int cond = result == -1 && got == e;

	va_start(ap, fmt);
	tap_result(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		tap_diag("  got %ld, errno %d; expected -1, errno %d", result,
			 got, e);
	errno = 0;
	return cond;
}

int
tap_is_double(double got, double expected, double tolerance, const char *fmt,
	      ...)
{
	va_list ap;
	int cond = fabs(got - expected) <= tolerance;

	va_start(ap, fmt);
	tap_result(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		tap_diag("  got %.17g, expected %.17g (+- %g)", got, expected,
			 tolerance);
	return cond;
}

void
tap_skip(int n, const char *why)
{
	tap_lock();
	while (n-- > 0) {
		tap_run++;
		tap_print("", "ok %d # SKIP %s", tap_run, why);
	}
	tap_unlock();
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_lock();
	tap_vprint("# ", fmt, ap);
	tap_unlock();
	va_end(ap);
}

void
tap_bail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_lock();
	tap_vprint("Bail out! ", fmt, ap);
	va_end(ap);
	exit(2);
}

int
tap_done(void)
{
	if (tap_planned < 0)
		tap_plan(tap_run);
	else if (tap_run != tap_planned)
		tap_diag("planned %d tests but ran %d", tap_planned, tap_run);
	if (tap_failed)
		tap_diag("failed %d of %d tests", tap_failed, tap_run);
	return tap_failed == 0 && tap_run == tap_planned ? 0 : 1;
}
