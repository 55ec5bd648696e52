/*
 * The kernel console trap, console_write(buf, len): the one debug trap
 * left (mach/traps.h).  It validates its arguments and touches user
 * memory only through copyin.
 */
#include <kern/console.h>
#include <kern/copyio.h>
#include <kern/syscall_sw.h>
#include <mach/traps.h>

#define CONSOLE_WRITE_MAX (64 * 1024)
#define CONSOLE_CHUNK	  128

/*
 * Writes the bytes as one unit.  The whole range is checked before
 * anything is printed; a page that turns out unmapped midway ends the
 * write with KERN_INVALID_ADDRESS.
 */
uint64_t
debug_trap_console_write(const uint64_t *args)
{
	uint64_t buf = args[0];
	size_t len = args[1];
	char chunk[CONSOLE_CHUNK];
	kern_return_t kr = KERN_SUCCESS;

	if (len > CONSOLE_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	if (len > 0 && !copyio_user_range_ok(buf, len))
		return KERN_INVALID_ADDRESS;
	console_lock();
	for (size_t done = 0; done < len && kr == KERN_SUCCESS;) {
		size_t n =
		    len - done < CONSOLE_CHUNK ? len - done : CONSOLE_CHUNK;
		kr = copyin(buf + done, chunk, n);
		for (size_t i = 0; kr == KERN_SUCCESS && i < n; i++)
			console_putc_locked(chunk[i]);
		done += n;
	}
	console_unlock();
	return kr;
}
