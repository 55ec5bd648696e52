/*
 * The UNIX server's io interface (personalities/unix/io.defs): the one
 * user-level server the fuzzer aims at, in a boot that has it (the
 * argument io=1: tests/unix/boots/fuzz-io.boot, tools/fuzz.pl --io).
 * The supervisor asks the server for an io port on its root
 * (unix_io_root) and gives each worker a copy (fw_io_root); the worker
 * opens files, directories, /dev/null and /dev/zero, and pipes from it,
 * keeps their io ports in a pool of its own (and among FZ_SEND, where
 * the other families' random messages find them), and calls every
 * routine on them, on ports of the wrong kind and on random names,
 * with hostile counts, offsets, flags, paths (bytes without a NUL,
 * "..", long names) and argument blocks; a fifth of the requests are
 * mutated on their way as the kernel's are (stubs.c).  A request must
 * get an answer or an error, and the server live on: the leak check
 * after each batch counts the server's ports and tasks too, so an io
 * port that outlives its last send right is a leak.
 *
 * The server is a task, not the kernel: its answer takes a while, so
 * these calls wait up to FZ_IO_TIMEOUT for it (an answer that comes
 * later lands in the reply port and is dropped).  Kept out, so that the
 * worker's end leaves nothing behind:
 *  - the console: the paths never name /dev/console or /dev/tty (bytes
 *    written there would mix with the console lines the run is judged
 *    by);
 *  - a loaded task: io_exec_load answers a new task that nobody else
 *    holds, lost if the worker ends (or the answer comes late) before
 *    it ends it, so it is asked only for what cannot load (a directory,
 *    a missing file, an empty path);
 *  - a process that lives on: io_spawn runs /bin/true or /bin/false
 *    (or fails), and its pid goes to the supervisor at once, which ends
 *    and reaps it after the batch (io_process_status).
 *
 *	fz_io_ops	open, data, paths, pipe, flags, spawn, processes
 */
#include "fuzz.h"

#include "gen/io.h"
#include "gen/task.h"
#include <fcntl.h>
#include <signal.h>
#include <string.h>

#define FZ_IO_TIMEOUT 200 /* ms: the server is a task of its own */
#define FZ_IO_POOL    8
#define FZ_IO_DATA    8192 /* io.defs' IO_DATA_MAX */

/* The batch's io ports, and the processes its io_spawn made and told
 * the supervisor of (the worker is a fresh copy each batch: empty). */
static mach_port_t fz_io_pool[FZ_IO_POOL];
static unsigned fz_io_next;
static int fz_io_spawned[256];
static unsigned fz_io_spawned_count;

static void
fz_io_keep(mach_port_t port)
{
	if (!MACH_PORT_VALID(port))
		return;
	fz_io_pool[fz_io_next++ % FZ_IO_POOL] = port;
	fz_pool_add(FZ_SEND, port);
}

/* The port a call goes to: the root, one of the batch's io ports, or
 * any name at all (a kernel object, a receive right, junk). */
static mach_port_t
fz_io_target(struct fz_call *call)
{
	unsigned pick = FZ_BELOW(call, 10);

	if (pick < 3)
		return fz_world.fw_io_root;
	if (pick < 8) {
		mach_port_t port = fz_io_pool[FZ_BELOW(call, FZ_IO_POOL)];
		return port != MACH_PORT_NULL ? port : fz_world.fw_io_root;
	}
	return fz_pick(call, FZ_ANY);
}

/* Paths: names the tests' tree has, names the batch may make, and
 * hostile ones; never the console's. */
static const char *const fz_io_paths[] = {
    "/",
    "/tmp",
    "/tmp/fz",
    "/tmp/fz/a",
    "/tmp/fz/b",
    "/tmp/fz/d",
    "/tmp/fz/d/e",
    "fz-rel",
    "..",
    ".",
    "/dev/null",
    "/dev/zero",
    "/bin/true",
    "/bin",
    "/etc/passwd",
    "/tmp/fz/../fz/a",
    "/nonexistent",
    "/tmp/fz/a/b",
    "//tmp///fz//a//",
    "/tmp/fz/link",
};

/* A path into buffer (room bytes); its count, which may leave out the
 * NUL, or run past it. */
static mach_msg_type_number_t
fz_io_path(struct fz_call *call, char *buffer, size_t room)
{
	unsigned pick = FZ_BELOW(call, 20);

	if (pick < 16) {
		const char *path =
		    fz_io_paths[FZ_BELOW(call, FZ_ARRAY_SIZE(fz_io_paths))];
		size_t length = strlen(path) + 1;
		memcpy(buffer, path, length);
		return FZ_CHANCE(call, 90) ? length : length - 1; /* no NUL */
	}
	/* junk, a very long name, or a long path of short names */
	size_t length = 1 + FZ_BELOW(call, (uint32_t)room - 1);
	for (size_t i = 0; i < length; i++)
		buffer[i] = pick == 16	 ? (char)FZ_RAND(call)
			    : pick == 17 ? 'x'
					 : (i % 2 ? '/' : 'q');
	if (pick != 16) /* no stray "console" from junk: it has no '/' */
		buffer[length - 1] = '\0';
	else
		for (size_t i = 0; i < length; i++)
			if (buffer[i] == '/')
				buffer[i] = '_';
	return (mach_msg_type_number_t)length;
}

/* open(2)'s flags: mostly sensible ones, sometimes anything. */
static int
fz_io_flags_value(struct fz_call *call)
{
	static const int extra[] = {O_CREAT,	O_EXCL,		 O_TRUNC,
				    O_APPEND,	O_NONBLOCK,	 O_DIRECTORY,
				    O_NOFOLLOW, O_CREAT | O_EXCL};

	if (FZ_CHANCE(call, 10))
		return (int)FZ_RAND(call);
	int flags = (int)FZ_BELOW(call, 3); /* O_RDONLY, O_WRONLY, O_RDWR */
	for (int i = FZ_BELOW(call, 3); i > 0; i--)
		flags |= extra[FZ_BELOW(call, FZ_ARRAY_SIZE(extra))];
	if (FZ_CHANCE(call, 60))
		flags |= O_NONBLOCK; /* a pipe answers now */
	return flags;
}

static void
fz_op_io_open(struct fz_call *call)
{
	char path[1024];
	mach_msg_type_number_t count = fz_io_path(call, path, sizeof(path));
	mach_port_t dir = fz_io_target(call), file = MACH_PORT_NULL;
	int flags = fz_io_flags_value(call), error = 0;
	int mode = FZ_CHANCE(call, 80) ? 0644 : (int)FZ_RAND(call);

	kern_return_t kr =
	    fz_io_open(dir, path, count, flags, mode, &error, &file);
	fz_say(call, "io_open(%#x, %u bytes, %#x) -> %#x error %d port %#x",
	       dir, count, flags, kr, error, file);
	if (kr == KERN_SUCCESS && error == 0)
		fz_io_keep(file);
}

static void
fz_op_io_data(struct fz_call *call)
{
	static char data[FZ_IO_DATA];
	mach_port_t file = fz_io_target(call);
	mach_msg_type_number_t count = FZ_IO_DATA;
	int error = 0, done = 0;
	int64_t position = 0;
	kern_return_t kr;

	switch (FZ_BELOW(call, 6)) {
	case 0: {
		int want = FZ_CHANCE(call, 80) ? (int)FZ_BELOW(call, 9000)
					       : (int)FZ_RAND(call);
		kr = fz_io_read(file, want, &error, data, &count);
		fz_say(call, "io_read(%#x, %d) -> %#x error %d", file, want, kr,
		       error);
		break;
	}
	case 1:
		count = FZ_BELOW(call, FZ_IO_DATA + 1);
		memset(data, 'f', count);
		kr = fz_io_write(file, data, count, &error, &done);
		fz_say(call, "io_write(%#x, %u) -> %#x error %d done %d", file,
		       count, kr, error, done);
		break;
	case 2: {
		int64_t offset = FZ_CHANCE(call, 70)
				     ? (int64_t)FZ_BELOW(call, 3 * FZ_IO_DATA)
				     : (int64_t)fz_edge64(call);
		int whence = FZ_CHANCE(call, 90) ? (int)FZ_BELOW(call, 3)
						 : (int)FZ_RAND(call);
		kr = fz_io_seek(file, offset, whence, &error, &position);
		fz_say(call, "io_seek(%#x, %lld, %d) -> %#x error %d", file,
		       (long long)offset, whence, kr, error);
		break;
	}
	case 3:
		count = 256;
		kr = fz_io_stat(file, &error, data, &count);
		fz_say(call, "io_stat(%#x) -> %#x error %d", file, kr, error);
		break;
	case 4: {
		int want = FZ_CHANCE(call, 80) ? (int)FZ_BELOW(call, 9000)
					       : (int)FZ_RAND(call);
		kr = fz_io_read_directory(file, want, &error, data, &count);
		fz_say(call, "io_read_directory(%#x, %d) -> %#x error %d", file,
		       want, kr, error);
		break;
	}
	default: {
		/* lengths beyond a few pages would fill the RAM file system */
		int64_t length = FZ_CHANCE(call, 80)
				     ? (int64_t)FZ_BELOW(call, 4 * FZ_IO_DATA)
				     : -(int64_t)FZ_BELOW(call, 1000) - 1;
		kr = fz_io_truncate(file, length, &error);
		fz_say(call, "io_truncate(%#x, %lld) -> %#x error %d", file,
		       (long long)length, kr, error);
		break;
	}
	}
}

static void
fz_op_io_paths(struct fz_call *call)
{
	char path[1024], other[1024];
	mach_msg_type_number_t count = fz_io_path(call, path, sizeof(path));
	mach_port_t dir = fz_io_target(call);
	int error = 0;
	kern_return_t kr;

	switch (FZ_BELOW(call, 4)) {
	case 0: {
		char stat[256];
		mach_msg_type_number_t stat_count = sizeof(stat);
		int follow = (int)FZ_BELOW(call, 2);
		kr = fz_io_path_stat(dir, path, count, follow, &error, stat,
				     &stat_count);
		fz_say(call, "io_path_stat(%#x, %u bytes) -> %#x error %d", dir,
		       count, kr, error);
		break;
	}
	case 1: {
		int mode = FZ_CHANCE(call, 80) ? 0755 : (int)FZ_RAND(call);
		kr = fz_io_make_directory(dir, path, count, mode, &error);
		fz_say(call, "io_make_directory(%#x, %u bytes) -> %#x error %d",
		       dir, count, kr, error);
		break;
	}
	case 2: {
		int directory = (int)FZ_BELOW(call, 3); /* 2: neither */
		kr = fz_io_remove(dir, path, count, directory, &error);
		fz_say(call, "io_remove(%#x, %u bytes, %d) -> %#x error %d",
		       dir, count, directory, kr, error);
		break;
	}
	default: {
		mach_msg_type_number_t other_count =
		    fz_io_path(call, other, sizeof(other));
		kr = fz_io_rename(dir, path, count, other, other_count, &error);
		fz_say(call, "io_rename(%#x, %u, %u bytes) -> %#x error %d",
		       dir, count, other_count, kr, error);
		break;
	}
	}
}

static void
fz_op_io_pipe(struct fz_call *call)
{
	mach_port_t port = fz_io_target(call);
	mach_port_t reader = MACH_PORT_NULL, writer = MACH_PORT_NULL;
	int flags = FZ_CHANCE(call, 80) ? O_NONBLOCK * (int)FZ_BELOW(call, 2)
					: (int)FZ_RAND(call);
	int error = 0;

	kern_return_t kr = fz_io_pipe(port, flags, &error, &reader, &writer);
	fz_say(call, "io_pipe(%#x, %#x) -> %#x error %d", port, flags, kr,
	       error);
	if (kr == KERN_SUCCESS && error == 0) {
		fz_io_keep(reader);
		fz_io_keep(writer);
	}
}

static void
fz_op_io_flags(struct fz_call *call)
{
	mach_port_t file = fz_io_target(call);
	int set =
	    FZ_CHANCE(call, 90) ? (int)FZ_BELOW(call, 2) : (int)FZ_RAND(call);
	int flags = fz_io_flags_value(call), error = 0, now = 0;

	kern_return_t kr = fz_io_flags(file, set, flags, &error, &now);
	fz_say(call, "io_flags(%#x, %d, %#x) -> %#x error %d now %#x", file,
	       set, flags, kr, error, now);
	int objects = 0;
	if (FZ_CHANCE(call, 20)) {
		kr = fz_io_statistics(file, &objects);
		fz_say(call, "; io_statistics -> %#x %d", kr, objects);
	}
}

/* An argument block of argc + envc strings, well formed or not. */
static mach_msg_type_number_t
fz_io_args(struct fz_call *call, char *block, size_t room, int *argc, int *envc)
{
	static const char good[] = "true\0x\0PATH=/bin";

	*argc = 2;
	*envc = 1;
	if (FZ_CHANCE(call, 60)) {
		memcpy(block, good, sizeof(good));
		return sizeof(good);
	}
	size_t length = FZ_BELOW(call, (uint32_t)room);
	for (size_t i = 0; i < length; i++)
		block[i] = FZ_CHANCE(call, 20) ? '\0' : (char)FZ_RAND(call);
	*argc =
	    FZ_CHANCE(call, 50) ? (int)FZ_BELOW(call, 8) : (int)fz_edge64(call);
	*envc =
	    FZ_CHANCE(call, 50) ? (int)FZ_BELOW(call, 8) : (int)fz_edge64(call);
	return (mach_msg_type_number_t)length;
}

/* Tells the supervisor of a process made for us (it ends it later). */
static void
fz_io_report_pid(int pid)
{
	struct fz_pid_msg msg;

	memset(&msg, 0, sizeof(msg));
	msg.fp_header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	msg.fp_header.msgh_size = sizeof(msg);
	msg.fp_header.msgh_remote_port = fz_world.fw_report;
	msg.fp_header.msgh_id = FZ_MSG_PID;
	msg.fp_pid = pid;
	if (fz_io_spawned_count < FZ_ARRAY_SIZE(fz_io_spawned) &&
	    mach_msg(&msg.fp_header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		     sizeof(msg), 0, MACH_PORT_NULL, 100,
		     MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		fz_io_spawned[fz_io_spawned_count++] = pid;
}

unsigned
fz_io_end(void)
{
	struct fz_tls *tls = fz_tls_self();
	mach_msg_timeout_t saved = tls->ft_timeout;
	unsigned mutate = fz_mutation_off();

	tls->ft_timeout = FZ_IO_TIMEOUT;
	for (unsigned i = 0; i < fz_io_spawned_count; i++) {
		int error, status;
		fz_io_process_status(fz_world.fw_io_root, fz_io_spawned[i],
				     &error, &status);
	}
	tls->ft_timeout = saved;
	fz_mutation_restore(mutate);
	return fz_io_spawned_count;
}

static void
fz_op_io_spawn(struct fz_call *call)
{
	static const char *const programs[] = {"/bin/true", "/bin/false",
					       "/nonexistent", "/tmp"};
	static char block[512];
	char path[1024];
	mach_port_t files[4];
	mach_port_t dir = fz_io_target(call), task = MACH_PORT_NULL;
	int argc, envc, error = 0, pid = 0;
	mach_msg_type_number_t count;

	if (FZ_CHANCE(call, 80)) {
		const char *program =
		    programs[FZ_BELOW(call, FZ_ARRAY_SIZE(programs))];
		count = strlen(program) + 1;
		memcpy(path, program, count);
	} else {
		count = fz_io_path(call, path, sizeof(path));
	}
	mach_msg_type_number_t args =
	    fz_io_args(call, block, sizeof(block), &argc, &envc);
	mach_msg_type_number_t file_count = FZ_BELOW(call, 5);
	for (unsigned i = 0; i < file_count; i++)
		files[i] =
		    FZ_CHANCE(call, 70) ? fz_io_target(call) : MACH_PORT_NULL;
	int umask = FZ_CHANCE(call, 90) ? 022 : (int)FZ_RAND(call);
	/* the pid must reach the supervisor: the request goes as made */
	unsigned saved = fz_mutation_off();
	kern_return_t kr =
	    fz_io_spawn(dir, path, count, block, args, argc, envc, files,
			file_count, umask, &error, &pid, &task);
	fz_mutation_restore(saved);
	if (kr == KERN_SUCCESS && error == 0 && pid > 0)
		fz_io_report_pid(pid);
	fz_say(call,
	       "io_spawn(%#x, %u bytes, %u args, %d %d, %u files) -> "
	       "%#x error %d pid %d",
	       dir, count, args, argc, envc, file_count, kr, error, pid);
	if (MACH_PORT_VALID(task))
		fz_pool_add(FZ_KOBJECT, task);
}

static void
fz_op_io_exec_load(struct fz_call *call)
{
	static const char *const unloadable[] = {"/tmp", "/nonexistent", "",
						 "/dev/null", "/etc/passwd"};
	static char block[512];
	const char *path =
	    unloadable[FZ_BELOW(call, FZ_ARRAY_SIZE(unloadable))];
	mach_port_t dir = fz_io_target(call), task = MACH_PORT_NULL;
	vm_address_t entry = 0, stack = 0;
	int argc, envc, error = 0, lite = 0;
	mach_msg_type_number_t args =
	    fz_io_args(call, block, sizeof(block), &argc, &envc);

	unsigned saved = fz_mutation_off(); /* no path it could load */
	kern_return_t kr =
	    fz_io_exec_load(dir, (char *)path, strlen(path) + 1, block, args,
			    argc, envc, &error, &task, &entry, &stack, &lite);
	fz_mutation_restore(saved);
	fz_say(call, "io_exec_load(%#x, %s) -> %#x error %d", dir, path, kr,
	       error);
	if (MACH_PORT_VALID(task)) { /* a bug: end it, and say so */
		fz_task_terminate(task);
		fz_check_failed(call, "io_exec_load of %s made a task", path);
	}
}

static void
fz_op_io_process(struct fz_call *call)
{
	mach_port_t port = fz_io_target(call);
	int pid = FZ_CHANCE(call, 70) ? (int)FZ_BELOW(call, 200)
				      : (int)fz_edge64(call);
	int error = 0, status = 0;
	kern_return_t kr;

	if (FZ_CHANCE(call, 50)) {
		/* a stop too: the supervisor's io_process_status after
		 * the batch ends a stopped process as any other */
		int sig = FZ_CHANCE(call, 80) ? (int)FZ_BELOW(call, 40)
					      : (int)fz_edge64(call);
		kr = fz_io_process_signal(port, pid, sig, &error);
		fz_say(call, "io_process_signal(%#x, %d, %d) -> %#x error %d",
		       port, pid, sig, kr, error);
		return;
	}
	kr = fz_io_process_status(port, pid, &error, &status);
	fz_say(call, "io_process_status(%#x, %d) -> %#x error %d status %#x",
	       port, pid, kr, error, status);
}

/* Each op runs only with fw_io_root (ops.c gives them no weight
 * otherwise); the calls wait for the server's answers. */
#define FZ_IO_OP(name, body) \
	static void name##_waiting(struct fz_call *call) \
	{ \
		struct fz_tls *tls = fz_tls_self(); \
		mach_msg_timeout_t saved = tls->ft_timeout; \
		if (fz_world.fw_io_root == MACH_PORT_NULL) \
			return; \
		tls->ft_timeout = FZ_IO_TIMEOUT; \
		body(call); \
		tls->ft_timeout = saved; \
	}

FZ_IO_OP(fz_op_io_open, fz_op_io_open)
FZ_IO_OP(fz_op_io_data, fz_op_io_data)
FZ_IO_OP(fz_op_io_paths, fz_op_io_paths)
FZ_IO_OP(fz_op_io_pipe, fz_op_io_pipe)
FZ_IO_OP(fz_op_io_flags, fz_op_io_flags)
FZ_IO_OP(fz_op_io_spawn, fz_op_io_spawn)
FZ_IO_OP(fz_op_io_exec_load, fz_op_io_exec_load)
FZ_IO_OP(fz_op_io_process, fz_op_io_process)

const struct fz_op fz_io_ops[] = {
    {"io-open", fz_op_io_open_waiting, 6, 0, 1},
    {"io-data", fz_op_io_data_waiting, 8, 0, 1},
    {"io-paths", fz_op_io_paths_waiting, 5, 0, 1},
    {"io-pipe", fz_op_io_pipe_waiting, 2, 0, 1},
    {"io-flags", fz_op_io_flags_waiting, 3, 0, 1},
    {"io-spawn", fz_op_io_spawn_waiting, 2, 0, 1},
    {"io-exec-load", fz_op_io_exec_load_waiting, 1, 0, 1},
    {"io-process", fz_op_io_process_waiting, 3, 0, 1},
};
const unsigned fz_io_op_count = FZ_ARRAY_SIZE(fz_io_ops);
