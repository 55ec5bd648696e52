/*
 * memset, memcpy, memmove, memcmp, memchr, strlen, strcmp.  memset,
 * memcpy and forward memmove move eight bytes at a time (rep stosq /
 * movsq, then the tail byte by byte): they are on the message path.
 * The rest go byte by byte, correct for any alignment and length.
 *
 * GCC may compile a byte loop into a call to memset or memcpy even with
 * -ffreestanding, which here would be a call to itself; the optimize
 * attribute turns that transformation off for this file.
 */
#include <kern/string.h>
#include <stdint.h>

#define STRING_NO_LIBCALLS \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))

/* Sets n bytes at dst to (unsigned char)c; returns dst. */
STRING_NO_LIBCALLS void *
memset(void *dst, int c, size_t n)
{
	uint64_t pattern = 0x0101010101010101ull * (unsigned char)c;
	void *d = dst;
	size_t words = n / 8, bytes = n % 8;

	__asm__ volatile("rep stosq"
			 : "+D"(d), "+c"(words)
			 : "a"(pattern)
			 : "memory");
	__asm__ volatile("rep stosb"
			 : "+D"(d), "+c"(bytes)
			 : "a"(pattern)
			 : "memory");
	return dst;
}

/* Copies n bytes forwards, eight at a time. */
static inline void
string_copy_forward(void *dst, const void *src, size_t n)
{
	size_t words = n / 8, bytes = n % 8;

	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(words)
			 :
			 : "memory");
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(bytes)
			 :
			 : "memory");
}

/* Copies n bytes from src to dst, which must not overlap; returns dst. */
STRING_NO_LIBCALLS void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	string_copy_forward(dst, src, n);
	return dst;
}

/* Copies n bytes from src to dst, which may overlap; returns dst. */
STRING_NO_LIBCALLS void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		string_copy_forward(d, s, n);
	} else {
		while (n-- > 0)
			d[n] = s[n];
	}
	return dst;
}

/*
 * Compares n bytes as unsigned chars; returns <0, 0 or >0 as a is below,
 * equal to or above b.
 */
STRING_NO_LIBCALLS int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

/* The first byte equal to (unsigned char)c in s[0..n), or NULL. */
STRING_NO_LIBCALLS void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

/* The number of bytes before the terminating NUL of s. */
size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

/* Compares two strings as unsigned chars; returns <0, 0 or >0. */
STRING_NO_LIBCALLS int
strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p != '\0' && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}
