/*
 * Machine start-up: from boot.S's jump to the higher half to
 * kernel_bootstrap.
 *
 * Entry point: x86_64_bootstrap(magic, info), called once on the boot
 * stack with interrupts disabled.  It reads the boot loader's information
 * (multiboot1 from QEMU -kernel, multiboot2 from GRUB2) into a struct
 * boot_info before any memory is handed out, frees every page of RAM not
 * used by the kernel image or the modules, and brings up the processor,
 * paging and the timer.
 *
 * Only RAM below 4 GiB is used for now: boot.S's direct map covers 4 GiB.
 */
#include <kern/console.h>
#include <kern/debug.h>
#include <kern/printf.h>
#include <kern/startup.h>
#include <kern/string.h>
#include <machine/cpu_data.h>
#include <machine/lapic.h>
#include <machine/machine.h>
#include <machine/thread.h>
#include <machine/trap.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>

#define MB1_BOOT_MAGIC	  0x2badb002
#define MB2_BOOT_MAGIC	  0x36d76289
#define MB1_INFO_CMDLINE  (1 << 2)
#define MB1_INFO_MODULES  (1 << 3)
#define MB1_INFO_MMAP	  (1 << 6)
#define MB2_TAG_END	  0
#define MB2_TAG_CMDLINE	  1
#define MB2_TAG_MODULE	  3
#define MB2_TAG_MMAP	  6
#define MEMORY_AVAILABLE  1
#define REGIONS_MAX	  64
#define LOW_MEMORY_END	  0x100000ul
#define USABLE_MEMORY_END (4ul << 30)

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb1_module {
	uint32_t start, end, cmdline, reserved;
} __attribute__((packed));

struct mb1_mmap_entry {
	uint32_t size; /* of the rest of the entry */
	uint64_t base, length;
	uint32_t type;
} __attribute__((packed));

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_mmap_entry {
	uint64_t base, length;
	uint32_t type, reserved;
};

static struct boot_info boot_info;
static struct phys_region regions[REGIONS_MAX];
static int region_count;

extern char _kernel_phys_start[], _kernel_end[];

static void
boot_copy_string(char *dst, phys_addr_t src)
{
	const char *s = phystokv(src);
	size_t i = 0;

	for (; src != 0 && s[i] != '\0' && i < BOOT_CMDLINE_MAX - 1; i++)
		dst[i] = s[i];
	dst[i] = '\0';
	if (src != 0 && s[i] != '\0')
		kprintf("kernel: a boot command line is longer than %d bytes; "
			"cut to \"%s\"\n",
			BOOT_CMDLINE_MAX - 1, dst);
}

static void
boot_add_module(phys_addr_t start, phys_addr_t end, phys_addr_t cmdline)
{
	if (boot_info.bi_module_count == BOOT_MODULES_MAX) {
		kprintf("kernel: more than %d boot modules; the rest ignored\n",
			BOOT_MODULES_MAX);
		return;
	}
	struct boot_module *module =
	    &boot_info.bi_modules[boot_info.bi_module_count++];
	module->bm_start = start;
	module->bm_end = end;
	boot_copy_string(module->bm_cmdline, cmdline);
}

static void
boot_add_region(uint64_t base, uint64_t length, uint32_t type)
{
	if (type != MEMORY_AVAILABLE || region_count == REGIONS_MAX)
		return;
	regions[region_count].pr_start = base;
	regions[region_count].pr_end = base + length;
	region_count++;
}

static void
boot_parse_multiboot1(const struct mb1_info *info)
{
	if (info->flags & MB1_INFO_CMDLINE)
		boot_copy_string(boot_info.bi_cmdline, info->cmdline);
	if (info->flags & MB1_INFO_MODULES) {
		const struct mb1_module *mods = phystokv(info->mods_addr);
		for (uint32_t i = 0; i < info->mods_count; i++)
			boot_add_module(mods[i].start, mods[i].end,
					mods[i].cmdline);
	}
	if (!(info->flags & MB1_INFO_MMAP))
		panic("the boot loader gave no memory map");
	const char *p = phystokv(info->mmap_addr);
	const char *end = p + info->mmap_length;
	while (p < end) {
		const struct mb1_mmap_entry *entry = (const void *)p;
		boot_add_region(entry->base, entry->length, entry->type);
		p += entry->size + sizeof(entry->size);
	}
}

static void
boot_parse_mb2_mmap(const struct mb2_tag *tag)
{
	const uint32_t *header = (const uint32_t *)(tag + 1);
	uint32_t entry_size = header[0];
	const char *p = (const char *)(header + 2);
	const char *end = (const char *)tag + tag->size;

	for (; entry_size != 0 && p + entry_size <= end; p += entry_size) {
		const struct mb2_mmap_entry *entry = (const void *)p;
		boot_add_region(entry->base, entry->length, entry->type);
	}
}

static void
boot_parse_multiboot2(const char *info)
{
	uint32_t total = *(const uint32_t *)info;
	const char *p = info + 8;

	while (p + sizeof(struct mb2_tag) <= info + total) {
		const struct mb2_tag *tag = (const void *)p;
		const uint32_t *body = (const uint32_t *)(tag + 1);
		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_CMDLINE)
			boot_copy_string(boot_info.bi_cmdline,
					 kvtophys((const char *)body));
		else if (tag->type == MB2_TAG_MODULE)
			boot_add_module(body[0], body[1],
					kvtophys((const char *)&body[2]));
		else if (tag->type == MB2_TAG_MMAP)
			boot_parse_mb2_mmap(tag);
		p += (tag->size + 7) & ~7u;
	}
}

/* Removes [start, end) from the regions, splitting one if needed. */
static void
boot_reserve(phys_addr_t start, phys_addr_t end)
{
	for (int i = 0; i < region_count; i++) {
		struct phys_region *r = &regions[i];
		if (end <= r->pr_start || start >= r->pr_end)
			continue;
		if (start > r->pr_start && end < r->pr_end) {
			if (region_count == REGIONS_MAX) {
				r->pr_end = start; /* lose the tail */
				continue;
			}
			memmove(r + 2, r + 1,
				(region_count - i - 1) * sizeof(*r));
			r[1].pr_start = end;
			r[1].pr_end = r->pr_end;
			r->pr_end = start;
			region_count++;
			i++;
		} else if (start <= r->pr_start && end >= r->pr_end) {
			r->pr_end = r->pr_start; /* empty */
		} else if (start <= r->pr_start) {
			r->pr_start = end;
		} else {
			r->pr_end = start;
		}
	}
}

static void
boot_setup_memory(void)
{
	boot_reserve(0, LOW_MEMORY_END);
	boot_reserve(USABLE_MEMORY_END, ~0ul);
	boot_reserve((phys_addr_t)_kernel_phys_start,
		     kvtophys_kernel((uint64_t)_kernel_end));
	for (int i = 0; i < boot_info.bi_module_count; i++)
		boot_reserve(trunc_page(boot_info.bi_modules[i].bm_start),
			     round_page(boot_info.bi_modules[i].bm_end));
	vm_page_bootstrap(regions, region_count);

	struct vm_page_statistics stats;
	vm_page_statistics(&stats);
	kprintf("kernel: %lu KiB of memory free of %lu KiB managed\n",
		stats.vps_free * 4, stats.vps_total * 4);
}

void
x86_64_bootstrap(uint32_t magic, uint32_t info_pa)
{
	console_bootstrap();
	kprintf("\nkernel: Mach-style microkernel for x86-64\n");
	cpu_bootstrap();
	trap_bootstrap();

	if (magic == MB1_BOOT_MAGIC)
		boot_parse_multiboot1(phystokv(info_pa));
	else if (magic == MB2_BOOT_MAGIC)
		boot_parse_multiboot2(phystokv(info_pa));
	else
		panic("not started by a multiboot boot loader (magic %#x)",
		      magic);
	boot_setup_memory();
	pmap_bootstrap();
	lapic_bootstrap();
	/* The machine's own kernel argument (kern/startup.c lists them). */
	machine_fpu_eager =
	    kernel_cmdline_has(boot_info.bi_cmdline, "fpu=eager");
	if (machine_fpu_eager)
		cpu_set(cpu_fpu_switch, CPU_FPU_EAGER);
	kernel_bootstrap(&boot_info);
}
