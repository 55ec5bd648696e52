/*
 * thread_spawn: a new thread that runs an ordinary C function, made with
 * the kernel's thread interface (thread_create, thread_set_state,
 * thread_resume); and the end of a thread.
 *
 * The function, its argument, the thread's libmach data and its port
 * are stored at the top of the new stack.  The thread starts in
 * libmach_thread_trampoline (which mach_thread_create uses too), which
 * aligns the stack and calls thread_main: it sets up the thread's data,
 * calls the function and ends the thread.
 *
 * A thread ends by sending thread_terminate to its own port as a one-way
 * message that moves its send right: no reply port is needed and no name
 * is left behind (the kernel ends the thread on its way back).
 */
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/task.h>
#include <mach/thread.h>
#include <stdint.h>
#include <string.h>

struct thread_start {
	void (*ts_function)(void *);
	void *ts_argument;
	mach_port_t ts_port;		 /* the thread's own port */
	struct libmach_thread ts_thread; /* the thread's libmach data */
};

void libmach_thread_trampoline(void);

/* A new thread's first instructions: entry (rsi) is called with arg
 * (rdi) on an aligned stack, as the outermost frame; it does not return. */
__asm__(".text\n"
	".type libmach_thread_trampoline, @function\n"
	"libmach_thread_trampoline:\n"
	"	xorl	%ebp, %ebp\n"
	"	andq	$-16, %rsp\n"
	"	call	*%rsi\n"
	"	ud2\n"
	".size libmach_thread_trampoline, . - libmach_thread_trampoline\n");

kern_return_t
libmach_thread_set_start(mach_port_t thread, void (*entry)(void *), void *arg,
			 void *stack_top)
{
	struct x86_64_thread_state state;

	memset(&state, 0, sizeof(state));
	state.rip = (uint64_t)(uintptr_t)libmach_thread_trampoline;
	state.rsp = (uint64_t)(uintptr_t)stack_top;
	state.rdi = (uint64_t)(uintptr_t)arg;
	state.rsi = (uint64_t)(uintptr_t)entry;
	return thread_set_state(thread, THREAD_STATE_X86_64,
				(thread_state_t)&state,
				THREAD_STATE_X86_64_COUNT);
}

/* Ends the calling thread through its port (see the file's comment). */
static void __attribute__((noreturn)) thread_end(mach_port_t self)
{
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = self,
	    .msgh_local_port = MACH_PORT_NULL,
	    .msgh_id = thread_MSG_ID_BASE, /* thread_terminate */
	};

	libmach_thread_release();
	/* Once served, the request does not return.  While memory is short
	 * it may not be sent, or not be served (the right is used up then:
	 * name the thread again). */
	for (;;) {
		msg.msgh_remote_port = self;
		if (mach_msg(&msg, MACH_SEND_MSG, sizeof(msg), 0,
			     MACH_PORT_NULL, 0,
			     MACH_PORT_NULL) == MACH_MSG_SUCCESS)
			self = mach_thread_self();
		swtch_pri(0);
	}
}

static void __attribute__((noreturn)) thread_main(void *arg)
{
	struct thread_start *start = arg;

	libmach_thread_init(&start->ts_thread);
	start->ts_function(start->ts_argument);
	thread_end(start->ts_port);
}

void
libmach_thread_exit(void)
{
	thread_end(mach_thread_self());
}

long
thread_spawn(void (*fn)(void *), void *arg, void *stack, size_t size)
{
	/* 16-byte aligned whatever the struct's size. */
	uintptr_t top = (uintptr_t)stack + size - sizeof(struct thread_start);
	struct thread_start *start = (struct thread_start *)(top & ~15ul);
	thread_t thread;

	if (size < sizeof(*start) + 256 ||
	    thread_create(mach_task_self(), &thread) != KERN_SUCCESS)
		return 0;
	start->ts_function = fn;
	start->ts_argument = arg;
	start->ts_port = thread;
	if (libmach_thread_set_start(thread, thread_main, start, start) !=
		KERN_SUCCESS ||
	    thread_resume(thread) != KERN_SUCCESS) {
		/* Again while memory is short: a thread left behind would
		 * wait, suspended, forever. */
		for (int try = 0;
		     try < MACH_SHORTAGE_TRIES &&
		     mach_short_of_memory(thread_terminate(thread));
		     try++)
			swtch_pri(0);
		mach_port_deallocate(mach_task_self(), thread);
		return 0;
	}
	return thread;
}
