/*
 * Directories for the UNIX personality (replaces newlib's <sys/dirent.h>,
 * which refuses to be included on a target without one).
 *
 * unix_getdents (unix.defs) fills a buffer with whole records in the
 * layout of struct dirent, each d_reclen bytes (a multiple of 8, the
 * name NUL-terminated); readdir (personalities/unix/libc/dirent.c)
 * returns pointers to them.
 */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/types.h>

#define MAXNAMLEN 255

struct dirent {
	ino_t d_ino;		 /* the file's serial number */
	unsigned short d_reclen; /* this record's length */
	unsigned char d_type;	 /* DT_* */
	char d_name[MAXNAMLEN + 1];
};

#define DT_UNKNOWN 0
#define DT_FIFO	   1
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_REG	   8
#define DT_LNK	   10

typedef struct unix_dir DIR;

#ifdef __cplusplus
extern "C" {
#endif
DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
void rewinddir(DIR *dir);
int dirfd(DIR *dir);
int getdents(int fd, void *buffer, size_t size);
#ifdef __cplusplus
}
#endif

#endif /* _SYS_DIRENT_H */
