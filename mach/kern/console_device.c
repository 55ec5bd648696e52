/*
 * The console device (console.defs): console input as a kernel object.
 *
 * Entry points: console_device_bootstrap (boot), console_device_tick
 * (the timer interrupt), console_device_port and convert_port_to_console
 * (host_get_console, the IDL stubs), and the routines do_console_read,
 * do_console_write and do_console_info.
 *
 * Input.  The machine's console (the serial port) is polled on each
 * timer tick rather than taking its own interrupt: the kernel masks the
 * legacy PIC and programs no I/O APIC, so an interrupt would need one
 * more device driven for one byte source, while a poll is one port read
 * a tick when nothing came (docs/console.md weighs it).  Bytes go into a
 * ring of CONSOLE_INPUT_SIZE bytes; what does not fit is dropped and
 * counted, so input never blocks the tick nor grows kernel memory.
 *
 * Waiting reads.  A console_read that finds no input keeps its reply
 * right (a send-once right) in the device's reader queue and returns
 * MIG_NO_REPLY: the caller's thread goes back to mach_msg's receive, or
 * does something else entirely (the UNIX server never waits).  The tick
 * wakes the console thread, a kernel thread, which answers the readers
 * in order with console_reply.defs's KernelUser stub, outside any lock.
 * A reader whose reply port has died (its task killed, the port
 * destroyed) is dropped by the thread, which looks every
 * CONSOLE_REAP_MS while readers wait, and releases its right: nothing is
 * left behind and no input is given to a dead reader.
 *
 * Locking: cd_lock guards every field below but the port; it comes
 * after ipc_lock and before wait_lock (docs/locking.md), and the tick
 * takes it with interrupts already off.
 */
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_port.h>
#include <kern/console.h>
#include <kern/console_device.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <kern/wait.h>
#include <mach/mig_errors.h>
#include <mach/traps.h>
#include <machine/machine.h>

#include "console_reply_user.h"

/* How often the console thread looks for dead readers while some wait. */
#define CONSOLE_REAP_MS 100
/* At most this many bytes are taken from the device in one tick. */
#define CONSOLE_TICK_MAX 64

struct console_reader {
	ipc_port_t cr_reply; /* send-once right */
	natural_t cr_max;    /* bytes wanted, 1..CONSOLE_READ_MAX */
};

struct console_device {
	simple_lock_data_t cd_lock;
	char cd_input[CONSOLE_INPUT_SIZE]; /* ring: cd_count bytes from */
	unsigned cd_first;		   /* cd_first on */
	unsigned cd_count;
	uint64_t cd_received; /* bytes taken from the device */
	uint64_t cd_dropped;  /* of them, dropped: the ring was full */
	struct console_reader cd_readers[CONSOLE_READERS_MAX]; /* in order */
	unsigned cd_reader_count;
	struct wait_queue cd_thread_queue; /* where the console thread waits */
	ipc_port_t cd_port;		   /* set at boot, never changed */
};

static struct console_device console_device;

/* Takes up to max bytes out of the ring into data.  cd_lock held. */
static unsigned
console_device_take_locked(struct console_device *cd, char *data, unsigned max)
{
	unsigned n = cd->cd_count < max ? cd->cd_count : max;

	for (unsigned i = 0; i < n; i++)
		data[i] = cd->cd_input[(cd->cd_first + i) % CONSOLE_INPUT_SIZE];
	cd->cd_first = (cd->cd_first + n) % CONSOLE_INPUT_SIZE;
	cd->cd_count -= n;
	return n;
}

/* Removes reader i from the queue, keeping the others' order.  cd_lock
 * held. */
static void
console_device_remove_reader_locked(struct console_device *cd, unsigned i)
{
	assert(i < cd->cd_reader_count);
	cd->cd_reader_count--;
	for (; i < cd->cd_reader_count; i++)
		cd->cd_readers[i] = cd->cd_readers[i + 1];
}

/* Wakes the console thread if it waits.  cd_lock held (interrupts off). */
static void
console_device_wake_thread_locked(struct console_device *cd)
{
	struct thread *thread =
	    wait_queue_wakeup_one(&cd->cd_thread_queue, THREAD_AWAKENED);
	if (thread != NULL)
		sched_setrun(thread);
}

void
console_device_tick(void)
{
	struct console_device *cd = &console_device;
	int c;

	assert(!cpu_intr_enabled());
	if (cd->cd_port == IP_NULL)
		return; /* before console_device_bootstrap */
	simple_lock(&cd->cd_lock);
	for (int i = 0;
	     i < CONSOLE_TICK_MAX && (c = machine_console_getc()) >= 0; i++) {
		cd->cd_received++;
		if (cd->cd_count == CONSOLE_INPUT_SIZE) {
			cd->cd_dropped++;
			continue;
		}
		cd->cd_input[(cd->cd_first + cd->cd_count) %
			     CONSOLE_INPUT_SIZE] = (char)c;
		cd->cd_count++;
	}
	if (cd->cd_count > 0 && cd->cd_reader_count > 0)
		console_device_wake_thread_locked(cd);
	simple_unlock(&cd->cd_lock);
}

/*
 * Drops the readers whose reply port has died and releases their
 * rights.  Called by the console thread, interrupts on, no lock held.
 */
static void
console_device_reap(struct console_device *cd)
{
	simple_lock(&ipc_lock);
	simple_lock(&cd->cd_lock);
	for (unsigned i = 0; i < cd->cd_reader_count;) {
		ipc_port_t reply = cd->cd_readers[i].cr_reply;
		if (reply->ip_active) {
			i++;
			continue;
		}
		console_device_remove_reader_locked(cd, i);
		ipc_port_release_send_once_locked(reply);
	}
	simple_unlock(&cd->cd_lock);
	simple_unlock(&ipc_lock);
}

/*
 * Waits until a reader and input are both there (or CONSOLE_REAP_MS
 * while readers wait), then takes the first reader and its bytes.
 * Returns whether it took one.  Interrupts on, no lock held.
 */
static int
console_device_next_answer(struct console_device *cd,
			   struct console_reader *reader, char *data,
			   unsigned *count)
{
	int taken = 0;

	cpu_intr_disable();
	simple_lock(&cd->cd_lock);
	if (cd->cd_count > 0 && cd->cd_reader_count > 0) {
		*reader = cd->cd_readers[0];
		console_device_remove_reader_locked(cd, 0);
		*count = console_device_take_locked(cd, data, reader->cr_max);
		taken = 1;
	} else {
		wait_sleep(
		    &cd->cd_thread_queue, &cd->cd_lock, WAIT_UNINTERRUPTIBLE,
		    cd->cd_reader_count > 0 ? CONSOLE_REAP_MS : WAIT_NO_TIMEOUT,
		    NULL);
	}
	simple_unlock(&cd->cd_lock);
	cpu_intr_enable();
	return taken;
}

/* The console thread: answers waiting reads as input comes. */
static void
console_device_thread(void *arg)
{
	struct console_device *cd = arg;
	struct console_reader reader;
	char data[CONSOLE_READ_MAX];
	unsigned count;

	cpu_intr_enable();
	for (;;) {
		console_device_reap(cd);
		if (!console_device_next_answer(cd, &reader, data, &count))
			continue;
		/* The send consumes the right: a port that died since is
		 * MACH_SEND_INVALID_DEST and the message is destroyed. */
		(void)console_read_reply(reader.cr_reply,
					 MACH_MSG_TYPE_PORT_SEND_ONCE,
					 KERN_SUCCESS, data, count);
	}
}

void
console_device_bootstrap(void)
{
	struct console_device *cd = &console_device;

	simple_lock_init(&cd->cd_lock);
	wait_queue_init(&cd->cd_thread_queue);
	struct thread *thread =
	    thread_create_kernel(console_device_thread, cd, MACH_PRIORITY_MAX);
	ipc_port_t port = ipc_port_alloc_kernel(IKOT_CONSOLE, cd);
	if (thread == NULL || port == IP_NULL)
		panic("console_device_bootstrap: no memory for the console");
	/* Out of the wait a new thread starts in, onto the run queue. */
	unsigned long flags = cpu_intr_save();
	struct thread *woken =
	    wait_queue_wakeup_one(&thread->th_hold_queue, THREAD_AWAKENED);
	assert(woken == thread);
	sched_setrun(woken);
	cd->cd_port = port;
	cpu_intr_restore(flags);
}

ipc_port_t
console_device_port(void)
{
	return console_device.cd_port;
}

console_device_t
convert_port_to_console(ipc_port_t port)
{
	console_device_t console = NULL;

	simple_lock(&ipc_lock);
	if (IP_VALID(port) && port->ip_active &&
	    port->ip_kotype == IKOT_CONSOLE)
		console = port->ip_kobject;
	simple_unlock(&ipc_lock);
	return console;
}

/*
 * console_read: answers at once with up to max bytes if there is input
 * and no earlier reader waits; otherwise keeps the reply right in the
 * reader queue and returns MIG_NO_REPLY (the console thread answers).
 * KERN_INVALID_ARGUMENT (not the console, max 0), KERN_INVALID_RIGHT
 * (the reply right is not send-once), KERN_RESOURCE_SHORTAGE
 * (CONSOLE_READERS_MAX readers wait).  On an error the right stays with
 * the request, which ipc_kobject_serve answers.
 */
kern_return_t
do_console_read(console_device_t cd, mach_port_t reply,
		mach_msg_type_name_t replyPoly, natural_t max, char *data,
		mach_msg_type_number_t *dataCnt)
{
	if (cd == NULL || max == 0)
		return KERN_INVALID_ARGUMENT;
	if (!IP_VALID(reply) || replyPoly != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return KERN_INVALID_RIGHT;
	if (max > CONSOLE_READ_MAX)
		max = CONSOLE_READ_MAX;

	kern_return_t kr = MIG_NO_REPLY;
	simple_lock(&cd->cd_lock);
	if (cd->cd_count > 0 && cd->cd_reader_count == 0) {
		*dataCnt = console_device_take_locked(cd, data, max);
		kr = KERN_SUCCESS;
	} else if (cd->cd_reader_count == CONSOLE_READERS_MAX) {
		kr = KERN_RESOURCE_SHORTAGE;
	} else {
		struct console_reader *reader =
		    &cd->cd_readers[cd->cd_reader_count++];
		reader->cr_reply = reply;
		reader->cr_max = max;
		ipc_kobject_keep_reply();
		/* So that it looks for dead readers from now on. */
		console_device_wake_thread_locked(cd);
	}
	simple_unlock(&cd->cd_lock);
	return kr;
}

/* console_write: the bytes on the console as one unit.
 * KERN_INVALID_ARGUMENT if not the console. */
kern_return_t
do_console_write(console_device_t cd, char *data,
		 mach_msg_type_number_t dataCnt)
{
	if (cd == NULL)
		return KERN_INVALID_ARGUMENT;
	console_write(data, dataCnt);
	return KERN_SUCCESS;
}

/* console_info: the counters.  KERN_INVALID_ARGUMENT if not the console. */
kern_return_t
do_console_info(console_device_t cd, uint64_t *received, uint64_t *dropped,
		natural_t *buffered, natural_t *readers)
{
	if (cd == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&cd->cd_lock);
	*received = cd->cd_received;
	*dropped = cd->cd_dropped;
	*buffered = cd->cd_count;
	*readers = cd->cd_reader_count;
	simple_unlock(&cd->cd_lock);
	return KERN_SUCCESS;
}
