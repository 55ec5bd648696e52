/*
 * _sbrk: the heap of a task built on libmach, shared by the native glue
 * (newlib_glue.c) and the personalities' glue libraries.
 *
 * The heap starts at the first page boundary after the program's bss
 * (`end`, from the linker) and grows page by page, each page allocated
 * exactly at the current top (vm_allocate, not anywhere) so the heap
 * stays contiguous; when that fails, errno is ENOMEM and malloc returns
 * NULL.  heap_top is the break malloc sees; heap_mapped the end of the
 * pages the kernel gave us.
 */
#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/vm_map.h>
#include <stddef.h>
#include <stdint.h>

#undef errno
extern int errno;

#define PAGE_SIZE     4096ul
#define ROUND_PAGE(x) (((uintptr_t)(x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

extern char end[];
static uintptr_t heap_top, heap_mapped;

void *
_sbrk(ptrdiff_t increment)
{
	uintptr_t old_top, new_top;
	vm_address_t addr;

	if (heap_top == 0)
		heap_top = heap_mapped = ROUND_PAGE(end);
	old_top = heap_top;
	new_top = old_top + increment;
	if (increment < 0 ? new_top > old_top || new_top < ROUND_PAGE(end)
			  : new_top < old_top) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (new_top > heap_mapped) {
		addr = heap_mapped;
		if (vm_allocate(mach_task_self(), &addr,
				ROUND_PAGE(new_top) - heap_mapped,
				FALSE) != KERN_SUCCESS) {
			errno = ENOMEM;
			return (void *)-1;
		}
		heap_mapped = ROUND_PAGE(new_top);
	}
	heap_top = new_top;
	return (void *)old_top;
}
