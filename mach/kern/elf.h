/*
 * Checking and reading a static ELF64 executable (a boot module, later an
 * exec'd program) before anything is mapped.
 *
 * elf_check reads only the image bytes it is given and trusts nothing in
 * them: every offset, size and count is checked against the image size
 * and the user address range, with overflow in mind.  If it succeeds, the
 * loader can copy each segment without further checks.
 */
#ifndef KERN_ELF_H
#define KERN_ELF_H

#include <mach/kern_return.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

#define ELF_PROT_READ  1
#define ELF_PROT_WRITE 2
#define ELF_PROT_EXEC  4

struct elf_segment {
	uint64_t es_vaddr;  /* where the segment starts in memory */
	uint64_t es_memsz;  /* bytes in memory (the tail past filesz is zero) */
	uint64_t es_offset; /* where its bytes start in the image */
	uint64_t es_filesz; /* bytes taken from the image */
	int es_prot;	    /* ELF_PROT_* */
};

struct elf_info {
	uint64_t ei_entry;
	int ei_nsegments; /* PT_LOAD segments, in address order */
	struct elf_segment ei_segments[ELF_MAX_SEGMENTS];
};

/*
 * Checks that image[0..size) is a little-endian ELF64 x86-64 executable
 * (ET_EXEC) whose loadable segments lie inside [user_min, user_max) (both
 * page-aligned), come in address order without sharing a page, are never
 * both writable and executable, have filesz <= memsz and their bytes
 * inside the image, and whose entry point is inside an executable
 * segment.  PT_INTERP is refused; PT_LOAD segments with memsz 0 are left
 * out of *info (the full rules are in kern/elf.c).
 *
 * Returns KERN_SUCCESS and fills *info, or KERN_INVALID_ARGUMENT with
 * *why pointing at a static sentence saying what is wrong.
 */
kern_return_t elf_check(const void *image, size_t size, uint64_t user_min,
			uint64_t user_max, struct elf_info *info,
			const char **why);

#endif /* KERN_ELF_H */
