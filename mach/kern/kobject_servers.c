/*
 * The IDL-generated server demuxes of the kernel's interfaces, tried in
 * turn by ipc_kobject_serve, and the largest reply any of them makes.
 */
#include <ipc/ipc_kobject.h>

#include "console_server.h"
#include "host_server.h"
#include "mach_port_server.h"
#include "memory_object_control_server.h"
#include "task_server.h"
#include "thread_server.h"
#include "vm_map_server.h"

const ipc_kobject_demux_t ipc_kobject_demuxes[] = {
    mach_port_server, task_server, thread_server,
    vm_map_server,    host_server, memory_object_control_server,
    console_server,
};
const int ipc_kobject_demux_count =
    sizeof(ipc_kobject_demuxes) / sizeof(ipc_kobject_demuxes[0]);

#define MAX(a, b) ((a) > (b) ? (a) : (b))
const mach_msg_size_t ipc_kobject_reply_max =
    MAX(MAX(mach_port_MAX_REPLY_SIZE, task_MAX_REPLY_SIZE),
	MAX(MAX(thread_MAX_REPLY_SIZE, vm_map_MAX_REPLY_SIZE),
	    MAX(MAX(host_MAX_REPLY_SIZE, console_MAX_REPLY_SIZE),
		memory_object_control_MAX_REPLY_SIZE)));
