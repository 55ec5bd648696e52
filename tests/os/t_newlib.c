/*
 * t_newlib: checks that newlib, as built by tools/build-newlib.sh and
 * glued to the kernel by libmach, works in a native task: formatted
 * output (integers, long long, hex, floating point, strings), the heap
 * (malloc, calloc, realloc over _sbrk and the vm_allocate trap), string
 * to number conversion, qsort and bsearch, the string functions, libm,
 * setjmp, and errno as set by libmach's system call stubs.
 *
 * Every check compares with a result known in advance; nothing depends
 * on timing.  The TAP plan comes at the end (tap_done), so a crash
 * half-way leaves the stream without a plan and fails it.
 */
#include "lib/tap.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A small deterministic generator, so runs are repeatable. */
static unsigned long rand_state = 12345;

static unsigned long
next_random(void)
{
	rand_state = rand_state * 6364136223846793005ul + 1442695040888963407ul;
	return rand_state >> 33;
}

static void
check_format(void)
{
	static const struct {
		const char *expected;
		const char *format;
		long long value;
	} ints[] = {
	    {"42", "%lld", 42},
	    {"-2147483648", "%lld", INT_MIN},
	    {"-9223372036854775808", "%lld", LLONG_MIN},
	    {"9223372036854775807", "%lld", LLONG_MAX},
	    {"18446744073709551615", "%llu", -1},
	    {"   42|", "%5lld|", 42},
	    {"42   |", "%-5lld|", 42},
	    {"00042", "%05lld", 42},
	    {"+7", "%+lld", 7},
	    {"deadbeef", "%llx", 0xdeadbeef},
	    {"0XDEADBEEF", "%#llX", 0xdeadbeef},
	    {"0x123456789abcdef0", "%#llx", 0x123456789abcdef0},
	    {"777", "%llo", 0777},
	};
	static const struct {
		const char *expected;
		const char *format;
		double value;
	} doubles[] = {
	    {"3.141590", "%f", 3.14159},
	    {"2.67", "%.2f", 2.675}, /* 2.675 is 2.67499999... in binary */
	    {"-0.500", "%.3f", -0.5},
	    {"100000000000000000000.000000", "%f", 1e20},
	    {"0.0001", "%g", 0.0001},
	    {"1e-05", "%g", 0.00001},
	    {"100000", "%g", 100000},
	    {"1e+06", "%g", 1e6},
	    {"1.23457e+08", "%g", 123456789.0},
	    {"1.234568e+04", "%e", 12345.678},
	    {"-1.000e-10", "%.3e", -1e-10},
	    {"inf", "%f", INFINITY},
	    {"-inf", "%g", -INFINITY},
	    {"nan", "%f", NAN},
	    {"0x1p+0", "%a", 1.0},
	};
	/* volatile: gcc must not see (and warn) that it truncates. */
	const char *volatile long_text = "abcdefgh";
	const char *stdout_line = "[t_newlib] # printf to stdout works\n";
	char buf[64];
	size_t i;

	for (i = 0; i < NELEM(ints); i++) {
		snprintf(buf, sizeof(buf), ints[i].format, ints[i].value);
		tap_is_str(buf, ints[i].expected, "snprintf %s of %lld",
			   ints[i].format, ints[i].value);
	}
	for (i = 0; i < NELEM(doubles); i++) {
		snprintf(buf, sizeof(buf), doubles[i].format, doubles[i].value);
		tap_is_str(buf, doubles[i].expected, "snprintf %s -> %s",
			   doubles[i].format, doubles[i].expected);
	}

	snprintf(buf, sizeof(buf), "%d %u %hhd %zu %jd", -1, UINT_MAX, 300,
		 sizeof(long), (intmax_t)-5);
	tap_is_str(buf, "-1 4294967295 44 8 -5",
		   "snprintf %%d %%u %%hhd "
		   "%%zu %%jd");
	snprintf(buf, sizeof(buf), "[%s|%10s|%-4s|%.3s|%c|%%]", "abc", "right",
		 "l", "abcdef", 'x');
	tap_is_str(buf, "[abc|     right|l   |abc|x|%]", "snprintf strings");
	tap_is_int(snprintf(buf, 5, "%s", long_text), 8,
		   "snprintf returns the untruncated length");
	tap_is_str(buf, "abcd", "snprintf truncates and terminates");
	tap_is_int(sprintf(buf, "%*d|%-*.*f", 4, 7, 8, 2, 1.5), 13,
		   "sprintf with * width and precision: length");
	tap_is_str(buf, "   7|1.50    ", "sprintf with * width and precision");

	/* stdout reaches the console through _write (a TAP comment). */
	tap_is_int(printf("%s", stdout_line), (int)strlen(stdout_line),
		   "printf returns the number of bytes");
	tap_is_int(fflush(stdout), 0, "fflush(stdout)");
}

struct block {
	unsigned char *b_data;
	size_t b_size;
};

static int
compare_blocks(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return (x->b_data > y->b_data) - (x->b_data < y->b_data);
}

static int
block_intact(const struct block *b, unsigned char fill, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (b->b_data[i] != (unsigned char)(fill + i))
			return 0;
	return 1;
}

static void
check_heap(void)
{
	static const size_t sizes[] = {1,     7,     16,     24,    100,
				       255,   1000,  4095,   4096,  4097,
				       10000, 65536, 100000, 300000};
	enum { NBLOCKS = 140 };
	static struct block blocks[NBLOCKS];
	int i, all_allocated = 1, aligned = 1, intact = 1, overlap = 0;
	int grew = 1, shrunk = 1, zeroed = 1;
	unsigned char *p;

	for (i = 0; i < NBLOCKS; i++) {
		blocks[i].b_size = sizes[i % NELEM(sizes)] + i;
		blocks[i].b_data = malloc(blocks[i].b_size);
		if (blocks[i].b_data == NULL) {
			all_allocated = 0;
			blocks[i].b_size = 0;
			continue;
		}
		if ((uintptr_t)blocks[i].b_data % 16 != 0)
			aligned = 0;
		for (size_t j = 0; j < blocks[i].b_size; j++)
			blocks[i].b_data[j] = (unsigned char)(i + j);
	}
	tap_ok(all_allocated, "malloc of %d blocks, 1 byte to 300 KB", NBLOCKS);
	tap_ok(aligned, "malloc returns 16-byte aligned blocks");
	for (i = 0; i < NBLOCKS; i++)
		if (!block_intact(&blocks[i], i, blocks[i].b_size))
			intact = 0;
	tap_ok(intact, "every block keeps its contents");

	/* Realloc the even blocks larger, the odd ones smaller. */
	for (i = 0; i < NBLOCKS; i++) {
		size_t keep = blocks[i].b_size;
		size_t size = i % 2 ? keep / 2 + 1 : keep * 3;

		p = realloc(blocks[i].b_data, size);
		if (p == NULL) {
			grew = shrunk = 0;
			continue;
		}
		blocks[i].b_data = p;
		blocks[i].b_size = size;
		if (!block_intact(&blocks[i], i, keep < size ? keep : size))
			*(i % 2 ? &shrunk : &grew) = 0;
		for (size_t j = keep; j < size; j++)
			p[j] = (unsigned char)(i + j);
	}
	tap_ok(grew, "realloc to a larger size keeps the contents");
	tap_ok(shrunk, "realloc to a smaller size keeps the contents");

	qsort(blocks, NBLOCKS, sizeof(blocks[0]), compare_blocks);
	for (i = 1; i < NBLOCKS; i++)
		if (blocks[i - 1].b_data + blocks[i - 1].b_size >
		    blocks[i].b_data)
			overlap = 1;
	tap_ok(!overlap, "no two blocks overlap");
	for (i = 0; i < NBLOCKS; i++)
		free(blocks[i].b_data);

	/* calloc must zero memory that malloc handed out dirty before. */
	p = malloc(64 * 1024);
	if (p != NULL)
		memset(p, 0xa5, 64 * 1024);
	free(p);
	p = calloc(8 * 1024, 8);
	tap_ok(p != NULL, "calloc(8192, 8)");
	for (i = 0; p != NULL && i < 64 * 1024; i++)
		if (p[i] != 0)
			zeroed = 0;
	tap_ok(p != NULL && zeroed, "calloc returns zeroed memory");
	free(p);

	p = malloc(8 << 20);
	tap_ok(p != NULL, "malloc of 8 MB");
	if (p != NULL) {
		for (i = 0; i < 8 << 20; i += 4096)
			p[i] = (unsigned char)i;
		tap_ok(p[4096 * 100] == (unsigned char)(4096 * 100) &&
			   p[(8 << 20) - 4096] ==
			       (unsigned char)((8 << 20) - 4096),
		       "8 MB block is writable page by page");
	} else {
		tap_skip(1, "no 8 MB block");
	}
	free(p);

	errno = 0;
	p = malloc((size_t)1 << 46);
	tap_ok(p == NULL && errno == ENOMEM, "malloc of 64 TB fails with "
					     "ENOMEM");
}

static void
check_conversions(void)
{
	static const struct {
		const char *text;
		int base;
		long value;
		int consumed;
	} longs[] = {
	    {"42", 10, 42, 2},	     {"-17", 10, -17, 3},
	    {"  +99abc", 10, 99, 5}, {"0x1f", 16, 31, 4},
	    {"0x1f", 0, 31, 4},	     {"017", 0, 15, 3},
	    {"z", 36, 35, 1},	     {"-9223372036854775808", 10, LONG_MIN, 20},
	    {"junk", 10, 0, 0},
	};
	static const struct {
		const char *text;
		double value;
		int consumed;
	} doubles[] = {
	    {"3.5", 3.5, 3},
	    {"-0.125", -0.125, 6},
	    {"1e10", 1e10, 4},
	    {"2.5e-3", 2.5e-3, 6},
	    {"  .5xyz", 0.5, 4},
	    {"0x1p4", 16.0, 5},
	    {"123456789012345678", 123456789012345678.0, 18},
	    {"6.02214076e23", 6.02214076e23, 13},
	};
	char *end;
	size_t i;
	double d;

	for (i = 0; i < NELEM(longs); i++) {
		long got = strtol(longs[i].text, &end, longs[i].base);

		tap_ok(got == longs[i].value &&
			   end - longs[i].text == longs[i].consumed,
		       "strtol(\"%s\", %d) = %ld, %d chars", longs[i].text,
		       longs[i].base, longs[i].value, longs[i].consumed);
	}
	for (i = 0; i < NELEM(doubles); i++) {
		d = strtod(doubles[i].text, &end);
		tap_ok(d == doubles[i].value &&
			   end - doubles[i].text == doubles[i].consumed,
		       "strtod(\"%s\") exactly, %d chars", doubles[i].text,
		       doubles[i].consumed);
	}
	tap_ok(isinf(strtod("inf", NULL)) && isnan(strtod("nan", NULL)),
	       "strtod of inf and nan");
	tap_is_uint(strtoull("18446744073709551615", NULL, 10), ULLONG_MAX,
		    "strtoull of ULLONG_MAX");
	tap_is_int(atoi("  -123"), -123, "atoi");

	errno = 0;
	tap_ok(strtol("9223372036854775808", NULL, 10) == LONG_MAX &&
		   errno == ERANGE,
	       "strtol overflow gives LONG_MAX and ERANGE");
	errno = 0;
	tap_ok(strtod("1e400", NULL) == HUGE_VAL && errno == ERANGE,
	       "strtod overflow gives HUGE_VAL and ERANGE");
}

static int
compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct record {
	int r_key;
	char r_name[12];
};

static int
compare_records(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	if (x->r_key != y->r_key)
		return (x->r_key > y->r_key) - (x->r_key < y->r_key);
	return strcmp(x->r_name, y->r_name);
}

/* Sorts a[0..n) and checks order and that it is a permutation. */
static void
check_sort(int *a, int n, const char *what)
{
	long sum_before = 0, sum_after = 0, squares_before = 0;
	long squares_after = 0;
	int sorted = 1, i;

	for (i = 0; i < n; i++) {
		sum_before += a[i];
		squares_before += (long)a[i] * a[i];
	}
	qsort(a, n, sizeof(int), compare_ints);
	for (i = 0; i < n; i++) {
		sum_after += a[i];
		squares_after += (long)a[i] * a[i];
		if (i > 0 && a[i - 1] > a[i])
			sorted = 0;
	}
	tap_ok(sorted && sum_before == sum_after &&
		   squares_before == squares_after,
	       "qsort of %d ints, %s", n, what);
}

static void
check_qsort(void)
{
	enum { N = 2000 };
	static int a[N];
	static struct record records[300];
	int i, key = 0, ok = 1, *found;

	for (i = 0; i < N; i++)
		a[i] = (int)(next_random() % 100000) - 50000;
	check_sort(a, N, "random");
	check_sort(a, N, "already sorted");
	for (i = 0; i < N; i++)
		a[i] = N - i;
	check_sort(a, N, "reversed");
	for (i = 0; i < N; i++)
		a[i] = 7;
	check_sort(a, N, "all equal");
	for (i = 0; i < N; i++)
		a[i] = (int)(next_random() % 3);
	check_sort(a, N, "three distinct values");
	check_sort(a, 1, "a single element");

	for (i = 0; i < N; i++)
		a[i] = 2 * i;
	key = 1000;
	found = bsearch(&key, a, N, sizeof(int), compare_ints);
	tap_ok(found == &a[500], "bsearch finds a present key");
	key = 1001;
	tap_ok(bsearch(&key, a, N, sizeof(int), compare_ints) == NULL,
	       "bsearch misses an absent key");

	for (i = 0; i < (int)NELEM(records); i++) {
		records[i].r_key = (int)(next_random() % 20);
		snprintf(records[i].r_name, sizeof(records[i].r_name), "r%lu",
			 next_random() % 1000);
	}
	qsort(records, NELEM(records), sizeof(records[0]), compare_records);
	for (i = 1; i < (int)NELEM(records); i++)
		if (compare_records(&records[i - 1], &records[i]) > 0)
			ok = 0;
	tap_ok(ok, "qsort of structs by key, then name");
}

static void
check_strings(void)
{
	char buf[64], *copy, *token, *save;
	char text[] = "alpha, beta,,gamma";

	tap_is_int(strlen("hello, world"), 12, "strlen");
	tap_ok(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 &&
		   strcmp("same", "same") == 0,
	       "strcmp orders");
	tap_ok(strncmp("abcdef", "abcxyz", 3) == 0, "strncmp stops at n");
	tap_ok(strcasecmp("HeLLo", "hello") == 0, "strcasecmp");
	strcpy(buf, "foo");
	strcat(buf, "bar");
	tap_is_str(buf, "foobar", "strcpy and strcat");
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "ab", 5);
	tap_ok(memcmp(buf, "ab\0\0\0x", 6) == 0, "strncpy pads with NULs");
	tap_is_str(strchr("hello", 'l'), "llo", "strchr");
	tap_is_str(strrchr("hello", 'l'), "lo", "strrchr");
	tap_is_str(strstr("the haystack", "hay"), "haystack", "strstr");
	tap_ok(strstr("abc", "abd") == NULL, "strstr without a match");
	tap_is_int(strspn("aabbcx", "abc"), 5, "strspn");
	tap_is_int(strcspn("hello world", " "), 5, "strcspn");

	strcpy(buf, "0123456789");
	memmove(buf + 2, buf, 5);
	tap_is_str(buf, "0101234789",
		   "memmove to a higher overlapping address");
	strcpy(buf, "0123456789");
	memmove(buf, buf + 3, 5);
	tap_is_str(buf, "3456756789", "memmove to a lower overlapping address");

	copy = strdup("duplicate");
	tap_is_str(copy, "duplicate", "strdup");
	free(copy);

	token = strtok_r(text, ", ", &save);
	tap_is_str(token, "alpha", "strtok_r first token");
	token = strtok_r(NULL, ", ", &save);
	tap_is_str(token, "beta", "strtok_r second token");
	token = strtok_r(NULL, ", ", &save);
	tap_is_str(token, "gamma", "strtok_r skips empty fields");
	tap_ok(strtok_r(NULL, ", ", &save) == NULL, "strtok_r ends");
}

static void
check_math(void)
{
	static jmp_buf env;
	volatile int jumped = 0;

	tap_is_double(sqrt(2.0), 1.4142135623730951, 1e-15, "sqrt(2)");
	tap_is_double(sin(M_PI / 6), 0.5, 1e-15, "sin(pi/6)");
	tap_is_double(exp(1.0), M_E, 1e-15, "exp(1)");
	tap_is_double(log(1000.0) / log(10.0), 3.0, 1e-14, "log");
	tap_is_double(pow(2.0, 10.0), 1024.0, 0, "pow(2, 10)");
	tap_ok(floor(-2.5) == -3.0 && ceil(-2.5) == -2.0 &&
		   fmod(10.0, 3.0) == 1.0,
	       "floor, ceil, fmod");

	if (setjmp(env) == 0) {
		jumped = 1;
		longjmp(env, 7);
	}
	tap_ok(jumped == 1, "setjmp and longjmp");
}

static void
check_errno_and_files(int argc, char **argv)
{
	struct stat st;
	FILE *f;

	tap_ok(argc >= 1 && strcmp(argv[0], "t_newlib") == 0,
	       "argv[0] is the task name");
	tap_ok(getenv("PATH") == NULL, "the environment is empty");

	errno = 0;
	tap_ok(close(7) == -1 && errno == EBADF, "close(7) fails with EBADF");
	errno = 0;
	tap_ok(write(5, "x", 1) == -1 && errno == EBADF,
	       "write(5) fails with EBADF");
	errno = 0;
	tap_ok(lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE,
	       "lseek on the console fails with ESPIPE");
	errno = 0;
	f = fopen("/no/such/file", "r");
	tap_ok(f == NULL && errno == ENOSYS,
	       "fopen fails with ENOSYS (no file system yet)");
	tap_ok(isatty(1) == 1 && isatty(9) == 0, "isatty");
	tap_ok(fstat(2, &st) == 0 && S_ISCHR(st.st_mode),
	       "fstat(2) is a character device");
	tap_ok(strlen(strerror(EBADF)) > 0, "strerror(EBADF) is a sentence");
	tap_is_int(write(1, "", 0), 0, "write of 0 bytes to stdout");
}

int
main(int argc, char **argv)
{
	check_format();
	check_heap();
	check_conversions();
	check_qsort();
	check_strings();
	check_math();
	check_errno_and_files(argc, argv);
	return tap_done();
}
