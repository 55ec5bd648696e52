/*
 * panic() and assert(): the kernel's way to stop on a broken invariant.
 * panic prints the message, the registers of the caller and a symbolized
 * backtrace on the console, then stops the machine (and QEMU, with a
 * failure code).
 */
#ifndef KERN_DEBUG_H
#define KERN_DEBUG_H

void panic(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

#define assert(expr) \
	do { \
		if (!(expr)) \
			panic("assertion failed: %s (%s:%d)", #expr, __FILE__, \
			      __LINE__); \
	} while (0)

#define static_assert _Static_assert

#endif /* KERN_DEBUG_H */
