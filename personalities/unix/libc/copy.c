/*
 * unix_copy: the library's copy of the program's memory for the calls
 * whose bytes travel inline in the messages (read and write of at most
 * UNIX_INLINE_MAX bytes, syscalls.c), where no kernel checks the
 * program's pointer.  A fault in it, at a bad address the program gave,
 * does not become a signal: the server, told once per program image
 * where the routine lies (unix_copy_recovery), resumes the thread at the
 * recovery point, which returns EFAULT.  It is written in assembly so
 * that the only instruction that can fault, and the stack at that
 * point, are known: rep movsb, with no frame, and the recovery point
 * returns from where it stands.
 *
 *	unix_copy	count bytes from from to to: 0, or EFAULT
 *	unix_copy_ready	is the server told?  (1: unix_copy may be used)
 */
#include "unix_glue.h"

#include <errno.h>

void unix_copy_end(void); /* the recovery point, past the copy */

/* The recovery point's EFAULT, newlib's. */
_Static_assert(EFAULT == 14, "unix_copy_end returns 14");

__asm__(".text\n"
	".globl unix_copy\n"
	".type unix_copy, @function\n"
	"unix_copy:\n"
	"	mov %rdx, %rcx\n"
	"	rep movsb\n"
	"	xor %eax, %eax\n"
	"	ret\n"
	".globl unix_copy_end\n"
	"unix_copy_end:\n"
	"	mov $14, %eax\n"
	"	ret\n"
	".size unix_copy, . - unix_copy\n");

/* Set in the image once the server knows it (a forked child's server
 * state is its parent's, as is this). */
static int unix_copy_told;

int
unix_copy_ready(void)
{
	int error;

	if (!unix_copy_told &&
	    unix_copy_recovery(unix_port(), (vm_address_t)unix_copy,
			       (vm_address_t)unix_copy_end,
			       (vm_address_t)unix_copy_end,
			       &error) == KERN_SUCCESS &&
	    error == 0)
		unix_copy_told = 1;
	return unix_copy_told;
}
