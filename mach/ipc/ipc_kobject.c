/*
 * Serving messages to kernel objects (see ipc_kobject.h).
 *
 * The request's reply right moves into the reply; the right to the
 * object itself is released once the request is served.  When the server
 * routine succeeds it owns the rights in the request's body (it has kept
 * or released them); otherwise the request is destroyed with its rights,
 * as Mach's kernel servers do.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_right.h>
#include <kern/string.h>
#include <mach/mig_errors.h>

extern const ipc_kobject_demux_t ipc_kobject_demuxes[];
extern const int ipc_kobject_demux_count;
extern const mach_msg_size_t ipc_kobject_reply_max;

static void
ipc_kobject_bad_id(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_error_t *error = (mig_reply_error_t *)reply;
	(void)request;
	error->Head.msgh_size = sizeof(*error);
	error->RetCode = MIG_BAD_ID;
}

void
ipc_kobject_serve(struct ipc_kmsg *request)
{
	mach_msg_header_t *in = ikm_header(request);
	struct ipc_kmsg *reply = ipc_kmsg_alloc(ipc_kobject_reply_max);

	if (reply == NULL) {
		ipc_kmsg_destroy(request);
		return;
	}
	mach_msg_header_t *out = ikm_header(reply);
	memset(out, 0, sizeof(mig_reply_error_t));
	out->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(in->msgh_bits), 0);
	out->msgh_remote_port = in->msgh_local_port;
	out->msgh_local_port = IP_NULL;
	out->msgh_id = in->msgh_id + 100;
	out->msgh_size = sizeof(mig_reply_error_t);
	in->msgh_local_port = IP_NULL; /* the reply right moved */
	in->msgh_bits &= ~MACH_MSGH_BITS_LOCAL_MASK;

	boolean_t known = FALSE;
	for (int i = 0; i < ipc_kobject_demux_count && !known; i++)
		known = ipc_kobject_demuxes[i](in, out);
	if (!known)
		ipc_kobject_bad_id(in, out);
	kern_return_t retcode = ((mig_reply_error_t *)out)->RetCode;

	simple_lock(&ipc_lock);
	if (retcode == KERN_SUCCESS && (in->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		in->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX; /* server owns them */
	ipc_kmsg_destroy_locked(request);
	if (retcode == MIG_NO_REPLY || !IP_VALID(out->msgh_remote_port)) {
		out->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
		ipc_kmsg_destroy_locked(reply);
	} else {
		ipc_kmsg_copyin_from_kernel_locked(reply);
		ipc_kmsg_send_kernel_locked(reply);
	}
	simple_unlock(&ipc_lock);
}
