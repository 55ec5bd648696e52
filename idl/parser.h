/*
 * Private interface between the two halves of the parser: parser.c
 * (statements, routines, arguments) and parse_type.c (type
 * specifications, type options, integer expressions).
 *
 * The parser keeps the current token and one token of lookahead.  On a
 * syntax error it reports once and skips to the next `;` at nesting
 * depth 0 or to the next line that starts a statement
 * (parser_recover()), so one bad statement does not hide the rest of
 * the file; every error path consumes at least one token, which keeps
 * the parser from looping on any input.
 *
 * One fault, one error: an error that makes a statement fail stops it
 * (parser->failed, later errors of the statement are not reported); a
 * type statement that fails, or a type used but never defined, leaves
 * its name defined as a broken type (type_define_broken()), whose uses
 * fail without a second error.
 */
#ifndef IDL_PARSER_H
#define IDL_PARSER_H

#include "idl.h"

struct parser {
	struct lexer *lexer;
	struct lexer_token token; /* current */
	struct lexer_token ahead; /* next */
	struct idl_pos last;	  /* the token before the current one */
	bool failed;		  /* this statement had an error */
	int depth;		  /* ( and { open in this statement */
	int nesting;		  /* type specs and sums being read */
	bool said_before_subsystem;
};

/*
 * The parser reads nested type specifications and parenthesised sums by
 * recursion; deeper than this is refused, so that the C stack cannot run
 * out (about 250 bytes a level here, 1 KB under ASan).  No real .defs
 * comes near it.
 */
#define PARSER_MAX_NESTING 1000

void parser_advance(struct parser *parser);
bool parser_keyword(const struct parser *parser, const char *word);
bool parser_punct(const struct parser *parser, char c);
bool parser_expect_punct(struct parser *parser, char c);
const char *parser_expect_ident(struct parser *parser, const char *what);
void parser_syntax_error(struct parser *parser, const char *expected);
bool parser_at_statement(const struct parser *parser);
bool parser_nest(struct parser *parser);
void parser_unnest(struct parser *parser);

/* parse_type.c */
struct type *parse_type_spec(struct parser *parser);
struct type *parse_named_type_spec(struct parser *parser);
void parse_type_options(struct parser *parser, struct type *type);
bool parse_int_expression(struct parser *parser, long *value);
void parse_type_statement(struct parser *parser);

#endif /* IDL_PARSER_H */
