/*
 * Messages inside the kernel: allocation, conversion between user and
 * kernel form, rights, out-of-line memory and destruction.  See
 * ipc_kmsg.h for the forms and the life of a message.
 *
 * Conversions work in place in the kmsg buffer.  From user form, a
 * complex message is copied to the tail of a buffer large enough for the
 * kernel form and converted towards the front: the kernel form is never
 * shorter than what it has read so far, so the front never overtakes
 * the unread tail.  To user form it shrinks, converting forwards too.
 * Copies of a fixed small size (a descriptor, a header) are
 * __builtin_memcpy, moves inline: the kernel is built with -fno-builtin,
 * where memcpy is always a call.  The pieces of a simple message's way
 * that mach_msg's path inlines (header, rights, trailer, the spare
 * buffer) are in ipc_kmsg_simple.h.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kmsg_simple.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <kern/copyio.h>
#include <kern/debug.h>
#include <kern/failalloc.h>
#include <kern/kalloc.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/zalloc.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_user.h>

#define IKM_OOL_PORTS_MAX 4096

/* The user form of the descriptors (4-byte port names). */
#pragma pack(push, 4)
struct user_port_descriptor {
	uint32_t upd_name, upd_pad1, upd_flags;
};
struct user_ool_descriptor {
	uint64_t uod_address;
	uint32_t uod_flags, uod_size;
};
#pragma pack(pop)

#define DESC_TYPE(flags)	((flags) >> 24)
#define DESC_DISPOSITION(flags) (((flags) >> 16) & 0xff)
#define DESC_COPY(flags)	(((flags) >> 8) & 0xff)
#define DESC_DEALLOCATE(flags)	((flags)&0xff)
#define PORT_DESCRIPTOR_GROWTH \
	(sizeof(mach_msg_port_descriptor_t) - \
	 sizeof(struct user_port_descriptor))

static_assert(sizeof(struct ipc_user_header) == 24, "user header");
static_assert(sizeof(mach_msg_header_t) == 32, "kernel header");
static_assert(sizeof(mach_msg_port_descriptor_t) == 16, "kernel port desc");
static_assert(sizeof(mach_msg_ool_descriptor_t) == 16, "kernel ool desc");
static_assert(sizeof(mach_msg_descriptor_t) == 16, "kernel descriptors");
static_assert(MACH_MSG_PORT_DESCRIPTOR == 0, "port descriptor type 0");
static struct zone *ipc_kmsg_zone;
unsigned long ipc_kmsg_count;

/* The bytes of a kalloc'd buffer for capacity bytes of message. */
static size_t
ipc_kmsg_buffer_size(mach_msg_size_t capacity)
{
	return sizeof(struct ipc_kmsg) + capacity + MAX_TRAILER_SIZE;
}

/*
 * The reserve: message buffers set aside at boot for the messages the
 * kernel sends (notifications, exception requests, the replies of
 * kernel RPCs) when the allocator has none, so that a client is
 * answered, or hears of its server's failure, even when memory is
 * short.  Two pools: small messages and the largest kernel reply.  A
 * reserve buffer has ikm_from IKM_FROM_RESERVE and goes back to its
 * pool when freed.  Guarded by ipc_kmsg_reserve_lock.
 */
#define IKM_RESERVE_SMALL 32
#define IKM_RESERVE_LARGE 4

struct ipc_kmsg_pool {
	struct ipc_kmsg *ikp_free; /* linked through ikm_next */
	mach_msg_size_t ikp_capacity;
};
static struct ipc_kmsg_pool ipc_kmsg_pools[2];
static simple_lock_data_t ipc_kmsg_reserve_lock;

static void
ipc_kmsg_pool_fill(struct ipc_kmsg_pool *pool, mach_msg_size_t capacity,
		   int count, enum ipc_kmsg_from from)
{
	pool->ikp_capacity = capacity;
	for (int i = 0; i < count; i++) {
		struct ipc_kmsg *kmsg = kalloc(ipc_kmsg_buffer_size(capacity));
		if (kmsg == NULL)
			panic("ipc_kmsg_bootstrap: no memory for the reserve");
		kmsg->ikm_from = from;
		kmsg->ikm_capacity = capacity;
		kmsg->ikm_next = pool->ikp_free;
		pool->ikp_free = kmsg;
	}
}

/*
 * Medium buffers: IKM_MEDIUM_COUNT buffers of two pages each, set aside
 * at boot for messages larger than a small buffer (a kernel RPC's reply,
 * at most ipc_kobject_reply_max bytes, a little over a page; a few
 * kilobytes of inline data).  kalloc would take such a buffer's memory
 * from vm_page and give it back for each message (a zone returns a slab
 * as soon as its elements are free, and a buffer above the zones' sizes
 * is whole pages): several hundred instructions each way.  A medium
 * buffer has ikm_from IKM_FROM_MEDIUM; when all are in use a message is
 * kalloc'd.  Guarded by ipc_kmsg_reserve_lock, as the reserve.
 */
#define IKM_MEDIUM_COUNT 8
#define IKM_MEDIUM_CAPACITY \
	((mach_msg_size_t)(2 * PAGE_SIZE - sizeof(struct ipc_kmsg) - \
			   MAX_TRAILER_SIZE))

static struct ipc_kmsg_pool ipc_kmsg_medium;

/* A medium buffer, or NULL if all are in use. */
static struct ipc_kmsg *
ipc_kmsg_medium_get(void)
{
	simple_lock(&ipc_kmsg_reserve_lock);
	struct ipc_kmsg *kmsg = ipc_kmsg_medium.ikp_free;
	if (kmsg != NULL)
		ipc_kmsg_medium.ikp_free = kmsg->ikm_next;
	simple_unlock(&ipc_kmsg_reserve_lock);
	return kmsg;
}

static void
ipc_kmsg_medium_put(struct ipc_kmsg *kmsg)
{
	simple_lock(&ipc_kmsg_reserve_lock);
	kmsg->ikm_next = ipc_kmsg_medium.ikp_free;
	ipc_kmsg_medium.ikp_free = kmsg;
	simple_unlock(&ipc_kmsg_reserve_lock);
}

struct ipc_kmsg *
ipc_kmsg_alloc_kernel(mach_msg_size_t size)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(size);

	for (int i = 0; kmsg == NULL && i < 2; i++) {
		struct ipc_kmsg_pool *pool = &ipc_kmsg_pools[i];
		if (size > pool->ikp_capacity)
			continue;
		simple_lock(&ipc_kmsg_reserve_lock);
		kmsg = pool->ikp_free;
		if (kmsg != NULL)
			pool->ikp_free = kmsg->ikm_next;
		simple_unlock(&ipc_kmsg_reserve_lock);
	}
	if (kmsg != NULL && kmsg->ikm_from == IKM_FROM_RESERVE) {
		kmsg->ikm_next = NULL;
		kmsg->ikm_seqno = 0;
		__atomic_add_fetch(&ipc_kmsg_count, 1, __ATOMIC_RELAXED);
	}
	return kmsg;
}

static void
ipc_kmsg_reserve_put(struct ipc_kmsg *kmsg)
{
	struct ipc_kmsg_pool *pool =
	    &ipc_kmsg_pools[kmsg->ikm_capacity > IKM_SMALL_SIZE];

	simple_lock(&ipc_kmsg_reserve_lock);
	kmsg->ikm_next = pool->ikp_free;
	pool->ikp_free = kmsg;
	simple_unlock(&ipc_kmsg_reserve_lock);
}

void
ipc_kmsg_bootstrap(void)
{
	ipc_kmsg_zone =
	    zone_create("ipc kmsg", sizeof(struct ipc_kmsg) + IKM_SMALL_SIZE +
					MAX_TRAILER_SIZE);
	if (ipc_kmsg_zone == NULL)
		panic("ipc_kmsg_bootstrap: no memory");
	simple_lock_init(&ipc_kmsg_reserve_lock);
	ipc_kmsg_pool_fill(&ipc_kmsg_pools[0], IKM_SMALL_SIZE,
			   IKM_RESERVE_SMALL, IKM_FROM_RESERVE);
	ipc_kmsg_pool_fill(&ipc_kmsg_pools[1], ipc_kobject_reply_max,
			   IKM_RESERVE_LARGE, IKM_FROM_RESERVE);
	ipc_kmsg_pool_fill(&ipc_kmsg_medium, IKM_MEDIUM_CAPACITY,
			   IKM_MEDIUM_COUNT, IKM_FROM_MEDIUM);
}

/*
 * Buffers hold size bytes of kernel-form message and a trailer.  Small
 * ones come from the running thread's spare buffer when it has one, so
 * that the common message costs no allocation; medium ones from the
 * pool of medium buffers while it has one.
 */
struct ipc_kmsg *
ipc_kmsg_alloc(mach_msg_size_t size)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *kmsg;

	if (failalloc_fail(FAILALLOC_KMSG))
		return NULL;
	if (size <= IKM_SMALL_SIZE) {
		kmsg = self->th_ipc_cached_kmsg;
		if (kmsg != NULL)
			self->th_ipc_cached_kmsg = NULL;
		else if ((kmsg = zalloc(ipc_kmsg_zone)) == NULL)
			return NULL;
		kmsg->ikm_from = IKM_FROM_ZONE;
		kmsg->ikm_capacity = IKM_SMALL_SIZE;
	} else if (size > IKM_MEDIUM_CAPACITY ||
		   (kmsg = ipc_kmsg_medium_get()) == NULL) {
		if ((kmsg = kalloc(ipc_kmsg_buffer_size(size))) == NULL)
			return NULL;
		kmsg->ikm_from = IKM_FROM_KALLOC;
		kmsg->ikm_capacity = size;
	}
	kmsg->ikm_next = NULL;
	kmsg->ikm_seqno = 0;
	__atomic_add_fetch(&ipc_kmsg_count, 1, __ATOMIC_RELAXED);
	return kmsg;
}

void
ipc_kmsg_free(struct ipc_kmsg *kmsg)
{
	struct thread *self = current_thread();

	__atomic_sub_fetch(&ipc_kmsg_count, 1, __ATOMIC_RELAXED);
	if (kmsg->ikm_from == IKM_FROM_KALLOC)
		kfree(kmsg, ipc_kmsg_buffer_size(kmsg->ikm_capacity));
	else if (kmsg->ikm_from == IKM_FROM_RESERVE)
		ipc_kmsg_reserve_put(kmsg);
	else if (kmsg->ikm_from == IKM_FROM_MEDIUM)
		ipc_kmsg_medium_put(kmsg);
	else if (self->th_ipc_cached_kmsg == NULL && self->th_task != NULL)
		self->th_ipc_cached_kmsg = kmsg;
	else
		zfree(ipc_kmsg_zone, kmsg);
}

void
ipc_kmsg_free_cache(struct thread *thread)
{
	if (thread->th_ipc_cached_kmsg != NULL) {
		zfree(ipc_kmsg_zone, thread->th_ipc_cached_kmsg);
		thread->th_ipc_cached_kmsg = NULL;
	}
}

/* The descriptors of a kernel-form message, and their number. */
static mach_msg_descriptor_t *
ipc_kmsg_descriptors(struct ipc_kmsg *kmsg, mach_msg_size_t *count)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	if (!(header->msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		*count = 0;
		return NULL;
	}
	mach_msg_body_t *body = (mach_msg_body_t *)(header + 1);
	*count = body->msgh_descriptor_count;
	return (mach_msg_descriptor_t *)(body + 1);
}

static unsigned int
ipc_desc_type(const mach_msg_descriptor_t *desc)
{
	return ((const uint8_t *)desc)[11];
}

/*
 * Takes a copy of an OOL region of the sender (the VM's copy object, in
 * the descriptor's address); with deallocate the region leaves the
 * sender now, to come back if the send fails (ipc_kmsg_free_unrighted).
 */
static mach_msg_return_t
ipc_kmsg_ool_copyin(mach_msg_ool_descriptor_t *desc, uint64_t user_addr)
{
	vm_map_copy_t copy;
	kern_return_t kr = vm_map_copyin(current_task(), user_addr, desc->size,
					 desc->deallocate, &copy);

	desc->address = copy;
	if (kr == KERN_RESOURCE_SHORTAGE)
		return MACH_SEND_NO_BUFFER;
	return kr == KERN_SUCCESS ? MACH_MSG_SUCCESS : MACH_SEND_INVALID_MEMORY;
}

/* The bytes of the kernel array of an OOL port descriptor. */
static size_t
ipc_kmsg_ports_size(mach_msg_size_t count)
{
	return count * sizeof(ipc_port_t);
}

/*
 * Copies an OOL name array into a kernel array of pointer-size slots;
 * with deallocate, the sender's array is deallocated (as in Mach, it
 * does not come back if the send fails: its rights do).
 */
static mach_msg_return_t
ipc_kmsg_ool_ports_copyin(mach_msg_ool_ports_descriptor_t *desc,
			  uint64_t user_addr)
{
	desc->address = NULL;
	if (desc->count == 0)
		return MACH_MSG_SUCCESS;
	if (desc->count > IKM_OOL_PORTS_MAX)
		return MACH_SEND_NO_BUFFER;
	size_t bytes = ipc_kmsg_ports_size(desc->count);
	uint64_t *slots = kalloc(bytes);
	if (slots == NULL)
		return MACH_SEND_NO_BUFFER;
	uint32_t *names = (uint32_t *)((char *)slots + bytes) - desc->count;
	if (copyin(user_addr, names, desc->count * 4) != KERN_SUCCESS) {
		kfree(slots, bytes);
		return MACH_SEND_INVALID_MEMORY;
	}
	for (mach_msg_size_t i = 0; i < desc->count; i++)
		slots[i] = names[i]; /* forwards: never overtakes names */
	desc->address = slots;
	if (desc->deallocate)
		vm_deallocate(current_task(), user_addr, desc->count * 4);
	return MACH_MSG_SUCCESS;
}

/* Converts one user descriptor at *src to kernel form at dst. */
static mach_msg_return_t
ipc_kmsg_descriptor_from_user(const char **src, mach_msg_size_t *left,
			      mach_msg_descriptor_t *dst)
{
	if (*left < sizeof(struct user_port_descriptor))
		return MACH_SEND_MSG_TOO_SMALL;
	unsigned int type = (uint8_t)(*src)[11];
	if (type == MACH_MSG_PORT_DESCRIPTOR) {
		struct user_port_descriptor u;
		__builtin_memcpy(&u, *src, sizeof(u));
		*src += sizeof(u);
		*left -= sizeof(u);
		__builtin_memset(dst, 0, sizeof(*dst));
		dst->port.name = (ipc_port_t)(uintptr_t)u.upd_name;
		dst->port.disposition = DESC_DISPOSITION(u.upd_flags);
		dst->port.type = MACH_MSG_PORT_DESCRIPTOR;
		return MACH_MSG_TYPE_PORT_ANY(dst->port.disposition)
			   ? MACH_MSG_SUCCESS
			   : MACH_SEND_INVALID_TYPE;
	}
	struct user_ool_descriptor u;
	if (*left < sizeof(u))
		return MACH_SEND_MSG_TOO_SMALL;
	__builtin_memcpy(&u, *src, sizeof(u));
	*src += sizeof(u);
	*left -= sizeof(u);
	__builtin_memcpy(dst, &u, sizeof(u)); /* same layout in both forms */
	dst->out_of_line.address = NULL;
	switch (type) {
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
		return ipc_kmsg_ool_copyin(&dst->out_of_line, u.uod_address);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		if (!MACH_MSG_TYPE_PORT_ANY(dst->ool_ports.disposition))
			return MACH_SEND_INVALID_TYPE;
		return ipc_kmsg_ool_ports_copyin(&dst->ool_ports,
						 u.uod_address);
	default:
		return MACH_SEND_INVALID_TYPE;
	}
}

/*
 * Converts the body of a complex message (at src, len bytes, in the tail
 * of the buffer) to kernel form after the kernel header.  On failure the
 * descriptor count says how many descriptors hold kernel memory.
 */
static mach_msg_return_t
ipc_kmsg_body_from_user_intr_on(struct ipc_kmsg *kmsg, const char *src,
				mach_msg_size_t len)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_body_t *body = (mach_msg_body_t *)(header + 1);
	mach_msg_descriptor_t *dst = (mach_msg_descriptor_t *)(body + 1);
	uint32_t count;

	body->msgh_descriptor_count = 0;
	if (len < sizeof(count))
		return MACH_SEND_MSG_TOO_SMALL;
	__builtin_memcpy(&count, src, sizeof(count));
	src += sizeof(count);
	len -= sizeof(count);
	if (count > len / sizeof(struct user_port_descriptor))
		return MACH_SEND_MSG_TOO_SMALL;
	for (uint32_t i = 0; i < count; i++) {
		mach_msg_descriptor_t converted;
		mach_msg_return_t mr =
		    ipc_kmsg_descriptor_from_user(&src, &len, &converted);
		if (mr != MACH_MSG_SUCCESS)
			return mr; /* a failed descriptor holds no memory */
		dst[body->msgh_descriptor_count++] = converted;
	}
	if (len != 0) /* inline data after the descriptors */
		memmove(&dst[count], src, len);
	header->msgh_size = (char *)&dst[count] + len - (char *)header;
	return MACH_MSG_SUCCESS;
}

/*
 * The same, with interrupts on: copying in out-of-line memory takes time
 * that grows with its size, and holds no lock (docs/locking.md).  A
 * simple message never comes here: the null message paths keep their
 * interrupt state as it is.
 */
static mach_msg_return_t __attribute__((noinline))
ipc_kmsg_body_from_user(struct ipc_kmsg *kmsg, const char *src,
			mach_msg_size_t len)
{
	assert(!simple_lock_held(&ipc_lock));
	unsigned long flags = cpu_intr_enable_save();
	mach_msg_return_t mr = ipc_kmsg_body_from_user_intr_on(kmsg, src, len);
	cpu_intr_put(flags);
	return mr;
}

/*
 * The body of a complex message (body bytes at src) into kmsg, whose
 * header is made: converted in place from the tail of a buffer of
 * room bytes; a new buffer if kmsg has not the room (*kmsgp then).
 * On an error the message is freed.  (Inline in both copy ins.)
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_complex_from_user(struct ipc_kmsg **kmsgp, const char *src,
			   mach_msg_size_t body, mach_msg_size_t room)
{
	struct ipc_kmsg *kmsg = *kmsgp;
	mach_msg_header_t *header = ikm_header(kmsg);

	if (room > kmsg->ikm_capacity) {
		struct ipc_kmsg *large = ipc_kmsg_alloc(room);
		if (large == NULL) {
			ipc_kmsg_free(kmsg);
			return MACH_SEND_NO_BUFFER;
		}
		*ikm_header(large) = *header;
		memcpy((char *)ikm_header(large) + room - body, src, body);
		ipc_kmsg_free(kmsg);
		*kmsgp = kmsg = large;
		header = ikm_header(kmsg);
	} else if (src != (char *)header + room - body) {
		memmove((char *)header + room - body, src, body);
	}
	header->msgh_size = room;
	mach_msg_return_t mr =
	    ipc_kmsg_body_from_user(kmsg, (char *)header + room - body, body);
	if (mr != MACH_MSG_SUCCESS)
		ipc_kmsg_free_unrighted(kmsg);
	return mr;
}

/*
 * The first half of ipc_kmsg_copyin: the message from the user, in
 * kernel form, its port fields still the sender's names.
 *
 * The message is copied in once, whole, into a small buffer at
 * KERNEL_HEADER_GROWTH bytes from the start, so that a simple message's
 * body is in place and only its header is rewritten (the user header
 * ends where the kernel one does).  A complex message's body then moves
 * to the tail of a buffer large enough for its kernel form, to be
 * converted towards the front.  A message too large for a small buffer
 * as a simple one has its header read first, to size its buffer.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_get_from_user(uint64_t msg_addr, mach_msg_size_t send_size,
		       struct ipc_kmsg **kmsgp)
{
	ipc_user_overlay_t large_header;
	const ipc_user_overlay_t *uh;
	struct ipc_kmsg *kmsg;
	char *body_at;

	if (send_size < sizeof(*uh) || (send_size & 3) != 0)
		return MACH_SEND_MSG_TOO_SMALL;
	if (send_size > MACH_MSG_SIZE_MAX)
		return MACH_SEND_TOO_LARGE;

	mach_msg_size_t body = send_size - sizeof(*uh);
	mach_msg_size_t size = sizeof(mach_msg_header_t) + body;
	if (size <= IKM_SMALL_SIZE) {
		kmsg = ipc_kmsg_alloc_spare(size);
		if (kmsg == NULL)
			return MACH_SEND_NO_BUFFER;
		char *at = (char *)ikm_header(kmsg) + KERNEL_HEADER_GROWTH;
		if (copyin(msg_addr, at, send_size) != KERN_SUCCESS) {
			ipc_kmsg_free(kmsg);
			return MACH_SEND_INVALID_DATA;
		}
		uh = (const ipc_user_overlay_t *)at;
		body_at = at + sizeof(*uh);
	} else {
		if (copyin(msg_addr, &large_header, sizeof(large_header)) !=
		    KERN_SUCCESS)
			return MACH_SEND_INVALID_DATA;
		uh = &large_header;
		mach_msg_size_t room = size;
		if (uh->uh_bits & MACH_MSGH_BITS_COMPLEX)
			room += body / 3 + 16; /* a 12-byte port descriptor
						  grows 4 */
		kmsg = ipc_kmsg_alloc(room);
		if (kmsg == NULL)
			return MACH_SEND_NO_BUFFER;
		body_at = (char *)ikm_header(kmsg) + room - body;
		if (copyin(msg_addr + sizeof(*uh), body_at, body) !=
		    KERN_SUCCESS) {
			ipc_kmsg_free(kmsg);
			return MACH_SEND_INVALID_DATA;
		}
	}
	mach_msg_header_t *header = ikm_header(kmsg);
	ipc_kmsg_header_from_user(header, uh, size);
	*kmsgp = kmsg;
	if (!(header->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return MACH_MSG_SUCCESS;
	return ipc_kmsg_complex_from_user(kmsgp, body_at, body,
					  size + body / 3 + 16);
}

static int
ipc_desc_is_memory(unsigned int type)
{
	return type == MACH_MSG_OOL_DESCRIPTOR ||
	       type == MACH_MSG_OOL_VOLATILE_DESCRIPTOR;
}

/*
 * Frees what the OOL descriptors hold: port arrays, and copies of memory,
 * which go back to the sender task instead when it is not NULL (they
 * were never delivered: vm_map_copy_restore).
 */
static void
ipc_kmsg_free_ool(struct ipc_kmsg *kmsg, struct task *sender)
{
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);

	for (mach_msg_size_t i = 0; i < count; i++, desc++) {
		unsigned int type = ipc_desc_type(desc);
		if (ipc_desc_is_memory(type) && sender != NULL)
			vm_map_copy_restore(sender, desc->out_of_line.address);
		else if (ipc_desc_is_memory(type))
			vm_map_copy_discard(desc->out_of_line.address);
		else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR &&
			 desc->ool_ports.address != NULL)
			kfree(desc->ool_ports.address,
			      ipc_kmsg_ports_size(desc->ool_ports.count));
		desc->out_of_line.address = NULL;
	}
}

void
ipc_kmsg_free_unrighted(struct ipc_kmsg *kmsg)
{
	assert(!simple_lock_held(&ipc_lock));
	if (ikm_header(kmsg)->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		/* Interrupts on: memory going back is unmapped and mapped. */
		unsigned long flags = cpu_intr_enable_save();
		ipc_kmsg_free_ool(kmsg, current_task());
		cpu_intr_put(flags);
	}
	ipc_kmsg_free(kmsg);
}

/*
 * A port slot of a descriptor: a port descriptor's name field is only
 * 4-byte aligned (descriptors are packed to 4 and follow the 4-byte
 * body), so it is read through this type, not a plain ipc_port_t *.
 */
typedef ipc_port_t ipc_kmsg_port_slot_t __attribute__((aligned(4)));

/*
 * Checks that a receive right named in the body may go to dest, the
 * destination's port: not into a cycle of receive rights in transit.
 */
static kern_return_t
ipc_kmsg_check_receive_locked(struct ipc_space *space, mach_port_name_t name,
			      ipc_port_t dest)
{
	if (!MACH_PORT_VALID(name)) /* a null or dead right: no port */
		return KERN_SUCCESS;
	struct ipc_entry *entry = ipc_entry_lookup_locked(space, name);
	if (ipc_port_check_circularity_locked(entry->ie_object, dest))
		return KERN_INVALID_RIGHT;
	return KERN_SUCCESS;
}

/*
 * Applies check (step 0), take (1) or clear (2) to every right the body
 * names; dest is the destination's port (checked receive rights may not
 * close a cycle; taken ones are in transit to it).
 */
kern_return_t
ipc_kmsg_body_rights_locked(struct ipc_kmsg *kmsg, struct ipc_space *space,
			    int step, ipc_port_t dest)
{
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);

	for (mach_msg_size_t i = 0; i < count; i++, desc++) {
		ipc_kmsg_port_slot_t *ports;
		mach_msg_size_t n;
		mach_msg_type_name_t disposition;
		unsigned int type = ipc_desc_type(desc);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			ports = &desc->port.name;
			n = 1;
			disposition = desc->port.disposition;
		} else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ports = desc->ool_ports.address;
			n = desc->ool_ports.count;
			disposition = desc->ool_ports.disposition;
		} else {
			continue;
		}
		for (mach_msg_size_t j = 0; j < n; j++) {
			mach_port_name_t name = ipc_kmsg_name(ports[j]);
			if (step == 0) {
				kern_return_t kr =
				    ipc_right_copyin_check_locked(
					space, name, disposition, 1);
				if (kr == KERN_SUCCESS &&
				    disposition == MACH_MSG_TYPE_MOVE_RECEIVE)
					kr = ipc_kmsg_check_receive_locked(
					    space, name, dest);
				if (kr != KERN_SUCCESS)
					return kr;
			} else if (step == 1) {
				ports[j] = ipc_right_copyin_locked(space, name,
								   disposition);
				if (disposition == MACH_MSG_TYPE_MOVE_RECEIVE &&
				    IP_VALID(ports[j]))
					ipc_port_set_destination_locked(
					    ports[j], dest);
			} else {
				ipc_right_copyin_clear_locked(space, name);
			}
		}
		if (step == 1) {
			mach_msg_type_name_t type_after =
			    mach_msg_type_received(disposition);
			if (type == MACH_MSG_PORT_DESCRIPTOR)
				desc->port.disposition = type_after;
			else
				desc->ool_ports.disposition = type_after;
		}
	}
	return KERN_SUCCESS;
}

mach_msg_return_t
ipc_kmsg_copyin_rights_locked(struct ipc_kmsg *kmsg, struct ipc_space *space)
{
	return ipc_kmsg_copyin_rights_inline(kmsg, space, 0);
}

mach_msg_return_t
ipc_kmsg_copyin(uint64_t msg_addr, mach_msg_size_t send_size,
		struct ipc_kmsg **kmsgp)
{
	mach_msg_return_t mr =
	    ipc_kmsg_get_from_user(msg_addr, send_size, kmsgp);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return ipc_kmsg_copyin_finish(*kmsgp, current_task(), 0);
}

mach_msg_return_t
ipc_kmsg_copyin_complex(struct ipc_kmsg *kmsg, mach_msg_size_t send_size,
			struct ipc_kmsg **kmsgp)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	const ipc_user_overlay_t *uh =
	    (const ipc_user_overlay_t *)((char *)header + KERNEL_HEADER_GROWTH);
	mach_msg_size_t body = send_size - sizeof(*uh);
	mach_msg_size_t size = sizeof(mach_msg_header_t) + body;

	ipc_kmsg_header_from_user(header, uh, size);
	*kmsgp = kmsg;
	mach_msg_return_t mr = ipc_kmsg_complex_from_user(
	    kmsgp, (const char *)(uh + 1), body, size + body / 3 + 16);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return ipc_kmsg_copyin_finish(*kmsgp, current_task(), 0);
}

/*
 * A right the kernel puts in a message (ipc/mach_msg_kernel.h): in the
 * header a disposition acts on the kernel's own right; in the body the
 * right is one made for the message, so COPY_SEND moves it.
 */
static void
ipc_kmsg_kernel_right_locked(ipc_port_t port, mach_msg_type_name_t disposition,
			     int in_body)
{
	if (!IP_VALID(port))
		return;
	if (disposition == MACH_MSG_TYPE_MAKE_SEND)
		ipc_port_make_send_locked(port);
	else if (disposition == MACH_MSG_TYPE_COPY_SEND && !in_body)
		ipc_port_copy_send_locked(port);
	else if (disposition == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		ipc_port_make_send_once_locked(port);
	/* Otherwise the right goes into the message as it is. */
}

void
ipc_kmsg_copyin_from_kernel_locked(struct ipc_kmsg *kmsg)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_bits_t bits = header->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);

	ipc_kmsg_kernel_right_locked(header->msgh_remote_port, dest_type, 0);
	ipc_kmsg_kernel_right_locked(header->msgh_local_port, reply_type, 0);
	header->msgh_bits =
	    MACH_MSGH_BITS_OTHER(bits) |
	    MACH_MSGH_BITS(mach_msg_type_received(dest_type),
			   IP_VALID(header->msgh_local_port)
			       ? mach_msg_type_received(reply_type)
			       : 0);
	for (mach_msg_size_t i = 0; i < count; i++, desc++) {
		unsigned int type = ipc_desc_type(desc);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			ipc_kmsg_kernel_right_locked(desc->port.name,
						     desc->port.disposition, 1);
			desc->port.disposition =
			    mach_msg_type_received(desc->port.disposition);
		} else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ipc_port_t *ports = desc->ool_ports.address;
			for (mach_msg_size_t j = 0; j < desc->ool_ports.count;
			     j++)
				ipc_kmsg_kernel_right_locked(
				    ports[j], desc->ool_ports.disposition, 1);
			desc->ool_ports.disposition =
			    mach_msg_type_received(desc->ool_ports.disposition);
		}
	}
}

int
ipc_kmsg_send_receive_rights_locked(struct ipc_kmsg *kmsg)
{
	ipc_port_t dest = ikm_header(kmsg)->msgh_remote_port;
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);

	for (int commit = 0; commit <= 1; commit++)
		for (mach_msg_size_t i = 0; i < count; i++) {
			if (ipc_desc_type(&desc[i]) !=
				MACH_MSG_PORT_DESCRIPTOR ||
			    desc[i].port.disposition !=
				MACH_MSG_TYPE_PORT_RECEIVE)
				continue;
			ipc_port_t port = desc[i].port.name;
			if (!IP_VALID(port))
				continue;
			if (!commit &&
			    ipc_port_check_circularity_locked(port, dest))
				return 0;
			if (commit)
				ipc_port_set_destination_locked(port, dest);
		}
	return 1;
}

/* Drops a send-once right without a notification (none can be sent). */
static void
ipc_kmsg_drop_send_once_locked(ipc_port_t port)
{
	port->ip_sorights--;
	ipc_port_release_locked(port);
}

void
ipc_kmsg_release_kernel_rights_locked(mach_msg_header_t *header)
{
	mach_msg_type_name_t dest_type =
	    MACH_MSGH_BITS_REMOTE(header->msgh_bits);
	ipc_port_t dest = header->msgh_remote_port;

	if (IP_VALID(dest) && dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		ipc_kmsg_drop_send_once_locked(dest);
	else if (IP_VALID(dest) && dest_type == MACH_MSG_TYPE_MOVE_SEND)
		ipc_port_release_send_locked(dest);
	if (!(header->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	mach_msg_body_t *body = (mach_msg_body_t *)(header + 1);
	mach_msg_descriptor_t *desc = (mach_msg_descriptor_t *)(body + 1);
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		if (ipc_desc_type(&desc[i]) != MACH_MSG_PORT_DESCRIPTOR)
			continue;
		mach_msg_type_name_t d = desc[i].port.disposition;
		if (d == MACH_MSG_TYPE_MOVE_RECEIVE ||
		    d == MACH_MSG_TYPE_MOVE_SEND ||
		    d == MACH_MSG_TYPE_COPY_SEND ||
		    d == MACH_MSG_TYPE_MOVE_SEND_ONCE)
			ipc_right_release_locked(desc[i].port.name,
						 mach_msg_type_received(d));
	}
}

void
ipc_kmsg_destroy_locked(struct ipc_kmsg *kmsg)
{
	ipc_kmsg_clean_locked(kmsg);
	ipc_kmsg_free(kmsg);
}

void
ipc_kmsg_clean_locked(struct ipc_kmsg *kmsg)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);

	ipc_right_release_locked(header->msgh_remote_port,
				 MACH_MSGH_BITS_REMOTE(header->msgh_bits));
	ipc_right_release_locked(header->msgh_local_port,
				 MACH_MSGH_BITS_LOCAL(header->msgh_bits));
	for (mach_msg_size_t i = 0; i < count; i++, desc++) {
		unsigned int type = ipc_desc_type(desc);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			ipc_right_release_locked(desc->port.name,
						 desc->port.disposition);
		} else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ipc_port_t *ports = desc->ool_ports.address;
			for (mach_msg_size_t j = 0; j < desc->ool_ports.count;
			     j++)
				ipc_right_release_locked(
				    ports[j], desc->ool_ports.disposition);
		}
	}
	ipc_kmsg_free_ool(kmsg, NULL);
	header->msgh_bits = 0;
	header->msgh_remote_port = header->msgh_local_port = IP_NULL;
}

void
ipc_kmsg_destroy(struct ipc_kmsg *kmsg)
{
	simple_lock(&ipc_lock);
	ipc_kmsg_destroy_locked(kmsg);
	simple_unlock(&ipc_lock);
}

mach_msg_size_t
ipc_kmsg_complex_user_size(struct ipc_kmsg *kmsg)
{
	mach_msg_size_t count, ports = 0;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);

	for (mach_msg_size_t i = 0; i < count; i++)
		if (ipc_desc_type(&desc[i]) == MACH_MSG_PORT_DESCRIPTOR)
			ports++;
	return ikm_header(kmsg)->msgh_size - KERNEL_HEADER_GROWTH -
	       ports * PORT_DESCRIPTOR_GROWTH;
}

void
ipc_kmsg_consume_dest_locked(ipc_port_t dest, mach_msg_type_name_t type)
{
	ipc_kmsg_consume_dest_inline(dest, type);
}

/* Puts the rights of the body into space as names; 1 if one was lost. */
int
ipc_kmsg_copyout_body_rights_locked(struct ipc_kmsg *kmsg,
				    struct ipc_space *space)
{
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);
	int lost = 0;

	for (mach_msg_size_t i = 0; i < count; i++, desc++) {
		unsigned int type = ipc_desc_type(desc);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			desc->port.name = ipc_kmsg_copyout_right_locked(
			    space, desc->port.name, desc->port.disposition,
			    &lost);
		} else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ipc_port_t *ports = desc->ool_ports.address;
			for (mach_msg_size_t j = 0; j < desc->ool_ports.count;
			     j++)
				ports[j] = ipc_kmsg_copyout_right_locked(
				    space, ports[j],
				    desc->ool_ports.disposition, &lost);
		}
	}
	return lost;
}

mach_msg_return_t
ipc_kmsg_copyout_rights_locked(struct ipc_kmsg *kmsg, struct ipc_space *space)
{
	return ipc_kmsg_copyout_rights_inline(kmsg, space, 0);
}

void
ipc_kmsg_return_locked(struct ipc_kmsg *kmsg, struct ipc_space *space)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_bits_t bits = header->msgh_bits;

	ipc_right_copyout_locked(space, header->msgh_remote_port,
				 MACH_MSGH_BITS_REMOTE(bits));
	ipc_right_copyout_locked(space, header->msgh_local_port,
				 MACH_MSGH_BITS_LOCAL(bits));
	ipc_kmsg_copyout_body_rights_locked(kmsg, space);
	header->msgh_remote_port = header->msgh_local_port = IP_NULL;
	header->msgh_bits &=
	    ~(MACH_MSGH_BITS_REMOTE_MASK | MACH_MSGH_BITS_LOCAL_MASK);
}

/* Puts a copy into fresh memory of task; its address there, or 0 (the
 * copy is discarded then). */
static uint64_t
ipc_kmsg_copy_to_user(struct task *task, vm_map_copy_t copy)
{
	vm_offset_t addr;

	if (copy == NULL)
		return 0;
	if (vm_map_copyout(task, &addr, copy) == KERN_SUCCESS)
		return addr;
	vm_map_copy_discard(copy);
	return 0;
}

/* The names of an OOL port array (its slots hold them now), in fresh
 * memory of task; the kernel array is freed.  Returns the address, or
 * 0. */
static uint64_t
ipc_kmsg_names_to_user(struct task *task, uint64_t *slots, mach_msg_size_t n)
{
	vm_map_copy_t copy = NULL;
	uint32_t *names;

	if (slots == NULL)
		return 0;
	if (vm_map_copy_kernel_buffer(n * 4, &copy, (void **)&names) ==
	    KERN_SUCCESS)
		for (mach_msg_size_t j = 0; j < n; j++)
			names[j] = (uint32_t)slots[j];
	kfree(slots, ipc_kmsg_ports_size(n));
	return ipc_kmsg_copy_to_user(task, copy);
}

static mach_msg_return_t
ipc_kmsg_ool_to_user(struct ipc_kmsg *kmsg, struct task *task)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);

	for (mach_msg_size_t i = 0; i < count; i++, desc++) {
		unsigned int type = ipc_desc_type(desc);
		void *held = desc->out_of_line.address;
		uint64_t addr;
		if (ipc_desc_is_memory(type))
			addr = ipc_kmsg_copy_to_user(task, held);
		else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			addr = ipc_kmsg_names_to_user(task, held,
						      desc->ool_ports.count);
		else
			continue;
		if (addr == 0 && held != NULL)
			mr = MACH_RCV_BODY_ERROR;
		desc->out_of_line.address = (void *)addr;
	}
	return mr;
}

/*
 * Converts the (copied-out) kernel form to user form in place; returns
 * where it starts and *size its size.  A simple message's body stays
 * where it is and its user header ends where the kernel one did (it
 * starts KERNEL_HEADER_GROWTH bytes in); a complex one's shrinks
 * towards the front.
 */
static char *
ipc_kmsg_to_user_form(struct ipc_kmsg *kmsg, mach_msg_size_t *size)
{
	mach_msg_header_t *header = ikm_header(kmsg);
	mach_msg_size_t ksize = header->msgh_size;
	mach_msg_bits_t bits = header->msgh_bits;
	mach_port_name_t remote = ipc_kmsg_name(header->msgh_remote_port);
	mach_port_name_t local = ipc_kmsg_name(header->msgh_local_port);

	if (!(bits & MACH_MSGH_BITS_COMPLEX)) {
		/* msgh_id is where uh_id goes. */
		char *start = (char *)header + KERNEL_HEADER_GROWTH;
		ipc_user_overlay_t *uh = (ipc_user_overlay_t *)start;
		uh->uh_bits = bits;
		uh->uh_size = ksize - KERNEL_HEADER_GROWTH;
		uh->uh_remote = remote;
		uh->uh_local = local;
		uh->uh_reserved = 0;
		*size = ksize - KERNEL_HEADER_GROWTH;
		return start;
	}

	struct ipc_user_header uh = {
	    .uh_bits = bits,
	    .uh_remote = remote,
	    .uh_local = local,
	    .uh_id = header->msgh_id,
	};
	mach_msg_size_t count;
	mach_msg_descriptor_t *desc = ipc_kmsg_descriptors(kmsg, &count);
	char *end = (char *)header + ksize;
	char *dst = (char *)header + sizeof(uh);
	const char *src = (const char *)(header + 1);
	__builtin_memcpy(dst, src, sizeof(mach_msg_body_t));
	dst += sizeof(mach_msg_body_t);
	src += sizeof(mach_msg_body_t);
	for (mach_msg_size_t i = 0; i < count; i++) {
		mach_msg_descriptor_t d;
		__builtin_memcpy(&d, &desc[i], sizeof(d));
		src += sizeof(d);
		if (ipc_desc_type(&d) == MACH_MSG_PORT_DESCRIPTOR) {
			struct user_port_descriptor u = {
			    .upd_name = ipc_kmsg_name(d.port.name),
			    .upd_flags = (uint32_t)d.port.disposition << 16,
			};
			__builtin_memcpy(dst, &u, sizeof(u));
			dst += sizeof(u);
		} else {
			__builtin_memcpy(dst, &d, sizeof(d));
			dst += sizeof(d);
		}
	}
	if (end != src) /* inline data after the descriptors */
		memmove(dst, src, end - src);
	dst += end - src;
	uh.uh_size = dst - (char *)header;
	__builtin_memcpy(header, &uh, sizeof(uh));
	*size = uh.uh_size;
	return (char *)header;
}

mach_msg_return_t
ipc_kmsg_copyout_locked(struct ipc_kmsg *kmsg, uint64_t msg_addr,
			int trailer_elements)
{
	struct task *task = current_task();
	mach_msg_return_t rights =
	    ipc_kmsg_copyout_rights_inline(kmsg, task->task_space, 0);
	simple_unlock(&ipc_lock);

	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (ikm_header(kmsg)->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		/* Interrupts on while out-of-line memory is placed, as
		 * while it was copied in (ipc_kmsg_body_from_user). */
		assert(!simple_lock_held(&ipc_lock));
		unsigned long flags = cpu_intr_enable_save();
		mr = ipc_kmsg_ool_to_user(kmsg, task);
		cpu_intr_put(flags);
	}
	mach_msg_size_t size;
	char *start = ipc_kmsg_to_user_form(kmsg, &size);
	mach_msg_size_t trailer_size = ipc_kmsg_trailer_size(trailer_elements);
	ipc_kmsg_trailer_write(start + size, trailer_size, kmsg->ikm_seqno,
			       kmsg->ikm_sender);
	if (copyout(start, msg_addr, size + trailer_size) != KERN_SUCCESS)
		mr = MACH_RCV_INVALID_DATA;
	ipc_kmsg_free_spare(kmsg);
	return mr != MACH_MSG_SUCCESS ? mr : rights;
}
