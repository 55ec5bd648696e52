/*
 * Deliberate errors for the checking kernel (docs/reliability.md): one
 * per kernel argument checktest=NAME, each of a kind that one of its
 * checks must catch, so that the in-OS tests (tests/os/boots-check/) see
 * every check report and stop the machine.  A check that nothing
 * exercised could break without anyone noticing.
 *
 *	ubsan-overflow	a signed integer overflow		(kern/ubsan.c)
 *	ubsan-shift	a shift by more than the type's width
 *	ubsan-bounds	an array index out of bounds
 *	ubsan-align	a load from a misaligned address
 *	zone		a write to a freed zone element		(kern/zalloc.c)
 *	page		a write to a freed page			(vm/vm_page.c)
 *	stack		a kernel stack overflow, on a kernel thread's
 *			stack						(kern/stack.c)
 *
 * Entry point: checktest_start(cmdline), called by kernel_bootstrap once
 * the boot modules' tasks exist.  Every test but stack stops the machine
 * before it returns; stack makes a kernel thread of the highest priority,
 * which overflows its stack as soon as the scheduler starts.  Only the
 * checking kernel has this file (mach/mach.mk).
 */
#include <kern/debug.h>
#include <kern/printf.h>
#include <kern/startup.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <mach/traps.h>
#include <stdint.h>
#include <vm/vm_page.h>

/* Read through volatile, so that the compiler cannot see the errors. */
static volatile int checktest_int_max = 0x7fffffff;
static volatile int checktest_index = 4;
static volatile int checktest_forever = 1;
static int checktest_table[4];
static uint64_t checktest_words[2];

static void
checktest_ubsan_overflow(void)
{
	int sum = checktest_int_max + 1;

	kprintf("checktest: INT_MAX + 1 = %d\n", sum);
}

static void
checktest_ubsan_shift(void)
{
	unsigned int bit = 1u << (checktest_index * 8);

	kprintf("checktest: 1 << 32 = %u\n", bit);
}

static void
checktest_ubsan_bounds(void)
{
	checktest_table[checktest_index] = 1;
}

static void
checktest_ubsan_align(void)
{
	uintptr_t address = (uintptr_t)checktest_words + checktest_index;

	kprintf("checktest: misaligned word %lx\n", *(uint64_t *)address);
}

/* Frees an element of a new zone, writes into it, allocates it again. */
static void
checktest_zone(void)
{
	struct zone *zone = zone_create("checktest", 64);
	char *kept = zalloc(zone); /* keeps the slab in the zone */
	char *element = zalloc(zone);

	assert(kept != NULL && element != NULL);
	zfree(zone, element);
	element[40] = 1; /* the use after free */
	kprintf("checktest: zone element %p written after free\n",
		(void *)element);
	element = zalloc(zone); /* the same one: free lists are LIFO */
	panic("checktest: the write to the freed element %p went unseen",
	      (void *)element);
}

/*
 * Frees a page, writes into it, allocates a page again: the same one,
 * since its buddy is not free (it would have merged with it) and the
 * free lists are LIFO.
 */
static void
checktest_page(void)
{
	char *page = vm_page_alloc_kva(0);

	assert(page != NULL);
	vm_page_free_kva(page, 0);
	page[100] = 1; /* the use after free */
	kprintf("checktest: page %p written after free\n", (void *)page);
	page = vm_page_alloc_kva(0);
	panic("checktest: the write to the freed page %p went unseen",
	      (void *)page);
}

/* Calls itself until the stack runs out (never, as far as the compiler
 * can see); its frames are 256 bytes and more. */
static unsigned long __attribute__((noinline))
checktest_recurse(unsigned long depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (!checktest_forever)
		return depth;
	return checktest_recurse(depth + 1) + frame[0];
}

static void
checktest_stack_thread(void *arg)
{
	(void)arg;
	kprintf("checktest: overflowing a kernel stack\n");
	checktest_recurse(0);
	panic("checktest: the kernel stack did not overflow");
}

static void
checktest_stack(void)
{
	struct thread *thread = thread_create_kernel(checktest_stack_thread,
						     NULL, MACH_PRIORITY_MAX);

	assert(thread != NULL);
	thread_release(thread);
}

static const struct {
	const char *ct_option;
	void (*ct_run)(void);
} checktests[] = {
    {"checktest=ubsan-overflow", checktest_ubsan_overflow},
    {"checktest=ubsan-shift", checktest_ubsan_shift},
    {"checktest=ubsan-bounds", checktest_ubsan_bounds},
    {"checktest=ubsan-align", checktest_ubsan_align},
    {"checktest=zone", checktest_zone},
    {"checktest=page", checktest_page},
    {"checktest=stack", checktest_stack},
};

void
checktest_start(const char *cmdline)
{
	for (size_t i = 0; i < sizeof(checktests) / sizeof(*checktests); i++)
		if (kernel_cmdline_has(cmdline, checktests[i].ct_option))
			checktests[i].ct_run();
}
