/*
 * The line discipline of the UNIX server's terminal (tty_ldisc.c): what
 * typed bytes become before a read sees them.  Pure code, with no Mach
 * and no server state, so that the host unit tests run it as it is
 * (tests/host/test_tty_ldisc.c).
 *
 * Bytes come in with tty_ldisc_input; what should be echoed goes out
 * through the output callback, and ^C, ^\ and ^Z (with ISIG) go to the
 * signal callback as SIGINT, SIGQUIT and SIGTSTP.  In canonical mode
 * (ICANON) the line is edited (VERASE, VWERASE, VKILL) until a newline
 * or VEOF ends it, and a read returns at most one line (0 bytes for a
 * VEOF on an empty line: end of file).  Otherwise bytes are readable as
 * they come, and a read is answered once VMIN bytes (or as many as it
 * asked for, if fewer) are there; with VMIN 0 at once.  VTIME is kept
 * but not applied: the server has no timer yet.
 */
#ifndef UNIX_SERVER_TTY_LDISC_H
#define UNIX_SERVER_TTY_LDISC_H

#include <stddef.h>
#include <sys/termios.h>

#define TTY_LINE_MAX  256  /* bytes of a canonical line, newline included */
#define TTY_READY_MAX 1024 /* bytes ready to be read */
#define TTY_LINES_MAX 64   /* complete lines ready to be read */

struct tty_ldisc {
	struct termios tl_termios;
	char tl_line[TTY_LINE_MAX]; /* canonical: the line being typed */
	size_t tl_line_length;
	char tl_ready[TTY_READY_MAX]; /* bytes a read may take, a ring */
	size_t tl_ready_start, tl_ready_count;
	/* canonical: the lengths of the complete lines in tl_ready, a
	 * ring (a 0 is an end of file) */
	size_t tl_lines[TTY_LINES_MAX];
	size_t tl_lines_start, tl_lines_count;
	unsigned long tl_dropped; /* bytes lost: no room */
	void (*tl_output)(void *arg, const char *bytes, size_t count);
	void (*tl_signal)(void *arg, int signal);
	void *tl_arg;
};

/* Sets the defaults (cooked mode: ICANON, ECHO, ISIG, ICRNL; ^C ^\ ^Z
 * DEL ^U ^D ^W) and the callbacks (either may be NULL). */
void tty_ldisc_init(struct tty_ldisc *tl,
		    void (*output)(void *arg, const char *bytes, size_t count),
		    void (*signal)(void *arg, int signal), void *arg);

/* Takes typed bytes. */
void tty_ldisc_input(struct tty_ldisc *tl, const char *bytes, size_t count);

/* Whether a read of count bytes would be answered now. */
int tty_ldisc_readable(const struct tty_ldisc *tl, size_t count);

/* Takes what a read of count bytes returns (call when readable). */
size_t tty_ldisc_read(struct tty_ldisc *tl, char *buffer, size_t count);

/* Drops every byte typed and not yet read. */
void tty_ldisc_flush(struct tty_ldisc *tl);

void tty_ldisc_get(const struct tty_ldisc *tl, struct termios *termios);
/* Sets the attributes; a change of ICANON keeps what was typed (a
 * partial line becomes readable bytes, readable bytes become a line). */
void tty_ldisc_set(struct tty_ldisc *tl, const struct termios *termios);

#endif /* UNIX_SERVER_TTY_LDISC_H */
