/*
 * Serving messages to kernel objects (see ipc_kobject.h).
 *
 * The request's reply right moves into the reply; the right to the
 * object itself is released once the request is served.  When the server
 * routine succeeds it owns the rights in the request's body (it has kept
 * or released them; one its stub translated into an object for it, the
 * stub releases with mig_release_port); otherwise the request is
 * destroyed with its rights, as Mach's kernel servers do.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_right.h>
#include <ipc/mach_msg_kernel.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/mig_errors.h>

#include <mach/mig_support.h>

extern const ipc_kobject_demux_t ipc_kobject_demuxes[];
extern const int ipc_kobject_demux_count;

static void
ipc_kobject_bad_id(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_error_t *error = (mig_reply_error_t *)reply;

	error->Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(request->msgh_bits), 0);
	error->Head.msgh_remote_port = request->msgh_remote_port;
	error->Head.msgh_local_port = IP_NULL;
	error->Head.msgh_reserved = 0;
	error->Head.msgh_id = request->msgh_id + 100;
	error->Head.msgh_size = sizeof(*error);
	error->RetCode = MIG_BAD_ID;
}

/*
 * Turns the request into received form, as a server stub expects it: its
 * own port in msgh_local_port, the reply right in msgh_remote_port.
 */
static void
ipc_kobject_receive_form(mach_msg_header_t *in)
{
	mach_msg_bits_t bits = in->msgh_bits;
	ipc_port_t object = in->msgh_remote_port;

	in->msgh_remote_port = in->msgh_local_port;
	in->msgh_local_port = object;
	in->msgh_bits = MACH_MSGH_BITS_OTHER(bits) |
			MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(bits),
				       MACH_MSGH_BITS_REMOTE(bits));
}

/*
 * No memory for the reply: the request's own buffer becomes an error
 * reply (KERN_RESOURCE_SHORTAGE), so that a kernel RPC is always
 * answered, even when memory is short.
 */
static void
ipc_kobject_reply_shortage(struct ipc_kmsg *request)
{
	mach_msg_header_t *in = ikm_header(request);
	mig_reply_error_t *error = (mig_reply_error_t *)in;
	ipc_port_t reply = in->msgh_local_port;
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(in->msgh_bits);
	mach_msg_id_t id = in->msgh_id;

	simple_lock(&ipc_lock);
	in->msgh_local_port = IP_NULL;
	in->msgh_bits &= ~MACH_MSGH_BITS_LOCAL_MASK;
	ipc_kmsg_clean_locked(request);
	error->Head.msgh_bits = MACH_MSGH_BITS(reply_type, 0);
	error->Head.msgh_remote_port = reply;
	error->Head.msgh_reserved = 0;
	error->Head.msgh_id = id + 100;
	error->Head.msgh_size = sizeof(*error);
	error->RetCode = KERN_RESOURCE_SHORTAGE;
	ipc_kmsg_copyin_from_kernel_locked(request);
	ipc_kmsg_send_kernel_locked(request);
	simple_unlock(&ipc_lock);
}

void
ipc_kobject_serve(struct ipc_kmsg *request)
{
	mach_msg_header_t *in = ikm_header(request);
	struct ipc_kmsg *reply = ipc_kmsg_alloc_kernel(ipc_kobject_reply_max);

	if (reply == NULL) {
		ipc_kobject_reply_shortage(request);
		return;
	}
	ipc_kobject_receive_form(in);
	mach_msg_header_t *out = ikm_header(reply);
	current_thread()->th_kobject_reply_kept = 0;
	boolean_t known = FALSE;
	/* The routine runs with interrupts on, as a trap does: it takes
	 * the locks it needs, and may zero or copy megabytes (vm_allocate,
	 * vm_read, vm_write; docs/locking.md). */
	unsigned long flags = cpu_intr_enable_save();
	for (int i = 0; i < ipc_kobject_demux_count && !known; i++)
		known = ipc_kobject_demuxes[i](in, out);
	cpu_intr_put(flags);
	if (!known)
		ipc_kobject_bad_id(in, out);
	/* A complex reply is a success; an error is a mig_reply_error_t. */
	kern_return_t retcode = (out->msgh_bits & MACH_MSGH_BITS_COMPLEX)
				    ? KERN_SUCCESS
				    : ((mig_reply_error_t *)out)->RetCode;

	/* The reply right moved into the reply; the object's right stays. */
	simple_lock(&ipc_lock);
	in->msgh_remote_port = IP_NULL;
	in->msgh_bits &= ~MACH_MSGH_BITS_REMOTE_MASK;
	/* On success (MIG_NO_REPLY: a simpleroutine's) the routine owns
	 * the request's rights and memory. */
	if ((retcode == KERN_SUCCESS || retcode == MIG_NO_REPLY) &&
	    (in->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		in->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	ipc_kmsg_destroy_locked(request);
	if (retcode == MIG_NO_REPLY &&
	    current_thread()->th_kobject_reply_kept) {
		ipc_kmsg_free(reply); /* the routine has the reply right */
	} else if (retcode == MIG_NO_REPLY) {
		/* a simpleroutine's: the reply holds nothing but the reply
		 * right (if the request brought one), which goes */
		ipc_kmsg_destroy_locked(reply);
	} else {
		/* With no reply port (a one-way request), the reply is
		 * destroyed with the rights and memory it carries. */
		ipc_kmsg_copyin_from_kernel_locked(reply);
		ipc_kmsg_send_kernel_locked(reply);
	}
	simple_unlock(&ipc_lock);
}

void
ipc_kobject_keep_reply(void)
{
	current_thread()->th_kobject_reply_kept = 1;
}

void
mig_release_port(mach_port_t port, mach_msg_type_name_t disposition)
{
	if (!IP_VALID(port))
		return;
	simple_lock(&ipc_lock);
	if (disposition == MACH_MSG_TYPE_PORT_SEND)
		ipc_port_release_send_locked(port);
	else if (disposition == MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_send_once_locked(port);
	simple_unlock(&ipc_lock);
}
