/*
 * kalloc: kernel memory of any size, for what is not a fixed-size object
 * (those have zones of their own): message buffers, name tables, port
 * arrays, the copy objects of out-of-line memory.
 *
 * A size up to KALLOC_ZONE_MAX comes from one of the kalloc zones, each
 * of a power of two from 16 bytes; a larger one is a block of whole
 * pages from the page allocator, the smallest that holds it (at most
 * 2^VM_PAGE_MAX_ORDER pages, 4 MiB), aligned to its size.  As in Mach,
 * the caller gives the size back to kfree: nothing is kept with the
 * memory.  This is the one place that turns a byte count into a page
 * order.
 *
 * Entry points:
 *	kalloc_bootstrap	make the zones, once (kern/startup.c)
 *	kalloc			size bytes, or NULL
 *	kfree			give them back, with the same size
 *
 * kalloc and kfree take only the locks of the zones and of the page
 * allocator (docs/locking.md), so they may be called with any other
 * lock held.
 */
#ifndef KERN_KALLOC_H
#define KERN_KALLOC_H

#include <stddef.h>

#define KALLOC_ZONE_MIN 16
#define KALLOC_ZONE_MAX 2048 /* larger sizes are whole pages */

/* Makes the kalloc zones; panics if memory is short.  Needs only
 * vm_page_bootstrap done. */
void kalloc_bootstrap(void);

/*
 * Returns size bytes of kernel memory (direct-mapped, not cleared),
 * aligned to 16 bytes, or to the block's size if larger than
 * KALLOC_ZONE_MAX; or NULL if size is 0, larger than the largest page
 * block, or memory is short.
 */
void *kalloc(size_t size);

/* Frees memory from kalloc; size must be the size it was asked for
 * (another size of the same class is harmless, any other panics). */
void kfree(void *addr, size_t size);

#endif /* KERN_KALLOC_H */
