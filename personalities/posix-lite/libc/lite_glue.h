/*
 * The library side of posix-lite: the per-process state that the UNIX
 * personality keeps in its server and this one keeps here, and the
 * calls between the glue files.
 *
 *	start.c		the state from lite_startup, before main
 *	fd.c		descriptors: a table of io ports
 *	file.c		calls on paths, from the cwd's port
 *	proc.c		spawn, wait, exit, getpid
 *	signal.c	actions, the mask, kill, raise, the signal thread
 *	time.c		clocks and sleeping (the kernel's, no server)
 *
 * Threads: the descriptor table and the signal state are guarded by
 * lite_lock (a mach_mutex); a call holds it only to read or change a
 * slot, never across a message, so a read that waits on a pipe does
 * not stop other threads' calls.  A descriptor closed by one thread
 * while another uses it: the user holds its own reference to the port
 * (taken under the lock), so the io port stays valid until it is done.
 */
#ifndef LITE_LIBC_LITE_GLUE_H
#define LITE_LIBC_LITE_GLUE_H

#include "../../unix/libc/args.h"

#include <lite/lite.h>
#include <lite/lite_types.h>
#include <mach/bootstrap_types.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/task.h>
#include <stdint.h>
#include <sys/types.h>
#include <unix/io.h>

/* The per-process state (start.c). */
struct lite_state {
	pid_t ls_pid, ls_ppid;
	mach_port_t ls_root; /* io port of "/" */
	mach_port_t ls_cwd;  /* io port of the current directory */
	mode_t ls_umask;
	mach_port_t ls_files[LITE_FD_MAX];	/* io ports; NULL: closed */
	unsigned char ls_fd_flags[LITE_FD_MAX]; /* FD_CLOEXEC */
};
extern struct lite_state lite_state;
extern mach_mutex_t lite_lock;

/* The process's port in the server. */
static inline mach_port_t
lite_port(void)
{
	return bootstrap_port;
}

/* Sets errno; returns -1. */
int lite_fail(int error);
/* The errno of a stub's result and the server's error (0: none). */
int lite_errno(kern_return_t kr, int error);

/* A reference of its own on fd's io port (release it with
 * mach_port_deallocate), or MACH_PORT_NULL with EBADF (fd.c). */
mach_port_t lite_fd_hold(int fd);
/* Installs port (a send right that is ours) at the lowest free
 * descriptor >= lowest; the descriptor, or -1 (EMFILE: port released). */
int lite_fd_install(mach_port_t port, int lowest, int cloexec);

/* The directory port a path starts from (the cwd's, or the root's for
 * an absolute path), held; and the path's length with its NUL, or -1
 * with errno set (ENAMETOOLONG, EFAULT, ENOENT). */
mach_port_t lite_path_start(const char *path, mach_msg_type_number_t *length);

/* The signal mask, for spawn (signal.c). */
uint64_t lite_signal_mask(void);
void lite_signal_init(uint64_t mask);

#endif /* LITE_LIBC_LITE_GLUE_H */
