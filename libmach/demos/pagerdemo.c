/*
 * pagerdemo: an external pager and a program that uses it, in one task.
 *
 *	pagerdemo [-z] [-l] [-d MS] [PAGES]
 *
 * The pager (a thread) serves a memory object whose data is an image in
 * its own memory: PAGES pages (default 64) of text lines.  It supplies a
 * page on each data request, takes written pages back into the image on
 * data_return, and ends the object on memory_object_terminate.  Options
 * make it the other pagers worth watching:
 *	-z	a zero-fill pager: every request is data_unavailable
 *	-l	a logging pager: prints every call it gets
 *	-d MS	a slow pager: waits MS milliseconds before each answer
 *
 * The main thread maps the object (vm_map), reads every page in order,
 * writes every fourth, asks the kernel to return the written ones and
 * flush them all (memory_object_lock_request), reads a few again at
 * random (asked of the pager again) and unmaps it.  Run it with pagertrace to see the traffic (docs/vm.md).
 */
#include <mach/mach_ipc.h>
#include <mach/mach_msg_server.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <mach/mach_traps.h>
#include <mach/memory_object_control.h>
#include <mach/memory_object_server.h>
#include <mach/vm_inherit.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE 4096

static mach_port_t self;
static mach_port_t object_port; /* the memory object (our receive right) */
static volatile mach_port_t control_port; /* the kernel's, from init */
static char *image;			  /* the object's data */
static vm_size_t image_size;
static int zero_fill, logging, delay_ms;
static volatile int terminated;

static void
pager_log(const char *call, vm_offset_t offset)
{
	if (logging)
		printf("pagerdemo: %s at %#lx\n", call, (unsigned long)offset);
}

static void
pager_delay(void)
{
	if (delay_ms > 0)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, delay_ms);
}

kern_return_t
memory_object_init(mach_port_t object, mach_port_t control, mach_port_t name,
		   vm_size_t page_size)
{
	(void)object;
	(void)page_size;
	pager_log("init", 0);
	mach_port_deallocate(self, name);
	control_port = control;
	return memory_object_ready(control, FALSE, MEMORY_OBJECT_COPY_DELAY);
}

kern_return_t
memory_object_data_request(mach_port_t object, mach_port_t control,
			   vm_offset_t offset, vm_size_t length,
			   vm_prot_t access)
{
	(void)object;
	(void)access;
	pager_log("data_request", offset);
	pager_delay();
	if (zero_fill || offset >= image_size)
		return memory_object_data_unavailable(control, offset, length);
	return memory_object_data_supply(
	    control, offset, (vm_offset_t)(image + offset), PAGE, FALSE,
	    VM_PROT_NONE, FALSE, MACH_PORT_NULL);
}

kern_return_t
memory_object_data_return(mach_port_t object, mach_port_t control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t count, boolean_t dirty,
			  boolean_t kernel_copy)
{
	(void)object;
	(void)control;
	(void)dirty;
	(void)kernel_copy;
	pager_log("data_return", offset);
	if (offset < image_size && count <= image_size - offset)
		memcpy(image + offset, (void *)data, count);
	vm_deallocate(self, data, count);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_terminate(mach_port_t object, mach_port_t control,
			mach_port_t name)
{
	(void)object;
	(void)control;
	(void)name;
	pager_log("terminate", 0);
	terminated = 1;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_lock_completed(mach_port_t object, mach_port_t control,
			     vm_offset_t offset, vm_size_t length)
{
	(void)object;
	(void)control;
	(void)length;
	pager_log("lock_completed", offset);
	return KERN_SUCCESS;
}

static void *
pager_thread(void *arg)
{
	(void)arg;
	mach_msg_server(memory_object_server, 8192, object_port, 0);
	return NULL;
}

/* The workload: the object's pages read, written, cleaned, read again. */
static int
workload(vm_size_t pages)
{
	vm_address_t base = 0;
	unsigned long sum = 0;

	if (vm_map(self, &base, pages * PAGE, 0, TRUE, object_port, 0, FALSE,
		   VM_PROT_DEFAULT, VM_PROT_ALL,
		   VM_INHERIT_NONE) != KERN_SUCCESS) {
		printf("pagerdemo: vm_map failed\n");
		return 0;
	}
	for (vm_size_t i = 0; i < pages; i++)
		sum += ((volatile unsigned char *)base)[i * PAGE];
	for (vm_size_t i = 0; i < pages; i += 4)
		((volatile char *)base)[i * PAGE] = '#';
	/* The written pages go back to the image, all leave memory. */
	memory_object_lock_request(control_port, 0, pages * PAGE,
				   MEMORY_OBJECT_RETURN_DIRTY, TRUE,
				   VM_PROT_NONE, MACH_PORT_NULL);
	unsigned seed = 7;
	for (int i = 0; i < 16; i++) {
		seed = seed * 1103515245 + 12345;
		sum += ((volatile unsigned char *)base)[(seed % pages) * PAGE];
	}
	vm_deallocate(self, base, pages * PAGE);
	printf("pagerdemo: read %lu pages, wrote %lu, checksum %lu\n",
	       (unsigned long)pages, (unsigned long)(pages + 3) / 4, sum);
	return 1;
}

int
main(int argc, char **argv)
{
	vm_size_t pages = 64;
	mach_thread_t thread;
	int opt;

	self = mach_task_self();
	while ((opt = getopt(argc, argv, "zld:")) != -1) {
		if (opt == 'z')
			zero_fill = 1;
		else if (opt == 'l')
			logging = 1;
		else if (opt == 'd')
			delay_ms = atoi(optarg);
		else
			return EXIT_FAILURE;
	}
	if (optind < argc)
		pages = strtoul(argv[optind], NULL, 0);
	image_size = pages * PAGE;
	image = malloc(image_size);
	if (image == NULL || pages == 0)
		return EXIT_FAILURE;
	for (vm_size_t i = 0; i < image_size; i += 32)
		snprintf(image + i, 32, "page %5u line %3u ......\n",
			 (unsigned)(i / PAGE % 100000),
			 (unsigned)(i % PAGE / 32));
	mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &object_port);
	mach_port_insert_right(self, object_port, object_port,
			       MACH_MSG_TYPE_MAKE_SEND);
	mach_thread_create(&thread, pager_thread, NULL);
	int ok = workload(pages);
	for (int i = 0; i < 200 && !terminated; i++)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 10);
	printf("pagerdemo: %s\n", terminated ? "the object was terminated"
					     : "no termination came");
	mach_port_destroy(self, object_port);
	mach_thread_join(thread, NULL);
	mach_port_destroy(self, control_port);
	return ok && terminated ? EXIT_SUCCESS : EXIT_FAILURE;
}
