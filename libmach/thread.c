/*
 * thread_spawn: a new thread that runs an ordinary C function.
 *
 * debug_thread_create starts a thread at a pc with a bare stack pointer
 * and one argument; a C function expects an aligned stack with a return
 * address below it, and must not return into nothing.  thread_spawn
 * therefore starts the thread in thread_trampoline, with the function
 * and its argument stored at the top of the new stack; the trampoline
 * aligns the stack, calls the function and ends the thread.
 */
#include <mach/mach_ipc.h>
#include <mach/mach_traps.h>
#include <stdint.h>

struct thread_start {
	void (*ts_function)(void *);
	void *ts_argument;
	struct libmach_thread ts_thread; /* the thread's libmach data */
};

void thread_trampoline(struct thread_start *start);
void thread_main(struct thread_start *start) __attribute__((noreturn));

/* rdi = the struct thread_start at the top of the new stack. */
__asm__(".text\n"
	".type thread_trampoline, @function\n"
	"thread_trampoline:\n"
	"	xorl	%ebp, %ebp\n"
	"	andq	$-16, %rsp\n"
	"	call	thread_main\n"
	"	ud2\n"
	".size thread_trampoline, . - thread_trampoline\n");

void
thread_main(struct thread_start *start)
{
	libmach_thread_init(&start->ts_thread);
	start->ts_function(start->ts_argument);
	libmach_thread_release();
	debug_thread_exit();
}

long
thread_spawn(void (*fn)(void *), void *arg, void *stack, size_t size)
{
	/* 16-byte aligned whatever the struct's size. */
	uintptr_t top = (uintptr_t)stack + size - sizeof(struct thread_start);
	struct thread_start *start = (struct thread_start *)(top & ~15ul);

	if (size < 256)
		return 0;
	start->ts_function = fn;
	start->ts_argument = arg;
	return debug_thread_create((void (*)(void *))thread_trampoline, start,
				   start);
}
