/*
 * Loading a static ELF64 executable into a new task.
 *
 *	exec_check	is this a loadable executable? 0 or ENOEXEC
 *	exec_is_lite	is it a posix-lite program (lite-cc's note)?
 *	exec_load	a new task with its segments and its initial stack
 *	exec_script	a "#!" script's interpreter and its argument
 *
 * What is accepted (anything else is ENOEXEC, decided before any task
 * exists): ELFCLASS64, little-endian, ET_EXEC, EM_X86_64, program
 * headers of the expected size inside the file, 1..EXEC_SEGMENTS_MAX
 * PT_LOAD segments whose file bytes lie inside the file, filesz <=
 * memsz, inside the user range, no two sharing a page, and an entry
 * point inside an executable segment.  The segments are mapped from the
 * file's memory object (pager.c) copy-on-write, so that a page is read
 * from the file only when the program touches it; the page where a
 * segment's file bytes end and its bss begins is copied (vm_write into
 * zero memory), and so is a segment whose file offset and address
 * differ within a page, or every segment when there is no object.  Then
 * each segment is vm_protect'ed to its p_flags.
 *
 * The stack: UNIX_STACK_SIZE below EXEC_STACK_TOP, holding (from the
 * stack pointer up) argc, argv[], NULL, envp[], NULL, an auxv (AT_PAGESZ,
 * AT_ENTRY, AT_NULL), then the strings; the System V layout, which
 * libmach's crt0 reads.
 */
#include "unix.h"

#include <elf.h>
#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/task.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdlib.h>
#include <string.h>

#define EXEC_SEGMENTS_MAX 16
#define EXEC_PAGE	  4096ul
#define EXEC_USER_MIN	  0x1000ul
#define EXEC_USER_MAX	  0x00007f0000000000ul /* below the stack */
#define EXEC_STACK_TOP	  0x00007fffffe00000ul
#define EXEC_TRUNC(x)	  ((x) & ~(EXEC_PAGE - 1))
#define EXEC_ROUND(x)	  (((x) + EXEC_PAGE - 1) & ~(EXEC_PAGE - 1))

/* The PT_LOAD headers of a checked image. */
struct exec_segments {
	int es_count;
	const Elf64_Phdr *es_phdr[EXEC_SEGMENTS_MAX];
};

static int
exec_check_header(const Elf64_Ehdr *eh, size_t size)
{
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_EXEC ||
	    eh->e_machine != EM_X86_64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phoff > size ||
	    (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum ||
	    eh->e_phoff % 8 != 0)
		return ENOEXEC;
	return 0;
}

static int
exec_check_segment(const Elf64_Phdr *ph, size_t size)
{
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset ||
	    ph->p_filesz > ph->p_memsz || ph->p_vaddr < EXEC_USER_MIN ||
	    ph->p_vaddr > EXEC_USER_MAX ||
	    ph->p_memsz > EXEC_USER_MAX - ph->p_vaddr || ph->p_memsz == 0)
		return ENOEXEC;
	return 0;
}

/* Checks the image; its PT_LOAD headers into *segments. */
static int
exec_segments(const char *data, size_t size, struct exec_segments *segs)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;
	int executable_entry = 0;

	if (exec_check_header(eh, size) != 0)
		return ENOEXEC;
	segs->es_count = 0;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(data + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD)
			continue;
		if (segs->es_count == EXEC_SEGMENTS_MAX ||
		    exec_check_segment(ph, size) != 0)
			return ENOEXEC;
		for (int j = 0; j < segs->es_count; j++) {
			const Elf64_Phdr *o = segs->es_phdr[j];
			if (EXEC_TRUNC(ph->p_vaddr) <
				EXEC_ROUND(o->p_vaddr + o->p_memsz) &&
			    EXEC_TRUNC(o->p_vaddr) <
				EXEC_ROUND(ph->p_vaddr + ph->p_memsz))
				return ENOEXEC; /* they share a page */
		}
		if ((ph->p_flags & PF_X) && eh->e_entry >= ph->p_vaddr &&
		    eh->e_entry - ph->p_vaddr < ph->p_memsz)
			executable_entry = 1;
		segs->es_phdr[segs->es_count++] = ph;
	}
	return segs->es_count > 0 && executable_entry ? 0 : ENOEXEC;
}

int
exec_check(const char *data, size_t size)
{
	struct exec_segments segs;

	/* The archive's copy is malloc'ed: 16-byte aligned. */
	return exec_segments(data, size, &segs);
}

#define EXEC_LITE_NOTE "posix-lite"

int
exec_is_lite(const char *data, size_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;

	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
	    eh->e_shoff % 8 != 0 ||
	    (size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum)
		return 0;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(data + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++, sh++) {
		if (sh->sh_type != SHT_NOTE || sh->sh_offset > size ||
		    sh->sh_size > size - sh->sh_offset)
			continue;
		const char *note = data + sh->sh_offset;
		size_t left = sh->sh_size;
		while (left >= sizeof(Elf64_Nhdr)) {
			Elf64_Nhdr nh;
			memcpy(&nh, note, sizeof(nh));
			size_t name = ((size_t)nh.n_namesz + 3) & ~(size_t)3;
			size_t desc = ((size_t)nh.n_descsz + 3) & ~(size_t)3;
			note += sizeof(nh);
			left -= sizeof(nh);
			if (name > left || desc > left - name)
				break;
			if (nh.n_namesz == sizeof(EXEC_LITE_NOTE) &&
			    memcmp(note, EXEC_LITE_NOTE, nh.n_namesz) == 0)
				return 1;
			note += name + desc;
			left -= name + desc;
		}
	}
	return 0;
}

static vm_prot_t
exec_prot(Elf64_Word flags)
{
	return ((flags & PF_R) ? VM_PROT_READ : 0) |
	       ((flags & PF_W) ? VM_PROT_WRITE : 0) |
	       ((flags & PF_X) ? VM_PROT_EXECUTE : 0);
}

/*
 * The pages of a segment that come from the file's memory object:
 * [start, *end), at the file offset of start.  Whole pages of file bytes
 * (and, for a segment without bss, its last page whatever follows in
 * the file); the page where file bytes give way to bss is copied, since
 * its tail must read as zeros.  None if the segment's file offset and
 * address differ within a page, or there is no object.
 */
static vm_address_t
exec_mapped_end(const Elf64_Phdr *ph, mach_port_t object)
{
	vm_address_t start = EXEC_TRUNC(ph->p_vaddr);
	vm_address_t file_end = ph->p_vaddr + ph->p_filesz;

	if (!MACH_PORT_VALID(object) ||
	    (ph->p_vaddr - ph->p_offset) % EXEC_PAGE != 0)
		return start;
	return ph->p_filesz == ph->p_memsz ? EXEC_ROUND(file_end)
					   : EXEC_TRUNC(file_end);
}

static int
exec_load_segment(mach_port_t task, const char *data, mach_port_t object,
		  const Elf64_Phdr *ph)
{
	vm_address_t start = EXEC_TRUNC(ph->p_vaddr);
	vm_address_t end = EXEC_ROUND(ph->p_vaddr + ph->p_memsz);
	vm_address_t mapped_end = exec_mapped_end(ph, object);
	vm_address_t file_end = ph->p_vaddr + ph->p_filesz;

	/* copy-on-write from the file: paged in when touched */
	if (mapped_end > start &&
	    vm_map(task, &start, mapped_end - start, 0, FALSE, object,
		   EXEC_TRUNC(ph->p_offset), TRUE, VM_PROT_DEFAULT, VM_PROT_ALL,
		   VM_INHERIT_COPY) != KERN_SUCCESS)
		return ENOMEM;
	/* the rest: zeros, with the file bytes left copied in */
	vm_address_t copy_from =
	    mapped_end > ph->p_vaddr ? mapped_end : ph->p_vaddr;
	if (end > mapped_end && vm_allocate(task, &mapped_end, end - mapped_end,
					    FALSE) != KERN_SUCCESS)
		return ENOMEM;
	if (file_end > copy_from &&
	    vm_write(
		task, copy_from,
		(vm_offset_t)(data + ph->p_offset + (copy_from - ph->p_vaddr)),
		file_end - copy_from) != KERN_SUCCESS)
		return ENOMEM;
	if (vm_protect(task, start, end - start, FALSE,
		       exec_prot(ph->p_flags)) != KERN_SUCCESS)
		return ENOMEM;
	return 0;
}

/*
 * Builds the initial stack in a local image of its top and writes it
 * into the task; the stack pointer into *sp.  args: argc then envc
 * NUL-terminated strings (checked by the caller).
 */
static int
exec_load_stack(mach_port_t task, const char *args, size_t args_size, int argc,
		int envc, vm_address_t entry, vm_address_t *sp)
{
	size_t words = 1 + argc + 1 + envc + 1 + 6;
	size_t image_size = (words * 8 + args_size + 15 + 15) & ~(size_t)15;
	vm_address_t base = EXEC_STACK_TOP - UNIX_STACK_SIZE;

	if (image_size > UNIX_STACK_SIZE / 2)
		return E2BIG;
	if (vm_allocate(task, &base, UNIX_STACK_SIZE, FALSE) != KERN_SUCCESS)
		return ENOMEM;
	uint64_t *image = calloc(1, image_size);
	if (image == NULL)
		return ENOMEM;
	vm_address_t bottom = EXEC_STACK_TOP - image_size;
	vm_address_t strings = bottom + words * 8;
	memcpy((char *)image + words * 8, args, args_size);
	size_t w = 0;
	image[w++] = argc;
	const char *s = args;
	for (int i = 0; i < argc + envc; i++) {
		if (i == argc)
			image[w++] = 0;
		image[w++] = strings + (s - args);
		s += strlen(s) + 1;
	}
	if (argc + envc == argc)
		image[w++] = 0;
	image[w++] = 0;
	image[w++] = AT_PAGESZ;
	image[w++] = EXEC_PAGE;
	image[w++] = AT_ENTRY;
	image[w++] = entry;
	image[w++] = AT_NULL;
	image[w++] = 0;
	kern_return_t kr =
	    vm_write(task, bottom, (vm_offset_t)image, image_size);
	free(image);
	*sp = bottom;
	return kr == KERN_SUCCESS ? 0 : ENOMEM;
}

int
exec_load(const char *data, size_t size, mach_port_t object, const char *args,
	  size_t args_size, int argc, int envc, struct exec_image *image)
{
	struct exec_segments segs;
	mach_port_t task;
	int error;

	if ((error = exec_segments(data, size, &segs)) != 0)
		return error;
	if (task_create(mach_task_self(), FALSE, &task) != KERN_SUCCESS)
		return EAGAIN;
	for (int i = 0; i < segs.es_count && error == 0; i++)
		error = exec_load_segment(task, data, object, segs.es_phdr[i]);
	vm_address_t entry = ((const Elf64_Ehdr *)data)->e_entry;
	if (error == 0)
		error = exec_load_stack(task, args, args_size, argc, envc,
					entry, &image->ei_stack_pointer);
	if (error != 0) {
		task_terminate(task);
		mach_port_deallocate(mach_task_self(), task);
		return error;
	}
	image->ei_task = task;
	image->ei_entry = entry;
	return 0;
}

/*
 * "#!interpreter [argument]": the line ends at its newline or at
 * EXEC_SCRIPT_LINE bytes; blanks (spaces, tabs) separate the interpreter
 * from the argument, which is the rest of the line less its blanks at
 * either end, one argument however many words it has (as Linux does).
 */
int
exec_script(const char *data, size_t size, char *interpreter, char *argument)
{
	char line[EXEC_SCRIPT_LINE + 1];
	size_t n = 0;

	if (size < 2 || data[0] != '#' || data[1] != '!')
		return ENOEXEC;
	for (size_t i = 2; i < size && data[i] != '\n' && data[i] != '\0' &&
			   n < EXEC_SCRIPT_LINE;
	     i++)
		line[n++] = data[i] == '\t' ? ' ' : data[i];
	line[n] = '\0';
	char *start = line + strspn(line, " ");
	char *end = start + strcspn(start, " ");
	char *rest = end + strspn(end, " ");
	*end = '\0';
	size_t length = strlen(rest);
	while (length > 0 && rest[length - 1] == ' ')
		rest[--length] = '\0';
	if (*start == '\0')
		return ENOEXEC;
	strcpy(interpreter, start);
	strcpy(argument, rest);
	return 0;
}
