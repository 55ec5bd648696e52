/*
 * elf_check: validating a static ELF64 x86-64 executable before loading.
 *
 * Every field is read by copying it out of the image (which may be
 * unaligned), and every offset, size and count is checked against the
 * image size, written so that no sum or product can overflow.  The rules,
 * beyond the ELF header's identity (little-endian ELF64, version 1,
 * ET_EXEC, EM_X86_64, the standard header and entry sizes):
 *
 *  - the program header table lies inside the image; PT_INTERP is
 *    refused (no dynamic linking); program headers other than PT_LOAD are
 *    ignored;
 *  - at most ELF_MAX_SEGMENTS PT_LOAD segments, and at least one with a
 *    nonzero memory size (those of size zero are checked, then skipped);
 *  - each segment: filesz <= memsz, its file bytes inside the image, its
 *    p_align 0 or a power of two with vaddr == offset modulo p_align, and
 *    its pages [trunc_page(vaddr), round_page(vaddr + memsz)) inside
 *    [user_min, user_max) without wrapping around;
 *  - segments appear in increasing address order and no two share a
 *    page: the loader maps each segment's pages with that segment's
 *    protection alone.  Standard ld output (-z max-page-size=4096 or
 *    larger) satisfies this;
 *  - no segment is both writable and executable (W^X), which, with the
 *    rule above, means no page is;
 *  - the entry point lies inside an executable segment.
 */
#include <kern/debug.h>
#include <kern/elf.h>
#include <kern/string.h>
#include <machine/vm_param.h>

#define ELF_CLASS_64	   2  /* e_ident[EI_CLASS] */
#define ELF_DATA_LSB	   1  /* e_ident[EI_DATA]: little-endian */
#define ELF_VERSION	   1  /* e_ident[EI_VERSION] and e_version */
#define ELF_TYPE_EXEC	   2  /* e_type ET_EXEC */
#define ELF_MACHINE_X86_64 62 /* e_machine EM_X86_64 */
#define ELF_PN_XNUM	   0xffff

#define ELF_PT_LOAD   1
#define ELF_PT_INTERP 3

#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

/* The ELF64 file header (Elf64_Ehdr). */
struct elf_header {
	unsigned char e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

/* An ELF64 program header (Elf64_Phdr). */
struct elf_program_header {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

static_assert(sizeof(struct elf_header) == 64, "Elf64_Ehdr is 64 bytes");
static_assert(sizeof(struct elf_program_header) == 56,
	      "Elf64_Phdr is 56 bytes");

/* Checks the file header in *hdr, read from an image of size bytes. */
static const char *
elf_check_header(const struct elf_header *hdr, size_t size)
{
	if (hdr->e_ident[4] != ELF_CLASS_64)
		return "not a 64-bit ELF file";
	if (hdr->e_ident[5] != ELF_DATA_LSB)
		return "not a little-endian ELF file";
	if (hdr->e_ident[6] != ELF_VERSION || hdr->e_version != ELF_VERSION)
		return "unknown ELF version";
	if (hdr->e_type != ELF_TYPE_EXEC)
		return "not an executable (ET_EXEC) file";
	if (hdr->e_machine != ELF_MACHINE_X86_64)
		return "not an x86-64 ELF file";
	if (hdr->e_ehsize != sizeof(struct elf_header))
		return "bad ELF header size";
	if (hdr->e_phentsize != sizeof(struct elf_program_header))
		return "bad program header entry size";
	if (hdr->e_phnum == 0)
		return "no program headers";
	if (hdr->e_phnum == ELF_PN_XNUM)
		return "too many program headers";
	if (hdr->e_phoff > size ||
	    (uint64_t)hdr->e_phnum * hdr->e_phentsize > size - hdr->e_phoff)
		return "program headers lie outside the file";
	return NULL;
}

static int
elf_prot(uint32_t flags)
{
	return ((flags & ELF_PF_R) ? ELF_PROT_READ : 0) |
	       ((flags & ELF_PF_W) ? ELF_PROT_WRITE : 0) |
	       ((flags & ELF_PF_X) ? ELF_PROT_EXEC : 0);
}

/* Checks one PT_LOAD segment on its own. */
static const char *
elf_check_segment(const struct elf_program_header *ph, size_t size,
		  uint64_t user_min, uint64_t user_max)
{
	uint64_t end;

	if (ph->p_filesz > ph->p_memsz)
		return "segment file size exceeds its memory size";
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return "segment data lie outside the file";
	if ((ph->p_align & (ph->p_align - 1)) != 0)
		return "bad segment alignment";
	if (ph->p_align > 1 &&
	    ((ph->p_vaddr - ph->p_offset) & (ph->p_align - 1)) != 0)
		return "segment address and offset disagree modulo p_align";
	if (ph->p_memsz > UINT64_MAX - PAGE_MASK ||
	    ph->p_vaddr > UINT64_MAX - PAGE_MASK - ph->p_memsz)
		return "segment address wraps around";
	end = ph->p_vaddr + ph->p_memsz;
	if (trunc_page(ph->p_vaddr) < user_min || round_page(end) > user_max)
		return "segment outside user space";
	if ((ph->p_flags & ELF_PF_W) && (ph->p_flags & ELF_PF_X))
		return "segment both writable and executable";
	return NULL;
}

/*
 * Appends a checked, nonempty segment to info, refusing one that comes
 * before the previous segment or shares a page with it.
 */
static const char *
elf_add_segment(struct elf_info *info, const struct elf_program_header *ph)
{
	struct elf_segment *seg, *prev;

	if (info->ei_nsegments == ELF_MAX_SEGMENTS)
		return "too many loadable segments";
	if (info->ei_nsegments > 0) {
		prev = &info->ei_segments[info->ei_nsegments - 1];
		if (ph->p_vaddr < prev->es_vaddr)
			return "segments not in address order";
		if (trunc_page(ph->p_vaddr) <
		    round_page(prev->es_vaddr + prev->es_memsz))
			return "segments overlap";
	}
	seg = &info->ei_segments[info->ei_nsegments++];
	seg->es_vaddr = ph->p_vaddr;
	seg->es_memsz = ph->p_memsz;
	seg->es_offset = ph->p_offset;
	seg->es_filesz = ph->p_filesz;
	seg->es_prot = elf_prot(ph->p_flags);
	return NULL;
}

/* Reads and checks every program header, collecting the PT_LOADs. */
static const char *
elf_check_program_headers(const unsigned char *image, size_t size,
			  const struct elf_header *hdr, uint64_t user_min,
			  uint64_t user_max, struct elf_info *info)
{
	struct elf_program_header ph;
	const char *why;
	unsigned int i;

	for (i = 0; i < hdr->e_phnum; i++) {
		memcpy(&ph, image + hdr->e_phoff + (uint64_t)i * sizeof(ph),
		       sizeof(ph));
		if (ph.p_type == ELF_PT_INTERP)
			return "needs a dynamic linker (PT_INTERP)";
		if (ph.p_type != ELF_PT_LOAD)
			continue;
		why = elf_check_segment(&ph, size, user_min, user_max);
		if (why == NULL && ph.p_memsz > 0)
			why = elf_add_segment(info, &ph);
		if (why != NULL)
			return why;
	}
	if (info->ei_nsegments == 0)
		return "no loadable segment";
	return NULL;
}

/* Checks that entry lies inside an executable segment of info. */
static const char *
elf_check_entry(const struct elf_info *info, uint64_t entry)
{
	const struct elf_segment *seg;
	int i;

	for (i = 0; i < info->ei_nsegments; i++) {
		seg = &info->ei_segments[i];
		if ((seg->es_prot & ELF_PROT_EXEC) && entry >= seg->es_vaddr &&
		    entry - seg->es_vaddr < seg->es_memsz)
			return NULL;
	}
	return "entry point outside executable segments";
}

/*
 * Checks that image[0..size) is a static ELF64 x86-64 executable that can
 * be loaded into [user_min, user_max) (bounds page-aligned), by the rules
 * in the comment at the top of this file.  Reads nothing outside the
 * image, and needs no lock.
 *
 * Returns KERN_SUCCESS with *info filled in (segments in address order),
 * or KERN_INVALID_ARGUMENT with *why set to a static sentence; *info is
 * then left in an unspecified state.
 */
kern_return_t
elf_check(const void *image, size_t size, uint64_t user_min, uint64_t user_max,
	  struct elf_info *info, const char **why)
{
	static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};
	struct elf_header hdr;

	assert(image != NULL || size == 0);
	assert(info != NULL);
	assert(why != NULL);
	assert(user_min <= user_max);

	info->ei_nsegments = 0;
	*why = NULL;
	if (size < sizeof(magic) || memcmp(image, magic, sizeof(magic)) != 0)
		*why = "not an ELF file";
	else if (size < sizeof(hdr))
		*why = "truncated ELF header";
	if (*why != NULL)
		return KERN_INVALID_ARGUMENT;

	memcpy(&hdr, image, sizeof(hdr));
	*why = elf_check_header(&hdr, size);
	if (*why == NULL)
		*why = elf_check_program_headers(image, size, &hdr, user_min,
						 user_max, info);
	if (*why == NULL)
		*why = elf_check_entry(info, hdr.e_entry);
	if (*why != NULL)
		return KERN_INVALID_ARGUMENT;
	info->ei_entry = hdr.e_entry;
	return KERN_SUCCESS;
}
