/*
 * memset, memcpy, memmove, memcmp, strlen, strcmp: byte-at-a-time
 * versions, correct for any alignment and length.  They are not fast;
 * nothing in the kernel copies enough for that to matter yet.
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
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

/* Copies n bytes from src to dst, which must not overlap; returns dst. */
STRING_NO_LIBCALLS void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

/* Copies n bytes from src to dst, which may overlap; returns dst. */
STRING_NO_LIBCALLS void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		while (n-- > 0)
			*d++ = *s++;
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

/* The number of bytes before the terminating NUL of s. */
STRING_NO_LIBCALLS void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

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
