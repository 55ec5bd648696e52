/*
 * The host object: one plain and one privileged port, made at boot, and
 * the routines of host.defs: host_info; on the privileged port, which
 * a boot module has as its TASK_HOST_PRIV_PORT (task.c), the console
 * device and the pager trace (vm/vm_trace.h).
 */
#include <ipc/ipc_port.h>
#include <kern/console_device.h>
#include <kern/debug.h>
#include <kern/failalloc.h>
#include <kern/host.h>
#include <kern/kalloc.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <mach/traps.h>
#include <machine/machine.h>
#include <vm/pmap.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_trace.h>

#define CPU_TYPE_X86_64 0x01000007

static struct host host_plain = {0};
static struct host host_privileged = {1};
static ipc_port_t host_self_port;
static ipc_port_t host_priv_self_port;

void
host_bootstrap(void)
{
	host_self_port = ipc_port_alloc_kernel(IKOT_HOST, &host_plain);
	host_priv_self_port =
	    ipc_port_alloc_kernel(IKOT_HOST_PRIV, &host_privileged);
	if (host_self_port == IP_NULL || host_priv_self_port == IP_NULL)
		panic("host_bootstrap: no memory for the host ports");
}

ipc_port_t
host_port(void)
{
	return host_self_port;
}

ipc_port_t
host_priv_port(void)
{
	return host_priv_self_port;
}

struct host *
convert_port_to_host(ipc_port_t port)
{
	struct host *host = NULL;

	simple_lock(&ipc_lock);
	if (IP_VALID(port) && port->ip_active &&
	    (port->ip_kotype == IKOT_HOST || port->ip_kotype == IKOT_HOST_PRIV))
		host = port->ip_kobject;
	simple_unlock(&ipc_lock);
	return host;
}

struct host *
convert_port_to_host_priv(ipc_port_t port)
{
	struct host *host = NULL;

	simple_lock(&ipc_lock);
	if (IP_VALID(port) && port->ip_active &&
	    port->ip_kotype == IKOT_HOST_PRIV)
		host = port->ip_kobject;
	simple_unlock(&ipc_lock);
	return host;
}

/* The kernel's accounting, as the kernel_stats debug trap gives it. */
void
host_kernel_stats(struct kernel_stats *stats)
{
	struct vm_page_statistics pages;
	struct zone_statistics zones;
	struct sched_statistics sched;

	vm_page_statistics(&pages);
	zone_statistics(&zones);
	sched_statistics(&sched);
	stats->ks_pages_total = pages.vps_total;
	stats->ks_pages_free = pages.vps_free;
	stats->ks_zone_bytes = zones.zs_bytes;
	stats->ks_zone_objects = zones.zs_in_use;
	stats->ks_tasks = task_count();
	stats->ks_threads = thread_count();
	stats->ks_context_switches = sched.ss_context_switches;
	stats->ks_timer_ticks = sched.ss_ticks;
	stats->ks_sched_handoffs = sched.ss_handoffs;
	machine_fpu_statistics(&stats->ks_fpu_traps, &stats->ks_fpu_loads);
	stats->ks_tsc_per_tick = machine_tsc_per_tick();
	struct ipc_statistics ipc;
	ipc_statistics(&ipc);
	stats->ks_ipc_ports = ipc.is_ports;
	stats->ks_ipc_psets = ipc.is_psets;
	stats->ks_ipc_kmsgs = ipc.is_kmsgs;
	stats->ks_ipc_spaces = ipc.is_spaces;
	stats->ks_ipc_fastpath = ipc.is_fastpath;
	stats->ks_ipc_fastpath_regs = ipc.is_fastpath_regs;
	stats->ks_ipc_fastpath_light = ipc.is_fastpath_light;
	stats->ks_ipc_reply_cached = ipc.is_reply_cached;
	stats->ks_ipc_hotpath = ipc.is_hotpath;
	stats->ks_ipc_hotpath_msg = ipc.is_hotpath_msg;
	/* Each of the hot paths' messages is a switch they do not count. */
	stats->ks_context_switches += ipc.is_hotpath + ipc.is_hotpath_msg;
	/* The fast path counts its messages, not its switches (one
	 * instruction less a message): each message is a handoff, unless
	 * handoff=off. */
	if (sched_handoff_enabled)
		stats->ks_sched_handoffs +=
		    ipc.is_fastpath + ipc.is_fastpath_regs;
	stats->ks_failed_allocs = failalloc_count();
	struct vm_object_statistics objects;
	vm_object_statistics(&objects);
	stats->ks_vm_objects = objects.vos_objects;
	stats->ks_pages_resident = objects.vos_resident;
	stats->ks_pages_tables = pmap_table_pages();
	stats->ks_vm_zone_objects =
	    objects.vos_objects + vm_map_entry_count() + pmap_mapping_count();
}

kern_return_t
host_info(struct host *host, host_flavor_t flavor, host_info_t info,
	  mach_msg_type_number_t *count)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	if (flavor == HOST_BASIC_INFO) {
		struct host_basic_info basic;
		struct vm_page_statistics pages;
		if (*count < HOST_BASIC_INFO_COUNT)
			return KERN_INVALID_ARGUMENT;
		vm_page_statistics(&pages);
		basic.max_cpus = basic.avail_cpus = 1;
		basic.memory_size = pages.vps_total;
		basic.cpu_type = CPU_TYPE_X86_64;
		basic.cpu_subtype = 0;
		memcpy(info, &basic, sizeof(basic));
		*count = HOST_BASIC_INFO_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor == HOST_KERNEL_STATS) {
		struct kernel_stats stats;
		if (*count < sizeof(stats) / sizeof(integer_t))
			return KERN_INVALID_ARGUMENT;
		host_kernel_stats(&stats);
		memcpy(info, &stats, sizeof(stats));
		*count = sizeof(stats) / sizeof(integer_t);
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}

kern_return_t
host_get_console(struct host *host_priv, mach_port_t *console)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	*console = ipc_port_make_send(console_device_port());
	return KERN_SUCCESS;
}

/* A kernel buffer copy of the size bytes at data (NULL for 0 bytes). */
static kern_return_t
host_copy_out(const void *data, vm_size_t size, vm_map_copy_t *copy)
{
	void *buffer;

	*copy = NULL;
	if (size == 0)
		return KERN_SUCCESS;
	kern_return_t kr = vm_map_copy_kernel_buffer(size, copy, &buffer);
	if (kr == KERN_SUCCESS)
		memcpy(buffer, data, size);
	return kr;
}

kern_return_t
host_pager_trace(struct host *host, vm_map_copy_t *events,
		 mach_msg_type_number_t *count, uint64_t *dropped)
{
	const vm_size_t room =
	    VM_TRACE_EVENTS * sizeof(struct pager_trace_event);
	unsigned int n;

	if (host == NULL || !host->h_privileged)
		return KERN_INVALID_HOST;
	struct pager_trace_event *buffer = kalloc(room);
	if (buffer == NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_trace_read(buffer, VM_TRACE_EVENTS, &n, dropped);
	kern_return_t kr = host_copy_out(buffer, n * sizeof(*buffer), events);
	kfree(buffer, room);
	*count = kr == KERN_SUCCESS ? n * sizeof(*buffer) : 0;
	return kr;
}

kern_return_t
host_pager_stats(struct host *host, vm_map_copy_t *stats,
		 mach_msg_type_number_t *count)
{
	const vm_size_t room =
	    VM_TRACE_OBJECTS * sizeof(struct pager_object_stats);
	unsigned int n;

	if (host == NULL || !host->h_privileged)
		return KERN_INVALID_HOST;
	struct pager_object_stats *buffer = kalloc(room);
	if (buffer == NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_trace_stats(buffer, &n);
	kern_return_t kr = host_copy_out(buffer, n * sizeof(*buffer), stats);
	kfree(buffer, room);
	*count = kr == KERN_SUCCESS ? n * sizeof(*buffer) : 0;
	return kr;
}
