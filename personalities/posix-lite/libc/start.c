/*
 * The start of a posix-lite program: before main (a preinit function,
 * after libmach's mach_init), the library asks the server for what its
 * spawner gave (lite_startup): its pid and its parent's, the root and
 * current directories' io ports, its descriptors, its umask and signal
 * mask.  From then on every call that needs only these is answered
 * here, without a message.  A program the server cannot start this way
 * (no server, or started twice) exits with status 127 at once.
 *
 * The note "posix-lite" (a SHT_NOTE section, which stripping keeps)
 * marks every program linked with this library: the UNIX server's exec
 * runs such a program through /bin/lite, and the posix-lite server's
 * spawn of a program without it asks the UNIX server to run it.
 */
#include "lite_glue.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/mach_traps.h>
#include <unistd.h>

__asm__(".section .note.posix-lite, \"a\", @note\n"
	".balign 4\n"
	".long 2f - 1f, 0, 1\n" /* name size, no descriptor, type */
	"1: .asciz \"posix-lite\"\n"
	"2: .balign 4\n"
	".previous\n");

struct lite_state lite_state;
mach_mutex_t lite_lock = MACH_MUTEX_INITIALIZER;

int
lite_fail(int error)
{
	errno = error;
	return -1;
}

int
lite_errno(kern_return_t kr, int error)
{
	if (kr == KERN_SUCCESS)
		return error;
	if (kr == MACH_SEND_INVALID_MEMORY || kr == MACH_SEND_INVALID_DATA)
		return EFAULT;
	if (kr == MACH_SEND_INVALID_DEST || kr == MIG_SERVER_DIED)
		return EBADF;
	return EIO;
}

/* (Not static: lite-cc links it in with -u, since nothing calls it.) */
void lite_start(void);

void
lite_start(void)
{
	struct lite_state *s = &lite_state;
	mach_port_t files[LITE_FD_MAX];
	mach_msg_type_number_t count = LITE_FD_MAX;
	int error, umask;
	uint64_t sigmask;
	kern_return_t kr = lite_startup(lite_port(), &error, &s->ls_pid,
					&s->ls_ppid, &s->ls_root, &s->ls_cwd,
					files, &count, &umask, &sigmask);

	if (kr != KERN_SUCCESS || error != 0) {
		static const char message[] =
		    "posix-lite: not started by the posix-lite server\n";
		write(2, message, sizeof(message) - 1);
		_exit(127);
	}
	for (mach_msg_type_number_t fd = 0; fd < count && fd < LITE_FD_MAX;
	     fd++) {
		s->ls_files[fd] = files[fd];
	}
	s->ls_umask = umask & 0777;
	lite_signal_init(sigmask);
}

__attribute__((section(".preinit_array"),
	       used)) static void (*lite_start_entry)(void) = lite_start;
