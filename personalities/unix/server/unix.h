/*
 * The UNIX server's own types and the calls between its files.
 *
 *	main.c		ports, the port set, the receive loop and its demux,
 *			notifications, the boot archive
 *	proc.c		processes: the port -> process table, spawn, fork,
 *			exec, exit, wait (deferred), exceptions, the end of a
 *			process
 *	exec.c		loading a static ELF64 executable into a new task
 *	fd.c		descriptor tables and the calls on descriptors
 *	file.c		the calls on paths (open, stat, link, mkdir, ...)
 *	attr.c		a file's mode, owner and times (chmod, chown, utimes)
 *	vfs.c		nodes, directories, path lookup, permissions
 *	cpio.c		fills the file system from a cpio "newc" archive
 *	pipe.c		pipes and their waiting readers and writers
 *	fifo.c		FIFOs: their opens meeting, over a pipe
 *	user.c		copies to and from a process's memory
 *	clock.c		the time since boot
 *	timer.c		the list of deadlines; sleep, setitimer
 *	group.c		process groups and sessions
 *	priority.c	nice values, as the threads' priorities
 *	poll.c		poll: descriptors ready now or later
 *	signal.c	signals: actions, masks, posting, default actions,
 *			delivery (frames pushed on a thread), stop and
 *			continue, faults as signals
 *	tty.c		the console terminal (its line discipline: tty_ldisc.c)
 *	pager.c		the memory objects of mapped files (a thread of its own)
 *
 * The server has two threads, the main one serving processes and the
 * pager thread serving the memory objects of files (pager.c), which hold
 * one lock in turn (unix_lock): code outside pager.c and user.c is
 * written as if the server were one thread, and no call ever blocks on
 * a process.  A request that must wait (unix_wait, unix_read
 * of an empty pipe, unix_write to a full one) keeps its send-once reply
 * right in a record of its own and returns MIG_NO_REPLY; the event that
 * satisfies it answers through unix_reply.defs.
 */
#ifndef UNIX_SERVER_UNIX_H
#define UNIX_SERVER_UNIX_H

#include <mach/kern_return.h>
#include <mach/mach_thread.h>
#include <mach/message.h>
#include <mach/port.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unix/unix_types.h>

#define UNIX_FD_MAX	 64   /* descriptors per process */
#define UNIX_PROCESS_MAX 64   /* processes at once */
#define UNIX_PIPE_SIZE	 4096 /* bytes a pipe holds; PIPE_BUF too */

/* The ports of the server (main.c). */
struct unix_ports {
	mach_port_t up_service;	  /* receive + send: unix_boot_archive */
	mach_port_t up_notify;	  /* dead-name notifications of tasks */
	mach_port_t up_exception; /* every process's task exception port */
	mach_port_t up_set;	  /* all of them and every process port */
};
extern struct unix_ports unix_ports;
/* A new receive right in the port set. */
kern_return_t unix_make_port(mach_port_t *port);
/* Has the boot archive filled the file system? */
int unix_booted(void);
/* Refuses (MIG_BAD_ARGUMENTS, the reply made) a request whose reply right
 * is not a send-once right; FALSE if it has one, or none. */
boolean_t unix_refuse_unless_send_once(mach_msg_header_t *request,
				       mach_msg_header_t *reply);

/* io.c: io ports (io.defs) */
boolean_t io_demux(mach_msg_header_t *request, mach_msg_header_t *reply);

/* Held by whichever of the server's two threads runs: the main thread
 * (every request; dropped while it waits to receive, in user_write and
 * while it waits for the pager) and the pager thread (pager.c). */
extern mach_mutex_t unix_lock;

/* A file of the RAM file system (vfs.c). */
struct node {
	ino_t n_ino;
	mode_t n_mode; /* S_IF* type and permission bits */
	uid_t n_uid;
	gid_t n_gid;
	nlink_t n_nlink; /* names (directories: parent's and own) */
	int n_refs;	 /* open files, cwds and lookups in progress */
	int n_writers;	 /* open files that may write it */
	int n_text;	 /* processes running it: ETXTBSY for writers */
	/* last access, data change, status change (vfs_touch): times of
	 * the day, which is the time since boot here (clock.c) */
	struct timespec n_atime, n_mtime, n_ctime;
	union {
		struct {
			char *nf_data;
			off_t nf_size, nf_capacity;
			struct file_pager *nf_pager; /* its memory object */
		} n_file;
		struct {
			struct dir_entry *nd_entries; /* in creation order */
			struct node *nd_parent;
		} n_dir;
		char *n_target;		  /* a symlink's */
		struct pipe *n_fifo_pipe; /* a FIFO's, while it is open */
		int n_device; /* a character device's NODE_DEVICE_* */
	};
};
#define NODE_DEVICE_CONSOLE 1
#define NODE_DEVICE_NULL    2
#define NODE_DEVICE_ZERO    3
#define NODE_DEVICE_TTY \
	4 /* /dev/tty: the console, if it is the
			       * caller's controlling terminal */

struct dir_entry {
	struct dir_entry *de_next;
	struct node *de_node;
	char de_name[MAXNAMLEN + 1];
};

/* An open file, shared by the descriptors dup'ed from one open (fd.c). */
struct file {
	int f_refs;	     /* descriptors naming it */
	int f_flags;	     /* O_ACCMODE, O_APPEND, O_NONBLOCK */
	struct node *f_node; /* NULL for a pipe end */
	struct pipe *f_pipe;
	off_t f_offset; /* files: byte; directories: entry index */
};

/* A pipe (pipe.c). */
struct pipe {
	char pi_buffer[UNIX_PIPE_SIZE];
	size_t pi_start, pi_count;  /* the bytes held, from pi_start */
	int pi_readers, pi_writers; /* open ends */
	struct pipe_request *pi_waiting_readers, *pi_waiting_writers;
	struct node *pi_fifo; /* the FIFO it is the pipe of, or NULL */
};

/* A read or write waiting on a pipe (pipe.c): a process's, or (process
 * NULL) one made through an io port.  Its bytes travel inline in the
 * messages (an io port's, a process's unix_*_inline) or out of line (a
 * process's unix_read and unix_write). */
struct pipe_request {
	struct pipe_request *pr_next;
	struct process *pr_process;
	struct io_object *pr_io;
	mach_port_t pr_reply; /* the send-once right kept */
	mach_msg_type_name_t pr_reply_type;
	int pr_inline;		/* a process's bytes inline */
	vm_address_t pr_buffer; /* a process's read out of line: where */
	char *pr_out;		/* a read inline: the bytes taken */
	char *pr_data;		/* write: the bytes (ours once it waits) */
	vm_size_t pr_count, pr_done;
	char pr_bytes[UNIX_INLINE_MAX]; /* a waiting short call's bytes */
};

enum process_state { PROCESS_RUNNING, PROCESS_ZOMBIE };

/* CPU time, in microseconds (clock.c). */
struct cpu_time {
	int64_t ct_user, ct_system;
};

/* A deadline in the server's list (timer.c). */
struct timer {
	struct timer *t_next;
	int64_t t_deadline; /* nanoseconds since boot */
	int t_armed;
	void (*t_fire)(struct timer *timer); /* out of the list already */
};

/* An ITIMER_VIRTUAL or ITIMER_PROF timer (cpu_timer.c), in
 * microseconds of the process's CPU time. */
struct cpu_timer {
	int64_t ctm_expiry;   /* the CPU time it fires at; 0: disarmed */
	int64_t ctm_interval; /* re-armed by it; 0: once */
};

/* A signal's action (signal.c): SIG_DFL 0, SIG_IGN 1, or a handler. */
struct signal_action {
	vm_address_t sac_handler;
	uint64_t sac_mask;
	int sac_flags;
};

/* What a pending signal's siginfo_t will say (signal.c). */
struct signal_info {
	int si_code;
	pid_t si_pid;
	uid_t si_uid;
	int si_status;
	vm_address_t si_addr;
};

/* A process (proc.c). */
struct process {
	struct process *p_next;	     /* all processes */
	struct process *p_hash_next; /* its bucket of the port table */
	pid_t p_pid;
	pid_t p_pgid, p_sid;	  /* process group, session */
	struct process *p_parent; /* init after its parent ended */
	mach_port_t p_port;	  /* receive right: the process's identity */
	mach_port_t p_task;	  /* send right to its task */
	int p_task_watched; /* its dead-name notification will release it */
	int p_foreign;	    /* io_spawn's: no parent; io_process_status reaps */
	enum process_state p_state;
	int p_status; /* a zombie's wait status */
	/* CPU time of the tasks its execs replaced, and once a zombie of
	 * all its tasks; of its children that were waited for (and of
	 * theirs) */
	struct cpu_time p_time, p_time_children;
	char p_name[UNIX_PROCESS_NAME]; /* argv[0] of its spawn or exec */
	struct file *p_files[UNIX_FD_MAX];
	unsigned char p_fd_flags[UNIX_FD_MAX]; /* FD_CLOEXEC */
	struct node *p_cwd;
	struct node *p_text; /* the executable it runs (held) */
	mode_t p_umask;
	int p_nice; /* -20..19 (priority.c) */
	uid_t p_uid, p_euid;
	gid_t p_gid, p_egid;
	/* a unix_wait that waits (its reply right kept), or none */
	mach_port_t p_wait_reply;
	mach_msg_type_name_t p_wait_reply_type;
	pid_t p_wait_pid;
	int p_wait_options;
	/* signals (signal.c) */
	uint64_t p_sig_pending, p_sig_mask;
	struct signal_action p_sig_actions[NSIG];
	struct signal_info p_sig_info[NSIG];
	vm_address_t p_sig_trampoline; /* the library's frame entry */
	/* the library's unix_copy: a fault at a pc in [begin, end) resumes
	 * at recover (unix_copy_recovery) */
	vm_address_t p_copy_begin, p_copy_end, p_copy_recover;
	/* a unix_sigsuspend that waits, and the mask it replaced */
	mach_port_t p_suspend_reply;
	mach_msg_type_name_t p_suspend_reply_type;
	uint64_t p_suspend_old_mask;
	/* stopped by a signal; a stop or continue not yet told to the
	 * parent's waitpid (WUNTRACED, WCONTINUED): its status, or 0 */
	int p_stopped;
	int p_stop_report;
	/* timers (timer.c): a sleep that waits; ITIMER_REAL */
	struct timer p_sleep_timer;
	mach_port_t p_sleep_reply;
	mach_msg_type_name_t p_sleep_reply_type;
	struct timer p_alarm_timer;
	int64_t p_alarm_interval;	  /* nanoseconds; 0: once */
	struct cpu_timer p_cpu_timers[2]; /* ITIMER_VIRTUAL, ITIMER_PROF */
	/* a poll that waits (poll.c): its entries (ours), their address */
	mach_port_t p_poll_reply;
	mach_msg_type_name_t p_poll_reply_type;
	struct pollfd *p_poll_fds;
	size_t p_poll_count;
	vm_address_t p_poll_buffer;
	struct timer p_poll_timer;
};

/* proc.c */
struct process *proc_lookup(mach_port_t port);
kern_return_t proc_start_init(int argc, char **argv);
void proc_task_died(mach_port_t task);
struct process *proc_find_task(mach_port_t task);
void proc_end(struct process *process, int status);
void proc_child_changed(struct process *child);
struct process *proc_find_pid(pid_t pid);
struct exec_image;
struct vfs_who;
/* Checks an argument block: argc + envc NUL-terminated strings. */
int proc_check_args(const char *args, size_t size, int argc, int envc);
/* Loads the executable at path, looked up as who, into a new task (see
 * exec_load): a "#!" script runs its interpreter, which must be an
 * executable itself; with run_lite, a posix-lite executable runs
 * PROC_LITE_RUNNER, as if it began "#!/bin/lite".  args: argc then envc
 * strings (checked).  ETXTBSY if the executable is open for writing;
 * image->ei_text is it, held. */
#define PROC_LITE_RUNNER "/bin/lite"
int proc_load(const struct vfs_who *who, const char *path, const char *args,
	      size_t args_size, int argc, int envc, int run_lite,
	      struct exec_image *image);
/* io_spawn, io_process_signal, io_process_status: processes for a
 * parent of another personality (proc.c). */
int proc_spawn_foreign(const struct vfs_who *who, const char *path,
		       const char *args, size_t args_size, int argc, int envc,
		       struct file **files, int count, pid_t *pid,
		       mach_port_t *task);
int proc_foreign_signal(pid_t pid, int sig);
int proc_foreign_status(pid_t pid, int *status);
struct process *proc_first(void);

/* signal.c */
void signal_post(struct process *process, int sig,
		 const struct signal_info *info);
/* Posts the signals that requests queued (after each request, before
 * its reply).  Inline: the common case, nothing queued, is a test. */
extern struct signal_queued *signal_queue;
void signal_flush_queue(void);
static inline void
signal_flush(void)
{
	if (signal_queue != NULL)
		signal_flush_queue();
}
void signal_inherit(struct process *child, struct process *parent);
void signal_fork(struct process *child, struct process *parent);
void signal_exec(struct process *process);
void signal_post_group(pid_t pgid, int sig);
/* A process outside the terminal's foreground group reads it (SIGTTIN)
 * or writes (with TOSTOP) or changes it (SIGTTOU): if the process
 * ignores or blocks sig, a read is EIO and the rest go on (0); else if
 * its group is orphaned, EIO; otherwise sig goes to its group and the
 * call answers UNIX_ERESTART (made again once the group is continued)
 * or, for a handler without SA_RESTART, EINTR. */
int signal_terminal_stop(struct process *process, int sig);
int signal_exception(struct process *process, mach_port_t thread, int exception,
		     int64_t code, int64_t subcode);
int signal_may_kill(struct process *sender, struct process *target, int sig);

/* exec.c: checks an executable and loads it into a new task (a send
 * right in *task, suspended: no thread yet) with its stack; returns 0
 * or an errno value. */
struct exec_image {
	mach_port_t ei_task;
	vm_address_t ei_entry, ei_stack_pointer;
	struct node *ei_text; /* the executable (held) */
	int ei_lite;	      /* a posix-lite executable (exec_is_lite) */
};
int exec_load(const char *data, size_t size, mach_port_t object,
	      const char *args, size_t args_size, int argc, int envc,
	      struct exec_image *image);
int exec_check(const char *data, size_t size);
/* Is the checked image a posix-lite one: does it carry the note
 * "posix-lite" that lite-cc's library puts in (a SHT_NOTE section)? */
int exec_is_lite(const char *data, size_t size);
/* A script's interpreter and argument (each EXEC_SCRIPT_LINE + 1 bytes;
 * the argument "" if none), or ENOEXEC: not a script, no interpreter. */
#define EXEC_SCRIPT_LINE 255
int exec_script(const char *data, size_t size, char *interpreter,
		char *argument);

/* fd.c */
int fd_install(struct process *process, struct file *file, int lowest,
	       int cloexec);
struct file *fd_get(struct process *process, int fd);
void fd_close_all(struct process *process);
/* The parent's descriptors into the child: all of them with their flags
 * (fork), or those not close-on-exec (spawn). */
void fd_inherit(struct process *child, struct process *parent, int fork);
void fd_close_on_exec(struct process *process);
struct file *file_new(struct node *node, struct pipe *pipe, int flags);
void file_release(struct file *file);
/* An open file's operations (fd.c), for descriptors and io ports alike;
 * each returns 0 or an errno value. */
int file_readable(struct file *file);
int file_writable(struct file *file);
int file_is_console(struct file *file);
/* The bytes a read of count at offset gives (a span of the node's data,
 * of zeros for /dev/zero, none at the end or for /dev/null); EISDIR. */
int file_node_span(struct node *node, off_t offset, vm_size_t count,
		   const char **bytes, vm_size_t *length);
int file_node_write(struct node *node, off_t offset, const char *data,
		    vm_size_t count, vm_size_t *done);
/* A write at the file's offset (its end with O_APPEND), moving it. */
int file_write_at_offset(struct file *file, const char *data, vm_size_t count,
			 vm_size_t *done);
int file_seek(struct file *file, int64_t offset, int whence, int64_t *position);
void file_status(struct file *file, struct stat *st);
/* The directory's next struct dirent records, at most size bytes. */
int file_directory_entries(struct file *file, char *buf, size_t size,
			   size_t *used);
int file_truncate(struct file *file, int64_t length);
/* F_SETFL: the file's O_APPEND and O_NONBLOCK from flags. */
void file_set_flags(struct file *file, int flags);
/* A new pipe's two open files (flags: O_NONBLOCK). */
int file_new_pipe(int flags, struct file **reader, struct file **writer);

/* file.c: the path calls, acting for who; 0 or an errno value.  The
 * file file_open makes holds one reference. */
struct vfs_who;
int file_open(const struct vfs_who *who, const char *path, int flags, int mode,
	      struct file **file);
int file_stat(const struct vfs_who *who, const char *path, int follow,
	      struct stat *st);
int file_remove(const struct vfs_who *who, const char *path, int directory);
int file_make_directory(const struct vfs_who *who, const char *path, int mode);
int file_rename(const struct vfs_who *who, const char *from, const char *to);

/* vfs.c */
/* Whom a file-system call acts for: where its relative paths start, the
 * effective ids its permissions are checked against, the umask of what
 * it creates.  A process's (proc_who), or an io port's (io.c). */
struct vfs_who {
	struct node *vw_cwd;
	uid_t vw_uid;
	gid_t vw_gid;
	mode_t vw_umask;
	struct file *const *vw_files; /* /dev/fd/N's (a process's), or NULL */
};
struct vfs_who proc_who(struct process *process); /* proc.c */
extern struct node *vfs_root;
extern struct node *vfs_fd_dir; /* /dev/fd */
int vfs_init(void);
int vfs_lookup(const struct vfs_who *who, const char *path, int follow,
	       struct node **result);
int vfs_lookup_parent(const struct vfs_who *who, const char *path,
		      struct node **parent, char *name);
struct dir_entry *vfs_dir_find(struct node *dir, const char *name);
int vfs_dir_add(struct node *dir, const char *name, struct node *node);
void vfs_dir_remove(struct node *dir, struct dir_entry *entry);
struct node *vfs_node_new(mode_t mode, uid_t uid, gid_t gid);
void vfs_node_hold(struct node *node);
void vfs_node_release(struct node *node);
int vfs_permitted(const struct vfs_who *who, struct node *node, int access);
int vfs_file_resize(struct node *node, off_t size);
void vfs_stat(struct node *node, struct stat *st);
/* Sets the node's times that which names (VFS_ATIME, VFS_MTIME,
 * VFS_CTIME) to now. */
#define VFS_ATIME 1
#define VFS_MTIME 2
#define VFS_CTIME 4
void vfs_touch(struct node *node, int which);
/* May who delete or rename the entry of node in dir?  Not in a sticky
 * directory (S_ISVTX) unless who owns the entry or the directory, or is
 * root. */
int vfs_may_remove(const struct vfs_who *who, struct node *dir,
		   struct node *node);
int vfs_getcwd(struct node *cwd, char *buffer, size_t size);

/* pager.c: the memory objects of mapped files */
kern_return_t pager_start(void);
/* Whether the node is a file with a memory object. */
int pager_mapped(struct node *node);
/* The object of an open file for mmap (prot, flags): its port, to be
 * sent with MAKE_SEND; 0, EACCES, ENODEV or ENOMEM. */
int pager_file_object(struct file *file, int prot, int flags,
		      mach_port_t *object);
/* A send right of ours to the node's object (released by the caller). */
kern_return_t pager_node_object(struct node *node, mach_port_t *object);
/* The node, an executable just run, has its object and pages kept by a
 * mapping of the server's (the last few run), for its next exec. */
void pager_keep(struct node *node);
/* The kernel's dirty pages of a range back into the file (a read, and
 * msync of the file numbered ino). */
void pager_clean(struct node *node, off_t offset, off_t size);
void pager_sync(ino_t ino, off_t offset, off_t size);
/* Around a change of a range of the file's bytes (a write, a shrink):
 * the kernel's pages of the range are taken back and flushed, and data
 * requests wait until the end. */
void pager_change_begin(struct node *node, off_t offset, off_t size);
void pager_change_end(struct node *node);
void pager_no_senders(mach_port_t port, mach_port_mscount_t mscount);
/* clock.c: nanoseconds since boot; adds task's CPU time to *time */
int64_t clock_now(void);
void clock_add_task_time(struct cpu_time *time, mach_port_t task);

/* fifo.c: an open file of a FIFO (held in *file) with flags; 0,
 * FIFO_WAIT (the open waits for the other end: fifo_wait), ENXIO,
 * ENOMEM.  fifo_wait keeps p's request (its reply right) until then;
 * fifo_forget_process and fifo_interrupt_process drop or answer p's. */
#define FIFO_WAIT 10003
int fifo_open(struct node *node, int flags, struct file **file);
void fifo_wait(struct process *p, struct file *file, int cloexec,
	       mach_port_t reply, mach_msg_type_name_t reply_type,
	       int is_inline);
void fifo_forget_process(struct process *p);
int fifo_interrupt_process(struct process *p, int error);

/* priority.c: the kernel priority of a thread of p (its nice value's) */
void priority_set_thread(struct process *p, mach_port_t thread);

/* timer.c */
void timer_arm(struct timer *timer, int64_t deadline);
void timer_cancel(struct timer *timer);
/* The receive timeout of the server loop until the first deadline, and
 * the timers that are due run (how many).  Inline: the common case, no
 * timer armed, is a test. */
extern struct timer *timer_list;
mach_msg_timeout_t timer_timeout_armed(void);
int timer_run_due(void);
static inline mach_msg_timeout_t
timer_timeout(void)
{
	return timer_list == NULL ? MACH_MSG_TIMEOUT_NONE
				  : timer_timeout_armed();
}
static inline int
timer_run(void)
{
	return timer_list == NULL ? 0 : timer_run_due(); /* no clock read */
}
void timer_init_process(struct process *process);
void timer_forget_process(struct process *process);
void timer_forget_sleep(struct process *process);
void timer_interrupt_process(struct process *process);

/* cpu_timer.c: setitimer and getitimer of ITIMER_VIRTUAL or ITIMER_PROF
 * (which), their values checked, in microseconds (old: 0 disarmed). */
void cpu_timer_set(struct process *process, int which, int set, int64_t value,
		   int64_t interval, int64_t *old_value, int64_t *old_interval);
void cpu_timer_forget_process(struct process *process);

/* poll.c */
void poll_init_process(struct process *process);
/* Answers the waiting polls that requests made ready (after each
 * request).  Inline: the common case, no poll waiting, is a test. */
extern int poll_waiting;
void poll_recheck_waiting(void);
static inline void
poll_recheck(void)
{
	if (poll_waiting != 0)
		poll_recheck_waiting();
}
void poll_interrupt_process(struct process *process);
void poll_forget_process(struct process *process);

/* cpio.c: fills the root; 0 or EINVAL. */
int cpio_load(const char *archive, size_t size);

/* pipe.c */
struct pipe *pipe_new(void);
int pipe_read(struct process *process, struct file *file, mach_port_t reply,
	      mach_msg_type_name_t reply_type, vm_address_t buffer, char *out,
	      vm_size_t count, vm_size_t *done);
int pipe_write(struct process *process, struct file *file, mach_port_t reply,
	       mach_msg_type_name_t reply_type, char *data, int out_of_line,
	       vm_size_t count, vm_size_t *done);
struct io_object;
int pipe_read_io(struct io_object *io, struct file *file, mach_port_t reply,
		 mach_msg_type_name_t reply_type, char *out, vm_size_t count,
		 vm_size_t *done);
int pipe_write_io(struct io_object *io, struct file *file, mach_port_t reply,
		  mach_msg_type_name_t reply_type, const char *data,
		  vm_size_t count, vm_size_t *done);
void pipe_close_end(struct pipe *pipe, int writer);
void pipe_forget_process(struct process *process);
void pipe_forget_io(struct pipe *pipe, struct io_object *io);
int pipe_interrupt_process(struct process *process, int error);

/* tty.c */
struct termios;
void tty_init(void);
boolean_t tty_demux(mach_msg_header_t *request, mach_msg_header_t *reply);
int tty_read(struct process *process, struct file *file, mach_port_t reply,
	     mach_msg_type_name_t reply_type, vm_address_t buffer,
	     vm_size_t count, vm_size_t *done);
void tty_forget_process(struct process *process);
void tty_get(struct termios *termios);
int tty_set(int action, const struct termios *termios);
void tty_signal_foreground(int signal);
/* Answers process's reads waiting on the console with error (EINTR, or
 * the restart code): a signal's handler is to run.  How many. */
int tty_interrupt_process(struct process *process, int error);
/* The console's foreground process group (0: none), and setting it: 0,
 * EINVAL, ENOTTY (the console is another session's controlling
 * terminal) or EPERM (no such group in the caller's session).  The
 * first to set it makes the console its session's controlling terminal:
 * init, at its start. */
pid_t tty_foreground(void);
int tty_set_foreground(struct process *caller, pid_t group);
/* Is the console the controlling terminal of process's session? */
int tty_controls(const struct process *process);
/* TIOCSCTTY, TIOCNOTTY (unix_tty_control): 0, EPERM, ENOTTY, EINVAL. */
int tty_control(struct process *caller, int request);
/* Before a process ends: if it leads the session the console controls,
 * the session loses its terminal and the foreground group gets SIGHUP
 * (POSIX's _exit). */
void tty_leader_ends(struct process *process);
/* Before caller writes to the terminal (always 0: TOSTOP decides) or
 * changes it (always 1): 0 to go on, or signal_terminal_stop's error
 * for a background process. */
int tty_output_check(struct process *caller, int always);
/* Whether a process of session sid (-1: any) is in group pgid (a zombie
 * counts until reaped). */
int group_exists(pid_t pgid, pid_t sid);
/* Whether group pgid is orphaned (POSIX: no member has a parent in
 * another group of its session). */
int group_orphaned(pid_t pgid);
/* Before p ends: notes in groups the groups its end may orphan (its own,
 * its children's) that are not orphaned now; returns their count.
 * After: group_hang_up sends SIGHUP and SIGCONT to each of them that is
 * orphaned now and has a stopped member. */
int group_watch(struct process *p, pid_t groups[UNIX_PROCESS_MAX]);
void group_hang_up(const pid_t *groups, int count);
/* user.c */
int user_path(const char *data, size_t count, char *path);
int user_write(struct process *process, vm_address_t address, const void *data,
	       size_t size);
void user_release(const void *data, size_t count);
void user_prefault(mach_msg_header_t *msg);

/* The private errno a path call answers when the bytes sent hold no NUL
 * yet: the library sends a longer span (libc/syscalls.c). */
#define UNIX_EPATHMORE 10000

#endif /* UNIX_SERVER_UNIX_H */
