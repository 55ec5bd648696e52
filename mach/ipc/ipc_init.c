/*
 * IPC start-up and statistics.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_space.h>

simple_lock_data_t ipc_lock = SIMPLE_LOCK_INITIALIZER;

extern unsigned long ipc_port_count, ipc_pset_count, ipc_kmsg_count,
    ipc_space_count, ipc_fastpath_count, ipc_fastpath_regs_count,
    ipc_fastpath_light_count, ipc_reply_cached_count, ipc_hotpath_request_count,
    ipc_hotpath_reply_count, ipc_hotpath_msg_count;

void
ipc_bootstrap(void)
{
	simple_lock_init(&ipc_lock);
	ipc_space_bootstrap();
	ipc_port_bootstrap();
	ipc_pset_bootstrap();
	ipc_kmsg_bootstrap();
}

void
ipc_statistics(struct ipc_statistics *stats)
{
	simple_lock(&ipc_lock);
	stats->is_ports = ipc_port_count;
	stats->is_psets = ipc_pset_count;
	stats->is_kmsgs = ipc_kmsg_count;
	stats->is_spaces = ipc_space_count;
	/* The hot paths count their messages once (ipc/ipc_hotpath.c,
	 * ipc/ipc_fastpath.c). */
	unsigned long hot = ipc_hotpath_request_count + ipc_hotpath_reply_count;
	stats->is_fastpath = ipc_fastpath_count + ipc_hotpath_msg_count;
	stats->is_fastpath_regs = ipc_fastpath_regs_count + hot;
	stats->is_fastpath_light = ipc_fastpath_light_count + hot;
	stats->is_reply_cached =
	    ipc_reply_cached_count + ipc_hotpath_reply_count;
	stats->is_hotpath = hot;
	stats->is_hotpath_msg = ipc_hotpath_msg_count;
	simple_unlock(&ipc_lock);
}
