/*
 * The parser's statement level: subsystem, routine, simpleroutine, skip,
 * import and friends, the prefixes, waittime, msgoption, rcsid and the
 * Apple-dialect statements; routine arguments and their flags.  Types are
 * parsed by parse_type.c.
 *
 * Entry point: parser_run(lexer), which fills idl_subsystem.
 *
 * Keywords are matched case-insensitively and only where a keyword can
 * stand, so an identifier that happens to be a keyword elsewhere (an
 * argument called `port` or `type`) still works where MIG allows it.
 * Types, imports and settings may come before the subsystem statement
 * (Apple's .defs include their type files first); a routine or skip
 * before it is an error, since its message id counts from the base.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* A routine's reply id is its request id plus this. */
#define PARSER_REPLY_OFFSET 100

#define PARSER_COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct subsystem idl_subsystem;

/* Statements of the form `word value;` (parser_setting()). */
static const char *const parser_setting_words[] = {
    "serverprefix",	  "userprefix",	   "serverdemux", "waittime",
    "sendtime",		  "msgoption",	   "error",	  "UseSpecialReplyPort",
    "ConsumeOnSendError", "UserTypeLimit", "OnStackLimit"};

/* The other words a statement can begin with (parser_statement()). */
static const char *const parser_statement_words[] = {
    "subsystem", "routine", "simpleroutine", "skip",
    "type",	 "rcsid",   "nowaittime",    "nosendtime"};

static bool
parser_import_keyword(const struct parser *parser)
{
	return parser_keyword(parser, "import") ||
	       parser_keyword(parser, "uimport") ||
	       parser_keyword(parser, "simport") ||
	       parser_keyword(parser, "iimport") ||
	       parser_keyword(parser, "dimport");
}

void
parser_advance(struct parser *parser)
{
	if (parser_punct(parser, '(') || parser_punct(parser, '{'))
		parser->depth++;
	else if ((parser_punct(parser, ')') || parser_punct(parser, '}')) &&
		 parser->depth > 0)
		parser->depth--;
	parser->last = parser->token.pos;
	parser->token = parser->ahead;
	/* A <file.h> name may only follow an import keyword. */
	parser->ahead =
	    lexer_next(parser->lexer, parser_import_keyword(parser));
}

bool
parser_keyword(const struct parser *parser, const char *word)
{
	return parser->token.kind == TOK_IDENT &&
	       diag_equal_nocase(parser->token.text, word);
}

bool
parser_punct(const struct parser *parser, char c)
{
	return parser->token.kind == TOK_PUNCT && parser->token.text[0] == c;
}

void
parser_syntax_error(struct parser *parser, const char *expected)
{
	if (parser->failed)
		return;
	parser->failed = true;
	if (parser->token.kind == TOK_ERROR)
		diag_error(parser->token.pos, "%s", parser->token.text);
	else
		diag_error(parser->token.pos, "expected %s before '%s'",
			   expected, parser->token.text);
}

/*
 * Enter one level of a type specification or a parenthesised sum;
 * false (reported once) past PARSER_MAX_NESTING.  Each successful call
 * is paired with parser_unnest().
 */
bool
parser_nest(struct parser *parser)
{
	if (parser->nesting >= PARSER_MAX_NESTING) {
		if (!parser->failed)
			diag_error(parser->token.pos,
				   "nested more than %d levels deep",
				   PARSER_MAX_NESTING);
		parser->failed = true;
		return false;
	}
	parser->nesting++;
	return true;
}

void
parser_unnest(struct parser *parser)
{
	parser->nesting--;
}

bool
parser_expect_punct(struct parser *parser, char c)
{
	char what[8];

	if (parser_punct(parser, c)) {
		parser_advance(parser);
		return true;
	}
	snprintf(what, sizeof(what), "'%c'", c);
	parser_syntax_error(parser, what);
	return false;
}

const char *
parser_expect_ident(struct parser *parser, const char *what)
{
	const char *name;

	if (parser->token.kind != TOK_IDENT) {
		parser_syntax_error(parser, what);
		return NULL;
	}
	name = parser->token.text;
	parser_advance(parser);
	return name;
}

/*
 * Does the current token start a statement?  A statement keyword, first
 * on its line, followed by what that statement takes (so that an
 * argument called `type`, followed by `:`, is not one).
 */
bool
parser_at_statement(const struct parser *parser)
{
	static const char *const named[] = {
	    "routine",	    "simpleroutine", "type",	   "subsystem",
	    "serverprefix", "userprefix",    "serverdemux"};
	const struct lexer_token *ahead = &parser->ahead;
	size_t i;

	if (parser->token.kind != TOK_IDENT ||
	    (parser->token.pos.line == parser->last.line &&
	     parser->token.pos.file == parser->last.file))
		return false;
	for (i = 0; i < PARSER_COUNT(named); i++)
		if (parser_keyword(parser, named[i]))
			return ahead->kind == TOK_IDENT;
	if (parser_keyword(parser, "skip"))
		return ahead->kind == TOK_NUMBER ||
		       (ahead->kind == TOK_PUNCT && ahead->text[0] == ';');
	if (parser_keyword(parser, "rcsid"))
		return ahead->kind == TOK_STRING;
	return parser_import_keyword(parser) &&
	       (ahead->kind == TOK_FILENAME || ahead->kind == TOK_STRING);
}

/* Is the current token a word that a statement can begin with? */
static bool
parser_statement_word(const struct parser *parser)
{
	size_t i;

	for (i = 0; i < PARSER_COUNT(parser_statement_words); i++)
		if (parser_keyword(parser, parser_statement_words[i]))
			return true;
	for (i = 0; i < PARSER_COUNT(parser_setting_words); i++)
		if (parser_keyword(parser, parser_setting_words[i]))
			return true;
	return parser_import_keyword(parser);
}

/*
 * Skip the rest of a statement that had an error, without reporting
 * anything in it (its bad tokens included): up to the next `;` outside
 * parentheses and braces that is followed by a word a statement begins
 * with (or by `;`), or up to a line that starts a statement
 * (parser_at_statement), whichever comes first.  So a missing `;` or
 * `)` does not swallow the statement after it (whose types would then
 * seem undefined), and a routine whose `(` is lost does not make each
 * of its arguments a bad statement: one fault, one error.  A name
 * defined in the skipped text (NAME followed by `=`, as in a type
 * statement) becomes a broken type, so that its uses do not report it
 * undefined.  The statement that failed began at `start`; recovery
 * never stops there, so every statement consumes at least one token.
 */
static void
parser_recover(struct parser *parser, struct idl_pos start)
{
	bool after_end = false; /* just after a `;` at depth 0 */

	while (parser->token.kind != TOK_EOF) {
		bool at_start = parser->token.pos.line == start.line &&
				parser->token.pos.col == start.col &&
				parser->token.pos.file == start.file;

		if (!at_start &&
		    (parser_at_statement(parser) ||
		     (after_end && (parser_statement_word(parser) ||
				    parser_punct(parser, ';')))))
			return;
		if (parser->token.kind == TOK_IDENT &&
		    parser->ahead.kind == TOK_PUNCT &&
		    parser->ahead.text[0] == '=')
			type_define_broken(parser->token.text,
					   parser->token.pos);
		after_end = parser_punct(parser, ';') && parser->depth == 0;
		parser_advance(parser);
	}
}

/* Said once in a run, not once per routine. */
static void
parser_before_subsystem(struct parser *parser, const char *what)
{
	if (parser->said_before_subsystem)
		return;
	parser->said_before_subsystem = true;
	diag_error(parser->token.pos,
		   "%s before the subsystem statement (its message "
		   "id counts from the subsystem's base)",
		   what);
}

static bool
parser_need_subsystem(struct parser *parser, const char *what)
{
	if (idl_subsystem.seen)
		return true;
	parser_before_subsystem(parser, what);
	parser->failed = true;
	return false;
}

static void
parser_subsystem(struct parser *parser)
{
	struct idl_pos pos = parser->token.pos;
	const char *name;
	long base;

	parser_advance(parser);
	if (idl_subsystem.seen) {
		diag_error(pos, "a second subsystem statement");
		parser->failed = true;
		return;
	}
	/*
	 * Seen, even if the rest of the statement is wrong: what follows
	 * is then read as usual, not refused as coming before it.
	 */
	idl_subsystem.seen = true;
	idl_subsystem.pos = pos;
	for (;;) {
		if (parser_keyword(parser, "KernelUser"))
			idl_subsystem.kernel_user = true;
		else if (parser_keyword(parser, "KernelServer"))
			idl_subsystem.kernel_server = true;
		else
			break;
		parser_advance(parser);
	}
	name = parser_expect_ident(parser, "a subsystem name");
	if (name == NULL || !parse_int_expression(parser, &base))
		return;
	if (base < 0) {
		/* Said here; the rest of the file is read as usual. */
		diag_error(pos,
			   "subsystem %s: base %ld is negative (message ids "
			   "are positive 32-bit ints)",
			   name, base);
		base = 0;
	}
	idl_subsystem.name = name;
	idl_subsystem.base = base;
}

/*
 * Use up n message ids (a routine, or a skip).  The count saturates
 * instead of overflowing: parser_check_ids() refuses it anyway.
 */
static void
parser_use_ids(int n)
{
	if (idl_subsystem.next_number > INT_MAX - n)
		idl_subsystem.next_number = INT_MAX;
	else
		idl_subsystem.next_number += n;
}

/*
 * Every id the generated code computes, up to base + ids + the reply
 * offset, must fit in mach_msg_id_t (an int32); past INT_MAX the
 * stubs' msgh_id comparisons would be against constants no int equals.
 */
static void
parser_check_ids(void)
{
	long last = idl_subsystem.base + idl_subsystem.next_number +
		    PARSER_REPLY_OFFSET;

	if (idl_subsystem.name == NULL || last <= INT_MAX)
		return;
	diag_error(idl_subsystem.pos,
		   "subsystem %s: base %ld + %d message ids + %d (the "
		   "reply offset) exceeds %d, the largest mach_msg_id_t "
		   "(a 32-bit int)",
		   idl_subsystem.name, idl_subsystem.base,
		   idl_subsystem.next_number, PARSER_REPLY_OFFSET, INT_MAX);
}

static void
parser_import(struct parser *parser, enum import_kind kind)
{
	struct import *import;

	parser_advance(parser);
	if (parser->token.kind != TOK_FILENAME &&
	    parser->token.kind != TOK_STRING) {
		parser_syntax_error(parser, "a file name");
		return;
	}
	import = diag_alloc(sizeof(*import));
	import->kind = kind;
	import->text = parser->token.kind == TOK_FILENAME
			   ? diag_format("<%s>", parser->token.text)
			   : diag_format("\"%s\"", parser->token.text);
	*idl_subsystem.imports_tail = import;
	idl_subsystem.imports_tail = &import->next;
	parser_advance(parser);
}

/* A C expression for waittime or msgoption: an identifier or a number. */
static const char *
parser_c_word(struct parser *parser)
{
	const char *text;

	if (parser->token.kind != TOK_IDENT &&
	    parser->token.kind != TOK_NUMBER) {
		parser_syntax_error(parser, "an identifier or a number");
		return NULL;
	}
	text = parser->token.text;
	parser_advance(parser);
	return text;
}

/* Statements of the form `keyword word;`: returns the word. */
static const char *
parser_word_statement(struct parser *parser)
{
	parser_advance(parser);
	return parser_c_word(parser);
}

static const struct {
	const char *word;
	enum arg_kind kind;
} parser_arg_kinds[] = {
    {"in", ARG_IN},
    {"out", ARG_OUT},
    {"inout", ARG_INOUT},
    {"requestport", ARG_REQUESTPORT},
    {"replyport", ARG_REPLYPORT},
    {"sreplyport", ARG_SREPLYPORT},
    {"ureplyport", ARG_UREPLYPORT},
    {"waittime", ARG_WAITTIME},
    {"sendtime", ARG_WAITTIME},
    {"msgoption", ARG_MSGOPTION},
    {"msgseqno", ARG_MSGSEQNO},
    {"sectoken", ARG_SECTOKEN},
    {"serversectoken", ARG_SECTOKEN},
    {"usersectoken", ARG_USERSECTOKEN},
    {"audittoken", ARG_AUDITTOKEN},
    {"serveraudittoken", ARG_AUDITTOKEN},
    {"useraudittoken", ARG_USERAUDITTOKEN},
    {"userimpl", ARG_USERIMPL},
    {"serverimpl", ARG_SERVERIMPL},
};

static const struct {
	const char *word;
	unsigned flag;
} parser_arg_flags[] = {
    {"dealloc", ARG_FLAG_DEALLOC},
    {"notdealloc", ARG_FLAG_NOTDEALLOC},
    {"servercopy", ARG_FLAG_SERVERCOPY},
    {"countinout", ARG_FLAG_COUNTINOUT},
    {"retcode", ARG_FLAG_RETCODE},
    {"samecount", ARG_FLAG_SAMECOUNT},
    {"physicalcopy", ARG_FLAG_PHYSICALCOPY},
    {"overwrite", ARG_FLAG_OVERWRITE},
    {"auto", ARG_FLAG_AUTO},
    {"const", ARG_FLAG_CONST},
};

/* An argument kind keyword, if the current token is one before a name. */
static enum arg_kind
parser_arg_kind(struct parser *parser)
{
	size_t i;

	if (parser->ahead.kind != TOK_IDENT)
		return ARG_KIND_DEFAULT;
	if (parser_keyword(parser, "servercontexttoken")) {
		diag_error(parser->token.pos, "ServerContextToken arguments "
					      "are not supported");
		return ARG_SERVERIMPL;
	}
	for (i = 0; i < PARSER_COUNT(parser_arg_kinds); i++)
		if (parser_keyword(parser, parser_arg_kinds[i].word))
			return parser_arg_kinds[i].kind;
	return ARG_KIND_DEFAULT;
}

static unsigned
parser_arg_flag(struct parser *parser)
{
	size_t i;

	for (i = 0; i < PARSER_COUNT(parser_arg_flags); i++) {
		if (!parser_keyword(parser, parser_arg_flags[i].word))
			continue;
		parser_advance(parser);
		if (parser_arg_flags[i].flag == ARG_FLAG_DEALLOC &&
		    parser_punct(parser, '[')) {
			parser_advance(parser);
			if (!parser_expect_punct(parser, ']'))
				return 0;
			return ARG_FLAG_DEALLOC_VAR;
		}
		return parser_arg_flags[i].flag;
	}
	parser_syntax_error(parser, "an argument flag (dealloc, notdealloc, "
				    "servercopy, countinout, ...)");
	return 0;
}

static struct arg *
parser_argument(struct parser *parser)
{
	struct arg *arg = diag_alloc(sizeof(*arg));

	arg->pos = parser->token.pos;
	arg->kind = parser_arg_kind(parser);
	if (arg->kind != ARG_KIND_DEFAULT)
		parser_advance(parser);
	arg->name = parser_expect_ident(parser, "an argument name");
	if (arg->name == NULL || !parser_expect_punct(parser, ':'))
		return NULL;
	if (parser->token.kind == TOK_IDENT &&
	    parser->ahead.kind == TOK_PUNCT && parser->ahead.text[0] == '=')
		arg->type = parse_named_type_spec(parser);
	else
		arg->type = parse_type_spec(parser);
	if (arg->type == NULL)
		return NULL;
	while (parser_punct(parser, ',')) {
		unsigned flag;

		parser_advance(parser);
		flag = parser_arg_flag(parser);
		if (flag == 0)
			return NULL;
		arg->flags |= flag;
	}
	return arg;
}

static void
parser_routine(struct parser *parser, bool simple)
{
	struct routine *routine = diag_alloc(sizeof(*routine));
	struct arg **tail = &routine->args;

	routine->simple = simple;
	routine->pos = parser->token.pos;
	parser_advance(parser);
	if (!parser_need_subsystem(parser, "a routine"))
		return;
	routine->name = parser_expect_ident(parser, "a routine name");
	if (routine->name == NULL || !parser_expect_punct(parser, '('))
		return;
	while (!parser_punct(parser, ')')) {
		struct arg *arg;

		if (parser_at_statement(parser)) {
			parser_syntax_error(parser, "')'");
			return;
		}
		arg = parser_argument(parser);
		if (arg == NULL)
			return;
		*tail = arg;
		tail = &arg->next;
		if (!parser_punct(parser, ';'))
			break;
		parser_advance(parser);
	}
	if (!parser_expect_punct(parser, ')'))
		return;
	routine->number = idl_subsystem.next_number;
	parser_use_ids(1);
	*idl_subsystem.routines_tail = routine;
	idl_subsystem.routines_tail = &routine->next;
}

static void
parser_skip(struct parser *parser)
{
	long n = 1;

	parser_advance(parser);
	if (!parser_need_subsystem(parser, "a skip"))
		return;
	if (!parser_punct(parser, ';') && !parse_int_expression(parser, &n))
		return;
	if (n < 0 || n > 100000) {
		diag_error(parser->token.pos, "skip count %ld out of range", n);
		return;
	}
	parser_use_ids((int)n);
}

/* Statements that set a subsystem-wide word. */
static bool
parser_setting(struct parser *parser)
{
	const char *const *words = parser_setting_words;
	const char **slots[] = {&idl_subsystem.server_prefix,
				&idl_subsystem.user_prefix,
				&idl_subsystem.server_demux,
				&idl_subsystem.waittime,
				&idl_subsystem.waittime,
				&idl_subsystem.msgoption,
				&idl_subsystem.error_proc,
				NULL,
				NULL,
				NULL,
				NULL};
	const char *value;
	size_t i;

	for (i = 0; i < PARSER_COUNT(parser_setting_words); i++)
		if (parser_keyword(parser, words[i]))
			break;
	if (i == PARSER_COUNT(parser_setting_words))
		return false;
	value = parser_word_statement(parser);
	if (value == NULL)
		return true;
	if (slots[i] != NULL)
		*slots[i] = value;
	else if (i == 7)
		idl_subsystem.special_reply_port = strcmp(value, "0") != 0;
	else if (i == 8)
		idl_subsystem.consume_on_send_error =
		    !diag_equal_nocase(value, "None");
	return true;
}

static bool
parser_import_statement(struct parser *parser)
{
	if (parser_keyword(parser, "import"))
		parser_import(parser, IMPORT_BOTH);
	else if (parser_keyword(parser, "uimport"))
		parser_import(parser, IMPORT_USER);
	else if (parser_keyword(parser, "simport") ||
		 parser_keyword(parser, "iimport"))
		parser_import(parser, IMPORT_SERVER);
	else if (parser_keyword(parser, "dimport"))
		parser_import(parser, IMPORT_BOTH);
	else
		return false;
	return true;
}

static void
parser_statement(struct parser *parser)
{
	if (parser_keyword(parser, "subsystem")) {
		parser_subsystem(parser);
	} else if (parser_keyword(parser, "routine")) {
		parser_routine(parser, false);
	} else if (parser_keyword(parser, "simpleroutine")) {
		parser_routine(parser, true);
	} else if (parser_keyword(parser, "skip")) {
		parser_skip(parser);
	} else if (parser_keyword(parser, "type")) {
		parse_type_statement(parser);
	} else if (parser_import_statement(parser) || parser_setting(parser)) {
		/* done */
	} else if (parser_keyword(parser, "nowaittime") ||
		   parser_keyword(parser, "nosendtime")) {
		idl_subsystem.waittime = NULL;
		parser_advance(parser);
	} else if (parser_keyword(parser, "rcsid")) {
		parser_advance(parser);
		if (parser->token.kind != TOK_STRING) {
			parser_syntax_error(parser, "a string");
			return;
		}
		idl_subsystem.rcsid = parser->token.text;
		parser_advance(parser);
	} else if (!parser_punct(parser, ';')) {
		parser_syntax_error(parser, "a statement");
	}
}

void
parser_run(struct lexer *lexer)
{
	struct parser parser = {0};

	memset(&idl_subsystem, 0, sizeof(idl_subsystem));
	idl_subsystem.routines_tail = &idl_subsystem.routines;
	idl_subsystem.imports_tail = &idl_subsystem.imports;
	parser.lexer = lexer;
	parser.ahead = lexer_next(lexer, false);
	parser_advance(&parser);
	while (parser.token.kind != TOK_EOF) {
		struct idl_pos start = parser.token.pos;

		parser.failed = false;
		parser.depth = 0;
		parser_statement(&parser);
		if (!parser.failed && !parser_punct(&parser, ';'))
			parser_syntax_error(&parser, "';'");
		if (parser.failed)
			parser_recover(&parser, start);
		else
			parser_advance(&parser);
	}
	if (!idl_subsystem.seen && diag_error_count() == 0) {
		struct idl_pos pos = parser.token.pos;

		diag_error(pos, "no subsystem statement: a .defs file needs "
				"`subsystem NAME BASE;` before its routines");
	}
	parser_check_ids();
}

/*
 * The whole front end over preprocessed text: parse, then check.
 * Returns true if the text is a valid interface (no error reported).
 */
bool
parser_front_end(const char *text, size_t length, const char *file)
{
	struct lexer *lexer = lexer_open(text, length, file);

	type_table_init();
	parser_run(lexer);
	lexer_close(lexer);
	if (diag_error_count() == 0)
		routine_check_all();
	return diag_error_count() == 0;
}
