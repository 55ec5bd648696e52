/*
 * Host unit tests of the kernel's formatter (mach/kern/printf.c).
 *
 * The host's snprintf is the reference: every case formats the same
 * arguments with both and compares the text and the returned length.  A
 * few behaviours the C standard leaves open (NULL %s with a precision,
 * unknown conversions) are checked against the kernel's documented
 * choice instead.  A randomized loop then builds integer conversions
 * from every flag, width, precision and length modifier.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <cmocka.h>

#include "host_support.h"
#include <kern/printf.h>

/* Formats with both and fails if they differ; the arguments are evaluated twice. */
#define CHECK(...) \
	do { \
		char k_[512], h_[512]; \
		int kn_ = ksnprintf(k_, sizeof(k_), __VA_ARGS__); \
		int hn_ = snprintf(h_, sizeof(h_), __VA_ARGS__); \
		compare(#__VA_ARGS__, k_, kn_, h_, hn_); \
	} while (0)

static void
compare(const char *what, const char *k, int kn, const char *h, int hn)
{
	if (kn != hn || strcmp(k, h) != 0) {
		print_error("%s:\n  kernel \"%s\" (%d)\n  host   \"%s\" (%d)\n",
			    what, k, kn, h, hn);
		fail();
	}
}

/* Both formatters on a format the compiler does not see. */
static void
check_dynamic(const char *fmt, ...)
{
	char k[512], h[512];
	va_list ap, ap2;
	int kn, hn;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	kn = kvsnprintf(k, sizeof(k), fmt, ap);
	hn = vsnprintf(h, sizeof(h), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	compare(fmt, k, kn, h, hn);
}

/* The kernel formatter alone, on a format the compiler does not see. */
static int
kernel_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void
test_text_and_percent(void **state)
{
	(void)state;
	CHECK("%s", "");
	CHECK("hello, world");
	CHECK("%%");
	CHECK("a%%b%%%%c");
	CHECK("100%% sure");
}

static void
test_signed(void **state)
{
	static const int values[] = {0,	  1,	   -1,	    42,
				     -42, 1000000, INT_MAX, INT_MIN};

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		int v = values[i];
		CHECK("%d|%i", v, v);
		CHECK("[%5d] [%-5d] [%05d] [%+d] [% d]", v, v, v, v, v);
		/* Flags that others override, unseen by -Wformat. */
		check_dynamic("[%+05d] [% 05d] [%-+6d] [%- 6d] [%+ d]", v, v, v,
			      v, v);
		check_dynamic("[%.3d] [%.0d] [%5.3d] [%-8.3d] [%08.3d]", v, v,
			      v, v, v);
		CHECK("[%+.0d] [% .0d] [%12d] [%012d] [%.12d]", v, v, v, v, v);
		CHECK("[%1d] [%-1d] [%+12.11d] [%-+12.11d]", v, v, v, v);
	}
}

static void
test_unsigned_hex_octal(void **state)
{
	static const unsigned int values[] = {
	    0, 1, 7, 8, 9, 15, 16, 255, 256, 01234567, 0xdeadbeef, UINT_MAX};

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		unsigned int v = values[i];
		CHECK("%u %x %X %o", v, v, v, v);
		CHECK("[%5u] [%-5u] [%05u] [%.10u] [%.0u]", v, v, v, v, v);
		CHECK("[%#x] [%#X] [%#o] [%#.0o] [%.0o]", v, v, v, v, v);
		CHECK("[%#.3o] [%#5o] [%#05x] [%#-8x] [%#.5x]", v, v, v, v, v);
		CHECK("[%08X] [%-#10X] [%#010o] [%#.0x] [%#12.10x]", v, v, v, v,
		      v);
	}
}

static void
test_length_modifiers(void **state)
{
	(void)state;
	CHECK("%hhd %hhd %hhd %hhu %hhu %hhx", 300, -129, 127, 255, 256, 511);
	CHECK("%hd %hd %hu %hx %ho", 70000, -32769, 70000, 0x12345, 0x12345);
	CHECK("%ld %ld %lu %lx %lo", LONG_MIN, LONG_MAX, ULONG_MAX, ULONG_MAX,
	      ULONG_MAX);
	CHECK("%lld %lld %llu %llx %#llX", LLONG_MIN, LLONG_MAX, ULLONG_MAX,
	      0x123456789abcdefull, ULLONG_MAX);
	CHECK("%zd %zu %zx %zd", (ssize_t)-1, SIZE_MAX, SIZE_MAX,
	      (ssize_t)SSIZE_MAX);
	CHECK("%td %td %tx", PTRDIFF_MIN, PTRDIFF_MAX, (ptrdiff_t)-1);
	CHECK("%jd %jd %ju %jx", INTMAX_MIN, INTMAX_MAX, UINTMAX_MAX,
	      UINTMAX_MAX);
	CHECK("[%-25lld] [%025lld] [%+.22lld] [%#.25llo]", LLONG_MIN, LLONG_MIN,
	      LLONG_MAX, ULLONG_MAX);
	CHECK("%d %ld %d", 1, 2L, 3); /* the arguments stay in step */
}

static void
test_char_and_string(void **state)
{
	static const char unterminated[3] = {'a', 'b', 'c'};
	const char *null = NULL;
	char buf[32];

	(void)state;
	CHECK("%c%c%c", 'a', 'b', 'c');
	CHECK("[%5c] [%-5c] [%c]", 'x', 'y', 0xe9);
	{
		char k[8], h[8];
		memset(k, '#', sizeof(k));
		memset(h, '#', sizeof(h));
		assert_int_equal(ksnprintf(k, sizeof(k), "a%cb%3c", 0, 0),
				 snprintf(h, sizeof(h), "a%cb%3c", 0, 0));
		assert_memory_equal(k, h, sizeof(k)); /* NUL is a character */
	}
	CHECK("[%s] [%10s] [%-10s] [%.2s] [%10.2s]", "abc", "abc", "abc", "abc",
	      "abc");
	CHECK("[%.0s] [%.10s] [%-3s] [%2s]", "abc", "abc", "abcdef", "abcdef");
	CHECK("[%.3s]", unterminated); /* reads no further than 3 bytes */
	check_dynamic("[%s] [%10s] [%-8s]", null, null, null);
	/* Unlike glibc, a NULL %s is "(null)" cut to the precision. */
	assert_int_equal(kernel_format(buf, sizeof(buf), "[%.3s]", null), 5);
	assert_string_equal(buf, "[(nu]");
}

static void
test_pointer(void **state)
{
	int local;

	(void)state;
	CHECK("%p %p", (void *)0x1234, (void *)&local);
	CHECK("[%20p] [%-20p] [%p]", (void *)&local, (void *)&local,
	      (void *)UINTPTR_MAX);
	CHECK("[%p] [%10p] [%-10p]", NULL, NULL, NULL);
}

static void
test_star_fields(void **state)
{
	(void)state;
	CHECK("[%*d] [%*d] [%-*d]", 5, 42, -5, 42, 5, 42);
	CHECK("[%.*d] [%.*d] [%.*d]", 3, 7, -1, 7, 0, 0);
	CHECK("[%*.*s] [%-*.*s]", 8, 2, "abcdef", 8, 2, "abcdef");
	CHECK("[%0*d] [%*x] [%.*s]", 6, -12, -7, 255, INT_MAX, "x");
}

static void
test_truncation_and_return(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 5, "hello %s", "world"), 11);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], '#');
	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], '#');
	assert_int_equal(ksnprintf(NULL, 0, "%s-%d", "abc", -7), 6);
	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 12, "hello world"), 11);
	assert_string_equal(buf, "hello world");
	assert_int_equal(ksnprintf(buf, 11, "hello world"), 11);
	assert_string_equal(buf, "hello worl");
	assert_int_equal(ksnprintf(buf, sizeof(buf), "%s", ""), 0);
	assert_string_equal(buf, "");
	for (size_t size = 0; size <= 12; size++) {
		char k[16], h[16];
		memset(k, '#', sizeof(k));
		memset(h, '#', sizeof(h));
		assert_int_equal(ksnprintf(k, size, "%5d|%-4x", -3, 0xab),
				 snprintf(h, size, "%5d|%-4x", -3, 0xab));
		assert_memory_equal(k, h, sizeof(k));
	}
}

struct sink {
	char text[64];
	int n;
};

static void
sink_putc(char c, void *arg)
{
	struct sink *sink = arg;

	if (sink->n < (int)sizeof(sink->text) - 1)
		sink->text[sink->n++] = c;
}

static int
format_to_sink(struct sink *sink, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvformat(sink_putc, sink, fmt, ap);
	va_end(ap);
	return n;
}

static void
test_kvformat_callback(void **state)
{
	struct sink sink = {{0}, 0};

	(void)state;
	assert_int_equal(format_to_sink(&sink, "a%db%sc", 12, "xy"), 7);
	assert_int_equal(sink.n, 7);
	assert_string_equal(sink.text, "a12bxyc");
}

static void
test_unsupported_conversions(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(kernel_format(buf, sizeof(buf), "[%y]"), 4);
	assert_string_equal(buf, "[%y]");
	assert_int_equal(kernel_format(buf, sizeof(buf), "abc%"), 4);
	assert_string_equal(buf, "abc%");
	assert_int_equal(kernel_format(buf, sizeof(buf), "%-5k|%d", 3), 4);
	assert_string_equal(buf, "%k|3");
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 11;
}

static const uint64_t interesting[] = {0,
				       1,
				       9,
				       10,
				       127,
				       128,
				       255,
				       256,
				       32767,
				       32768,
				       65535,
				       65536,
				       0x7fffffff,
				       0x80000000,
				       0xffffffff,
				       0x100000000ull,
				       0x7fffffffffffffffull,
				       0x8000000000000000ull,
				       UINT64_MAX,
				       UINT64_MAX - 1};

/* Builds a random integer conversion and checks it on a random value. */
static void
check_random_integer(void)
{
	static const char *const lengths[] = {"",   "hh", "h", "l",
					      "ll", "z",  "t", "j"};
	static const char conversions[] = "diuxXo";
	char fmt[64], *p = fmt;
	uint64_t v =
	    rng() % 2 ? interesting[rng() % 20] : rng() ^ (rng() << 40);
	int length = rng() % 8;
	char conversion = conversions[rng() % 6];

	*p++ = '[';
	*p++ = '%';
	for (const char *f = "-0 +#"; *f != '\0'; f++) {
		if (rng() % 4 == 0 && !(*f == '#' && strchr("di", conversion)))
			*p++ = *f;
	}
	if (rng() % 2)
		p += sprintf(p, "%d", (int)(rng() % 30));
	if (rng() % 2)
		p += sprintf(p, ".%d", (int)(rng() % 30));
	p += sprintf(p, "%s%c]", lengths[length], conversion);
	if (length <= 2)
		check_dynamic(fmt, (int)v);
	else
		check_dynamic(fmt, (long long)v);
}

static void
test_random_integers(void **state)
{
	(void)state;
	rng_state = 1234;
	for (int i = 0; i < 20000; i++)
		check_random_integer();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_and_percent),
	    cmocka_unit_test(test_signed),
	    cmocka_unit_test(test_unsigned_hex_octal),
	    cmocka_unit_test(test_length_modifiers),
	    cmocka_unit_test(test_char_and_string),
	    cmocka_unit_test(test_pointer),
	    cmocka_unit_test(test_star_fields),
	    cmocka_unit_test(test_truncation_and_return),
	    cmocka_unit_test(test_kvformat_callback),
	    cmocka_unit_test(test_unsupported_conversions),
	    cmocka_unit_test(test_random_integers),
	};

	return cmocka_run_group_tests_name("printf", tests, NULL, NULL);
}
