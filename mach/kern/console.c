/*
 * The kernel console: formatted output (kprintf) and atomic buffer writes
 * onto the machine's console device.
 *
 * One lock serializes writers so that a line written in one call is
 * never split by another writer.  Once the kernel panics the lock is
 * ignored: the panicking code may have interrupted a holder.
 */
#include <kern/console.h>
#include <kern/lock.h>
#include <kern/printf.h>
#include <machine/machine.h>

static simple_lock_data_t console_lock_data;
static volatile int panicking;

void
console_bootstrap(void)
{
	simple_lock_init(&console_lock_data);
	machine_console_init();
}

void
console_lock(void)
{
	if (!panicking)
		simple_lock(&console_lock_data);
}

void
console_unlock(void)
{
	if (!panicking)
		simple_unlock(&console_lock_data);
}

void
console_putc_locked(char c)
{
	machine_console_putc(c);
}

void
console_write(const char *buf, size_t len)
{
	console_lock();
	for (size_t i = 0; i < len; i++)
		machine_console_putc(buf[i]);
	console_unlock();
}

void
panic_begin(void)
{
	if (panicking)
		machine_exit(1); /* a panic while panicking: stop at once */
	panicking = 1;
}

static void
console_format_putc(char c, void *arg)
{
	(void)arg;
	machine_console_putc(c);
}

int
console_vprintf_locked(const char *fmt, va_list ap)
{
	return kvformat(console_format_putc, NULL, fmt, ap);
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_lock();
	int n = console_vprintf_locked(fmt, ap);
	console_unlock();
	va_end(ap);
	return n;
}
