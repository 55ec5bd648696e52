/* The boot archive's bytes (UNIX_ARCHIVE: its path), for archive.c. */
	.section .rodata
	.balign 4096
	.globl unix_archive_start, unix_archive_end
unix_archive_start:
	.incbin UNIX_ARCHIVE
unix_archive_end:
	.section .note.GNU-stack,"",@progbits
