/*
 * <sys/mman.h> for the UNIX personality (newlib has none): memory
 * mappings over the kernel's vm_map (libc/mman.c).  The values are
 * Linux's.  Anonymous memory and files, shared or private (a file's
 * memory object is served by the server as its pager).
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

/* Advice (libc/mman.c: taken, changing nothing) and locks (libc/absent.c:
 * ENOSYS, the default pager may page out any page). */
#define MADV_NORMAL	      0
#define MADV_RANDOM	      1
#define MADV_SEQUENTIAL	      2
#define MADV_WILLNEED	      3
#define MADV_DONTNEED	      4
#define POSIX_MADV_NORMAL     MADV_NORMAL
#define POSIX_MADV_RANDOM     MADV_RANDOM
#define POSIX_MADV_SEQUENTIAL MADV_SEQUENTIAL
#define POSIX_MADV_WILLNEED   MADV_WILLNEED
#define POSIX_MADV_DONTNEED   MADV_DONTNEED
#define MCL_CURRENT	      1
#define MCL_FUTURE	      2
int madvise(void *address, size_t length, int advice);
int posix_madvise(void *address, size_t length, int advice);
int mlock(const void *address, size_t length);
int munlock(const void *address, size_t length);
int mlockall(int flags);
int munlockall(void);

#ifdef __cplusplus
}
#endif

#endif /* UNIX_SYS_MMAN_H */
