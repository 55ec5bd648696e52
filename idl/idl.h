/*
 * The IDL compiler's shared model: positions and diagnostics, tokens, the
 * type model, routines and their arguments, the subsystem, and the entry
 * points of each pass.
 *
 * The passes run in order: main.c runs the C preprocessor, lexer.c turns
 * its output into tokens (following the `# N "file"` markers so that
 * every token knows where it came from), parser.c and parse_type.c build
 * the subsystem, its types and its routines, routine.c checks each
 * routine and decides how each argument travels (its wire class), and
 * gen_*.c write the header, the user stubs and the server stubs.
 *
 * Invariant: nothing here ever aborts on bad input.  Every pass reports
 * through diag_error() (the lexer through the parser, in error tokens)
 * and goes on (or stops cleanly); main.c then exits with status 1
 * without writing any output file.  One fault gives one error: see
 * parser.h.
 */
#ifndef IDL_H
#define IDL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* diag.c: positions, errors, memory and string helpers. */
struct idl_pos {
	const char *file; /* interned; never freed */
	int line;
	int col;
};

void diag_error(struct idl_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void diag_warning(struct idl_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int diag_error_count(void);
void diag_set_quiet(bool quiet);
void diag_set_silent(bool silent);
void *diag_alloc(size_t size);
void diag_reset(void);
char *diag_strdup(const char *s);
char *diag_strndup(const char *s, size_t n);
char *diag_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *diag_intern_file(const char *name);

/* A string built piece by piece, in time and memory linear in its length. */
struct diag_text {
	char *text; /* NUL-terminated; NULL while empty */
	size_t length;
	size_t size;
};

void diag_text_append(struct diag_text *text, const char *piece);
bool diag_equal_nocase(const char *a, const char *b);

/* lexer.c: tokens of the preprocessed text. */
enum lexer_token_kind {
	TOK_EOF,
	TOK_IDENT,
	TOK_NUMBER,
	TOK_STRING,   /* "..." */
	TOK_FILENAME, /* <...>, only right after an import keyword */
	TOK_PUNCT,    /* one character: ; : , ( ) [ ] { } = ^ | * + - / < > ~ */
	TOK_ERROR     /* no token; text is the message, for the parser */
};

struct lexer_token {
	enum lexer_token_kind kind;
	char *text;	      /* identifier, string body, or the punctuation */
	unsigned long number; /* TOK_NUMBER */
	struct idl_pos pos;
};

struct lexer;
struct lexer *lexer_open(const char *text, size_t length, const char *file);
void lexer_close(struct lexer *lexer);
struct lexer_token lexer_next(struct lexer *lexer, bool want_filename);

/* The type model (type.c, parse_type.c). */
enum type_kind {
	TYPE_SCALAR, /* plain bytes: integers, booleans, port names */
	TYPE_PORT,   /* a right, carried by a port descriptor */
	TYPE_STRUCT, /* struct { ... } or struct[N] of T: inline fixed bytes */
	TYPE_ARRAY,  /* array[...] of T, possibly out-of-line (^) */
	TYPE_STRING  /* c_string[N], c_string[*:N], (MACH_MSG_TYPE_STRING, B) */
};

enum type_array_kind {
	ARRAY_FIXED,	/* [N] */
	ARRAY_BOUNDED,	/* [*:N] */
	ARRAY_UNBOUNDED /* [] or [*] */
};

#define TYPE_POLYMORPHIC (-1) /* disposition chosen at run time */

struct type {
	const char *name; /* NULL for an anonymous type */
	enum type_kind kind;
	unsigned
	    size; /* bytes of a scalar, a struct, or one string/array elem */
	int send_name; /* TYPE_PORT: MACH_MSG_TYPE_* the sender uses */
	int recv_name; /* TYPE_PORT: what the receiver finds */
	struct type *element;
	bool
	    ctype_pointer; /* ctype NULL: a pointer to element's (type_ctype) */
	enum type_array_kind array_kind;
	unsigned count; /* [N] or the bound of [*:N]; 0 when unbounded */
	bool out_of_line;
	const char *ctype;	 /* C type of the value */
	const char *cusertype;	 /* user side, if different */
	const char *cservertype; /* server side, if different */
	const char *intran_type, *intran_func;
	const char *outtran_type, *outtran_func;
	const char *destructor_func;
	struct idl_pos pos;
	bool broken;	   /* a failed definition: uses fail silently */
	struct type *next; /* in the table of named types */
};

/* Symbolic MACH_MSG_TYPE_* names: number, default size in bits, port? */
struct type_symbol {
	const char *name;
	int number;
	unsigned bits;
	bool is_port;
};

const struct type_symbol *type_symbol_lookup(const char *name);
void type_table_init(void);
struct type *type_lookup(const char *name);
void type_define(struct type *type);
void type_define_broken(const char *name, struct idl_pos pos);
struct type *type_new(enum type_kind kind, struct idl_pos pos);
struct type *type_copy_named(const struct type *base, const char *name,
			     struct idl_pos pos);
struct type *type_from_symbol(const struct type_symbol *user,
			      const struct type_symbol *server, unsigned bits,
			      struct idl_pos pos);
const char *type_ctype(const struct type *type);
const char *type_element_ctype(const struct type *type);
const char *type_user_ctype(const struct type *type);
const char *type_server_ctype(const struct type *type);
bool type_is_port_array(const struct type *type);
bool type_is_variable(const struct type *type);
int type_receive_disposition(int send_name);
const char *type_disposition_name(int number);

/* Routines and arguments (parser.c builds them, routine.c checks them). */
enum arg_kind {
	ARG_IN,
	ARG_OUT,
	ARG_INOUT,
	ARG_REQUESTPORT,
	ARG_REPLYPORT,
	ARG_SREPLYPORT,
	ARG_UREPLYPORT,
	ARG_WAITTIME,
	ARG_MSGOPTION,
	ARG_MSGSEQNO,
	ARG_SECTOKEN,	      /* server gets the sender's security token */
	ARG_AUDITTOKEN,	      /* server gets the sender's audit token */
	ARG_USERSECTOKEN,     /* user gets the server's security token */
	ARG_USERAUDITTOKEN,   /* user gets the server's audit token */
	ARG_USERIMPL,	      /* user-side parameter, not sent */
	ARG_SERVERIMPL,	      /* server-side parameter, not sent */
	ARG_KIND_DEFAULT = 99 /* no kind given: first is requestport, then in */
};

enum arg_flag {
	ARG_FLAG_DEALLOC = 1 << 0,
	ARG_FLAG_DEALLOC_VAR = 1 << 1, /* dealloc[]: chosen at run time */
	ARG_FLAG_NOTDEALLOC = 1 << 2,
	ARG_FLAG_SERVERCOPY = 1 << 3,
	ARG_FLAG_COUNTINOUT = 1 << 4,
	ARG_FLAG_RETCODE = 1 << 5,
	ARG_FLAG_SAMECOUNT = 1 << 6,
	ARG_FLAG_PHYSICALCOPY = 1 << 7,
	ARG_FLAG_OVERWRITE = 1 << 8,
	ARG_FLAG_AUTO = 1 << 9,
	ARG_FLAG_CONST = 1 << 10
};

/*
 * How an argument travels (routine.c decides; the generators follow).
 * Fields of a message, in order: descriptors of all arguments that have
 * one, then the inline parts of all arguments, each in argument order.
 */
enum arg_wire {
	WIRE_NONE,	 /* not in the message body */
	WIRE_INLINE,	 /* fixed-size inline bytes */
	WIRE_PORT,	 /* port descriptor */
	WIRE_VARIABLE,	 /* inline count, then up to `count` elements */
	WIRE_OOL,	 /* OOL descriptor, inline count if variable */
	WIRE_OOL_PORTS,	 /* OOL-ports descriptor, inline count if variable */
	WIRE_PORT_ARRAY, /* a port descriptor per element (array[N] or
			    [*:N] of a port, as Apple MIG), inline count
			    if [*:N]: unused ones carry MACH_PORT_NULL */
	WIRE_DYNAMIC	 /* OOL descriptor + count + inline data: inline
			   up to a bound, out-of-line above it */
};

/* Unbounded arrays (array[]) travel inline up to this many bytes. */
#define IDL_INLINE_MAX 2048

struct arg {
	const char *name;
	enum arg_kind kind;
	struct type *type;
	unsigned flags;
	struct idl_pos pos;
	enum arg_wire wire;
	bool in_request;       /* its value is in the request */
	bool in_reply;	       /* its value is in the reply */
	bool count_in_request; /* countinout: the out array's capacity */
	struct arg *next;
};

struct routine {
	const char *name;
	bool simple;
	int number; /* index in the subsystem: msgh_id = base + number */
	struct arg *args;
	struct arg *request_port, *reply_port, *waittime, *msgoption;
	bool request_complex, reply_complex;
	bool request_variable, reply_variable;
	struct idl_pos pos;
	struct routine *next;
};

/* A file named by import, uimport, simport, iimport or dimport. */
enum import_kind { IMPORT_BOTH, IMPORT_USER, IMPORT_SERVER };

struct import {
	enum import_kind kind;
	const char *text; /* <file.h> or "file.h", as written */
	struct import *next;
};

struct subsystem {
	const char *name;
	long base;	    /* 0 .. INT_MAX - next_number - 100 once parsed */
	struct idl_pos pos; /* of the subsystem statement */
	bool kernel_user, kernel_server;
	bool seen;	 /* a subsystem statement was read */
	int next_number; /* routines and skips so far */
	struct routine *routines, **routines_tail;
	struct import *imports, **imports_tail;
	const char *user_prefix, *server_prefix, *server_demux;
	const char *waittime; /* C expression; NULL when none */
	const char *msgoption;
	const char *rcsid;
	const char *error_proc;
	bool special_reply_port;
	int consume_on_send_error;
};

extern struct subsystem idl_subsystem;

/* parser.c, parse_type.c */
void parser_run(struct lexer *lexer);
bool parser_front_end(const char *text, size_t length, const char *file);

/* routine.c */
void routine_check(struct routine *routine);
void routine_check_all(void);
int routine_count_descriptors(const struct routine *routine, bool reply);

/* Output options (main.c) and the generators. */
struct gen_options {
	const char *defs_file;	 /* as given on the command line */
	const char *user_prefix; /* -prefix */
	const char *subr_prefix; /* -subrprefix */
	const char *header_name; /* the user header's file name */
	bool no_regs; /* -noregs: user stubs never use mach_msg_regs */
};

extern struct gen_options gen_options;

void gen_header(FILE *out);
void gen_server_header(FILE *out);
void gen_user(FILE *out);
void gen_server(FILE *out);

#endif /* IDL_H */
