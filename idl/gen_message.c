/*
 * Message layout: the C struct of each request and reply, and the code
 * that packs a message for sending and checks and unpacks one received.
 *
 * Entry points: gen_message_build() describes a routine's request or
 * reply (descriptors and inline fields, see gen.h); gen_message_struct()
 * writes its typedef; gen_message_pack() writes the sender's packing
 * and msgh_size; gen_message_check() writes the receiver's checks of
 * size, complex bit, descriptors, counts and bounds, and
 * gen_message_unpack() moves the packed fields back to their struct
 * places and checks what needs them there (out-of-line sizes and
 * addresses, string termination); gen_message_trailer() copies the receive trailer out
 * before unpacking would overwrite it.
 *
 * Layout rules (docs/idl.md): every field is 4-byte aligned and padded
 * to a multiple of 4 bytes; structs are packed to 4 (#pragma pack), so
 * an 8-byte scalar may sit at an offset that is 4 mod 8; an array's
 * count comes right before its data; descriptors come first, in
 * argument order, then the reply's RetCode, then inline data in
 * argument order.  Each struct is followed by a static assertion of its
 * size, so a C type whose size differs from the .defs is a compile
 * error rather than a silently wrong message.
 */
#include <string.h>

#include "gen.h"

#define GEN_ROUND4(n) (((n) + 3u) & ~3u)

unsigned
gen_dynamic_bound(const struct type *type)
{
	unsigned bound = IDL_INLINE_MAX / (type->size ? type->size : 1);

	return bound ? bound : 1;
}

static unsigned
gen_inline_bytes(const struct type *type)
{
	if (type->kind == TYPE_ARRAY || type->kind == TYPE_STRING)
		return type->count * type->size;
	return type->size;
}

/* How many descriptors an argument has: a port array one per element. */
unsigned
gen_port_slots(const struct arg *arg)
{
	return arg->wire == WIRE_PORT_ARRAY ? arg->type->count : 1;
}

/* The C type of one port of a port array: its own name, if it has one. */
const char *
gen_port_element_ctype(const struct type *type)
{
	const char *ctype = type_ctype(type->element);

	return ctype != NULL ? ctype : "mach_port_t";
}

static bool
gen_is_port_descriptor(const struct arg *arg)
{
	return arg->wire == WIRE_PORT || arg->wire == WIRE_PORT_ARRAY;
}

static void
gen_add_field(struct gen_message *m, const struct arg *arg,
	      enum gen_field_kind kind, const char *name, unsigned bytes)
{
	struct gen_field *f;

	if (m->field_count >= GEN_MAX_FIELDS) {
		diag_error(arg->pos, "too many arguments in routine %s",
			   m->routine->name);
		return;
	}
	f = &m->fields[m->field_count++];
	f->arg = arg;
	f->kind = kind;
	f->name = name;
	f->bytes = GEN_ROUND4(bytes);
	m->size += f->bytes;
	if (kind == FIELD_VARIABLE && m->first_variable < 0)
		m->first_variable = m->field_count - 1;
}

static void
gen_add_variable(struct gen_message *m, const struct arg *arg, unsigned bound)
{
	struct gen_field *f;

	gen_add_field(m, arg, FIELD_COUNT, diag_format("%sCnt", arg->name), 4);
	gen_add_field(m, arg, FIELD_VARIABLE,
		      arg->wire == WIRE_DYNAMIC
			  ? diag_format("%sInline", arg->name)
			  : arg->name,
		      bound * arg->type->size);
	f = &m->fields[m->field_count - 1];
	f->element = arg->type->size;
	f->bound = bound;
	m->min_size -= f->bytes;
}

static void
gen_add_arg(struct gen_message *m, const struct arg *arg)
{
	switch (arg->wire) {
	case WIRE_INLINE:
		gen_add_field(m, arg, FIELD_DATA, arg->name,
			      gen_inline_bytes(arg->type));
		break;
	case WIRE_VARIABLE:
		gen_add_variable(m, arg, arg->type->count);
		break;
	case WIRE_DYNAMIC:
		gen_add_variable(m, arg, gen_dynamic_bound(arg->type));
		break;
	case WIRE_OOL:
	case WIRE_OOL_PORTS:
	case WIRE_PORT_ARRAY:
		if (type_is_variable(arg->type))
			gen_add_field(m, arg, FIELD_COUNT,
				      diag_format("%sCnt", arg->name), 4);
		break;
	default:
		break;
	}
}

void
gen_message_build(struct gen_message *m, const struct routine *routine,
		  bool reply)
{
	const struct arg *arg;

	memset(m, 0, sizeof(*m));
	m->routine = routine;
	m->reply = reply;
	m->type_name = gen_struct_name(routine, reply);
	m->first_variable = -1;
	m->size = 24;
	for (arg = routine->args; arg != NULL; arg = arg->next) {
		bool here = reply ? arg->in_reply : arg->in_request;

		if (here && arg->wire != WIRE_INLINE &&
		    arg->wire != WIRE_VARIABLE && arg->wire != WIRE_NONE &&
		    m->descriptor_count < GEN_MAX_FIELDS) {
			m->descriptors[m->descriptor_count++] = arg;
			m->slots += gen_port_slots(arg);
			if (gen_is_port_descriptor(arg))
				m->ports += gen_port_slots(arg);
			m->size += gen_port_slots(arg) *
				   (gen_is_port_descriptor(arg) ? 12 : 16);
		}
	}
	m->complex = m->descriptor_count > 0;
	if (m->complex)
		m->size += 4;
	if (reply)
		m->size += 4; /* RetCode */
	m->min_size = 0;
	for (arg = routine->args; arg != NULL; arg = arg->next) {
		if (reply ? arg->in_reply : arg->in_request)
			gen_add_arg(m, arg);
		else if (!reply && arg->count_in_request)
			gen_add_field(m, arg, FIELD_COUNT,
				      diag_format("%sCnt", arg->name), 4);
	}
	m->min_size += m->size;
}

static const char *
gen_field_element_ctype(const struct type *type)
{
	const char *ctype = type_element_ctype(type);

	if (ctype == NULL || strchr(ctype, '*') != NULL)
		return "uint8_t";
	return ctype;
}

static void
gen_field_decl(FILE *out, const struct gen_field *f)
{
	const struct type *t = f->arg->type;
	unsigned used;

	if (f->kind == FIELD_COUNT) {
		fprintf(out, "\tmach_msg_type_number_t %s;\n", f->name);
		return;
	}
	if (f->kind == FIELD_DATA &&
	    (t->kind == TYPE_SCALAR || (t->kind == TYPE_STRUCT && t->name))) {
		fprintf(out, "\t%s %s;\n", type_ctype(t), f->name);
		used = t->size;
	} else {
		const char *element = gen_field_element_ctype(t);
		unsigned count =
		    f->kind == FIELD_VARIABLE ? f->bound : t->count;
		unsigned esize =
		    t->kind == TYPE_STRUCT ? t->size / t->count : t->size;

		if (strcmp(element, "uint8_t") == 0 && esize != 1) {
			count *= esize;
			esize = 1;
		}
		fprintf(out, "\t%s %s[%u];\n", element, f->name, count);
		used = count * esize;
	}
	if (used % 4 != 0)
		fprintf(out, "\tchar %sPad[%u];\n", f->name, 4 - used % 4);
}

static const char *
gen_descriptor_ctype(const struct arg *arg)
{
	switch (arg->wire) {
	case WIRE_PORT:
	case WIRE_PORT_ARRAY:
		return "mach_msg_port_descriptor_t";
	case WIRE_OOL_PORTS:
		return "mach_msg_ool_ports_descriptor_t";
	default:
		return "mach_msg_ool_descriptor_t";
	}
}

/*
 * The size check of a message struct.  Inside the kernel (MACH_KERNEL)
 * messages are in kernel form, where a port is a pointer: the header is
 * 8 bytes longer and each port descriptor 4 (mach/ipc/ipc_kmsg.h).
 */
static void
gen_message_size_assert(FILE *out, const struct gen_message *m)
{
	fprintf(out,
		"#ifdef MACH_KERNEL\n"
		"_Static_assert(sizeof(%s) == %u, \"%s: a C type's size "
		"differs from its .defs size\");\n"
		"#else\n"
		"_Static_assert(sizeof(%s) == %u, \"%s: a C type's size "
		"differs from its .defs size\");\n"
		"#endif\n\n",
		m->type_name, m->size + 8 + 4 * m->ports, m->type_name,
		m->type_name, m->size, m->type_name);
}

void
gen_message_struct(FILE *out, const struct gen_message *m)
{
	int i;

	fprintf(out, "typedef struct {\n\tmach_msg_header_t Head;\n");
	if (m->complex)
		fprintf(out, "\tmach_msg_body_t msgh_body;\n");
	for (i = 0; i < m->descriptor_count; i++) {
		const struct arg *arg = m->descriptors[i];

		fprintf(out, "\t%s %s", gen_descriptor_ctype(arg), arg->name);
		if (arg->wire == WIRE_PORT_ARRAY)
			fprintf(out, "[%u]", gen_port_slots(arg));
		fprintf(out, ";\n");
	}
	if (m->reply)
		fprintf(out, "\tkern_return_t RetCode;\n");
	for (i = 0; i < m->field_count; i++)
		gen_field_decl(out, &m->fields[i]);
	fprintf(out, "} %s;\n", m->type_name);
	gen_message_size_assert(out, m);
}

/* The packed length of a variable field, from its count in place. */
static void
gen_variable_length(FILE *out, const struct gen_field *f, const char *p,
		    const char *count)
{
	if (f->arg->wire == WIRE_DYNAMIC)
		fprintf(out, "(%s->%s.size == 0 ? MIG_ROUND4(%s * %u) : 0)", p,
			f->arg->name, count, f->element);
	else
		fprintf(out, "MIG_ROUND4(%s * %u)", count, f->element);
}

void
gen_message_pack(FILE *out, const struct gen_message *m, const char *p)
{
	int i;

	if (m->first_variable < 0) {
		fprintf(out,
			"\t%s->Head.msgh_size = (mach_msg_size_t)sizeof(%s);\n",
			p, m->type_name);
		return;
	}
	fprintf(out,
		"\t{\n\t\t/* pack: variable data takes only its length */\n");
	for (i = m->first_variable; i < m->field_count; i++) {
		const struct gen_field *f = &m->fields[i];
		char *count;

		if (f->kind != FIELD_VARIABLE)
			continue;
		count = diag_format("%s->%sCnt", p, f->arg->name);
		fprintf(out, "\t\tmach_msg_size_t mig_len_%s = ", f->name);
		gen_variable_length(out, f, p, count);
		fprintf(out, ";\n");
	}
	fprintf(out,
		"\t\tmach_msg_size_t mig_pos = offsetof(%s, %s) + "
		"mig_len_%s;\n\n",
		m->type_name, m->fields[m->first_variable].name,
		m->fields[m->first_variable].name);
	for (i = m->first_variable + 1; i < m->field_count; i++) {
		const struct gen_field *f = &m->fields[i];
		char *len = f->kind == FIELD_VARIABLE
				? diag_format("mig_len_%s", f->name)
				: diag_format("%u", f->bytes);

		fprintf(out,
			"\t\tmemmove((char *)%s + mig_pos, (char *)%s + "
			"offsetof(%s, %s), %s);\n\t\tmig_pos += %s;\n",
			p, p, m->type_name, f->name, len, len);
	}
	fprintf(out, "\t\t%s->Head.msgh_size = mig_pos;\n\t}\n", p);
}

/*
 * Each descriptor of a port array: a port, all with the received
 * disposition (polymorphic: all the same one).  Unused ones (past the
 * count of a [*:N]) too: MACH_PORT_NULL still has one.
 */
static void
gen_check_port_array(FILE *out, const struct arg *arg, const char *p,
		     const char *fail)
{
	int received = arg->type->element->recv_name;

	fprintf(out,
		"\tfor (mach_msg_type_number_t mig_i = 0; mig_i < %u; "
		"mig_i++)\n"
		"\t\tif (%s->%s[mig_i].type != MACH_MSG_PORT_DESCRIPTOR ||\n"
		"\t\t    %s->%s[mig_i].disposition != ",
		gen_port_slots(arg), p, arg->name, p, arg->name);
	if (received == TYPE_POLYMORPHIC)
		fprintf(out, "%s->%s[0].disposition", p, arg->name);
	else
		fprintf(out, "%s", type_disposition_name(received));
	fprintf(out, ")\n\t\t\t%s\n", fail);
}

static void
gen_check_descriptor(FILE *out, const struct arg *arg, const char *p,
		     const char *fail)
{
	const struct type *t = arg->type;

	switch (arg->wire) {
	case WIRE_PORT_ARRAY:
		gen_check_port_array(out, arg, p, fail);
		return;
	case WIRE_PORT:
		fprintf(out, "\tif (%s->%s.type != MACH_MSG_PORT_DESCRIPTOR", p,
			arg->name);
		if (t->recv_name != TYPE_POLYMORPHIC)
			fprintf(out, " ||\n\t    %s->%s.disposition != %s", p,
				arg->name, type_disposition_name(t->recv_name));
		break;
	case WIRE_OOL_PORTS:
		fprintf(out,
			"\tif (%s->%s.type != MACH_MSG_OOL_PORTS_DESCRIPTOR", p,
			arg->name);
		if (t->element->recv_name != TYPE_POLYMORPHIC)
			fprintf(out, " ||\n\t    %s->%s.disposition != %s", p,
				arg->name,
				type_disposition_name(t->element->recv_name));
		break;
	default:
		fprintf(out,
			"\tif (%s->%s.type != MACH_MSG_OOL_DESCRIPTOR &&\n"
			"\t    %s->%s.type != MACH_MSG_OOL_VOLATILE_DESCRIPTOR",
			p, arg->name, p, arg->name);
		break;
	}
	fprintf(out, ")\n\t\t%s\n", fail);
}

static void
gen_check_header(FILE *out, const struct gen_message *m, const char *p,
		 const char *fail)
{
	int i;

	if (m->first_variable < 0)
		fprintf(out,
			"\tif (%s->Head.msgh_size != sizeof(%s))\n\t\t%s\n", p,
			m->type_name, fail);
	else
		fprintf(out,
			"\tif (%s->Head.msgh_size < %u ||\n"
			"\t    %s->Head.msgh_size > sizeof(%s))\n\t\t%s\n",
			p, m->min_size, p, m->type_name, fail);
	if (!m->complex) {
		fprintf(out,
			"\tif (%s->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)\n"
			"\t\t%s\n",
			p, fail);
		return;
	}
	fprintf(out,
		"\tif (!(%s->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||\n"
		"\t    %s->msgh_body.msgh_descriptor_count != %u)\n\t\t%s\n",
		p, p, m->slots, fail);
	for (i = 0; i < m->descriptor_count; i++)
		gen_check_descriptor(out, m->descriptors[i], p, fail);
}

/* The count of variable field i: in place, or read from its packed spot. */
static const char *
gen_walk_count(FILE *out, const struct gen_message *m, int i, const char *p,
	       const char *fail)
{
	const struct gen_field *count = &m->fields[i - 1];

	if (i - 1 <= m->first_variable)
		return diag_format("%s->%s", p, count->name);
	fprintf(out, "\tif (mig_pos_%s + 4 > %s->Head.msgh_size)\n\t\t%s\n",
		count->name, p, fail);
	fprintf(out, "\tmemcpy(&mig_count, (char *)%s + mig_pos_%s, 4);\n", p,
		count->name);
	return "mig_count";
}

static void
gen_walk_variable(FILE *out, const struct gen_message *m, int i, const char *p,
		  const char *fail)
{
	const struct gen_field *f = &m->fields[i];
	const char *count = gen_walk_count(out, m, i, p, fail);

	if (i > m->first_variable)
		fprintf(out, "\tmig_pos_%s = mig_pos;\n", f->name);
	if (f->arg->wire == WIRE_DYNAMIC) {
		fprintf(out,
			"\tif (%s->%s.size == 0 ? %s > %u :\n"
			"\t    (uint64_t)%s * %u != %s->%s.size)\n\t\t%s\n",
			p, f->arg->name, count, f->bound, count, f->element, p,
			f->arg->name, fail);
	} else {
		fprintf(out, "\tif (%s > %u)\n\t\t%s\n", count, f->bound, fail);
	}
	fprintf(out, "\tmig_len_%s = ", f->name);
	gen_variable_length(out, f, p, count);
	fprintf(out, ";\n\tmig_pos += mig_len_%s;\n", f->name);
}

static void
gen_walk_declare(FILE *out, const struct gen_message *m)
{
	int i;

	fprintf(out, "\tmach_msg_size_t mig_pos, mig_count;\n");
	for (i = m->first_variable; i < m->field_count; i++) {
		if (i > m->first_variable)
			fprintf(out, "\tmach_msg_size_t mig_pos_%s;\n",
				m->fields[i].name);
		if (m->fields[i].kind == FIELD_VARIABLE)
			fprintf(out, "\tmach_msg_size_t mig_len_%s;\n",
				m->fields[i].name);
	}
}

void
gen_message_check(FILE *out, const struct gen_message *m, const char *p,
		  const char *fail)
{
	int i;

	gen_check_header(out, m, p, fail);
	if (m->first_variable < 0)
		return;
	gen_walk_declare(out, m);
	fprintf(out, "\n\t/* walk the packed fields, checking each count */\n");
	fprintf(out, "\tmig_pos = offsetof(%s, %s);\n", m->type_name,
		m->fields[m->first_variable].name);
	fprintf(out, "\t(void)mig_count;\n");
	for (i = m->first_variable; i < m->field_count; i++) {
		const struct gen_field *f = &m->fields[i];

		if (f->kind == FIELD_VARIABLE) {
			gen_walk_variable(out, m, i, p, fail);
			continue;
		}
		fprintf(out, "\tmig_pos_%s = mig_pos;\n\tmig_pos += %u;\n",
			f->name, f->bytes);
	}
	fprintf(out, "\tif (mig_pos != %s->Head.msgh_size)\n\t\t%s\n", p, fail);
}

static void
gen_check_in_place(FILE *out, const struct gen_field *f, const char *p,
		   const char *fail)
{
	const struct type *t = f->arg->type;
	const char *element_bytes = diag_format("%u", t->size);

	if (f->kind == FIELD_DATA && t->kind == TYPE_STRING)
		fprintf(out,
			"\tif (memchr(%s->%s, '\\0', %u) == NULL)\n\t\t%s\n", p,
			f->name, t->count, fail);
	if (f->kind == FIELD_VARIABLE && t->kind == TYPE_STRING)
		fprintf(out,
			"\tif (%s->%sCnt == 0 || %s->%s[%s->%sCnt - 1] != "
			"'\\0')\n\t\t%s\n",
			p, f->name, p, f->name, p, f->name, fail);
	if (f->kind != FIELD_COUNT || f->arg->wire == WIRE_VARIABLE ||
	    f->arg->wire == WIRE_DYNAMIC || f->arg->count_in_request)
		return;
	/* The count of a descriptor array: check the descriptor. */
	if (t->array_kind == ARRAY_BOUNDED)
		fprintf(out, "\tif (%s->%s > %u)\n\t\t%s\n", p, f->name,
			t->count, fail);
	if (f->arg->wire == WIRE_PORT_ARRAY)
		return; /* a descriptor per element, whatever the count */
	if (f->arg->wire == WIRE_OOL)
		fprintf(out,
			"\tif (%s->%s.size != (uint64_t)%s->%s * %s)\n\t\t%s\n",
			p, f->arg->name, p, f->name, element_bytes, fail);
	else
		fprintf(out, "\tif (%s->%s.count != %s->%s)\n\t\t%s\n", p,
			f->arg->name, p, f->name, fail);
}

/*
 * The descriptors of fixed-size regions (^array[N], ^struct): exactly
 * their size.  And every region that has bytes has an address: a
 * routine handed NULL for a ^struct would fault on it.
 */
static void
gen_check_ool_regions(FILE *out, const struct gen_message *m, const char *p,
		      const char *fail)
{
	int i;

	for (i = 0; i < m->descriptor_count; i++) {
		const struct arg *arg = m->descriptors[i];
		const char *n = arg->name;

		if (arg->wire == WIRE_OOL && !type_is_variable(arg->type))
			fprintf(out, "\tif (%s->%s.size != %u)\n\t\t%s\n", p, n,
				arg->type->count * arg->type->size, fail);
		else if (arg->wire == WIRE_OOL_PORTS &&
			 !type_is_variable(arg->type))
			fprintf(out, "\tif (%s->%s.count != %u)\n\t\t%s\n", p,
				n, arg->type->count, fail);
		if (arg->wire == WIRE_OOL || arg->wire == WIRE_DYNAMIC)
			fprintf(out,
				"\tif (%s->%s.size != 0 && %s->%s.address == "
				"NULL)\n\t\t%s\n",
				p, n, p, n, fail);
		else if (arg->wire == WIRE_OOL_PORTS)
			fprintf(out,
				"\tif (%s->%s.count != 0 && %s->%s.address == "
				"NULL)\n\t\t%s\n",
				p, n, p, n, fail);
	}
}

void
gen_message_unpack(FILE *out, const struct gen_message *m, const char *p,
		   const char *fail)
{
	int i;

	if (m->first_variable >= 0 && m->first_variable + 1 < m->field_count) {
		fprintf(out, "\n\t/* unpack: each field back to its place, "
			     "last first */\n");
		for (i = m->field_count - 1; i > m->first_variable; i--) {
			const struct gen_field *f = &m->fields[i];
			char *len = f->kind == FIELD_VARIABLE
					? diag_format("mig_len_%s", f->name)
					: diag_format("%u", f->bytes);

			fprintf(out,
				"\tmemmove((char *)%s + offsetof(%s, %s), "
				"(char *)%s + mig_pos_%s, %s);\n",
				p, m->type_name, f->name, p, f->name, len);
		}
	}
	for (i = 0; i < m->field_count; i++)
		gen_check_in_place(out, &m->fields[i], p, fail);
	gen_check_ool_regions(out, m, p, fail);
}

/* Trailer elements a side needs: 0 none, else MACH_RCV_TRAILER_*. */
unsigned
gen_trailer_elements(const struct routine *routine, bool reply)
{
	const struct arg *arg;
	unsigned elements = 0;

	for (arg = routine->args; arg != NULL; arg = arg->next) {
		unsigned e = 0;

		if (!reply && arg->kind == ARG_MSGSEQNO)
			e = 1;
		else if ((!reply && arg->kind == ARG_SECTOKEN) ||
			 (reply && arg->kind == ARG_USERSECTOKEN))
			e = 2;
		else if ((!reply && arg->kind == ARG_AUDITTOKEN) ||
			 (reply && arg->kind == ARG_USERAUDITTOKEN))
			e = 3;
		if (e > elements)
			elements = e;
	}
	return elements;
}

void
gen_message_trailer(FILE *out, const struct routine *routine, const char *p,
		    bool reply, const char *fail)
{
	static const char *const types[] = {"", "mach_msg_seqno_trailer_t",
					    "mach_msg_security_trailer_t",
					    "mach_msg_audit_trailer_t"};
	unsigned elements = gen_trailer_elements(routine, reply);

	if (elements == 0)
		return;
	fprintf(out,
		"\n\t/* the receive trailer, before unpacking covers it */\n"
		"\tmach_msg_max_trailer_t mig_trailer;\n"
		"\tconst char *mig_trailer_at = (const char *)%s +\n"
		"\t    MIG_ROUND4(%s->Head.msgh_size);\n"
		"\tmemcpy(&mig_trailer, mig_trailer_at, "
		"sizeof(mach_msg_trailer_t));\n"
		"\tif (mig_trailer.msgh_trailer_size < sizeof(%s))\n"
		"\t\t%s\n"
		"\tmemcpy(&mig_trailer, mig_trailer_at, sizeof(%s));\n",
		p, p, types[elements], fail, types[elements]);
}
