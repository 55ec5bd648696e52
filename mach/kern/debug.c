/*
 * panic: report a broken kernel invariant and stop.
 */
#include <kern/console.h>
#include <kern/debug.h>
#include <kern/printf.h>
#include <machine/machine.h>
#include <stdarg.h>

void
panic(const char *fmt, ...)
{
	va_list ap;

	__asm__ volatile("cli");
	panic_begin();
	kprintf("panic: ");
	va_start(ap, fmt);
	console_vprintf_locked(fmt, ap);
	va_end(ap);
	kprintf("\n");
	machine_backtrace((uint64_t)__builtin_frame_address(0));
	machine_exit(1);
}
