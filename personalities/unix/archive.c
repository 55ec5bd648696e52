/*
 * archive: the boot module that carries the UNIX server's RAM file
 * system.  The kernel loads only ELF programs as modules, so the cpio
 * archive (made by personalities/unix/unix.mk) is linked into this
 * small program (archive_data.S), which finds the server through the
 * name service ("unix", waiting until it is registered), hands the
 * archive over out of line in pieces (unix_boot_archive) and exits.
 */
#include <mach/bootstrap.h>
#include <mach/mach_ipc.h>
#include <stdio.h>
#include <unix/unix.h>

extern const char unix_archive_start[], unix_archive_end[];

int
main(void)
{
	mach_port_t server;
	int error = 0;
	kern_return_t kr = bootstrap_look_up(bootstrap_port, "unix", &server);

	if (kr != KERN_SUCCESS) {
		printf("archive: no unix server: 0x%x\n", kr);
		return 1;
	}
	const char *piece = unix_archive_start;
	do {
		size_t left = unix_archive_end - piece;
		size_t size =
		    left < UNIX_ARCHIVE_PIECE ? left : UNIX_ARCHIVE_PIECE;
		kr = unix_boot_archive(server, (char *)piece, size,
				       size == left, &error);
		piece += size;
	} while (kr == KERN_SUCCESS && error == 0 && piece < unix_archive_end);
	if (kr != KERN_SUCCESS || error != 0) {
		printf("archive: refused: 0x%x, error %d\n", kr, error);
		return 1;
	}
	return 0;
}
