/*
 * The run time of the fuzzer's own IDL stubs of the kernel's interfaces
 * (build/tests/os/fuzz/gen/: mig -prefix fz_ -subrprefix fz_), and each
 * worker thread's data (struct fz_tls, reached through %fs).
 *
 * The stubs send through fz_mach_msg, which differs from mach_msg in two
 * ways.  It never waits: a reply from the kernel is queued before the
 * receive looks (docs/ipc.md), so a timeout of 0 loses nothing, and an
 * RPC that a random name aimed at a port of a task (one of the worker's
 * own, say) fails instead of waiting forever.  (A call to the UNIX
 * server, io.c, waits ft_timeout for its reply, a user task's.)  And it mutates some
 * requests on their way (ft_mutate percent of them): a flipped bit of the
 * header, another id, a shorter or longer size, another reply right or
 * none, bytes of the body changed.  That is how the kernel's stubs see
 * requests that are almost right.
 *
 * A reply port that saw a receive error is given up (a late reply might
 * still come); the next RPC makes a new one.  The name stays in the
 * space until the batch's end destroys it.
 */
#include "fuzz.h"

#include "gen/host.h"
#include "gen/mach_port.h"
#include "gen/vm_map.h"
#include <mach/mach_traps.h>
#include <string.h>

void
fz_tls_init(struct fz_tls *tls)
{
	memset(tls, 0, sizeof(*tls));
	libmach_thread_init(&tls->ft_libmach);
}

struct fz_tls *
fz_tls_self(void)
{
	return (struct fz_tls *)libmach_thread_self();
}

unsigned
fz_mutation_off(void)
{
	struct fz_tls *tls = fz_tls_self();
	unsigned saved = tls->ft_mutate;

	tls->ft_mutate = 0;
	return saved;
}

void
fz_mutation_restore(unsigned saved)
{
	fz_tls_self()->ft_mutate = saved;
}

struct fz_steady
fz_steady_begin(void)
{
	struct fz_tls *tls = fz_tls_self();
	struct fz_steady saved = {tls->ft_mutate, tls->ft_reply_override};
	mach_port_t fresh = mach_reply_port();

	tls->ft_mutate = 0;
	tls->ft_reply_override =
	    fresh != MACH_PORT_NULL ? fresh : fz_world.fw_stats_reply;
	return saved;
}

void
fz_steady_end(struct fz_steady saved)
{
	struct fz_tls *tls = fz_tls_self();
	mach_port_t fresh = tls->ft_reply_override;

	tls->ft_reply_override = fz_world.fw_stats_reply;
	if (fresh != fz_world.fw_stats_reply)
		fz_mach_port_destroy(fz_task_self(), fresh);
	tls->ft_mutate = saved.fs_mutate;
	tls->ft_reply_override = saved.fs_reply_override;
}

mach_port_t
fz_mig_get_reply_port(void)
{
	struct fz_tls *tls = fz_tls_self();

	if (tls->ft_reply_override != MACH_PORT_NULL)
		return tls->ft_reply_override;
	if (tls->ft_reply == MACH_PORT_NULL)
		tls->ft_reply = mach_reply_port();
	return tls->ft_reply;
}

void
fz_mig_dealloc_reply_port(mach_port_t port)
{
	struct fz_tls *tls = fz_tls_self();

	if (port == tls->ft_reply)
		tls->ft_reply = MACH_PORT_NULL;
}

void
fz_mig_allocate(vm_address_t *addr, vm_size_t size)
{
	struct fz_tls *tls = fz_tls_self();
	unsigned mutate = tls->ft_mutate;

	tls->ft_mutate = 0;
	*addr = 0;
	if (fz_vm_allocate(fz_task_self(), addr, size, TRUE) != KERN_SUCCESS)
		*addr = 0;
	tls->ft_mutate = mutate;
}

/*
 * Clears the deallocate flag of every out-of-line descriptor of a
 * mutated request that would give the kernel the worker's own memory (a
 * changed body byte can set it, a changed bit make the body complex):
 * the kernel would take those pages, as vm_deallocate would.
 */
static void
fz_spare_own_memory(mach_msg_header_t *msg, mach_msg_size_t send_size)
{
	if (!(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    send_size < sizeof(mach_msg_base_t))
		return;
	unsigned char *p = (unsigned char *)msg + sizeof(mach_msg_base_t);
	unsigned char *end = (unsigned char *)msg + send_size;
	uint32_t count = ((mach_msg_base_t *)msg)->body.msgh_descriptor_count;
	for (uint32_t i = 0; i < count && p + 12 <= end; i++) {
		unsigned type = p[11];
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			p += sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		if (p + sizeof(mach_msg_ool_descriptor_t) > end)
			return;
		mach_msg_ool_descriptor_t d;
		memcpy(&d, p, sizeof(d));
		uint64_t size = type == MACH_MSG_OOL_PORTS_DESCRIPTOR
				    ? (uint64_t)d.size * 4 /* the count */
				    : d.size;
		if (p[8] != 0 && fz_protected_range((uint64_t)d.address, size))
			p[8] = 0; /* the deallocate byte */
		p += sizeof(mach_msg_ool_descriptor_t);
	}
}

/* Changes one thing of a request before it is sent. */
static void
fz_mutate(struct fz_call *call, mach_msg_header_t *msg,
	  mach_msg_size_t *send_size)
{
	mach_msg_size_t body =
	    *send_size > sizeof(*msg) ? *send_size - sizeof(*msg) : 0;
	unsigned char *bytes = (unsigned char *)(msg + 1);

	switch (FZ_BELOW(call, 12)) {
	case 0:
		msg->msgh_bits ^= 1u << FZ_BELOW(call, 32);
		fz_say(call, " mutate:bit");
		break;
	case 1:
		msg->msgh_bits =
		    (msg->msgh_bits & ~MACH_MSGH_BITS_REMOTE_MASK) |
		    (fz_disposition(call) & 0x1f);
		fz_say(call, " mutate:remote-bits");
		break;
	case 2:
		if (FZ_AVOIDING(FZ_AVOID_NO_REPLY))
			break;
		msg->msgh_local_port = MACH_PORT_NULL;
		fz_say(call, " mutate:no-reply");
		break;
	case 3:
		msg->msgh_bits = (msg->msgh_bits & ~MACH_MSGH_BITS_LOCAL_MASK) |
				 (MACH_MSGH_BITS(0, MACH_MSG_TYPE_MAKE_SEND +
							FZ_BELOW(call, 2)));
		fz_say(call, " mutate:reply-make-send");
		break;
	case 4:
		msg->msgh_id =
		    fz_msg_id_filter(msg->msgh_id + (int)FZ_BELOW(call, 5) - 2);
		fz_say(call, " mutate:id=%d", msg->msgh_id);
		break;
	case 5:
		*send_size = (*send_size & ~3u) - 4 * FZ_BELOW(call, 4);
		fz_say(call, " mutate:size=%u", *send_size);
		break;
	case 6:
		*send_size += 4 * (1 + FZ_BELOW(call, 8));
		fz_say(call, " mutate:size=%u", *send_size);
		break;
	case 7:
		*send_size = fz_size(call, 256);
		fz_say(call, " mutate:size=%u", *send_size);
		break;
	case 8:
		msg->msgh_bits ^= MACH_MSGH_BITS_COMPLEX;
		fz_say(call, " mutate:complex");
		break;
	case 9:
		msg->msgh_remote_port = fz_pick(call, FZ_ANY);
		fz_say(call, " mutate:dest=%#x", msg->msgh_remote_port);
		break;
	default:
		for (unsigned n = 1 + FZ_BELOW(call, 4); n > 0 && body > 0;
		     n--) {
			/* A byte that makes a name the worker keeps stays. */
			mach_msg_size_t at = FZ_BELOW(call, body);
			unsigned char old = bytes[at];
			bytes[at] = (unsigned char)FZ_RAND(call);
			mach_port_t word;
			memcpy(&word, bytes + (at & ~3u),
			       at + 4 - (at & 3) <= body ? 4 : 0);
			if (at + 4 - (at & 3) <= body &&
			    fz_protected_name(word))
				bytes[at] = old;
		}
		fz_say(call, " mutate:body");
		break;
	}
}

mach_msg_return_t
fz_mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	    mach_port_name_t notify)
{
	struct fz_tls *tls = fz_tls_self();
	struct fz_call *call = tls->ft_call;

	(void)timeout;
	(void)notify;
	/* task_create is never mutated: a task made but not registered with
	 * the supervisor would outlive the batch. */
	mach_msg_id_t reply_id = msg->msgh_id + 100;
	/* Neither a request that harms the worker (its own vm_deallocate,
	 * say: the range was checked before the request was made) nor one
	 * that a mutation would turn into such is mutated. */
	if (call != NULL && tls->ft_mutate > 0 &&
	    msg->msgh_id != FZ_TASK_CREATE_ID &&
	    !fz_msg_harms_self(msg->msgh_remote_port, msg->msgh_id) &&
	    FZ_CHANCE(call, tls->ft_mutate)) {
		mach_msg_header_t saved = *msg;
		mach_msg_size_t saved_size = send_size;
		fz_mutate(call, msg, &send_size);
		/* Nor may it move away a right the worker keeps (a victim's
		 * task port, sent to with COPY_SEND). */
		if (fz_msg_harms_self(msg->msgh_remote_port, msg->msgh_id) ||
		    (fz_protected_name(msg->msgh_remote_port) &&
		     MACH_MSGH_BITS_REMOTE(msg->msgh_bits) !=
			 MACH_MSG_TYPE_COPY_SEND)) {
			*msg = saved;
			send_size = saved_size;
			fz_say(call, " (undone)");
		}
		fz_spare_own_memory(msg, send_size);
	}
	mach_msg_timeout_t wait =
	    tls->ft_timeout != 0 ? tls->ft_timeout : FZ_KERNEL_TIMEOUT;
	mach_msg_return_t mr =
	    mach_msg_trap(msg, option | MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT,
			  send_size, rcv_size, rcv_name, wait);
	/*
	 * A message left in the reply port by an earlier call (a reply
	 * that came late, a send-once notification) is not this call's
	 * reply: look again.  (A stub that took it would fail, and the
	 * right in the real reply, a new task's say, would be lost.)  Its
	 * rights stay in the space under names the batch's end destroys;
	 * fz_harvest is no use here: it makes RPCs, on this reply port.
	 */
	for (int stale = 0;
	     stale < 16 && (option & MACH_RCV_MSG) &&
	     (mr == MACH_RCV_TOO_LARGE ||
	      (mr == MACH_MSG_SUCCESS && msg->msgh_id != reply_id));
	     stale++) {
		mr = mach_msg_trap(msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				   rcv_size, rcv_name, wait);
	}
	return mr;
}

kern_return_t
fz_kernel_stats(struct kernel_stats *stats)
{
	struct fz_tls *tls = fz_tls_self();
	mach_msg_type_number_t count = sizeof(*stats) / sizeof(integer_t);
	unsigned mutate = tls->ft_mutate;
	mach_port_t override = tls->ft_reply_override;

	tls->ft_mutate = 0;
	tls->ft_reply_override = fz_world.fw_stats_reply;
	kern_return_t kr = fz_host_info(fz_host_self(), HOST_KERNEL_STATS,
					(host_info_t)stats, &count);
	tls->ft_reply_override = override;
	tls->ft_mutate = mutate;
	return kr;
}
