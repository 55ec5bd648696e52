/*
 * TAP (the Test Anything Protocol) for in-OS test programs.
 *
 * A test program is a native task; it plans its tests, checks each one
 * and returns tap_done() from main:
 *
 *	tap_plan(3);
 *	tap_ok(p != NULL, "malloc(%d)", n);
 *	tap_is_int(strtol("42", NULL, 10), 42, "strtol decimal");
 *	tap_is_str(buf, "0x2a", "snprintf %%#x");
 *	return tap_done();
 *
 * Every line goes to the console with one debug_console_write, prefixed
 * by the task's name ("[t_newlib] ok 1 - ..."), so that the lines of
 * tasks running at the same time never mix and the host can split the
 * console into one TAP stream per task (tests/os/run-boot.pl).  Any
 * thread of the task may report tests, also several at once.
 */
#ifndef TAP_H
#define TAP_H

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Announces n tests; call once, before or after them. */
void tap_plan(int n);

/* One test: passes if cond is true.  Returns cond. */
int tap_ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);

/* Tests that compare, showing both values when they differ. */
int tap_is_int(long long got, long long expected, const char *fmt, ...)
    TAP_PRINTF(3, 4);
int tap_is_uint(unsigned long long got, unsigned long long expected,
		const char *fmt, ...) TAP_PRINTF(3, 4);
int tap_is_str(const char *got, const char *expected, const char *fmt, ...)
    TAP_PRINTF(3, 4);
/* A call that must fail: passes if result is -1 and errno is e (then
 * cleared, for the next call's test). */
int tap_fails(long result, int e, const char *fmt, ...) TAP_PRINTF(3, 4);
/* Passes if |got - expected| <= tolerance. */
int tap_is_double(double got, double expected, double tolerance,
		  const char *fmt, ...) TAP_PRINTF(4, 5);

/* Counts n tests as skipped, with a reason. */
void tap_skip(int n, const char *why);

/* A comment line ("# ..."), for context in the console log. */
void tap_diag(const char *fmt, ...) TAP_PRINTF(1, 2);

/* Gives up on the whole run ("Bail out!") and exits the task. */
void tap_bail(const char *fmt, ...) TAP_PRINTF(1, 2) __attribute__((noreturn));

/*
 * Ends the stream (printing the plan now if tap_plan was not called) and
 * returns the exit status for main: 0 if every planned test ran and
 * passed, 1 otherwise.
 */
int tap_done(void);

#endif /* TAP_H */
