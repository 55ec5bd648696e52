/*
 * What the host unit tests provide in place of the rest of the kernel:
 * panic (which fails the test, or satisfies cmocka's
 * expect_assert_failure), and the arena that stands for physical memory.
 *
 * Include after <stdarg.h>, <stddef.h>, <setjmp.h> and <cmocka.h>.
 */
#ifndef HOST_SUPPORT_H
#define HOST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Allocates the arena of size bytes (a multiple of 4 MiB, aligned to
 * 4 MiB like the largest vm_page block), fills it with garbage and makes
 * it physical address 0.  Returns its address.
 */
void *host_arena_create(size_t size);
void host_arena_destroy(void);

/* The message of the last panic, for tests that expect one. */
extern char host_panic_message[512];

/* Checks that the last panic's message contains text. */
#define assert_panic_contains(text) \
	assert_non_null(strstr(host_panic_message, (text)))

#endif /* HOST_SUPPORT_H */
