/*
 * The parser's type level: `type` statements, type specifications and
 * their options, and the integer expressions that sizes are written in.
 *
 * Entry points (through parser.h): parse_type_statement(),
 * parse_type_spec() (also used for argument types), and
 * parse_int_expression().
 *
 * Type specifications, as GNU MIG and Apple MIG accept them:
 *
 *	NAME				a declared type
 *	MACH_MSG_TYPE_X [| Y]		an IPC type, sender's | receiver's
 *	number [| number]		the same, by number
 *	polymorphic			a port whose disposition is chosen at
 *					run time
 *	(IPCTYPE, BITS [, flags])	the long form
 *	array[N] / [*:N] / [] / [*] of T
 *	^T				T (an array, struct or scalar) out-of-line
 *	struct[N] of T, struct { T name; ... }
 *	c_string[N], c_string[*:N]
 *	PointerTo(T), PointerToIfNot(T, U), ValueOf(T)	(Apple)
 *
 * Every size is checked here (positive, not absurdly large, a multiple
 * of a byte), so later passes may multiply sizes without overflow.
 * Specifications and parenthesised sums nest by recursion, at most
 * PARSER_MAX_NESTING levels (parser_nest()).  An anonymous array's C
 * type is not stored but built when asked (type_ctype()), so that
 * memory stays linear in the depth of nested arrays.
 */
#include <limits.h>
#include <string.h>

#include "parser.h"

#define PARSE_TYPE_MAX_BYTES (16u << 20)
#define PARSE_VALUE_MAX	     (1L << 40)

static bool parse_expr_sum(struct parser *parser, long *value);
static void parse_expr_not_number(struct parser *parser);

/* A number or a parenthesised sum, after any number of unary minuses. */
static bool
parse_expr_primary(struct parser *parser, long *value)
{
	bool negate = false;

	while (parser_punct(parser, '-')) {
		negate = !negate;
		parser_advance(parser);
	}
	if (parser->token.kind == TOK_NUMBER) {
		*value = (long)parser->token.number;
		parser_advance(parser);
	} else if (parser_punct(parser, '(')) {
		bool ok;

		if (!parser_nest(parser))
			return false;
		parser_advance(parser);
		ok = parse_expr_sum(parser, value) &&
		     parser_expect_punct(parser, ')');
		parser_unnest(parser);
		if (!ok)
			return false;
	} else {
		parse_expr_not_number(parser);
		return false;
	}
	if (negate)
		*value = -*value;
	return true;
}

static void
parse_expr_not_number(struct parser *parser)
{
	if (parser->token.kind == TOK_IDENT && !parser->failed) {
		diag_error(parser->token.pos,
			   "'%s' is not a number (is a "
			   "#define missing?)",
			   parser->token.text);
		parser->failed = true;
		return;
	}
	parser_syntax_error(parser, "a number");
}

static bool
parse_expr_check(struct parser *parser, struct idl_pos pos, long value)
{
	if (value > PARSE_VALUE_MAX || value < -PARSE_VALUE_MAX) {
		diag_error(pos, "integer expression out of range");
		parser->failed = true;
		return false;
	}
	return true;
}

static bool
parse_expr_product(struct parser *parser, long *value)
{
	long right;

	if (!parse_expr_primary(parser, value))
		return false;
	while (parser_punct(parser, '*') || parser_punct(parser, '/')) {
		struct idl_pos pos = parser->token.pos;
		char op = parser->token.text[0];

		parser_advance(parser);
		if (!parse_expr_primary(parser, &right))
			return false;
		if (op == '/' && right == 0) {
			diag_error(pos, "division by zero");
			parser->failed = true;
			return false;
		}
		/* Operands are bounded by PARSE_VALUE_MAX: no overflow. */
		if (op == '*' && right != 0 && *value != 0 &&
		    (*value > LONG_MAX / 2 / (right < 0 ? -right : right) ||
		     *value < -(LONG_MAX / 2 / (right < 0 ? -right : right)))) {
			diag_error(pos, "integer expression out of range");
			parser->failed = true;
			return false;
		}
		*value = op == '*' ? *value * right : *value / right;
		if (!parse_expr_check(parser, pos, *value))
			return false;
	}
	return true;
}

static bool
parse_expr_sum(struct parser *parser, long *value)
{
	long right;

	if (!parse_expr_product(parser, value))
		return false;
	while (parser_punct(parser, '+') || parser_punct(parser, '-')) {
		struct idl_pos pos = parser->token.pos;
		char op = parser->token.text[0];

		parser_advance(parser);
		if (!parse_expr_product(parser, &right))
			return false;
		*value = op == '+' ? *value + right : *value - right;
		if (!parse_expr_check(parser, pos, *value))
			return false;
	}
	return true;
}

bool
parse_int_expression(struct parser *parser, long *value)
{
	*value = 0;
	return parse_expr_sum(parser, value);
}

/* A count or bound: 1 .. PARSE_TYPE_MAX_BYTES. */
static bool
parse_count(struct parser *parser, unsigned *count)
{
	struct idl_pos pos = parser->token.pos;
	long value;

	if (!parse_int_expression(parser, &value))
		return false;
	if (value <= 0 || value > (long)PARSE_TYPE_MAX_BYTES) {
		diag_error(pos, "size %ld out of range (1 to %u)", value,
			   PARSE_TYPE_MAX_BYTES);
		parser->failed = true;
		return false;
	}
	*count = (unsigned)value;
	return true;
}

/* Bytes of one element of an array: the element must be fixed-size. */
static bool
parse_element_size(struct parser *parser, const struct type *element,
		   struct idl_pos pos, unsigned *size)
{
	if (element->kind == TYPE_ARRAY || element->kind == TYPE_STRING) {
		if (element->out_of_line || type_is_variable(element) ||
		    type_is_port_array(element)) {
			diag_error(pos, "an array element must have a fixed "
					"size and be inline");
			parser->failed = true;
			return false;
		}
		*size = element->count * element->size;
		return true;
	}
	*size = element->size;
	return true;
}

static bool
parse_check_total(struct parser *parser, struct idl_pos pos, unsigned count,
		  unsigned size)
{
	if ((unsigned long long)count * size > PARSE_TYPE_MAX_BYTES) {
		diag_error(pos, "type too large (%llu bytes)",
			   (unsigned long long)count * size);
		parser->failed = true;
		return false;
	}
	return true;
}

/* [N], [*:N], [] or [*]: the kind and the count. */
static bool
parse_dimension(struct parser *parser, struct type *type)
{
	if (!parser_expect_punct(parser, '['))
		return false;
	type->array_kind = ARRAY_FIXED;
	if (parser_punct(parser, ']')) {
		type->array_kind = ARRAY_UNBOUNDED;
	} else if (parser_punct(parser, '*')) {
		parser_advance(parser);
		type->array_kind = ARRAY_UNBOUNDED;
		if (parser_punct(parser, ':')) {
			parser_advance(parser);
			type->array_kind = ARRAY_BOUNDED;
			if (!parse_count(parser, &type->count))
				return false;
		}
	} else if (!parse_count(parser, &type->count)) {
		return false;
	}
	return parser_expect_punct(parser, ']');
}

static struct type *
parse_array(struct parser *parser, bool is_struct)
{
	struct type *type =
	    type_new(is_struct ? TYPE_STRUCT : TYPE_ARRAY, parser->token.pos);
	unsigned size;

	parser_advance(parser);
	if (!parse_dimension(parser, type))
		return NULL;
	if (is_struct && type->array_kind != ARRAY_FIXED) {
		diag_error(type->pos, "struct[] needs a fixed size");
		parser->failed = true;
		return NULL;
	}
	if (!parser_keyword(parser, "of")) {
		parser_syntax_error(parser, "'of'");
		return NULL;
	}
	parser_advance(parser);
	type->element = parse_type_spec(parser);
	if (type->element == NULL ||
	    !parse_element_size(parser, type->element, type->pos, &size))
		return NULL;
	if (is_struct && type->element->kind == TYPE_PORT) {
		diag_error(type->pos, "a struct cannot hold ports");
		parser->failed = true;
		return NULL;
	}
	if (!parse_check_total(parser, type->pos, type->count, size))
		return NULL;
	type->size = is_struct ? type->count * size : size;
	type->ctype_pointer = true;
	return type;
}

/* struct { T name; ... } */
static struct type *
parse_struct_body(struct parser *parser)
{
	struct type *type = type_new(TYPE_STRUCT, parser->token.pos);
	unsigned long total = 0;

	parser_advance(parser); /* struct */
	parser_advance(parser); /* { */
	while (!parser_punct(parser, '}')) {
		struct type *field;
		unsigned size;

		if (parser_at_statement(parser)) {
			parser_syntax_error(parser, "'}'");
			return NULL;
		}
		field = parse_type_spec(parser);
		if (field == NULL ||
		    !parse_element_size(parser, field, type->pos, &size) ||
		    parser_expect_ident(parser, "a field name") == NULL ||
		    !parser_expect_punct(parser, ';'))
			return NULL;
		if (field->kind == TYPE_PORT) {
			diag_error(field->pos, "a struct cannot hold ports");
			parser->failed = true;
			return NULL;
		}
		total += size;
		if (!parse_check_total(parser, type->pos, 1, (unsigned)total))
			return NULL;
	}
	parser_advance(parser);
	type->size = (unsigned)total;
	type->count = 1;
	type->ctype = NULL; /* needs a name: given by the type statement */
	return type;
}

static struct type *
parse_c_string(struct parser *parser)
{
	struct type *type = type_new(TYPE_STRING, parser->token.pos);

	parser_advance(parser);
	if (!parse_dimension(parser, type))
		return NULL;
	if (type->array_kind == ARRAY_UNBOUNDED) {
		diag_error(type->pos, "c_string needs a bound: c_string[*:N]");
		parser->failed = true;
		return NULL;
	}
	type->size = 1;
	type->ctype = "char *";
	return type;
}

/* One IPC type name or number, or polymorphic. */
static const struct type_symbol *
parse_ipc_symbol(struct parser *parser)
{
	static const struct {
		int number;
		const char *name;
	} by_number[] = {{0, "MACH_MSG_TYPE_BOOLEAN"},
			 {1, "MACH_MSG_TYPE_INTEGER_16"},
			 {2, "MACH_MSG_TYPE_INTEGER_32"},
			 {8, "MACH_MSG_TYPE_CHAR"},
			 {9, "MACH_MSG_TYPE_BYTE"},
			 {10, "MACH_MSG_TYPE_REAL"},
			 {11, "MACH_MSG_TYPE_INTEGER_64"},
			 {12, "MACH_MSG_TYPE_STRING"},
			 {15, "MACH_MSG_TYPE_PORT_NAME"},
			 {16, "MACH_MSG_TYPE_MOVE_RECEIVE"},
			 {17, "MACH_MSG_TYPE_MOVE_SEND"},
			 {18, "MACH_MSG_TYPE_MOVE_SEND_ONCE"},
			 {19, "MACH_MSG_TYPE_COPY_SEND"},
			 {20, "MACH_MSG_TYPE_MAKE_SEND"},
			 {21, "MACH_MSG_TYPE_MAKE_SEND_ONCE"}};
	const struct type_symbol *symbol = NULL;
	size_t i;

	if (parser->token.kind == TOK_IDENT) {
		symbol = type_symbol_lookup(parser->token.text);
	} else if (parser->token.kind == TOK_NUMBER) {
		for (i = 0; i < sizeof(by_number) / sizeof(by_number[0]); i++)
			if ((unsigned long)by_number[i].number ==
			    parser->token.number)
				symbol = type_symbol_lookup(by_number[i].name);
	}
	if (symbol == NULL) {
		parser_syntax_error(parser, "an IPC type (MACH_MSG_TYPE_...)");
		return NULL;
	}
	parser_advance(parser);
	return symbol;
}

/* IPCTYPE [| IPCTYPE], then for the long form `, BITS [, flags]`. */
static struct type *
parse_ipc_type(struct parser *parser, bool long_form)
{
	struct idl_pos pos = parser->token.pos;
	const struct type_symbol *user, *server = NULL;
	unsigned bits = 0;

	user = parse_ipc_symbol(parser);
	if (user == NULL)
		return NULL;
	if (parser_punct(parser, '|')) {
		parser_advance(parser);
		server = parse_ipc_symbol(parser);
		if (server == NULL)
			return NULL;
	}
	if (long_form && parser_punct(parser, ',')) {
		parser_advance(parser);
		if (!parse_count(parser, &bits))
			return NULL;
		/* Old flags: islong, isnotlong, dealloc, notdealloc. */
		while (parser_punct(parser, ',')) {
			parser_advance(parser);
			if (parser_expect_ident(parser, "a type flag") == NULL)
				return NULL;
		}
	}
	if (server != NULL && !user->is_port && !server->is_port &&
	    user->bits != server->bits && bits == 0) {
		diag_error(pos, "the two sides of '|' differ in size");
		parser->failed = true;
		return NULL;
	}
	return type_from_symbol(user, server, bits, pos);
}

/*
 * ^T: T travels out-of-line.  T an array: that array, out-of-line.  T a
 * struct or scalar (Apple MIG, as in xnu's `^ mach_port_options_t`): a
 * region of exactly sizeof(T) bytes, which is what `^array[1] of T`
 * means, so it is built as that; its C type is the type statement's
 * name (a pointer typedef) or, anonymous, `T *`.
 */
static struct type *
parse_out_of_line(struct parser *parser)
{
	struct idl_pos pos = parser->token.pos;
	struct type *inner, *type;

	parser_advance(parser);
	inner = parse_type_spec(parser);
	if (inner == NULL)
		return NULL;
	if (inner->out_of_line) {
		diag_error(pos, "'^' on a type that is already out-of-line");
		parser->failed = true;
		return NULL;
	}
	if (inner->kind == TYPE_SCALAR || inner->kind == TYPE_STRUCT) {
		type = type_new(TYPE_ARRAY, pos);
		type->array_kind = ARRAY_FIXED;
		type->count = 1;
		type->element = inner;
		type->size = inner->size;
		type->ctype_pointer = true;
		type->out_of_line = true;
		return type;
	}
	if (inner->kind != TYPE_ARRAY) {
		diag_error(pos, "'^' needs an array, struct or scalar type");
		parser->failed = true;
		return NULL;
	}
	type = type_new(TYPE_ARRAY, pos);
	*type = *inner;
	type->name = NULL;
	type->next = NULL;
	type->out_of_line = true;
	return type;
}

/* PointerTo(T), PointerToIfNot(T, U), ValueOf(T). */
static struct type *
parse_apple_wrapper(struct parser *parser)
{
	bool value_of = parser_keyword(parser, "ValueOf");
	bool if_not = parser_keyword(parser, "PointerToIfNot");
	struct idl_pos pos = parser->token.pos;
	struct type *inner, *type;

	parser_advance(parser);
	if (!parser_expect_punct(parser, '('))
		return NULL;
	inner = parse_type_spec(parser);
	if (inner == NULL)
		return NULL;
	if (if_not && (!parser_expect_punct(parser, ',') ||
		       parse_type_spec(parser) == NULL))
		return NULL;
	if (!parser_expect_punct(parser, ')'))
		return NULL;
	if (value_of)
		return inner;
	type = type_new(TYPE_ARRAY, pos);
	type->array_kind = ARRAY_UNBOUNDED;
	type->element = inner;
	if (!parse_element_size(parser, inner, pos, &type->size))
		return NULL;
	type->ctype_pointer = true;
	return type;
}

static struct type *
parse_named_type(struct parser *parser)
{
	struct type *type;

	if (type_symbol_lookup(parser->token.text) != NULL)
		return parse_ipc_type(parser, false);
	type = type_lookup(parser->token.text);
	if (type == NULL) {
		/* Said once: later uses find the broken type. */
		diag_error(parser->token.pos, "type '%s' is not defined",
			   parser->token.text);
		type_define_broken(parser->token.text, parser->token.pos);
		parser->failed = true;
		return NULL;
	}
	if (type->broken) {
		parser->failed = true; /* its error was reported */
		return NULL;
	}
	parser_advance(parser);
	return type;
}

static bool
parse_keyword_then(struct parser *parser, const char *word, char next)
{
	return parser_keyword(parser, word) &&
	       parser->ahead.kind == TOK_PUNCT && parser->ahead.text[0] == next;
}

static struct type *
parse_type_form(struct parser *parser)
{
	if (parser_punct(parser, '^'))
		return parse_out_of_line(parser);
	if (parser_punct(parser, '(')) {
		struct type *type;

		parser_advance(parser);
		type = parse_ipc_type(parser, true);
		if (type == NULL || !parser_expect_punct(parser, ')'))
			return NULL;
		return type;
	}
	if (parser->token.kind == TOK_NUMBER)
		return parse_ipc_type(parser, false);
	if (parser->token.kind != TOK_IDENT) {
		parser_syntax_error(parser, "a type");
		return NULL;
	}
	if (parse_keyword_then(parser, "array", '['))
		return parse_array(parser, false);
	if (parse_keyword_then(parser, "struct", '['))
		return parse_array(parser, true);
	if (parse_keyword_then(parser, "struct", '{'))
		return parse_struct_body(parser);
	if (parse_keyword_then(parser, "c_string", '['))
		return parse_c_string(parser);
	if (parse_keyword_then(parser, "PointerTo", '(') ||
	    parse_keyword_then(parser, "PointerToIfNot", '(') ||
	    parse_keyword_then(parser, "ValueOf", '('))
		return parse_apple_wrapper(parser);
	return parse_named_type(parser);
}

/* A type specification, one level deeper (parser_nest). */
struct type *
parse_type_spec(struct parser *parser)
{
	struct type *type;

	if (!parser_nest(parser))
		return NULL;
	type = parse_type_form(parser);
	parser_unnest(parser);
	return type;
}

/* Give a type specification its name: a copy if it had one already. */
static struct type *
parse_name_type(struct type *spec, const char *name, struct idl_pos pos)
{
	if (spec->name != NULL || spec->kind == TYPE_PORT)
		return type_copy_named(spec, name, pos);
	spec->name = name;
	spec->ctype = name;
	spec->pos = pos;
	return spec;
}

static const char *const parse_option_words[] = {
    "ctype",	  "cusertype",	   "cservertype",   "intran",	   "outtran",
    "destructor", "intranpayload", "UserTypeLimit", "OnStackLimit"};

static bool
parse_is_option(const struct parser *parser)
{
	size_t i;

	for (i = 0; i < sizeof(parse_option_words) / sizeof(char *); i++)
		if (parser_keyword(parser, parse_option_words[i]) &&
		    parser->ahead.kind == TOK_PUNCT &&
		    parser->ahead.text[0] == ':')
			return true;
	return false;
}

/* A C type name: words and stars, as in `unsigned int *`. */
static const char *
parse_c_type(struct parser *parser)
{
	struct diag_text text = {0};

	while ((parser->token.kind == TOK_IDENT && !parse_is_option(parser)) ||
	       parser_punct(parser, '*')) {
		if (text.length > 0 && !parser_punct(parser, '*'))
			diag_text_append(&text, " ");
		diag_text_append(&text, parser->token.text);
		parser_advance(parser);
		if (parser_punct(parser, '(') || parser_punct(parser, ';'))
			break;
	}
	if (text.text == NULL)
		parser_syntax_error(parser, "a C type");
	return text.text;
}

/*
 * intran: RESULT FUNC(ARG), outtran: RESULT FUNC(ARG),
 * destructor: FUNC(ARG).  FUNC is the last word before '('.
 */
struct parse_translation {
	const char *result, *func, *arg;
};

static bool
parse_translation(struct parser *parser, struct parse_translation *t,
		  bool has_result)
{
	const char *words = parse_c_type(parser);
	char *space;

	if (words == NULL || !parser_expect_punct(parser, '('))
		return false;
	t->arg = parse_c_type(parser);
	if (t->arg == NULL || !parser_expect_punct(parser, ')'))
		return false;
	space = strrchr(words, ' ');
	if (!has_result) {
		t->func = words;
		return true;
	}
	if (space == NULL) {
		diag_error(parser->token.pos, "expected TYPE FUNCTION(TYPE)");
		parser->failed = true;
		return false;
	}
	t->func = space + 1;
	t->result = diag_strndup(words, (size_t)(space - words));
	return true;
}

/* One option, its keyword and colon already read. */
static bool
parse_type_option(struct parser *parser, struct type *type, const char *word)
{
	struct parse_translation t = {0};

	if (diag_equal_nocase(word, "ctype"))
		return (type->ctype = parse_c_type(parser)) != NULL;
	if (diag_equal_nocase(word, "cusertype"))
		return (type->cusertype = parse_c_type(parser)) != NULL;
	if (diag_equal_nocase(word, "cservertype"))
		return (type->cservertype = parse_c_type(parser)) != NULL;
	if (diag_equal_nocase(word, "intran")) {
		if (!parse_translation(parser, &t, true))
			return false;
		type->intran_type = t.result;
		type->intran_func = t.func;
		return true;
	}
	if (diag_equal_nocase(word, "outtran")) {
		if (!parse_translation(parser, &t, true))
			return false;
		type->outtran_type = t.arg;
		type->outtran_func = t.func;
		return true;
	}
	if (diag_equal_nocase(word, "destructor")) {
		if (!parse_translation(parser, &t, false))
			return false;
		type->destructor_func = t.func;
		return true;
	}
	/* intranpayload, UserTypeLimit, OnStackLimit: parsed, ignored. */
	while (parser->token.kind == TOK_IDENT ||
	       parser->token.kind == TOK_NUMBER) {
		if (parse_is_option(parser))
			break;
		parser_advance(parser);
	}
	return true;
}

void
parse_type_options(struct parser *parser, struct type *type)
{
	while (parse_is_option(parser)) {
		const char *word = parser->token.text;

		parser_advance(parser); /* the keyword */
		parser_advance(parser); /* the colon */
		if (!parse_type_option(parser, type, word))
			return;
	}
}

/* NAME = SPEC: a type named in passing (in an argument). */
struct type *
parse_named_type_spec(struct parser *parser)
{
	struct idl_pos pos = parser->token.pos;
	const char *name = parser->token.text;
	struct type *spec, *type;

	parser_advance(parser); /* the name */
	parser_advance(parser); /* = */
	spec = parse_type_spec(parser);
	if (spec == NULL) {
		type_define_broken(name, pos);
		return NULL;
	}
	type = parse_name_type(spec, name, pos);
	parse_type_options(parser, type);
	if (type_lookup(name) == NULL)
		type_define(type);
	return type;
}

void
parse_type_statement(struct parser *parser)
{
	struct idl_pos pos;
	const char *name;
	struct type *spec, *type;

	parser_advance(parser);
	pos = parser->token.pos;
	name = parser_expect_ident(parser, "a type name");
	if (name == NULL)
		return;
	spec =
	    parser_expect_punct(parser, '=') ? parse_type_spec(parser) : NULL;
	if (spec != NULL) {
		type = parse_name_type(spec, name, pos);
		parse_type_options(parser, type);
		if (!parser->failed) {
			type_define(type);
			return;
		}
	}
	type_define_broken(name, pos);
}
