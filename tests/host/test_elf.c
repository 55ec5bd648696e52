/*
 * Host unit tests of elf_check (mach/kern/elf.c).
 *
 * A good image is built by hand with the host's <elf.h> (an independent
 * statement of the layout); each test spoils one thing in it and checks
 * the reason given.  A mutation loop flips bytes of the good image many
 * times: elf_check must never read outside the image (the asan build of
 * this test catches that) and whatever it accepts must obey every rule.
 * Last, a real static executable linked by the host's gcc and ld at
 * build time (elf_sample.c) must be accepted as the host's <elf.h> reads
 * it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <elf.h>

#include "host_support.h"
#include <kern/elf.h>
#include <machine/vm_param.h>

#define GOOD_SIZE  0x3040
#define GOOD_PHNUM 5
#define GOOD_ENTRY 0x401010

static const Elf64_Phdr good_phdrs[GOOD_PHNUM] = {
    {PT_LOAD, PF_R, 0, 0x400000, 0x400000, 0x158, 0x158, 0x1000},
    {PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x401000, 0x100, 0x100, 0x1000},
    {PT_LOAD, PF_R, 0x2000, 0x402000, 0x402000, 0x80, 0x80, 0x1000},
    {PT_LOAD, PF_R | PF_W, 0x3000, 0x403000, 0x403000, 0x40, 0x2000, 0x1000},
    {PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0, 0x10},
};

/* An image: the bytes, their size, and the headers inside them. */
struct image {
	unsigned char *bytes;
	size_t size;
	Elf64_Ehdr *ehdr;
	Elf64_Phdr *phdr;
};

static struct image img;

static void
image_build(size_t size, unsigned int phnum)
{
	free(img.bytes);
	img.size = size;
	img.bytes = malloc(size);
	for (size_t i = 0; i < size; i++)
		img.bytes[i] = (unsigned char)(i * 7);
	img.ehdr = (Elf64_Ehdr *)img.bytes;
	img.phdr = (Elf64_Phdr *)(img.bytes + sizeof(Elf64_Ehdr));
	memset(img.ehdr, 0, sizeof(*img.ehdr));
	memcpy(img.ehdr->e_ident, ELFMAG, SELFMAG);
	img.ehdr->e_ident[EI_CLASS] = ELFCLASS64;
	img.ehdr->e_ident[EI_DATA] = ELFDATA2LSB;
	img.ehdr->e_ident[EI_VERSION] = EV_CURRENT;
	img.ehdr->e_type = ET_EXEC;
	img.ehdr->e_machine = EM_X86_64;
	img.ehdr->e_version = EV_CURRENT;
	img.ehdr->e_entry = GOOD_ENTRY;
	img.ehdr->e_phoff = sizeof(Elf64_Ehdr);
	img.ehdr->e_ehsize = sizeof(Elf64_Ehdr);
	img.ehdr->e_phentsize = sizeof(Elf64_Phdr);
	img.ehdr->e_phnum = phnum;
}

static int
setup_good(void **state)
{
	(void)state;
	image_build(GOOD_SIZE, GOOD_PHNUM);
	memcpy(img.phdr, good_phdrs, sizeof(good_phdrs));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(img.bytes);
	img.bytes = NULL;
	return 0;
}

static struct elf_info info;

static const char *
check_size(size_t size)
{
	const char *why = "unset";
	kern_return_t kr;

	memset(&info, 0x5a, sizeof(info));
	kr = elf_check(img.bytes, size, USER_MIN_ADDRESS, USER_MAX_ADDRESS,
		       &info, &why);
	if (kr == KERN_SUCCESS)
		return NULL;
	assert_int_equal(kr, KERN_INVALID_ARGUMENT);
	assert_non_null(why);
	return why;
}

static const char *
check(void)
{
	return check_size(img.size);
}

#define assert_refused(text) assert_string_equal(check(), (text))

static void
test_good_image(void **state)
{
	static const int prot[] = {ELF_PROT_READ, ELF_PROT_READ | ELF_PROT_EXEC,
				   ELF_PROT_READ,
				   ELF_PROT_READ | ELF_PROT_WRITE};

	(void)state;
	assert_null(check());
	assert_int_equal(info.ei_entry, GOOD_ENTRY);
	assert_int_equal(info.ei_nsegments, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(info.ei_segments[i].es_vaddr,
				 good_phdrs[i].p_vaddr);
		assert_int_equal(info.ei_segments[i].es_memsz,
				 good_phdrs[i].p_memsz);
		assert_int_equal(info.ei_segments[i].es_offset,
				 good_phdrs[i].p_offset);
		assert_int_equal(info.ei_segments[i].es_filesz,
				 good_phdrs[i].p_filesz);
		assert_int_equal(info.ei_segments[i].es_prot, prot[i]);
	}
}

/* Headers at odd offsets, in an image at an odd address. */
static void
test_good_image_unaligned(void **state)
{
	unsigned char *copy = malloc(GOOD_SIZE + 1);
	const char *why = NULL;
	Elf64_Ehdr ehdr;

	(void)state;
	memcpy(&ehdr, img.bytes, sizeof(ehdr));
	ehdr.e_phoff = 0x1b1;
	memcpy(img.bytes, &ehdr, sizeof(ehdr));
	memcpy(img.bytes + 0x1b1, good_phdrs, sizeof(good_phdrs));
	memcpy(copy + 1, img.bytes, GOOD_SIZE);
	assert_int_equal(elf_check(copy + 1, GOOD_SIZE, USER_MIN_ADDRESS,
				   USER_MAX_ADDRESS, &info, &why),
			 KERN_SUCCESS);
	assert_int_equal(info.ei_nsegments, 4);
	free(copy);
}

static void
test_bad_magic(void **state)
{
	(void)state;
	img.bytes[1] = 'e';
	assert_refused("not an ELF file");
}

static void
test_zero_length(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_string_equal(check_size(0), "not an ELF file");
	assert_int_equal(
	    elf_check(NULL, 0, USER_MIN_ADDRESS, USER_MAX_ADDRESS, &info, &why),
	    KERN_INVALID_ARGUMENT);
	assert_string_equal(why, "not an ELF file");
	assert_string_equal(check_size(3), "not an ELF file");
}

static void
test_truncated_header(void **state)
{
	(void)state;
	assert_string_equal(check_size(4), "truncated ELF header");
	assert_string_equal(check_size(63), "truncated ELF header");
	assert_string_equal(check_size(64),
			    "program headers lie outside the file");
}

static void
test_class_32(void **state)
{
	(void)state;
	img.ehdr->e_ident[EI_CLASS] = ELFCLASS32;
	assert_refused("not a 64-bit ELF file");
}

static void
test_big_endian(void **state)
{
	(void)state;
	img.ehdr->e_ident[EI_DATA] = ELFDATA2MSB;
	assert_refused("not a little-endian ELF file");
}

static void
test_bad_version(void **state)
{
	(void)state;
	img.ehdr->e_version = 2;
	assert_refused("unknown ELF version");
}

static void
test_wrong_machine(void **state)
{
	(void)state;
	img.ehdr->e_machine = EM_386;
	assert_refused("not an x86-64 ELF file");
}

static void
test_dynamic_type(void **state)
{
	(void)state;
	img.ehdr->e_type = ET_DYN;
	assert_refused("not an executable (ET_EXEC) file");
}

static void
test_bad_header_sizes(void **state)
{
	(void)state;
	img.ehdr->e_ehsize = 52;
	assert_refused("bad ELF header size");
	img.ehdr->e_ehsize = sizeof(Elf64_Ehdr);
	img.ehdr->e_phentsize = 32;
	assert_refused("bad program header entry size");
}

static void
test_phnum(void **state)
{
	(void)state;
	img.ehdr->e_phnum = 0;
	assert_refused("no program headers");
	img.ehdr->e_phnum = PN_XNUM;
	assert_refused("too many program headers");
}

static void
test_phoff_beyond_file(void **state)
{
	(void)state;
	img.ehdr->e_phoff = GOOD_SIZE + 1;
	assert_refused("program headers lie outside the file");
	img.ehdr->e_phoff = GOOD_SIZE - GOOD_PHNUM * sizeof(Elf64_Phdr) + 1;
	assert_refused("program headers lie outside the file");
	img.ehdr->e_phoff = UINT64_MAX - 8;
	assert_refused("program headers lie outside the file");
}

/* phnum * phentsize is far more than the file (and would wrap 16 bits). */
static void
test_phnum_overflow(void **state)
{
	(void)state;
	img.ehdr->e_phnum = 0xfffe;
	assert_refused("program headers lie outside the file");
}

static void
test_segment_data_beyond_file(void **state)
{
	(void)state;
	img.phdr[3].p_filesz = 0x41;
	assert_refused("segment data lie outside the file");
	img.phdr[3].p_filesz = 0x40;
	img.phdr[3].p_offset = UINT64_MAX - 0x3f;
	img.phdr[3].p_vaddr = 0x403000 - 0x40; /* keeps the alignment */
	assert_refused("segment data lie outside the file");
}

static void
test_filesz_above_memsz(void **state)
{
	(void)state;
	img.phdr[1].p_memsz = 0xff;
	assert_refused("segment file size exceeds its memory size");
}

static void
test_segment_beyond_user_max(void **state)
{
	(void)state;
	img.phdr[3].p_vaddr = USER_MAX_ADDRESS - 0x1000;
	img.phdr[3].p_offset = 0x3000;
	assert_refused("segment outside user space");
	img.phdr[3].p_memsz = 0x1000;
	assert_null(check());
}

static void
test_segment_below_user_min(void **state)
{
	(void)state;
	img.phdr[0].p_vaddr = 0;
	assert_refused("segment outside user space");
}

static void
test_segment_wraps(void **state)
{
	(void)state;
	img.phdr[3].p_vaddr = 0xfffffffffffff000ull;
	assert_refused("segment address wraps around");
	img.phdr[3].p_vaddr = 0x403000;
	img.phdr[3].p_memsz = UINT64_MAX;
	assert_refused("segment address wraps around");
	/* Fits in 64 bits, but its last page does not. */
	img.phdr[3].p_vaddr = 0xffffffffffffe000ull;
	img.phdr[3].p_memsz = 0x1800;
	assert_refused("segment address wraps around");
}

static void
test_overlapping_segments(void **state)
{
	(void)state;
	img.phdr[2].p_vaddr = 0x401080;
	img.phdr[2].p_offset = 0x2080;
	assert_refused("segments overlap");
	/* Disjoint bytes, but the same page. */
	img.phdr[2].p_vaddr = 0x401800;
	img.phdr[2].p_offset = 0x2800;
	assert_refused("segments overlap");
}

static void
test_segments_out_of_order(void **state)
{
	(void)state;
	img.phdr[1] = good_phdrs[2];
	img.phdr[2] = good_phdrs[1];
	assert_refused("segments not in address order");
}

static void
test_entry_outside_exec(void **state)
{
	(void)state;
	img.ehdr->e_entry = 0x402010; /* read-only data */
	assert_refused("entry point outside executable segments");
	img.ehdr->e_entry = 0x401100; /* just past the text */
	assert_refused("entry point outside executable segments");
	img.ehdr->e_entry = 0x401000;
	assert_null(check());
	img.ehdr->e_entry = 0;
	assert_refused("entry point outside executable segments");
}

static void
test_writable_and_executable(void **state)
{
	(void)state;
	img.phdr[1].p_flags = PF_R | PF_W | PF_X;
	assert_refused("segment both writable and executable");
}

static void
test_interpreter(void **state)
{
	(void)state;
	img.phdr[4].p_type = PT_INTERP;
	assert_refused("needs a dynamic linker (PT_INTERP)");
}

static void
test_bad_alignment(void **state)
{
	(void)state;
	img.phdr[2].p_align = 0x1800;
	assert_refused("bad segment alignment");
	img.phdr[2].p_align = 0x1000;
	img.phdr[2].p_offset = 0x2010;
	assert_refused("segment address and offset disagree modulo p_align");
	img.phdr[2].p_align = 0;
	assert_null(check());
}

static void
test_no_loadable_segment(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		img.phdr[i].p_type = PT_NOTE;
	assert_refused("no loadable segment");
}

/* A PT_LOAD with nothing in memory is checked, then left out. */
static void
test_empty_segment_skipped(void **state)
{
	(void)state;
	img.phdr[2].p_filesz = 0;
	img.phdr[2].p_memsz = 0;
	assert_null(check());
	assert_int_equal(info.ei_nsegments, 3);
	assert_int_equal(info.ei_segments[2].es_vaddr, 0x403000);
	img.phdr[2].p_offset = GOOD_SIZE + 1;
	assert_refused("segment data lie outside the file");
}

/* n one-page segments, the first one executable. */
static void
build_many_segments(unsigned int n)
{
	image_build(0x1000, n);
	for (unsigned int i = 0; i < n; i++) {
		Elf64_Phdr ph = {PT_LOAD, i == 0 ? PF_R | PF_X : PF_R,
				 0,	  0x400000 + i * 0x1000,
				 0,	  0x100,
				 0x800,	  0x1000};
		img.phdr[i] = ph;
	}
	img.ehdr->e_entry = 0x400000;
}

static void
test_too_many_segments(void **state)
{
	(void)state;
	build_many_segments(ELF_MAX_SEGMENTS);
	assert_null(check());
	assert_int_equal(info.ei_nsegments, ELF_MAX_SEGMENTS);
	build_many_segments(ELF_MAX_SEGMENTS + 1);
	assert_refused("too many loadable segments");
}

/* Everything a successful elf_check promises, checked independently. */
static void
assert_info_sane(const struct elf_info *in, size_t size)
{
	const struct elf_segment *s, *prev = NULL;
	int exec_hit = 0;

	assert_true(in->ei_nsegments >= 1 &&
		    in->ei_nsegments <= ELF_MAX_SEGMENTS);
	for (int i = 0; i < in->ei_nsegments; i++, prev = s) {
		s = &in->ei_segments[i];
		assert_true(s->es_filesz <= s->es_memsz);
		assert_true(s->es_offset <= size &&
			    s->es_filesz <= size - s->es_offset);
		assert_true(s->es_memsz > 0);
		assert_true(s->es_vaddr >= USER_MIN_ADDRESS);
		assert_true(s->es_memsz <= USER_MAX_ADDRESS - s->es_vaddr);
		assert_false((s->es_prot & ELF_PROT_WRITE) &&
			     (s->es_prot & ELF_PROT_EXEC));
		if (prev != NULL)
			assert_true(
			    trunc_page(s->es_vaddr) >=
			    round_page(prev->es_vaddr + prev->es_memsz));
		if ((s->es_prot & ELF_PROT_EXEC) &&
		    in->ei_entry >= s->es_vaddr &&
		    in->ei_entry - s->es_vaddr < s->es_memsz)
			exec_hit = 1;
	}
	assert_true(exec_hit);
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 33;
}

static const uint64_t interesting[] = {0,
				       1,
				       0x38,
				       0x40,
				       0xfff,
				       0x1000,
				       0x7fffffff,
				       0xffffffff,
				       0x400000,
				       GOOD_SIZE,
				       0x00007ffffffff000ull,
				       0x7fffffffffffffffull,
				       0xfffffffffffff000ull,
				       UINT64_MAX};

/* Spoils a copy of the good image in one to four places. */
static void
mutate(unsigned char *bytes, size_t size)
{
	int changes = 1 + rng() % 4;

	for (int i = 0; i < changes && size > 0; i++) {
		/* Mostly the headers: that is where the checks are. */
		size_t span = rng() % 8 ? 64 + GOOD_PHNUM * 56 : size;
		size_t at = rng() % (span < size ? span : size);
		uint64_t v;

		switch (rng() % 3) {
		case 0:
			bytes[at] ^= 1u << (rng() % 8);
			break;
		case 1:
			bytes[at] = rng();
			break;
		default:
			at &= ~(size_t)7;
			v = interesting[rng() % (sizeof(interesting) / 8)];
			if (at + 8 <= size)
				memcpy(bytes + at, &v, 8);
			break;
		}
	}
}

static void
test_mutations(void **state)
{
	const char *why;
	int accepted = 0;

	(void)state;
	rng_state = 7;
	for (int iter = 0; iter < 40000; iter++) {
		/* Sometimes cut the image short too. */
		size_t size = rng() % 16 ? GOOD_SIZE : rng() % GOOD_SIZE;
		unsigned char *copy = malloc(size ? size : 1);

		memcpy(copy, img.bytes, size);
		mutate(copy, size);
		if (elf_check(copy, size, USER_MIN_ADDRESS, USER_MAX_ADDRESS,
			      &info, &why) == KERN_SUCCESS) {
			assert_info_sane(&info, size);
			accepted++;
		} else {
			assert_non_null(why);
		}
		free(copy);
	}
	/* Some mutations are harmless (padding, unchecked fields). */
	assert_true(accepted > 0);
}

static void *
read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *bytes;
	long n;

	*size = 0;
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	bytes = malloc(n);
	if (fread(bytes, 1, n, f) != (size_t)n) {
		free(bytes);
		bytes = NULL;
	}
	fclose(f);
	*size = n;
	return bytes;
}

static void
test_real_executable(void **state)
{
	const Elf64_Ehdr *ehdr;
	const Elf64_Phdr *ph;
	const char *why = NULL;
	unsigned char *bytes;
	size_t size;
	int n = 0;

	(void)state;
	bytes = read_file(ELF_SAMPLE_PATH, &size);
	assert_non_null(bytes);
	assert_int_equal(elf_check(bytes, size, USER_MIN_ADDRESS,
				   USER_MAX_ADDRESS, &info, &why),
			 KERN_SUCCESS);
	ehdr = (const Elf64_Ehdr *)bytes;
	assert_int_equal(info.ei_entry, ehdr->e_entry);
	ph = (const Elf64_Phdr *)(bytes + ehdr->e_phoff);
	for (int i = 0; i < ehdr->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		assert_int_equal(info.ei_segments[n].es_vaddr, ph[i].p_vaddr);
		assert_int_equal(info.ei_segments[n].es_memsz, ph[i].p_memsz);
		assert_int_equal(info.ei_segments[n].es_offset, ph[i].p_offset);
		assert_int_equal(info.ei_segments[n].es_filesz, ph[i].p_filesz);
		n++;
	}
	assert_int_equal(info.ei_nsegments, n);
	assert_true(n >= 3); /* text, read-only data, data and bss */
	assert_int_equal(
	    elf_check(bytes, size, USER_MIN_ADDRESS, 0x400000, &info, &why),
	    KERN_INVALID_ARGUMENT);
	assert_string_equal(why, "segment outside user space");
	assert_int_equal(elf_check(bytes, ehdr->e_phoff + 8, USER_MIN_ADDRESS,
				   USER_MAX_ADDRESS, &info, &why),
			 KERN_INVALID_ARGUMENT);
	assert_string_equal(why, "program headers lie outside the file");
	free(bytes);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup_good, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_good_image),
	    T(test_good_image_unaligned),
	    T(test_bad_magic),
	    T(test_zero_length),
	    T(test_truncated_header),
	    T(test_class_32),
	    T(test_big_endian),
	    T(test_bad_version),
	    T(test_wrong_machine),
	    T(test_dynamic_type),
	    T(test_bad_header_sizes),
	    T(test_phnum),
	    T(test_phoff_beyond_file),
	    T(test_phnum_overflow),
	    T(test_segment_data_beyond_file),
	    T(test_filesz_above_memsz),
	    T(test_segment_beyond_user_max),
	    T(test_segment_below_user_min),
	    T(test_segment_wraps),
	    T(test_overlapping_segments),
	    T(test_segments_out_of_order),
	    T(test_entry_outside_exec),
	    T(test_writable_and_executable),
	    T(test_interpreter),
	    T(test_bad_alignment),
	    T(test_no_loadable_segment),
	    T(test_empty_segment_skipped),
	    T(test_too_many_segments),
	    T(test_mutations),
	    T(test_real_executable),
	};

	return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
