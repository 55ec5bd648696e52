/*
 * The C string and memory functions the kernel needs, since it has no
 * libc.  They keep their standard names and meanings (so the compiler's
 * own calls to memcpy, memset, memmove and memcmp land here too).
 */
#ifndef KERN_STRING_H
#define KERN_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
void *memchr(const void *s, int c, size_t n);
int strcmp(const char *a, const char *b);

#endif /* KERN_STRING_H */
