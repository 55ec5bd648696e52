/*
 * <sys/mman.h> for the UNIX personality (newlib has none): memory
 * mappings over the kernel's vm_map (libc/mman.c).  The values are
 * Linux's.  Anonymous memory, shared or private; files mapped private
 * (a copy of their bytes); a file mapped shared is ENODEV until the
 * server pages files itself.
 */
#ifndef UNIX_SYS_MMAN_H
#define UNIX_SYS_MMAN_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS

#define MAP_FAILED ((void *)-1)

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC	      4

void *mmap(void *address, size_t length, int prot, int flags, int fd,
	   off_t offset);
int munmap(void *address, size_t length);
int mprotect(void *address, size_t length, int prot);
int msync(void *address, size_t length, int flags);

#ifdef __cplusplus
}
#endif

#endif /* UNIX_SYS_MMAN_H */
