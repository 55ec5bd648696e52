/*
 * Symbol lookup over the generated table of text symbols, sorted by
 * address (see tools/gen-ksyms.sh for its layout).
 */
#include <kern/ksyms.h>
#include <kern/printf.h>

struct ksym {
	uint64_t ks_addr;
	const char *ks_name;
};

extern const struct ksym ksyms_table[];
extern const uint64_t ksyms_count;
extern char _text_start[], _text_end[];

const char *
ksyms_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t low = 0, high = ksyms_count;

	if (addr < (uint64_t)_text_start || addr >= (uint64_t)_text_end ||
	    ksyms_count == 0)
		return NULL;
	while (high - low > 1) { /* last entry with ks_addr <= addr */
		uint64_t middle = (low + high) / 2;
		if (ksyms_table[middle].ks_addr <= addr)
			low = middle;
		else
			high = middle;
	}
	if (ksyms_table[low].ks_addr > addr)
		return NULL;
	*offset = addr - ksyms_table[low].ks_addr;
	return ksyms_table[low].ks_name;
}

void
ksyms_print(uint64_t addr)
{
	uint64_t offset;
	const char *name = ksyms_lookup(addr, &offset);

	if (name != NULL)
		kprintf("%#lx <%s+%#lx>", addr, name, offset);
	else
		kprintf("%#lx", addr);
}
