/*
 * Private interface of the code generators (gen_message.c, gen_header.c,
 * gen_user.c, gen_server.c).
 *
 * A message is described by two lists built from the routine's
 * arguments: its descriptors and its inline fields.  An inline field is
 * the data of an argument, the count of an array, or the variable-size
 * data of an array; each has a static place in the message's C struct,
 * where every array takes its maximum size.  On the wire the message is
 * packed: a variable-size field takes only round4(count * element) bytes
 * and what follows moves down.  The sender fills the struct and packs
 * it (gen_message_pack); the receiver checks the packed message and
 * moves the fields back to their static places (gen_message_check), so
 * that the rest of both stubs uses plain struct fields.
 */
#ifndef IDL_GEN_H
#define IDL_GEN_H

#include "idl.h"

enum gen_field_kind {
	FIELD_DATA,    /* fixed-size inline data */
	FIELD_COUNT,   /* mach_msg_type_number_t <name>Cnt */
	FIELD_VARIABLE /* count-dependent data (WIRE_VARIABLE/DYNAMIC) */
};

struct gen_field {
	const struct arg *arg;
	enum gen_field_kind kind;
	const char *name; /* the struct member */
	unsigned bytes;	  /* size in the struct (a multiple of 4) */
	unsigned element; /* FIELD_VARIABLE: bytes per element */
	unsigned bound;	  /* FIELD_VARIABLE: elements at most */
};

#define GEN_MAX_FIELDS 512

struct gen_message {
	const struct routine *routine;
	bool reply;
	const char *type_name; /* the C struct's typedef name */
	const struct arg *descriptors[GEN_MAX_FIELDS];
	int descriptor_count; /* arguments with descriptors */
	unsigned slots;	      /* descriptors: a port array has several */
	unsigned ports;	      /* port descriptors among them */
	struct gen_field fields[GEN_MAX_FIELDS];
	int field_count;
	bool complex;
	int first_variable; /* index of the first FIELD_VARIABLE, or -1 */
	unsigned size;	    /* the struct's size: the largest message */
	unsigned min_size;  /* all variable fields empty */
};

/* gen_message.c */
void gen_message_build(struct gen_message *message,
		       const struct routine *routine, bool reply);
void gen_message_struct(FILE *out, const struct gen_message *message);
void gen_message_pack(FILE *out, const struct gen_message *message,
		      const char *pointer);
void gen_message_check(FILE *out, const struct gen_message *message,
		       const char *pointer, const char *fail);
void gen_message_unpack(FILE *out, const struct gen_message *message,
			const char *pointer, const char *fail);
unsigned gen_port_slots(const struct arg *arg);
const char *gen_port_element_ctype(const struct type *type);
void gen_message_trailer(FILE *out, const struct routine *routine,
			 const char *pointer, bool reply, const char *fail);
unsigned gen_trailer_elements(const struct routine *routine, bool reply);
unsigned gen_dynamic_bound(const struct type *type);

/* gen_header.c */
void gen_banner(FILE *out);
void gen_includes(FILE *out, enum import_kind side);
void gen_all_structs(FILE *out);
void gen_params(FILE *out, const struct routine *routine, bool server);
const char *gen_user_name(const struct routine *routine);
const char *gen_server_name(const struct routine *routine);
const char *gen_struct_name(const struct routine *routine, bool reply);
const char *gen_demux_name(void);
void gen_server_prototypes(FILE *out);
bool gen_arg_on_side(const struct arg *arg, bool server);
bool gen_arg_has_count(const struct arg *arg);
bool gen_arg_is_poly(const struct arg *arg, bool server);
int gen_send_disposition(const struct type *type);
const char *gen_subr(const char *name);

#endif /* IDL_GEN_H */
