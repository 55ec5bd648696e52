/*
 * Machine-independent start-up: what the machine layer hands over once
 * the processor, memory and console work.
 */
#ifndef KERN_STARTUP_H
#define KERN_STARTUP_H

#include <machine/vm_param.h>

#define BOOT_MODULES_MAX 64
#define BOOT_CMDLINE_MAX 1024

struct boot_module {
	phys_addr_t bm_start;
	phys_addr_t bm_end;
	char bm_cmdline[BOOT_CMDLINE_MAX];
};

struct boot_info {
	char bi_cmdline[BOOT_CMDLINE_MAX]; /* the kernel's command line */
	int bi_module_count;
	struct boot_module bi_modules[BOOT_MODULES_MAX];
};

/* Brings up the machine-independent kernel and starts the first tasks.
 * Does not return. */
void kernel_bootstrap(const struct boot_info *info) __attribute__((noreturn));

/* Whether the kernel command line cmdline holds the word option. */
int kernel_cmdline_has(const char *cmdline, const char *option);

/* Called when the last task has gone: the kernel's work is done. */
void kernel_all_tasks_exited(void);

/*
 * Starts a task for each boot module (kern/bootstrap.c).  With a server
 * (kernel command line word "bootstrap"), the first module is the
 * bootstrap server: the others start suspended and it gets a send right
 * to each one's task port, named in its arguments as
 * "task:0xNAME:MODULE"; it sets their bootstrap port and resumes them.
 */
void bootstrap_create_tasks(const struct boot_info *info, int with_server);

#ifdef MACH_CHECK
/*
 * The checking kernel's deliberate errors (kern/checktest.c): makes the
 * one that cmdline names with checktest=NAME, if any.  Called once the
 * boot modules' tasks exist, before the scheduler starts.
 */
void checktest_start(const char *cmdline);
#endif

#endif /* KERN_STARTUP_H */
