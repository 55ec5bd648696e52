/*
 * The kernel console: kprintf (kern/printf.h) and whole-buffer writes
 * that never interleave with other writers.
 */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void console_bootstrap(void);

/* Writes [buf, buf + len) without another writer's output in between. */
void console_write(const char *buf, size_t len);

/* Holding the console for a sequence of writes (console_putc_locked). */
void console_lock(void);
void console_unlock(void);
void console_putc_locked(char c);
int console_vprintf_locked(const char *fmt, va_list ap);

/* From now on the console ignores its lock: the kernel is panicking. */
void panic_begin(void);

#endif /* KERN_CONSOLE_H */
