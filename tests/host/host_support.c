/*
 * The host side of the kernel's machine layer for unit tests: panic,
 * host_cpu_spin (see include/machine/cpu.h) and the physical memory
 * arena (include/machine/vm_param.h).
 *
 * panic formats its message and hands it to cmocka's mock_assert: inside
 * expect_assert_failure that jumps back to the test, which then checks
 * host_panic_message; anywhere else it fails the running test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host_support.h"
#include <kern/debug.h>
#include <kern/failalloc.h>

/* Fault injection (kern/failalloc.c) is never on in host tests. */
int failalloc_enabled;

int
failalloc_decide(enum failalloc_site site)
{
	(void)site;
	return 0;
}

#define HOST_ARENA_ALIGN (4ul << 20)

uintptr_t host_phys_base;
char host_panic_message[512];
static void *host_arena;

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_panic_message, sizeof(host_panic_message), fmt, ap);
	va_end(ap);
	mock_assert(0, host_panic_message, __FILE__, __LINE__);
	abort(); /* not reached: mock_assert jumps out of the test */
}

void
host_cpu_spin(void)
{
	panic("simple lock found held: a single-threaded test would hang");
}

void *
host_arena_create(size_t size)
{
	host_arena_destroy();
	host_arena = aligned_alloc(HOST_ARENA_ALIGN, size);
	if (host_arena == NULL) {
		fprintf(stderr, "cannot allocate a %zu-byte arena\n", size);
		exit(1);
	}
	memset(host_arena, 0xa5, size);
	host_phys_base = (uintptr_t)host_arena;
	return host_arena;
}

void
host_arena_destroy(void)
{
	free(host_arena);
	host_arena = NULL;
	host_phys_base = 0;
}
