/*
 * Machine-independent start-up: brings up the kernel's subsystems in
 * order, starts the boot modules as tasks and hands the processor to the
 * scheduler.  Also decides what happens when the last task has exited.
 *
 * Kernel command line options:
 *	onidle=exit	when no task is left, stop the machine (under QEMU:
 *			exit, status 0, which tests use); the default is to
 *			print a message and idle.
 *	crashtest	make a kernel page fault once the tasks are made,
 *			to see (and test) the kernel's fault report.
 *	fastpath=off	every message takes the general path (to test and
 *			measure it: ipc/ipc_fastpath.c).
 *	handoff=off	IPC makes the receiver runnable and lets the run
 *			queues choose the next thread, instead of switching
 *			to it directly (kern/sched.c).
 *	regipc=off	no register message trap: it is refused, and libmach
 *			uses mach_msg (ipc/mach_msg_regs.c).
 *	lightentry=off	the register trap's fast path leaves through the
 *			whole trap frame, its data words copied from frame
 *			to frame, instead of keeping them in the registers
 *			(ipc/ipc_fastpath.c).
 *	replycache=off	the register fast path gives each request's reply
 *			right an entry of its own from the free list, and
 *			the reply looks it up and frees it, instead of
 *			the receiving thread keeping one entry for them
 *			(ipc/ipc_space.h).
 *	fpu=eager	(x86_64/startup.c) FPU state moves at every switch
 *			between user threads, not on first use
 *			(x86_64/thread.c).
 *		These six switch off the L4 lessons one by one, to measure
 *		each (make bench LESSONS=1, docs/bench.md); the kernel names
 *		those switched off at boot.
 *	hotpath=off	the register trap goes to its fast path without
 *			trying the register hot path first (which every
 *			lesson switched off also turns off:
 *			ipc/ipc_hotpath.c).
 *	bootstrap	the first module is the bootstrap server, which
 *			starts the others (kern/bootstrap.c).
 *	failalloc=SPEC	make allocations fail on purpose (kern/failalloc.h).
 *	checktest=NAME	the checking kernel only: make the deliberate error
 *			NAME that one of its checks must catch
 *			(kern/checktest.c).
 */
#include <ipc/ipc_fastpath.h>
#include <ipc/ipc_hotpath.h>
#include <ipc/ipc_types.h>
#include <ipc/mach_msg_regs.h>
#include <kern/console_device.h>
#include <kern/failalloc.h>
#include <kern/host.h>
#include <kern/kalloc.h>
#include <kern/printf.h>
#include <kern/sched.h>
#include <kern/startup.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <machine/machine.h>
#include <vm/vm_map.h>
#include <vm/vm_pageout.h>
#include <vm/vm_pager.h>

static int exit_when_idle;

/* Sets *value to the decimal number text starts with (up to a space or
 * the end), if it is one. */
static void
cmdline_number(const char *text, uint32_t *value)
{
	uint64_t n = 0;
	const char *p = text;

	if (text == NULL)
		return;
	for (; *p >= '0' && *p <= '9' && n <= UINT32_MAX; p++)
		n = n * 10 + (*p - '0');
	if (p != text && (*p == '\0' || *p == ' ') && n <= UINT32_MAX)
		*value = (uint32_t)n;
}
static int tasks_started; /* the boot modules have all been started */

/* Whether the command line holds the word option. */
int
kernel_cmdline_has(const char *cmdline, const char *option)
{
	size_t len = strlen(option);

	for (const char *p = cmdline; *p != '\0';) {
		while (*p == ' ')
			p++;
		const char *word = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if ((size_t)(p - word) == len && memcmp(word, option, len) == 0)
			return 1;
	}
	return 0;
}

/* The value of the word "option=value" on the command line, or NULL.
 * It ends at the next space. */
static const char *
cmdline_value(const char *cmdline, const char *option)
{
	size_t len = strlen(option);

	for (const char *p = cmdline; *p != '\0';) {
		while (*p == ' ')
			p++;
		if (memcmp(p, option, len) == 0 && p[len] == '=')
			return p + len + 1;
		while (*p != '\0' && *p != ' ')
			p++;
	}
	return NULL;
}

/* A deliberate kernel fault: a read of an unmapped kernel address. */
static void __attribute__((noinline)) kernel_crash_test(void)
{
	volatile uint64_t *nowhere = (volatile uint64_t *)0xffff9fffdead0000ul;
	kprintf("kernel: crashtest: reading %p\n", (void *)nowhere);
	(void)*nowhere;
}

/* Names the L4 lessons switched off on the command line, if any. */
static void
kernel_report_lessons(void)
{
	if (ipc_fastpath_enabled && sched_handoff_enabled && ipc_regs_enabled &&
	    !machine_fpu_eager && ipc_light_entry_enabled &&
	    ipc_reply_cache_enabled)
		return;
	kprintf("kernel: lessons switched off:%s%s%s%s%s%s\n",
		ipc_fastpath_enabled ? "" : " fastpath",
		sched_handoff_enabled ? "" : " handoff",
		ipc_regs_enabled ? "" : " regipc",
		machine_fpu_eager ? " fpu(eager)" : "",
		ipc_light_entry_enabled ? "" : " lightentry",
		ipc_reply_cache_enabled ? "" : " replycache");
}

void
kernel_bootstrap(const struct boot_info *info)
{
	kprintf("kernel: command line \"%s\", %d boot modules\n",
		info->bi_cmdline, info->bi_module_count);
#ifdef MACH_CHECK
	kprintf("kernel: this is the checking kernel (docs/reliability.md)\n");
#endif
	exit_when_idle = kernel_cmdline_has(info->bi_cmdline, "onidle=exit");
	ipc_fastpath_enabled =
	    !kernel_cmdline_has(info->bi_cmdline, "fastpath=off");
	sched_handoff_enabled =
	    !kernel_cmdline_has(info->bi_cmdline, "handoff=off");
	ipc_regs_enabled = !kernel_cmdline_has(info->bi_cmdline, "regipc=off");
	ipc_fastpath_regs_enabled = ipc_fastpath_enabled && ipc_regs_enabled;
	ipc_light_entry_enabled =
	    !kernel_cmdline_has(info->bi_cmdline, "lightentry=off");
	ipc_fastpath_light_enabled =
	    ipc_fastpath_regs_enabled && ipc_light_entry_enabled;
	ipc_reply_cache_enabled =
	    !kernel_cmdline_has(info->bi_cmdline, "replycache=off");
	kernel_report_lessons();
	/* The hot paths are every lesson at once (ipc/ipc_hotpath.c, and
	 * mach_msg's in ipc/ipc_fastpath.c). */
	ipc_hotpath_enabled =
	    ipc_fastpath_light_enabled && ipc_reply_cache_enabled &&
	    sched_handoff_enabled && !machine_fpu_eager &&
	    !kernel_cmdline_has(info->bi_cmdline, "hotpath=off");
	if (ipc_hotpath_enabled)
		ipc_hotpath_option = MACH_SEND_MSG | MACH_RCV_MSG;
	if (kernel_cmdline_has(info->bi_cmdline, "hotpath=off"))
		kprintf("kernel: the register hot path switched off\n");
	if (!failalloc_init(cmdline_value(info->bi_cmdline, "failalloc")))
		kprintf("kernel: failalloc: a bad value, nothing will fail\n");
	cmdline_number(cmdline_value(info->bi_cmdline, "pagertimeout"),
		       &vm_pager_timeout_ms);

	kalloc_bootstrap();
	vm_map_bootstrap();
	sched_bootstrap();
	wait_bootstrap();
	ipc_bootstrap();
	host_bootstrap();
	thread_bootstrap();
	task_bootstrap();
	console_device_bootstrap();
	vm_pageout_bootstrap();
	bootstrap_create_tasks(
	    info, kernel_cmdline_has(info->bi_cmdline, "bootstrap"));
	if (kernel_cmdline_has(info->bi_cmdline, "crashtest"))
		kernel_crash_test();
#ifdef MACH_CHECK
	checktest_start(info->bi_cmdline);
#endif
	tasks_started = 1;
	if (task_count() == 0)
		kernel_all_tasks_exited();
	sched_start();
}

void
kernel_all_tasks_exited(void)
{
	if (!tasks_started)
		return;
	kprintf("kernel: all tasks have exited\n");
	if (exit_when_idle)
		machine_exit(0);
}
