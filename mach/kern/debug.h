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

/* An assertion only the checking kernel (MACH_CHECK) makes: for the IPC
 * hot paths, where one test is a measurable share of a message. */
#ifdef MACH_CHECK
#define check_assert(expr) assert(expr)
#else
#define check_assert(expr) ((void)0)
#endif

#define static_assert _Static_assert

#endif /* KERN_DEBUG_H */
