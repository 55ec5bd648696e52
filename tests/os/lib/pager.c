#include "pager.h"

#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>

void
pager_wait_for_default(mach_port_t host_priv)
{
	for (;;) {
		mach_port_t manager = MACH_PORT_NULL;
		kern_return_t kr =
		    vm_set_default_memory_manager(host_priv, &manager);
		if (kr == KERN_SUCCESS && MACH_PORT_VALID(manager)) {
			mach_port_deallocate(mach_task_self(), manager);
			return;
		}
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 10);
	}
}
