/*
 * The world of a batch (see fuzz.h): pools of the names its calls made,
 * the choice of names and targets for the next call, what the worker
 * keeps for itself, and the end of the batch, which destroys everything
 * the batch made.
 *
 * Pools are rings: a new name replaces the oldest.  A name in a pool
 * may be stale (destroyed, moved away, reused): a call that uses it
 * simply meets an error, which is as much a test as a success.
 *
 * The worker keeps a few names for itself: its send right to the
 * supervisor (fw_report), the reply port of its counts (fw_stats_reply),
 * its exception port (fw_catch), its main thread's port (fw_main), the
 * privileged host port (fw_host_priv, for vm_wire) and its victims' task
 * ports.  fz_pick never returns them, so no random call
 * destroys or moves them, and script threads do not stop the main one.
 * Its own task, thread and host rights it names again with the traps
 * each time (the traps merge them into the one name).
 */
#include "fuzz.h"

#include "gen/mach_port.h"
#include "gen/task.h"
#include "gen/thread.h"
#include "gen/vm_map.h"
#include <mach/mach_traps.h>
#include <mach/notify.h>
#include <mach/traps.h>
#include <string.h>

struct fz_world fz_world;

mach_port_t
fz_task_self(void)
{
	return (mach_port_t)fz_trap(MACH_TRAP_TASK_SELF, 0, 0, 0, 0, 0, 0);
}

mach_port_t
fz_thread_self(void)
{
	return (mach_port_t)fz_trap(MACH_TRAP_THREAD_SELF, 0, 0, 0, 0, 0, 0);
}

mach_port_t
fz_host_self(void)
{
	return (mach_port_t)fz_trap(MACH_TRAP_HOST_SELF, 0, 0, 0, 0, 0, 0);
}

int
fz_protected_name(mach_port_t name)
{
	if (name == MACH_PORT_NULL)
		return 0;
	if (name == fz_world.fw_report || name == fz_world.fw_create ||
	    name == fz_world.fw_stats_reply || name == fz_world.fw_catch ||
	    name == fz_world.fw_sleep || name == fz_world.fw_main ||
	    name == fz_world.fw_host_priv || name == fz_world.fw_child ||
	    name == fz_world.fw_io_root)
		return 1;
	/* A victim's task port: the worker must be able to end it. */
	for (unsigned i = 0; i < FZ_VICTIMS; i++)
		if (name == fz_world.fw_victims[i].fv_task)
			return 1;
	return 0;
}

static int
fz_overlaps(uint64_t addr, uint64_t size, uint64_t start, uint64_t end)
{
	uint64_t last = size == 0 ? addr : addr + size - 1;
	if (last < addr)
		last = UINT64_MAX; /* wraps: reaches everything above */
	return addr < end && last >= start;
}

int
fz_protected_range(uint64_t addr, uint64_t size)
{
	/* vm calls work on whole pages: widen to them. */
	uint64_t start = addr & ~(FZ_PAGE - 1);
	uint64_t len = size + (addr - start);
	if (len < size)
		len = UINT64_MAX;
	len = len > UINT64_MAX - FZ_PAGE ? UINT64_MAX
					 : (len + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
	return fz_overlaps(start, len, fz_world.fw_image_start,
			   fz_world.fw_image_end) ||
	       fz_overlaps(start, len, fz_world.fw_stack_start,
			   fz_world.fw_stack_end) ||
	       fz_overlaps(start, len, fz_world.fw_own_start,
			   fz_world.fw_own_end);
}

void
fz_pool_add(enum fz_pool_kind kind, mach_port_t name)
{
	struct fz_pool *pool = &fz_world.fw_pools[kind];

	if (!MACH_PORT_VALID(name) || fz_protected_name(name))
		return;
	pool->fp_names[pool->fp_next++ % FZ_POOL_SIZE] = name;
}

/* A special name: null, dead, the worker's own objects, a kept one. */
static mach_port_t
fz_pick_special(struct fz_call *call)
{
	switch (FZ_BELOW(call, 8)) {
	case 0:
		return MACH_PORT_NULL;
	case 1:
		return MACH_PORT_DEAD;
	case 2:
		return fz_task_self();
	case 3:
		return fz_thread_self();
	case 4:
		return fz_host_self();
	case 5:
		return fz_world.fw_kept_count > 0
			   ? fz_world.fw_kept[FZ_BELOW(call,
						       fz_world.fw_kept_count)]
			   : MACH_PORT_NULL;
	case 6: /* a name from the first entries, any generation */
		return MACH_PORT_MAKE(1 + FZ_BELOW(call, 63),
				      FZ_BELOW(call, 256));
	default:
		return (mach_port_t)FZ_RAND(call);
	}
}

mach_port_t
fz_pick(struct fz_call *call, enum fz_pool_kind kind)
{
	mach_port_t name;

	if (kind == FZ_ANY) {
		if (FZ_CHANCE(call, 25))
			name = fz_pick_special(call);
		else
			name = fz_pick(call, FZ_BELOW(call, FZ_POOL_KINDS));
	} else {
		name = fz_world.fw_pools[kind]
			   .fp_names[FZ_BELOW(call, FZ_POOL_SIZE)];
	}
	return fz_protected_name(name) ? MACH_PORT_NULL : name;
}

mach_port_t
fz_pick_mostly(struct fz_call *call, enum fz_pool_kind kind)
{
	mach_port_t name =
	    FZ_CHANCE(call, 85) ? fz_pick(call, kind) : MACH_PORT_NULL;
	return name != MACH_PORT_NULL ? name : fz_pick(call, FZ_ANY);
}

struct fz_victim *
fz_pick_victim(struct fz_call *call)
{
	return &fz_world.fw_victims[FZ_BELOW(call, FZ_VICTIMS)];
}

mach_port_t
fz_pick_task(struct fz_call *call)
{
	switch (FZ_BELOW(call, 10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		return fz_task_self();
	case 4:
	case 5:
	case 6:
		return fz_pick_victim(call)->fv_task;
	case 7:
		return fz_pick(call, FZ_KOBJECT);
	default:
		return fz_pick(call, FZ_ANY);
	}
}

mach_port_t
fz_pick_thread(struct fz_call *call)
{
	struct fz_victim *victim = fz_pick_victim(call);

	switch (FZ_BELOW(call, 10)) {
	case 0:
	case 1:
	case 2:
		return victim->fv_threads[FZ_BELOW(call, FZ_VICTIM_THREADS)];
	case 3:
	case 4:
		return fz_world.fw_threads[FZ_BELOW(call, FZ_THREADS)].ft_port;
	case 5:
		return fz_thread_self();
	case 6:
		return fz_pick(call, FZ_KOBJECT);
	default:
		return fz_pick(call, FZ_ANY);
	}
}

/* The pool a right received as type goes into. */
static void
fz_harvest_right(mach_port_t name, mach_msg_type_name_t type)
{
	if (name == MACH_PORT_DEAD)
		return;
	switch (type) {
	case MACH_MSG_TYPE_PORT_RECEIVE:
		fz_pool_add(FZ_RECEIVE, name);
		break;
	case MACH_MSG_TYPE_PORT_SEND:
		fz_pool_add(FZ_SEND, name);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		fz_pool_add(FZ_ONCE, name);
		break;
	}
}

/* Memory a message brought: given back at once, unless it is not ours
 * to give (a corrupt descriptor, read while another thread wrote). */
static void
fz_harvest_memory(uint64_t addr, uint64_t size)
{
	if (addr == 0 || size == 0 || size > (64u << 20) ||
	    addr >= FZ_USER_MAX || fz_protected_range(addr, size))
		return;
	fz_vm_deallocate(fz_task_self(), addr, size);
}

void
fz_harvest(const mach_msg_header_t *msg, mach_msg_size_t room)
{
	mach_msg_header_t header;

	if (room < sizeof(header))
		return;
	memcpy(&header, msg, sizeof(header));
	fz_harvest_right(header.msgh_remote_port,
			 MACH_MSGH_BITS_REMOTE(header.msgh_bits));
	if (!(header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    room < sizeof(mach_msg_base_t))
		return;
	mach_msg_size_t size =
	    header.msgh_size < room ? header.msgh_size : room;
	const char *p = (const char *)msg + sizeof(mach_msg_base_t);
	const char *end = (const char *)msg + size;
	uint32_t count =
	    ((const mach_msg_base_t *)msg)->body.msgh_descriptor_count;
	for (uint32_t i = 0; i < count && p + 12 <= end; i++) {
		const mach_msg_descriptor_t *d = (const void *)p;
		unsigned type = (unsigned char)p[11];
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			fz_harvest_right(d->port.name, d->port.disposition);
			p += sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		if (p + sizeof(mach_msg_ool_descriptor_t) > end)
			break;
		if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			const mach_port_t *names = d->ool_ports.address;
			uint64_t bytes = (uint64_t)d->ool_ports.count * 4;
			if (names != NULL && bytes <= (64u << 10) &&
			    !fz_protected_range((uint64_t)names, bytes))
				for (uint32_t j = 0;
				     j < d->ool_ports.count && j < 64; j++)
					fz_harvest_right(
					    names[j], d->ool_ports.disposition);
			fz_harvest_memory((uint64_t)names, bytes);
		} else {
			fz_harvest_memory((uint64_t)d->out_of_line.address,
					  d->out_of_line.size);
		}
		p += sizeof(mach_msg_ool_descriptor_t);
	}
}

unsigned
fz_list_names(mach_port_t task, mach_port_t *names, mach_port_type_t *types,
	      unsigned max)
{
	mach_port_t inline_names[512];
	mach_port_type_t inline_types[512];
	mach_port_name_array_t got_names = inline_names;
	mach_port_type_array_t got_types = inline_types;
	mach_msg_type_number_t n_names = 512, n_types = 512;

	if (fz_mach_port_names(task, &got_names, &n_names, &got_types,
			       &n_types) != KERN_SUCCESS)
		return 0;
	unsigned n = n_names < n_types ? n_names : n_types;
	for (unsigned i = 0; i < n && i < max; i++) {
		names[i] = got_names[i];
		if (types != NULL)
			types[i] = got_types[i];
	}
	if (got_names != inline_names)
		fz_vm_deallocate(fz_task_self(), (vm_address_t)got_names,
				 n_names * 4);
	if (got_types != inline_types)
		fz_vm_deallocate(fz_task_self(), (vm_address_t)got_types,
				 n_types * 4);
	return n < max ? n : max;
}

void
fz_sleep(unsigned ms)
{
	struct fz_tls *tls = fz_tls_self();
	mach_msg_header_t msg;

	/* A port of the thread's own, where nothing is ever sent. */
	if (tls->ft_sleep == MACH_PORT_NULL)
		tls->ft_sleep = mach_reply_port();
	mach_msg(&msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT | MACH_RCV_LARGE, 0,
		 sizeof(msg), tls->ft_sleep, ms, 0);
}

void
fz_drain(mach_port_t port)
{
	union {
		mach_msg_header_t header;
		char room[2048];
	} buffer;

	while (mach_msg(&buffer.header,
			MACH_RCV_MSG | MACH_RCV_TIMEOUT | MACH_RCV_LARGE, 0,
			sizeof(buffer), port, 0, 0) == MACH_MSG_SUCCESS)
		fz_harvest(&buffer.header, sizeof(buffer));
	/* A message too large for the buffer: take it with room enough. */
	static char big[MACH_MSG_SIZE_MAX + 4096];
	while (mach_msg((mach_msg_header_t *)big,
			MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(big), port,
			0, 0) == MACH_MSG_SUCCESS)
		fz_harvest((mach_msg_header_t *)big, sizeof(big));
}

static int
fz_kept(mach_port_t name)
{
	for (unsigned i = 0; i < fz_world.fw_kept_count; i++)
		if (fz_world.fw_kept[i] == name)
			return 1;
	return 0;
}

void
fz_world_begin(void)
{
	mach_port_t self = fz_task_self();
	struct fz_tls *tls = fz_tls_self();

	(void)fz_thread_self();
	(void)fz_host_self();
	/* The reply port of the batch's RPCs is the batch's own: late
	 * replies may wait in it, and the end destroys it with them. */
	tls->ft_reply_override = fz_world.fw_stats_reply;
	if (tls->ft_reply != MACH_PORT_NULL)
		fz_mach_port_destroy(self, tls->ft_reply);
	tls->ft_reply = MACH_PORT_NULL;
	fz_world.fw_kept_count =
	    fz_list_names(self, fz_world.fw_kept, NULL, FZ_NAMES_KEPT);
	tls->ft_reply_override = MACH_PORT_NULL;
}

/* Cancels the requests a batch may have left on a name it keeps. */
static void
fz_cancel_requests(mach_port_t self, mach_port_t name, mach_port_type_t type)
{
	static const mach_msg_id_t kinds[] = {MACH_NOTIFY_DEAD_NAME,
					      MACH_NOTIFY_NO_SENDERS,
					      MACH_NOTIFY_PORT_DESTROYED};

	for (unsigned k = 0; k < FZ_ARRAY_SIZE(kinds); k++) {
		mach_port_t previous = MACH_PORT_NULL;
		if (kinds[k] != MACH_NOTIFY_DEAD_NAME &&
		    !(type & MACH_PORT_TYPE_RECEIVE))
			continue;
		if (fz_mach_port_request_notification(
			self, name, kinds[k], 0, MACH_PORT_NULL, &previous) ==
			KERN_SUCCESS &&
		    MACH_PORT_VALID(previous))
			fz_mach_port_deallocate(self, previous);
	}
}

/* Whether name is the worker's own task, thread or host (made again by
 * a trap whenever needed: not the batch's to destroy). */
static int
fz_self_name(mach_port_t name)
{
	return name == fz_task_self() || name == fz_thread_self() ||
	       name == fz_host_self();
}

void
fz_world_end(void)
{
	static mach_port_t names[8192];
	static mach_port_type_t types[8192];
	struct fz_tls *tls = fz_tls_self();

	/* Every RPC from here on replies to a port no call destroys, so
	 * that the end makes no new name of its own.  The worker's own
	 * task port is named afresh each time: a call may have destroyed
	 * the name. */
	tls->ft_mutate = 0;
	tls->ft_reply_override = fz_world.fw_stats_reply;
	fz_threads_end();
	for (unsigned i = 0; i < FZ_VICTIMS; i++)
		fz_victim_end(&fz_world.fw_victims[i]);
	fz_task_set_special_port(fz_task_self(), TASK_EXCEPTION_PORT,
				 fz_world.fw_catch);
	fz_task_set_special_port(fz_task_self(), TASK_BOOTSTRAP_PORT,
				 fz_world.fw_bootstrap);
	fz_thread_set_special_port(fz_thread_self(), THREAD_EXCEPTION_PORT,
				   MACH_PORT_NULL);
	/* The batch's memory, and the memory objects it mapped (a pager's
	 * object has ports of its own, counted until its mappings go). */
	fz_vm_release();
	/* Destroying a port may send a receive right to another (a
	 * port-destroyed request): go round until nothing new appears. */
	for (int round = 0; round < 16; round++) {
		fz_drain(fz_world.fw_catch);
		fz_drain(fz_world.fw_stats_reply);
		unsigned n = fz_list_names(fz_task_self(), names, types, 8192);
		unsigned destroyed = 0;
		for (unsigned i = 0; i < n; i++) {
			/* Not the batch's to destroy, but what it asked of
			 * them is: the worker's own task, thread and host
			 * ports may have new names (a call destroyed the
			 * kept ones), and a dead-name request on its task
			 * port would keep its notify port until the worker
			 * dies. */
			if (fz_kept(names[i]) || fz_self_name(names[i]))
				fz_cancel_requests(fz_task_self(), names[i],
						   types[i]);
			else if (fz_mach_port_destroy(fz_task_self(),
						      names[i]) == KERN_SUCCESS)
				destroyed++;
		}
		if (destroyed == 0)
			break;
	}
	fz_drain(fz_world.fw_catch);
	fz_drain(fz_world.fw_stats_reply);
	/* Again: messages destroyed with the ports may have held copies
	 * of a pager's memory, and rights received since may map more. */
	fz_vm_release();
	tls->ft_reply_override = MACH_PORT_NULL;
	tls->ft_reply = MACH_PORT_NULL; /* destroyed with the rest */
	memset(fz_world.fw_pools, 0, sizeof(fz_world.fw_pools));
	for (int i = 0; i < 4; i++)
		swtch_pri(0); /* ended threads are freed by the next switch */
}
