/*
 * Formatted output for the kernel.
 *
 * kvformat is the one formatter; ksnprintf formats into a buffer and
 * kprintf (kern/console.c) onto the console.  Conversions: %d %i %u %x %X
 * %o %c %s %p %% with the flags '-' '0' ' ' '+' '#', a field width and
 * precision (numbers or '*'), and the length modifiers hh h l ll z t j.
 * A NULL %s prints "(null)"; %p prints as %#lx, and NULL as "(nil)".  No
 * %n, no floating point.
 */
#ifndef KERN_PRINTF_H
#define KERN_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Calls putc(c, arg) for each output character; returns their count. */
int kvformat(void (*putc)(char c, void *arg), void *arg, const char *fmt,
	     va_list ap);

/* Like C's vsnprintf/snprintf: always terminates when size > 0, returns
 * the length the whole output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* KERN_PRINTF_H */
