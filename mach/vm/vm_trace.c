/*
 * Pager tracing (see vm/vm_trace.h).
 */
#include <kern/lock.h>
#include <kern/string.h>
#include <machine/cpu.h>
#include <vm/vm_trace.h>

static simple_lock_data_t vm_trace_lock = SIMPLE_LOCK_INITIALIZER;
/* All below guarded by vm_trace_lock. */
static struct pager_trace_event vm_trace_ring[VM_TRACE_EVENTS];
static unsigned int vm_trace_head;  /* the oldest event */
static unsigned int vm_trace_count; /* events in the ring */
static uint64_t vm_trace_dropped;
static uint32_t vm_trace_next_object = 1;
static struct pager_object_stats vm_trace_objects[VM_TRACE_OBJECTS];

/* The counts of object, if still kept, or NULL. */
static struct pager_object_stats *
vm_trace_slot_locked(uint32_t object)
{
	struct pager_object_stats *slot =
	    &vm_trace_objects[object % VM_TRACE_OBJECTS];

	return slot->pos_object == object ? slot : NULL;
}

uint32_t
vm_trace_object_new(void)
{
	simple_lock(&vm_trace_lock);
	uint32_t object = vm_trace_next_object++;
	struct pager_object_stats *slot =
	    &vm_trace_objects[object % VM_TRACE_OBJECTS];
	memset(slot, 0, sizeof(*slot));
	slot->pos_object = object;
	slot->pos_alive = 1;
	simple_unlock(&vm_trace_lock);
	return object;
}

void
vm_trace_object_dead(uint32_t object)
{
	simple_lock(&vm_trace_lock);
	struct pager_object_stats *slot = vm_trace_slot_locked(object);
	if (slot != NULL)
		slot->pos_alive = 0;
	simple_unlock(&vm_trace_lock);
}

/* The bucket of a wait of cycles (mach/pager_trace.h). */
static unsigned int
vm_trace_bucket(uint64_t cycles)
{
	unsigned int bucket = 0;

	for (cycles >>= 11; cycles != 0 && bucket < PAGER_LATENCY_BUCKETS - 1;
	     cycles >>= 1)
		bucket++;
	return bucket;
}

static void
vm_trace_count_locked(struct pager_object_stats *slot, unsigned int type,
		      uint64_t value)
{
	switch (type) {
	case PAGER_TRACE_FAULT:
		slot->pos_faults++;
		break;
	case PAGER_TRACE_REQUEST:
		slot->pos_requests++;
		break;
	case PAGER_TRACE_SUPPLY:
		slot->pos_supplies++;
		break;
	case PAGER_TRACE_UNAVAILABLE:
		slot->pos_unavailables++;
		break;
	case PAGER_TRACE_ERROR:
		slot->pos_errors++;
		break;
	case PAGER_TRACE_RETURN:
		slot->pos_returns++;
		break;
	case PAGER_TRACE_UNLOCK:
		slot->pos_unlocks++;
		break;
	case PAGER_TRACE_FLUSH:
		slot->pos_flushes++;
		break;
	case PAGER_TRACE_RESUME:
		slot->pos_latency[vm_trace_bucket(value)]++;
		break;
	}
}

void
vm_trace(uint32_t object, unsigned int type, vm_offset_t offset, uint64_t value)
{
	uint64_t now = cpu_rdtsc();

	simple_lock(&vm_trace_lock);
	struct pager_object_stats *slot = vm_trace_slot_locked(object);
	if (slot != NULL)
		vm_trace_count_locked(slot, type, value);
	if (vm_trace_count == VM_TRACE_EVENTS) {
		vm_trace_dropped++;
	} else {
		struct pager_trace_event *event =
		    &vm_trace_ring[(vm_trace_head + vm_trace_count++) %
				   VM_TRACE_EVENTS];
		event->pte_time = now;
		event->pte_offset = offset;
		event->pte_value = value;
		event->pte_object = object;
		event->pte_type = type;
		event->pte_pad = 0;
	}
	simple_unlock(&vm_trace_lock);
}

/* Events copied in one hold of the lock: a page's worth (docs/locking.md:
 * no more than a page is copied with interrupts off). */
#define VM_TRACE_CHUNK (4096 / sizeof(struct pager_trace_event))

void
vm_trace_read(struct pager_trace_event *events, unsigned int max,
	      unsigned int *count, uint64_t *dropped)
{
	unsigned int n = 0, chunk;

	simple_lock(&vm_trace_lock);
	*dropped = vm_trace_dropped;
	vm_trace_dropped = 0;
	do {
		chunk = vm_trace_count < max - n ? vm_trace_count : max - n;
		if (chunk > VM_TRACE_CHUNK)
			chunk = VM_TRACE_CHUNK;
		for (unsigned int i = 0; i < chunk; i++)
			events[n + i] = vm_trace_ring[(vm_trace_head + i) %
						      VM_TRACE_EVENTS];
		vm_trace_head = (vm_trace_head + chunk) % VM_TRACE_EVENTS;
		vm_trace_count -= chunk;
		n += chunk;
		simple_unlock(&vm_trace_lock);
		if (chunk == VM_TRACE_CHUNK)
			simple_lock(&vm_trace_lock);
	} while (chunk == VM_TRACE_CHUNK);
	*count = n;
}

void
vm_trace_stats(struct pager_object_stats *stats, unsigned int *count)
{
	unsigned int n = 0;

	simple_lock(&vm_trace_lock);
	uint32_t next = vm_trace_next_object;
	uint32_t first = next > VM_TRACE_OBJECTS ? next - VM_TRACE_OBJECTS : 1;
	for (uint32_t object = first; object < next; object++) {
		struct pager_object_stats *slot = vm_trace_slot_locked(object);
		if (slot != NULL)
			stats[n++] = *slot;
	}
	simple_unlock(&vm_trace_lock);
	*count = n;
}
