/*
 * Host unit tests of the UNIX server's line discipline
 * (personalities/unix/server/tty_ldisc.c): canonical editing and its
 * echo, the signal characters and the hook they call, raw reads and
 * VMIN, mode changes, and what happens when the buffers are full.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../personalities/unix/server/tty_ldisc.h"

static char echoed[4096];
static size_t echoed_length;
static int signals[8];
static int signal_count;

static void
output(void *arg, const char *bytes, size_t count)
{
	(void)arg;
	memcpy(echoed + echoed_length, bytes, count);
	echoed_length += count;
	echoed[echoed_length] = '\0';
}

static void
raise_signal(void *arg, int signal)
{
	(void)arg;
	signals[signal_count++] = signal;
}

static struct tty_ldisc tl;

static int
setup(void **state)
{
	(void)state;
	echoed_length = 0;
	echoed[0] = '\0';
	signal_count = 0;
	tty_ldisc_init(&tl, output, raise_signal, NULL);
	return 0;
}

static void
type(const char *bytes)
{
	tty_ldisc_input(&tl, bytes, strlen(bytes));
}

/* Reads up to count bytes into a static string. */
static const char *
take(size_t count)
{
	static char buf[2048];
	size_t n = tty_ldisc_read(&tl, buf, count);
	buf[n] = '\0';
	return buf;
}

static void
test_line_waits_for_newline(void **state)
{
	(void)state;
	type("hello");
	assert_false(tty_ldisc_readable(&tl, 100));
	type("\r");
	assert_true(tty_ldisc_readable(&tl, 100));
	assert_string_equal(take(100), "hello\n");
	assert_false(tty_ldisc_readable(&tl, 100));
	assert_string_equal(echoed, "hello\n");
}

static void
test_one_line_a_read(void **state)
{
	(void)state;
	type("one\ntwo\n");
	assert_string_equal(take(100), "one\n");
	assert_string_equal(take(2), "tw");
	assert_string_equal(take(100), "o\n");
	assert_false(tty_ldisc_readable(&tl, 1));
}

static void
test_erase_kill_werase(void **state)
{
	(void)state;
	type("abx\x7f"
	     "c\n");
	assert_string_equal(take(100), "abc\n");
	assert_string_equal(echoed, "abx\b \bc\n");
	type("junk\x15ok\n");
	assert_string_equal(take(100), "ok\n");
	type("foo bar  \x17"
	     "baz\n");
	assert_string_equal(take(100), "foo baz\n");
	type("\x7f\x7f\x15x\n"); /* erasing nothing is harmless */
	assert_string_equal(take(100), "x\n");
}

static void
test_eof(void **state)
{
	(void)state;
	type("\x04");
	assert_true(tty_ldisc_readable(&tl, 10));
	assert_int_equal(tty_ldisc_read(&tl, (char[10]){0}, 10), 0);
	assert_false(tty_ldisc_readable(&tl, 10));
	type("par\x04");
	assert_string_equal(take(10), "par");
}

static void
test_signals(void **state)
{
	(void)state;
	type("lost\x03");
	type("a\x1c");
	type("b\x1a");
	assert_int_equal(signal_count, 3);
	assert_int_equal(signals[0], SIGINT);
	assert_int_equal(signals[1], SIGQUIT);
	assert_int_equal(signals[2], SIGTSTP);
	assert_string_equal(echoed, "lost^Ca^\\b^Z");
	type("kept\n");
	assert_string_equal(take(100), "kept\n"); /* the line was dropped */
}

static void
test_signals_off(void **state)
{
	struct termios t;

	(void)state;
	tty_ldisc_get(&tl, &t);
	t.c_lflag &= ~ISIG;
	tty_ldisc_set(&tl, &t);
	type("a\x03\n");
	assert_int_equal(signal_count, 0);
	assert_string_equal(take(100), "a\x03\n");
	t.c_lflag |= ISIG | NOFLSH;
	tty_ldisc_set(&tl, &t);
	type("b\x03"
	     "c\n");
	assert_int_equal(signal_count, 1);
	assert_string_equal(take(100), "bc\n"); /* NOFLSH kept "b" */
}

static void
test_raw_vmin(void **state)
{
	struct termios t;

	(void)state;
	tty_ldisc_get(&tl, &t);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 3;
	tty_ldisc_set(&tl, &t);
	type("xy");
	assert_false(tty_ldisc_readable(&tl, 10));
	assert_true(tty_ldisc_readable(&tl, 2)); /* asks for no more */
	type("z");
	assert_true(tty_ldisc_readable(&tl, 10));
	assert_string_equal(take(10), "xyz");
	assert_string_equal(echoed, ""); /* ECHO off */
	t.c_cc[VMIN] = 0;
	tty_ldisc_set(&tl, &t);
	assert_true(tty_ldisc_readable(&tl, 10));
	assert_string_equal(take(10), "");
	type("\x7f\n"); /* no editing: bytes as they are */
	assert_string_equal(take(10), "\x7f\n");
}

static void
test_mode_changes_keep_input(void **state)
{
	struct termios cooked, raw;

	(void)state;
	tty_ldisc_get(&tl, &cooked);
	raw = cooked;
	raw.c_lflag &= ~ICANON;
	type("par");
	tty_ldisc_set(&tl, &raw);
	assert_true(tty_ldisc_readable(&tl, 10));
	assert_string_equal(take(2), "pa");
	tty_ldisc_set(&tl, &cooked);
	assert_true(tty_ldisc_readable(&tl, 10));
	assert_string_equal(take(10), "r");
}

static void
test_full_buffers_drop(void **state)
{
	char line[TTY_LINE_MAX + 10];

	(void)state;
	memset(line, 'a', sizeof(line));
	tty_ldisc_input(&tl, line, sizeof(line));
	type("\n");
	const char *got = take(sizeof(line));
	assert_int_equal(strlen(got), TTY_LINE_MAX);
	assert_int_equal(got[TTY_LINE_MAX - 1], '\n');
	assert_int_equal(tl.tl_dropped, sizeof(line) - (TTY_LINE_MAX - 1));
	for (int i = 0; i < TTY_LINES_MAX + 5; i++)
		type("\n");
	assert_int_equal(tl.tl_lines_count, TTY_LINES_MAX);
	tty_ldisc_flush(&tl);
	assert_false(tty_ldisc_readable(&tl, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_line_waits_for_newline, setup),
	    cmocka_unit_test_setup(test_one_line_a_read, setup),
	    cmocka_unit_test_setup(test_erase_kill_werase, setup),
	    cmocka_unit_test_setup(test_eof, setup),
	    cmocka_unit_test_setup(test_signals, setup),
	    cmocka_unit_test_setup(test_signals_off, setup),
	    cmocka_unit_test_setup(test_raw_vmin, setup),
	    cmocka_unit_test_setup(test_mode_changes_keep_input, setup),
	    cmocka_unit_test_setup(test_full_buffers_drop, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
