/*
 * The type model: the table of named types and the rules that turn MIG's
 * IPC type names into sizes, ports and C types.
 *
 * Entry points: type_table_init() once (it defines the built-in types
 * int, short, char and polymorphic that GNU MIG predefines),
 * type_define()/type_lookup() for `type` statements,
 * type_define_broken() for a name whose definition failed, type_new(),
 * type_copy_named() and type_from_symbol() to build types, and the
 * type_*_ctype() queries the generators use.
 *
 * A `type X = Y` makes a copy of Y named X: the copy keeps Y's wire form
 * but not its C type (which becomes X unless a ctype: says otherwise) nor
 * its translations (intran, outtran, destructor), as in MIG.
 */
#include <stdlib.h>
#include <string.h>

#include "idl.h"

/* The numbers are those of <mach/message.h>. */
static const struct type_symbol type_symbols[] = {
    {"MACH_MSG_TYPE_UNSTRUCTURED", 0, 0, false},
    {"MACH_MSG_TYPE_BIT", 0, 1, false},
    {"MACH_MSG_TYPE_BOOLEAN", 0, 32, false},
    {"MACH_MSG_TYPE_INTEGER_16", 1, 16, false},
    {"MACH_MSG_TYPE_INTEGER_32", 2, 32, false},
    {"MACH_MSG_TYPE_CHAR", 8, 8, false},
    {"MACH_MSG_TYPE_BYTE", 9, 8, false},
    {"MACH_MSG_TYPE_INTEGER_8", 9, 8, false},
    {"MACH_MSG_TYPE_REAL", 10, 0, false},
    {"MACH_MSG_TYPE_REAL_32", 10, 32, false},
    {"MACH_MSG_TYPE_REAL_64", 10, 64, false},
    {"MACH_MSG_TYPE_INTEGER_64", 11, 64, false},
    {"MACH_MSG_TYPE_STRING", 12, 0, false},
    {"MACH_MSG_TYPE_STRING_C", 12, 0, false},
    {"MACH_MSG_TYPE_PORT_NAME", 15, 32, false},
    {"MACH_MSG_TYPE_MOVE_RECEIVE", 16, 32, true},
    {"MACH_MSG_TYPE_MOVE_SEND", 17, 32, true},
    {"MACH_MSG_TYPE_MOVE_SEND_ONCE", 18, 32, true},
    {"MACH_MSG_TYPE_COPY_SEND", 19, 32, true},
    {"MACH_MSG_TYPE_MAKE_SEND", 20, 32, true},
    {"MACH_MSG_TYPE_MAKE_SEND_ONCE", 21, 32, true},
    {"MACH_MSG_TYPE_COPY_RECEIVE", 22, 32, true},
    {"MACH_MSG_TYPE_PORT_RECEIVE", 16, 32, true},
    {"MACH_MSG_TYPE_PORT_SEND", 17, 32, true},
    {"MACH_MSG_TYPE_PORT_SEND_ONCE", 18, 32, true},
    {"MACH_MSG_TYPE_POLYMORPHIC", TYPE_POLYMORPHIC, 32, true},
    {"polymorphic", TYPE_POLYMORPHIC, 32, true},
};

#define TYPE_HASH_SIZE 256

static struct type *type_hash[TYPE_HASH_SIZE];

const struct type_symbol *
type_symbol_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(type_symbols) / sizeof(type_symbols[0]); i++) {
		if (i == sizeof(type_symbols) / sizeof(type_symbols[0]) - 1) {
			if (diag_equal_nocase(name, type_symbols[i].name))
				return &type_symbols[i];
		} else if (strcmp(name, type_symbols[i].name) == 0) {
			return &type_symbols[i];
		}
	}
	return NULL;
}

static unsigned
type_hash_name(const char *name)
{
	unsigned h = 5381;

	while (*name != '\0')
		h = h * 33 + (unsigned char)*name++;
	return h % TYPE_HASH_SIZE;
}

struct type *
type_lookup(const char *name)
{
	struct type *t;

	for (t = type_hash[type_hash_name(name)]; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

/*
 * A redefinition replaces the old one, as in MIG (with a warning, unless
 * the old one was broken or built in: xnu's std_types.defs defines
 * char, machine_types.defs int and short).
 */
void
type_define(struct type *type)
{
	unsigned h = type_hash_name(type->name);
	struct type **link;

	for (link = &type_hash[h]; *link != NULL; link = &(*link)->next) {
		if (strcmp((*link)->name, type->name) == 0) {
			if (!(*link)->broken && (*link)->pos.file != NULL)
				diag_warning(type->pos, "type '%s' redefined",
					     type->name);
			type->next = (*link)->next;
			*link = type;
			return;
		}
	}
	type->next = type_hash[h];
	type_hash[h] = type;
}

/*
 * Define NAME as broken, unless it has a definition: its definition
 * failed, or it was used undefined, and that error was reported.  A
 * later use of NAME fails without a second error (parse_named_type()).
 */
void
type_define_broken(const char *name, struct idl_pos pos)
{
	struct type *t;

	if (type_lookup(name) != NULL)
		return;
	t = type_new(TYPE_SCALAR, pos);
	t->name = name;
	t->ctype = name;
	t->size = 4;
	t->broken = true;
	type_define(t);
}

struct type *
type_new(enum type_kind kind, struct idl_pos pos)
{
	struct type *t = diag_alloc(sizeof(*t));

	t->kind = kind;
	t->pos = pos;
	return t;
}

struct type *
type_copy_named(const struct type *base, const char *name, struct idl_pos pos)
{
	struct type *t = type_new(base->kind, pos);

	*t = *base;
	t->name = name;
	t->pos = pos;
	t->next = NULL;
	t->ctype = name;
	t->cusertype = NULL;
	t->cservertype = NULL;
	t->intran_type = t->intran_func = NULL;
	t->outtran_type = t->outtran_func = NULL;
	t->destructor_func = NULL;
	return t;
}

int
type_receive_disposition(int send_name)
{
	switch (send_name) {
	case 16: /* MOVE_RECEIVE */
		return 16;
	case 17: /* MOVE_SEND */
	case 19: /* COPY_SEND */
	case 20: /* MAKE_SEND */
		return 17;
	case 18: /* MOVE_SEND_ONCE */
	case 21: /* MAKE_SEND_ONCE */
		return 18;
	default:
		return send_name;
	}
}

const char *
type_disposition_name(int number)
{
	static const char *names[] = {
	    "MACH_MSG_TYPE_MOVE_RECEIVE",   "MACH_MSG_TYPE_MOVE_SEND",
	    "MACH_MSG_TYPE_MOVE_SEND_ONCE", "MACH_MSG_TYPE_COPY_SEND",
	    "MACH_MSG_TYPE_MAKE_SEND",	    "MACH_MSG_TYPE_MAKE_SEND_ONCE",
	    "MACH_MSG_TYPE_COPY_RECEIVE"};

	if (number >= 16 && number <= 22)
		return names[number - 16];
	return "MACH_MSG_TYPE_PORT_NAME";
}

static const char *
type_scalar_ctype(const struct type_symbol *symbol, unsigned size)
{
	if (symbol->number == 15)
		return "mach_port_name_t";
	if (symbol->number == 8 && size == 1)
		return "char";
	if (symbol->number == 0 && size == 4)
		return "boolean_t";
	if (symbol->number == 10)
		return size == 8 ? "double" : "float";
	switch (size) {
	case 1:
		return "uint8_t";
	case 2:
		return "int16_t";
	case 4:
		return "int32_t";
	case 8:
		return "int64_t";
	}
	return NULL;
}

/*
 * The type an IPC type name (or `user | server` pair, or the long form
 * `(name, bits)`) stands for.  bits == 0 means the name's default size.
 */
struct type *
type_from_symbol(const struct type_symbol *user,
		 const struct type_symbol *server, unsigned bits,
		 struct idl_pos pos)
{
	struct type *t;

	if (user->is_port || (server != NULL && server->is_port)) {
		if (!user->is_port || (server != NULL && !server->is_port))
			diag_error(pos, "a port type and a data type cannot "
					"be combined with '|'");
		if (user->number == 22 ||
		    (server != NULL && server->number == 22))
			diag_error(pos, "MACH_MSG_TYPE_COPY_RECEIVE is never "
					"valid in a message");
		t = type_new(TYPE_PORT, pos);
		t->size = 4;
		t->send_name = user->number;
		t->recv_name = server != NULL
				   ? server->number
				   : type_receive_disposition(user->number);
		t->ctype = "mach_port_t";
		return t;
	}
	if (bits == 0)
		bits = user->bits;
	if (bits == 0 || bits % 8 != 0) {
		diag_error(pos,
			   "%s needs a size in bits that is a non-zero "
			   "multiple of 8, as in (%s, 32)",
			   user->name, user->name);
		bits = 8;
	}
	if (user->number == 12) {
		t = type_new(TYPE_STRING, pos);
		t->size = 1;
		t->count = bits / 8;
		t->array_kind = ARRAY_FIXED;
		t->ctype = "char *";
		return t;
	}
	t = type_new(TYPE_SCALAR, pos);
	t->size = bits / 8;
	t->ctype = type_scalar_ctype(user, t->size);
	if (t->ctype == NULL) {
		t->kind = TYPE_STRUCT; /* an odd-sized blob; needs a ctype */
		t->ctype = "uint8_t *";
	}
	return t;
}

static void
type_builtin(const char *name, const char *symbol)
{
	struct idl_pos pos = {NULL, 0, 0};
	struct type *t;

	t = type_from_symbol(type_symbol_lookup(symbol), NULL, 0, pos);
	t->name = name;
	t->ctype = name;
	type_define(t);
}

void
type_table_init(void)
{
	memset(type_hash, 0, sizeof(type_hash));
	type_builtin("int", "MACH_MSG_TYPE_INTEGER_32");
	type_builtin("short", "MACH_MSG_TYPE_INTEGER_16");
	type_builtin("char", "MACH_MSG_TYPE_CHAR");
}

/*
 * The C type of a value: its ctype, or for an anonymous array (which has
 * none, ctype_pointer) a pointer to its element's C type, "void *" when
 * the element has none.  Built here, when a generator asks, rather than
 * stored at each level: array[1] of array[1] of ... of int, n deep, would
 * hold strings of every length up to n, memory quadratic in its depth.
 * One walk down the anonymous levels, one string: linear.  NULL for an
 * anonymous struct, whose C type is the name a type statement gives it.
 */
const char *
type_ctype(const struct type *type)
{
	const struct type *level = type;
	const char *base;
	size_t stars = 0, length, i;
	char *text;

	if (type->ctype != NULL || !type->ctype_pointer)
		return type->ctype;
	for (;;) {
		const struct type *element = level->element;

		stars++;
		if (element->kind == TYPE_PORT) {
			base = "mach_port_t";
			break;
		}
		if (element->ctype != NULL || !element->ctype_pointer) {
			base = element->ctype != NULL ? element->ctype : "void";
			break;
		}
		level = element;
	}
	length = strlen(base);
	text = diag_alloc(length + 2 * stars + 1);
	memcpy(text, base, length);
	for (i = 0; i < stars; i++)
		memcpy(text + length + 2 * i, " *", 2);
	return text;
}

/* The C type of one element of an array, struct[N] or string. */
const char *
type_element_ctype(const struct type *type)
{
	if (type->kind == TYPE_STRING)
		return "char";
	if (type->element == NULL)
		return type_ctype(type);
	if (type->element->kind == TYPE_PORT)
		return "mach_port_t";
	return type_ctype(type->element);
}

const char *
type_user_ctype(const struct type *type)
{
	return type->cusertype != NULL ? type->cusertype : type_ctype(type);
}

const char *
type_server_ctype(const struct type *type)
{
	if (type->intran_type != NULL)
		return type->intran_type;
	if (type->outtran_type != NULL)
		return type->outtran_type;
	if (type->cservertype != NULL)
		return type->cservertype;
	return type_ctype(type);
}

bool
type_is_port_array(const struct type *type)
{
	return type->kind == TYPE_ARRAY && type->element != NULL &&
	       type->element->kind == TYPE_PORT;
}

bool
type_is_variable(const struct type *type)
{
	return (type->kind == TYPE_ARRAY || type->kind == TYPE_STRING) &&
	       type->array_kind != ARRAY_FIXED;
}
