/*
 * Host unit tests of the kernel's string functions (mach/kern/string.c),
 * compiled under the names kstring_* (tests/host/host.mk) so that they do
 * not replace the host's own; each is compared with the host's on every
 * small length and alignment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

void *kstring_memset(void *dst, int c, size_t n);
void *kstring_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *kstring_memmove(void *dst, const void *src, size_t n);
int kstring_memcmp(const void *a, const void *b, size_t n);
size_t kstring_strlen(const char *s);
int kstring_strcmp(const char *a, const char *b);

#define AREA 96

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

static void
fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 37);
}

static void
test_memset(void **state)
{
	unsigned char k[AREA], h[AREA];

	(void)state;
	for (size_t at = 0; at < 8; at++) {
		for (size_t n = 0; at + n <= AREA; n++) {
			fill(k, AREA, 1);
			fill(h, AREA, 1);
			assert_ptr_equal(kstring_memset(k + at, 0x1c3, n),
					 k + at);
			memset(h + at, 0x1c3, n);
			assert_memory_equal(k, h, AREA);
		}
	}
}

static void
test_memcpy(void **state)
{
	unsigned char src[AREA], k[AREA], h[AREA];

	(void)state;
	fill(src, AREA, 5);
	for (size_t from = 0; from < 8; from++) {
		for (size_t to = 0; to < 8; to++) {
			for (size_t n = 0; n + 8 <= AREA; n++) {
				fill(k, AREA, 9);
				fill(h, AREA, 9);
				assert_ptr_equal(
				    kstring_memcpy(k + to, src + from, n),
				    k + to);
				memcpy(h + to, src + from, n);
				assert_memory_equal(k, h, AREA);
			}
		}
	}
}

/* Overlapping both ways, and not at all. */
static void
test_memmove(void **state)
{
	unsigned char k[AREA], h[AREA];

	(void)state;
	for (size_t from = 0; from < 24; from++) {
		for (size_t to = 0; to < 24; to++) {
			for (size_t n = 0; n + 24 <= AREA; n += 3) {
				fill(k, AREA, 3);
				fill(h, AREA, 3);
				assert_ptr_equal(
				    kstring_memmove(k + to, k + from, n),
				    k + to);
				memmove(h + to, h + from, n);
				assert_memory_equal(k, h, AREA);
			}
		}
	}
}

static void
test_memcmp(void **state)
{
	unsigned char a[AREA], b[AREA];

	(void)state;
	fill(a, AREA, 0);
	fill(b, AREA, 0);
	assert_int_equal(kstring_memcmp(a, b, AREA), 0);
	assert_int_equal(kstring_memcmp(a, b, 0), 0);
	for (size_t i = 0; i < AREA; i += 5) {
		b[i] = a[i] + 1;
		assert_int_equal(sign(kstring_memcmp(a, b, AREA)),
				 sign(memcmp(a, b, AREA)));
		assert_true(kstring_memcmp(a, b, AREA) < 0);
		assert_true(kstring_memcmp(b, a, AREA) > 0);
		assert_int_equal(kstring_memcmp(a, b, i), 0);
		b[i] = a[i];
	}
	a[0] = 0x80; /* compared as unsigned */
	b[0] = 0x01;
	assert_true(kstring_memcmp(a, b, 1) > 0);
}

static void
test_strlen_strcmp(void **state)
{
	static const char *const words[] = {"",	   "a", "ab",	"abc",
					    "abd", "b", "\x80", "hello, world"};
	const size_t n = sizeof(words) / sizeof(words[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(kstring_strlen(words[i]), strlen(words[i]));
		for (size_t j = 0; j < n; j++)
			assert_int_equal(
			    sign(kstring_strcmp(words[i], words[j])),
			    sign(strcmp(words[i], words[j])));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memset),	  cmocka_unit_test(test_memcpy),
	    cmocka_unit_test(test_memmove),	  cmocka_unit_test(test_memcmp),
	    cmocka_unit_test(test_strlen_strcmp),
	};

	return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
