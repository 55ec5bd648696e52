/*
 * The trap table: what each trap number (mach/traps.h) runs.
 *
 * Trap functions take the six argument registers and return the value for
 * rax.  They copy user data in and out with copyin/copyout only.
 */
#include <ipc/mach_msg.h>
#include <ipc/mach_msg_regs.h>
#include <kern/copyio.h>
#include <kern/ipc_tt.h>
#include <kern/sched.h>
#include <kern/syscall_sw.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/traps.h>
#include <stddef.h>

static uint64_t
mach_null_trap(const uint64_t *args)
{
	(void)args;
	return KERN_SUCCESS;
}

/* swtch_pri(priority): yields the processor; the argument is ignored. */
static uint64_t
mach_swtch_pri_trap(const uint64_t *args)
{
	(void)args;
	sched_yield();
	return KERN_SUCCESS;
}

/* thread_switch(thread, option, time): see kern/thread.h. */
static uint64_t
mach_thread_switch_trap(const uint64_t *args)
{
	return thread_switch((uint32_t)args[0], (int)args[1],
			     (uint32_t)args[2]);
}

/* set_tls(base): the calling thread's thread-local storage pointer. */
static uint64_t
mach_set_tls_trap(const uint64_t *args)
{
	if (!copyio_user_range_ok(args[0], 1))
		return KERN_INVALID_ADDRESS;
	machine_thread_set_tls(current_thread(), args[0]);
	return KERN_SUCCESS;
}

static const mach_trap_function_t mach_trap_table[MACH_TRAP_COUNT] = {
    [MACH_TRAP_NULL] = mach_null_trap,
    /* MACH_TRAP_MSG: the trap entry calls mach_msg_trap_frame itself. */
    [MACH_TRAP_REPLY_PORT] = mach_reply_port_trap,
    [MACH_TRAP_TASK_SELF] = mach_task_self_trap,
    [MACH_TRAP_THREAD_SELF] = mach_thread_self_trap,
    [MACH_TRAP_HOST_SELF] = mach_host_self_trap,
    [MACH_TRAP_SWTCH_PRI] = mach_swtch_pri_trap,
    [MACH_TRAP_SET_TLS] = mach_set_tls_trap,
    [MACH_TRAP_THREAD_SWITCH] = mach_thread_switch_trap,
    [MACH_TRAP_MSG_REGS] = mach_msg_regs_trap,
};

static const mach_trap_function_t
    debug_trap_table[DEBUG_TRAP_COUNT - DEBUG_TRAP_BASE] = {
	[DEBUG_TRAP_CONSOLE_WRITE - DEBUG_TRAP_BASE] = debug_trap_console_write,
};

uint64_t
mach_trap_dispatch(uint64_t number, const uint64_t *args)
{
	mach_trap_function_t function = NULL;

	if (number < MACH_TRAP_COUNT)
		function = mach_trap_table[number];
	else if (number >= DEBUG_TRAP_BASE && number < DEBUG_TRAP_COUNT)
		function = debug_trap_table[number - DEBUG_TRAP_BASE];
	if (function == NULL)
		return KERN_INVALID_ARGUMENT;
	return function(args);
}
