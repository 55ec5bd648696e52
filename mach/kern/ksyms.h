/*
 * The kernel's symbol table, for backtraces.  It is generated after a
 * first link (tools/gen-ksyms.sh) and linked into .ksyms.
 */
#ifndef KERN_KSYMS_H
#define KERN_KSYMS_H

#include <stdint.h>

/* The name of the function containing addr and the offset in it, or NULL. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

/* Prints "0xADDR <name+0xoff>" on the console. */
void ksyms_print(uint64_t addr);

#endif /* KERN_KSYMS_H */
