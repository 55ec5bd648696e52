/*
 * Boot modules become the first tasks.
 *
 * Each module is a static ELF64 executable; its command line's first word
 * names it (the task takes the word's last path component as its name)
 * and the other words are its arguments.  A module that fails elf_check,
 * or cannot be loaded, is refused with a console message naming the
 * reason; the other modules still start.
 *
 * A task starts at the ELF entry point with the System V initial stack:
 *	rsp ->	argc, argv[0..argc-1], NULL, envp: NULL, auxv: AT_NULL 0
 * and all other registers zero.
 */
#include <kern/debug.h>
#include <kern/elf.h>
#include <kern/ipc_tt.h>
#include <kern/printf.h>
#include <kern/startup.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/vm_prot.h>
#include <vm/vm_user.h>

#define USER_STACK_TOP	(USER_MAX_ADDRESS - 0x100000ul)
#define USER_STACK_SIZE (256 * 1024ul)
#define ARGS_MAX	(BOOT_CMDLINE_MAX / 2 + BOOT_MODULES_MAX + 1)
#define ARG_TASK_MAX	(TASK_NAME_MAX + 24) /* "task:0x...:NAME" */

struct bootstrap_args {
	int ba_argc;
	char *ba_argv[ARGS_MAX];
	char ba_strings[BOOT_CMDLINE_MAX];
	char ba_extra[BOOT_MODULES_MAX][ARG_TASK_MAX]; /* added arguments */
};

/* Splits a module command line into words; argv[0] becomes the name. */
static void
bootstrap_split_args(const char *cmdline, struct bootstrap_args *args)
{
	char *p = args->ba_strings;

	memcpy(p, cmdline, BOOT_CMDLINE_MAX);
	p[BOOT_CMDLINE_MAX - 1] = '\0';
	args->ba_argc = 0;
	while (*p != '\0' && args->ba_argc < ARGS_MAX - 1) {
		while (*p == ' ')
			*p++ = '\0';
		if (*p == '\0')
			break;
		args->ba_argv[args->ba_argc++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
	}
	if (args->ba_argc == 0)
		args->ba_argv[args->ba_argc++] = "module";
	char *name = args->ba_argv[0];
	for (char *q = name; *q != '\0'; q++)
		if (*q == '/' && q[1] != '\0')
			args->ba_argv[0] = q + 1;
}

static vm_prot_t
bootstrap_segment_prot(int elf_prot)
{
	vm_prot_t prot = 0;
	if (elf_prot & ELF_PROT_READ)
		prot |= VM_PROT_READ;
	if (elf_prot & ELF_PROT_WRITE)
		prot |= VM_PROT_WRITE;
	if (elf_prot & ELF_PROT_EXEC)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

static kern_return_t
bootstrap_load_segments(struct task *task, const char *image,
			const struct elf_info *elf)
{
	for (int i = 0; i < elf->ei_nsegments; i++) {
		const struct elf_segment *seg = &elf->ei_segments[i];
		vm_offset_t start = trunc_page(seg->es_vaddr);
		vm_offset_t end = round_page(seg->es_vaddr + seg->es_memsz);
		kern_return_t kr = vm_allocate(task, &start, end - start, 0);
		if (kr == KERN_SUCCESS)
			kr = vm_user_write(task, seg->es_vaddr,
					   image + seg->es_offset,
					   seg->es_filesz);
		if (kr == KERN_SUCCESS)
			kr = vm_protect(task, start, end - start, FALSE,
					bootstrap_segment_prot(seg->es_prot));
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/*
 * Builds the initial stack and returns the stack pointer to start with.
 * The strings go at the top, the vectors below them, rsp 16-aligned.
 */
static kern_return_t
bootstrap_build_stack(struct task *task, const struct bootstrap_args *args,
		      uint64_t *sp)
{
	static uint64_t words[ARGS_MAX + 6];
	vm_offset_t base = USER_STACK_TOP - USER_STACK_SIZE;
	kern_return_t kr = vm_allocate(task, &base, USER_STACK_SIZE, 0);
	if (kr != KERN_SUCCESS)
		return kr;

	uint64_t top = USER_STACK_TOP;
	int n = 0;
	words[n++] = args->ba_argc;
	for (int i = 0; i < args->ba_argc; i++) {
		size_t len = strlen(args->ba_argv[i]) + 1;
		top -= len;
		kr = vm_user_write(task, top, args->ba_argv[i], len);
		if (kr != KERN_SUCCESS)
			return kr;
		words[n++] = top;
	}
	words[n++] = 0; /* end of argv */
	words[n++] = 0; /* envp: empty */
	words[n++] = 0; /* auxv: AT_NULL */
	words[n++] = 0;
	top &= ~15ul;
	if (n % 2 != 0)
		top -= 8;
	*sp = top - n * sizeof(uint64_t);
	return vm_user_write(task, *sp, words, n * sizeof(uint64_t));
}

/*
 * Checks a module and loads it into a new task, with no thread yet.
 * Returns KERN_SUCCESS with *task and *entry, or an error with *why.
 */
static kern_return_t
bootstrap_load_module(const struct boot_module *module,
		      const struct bootstrap_args *args, struct task **task,
		      uint64_t *entry, const char **why)
{
	struct elf_info elf;
	const char *image = phystokv(module->bm_start);
	size_t size = module->bm_end - module->bm_start;

	kern_return_t kr =
	    elf_check(image, size, USER_MIN_ADDRESS,
		      USER_STACK_TOP - USER_STACK_SIZE, &elf, why);
	if (kr != KERN_SUCCESS)
		return kr;
	*why = "out of memory";
	*task = task_allocate(args->ba_argv[0], NULL);
	if (*task == NULL)
		return KERN_RESOURCE_SHORTAGE;
	/* Whoever boots the machine chose the module: it may have the
	 * privileged host port (devices, tracing); the tasks it makes may
	 * not. */
	(*task)->task_privileged = 1;
	kr = bootstrap_load_segments(*task, image, &elf);
	if (kr != KERN_SUCCESS) {
		task_terminate(*task); /* no thread yet: destroys it */
		return kr;
	}
	*entry = elf.ei_entry;
	return KERN_SUCCESS;
}

/* Gives a loaded task its stack and first thread, and starts it. */
static kern_return_t
bootstrap_run_task(struct task *task, uint64_t entry,
		   const struct bootstrap_args *args)
{
	struct thread *thread;
	uint64_t sp;

	kern_return_t kr = bootstrap_build_stack(task, args, &sp);
	if (kr == KERN_SUCCESS)
		kr = thread_create_user(task, entry, sp, 0, &thread);
	if (kr != KERN_SUCCESS) {
		task_terminate(task);
		return kr;
	}
	thread_release(thread); /* a new thread has no suspend count */
	return KERN_SUCCESS;
}

static kern_return_t
bootstrap_start_module(const struct boot_module *module,
		       struct bootstrap_args *args, struct task **task,
		       const char **why)
{
	uint64_t entry;

	kern_return_t kr =
	    bootstrap_load_module(module, args, task, &entry, why);
	if (kr == KERN_SUCCESS)
		kr = bootstrap_run_task(*task, entry, args);
	return kr;
}

/*
 * Hands a started but suspended task to the bootstrap server: a send
 * right to its port, named in the argument "task:0xNAME:MODULE".
 */
static void
bootstrap_hand_over(struct task *server, struct bootstrap_args *server_args,
		    struct task *task)
{
	int n = server_args->ba_argc;
	if (n >= ARGS_MAX - 1 || n - 1 >= BOOT_MODULES_MAX)
		return;
	mach_port_name_t name =
	    ipc_task_copyout_send(server, convert_task_to_port(task));
	char *arg = server_args->ba_extra[n - 1];
	ksnprintf(arg, ARG_TASK_MAX, "task:%#x:%s", name, task->task_name);
	server_args->ba_argv[server_args->ba_argc++] = arg;
}

static void
bootstrap_refuse(const struct boot_module *module, const char *why)
{
	static struct bootstrap_args args;

	bootstrap_split_args(module->bm_cmdline, &args);
	kprintf("kernel: module %s refused: %s\n", args.ba_argv[0], why);
}

void
bootstrap_create_tasks(const struct boot_info *info, int with_server)
{
	static struct bootstrap_args server_args, args;
	struct task *server = NULL;
	uint64_t server_entry = 0;
	const char *why = "unknown error";
	int first = 0;

	if (with_server && info->bi_module_count > 0) {
		bootstrap_split_args(info->bi_modules[0].bm_cmdline,
				     &server_args);
		if (bootstrap_load_module(&info->bi_modules[0], &server_args,
					  &server, &server_entry,
					  &why) != KERN_SUCCESS)
			bootstrap_refuse(&info->bi_modules[0], why);
		first = 1;
	}
	for (int i = first; i < info->bi_module_count; i++) {
		struct task *task;
		bootstrap_split_args(info->bi_modules[i].bm_cmdline, &args);
		if (bootstrap_start_module(&info->bi_modules[i], &args, &task,
					   &why) != KERN_SUCCESS) {
			bootstrap_refuse(&info->bi_modules[i], why);
			continue;
		}
		if (server != NULL) {
			task_suspend(task); /* the server resumes it */
			bootstrap_hand_over(server, &server_args, task);
		}
	}
	if (server != NULL && bootstrap_run_task(server, server_entry,
						 &server_args) != KERN_SUCCESS)
		bootstrap_refuse(&info->bi_modules[0], "out of memory");
}
