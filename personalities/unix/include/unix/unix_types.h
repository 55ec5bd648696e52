/*
 * The types and constants unix.defs shares between the UNIX server and
 * the processes' library: both are compiled against newlib's headers
 * for x86_64, so the wire carries newlib's values (errno, O_*, F_*,
 * S_*, W*) and its struct stat; directory entries are the struct
 * dirent of <sys/dirent.h> (personalities/unix/include/sys/).
 */
#ifndef UNIX_UNIX_TYPES_H
#define UNIX_UNIX_TYPES_H

#include <stdint.h>

/* Bytes sent out of line (unix.defs's unix_bytes_t). */
typedef char *unix_bytes_t;
/* unix_tcgetattr/unix_tcsetattr: a struct termios as bytes (inline). */
typedef char *unix_termios_t;
typedef char *unix_name_t;
/* Bytes inline (unix.defs's unix_inline_t). */
typedef char *unix_inline_t;
/* A path inline (unix.defs's unix_path_inline_t). */
typedef char *unix_path_inline_t;
/* A struct stat inline (unix.defs's unix_stat_t): UNIX_STAT_SIZE bytes,
 * newlib's struct stat (checked where it is filled and read). */
typedef char unix_stat_t[104];
#define UNIX_STAT_SIZE 104

/* unix_fork's registers: the index of each in unix_fork_regs_t. */
typedef int64_t unix_fork_regs_t[8];
/* unix_setattr's times: atime's seconds and nanoseconds, mtime's. */
typedef int64_t unix_attr_times_t[4];

/* io.defs's types: paths, data and struct stat inline; the exec
 * service's arguments out of line.  IO_DATA_MAX bytes a read or write
 * moves at most. */
typedef char *io_path_t;
typedef char *io_data_t;
typedef char *io_stat_t;
typedef char *io_args_t;
typedef mach_port_t *io_files_t;
#define IO_DATA_MAX	  8192
#define UNIX_FORK_REG_RBX 0
#define UNIX_FORK_REG_RBP 1
#define UNIX_FORK_REG_R12 2
#define UNIX_FORK_REG_R13 3
#define UNIX_FORK_REG_R14 4
#define UNIX_FORK_REG_R15 5
#define UNIX_FORK_REG_RSP 6
#define UNIX_FORK_REG_RIP 7

/* The longest path a call takes, its NUL included. */
#define UNIX_PATH_MAX 1024

/* The largest piece of the boot archive in one message. */
#define UNIX_ARCHIVE_PIECE (1024 * 1024)

/* The longest path sent inline (unix_open_inline), its NUL included. */
#define UNIX_PATH_INLINE 256

/* The longest spawn argument block (argv and envp strings). */
#define UNIX_ARGS_MAX (64 * 1024)

/* A process's stack (RLIMIT_STACK): Linux's default.  Its pages are
 * made as they are first touched. */
#define UNIX_STACK_SIZE (8ul * 1024 * 1024)

/* unix_setattr's which (bits), and its dirfd for the cwd (newlib's
 * AT_FDCWD). */
#define UNIX_ATTR_MODE	1
#define UNIX_ATTR_OWNER 2
#define UNIX_ATTR_TIMES 4
#define UNIX_AT_FDCWD	(-2)

/* unix_setids's which. */
#define UNIX_SETUID  0
#define UNIX_SETEUID 1
#define UNIX_SETGID  2
#define UNIX_SETEGID 3
#define UNIX_SETRUID 4 /* the real id alone: root, or to the effective */
#define UNIX_SETRGID 5

/*
 * unix_exit statuses and wait statuses, as <sys/wait.h> reads them:
 * exited with code c: c << 8; ended by signal s: s.
 */
#define UNIX_STATUS_EXITED(code)  (((code)&0xff) << 8)
#define UNIX_STATUS_SIGNALED(sig) ((sig)&0x7f)

/*
 * A private errno: the call waited and was interrupted by a signal whose
 * handler has SA_RESTART; the library makes the call again after the
 * handler has run (the handler runs before the answer is seen).
 */
#define UNIX_ERESTART 10001

/*
 * A private errno: unix_read_inline cannot serve this file (the
 * console); the library makes the call again with unix_read.
 */
#define UNIX_EOUTOFLINE 10002

/* The most bytes unix_read_inline and unix_write_inline carry (as
 * unix.defs' unix_inline_t): a larger read or write goes out of line. */
#define UNIX_INLINE_MAX 1024

/* A stopped child's wait status (WIFSTOPPED), a continued one's. */
#define UNIX_STATUS_STOPPED(sig) ((((sig)&0xff) << 8) | 0x7f)
#define UNIX_STATUS_CONTINUED	 0xffff

/*
 * unix_processes: one process of the table.  upi_state is
 * UNIX_PROCESS_RUNNING (running, or waiting in a call), _STOPPED (by a
 * signal) or _ZOMBIE (ended, not yet waited for); upi_uid is the
 * effective user id; upi_name is NUL-terminated.
 */
#define UNIX_PROCESS_NAME    32
#define UNIX_PROCESS_RUNNING 0
#define UNIX_PROCESS_STOPPED 1
#define UNIX_PROCESS_ZOMBIE  2
struct unix_process_info {
	int32_t upi_pid, upi_ppid, upi_pgid, upi_sid;
	int32_t upi_state;
	int32_t upi_uid;
	char upi_name[UNIX_PROCESS_NAME];
};

#endif /* UNIX_UNIX_TYPES_H */
