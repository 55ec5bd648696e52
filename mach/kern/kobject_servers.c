/*
 * The IDL-generated server demuxes of the kernel's interfaces, tried in
 * turn by ipc_kobject_serve.
 */
#include <ipc/ipc_kobject.h>

const ipc_kobject_demux_t ipc_kobject_demuxes[] = {
    NULL,
};
const int ipc_kobject_demux_count = 0;
