/*
 * The line discipline (see tty_ldisc.h): canonical editing, echo, the
 * control characters that raise signals, and when a read is answered.
 *
 * Typed bytes go through three steps: input mapping (ISTRIP, IGNCR,
 * ICRNL, INLCR), the signal characters (ISIG), then either the line
 * editor (ICANON: into tl_line, moved to tl_ready as a whole line) or
 * straight into tl_ready.  What does not fit is dropped and counted,
 * never waited for: the server must not block.
 */
#include "tty_ldisc.h"

#include <signal.h>
#include <string.h>

#define CONTROL(c) ((c)&0x1f)
#define DELETE	   0x7f

static void
tty_ldisc_echo(struct tty_ldisc *tl, const char *bytes, size_t count)
{
	if (tl->tl_output != NULL && count > 0)
		tl->tl_output(tl->tl_arg, bytes, count);
}

/* Echoes a typed byte: a control character as ^X with ECHOCTL. */
static void
tty_ldisc_echo_char(struct tty_ldisc *tl, unsigned char c)
{
	if (!(tl->tl_termios.c_lflag & ECHO))
		return;
	if ((tl->tl_termios.c_lflag & ECHOCTL) && (c < 0x20 || c == DELETE) &&
	    c != '\n' && c != '\t') {
		char shown[2] = {'^', c == DELETE ? '?' : c + '@'};
		tty_ldisc_echo(tl, shown, 2);
		return;
	}
	tty_ldisc_echo(tl, (const char *)&c, 1);
}

void
tty_ldisc_init(struct tty_ldisc *tl,
	       void (*output)(void *arg, const char *bytes, size_t count),
	       void (*signal)(void *arg, int signal), void *arg)
{
	memset(tl, 0, sizeof(*tl));
	struct termios *t = &tl->tl_termios;
	t->c_iflag = ICRNL;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = CS8 | CREAD | CLOCAL;
	t->c_lflag =
	    ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	t->c_cc[VINTR] = CONTROL('C');
	t->c_cc[VQUIT] = CONTROL('\\');
	t->c_cc[VERASE] = DELETE;
	t->c_cc[VKILL] = CONTROL('U');
	t->c_cc[VEOF] = CONTROL('D');
	t->c_cc[VSUSP] = CONTROL('Z');
	t->c_cc[VWERASE] = CONTROL('W');
	t->c_cc[VMIN] = 1;
	t->c_ispeed = t->c_ospeed = B115200;
	tl->tl_output = output;
	tl->tl_signal = signal;
	tl->tl_arg = arg;
}

/* Appends bytes to the readable ring; returns whether they all fit. */
static int
tty_ldisc_ready_put(struct tty_ldisc *tl, const char *bytes, size_t count)
{
	if (count > TTY_READY_MAX - tl->tl_ready_count) {
		tl->tl_dropped += count;
		return 0;
	}
	for (size_t i = 0; i < count; i++) {
		size_t end =
		    (tl->tl_ready_start + tl->tl_ready_count) % TTY_READY_MAX;
		tl->tl_ready[end] = bytes[i];
		tl->tl_ready_count++;
	}
	return 1;
}

/* The line being typed is complete: it becomes readable as one line. */
static void
tty_ldisc_end_line(struct tty_ldisc *tl)
{
	if (tl->tl_lines_count == TTY_LINES_MAX ||
	    !tty_ldisc_ready_put(tl, tl->tl_line, tl->tl_line_length)) {
		tl->tl_dropped += tl->tl_lines_count == TTY_LINES_MAX
				      ? tl->tl_line_length
				      : 0;
		tl->tl_line_length = 0;
		return;
	}
	size_t slot = (tl->tl_lines_start + tl->tl_lines_count) % TTY_LINES_MAX;
	tl->tl_lines[slot] = tl->tl_line_length;
	tl->tl_lines_count++;
	tl->tl_line_length = 0;
}

/* Erases the last byte of the line (on the screen too, with ECHOE). */
static void
tty_ldisc_erase(struct tty_ldisc *tl)
{
	if (tl->tl_line_length == 0)
		return;
	unsigned char c = tl->tl_line[--tl->tl_line_length];
	if ((tl->tl_termios.c_lflag & (ECHO | ECHOE)) != (ECHO | ECHOE))
		return;
	int columns = (tl->tl_termios.c_lflag & ECHOCTL) &&
			      (c < 0x20 || c == DELETE) && c != '\t'
			  ? 2
			  : 1;
	for (int i = 0; i < columns; i++)
		tty_ldisc_echo(tl, "\b \b", 3);
}

/* VWERASE: the blanks before the cursor, then the word before them. */
static void
tty_ldisc_erase_word(struct tty_ldisc *tl)
{
	while (tl->tl_line_length > 0 &&
	       (tl->tl_line[tl->tl_line_length - 1] == ' ' ||
		tl->tl_line[tl->tl_line_length - 1] == '\t'))
		tty_ldisc_erase(tl);
	while (tl->tl_line_length > 0 &&
	       tl->tl_line[tl->tl_line_length - 1] != ' ' &&
	       tl->tl_line[tl->tl_line_length - 1] != '\t')
		tty_ldisc_erase(tl);
}

/* VKILL: the whole line; on the screen too with ECHOKE, else a newline
 * with ECHOK. */
static void
tty_ldisc_kill(struct tty_ldisc *tl)
{
	tcflag_t lflag = tl->tl_termios.c_lflag;

	if ((lflag & ECHO) && (lflag & ECHOKE)) {
		while (tl->tl_line_length > 0)
			tty_ldisc_erase(tl);
		return;
	}
	tl->tl_line_length = 0;
	if ((lflag & ECHO) && (lflag & ECHOK))
		tty_ldisc_echo(tl, "\n", 1);
}

/* Whether c is the control character index, when that one is enabled. */
static int
tty_ldisc_is(const struct tty_ldisc *tl, unsigned char c, int index)
{
	cc_t cc = tl->tl_termios.c_cc[index];
	return cc != 0 && c == cc;
}

/* ISIG: a signal character.  Returns whether c was one. */
static int
tty_ldisc_signal_char(struct tty_ldisc *tl, unsigned char c)
{
	int signal;

	if (!(tl->tl_termios.c_lflag & ISIG))
		return 0;
	if (tty_ldisc_is(tl, c, VINTR))
		signal = SIGINT;
	else if (tty_ldisc_is(tl, c, VQUIT))
		signal = SIGQUIT;
	else if (tty_ldisc_is(tl, c, VSUSP))
		signal = SIGTSTP;
	else
		return 0;
	if (!(tl->tl_termios.c_lflag & NOFLSH))
		tty_ldisc_flush(tl);
	tty_ldisc_echo_char(tl, c);
	if (tl->tl_signal != NULL)
		tl->tl_signal(tl->tl_arg, signal);
	return 1;
}

/* ICANON: one byte into the line editor. */
static void
tty_ldisc_canonical_char(struct tty_ldisc *tl, unsigned char c)
{
	tcflag_t lflag = tl->tl_termios.c_lflag;

	if (tty_ldisc_is(tl, c, VERASE)) {
		tty_ldisc_erase(tl);
	} else if (tty_ldisc_is(tl, c, VWERASE) && (lflag & IEXTEN)) {
		tty_ldisc_erase_word(tl);
	} else if (tty_ldisc_is(tl, c, VKILL)) {
		tty_ldisc_kill(tl);
	} else if (tty_ldisc_is(tl, c, VEOF)) {
		tty_ldisc_end_line(tl); /* an empty one is an end of file */
	} else if (c == '\n' || tty_ldisc_is(tl, c, VEOL)) {
		tl->tl_line[tl->tl_line_length++] = c; /* room kept for it */
		if ((lflag & ECHO) || (c == '\n' && (lflag & ECHONL)))
			tty_ldisc_echo(tl, (const char *)&c, 1);
		tty_ldisc_end_line(tl);
	} else if (tl->tl_line_length < TTY_LINE_MAX - 1) {
		tl->tl_line[tl->tl_line_length++] = c;
		tty_ldisc_echo_char(tl, c);
	} else {
		tl->tl_dropped++; /* the line is full: room for its end only */
	}
}

void
tty_ldisc_input(struct tty_ldisc *tl, const char *bytes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		unsigned char c = bytes[i];
		tcflag_t iflag = tl->tl_termios.c_iflag;
		if (iflag & ISTRIP)
			c &= 0x7f;
		if (c == '\r' && (iflag & IGNCR))
			continue;
		if (c == '\r' && (iflag & ICRNL))
			c = '\n';
		else if (c == '\n' && (iflag & INLCR))
			c = '\r';
		if (tty_ldisc_signal_char(tl, c))
			continue;
		if (tl->tl_termios.c_lflag & ICANON) {
			tty_ldisc_canonical_char(tl, c);
		} else if (tty_ldisc_ready_put(tl, (const char *)&c, 1)) {
			tty_ldisc_echo_char(tl, c);
		}
	}
}

int
tty_ldisc_readable(const struct tty_ldisc *tl, size_t count)
{
	if (tl->tl_termios.c_lflag & ICANON)
		return tl->tl_lines_count > 0;
	size_t min = tl->tl_termios.c_cc[VMIN];
	if (min > count)
		min = count;
	return tl->tl_ready_count >= min;
}

/* Takes count bytes (no more than are ready) out of the ring. */
static void
tty_ldisc_ready_take(struct tty_ldisc *tl, char *buffer, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		buffer[i] = tl->tl_ready[tl->tl_ready_start];
		tl->tl_ready_start = (tl->tl_ready_start + 1) % TTY_READY_MAX;
	}
	tl->tl_ready_count -= count;
}

size_t
tty_ldisc_read(struct tty_ldisc *tl, char *buffer, size_t count)
{
	if (!(tl->tl_termios.c_lflag & ICANON)) {
		if (count > tl->tl_ready_count)
			count = tl->tl_ready_count;
		tty_ldisc_ready_take(tl, buffer, count);
		return count;
	}
	if (tl->tl_lines_count == 0)
		return 0;
	size_t *line = &tl->tl_lines[tl->tl_lines_start];
	if (count > *line)
		count = *line;
	tty_ldisc_ready_take(tl, buffer, count);
	*line -= count;
	/* A line read whole (or an end of file, read as 0 bytes) goes. */
	if (*line == 0) {
		tl->tl_lines_start = (tl->tl_lines_start + 1) % TTY_LINES_MAX;
		tl->tl_lines_count--;
	}
	return count;
}

void
tty_ldisc_flush(struct tty_ldisc *tl)
{
	tl->tl_line_length = 0;
	tl->tl_ready_start = tl->tl_ready_count = 0;
	tl->tl_lines_start = tl->tl_lines_count = 0;
}

void
tty_ldisc_get(const struct tty_ldisc *tl, struct termios *termios)
{
	*termios = tl->tl_termios;
}

void
tty_ldisc_set(struct tty_ldisc *tl, const struct termios *termios)
{
	int was_canonical = (tl->tl_termios.c_lflag & ICANON) != 0;
	int canonical = (termios->c_lflag & ICANON) != 0;

	tl->tl_termios = *termios;
	if (was_canonical && !canonical) {
		/* The partial line and the lines become plain bytes. */
		tty_ldisc_ready_put(tl, tl->tl_line, tl->tl_line_length);
		tl->tl_line_length = 0;
		tl->tl_lines_start = tl->tl_lines_count = 0;
	} else if (!was_canonical && canonical && tl->tl_ready_count > 0) {
		/* What was typed raw is one line. */
		tl->tl_lines_start = 0;
		tl->tl_lines[0] = tl->tl_ready_count;
		tl->tl_lines_count = 1;
	}
}
