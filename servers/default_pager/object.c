/*
 * The default pager's memory objects: one for each internal object the
 * kernel has paged out of (memory_object_create gives it the object's
 * port), holding the pages it was given (memory_object_data_initialize
 * the first time, memory_object_data_return after) in the store, and
 * giving them back on memory_object_data_request.  The kernel asks only
 * for pages it gave (its existence map); any other request is answered
 * data_unavailable.  memory_object_terminate frees them all.
 *
 * A page's slot is found in a radix tree by page number: leaves of
 * DP_LEAF_SLOTS slots, interior nodes of DP_NODE_SLOTS pointers, as
 * many levels as the object's size needs; nodes are pool pages,
 * made as pages arrive.
 */
#include "default_pager.h"
#include "store.h"

#include <mach/mach_port.h>
#include <mach/memory_object_control.h>
#include <mach/memory_object_server.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <stdio.h>
#include <string.h>

#include "memory_object_default_server.h"

#define DP_LEAF_SHIFT 8 /* 256 slots of 16 bytes: a page */
#define DP_LEAF_SLOTS (1ul << DP_LEAF_SHIFT)
#define DP_NODE_SHIFT 9 /* 512 pointers: a page */
#define DP_NODE_SLOTS (1ul << DP_NODE_SHIFT)

struct dp_object {
	struct dp_object *do_next;
	mach_port_t do_port;	/* its receive right */
	mach_port_t do_control; /* the kernel's control port */
	unsigned int do_levels; /* interior levels above the leaves */
	void *do_root;		/* a leaf if do_levels is 0; NULL: none */
	unsigned long do_pages; /* pages held */
};

static struct dp_object *dp_objects;	  /* alive */
static struct dp_object *dp_objects_free; /* structs to reuse */
static struct dp_store *dp_store = &dp_memory_store;
/* A page's data on its way out: wired (bss). */
static char dp_buffer[DP_PAGE_SIZE] __attribute__((aligned(DP_PAGE_SIZE)));

const char *
dp_store_name(void)
{
	return dp_store->st_name;
}

static struct dp_object *
dp_object_alloc(void)
{
	if (dp_objects_free == NULL) {
		char *page = dp_pool_alloc();
		if (page == NULL)
			return NULL;
		for (size_t at = 0;
		     at + sizeof(struct dp_object) <= DP_PAGE_SIZE;
		     at += sizeof(struct dp_object)) {
			struct dp_object *o = (struct dp_object *)(page + at);
			o->do_next = dp_objects_free;
			dp_objects_free = o;
		}
	}
	struct dp_object *object = dp_objects_free;
	dp_objects_free = object->do_next;
	memset(object, 0, sizeof(*object));
	return object;
}

static struct dp_object *
dp_object_find(mach_port_t port)
{
	struct dp_object *object = dp_objects;

	while (object != NULL && object->do_port != port)
		object = object->do_next;
	return object;
}

/* The slot of page (a page number), made if create (NULL if it cannot
 * be, or is not there). */
static struct dp_slot *
dp_object_slot(struct dp_object *object, unsigned long page, int create)
{
	void **node = &object->do_root;

	for (unsigned int level = object->do_levels;; level--) {
		if (*node == NULL &&
		    (!create || (*node = dp_pool_alloc()) == NULL))
			return NULL;
		if (level == 0)
			break;
		unsigned int shift =
		    DP_LEAF_SHIFT + DP_NODE_SHIFT * (level - 1);
		node = &((void **)*node)[(page >> shift) % DP_NODE_SLOTS];
	}
	return &((struct dp_slot *)*node)[page % DP_LEAF_SLOTS];
}

/* Frees a subtree of level levels and the data of its slots. */
static void
dp_object_free_tree(void *node, unsigned int level)
{
	if (node == NULL)
		return;
	if (level == 0) {
		struct dp_slot *slots = node;
		for (unsigned long i = 0; i < DP_LEAF_SLOTS; i++)
			if (slots[i].ds_kind != 0)
				dp_store->st_free(dp_store, &slots[i]);
	} else {
		for (unsigned long i = 0; i < DP_NODE_SLOTS; i++)
			dp_object_free_tree(((void **)node)[i], level - 1);
	}
	dp_pool_free(node);
}

kern_return_t
memory_object_create(mach_port_t manager, mach_port_t port, vm_size_t size,
		     mach_port_t control, mach_port_t name, vm_size_t page_size)
{
	unsigned long pages = size / DP_PAGE_SIZE + 1;
	struct dp_object *object = dp_object_alloc();

	(void)manager; /* the request's destination: no right of ours */
	mach_port_deallocate(dp_self, name);
	if (object == NULL || page_size != DP_PAGE_SIZE) {
		/* The kernel's faults on it fail: the port dies. */
		printf("default_pager: cannot take an object\n");
		mach_port_mod_refs(dp_self, port, MACH_PORT_RIGHT_RECEIVE, -1);
		mach_port_deallocate(dp_self, control);
		return KERN_SUCCESS;
	}
	object->do_port = port;
	object->do_control = control;
	for (unsigned long span = DP_LEAF_SLOTS; span < pages;
	     span <<= DP_NODE_SHIFT)
		object->do_levels++;
	object->do_next = dp_objects;
	dp_objects = object;
	mach_port_move_member(dp_self, port, dp_port_set);
	return KERN_SUCCESS;
}

/* Stores count bytes of pages at data from offset on; frees the data
 * (received out-of-line) and the control right the message brought. */
static void
dp_object_take(mach_port_t port, mach_port_t control, vm_offset_t offset,
	       vm_offset_t data, vm_size_t count)
{
	struct dp_object *object = dp_object_find(port);

	for (vm_size_t done = 0; object != NULL && done + DP_PAGE_SIZE <= count;
	     done += DP_PAGE_SIZE) {
		struct dp_slot *slot =
		    dp_object_slot(object, (offset + done) / DP_PAGE_SIZE, 1);
		int fresh = slot != NULL && slot->ds_kind == 0;
		if (slot == NULL ||
		    dp_store->st_write(dp_store, slot,
				       (const void *)(data + done)) !=
			KERN_SUCCESS) {
			printf("default_pager: no room: a page is lost\n");
			continue;
		}
		object->do_pages += fresh;
	}
	vm_deallocate(dp_self, data, count);
	mach_port_deallocate(dp_self, control);
}

kern_return_t
memory_object_data_initialize(mach_port_t port, mach_port_t control,
			      vm_offset_t offset, vm_offset_t data,
			      mach_msg_type_number_t count)
{
	dp_object_take(port, control, offset, data, count);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_return(mach_port_t port, mach_port_t control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t count, boolean_t dirty,
			  boolean_t kernel_copy)
{
	(void)dirty;
	(void)kernel_copy;
	dp_object_take(port, control, offset, data, count);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_request(mach_port_t port, mach_port_t control,
			   vm_offset_t offset, vm_size_t length,
			   vm_prot_t access)
{
	struct dp_object *object = dp_object_find(port);

	(void)access;
	for (vm_size_t done = 0; done < length; done += DP_PAGE_SIZE) {
		struct dp_slot *slot =
		    object != NULL
			? dp_object_slot(object, (offset + done) / DP_PAGE_SIZE,
					 0)
			: NULL;
		if (slot == NULL || slot->ds_kind == 0) {
			memory_object_data_unavailable(control, offset + done,
						       DP_PAGE_SIZE);
			continue;
		}
		dp_store->st_read(dp_store, slot, dp_buffer);
		memory_object_data_supply(
		    control, offset + done, (vm_offset_t)dp_buffer,
		    DP_PAGE_SIZE, FALSE, VM_PROT_NONE, FALSE, MACH_PORT_NULL);
	}
	mach_port_deallocate(dp_self, control);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_terminate(mach_port_t port, mach_port_t control, mach_port_t name)
{
	struct dp_object **link = &dp_objects;

	while (*link != NULL && (*link)->do_port != port)
		link = &(*link)->do_next;
	struct dp_object *object = *link;
	if (object != NULL) {
		*link = object->do_next;
		dp_object_free_tree(object->do_root, object->do_levels);
		mach_port_deallocate(dp_self, object->do_control);
		object->do_next = dp_objects_free;
		dp_objects_free = object;
	}
	if (MACH_PORT_VALID(control))
		mach_port_deallocate(dp_self, control);
	if (MACH_PORT_VALID(name))
		mach_port_deallocate(dp_self, name);
	mach_port_mod_refs(dp_self, port, MACH_PORT_RIGHT_RECEIVE, -1);
	return KERN_SUCCESS;
}

/* Nobody maps the default pager's ports with vm_map (only the kernel
 * holds send rights to them): such a mapping gets nothing. */
kern_return_t
memory_object_init(mach_port_t port, mach_port_t control, mach_port_t name,
		   vm_size_t page_size)
{
	(void)port;
	(void)page_size;
	mach_port_deallocate(dp_self, control);
	mach_port_deallocate(dp_self, name);
	return KERN_SUCCESS;
}
