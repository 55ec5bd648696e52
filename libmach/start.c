/*
 * The C side of a native task's start (called from crt0.S): finds argc,
 * argv and the environment on the initial stack, runs the program's
 * constructors, calls main and exits with its status.
 *
 * mach_init (mach_init.c) comes first: the main thread's libmach data,
 * the task's cached port names and bootstrap_port.
 *
 * __progname is the task's name (argv[0], which the kernel sets to the
 * module's name), as in BSD's libc; tests/os/lib/tap.c prefixes its
 * lines with it.
 *
 * newlib's exit() runs the atexit handlers (the destructors are one of
 * them), flushes stdio and calls _exit (newlib_glue.c).  The
 * __*_array_start/end symbols come from the linker script (user.ld).
 */
#include <mach/mach_ipc.h>
#include <stdlib.h>

extern char **environ;
const char *__progname = "";
extern int main(int argc, char **argv, char **envp);

typedef void (*array_function_t)(void);
extern array_function_t __preinit_array_start[], __preinit_array_end[];
extern array_function_t __init_array_start[], __init_array_end[];
extern array_function_t __fini_array_start[], __fini_array_end[];

void libmach_start(long *stack) __attribute__((noreturn));

static void
run_fini_array(void)
{
	array_function_t *f;

	for (f = __fini_array_end; f > __fini_array_start;)
		(*--f)();
}

void
libmach_start(long *stack)
{
	int argc = (int)stack[0];
	char **argv = (char **)&stack[1];
	char **envp = argv + argc + 1;
	array_function_t *f;

	mach_init();
	environ = envp;
	if (argc > 0 && argv[0] != NULL)
		__progname = argv[0];
	for (f = __preinit_array_start; f < __preinit_array_end; f++)
		(*f)();
	for (f = __init_array_start; f < __init_array_end; f++)
		(*f)();
	atexit(run_fini_array);
	exit(main(argc, argv, envp));
}
