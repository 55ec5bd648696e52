/*
 * The lexer: preprocessed .defs text to tokens.
 *
 * Entry points: lexer_open() over a buffer (which need not end in a NUL
 * and may hold any bytes), lexer_next() for each token, lexer_close().
 *
 * The input is the C preprocessor's output, so it carries line markers,
 * `# 12 "mach/std_types.defs" 2` or `#line 12 "file"`, at the start of a
 * line; the lexer follows them so that every token's position names the
 * file and line the user wrote.  Other directives that survive the
 * preprocessor (#pragma, #ident) are skipped.  Comments are skipped too,
 * so the lexer also works on text that was not preprocessed.
 *
 * Keywords are not recognised here: MIG's keywords are case-insensitive
 * and most are only keywords in one place, so the parser asks for them
 * by name (parser_keyword()).  The only context the lexer needs is
 * whether a <file.h> name may come next (after import and friends);
 * otherwise `<` is punctuation.
 *
 * The lexer reports nothing itself.  A bad token (a stray byte, a run of
 * them, an unterminated string, a bad number) becomes a TOK_ERROR whose
 * text is the message; the parser reports it as the statement's error
 * (parser_syntax_error()), or skips it unreported inside a statement
 * that already failed, so that one fault gives one error.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "idl.h"

struct lexer {
	const char *text;
	size_t length;
	size_t at;
	const char *file;
	int line;
	int col;
	bool line_start; /* only blanks so far on this line */
};

struct lexer *
lexer_open(const char *text, size_t length, const char *file)
{
	struct lexer *lexer = diag_alloc(sizeof(*lexer));

	lexer->text = text;
	lexer->length = length;
	lexer->file = diag_intern_file(file);
	lexer->line = 1;
	lexer->col = 1;
	lexer->line_start = true;
	return lexer;
}

void
lexer_close(struct lexer *lexer)
{
	(void)lexer; /* diag_reset() frees it */
}

static int
lexer_peek(const struct lexer *lexer, size_t ahead)
{
	if (lexer->at + ahead >= lexer->length)
		return -1;
	return (unsigned char)lexer->text[lexer->at + ahead];
}

static void
lexer_advance(struct lexer *lexer)
{
	if (lexer->at >= lexer->length)
		return;
	if (lexer->text[lexer->at] == '\n') {
		lexer->line++;
		lexer->col = 1;
		lexer->line_start = true;
	} else {
		lexer->col++;
	}
	lexer->at++;
}

static struct idl_pos
lexer_pos(const struct lexer *lexer)
{
	struct idl_pos pos = {lexer->file, lexer->line, lexer->col};

	return pos;
}

static void
lexer_skip_line(struct lexer *lexer)
{
	while (lexer_peek(lexer, 0) != -1 && lexer_peek(lexer, 0) != '\n')
		lexer_advance(lexer);
}

/*
 * A directive at the start of a line.  Line markers set the position of
 * the next line; the marker line itself is consumed.
 */
static void
lexer_directive(struct lexer *lexer)
{
	const char *p = lexer->text + lexer->at + 1;
	const char *end = lexer->text + lexer->length;
	long line;
	const char *name;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p > 4 && strncmp(p, "line", 4) == 0)
		p += 4;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || !isdigit((unsigned char)*p)) {
		lexer_skip_line(lexer);
		return;
	}
	/* The buffer need not end in a NUL: read the digits in bounds. */
	for (line = 0; p < end && isdigit((unsigned char)*p); p++)
		if (line < INT_MAX / 10)
			line = line * 10 + (*p - '0');
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '"') {
		name = ++p;
		while (p < end && *p != '"' && *p != '\n')
			p++;
		if (p < end && *p == '"') {
			char *copy = diag_strndup(name, (size_t)(p - name));

			lexer->file = diag_intern_file(copy);
		}
	}
	lexer_skip_line(lexer);
	lexer_advance(lexer); /* the newline */
	lexer->line = (int)line;
}

static bool
lexer_skip_comment(struct lexer *lexer)
{
	if (lexer_peek(lexer, 0) != '/')
		return false;
	if (lexer_peek(lexer, 1) == '/') {
		lexer_skip_line(lexer);
		return true;
	}
	if (lexer_peek(lexer, 1) != '*')
		return false;
	lexer_advance(lexer);
	lexer_advance(lexer);
	while (lexer_peek(lexer, 0) != -1 &&
	       !(lexer_peek(lexer, 0) == '*' && lexer_peek(lexer, 1) == '/'))
		lexer_advance(lexer);
	lexer_advance(lexer);
	lexer_advance(lexer);
	return true;
}

/* Blanks, comments and directives. */
static void
lexer_skip_space(struct lexer *lexer)
{
	for (;;) {
		int c = lexer_peek(lexer, 0);

		if (c == '#' && lexer->line_start) {
			lexer_directive(lexer);
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			   c == '\f' || c == '\v') {
			bool start = lexer->line_start;

			lexer_advance(lexer);
			if (c != '\n')
				lexer->line_start = start;
		} else if (!lexer_skip_comment(lexer)) {
			return;
		}
	}
}

static struct lexer_token
lexer_number(struct lexer *lexer, struct lexer_token token)
{
	size_t start = lexer->at;
	char *text;
	char *stop;

	while (isalnum(lexer_peek(lexer, 0)) && lexer_peek(lexer, 0) != -1)
		lexer_advance(lexer);
	text = diag_strndup(lexer->text + start, lexer->at - start);
	errno = 0;
	token.number = strtoul(text, &stop, 0);
	/* Allow C's integer suffixes (u, l): sizes come from #defines. */
	while (*stop == 'u' || *stop == 'U' || *stop == 'l' || *stop == 'L')
		stop++;
	if (*stop != '\0' || errno != 0 || token.number > INT_MAX) {
		token.kind = TOK_ERROR;
		token.text = diag_format("bad number '%s'", text);
		return token;
	}
	token.kind = TOK_NUMBER;
	token.text = text;
	return token;
}

/* "..." or <...>: the text between the delimiters, on one line. */
static struct lexer_token
lexer_quoted(struct lexer *lexer, struct lexer_token token, int close,
	     enum lexer_token_kind kind)
{
	size_t start;

	lexer_advance(lexer);
	start = lexer->at;
	while (lexer_peek(lexer, 0) != -1 && lexer_peek(lexer, 0) != close &&
	       lexer_peek(lexer, 0) != '\n') {
		if (lexer_peek(lexer, 0) == '\\' &&
		    lexer_peek(lexer, 1) != -1 && lexer_peek(lexer, 1) != '\n')
			lexer_advance(lexer);
		lexer_advance(lexer);
	}
	if (lexer_peek(lexer, 0) != close) {
		token.kind = TOK_ERROR;
		token.text = diag_format("missing terminating %c", close);
		return token;
	}
	token.kind = kind;
	token.text = diag_strndup(lexer->text + start, lexer->at - start);
	lexer_advance(lexer);
	return token;
}

static bool
lexer_is_punct(int c)
{
	return c > 0 && strchr(";:,()[]{}=^|*+-/<>~", c) != NULL;
}

/* A byte that starts no token, a blank or a comment. */
static bool
lexer_is_stray(int c)
{
	return c != -1 && !isalnum(c) && c != '_' && c != '"' &&
	       !lexer_is_punct(c) && !isspace(c);
}

/* Bytes that are no token: one error token for the whole run of them. */
static struct lexer_token
lexer_stray(struct lexer *lexer, struct lexer_token token)
{
	int c = lexer_peek(lexer, 0);
	size_t more = 0;
	char what[16];

	lexer_advance(lexer);
	while (lexer_is_stray(lexer_peek(lexer, 0))) {
		lexer_advance(lexer);
		more++;
	}
	if (isprint(c))
		snprintf(what, sizeof(what), "'%c'", c);
	else
		snprintf(what, sizeof(what), "byte \\%03o", c);
	token.kind = TOK_ERROR;
	token.text =
	    more == 0
		? diag_format("stray %s in input", what)
		: diag_format("stray %s and %zu more stray bytes in input",
			      what, more);
	return token;
}

struct lexer_token
lexer_next(struct lexer *lexer, bool want_filename)
{
	struct lexer_token token = {0};
	int c;

	lexer_skip_space(lexer);
	token.pos = lexer_pos(lexer);
	lexer->line_start = false;
	c = lexer_peek(lexer, 0);
	if (c == -1) {
		token.kind = TOK_EOF;
		token.text = "end of file";
		return token;
	}
	if (isalpha(c) || c == '_') {
		size_t start = lexer->at;

		while (isalnum(lexer_peek(lexer, 0)) ||
		       lexer_peek(lexer, 0) == '_')
			lexer_advance(lexer);
		token.kind = TOK_IDENT;
		token.text =
		    diag_strndup(lexer->text + start, lexer->at - start);
		return token;
	}
	if (isdigit(c))
		return lexer_number(lexer, token);
	if (c == '"')
		return lexer_quoted(lexer, token, '"', TOK_STRING);
	if (c == '<' && want_filename)
		return lexer_quoted(lexer, token, '>', TOK_FILENAME);
	if (lexer_is_punct(c)) {
		char text[2] = {(char)c, '\0'};

		lexer_advance(lexer);
		token.kind = TOK_PUNCT;
		token.text = diag_strdup(text);
		return token;
	}
	return lexer_stray(lexer, token);
}
