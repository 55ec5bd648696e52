/*
 * Kernel backtraces: walks the frame-pointer chain (the kernel is built
 * with -fno-omit-frame-pointer) and prints each return address with its
 * symbol.  The walk stops at anything that does not look like a kernel
 * stack frame rather than fault on it.
 */
#include <kern/ksyms.h>
#include <kern/printf.h>
#include <machine/machine.h>
#include <machine/vm_param.h>

#define BACKTRACE_DEPTH 32

void
machine_backtrace(uint64_t rbp)
{
	kprintf("backtrace:\n");
	for (int depth = 0; depth < BACKTRACE_DEPTH; depth++) {
		if (rbp < DIRECT_MAP_BASE || (rbp & 7) != 0)
			break;
		const uint64_t *frame = (const uint64_t *)rbp;
		if (frame[1] == 0)
			break;
		kprintf("  ");
		ksyms_print(frame[1]);
		kprintf("\n");
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}
