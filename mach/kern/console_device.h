/*
 * The console device: the console's input as a kernel object
 * (console.defs).  Bytes typed on the console are taken from the
 * machine's console device on each timer tick into a bounded buffer;
 * console_read requests wait for them without holding a thread, and
 * the kernel's console thread answers them.
 */
#ifndef KERN_CONSOLE_DEVICE_H
#define KERN_CONSOLE_DEVICE_H

#include <ipc/ipc_types.h>
#include <mach/console_types.h>
#include <mach/mach_types.h>

typedef struct console_device *console_device_t;

/* Makes the device, its port and its thread.  Panics without memory
 * (at boot, as host_bootstrap does). */
void console_device_bootstrap(void);

/*
 * The timer tick: moves the bytes the machine's console has received
 * into the input buffer (dropping, and counting, what does not fit) and
 * wakes the console thread if a reader waits.  Interrupts disabled.
 */
void console_device_tick(void);

/* The console's port (for host_get_console), with no right made. */
ipc_port_t console_device_port(void);

/* IDL intran: the console device a port stands for, or NULL. */
console_device_t convert_port_to_console(ipc_port_t port);

/* console.defs; their contracts are there and in console_device.c. */
kern_return_t do_console_read(console_device_t console, mach_port_t reply,
			      mach_msg_type_name_t replyPoly, natural_t max,
			      char *data, mach_msg_type_number_t *dataCnt);
kern_return_t do_console_write(console_device_t console, char *data,
			       mach_msg_type_number_t dataCnt);
kern_return_t do_console_info(console_device_t console, uint64_t *received,
			      uint64_t *dropped, natural_t *buffered,
			      natural_t *readers);

#endif /* KERN_CONSOLE_DEVICE_H */
