/*
 * vm_objects: resident pages in a tree by offset, shadow chains for
 * copy-on-write, and their collapse (see vm/vm_object.h).
 */
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <mach/vm_prot.h>
#include <vm/pmap.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_pager.h>

simple_lock_data_t vm_object_lock;
static struct zone *vm_object_zone;
static unsigned long vm_objects_alive;	  /* vm_object_lock */
static unsigned long vm_objects_resident; /* vm_object_lock: their pages */

void
vm_object_bootstrap(void)
{
	simple_lock_init(&vm_object_lock);
	vm_object_zone = zone_create("vm object", sizeof(struct vm_object));
	if (vm_object_zone == NULL)
		panic("vm_object_bootstrap: no memory for the object zone");
}

static struct vm_object *
vm_object_alloc(vm_size_t size)
{
	struct vm_object *object = zalloc(vm_object_zone);

	if (object == NULL)
		return NULL;
	memset(object, 0, sizeof(*object));
	object->vo_ref_count = 1;
	object->vo_size = size;
	object->vo_internal = TRUE;
	avl_init(&object->vo_pages, NULL);
	avl_init(&object->vo_existence, NULL);
	wait_queue_init(&object->vo_wait);
	return object;
}

struct vm_object *
vm_object_create(vm_size_t size)
{
	struct vm_object *object = vm_object_alloc(size);

	if (object != NULL) {
		simple_lock(&vm_object_lock);
		vm_objects_alive++;
		simple_unlock(&vm_object_lock);
	}
	return object;
}

void
vm_object_reference_locked(struct vm_object *object)
{
	assert(object->vo_ref_count > 0);
	object->vo_ref_count++;
}

void
vm_object_reference(struct vm_object *object)
{
	simple_lock(&vm_object_lock);
	vm_object_reference_locked(object);
	simple_unlock(&vm_object_lock);
}

static int
vm_object_page_compare(const void *key, const struct avl_node *node)
{
	vm_offset_t offset = *(const vm_offset_t *)key;
	vm_offset_t other =
	    avl_entry(node, struct vm_page, vmp_node)->vmp_offset;

	return offset < other ? -1 : offset > other;
}

struct vm_page *
vm_object_page_lookup_locked(struct vm_object *object, vm_offset_t offset)
{
	struct avl_node *node =
	    avl_lookup(&object->vo_pages, &offset, vm_object_page_compare);

	return node != NULL ? avl_entry(node, struct vm_page, vmp_node) : NULL;
}

struct vm_page *
vm_object_page_next_locked(struct vm_object *object, vm_offset_t offset)
{
	struct avl_node *node =
	    avl_lookup_le(&object->vo_pages, &offset, vm_object_page_compare);

	if (node == NULL)
		node = avl_first(&object->vo_pages);
	else if (avl_entry(node, struct vm_page, vmp_node)->vmp_offset < offset)
		node = avl_next(node);
	return node != NULL ? avl_entry(node, struct vm_page, vmp_node) : NULL;
}

struct vm_page *
vm_object_page_find_locked(struct vm_object *object, vm_offset_t offset,
			   int *depth)
{
	for (*depth = 0; object != NULL; ++*depth) {
		struct vm_page *page =
		    vm_object_page_lookup_locked(object, offset);
		if (page != NULL)
			return page;
		offset += object->vo_shadow_offset;
		object = object->vo_shadow;
	}
	return NULL;
}

static int
vm_object_node_compare(const struct avl_node *a, const struct avl_node *b)
{
	return vm_object_page_compare(
	    &avl_entry(a, struct vm_page, vmp_node)->vmp_offset, b);
}

/* The pageout queues (vm_object.h), oldest page at the head, indexed
 * by VM_PAGE_QUEUE_* (NONE's entry unused): vm_object_lock. */
static struct vm_object_queue {
	struct vm_page *voq_head, *voq_tail;
	unsigned long voq_count;
} vm_object_queues[VM_PAGE_QUEUES];

static void
vm_object_queue_append_locked(struct vm_page *page, int queue)
{
	struct vm_object_queue *q = &vm_object_queues[queue];

	page->vmp_queue = queue;
	if (queue == VM_PAGE_QUEUE_NONE)
		return;
	page->vmp_next = NULL;
	page->vmp_prev = q->voq_tail;
	if (q->voq_tail != NULL)
		q->voq_tail->vmp_next = page;
	else
		q->voq_head = page;
	q->voq_tail = page;
	q->voq_count++;
}

static void
vm_object_queue_remove_locked(struct vm_page *page)
{
	struct vm_object_queue *q = &vm_object_queues[page->vmp_queue];

	if (page->vmp_queue == VM_PAGE_QUEUE_NONE)
		return;
	if (page->vmp_prev != NULL)
		page->vmp_prev->vmp_next = page->vmp_next;
	else
		q->voq_head = page->vmp_next;
	if (page->vmp_next != NULL)
		page->vmp_next->vmp_prev = page->vmp_prev;
	else
		q->voq_tail = page->vmp_prev;
	page->vmp_next = page->vmp_prev = NULL;
	q->voq_count--;
	page->vmp_queue = VM_PAGE_QUEUE_NONE;
}

struct vm_page *
vm_object_queue_first_locked(int queue)
{
	assert(queue != VM_PAGE_QUEUE_NONE && queue < VM_PAGE_QUEUES);
	return vm_object_queues[queue].voq_head;
}

void
vm_object_queue_move_locked(struct vm_page *page, int queue)
{
	assert(page->vmp_object != NULL && queue < VM_PAGE_QUEUES);
	vm_object_queue_remove_locked(page);
	vm_object_queue_append_locked(page, queue);
}

unsigned long
vm_object_queue_count_locked(int queue)
{
	return vm_object_queues[queue].voq_count;
}

void
vm_object_page_insert_locked(struct vm_object *object, vm_offset_t offset,
			     struct vm_page *page)
{
	assert(page->vmp_object == NULL && (offset & PAGE_MASK) == 0);
	page->vmp_object = object;
	page->vmp_offset = offset;
	struct avl_node *clash = avl_insert(&object->vo_pages, &page->vmp_node,
					    vm_object_node_compare);
	assert(clash == NULL);
	object->vo_resident++;
	vm_objects_resident++;
	vm_object_queue_append_locked(page, VM_PAGE_QUEUE_ACTIVE);
}

void
vm_object_page_unlink_locked(struct vm_page *page)
{
	struct vm_object *object = page->vmp_object;

	vm_object_queue_remove_locked(page);
	avl_remove(&object->vo_pages, &page->vmp_node);
	object->vo_resident--;
	vm_objects_resident--;
	page->vmp_object = NULL;
}

void
vm_object_page_free_locked(struct vm_page *page)
{
	vm_object_page_unlink_locked(page);
	if (page->vmp_pv != NULL)
		pmap_page_protect(vm_page_to_phys(page), VM_PROT_NONE);
	vm_page_free(page, 0);
}

void
vm_object_page_remove_locked(struct vm_object *object, vm_offset_t start,
			     vm_offset_t end)
{
	struct vm_page *page = vm_object_page_next_locked(object, start);

	while (page != NULL && page->vmp_offset < end) {
		struct vm_page *next =
		    vm_object_page_next_locked(object, page->vmp_offset + 1);
		vm_object_page_free_locked(page);
		page = next;
	}
}

/* The existence map: bits for VM_OBJECT_EXISTENCE_PAGES pages a node,
 * nodes in an AVL tree by the index of their first page's chunk. */
#define VM_OBJECT_EXISTENCE_PAGES 512

struct vm_object_existence {
	struct avl_node voe_node;
	vm_offset_t voe_chunk; /* offset / (pages * PAGE_SIZE) */
	uint64_t voe_bits[VM_OBJECT_EXISTENCE_PAGES / 64];
};

static int
vm_object_existence_compare(const void *key, const struct avl_node *node)
{
	vm_offset_t chunk = *(const vm_offset_t *)key;
	vm_offset_t other =
	    avl_entry(node, struct vm_object_existence, voe_node)->voe_chunk;

	return chunk < other ? -1 : chunk > other;
}

static int
vm_object_existence_node_compare(const struct avl_node *a,
				 const struct avl_node *b)
{
	return vm_object_existence_compare(
	    &avl_entry(a, struct vm_object_existence, voe_node)->voe_chunk, b);
}

/* The node holding offset's bit, or NULL. */
static struct vm_object_existence *
vm_object_existence_node_locked(struct vm_object *object, vm_offset_t offset)
{
	vm_offset_t chunk =
	    offset / (VM_OBJECT_EXISTENCE_PAGES * (vm_offset_t)PAGE_SIZE);
	struct avl_node *node = avl_lookup(&object->vo_existence, &chunk,
					   vm_object_existence_compare);

	return node != NULL
		   ? avl_entry(node, struct vm_object_existence, voe_node)
		   : NULL;
}

static inline unsigned long
vm_object_existence_bit(vm_offset_t offset)
{
	return (offset >> PAGE_SHIFT) % VM_OBJECT_EXISTENCE_PAGES;
}

kern_return_t
vm_object_existence_set_locked(struct vm_object *object, vm_offset_t offset)
{
	struct vm_object_existence *e =
	    vm_object_existence_node_locked(object, offset);

	if (e == NULL) {
		e = kalloc(sizeof(*e));
		if (e == NULL)
			return KERN_RESOURCE_SHORTAGE;
		memset(e, 0, sizeof(*e));
		e->voe_chunk = offset / (VM_OBJECT_EXISTENCE_PAGES *
					 (vm_offset_t)PAGE_SIZE);
		avl_insert(&object->vo_existence, &e->voe_node,
			   vm_object_existence_node_compare);
	}
	unsigned long bit = vm_object_existence_bit(offset);
	e->voe_bits[bit / 64] |= 1ul << (bit % 64);
	return KERN_SUCCESS;
}

boolean_t
vm_object_existence_test_locked(struct vm_object *object, vm_offset_t offset)
{
	struct vm_object_existence *e =
	    vm_object_existence_node_locked(object, offset);
	unsigned long bit = vm_object_existence_bit(offset);

	return e != NULL && (e->voe_bits[bit / 64] & (1ul << (bit % 64)));
}

void
vm_object_existence_free_locked(struct vm_object *object)
{
	struct avl_node *node;

	while ((node = avl_first(&object->vo_existence)) != NULL) {
		avl_remove(&object->vo_existence, node);
		kfree(avl_entry(node, struct vm_object_existence, voe_node),
		      sizeof(struct vm_object_existence));
	}
}

/* Takes copy off the copies of the object it is a copy of. */
static void
vm_object_copy_unlink_locked(struct vm_object *copy)
{
	struct vm_object **link = &copy->vo_copy_of->vo_copies;

	while (*link != copy)
		link = &(*link)->vo_copy_next;
	*link = copy->vo_copy_next;
	copy->vo_copy_of = NULL;
}

/* Frees an object nobody holds, with its pages; returns its shadow,
 * whose reference the caller now has. */
static struct vm_object *
vm_object_terminate_locked(struct vm_object *object)
{
	struct avl_node *node;

	assert(object->vo_ref_count == 0 && object->vo_copies == NULL);
	if (object->vo_copy_of != NULL)
		vm_object_copy_unlink_locked(object);
	struct vm_object *shadow = object->vo_shadow;
	if (shadow != NULL && shadow->vo_shadower == object)
		shadow->vo_shadower = NULL;
	vm_objects_alive--;
	if (object->vo_pager != IP_NULL) {
		vm_pager_object_terminate_locked(object); /* frees it later */
		return shadow;
	}
	while ((node = avl_first(&object->vo_pages)) != NULL)
		vm_object_page_free_locked(
		    avl_entry(node, struct vm_page, vmp_node));
	zfree(vm_object_zone, object);
	return shadow;
}

void
vm_object_deallocate_locked(struct vm_object *object)
{
	/* Iterative: a long chain must not run the kernel stack out. */
	while (object != NULL) {
		assert(object->vo_ref_count > 0);
		if (--object->vo_ref_count > 1)
			return;
		if (object->vo_ref_count == 1) {
			/* Held only by the object on top of it: merge. */
			struct vm_object *above = object->vo_shadower;
			if (above != NULL && above->vo_shadow == object)
				vm_object_collapse_locked(above);
			return;
		}
		object = vm_object_terminate_locked(object);
	}
}

void
vm_object_deallocate(struct vm_object *object)
{
	if (object == NULL)
		return;
	simple_lock(&vm_object_lock);
	vm_object_deallocate_locked(object);
	simple_unlock(&vm_object_lock);
}

struct vm_object *
vm_object_shadow_locked(struct vm_object *object, vm_offset_t offset,
			vm_size_t size)
{
	struct vm_object *shadow = vm_object_alloc(size);

	if (shadow == NULL)
		return NULL;
	shadow->vo_shadow = object;
	shadow->vo_shadow_offset = offset;
	object->vo_shadower = shadow;
	vm_objects_alive++;
	return shadow;
}

struct vm_object *
vm_object_copy_delay_locked(struct vm_object *object, vm_offset_t offset,
			    vm_size_t size)
{
	vm_object_reference_locked(object); /* the copy's shadow link */
	struct vm_object *copy = vm_object_shadow_locked(object, offset, size);

	if (copy == NULL) {
		object->vo_ref_count--; /* others hold it still */
		return NULL;
	}
	copy->vo_copy_of = object;
	copy->vo_copy_next = object->vo_copies;
	object->vo_copies = copy;
	/* Writes to the window must fault now, to push first. */
	for (struct vm_page *page = vm_object_page_next_locked(object, offset);
	     page != NULL && page->vmp_offset - offset < size;
	     page = vm_object_page_next_locked(object,
					       page->vmp_offset + PAGE_SIZE))
		if (page->vmp_pv != NULL)
			pmap_page_protect(vm_page_to_phys(page), VM_PROT_READ);
	return copy;
}

kern_return_t
vm_object_push_locked(struct vm_object *object, struct vm_page *page)
{
	boolean_t any = FALSE;

	for (struct vm_object *copy = object->vo_copies; copy != NULL;
	     copy = copy->vo_copy_next) {
		vm_offset_t offset = page->vmp_offset - copy->vo_shadow_offset;
		if (page->vmp_offset < copy->vo_shadow_offset ||
		    offset >= copy->vo_size ||
		    vm_object_page_lookup_locked(copy, offset) != NULL ||
		    vm_object_existence_test_locked(copy, offset))
			continue;
		struct vm_page *pushed = vm_pageout_page_alloc();
		if (pushed == NULL)
			return KERN_RESOURCE_SHORTAGE;
		memcpy(phystokv(vm_page_to_phys(pushed)),
		       phystokv(vm_page_to_phys(page)), PAGE_SIZE);
		vm_object_page_insert_locked(copy, offset, pushed);
		any = TRUE;
	}
	/* Whoever maps page through a copy must refault, onto the copy's
	 * page: the page is about to change. */
	if (any && page->vmp_pv != NULL)
		pmap_page_protect(vm_page_to_phys(page), VM_PROT_NONE);
	return KERN_SUCCESS;
}

/* Moves backing's pages that object shows (and lacks) up into object;
 * frees the others. */
static void
vm_object_absorb_pages_locked(struct vm_object *object,
			      struct vm_object *backing)
{
	vm_offset_t base = object->vo_shadow_offset;
	struct avl_node *node;

	while ((node = avl_first(&backing->vo_pages)) != NULL) {
		struct vm_page *page =
		    avl_entry(node, struct vm_page, vmp_node);
		vm_offset_t offset = page->vmp_offset;
		/* (A page object gave the default pager is its own too.) */
		if (offset < base || offset - base >= object->vo_size ||
		    vm_object_page_lookup_locked(object, offset - base) !=
			NULL ||
		    vm_object_existence_test_locked(object, offset - base)) {
			vm_object_page_free_locked(page);
			continue;
		}
		vm_object_page_unlink_locked(page);
		vm_object_page_insert_locked(object, offset - base, page);
	}
}

void
vm_object_collapse_locked(struct vm_object *object)
{
	struct vm_object *backing;

	while ((backing = object->vo_shadow) != NULL &&
	       backing->vo_ref_count == 1 && backing->vo_pager == IP_NULL) {
		if (object->vo_copy_of == backing)
			vm_object_copy_unlink_locked(object);
		vm_object_absorb_pages_locked(object, backing);
		object->vo_shadow = backing->vo_shadow; /* its reference */
		object->vo_shadow_offset += backing->vo_shadow_offset;
		if (object->vo_shadow != NULL &&
		    object->vo_shadow->vo_shadower == backing)
			object->vo_shadow->vo_shadower = object;
		backing->vo_shadow = NULL;
		backing->vo_ref_count = 0;
		vm_object_terminate_locked(backing);
	}
}

void
vm_object_free_dead(struct vm_object *object)
{
	assert(object->vo_ref_count == 0 && avl_empty(&object->vo_pages));
	zfree(vm_object_zone, object);
}

void
vm_object_statistics(struct vm_object_statistics *stats)
{
	simple_lock(&vm_object_lock);
	stats->vos_objects = vm_objects_alive;
	stats->vos_resident = vm_objects_resident;
	stats->vos_active = vm_object_queues[VM_PAGE_QUEUE_ACTIVE].voq_count;
	stats->vos_inactive =
	    vm_object_queues[VM_PAGE_QUEUE_INACTIVE].voq_count;
	simple_unlock(&vm_object_lock);
}
