/*
 * Diagnostics and small helpers shared by every pass of the IDL compiler.
 *
 * diag_error() prints "file:line:col: error: message" on stderr and counts
 * the error; the passes keep going so that one run reports several
 * mistakes, and main.c refuses to write output once the count is
 * non-zero.  To keep a corrupt input from flooding the terminal, only
 * the first DIAG_MAX_ERRORS errors are printed.
 *
 * Memory comes from diag_alloc() and is freed all at once by
 * diag_reset() (the compiler is a short-lived process; the fuzz target
 * resets between inputs).  diag_alloc() exits cleanly (status 1, with a
 * message) if malloc fails, so no caller handles a NULL result.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idl.h"

#define DIAG_MAX_ERRORS 50

static int diag_errors;
static bool diag_quiet;	 /* no warnings */
static bool diag_silent; /* nothing at all (the fuzz target) */

struct diag_file {
	char *name;
	struct diag_file *next;
};

static struct diag_file *diag_files;

/* Every allocation, newest first, so that diag_reset() can free them. */
struct diag_block {
	struct diag_block *next;
} __attribute__((aligned(16)));

static struct diag_block *diag_blocks;

static void
diag_print(struct idl_pos pos, const char *what, const char *fmt, va_list ap)
{
	if (pos.file != NULL)
		fprintf(stderr, "%s:%d:%d: %s: ", pos.file, pos.line, pos.col,
			what);
	else
		fprintf(stderr, "mig: %s: ", what);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
diag_error(struct idl_pos pos, const char *fmt, ...)
{
	va_list ap;

	diag_errors++;
	if (diag_errors > DIAG_MAX_ERRORS || diag_silent)
		return;
	va_start(ap, fmt);
	diag_print(pos, "error", fmt, ap);
	va_end(ap);
	if (diag_errors == DIAG_MAX_ERRORS)
		fprintf(stderr,
			"mig: too many errors, the rest are not shown\n");
}

void
diag_warning(struct idl_pos pos, const char *fmt, ...)
{
	va_list ap;

	if (diag_quiet || diag_silent)
		return;
	va_start(ap, fmt);
	diag_print(pos, "warning", fmt, ap);
	va_end(ap);
}

int
diag_error_count(void)
{
	return diag_errors;
}

void
diag_set_quiet(bool quiet)
{
	diag_quiet = quiet;
}

void
diag_set_silent(bool silent)
{
	diag_silent = silent;
}

void *
diag_alloc(size_t size)
{
	struct diag_block *block;

	if (size > SIZE_MAX / 2 ||
	    (block = calloc(1, sizeof(*block) + size)) == NULL) {
		fprintf(stderr, "mig: out of memory\n");
		exit(1);
	}
	block->next = diag_blocks;
	diag_blocks = block;
	return block + 1;
}

void
diag_reset(void)
{
	while (diag_blocks != NULL) {
		struct diag_block *next = diag_blocks->next;

		free(diag_blocks);
		diag_blocks = next;
	}
	diag_files = NULL;
	diag_errors = 0;
}

char *
diag_strndup(const char *s, size_t n)
{
	char *p = diag_alloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
diag_strdup(const char *s)
{
	return diag_strndup(s, strlen(s));
}

char *
diag_format(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = diag_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * Append to a string that grows by doubling: a string built word by word
 * (a C type of many words) costs memory linear in its length, where
 * formatting the whole string again for each word would cost its square.
 * The old buffers are freed by diag_reset() with everything else.
 */
void
diag_text_append(struct diag_text *text, const char *piece)
{
	size_t n = strlen(piece);

	if (text->length + n + 1 > text->size) {
		size_t size = text->size == 0 ? 64 : text->size;
		char *grown;

		while (size < text->length + n + 1)
			size *= 2;
		grown = diag_alloc(size);
		if (text->length > 0)
			memcpy(grown, text->text, text->length);
		text->text = grown;
		text->size = size;
	}
	memcpy(text->text + text->length, piece, n + 1);
	text->length += n;
}

/* File names live as long as the process; positions point at them. */
const char *
diag_intern_file(const char *name)
{
	struct diag_file *f;

	for (f = diag_files; f != NULL; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f->name;
	f = diag_alloc(sizeof(*f));
	f->name = diag_strdup(name);
	f->next = diag_files;
	diag_files = f;
	return f->name;
}

bool
diag_equal_nocase(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
	return *a == *b;
}
