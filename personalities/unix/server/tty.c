/*
 * The console terminal: /dev/console read through the line discipline
 * (tty_ldisc.c), over the kernel's console device (console.defs).
 *
 *	tty_init		start-up: the console's port, the first read
 *	tty_demux		the kernel's answers to our console reads
 *	tty_read		a read of /dev/console: now, or it waits
 *	tty_get, tty_set	tcgetattr, tcsetattr (unix_tcgetattr, ...)
 *	tty_forget_process	a process ended: its waiting reads dropped
 *	tty_signal_foreground	^C, ^\, ^Z: the foreground group's signal
 *	tty_foreground, tty_set_foreground  tcgetpgrp, tcsetpgrp
 *	tty_controls, tty_control	the controlling terminal: whose it is,
 *				TIOCSCTTY, TIOCNOTTY
 *	tty_leader_ends		the controlling process ends: SIGHUP to the
 *				foreground, and the session loses the terminal
 *
 * The server never waits for the console: it keeps one console_read in
 * flight, sent to the kernel with a reply port of its own in the
 * server's port set, and the kernel answers it when something is typed
 * (the answer arrives through the receive loop as any request does).
 * Typed bytes go through the line discipline at once, so that echo and
 * ^C work while no process reads; then the reads that wait (each keeps
 * its send-once reply right, as a pipe's do) are answered in order, and
 * the next console_read goes out.
 *
 * The console is the controlling terminal of one session at most: taken
 * by a session leader (init's tcsetpgrp at its start, or TIOCSCTTY when
 * it is free), lost when that leader ends or gives it up (TIOCNOTTY),
 * which hangs up the foreground group.  /dev/tty opens only for the
 * session it controls (file.c).
 *
 * The console device is the kernel's to give (host_get_console on the
 * privileged host port, which the server has as a boot module).  Without
 * it, a read of /dev/console is an end of file, as before input existed.
 */
#include "tty_ldisc.h"
#include "unix.h"
#include "unix_reply.h"

#include <errno.h>
#include <fcntl.h>
#include <mach/console.h>
#include <mach/host.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mig_errors.h>
#include <mach/task.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#define TTY_CONSOLE_READ_ID 4000 /* console.defs: console_read */

/* A read of the terminal waiting for input. */
struct tty_request {
	struct tty_request *tr_next;
	struct process *tr_process;
	mach_port_t tr_reply; /* the send-once right kept */
	mach_msg_type_name_t tr_reply_type;
	vm_address_t tr_buffer;
	vm_size_t tr_count;
};

/* The console's answer to console_read (console_reply.defs). */
struct tty_console_answer {
	mach_msg_header_t ta_head;
	kern_return_t ta_retcode;
	mach_msg_type_number_t ta_count;
	char ta_data[CONSOLE_READ_MAX];
};

static struct {
	struct tty_ldisc t_ldisc;
	mach_port_t t_console;	       /* send right, or MACH_PORT_NULL */
	mach_port_t t_answers;	       /* receive right, in the port set */
	int t_reading;		       /* a console_read is in flight */
	struct tty_request *t_waiting; /* reads waiting, in order */
	/* the session the console is the controlling terminal of, and its
	 * foreground process group; 0: none (yet, or since the session's
	 * leader ended or gave it up: tty_hang_up) */
	pid_t t_session, t_foreground;
} tty;

/*
 * ^C, ^\ and ^Z: the signal goes to every process of the terminal's
 * foreground process group (tcsetpgrp); with none set, to nobody.
 */
void
tty_signal_foreground(int signal)
{
	if (tty.t_foreground != 0)
		signal_post_group(tty.t_foreground, signal);
}

pid_t
tty_foreground(void)
{
	return tty.t_foreground;
}

/* Is p in the terminal's session, outside its foreground group? */
static int
tty_background(const struct process *p)
{
	return tty.t_foreground != 0 && p->p_sid == tty.t_session &&
	       p->p_pgid != tty.t_foreground;
}

int
tty_output_check(struct process *caller, int always)
{
	struct termios termios;

	tty_ldisc_get(&tty.t_ldisc, &termios);
	if (!tty_background(caller) || (!always && !(termios.c_lflag & TOSTOP)))
		return 0;
	return signal_terminal_stop(caller, SIGTTOU);
}

/* Does p lead its session? */
static int
tty_session_leader(const struct process *p)
{
	return p->p_pid == p->p_sid;
}

int
tty_set_foreground(struct process *caller, pid_t group)
{
	if (group <= 0)
		return EINVAL;
	if (tty.t_session != 0 && caller->p_sid != tty.t_session)
		return ENOTTY; /* not the caller's controlling terminal */
	if (tty.t_session == 0 && !tty_session_leader(caller))
		return ENOTTY; /* only a session leader takes it (init) */
	if (!group_exists(group, caller->p_sid))
		return EPERM;
	tty.t_session = caller->p_sid;
	tty.t_foreground = group;
	return 0;
}

int
tty_controls(const struct process *p)
{
	return tty.t_session != 0 && p->p_sid == tty.t_session;
}

/* The session loses the terminal; its foreground group gets signal (and
 * SIGCONT too, with cont). */
static void
tty_hang_up(int cont)
{
	pid_t foreground = tty.t_foreground;

	tty.t_session = tty.t_foreground = 0;
	if (foreground == 0)
		return;
	signal_post_group(foreground, SIGHUP);
	if (cont)
		signal_post_group(foreground, SIGCONT);
}

int
tty_control(struct process *caller, int request)
{
	switch (request) {
	case TIOCSCTTY:
		if (!tty_session_leader(caller))
			return EPERM;
		if (tty_controls(caller))
			return 0;
		if (tty.t_session != 0)
			return EPERM; /* another session's: no stealing */
		tty.t_session = caller->p_sid;
		tty.t_foreground = caller->p_pgid;
		return 0;
	case TIOCNOTTY:
		if (!tty_controls(caller))
			return ENOTTY;
		if (!tty_session_leader(caller))
			return EPERM; /* no terminal per process */
		tty_hang_up(1);
		return 0;
	default:
		return EINVAL;
	}
}

void
tty_leader_ends(struct process *p)
{
	if (tty_session_leader(p) && tty_controls(p))
		tty_hang_up(0);
}

static void
tty_ldisc_signal(void *arg, int signal)
{
	(void)arg;
	tty_signal_foreground(signal);
}

static void
tty_echo(void *arg, const char *bytes, size_t count)
{
	(void)arg;
	debug_console_write(bytes, count);
}

/* Sends the next console_read unless one is in flight. */
static void
tty_console_read(void)
{
	struct {
		mach_msg_header_t head;
		natural_t max;
	} request = {0};

	if (tty.t_console == MACH_PORT_NULL || tty.t_reading)
		return;
	request.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						MACH_MSG_TYPE_MAKE_SEND_ONCE);
	request.head.msgh_size = sizeof(request);
	request.head.msgh_remote_port = tty.t_console;
	request.head.msgh_local_port = tty.t_answers;
	request.head.msgh_id = TTY_CONSOLE_READ_ID;
	request.max = CONSOLE_READ_MAX;
	kern_return_t kr =
	    mach_msg(&request.head, MACH_SEND_MSG, sizeof(request), 0,
		     MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (kr == MACH_MSG_SUCCESS)
		tty.t_reading = 1;
	else
		printf("unix: console read failed: 0x%x\n", kr);
}

void
tty_init(void)
{
	mach_port_t host = mach_host_priv_self();

	tty_ldisc_init(&tty.t_ldisc, tty_echo, tty_ldisc_signal, NULL);
	if (host == MACH_PORT_NULL ||
	    host_get_console(host, &tty.t_console) != KERN_SUCCESS) {
		tty.t_console = MACH_PORT_NULL;
		printf("unix: no console input (not a boot module?)\n");
	}
	if (host != MACH_PORT_NULL)
		mach_port_deallocate(mach_task_self(), host);
	if (tty.t_console == MACH_PORT_NULL)
		return;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
			       &tty.t_answers) != KERN_SUCCESS ||
	    mach_port_move_member(mach_task_self(), tty.t_answers,
				  unix_ports.up_set) != KERN_SUCCESS) {
		printf("unix: no console input: out of ports\n");
		tty.t_console = MACH_PORT_NULL;
		return;
	}
	tty_console_read();
}

static void
tty_answer(struct tty_request *r, int error, vm_size_t done)
{
	if (unix_read_reply(r->tr_reply, r->tr_reply_type, KERN_SUCCESS, error,
			    done) != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), r->tr_reply);
	free(r);
}

/* Takes what a read of count bytes gets and writes it into the process. */
static int
tty_take(struct process *process, vm_address_t buffer, vm_size_t count,
	 vm_size_t *done)
{
	char bytes[TTY_READY_MAX];

	if (count > sizeof(bytes))
		count = sizeof(bytes);
	*done = tty_ldisc_read(&tty.t_ldisc, bytes, count);
	int error = user_write(process, buffer, bytes, *done);
	if (error != 0)
		*done = 0; /* the bytes are lost, as on a real terminal */
	return error;
}

/* Answers the waiting reads that can be answered now, in order. */
static void
tty_run(void)
{
	struct tty_request *r;

	while ((r = tty.t_waiting) != NULL &&
	       tty_ldisc_readable(&tty.t_ldisc, r->tr_count)) {
		vm_size_t done;
		tty.t_waiting = r->tr_next;
		int error =
		    tty_take(r->tr_process, r->tr_buffer, r->tr_count, &done);
		tty_answer(r, error, done);
	}
}

int
tty_read(struct process *process, struct file *file, mach_port_t reply,
	 mach_msg_type_name_t reply_type, vm_address_t buffer, vm_size_t count,
	 vm_size_t *done)
{
	*done = 0;
	if (tty.t_console == MACH_PORT_NULL)
		return 0; /* no input: end of file */
	if (tty_background(process))
		return signal_terminal_stop(process, SIGTTIN);
	if (tty.t_waiting == NULL && tty_ldisc_readable(&tty.t_ldisc, count))
		return tty_take(process, buffer, count, done);
	if (file->f_flags & O_NONBLOCK)
		return EAGAIN;
	struct tty_request *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return ENOMEM;
	r->tr_process = process;
	r->tr_reply = reply;
	r->tr_reply_type = reply_type;
	r->tr_buffer = buffer;
	r->tr_count = count;
	struct tty_request **link = &tty.t_waiting;
	while (*link != NULL)
		link = &(*link)->tr_next;
	*link = r;
	return MIG_NO_REPLY;
}

/* Takes process's waiting reads off the queue: each answered with
 * error, or (error 0) dropped.  How many there were. */
static int
tty_take_process(struct process *process, int error)
{
	struct tty_request **link = &tty.t_waiting;
	int taken = 0;

	while (*link != NULL) {
		struct tty_request *r = *link;
		if (r->tr_process != process) {
			link = &r->tr_next;
			continue;
		}
		*link = r->tr_next;
		taken++;
		if (error != 0) {
			tty_answer(r, error, 0);
			continue;
		}
		mach_port_deallocate(mach_task_self(), r->tr_reply);
		free(r);
	}
	return taken;
}

void
tty_forget_process(struct process *process)
{
	tty_take_process(process, 0);
}

int
tty_interrupt_process(struct process *process, int error)
{
	return tty_take_process(process, error);
}

void
tty_get(struct termios *termios)
{
	tty_ldisc_get(&tty.t_ldisc, termios);
}

/* TCSANOW, TCSADRAIN (output is never queued: the same), TCSAFLUSH
 * (typed input dropped first).  EINVAL for another action. */
int
tty_set(int action, const struct termios *termios)
{
	if (action != TCSANOW && action != TCSADRAIN && action != TCSAFLUSH)
		return EINVAL;
	if (action == TCSAFLUSH)
		tty_ldisc_flush(&tty.t_ldisc);
	tty_ldisc_set(&tty.t_ldisc, termios);
	tty_run(); /* VMIN 0, or a mode that makes typed bytes readable */
	return 0;
}

/* Takes the kernel's answer to our console_read: the bytes typed. */
static void
tty_console_answer(const mach_msg_header_t *message)
{
	const struct tty_console_answer *a =
	    (const struct tty_console_answer *)message;

	tty.t_reading = 0;
	if (message->msgh_size < offsetof(struct tty_console_answer, ta_data) ||
	    a->ta_retcode != KERN_SUCCESS || a->ta_count > CONSOLE_READ_MAX ||
	    message->msgh_size <
		offsetof(struct tty_console_answer, ta_data) + a->ta_count) {
		printf("unix: a bad console answer (0x%x): no more input\n",
		       a->ta_retcode);
		return;
	}
	tty_ldisc_input(&tty.t_ldisc, a->ta_data, a->ta_count);
	/* A ^C's signal first: the read it interrupts is restarted (or
	 * fails with EINTR) after the handler, rather than answered with
	 * the line typed after the ^C before the handler has run. */
	signal_flush();
	tty_run();
	tty_console_read();
}

boolean_t
tty_demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_error_t *r = (mig_reply_error_t *)reply;

	if (tty.t_console == MACH_PORT_NULL ||
	    request->msgh_local_port != tty.t_answers)
		return FALSE;
	if (request->msgh_id == TTY_CONSOLE_READ_ID + 100 &&
	    !(request->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		tty_console_answer(request);
	/* Nothing to answer: the kernel sent it to a send-once right. */
	r->Head.msgh_bits = 0;
	r->Head.msgh_remote_port = MACH_PORT_NULL;
	r->Head.msgh_size = sizeof(*r);
	r->RetCode = MIG_NO_REPLY;
	return TRUE;
}
