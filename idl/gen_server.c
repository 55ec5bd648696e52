/*
 * The server side: one stub per routine (_X<routine>), the table that
 * maps msgh_id to stubs, the lookup function <subsystem>_server_routine
 * and the demux (<subsystem>_server, or the serverdemux name).
 *
 * Entry point: gen_server(out) writes the whole <subsystem>Server.c.
 *
 * Protocol, as MIG's: the demux fills OutHeadP as a mig_reply_error_t
 * (the reply port and disposition taken from the request, id + 100),
 * then calls the stub.  A stub checks the request completely before it
 * calls the server routine, and on any error sets RetCode to
 * MIG_BAD_ARGUMENTS (or MIG_TRAILER_ERROR) and returns: the reply is
 * then that short error message.  After the routine: KERN_SUCCESS makes
 * the full reply; any other code, including MIG_NO_REPLY for a deferred
 * reply, leaves the short reply with that RetCode.  A simpleroutine sets
 * MIG_NO_REPLY on success.  The server loop sends the reply unless
 * RetCode is MIG_NO_REPLY, and destroys the request when RetCode is an
 * error (the routine did not take its rights and memory).
 */
#include <string.h>

#include "gen.h"

#define GEN_SERVER_FAIL "{ mig_error->RetCode = MIG_BAD_ARGUMENTS; return; }"

static const char *
gen_server_translate_in(const struct type *t, const char *value)
{
	if (t->intran_func != NULL)
		return diag_format("%s(%s)", t->intran_func, value);
	return value;
}

static const char *
gen_server_translate_out(const struct type *t, const char *value)
{
	if (t->outtran_func != NULL)
		return diag_format("%s(%s)", t->outtran_func, value);
	return value;
}

/* Inline data passed as a pointer: through void *, as it may be packed. */
static bool
gen_server_is_buffer(const struct arg *arg)
{
	const struct type *t = arg->type;

	return arg->wire == WIRE_VARIABLE ||
	       (arg->wire == WIRE_INLINE &&
		(t->kind == TYPE_ARRAY || t->kind == TYPE_STRING ||
		 (t->kind == TYPE_STRUCT && t->name == NULL)));
}

/* A header port or trailer value: a local, translated if need be. */
static void
gen_server_special_local(FILE *out, const struct arg *arg)
{
	const char *value;

	switch (arg->kind) {
	case ARG_REQUESTPORT:
		value = "InP->Head.msgh_local_port";
		break;
	case ARG_REPLYPORT:
	case ARG_SREPLYPORT:
		value = "InP->Head.msgh_remote_port";
		break;
	case ARG_MSGSEQNO:
		value = "mig_trailer.msgh_seqno";
		break;
	case ARG_SECTOKEN:
		value = "mig_trailer.msgh_sender";
		break;
	case ARG_AUDITTOKEN:
		value = "mig_trailer.msgh_audit";
		break;
	default:
		return;
	}
	fprintf(out, "\t%s %s = %s;\n", type_server_ctype(arg->type), arg->name,
		gen_server_translate_in(arg->type, value));
}

/* Locals for out and inout values, before the call. */
static void
gen_server_out_local(FILE *out, const struct arg *arg, unsigned count)
{
	const struct type *t = arg->type;
	const char *base = type_server_ctype(t);
	const char *n = arg->name;

	if (arg->wire == WIRE_VARIABLE) {
		if (t->kind == TYPE_ARRAY)
			fprintf(out, "\tOutP->%sCnt = %u;\n", n, count);
		if (arg->count_in_request)
			fprintf(out,
				"\tif (InP->%sCnt < OutP->%sCnt)\n"
				"\t\tOutP->%sCnt = InP->%sCnt;\n",
				n, n, n, n);
	} else if (arg->wire == WIRE_PORT_ARRAY) {
		/* The routine fills an array, as a caller's buffer. */
		fprintf(out, "\t%s %s[%u];\n", gen_port_element_ctype(t), n,
			gen_port_slots(arg));
	} else if (gen_server_is_buffer(arg)) {
		if (arg->kind == ARG_INOUT)
			fprintf(
			    out,
			    "\tmemcpy(OutP->%s, InP->%s, sizeof(OutP->%s));\n",
			    n, n, n);
	} else if (arg->wire == WIRE_DYNAMIC) {
		/* The reply's inline space, unless the routine replaces it. */
		fprintf(out,
			"\t%s %s = (%s)(uintptr_t)(void *)OutP->%sInline;\n",
			base, n, base, n);
	} else if (arg->kind == ARG_INOUT && arg->wire == WIRE_OOL) {
		/* The request's region: the routine's, sent back unless
		   it replaces it. */
		fprintf(out, "\t%s %s = (%s)(uintptr_t)InP->%s.address;\n",
			base, n, base, n);
	} else if (arg->kind == ARG_INOUT) {
		const char *value = arg->wire == WIRE_PORT
					? diag_format("InP->%s.name", n)
					: diag_format("InP->%s", n);

		fprintf(out, "\t%s %s = %s;\n", base, n,
			gen_server_translate_in(t, value));
	} else {
		fprintf(out, "\t%s %s;\n", base, n);
	}
	if (arg->wire == WIRE_DYNAMIC)
		fprintf(out, "\tmach_msg_type_number_t %sCnt = %u;\n", n,
			gen_dynamic_bound(t));
	else if (arg->wire == WIRE_PORT_ARRAY && gen_arg_has_count(arg))
		fprintf(out, "\tmach_msg_type_number_t %sCnt = %u;\n", n,
			gen_port_slots(arg));
	else if (gen_arg_has_count(arg) && arg->wire != WIRE_VARIABLE)
		fprintf(out, "\tmach_msg_type_number_t %sCnt = %s;\n", n,
			arg->kind == ARG_INOUT ? diag_format("InP->%sCnt", n)
					       : "0");
	if (arg->wire == WIRE_DYNAMIC && arg->count_in_request)
		fprintf(out,
			"\tif (InP->%sCnt < %sCnt)\n\t\t%sCnt = InP->%sCnt;\n",
			n, n, n, n);
	if (gen_arg_is_poly(arg, true))
		fprintf(out, "\tmach_msg_type_name_t %sPoly = %s;\n", n,
			arg->kind == ARG_INOUT
			    ? diag_format("InP->%s.disposition", n)
			    : "0");
	if ((arg->flags & ARG_FLAG_DEALLOC_VAR) &&
	    (arg->wire == WIRE_OOL || arg->wire == WIRE_OOL_PORTS ||
	     arg->wire == WIRE_DYNAMIC))
		fprintf(out, "\tboolean_t %sDealloc = FALSE;\n", n);
}

/* An in port array: the names, in an array the routine reads. */
static void
gen_server_in_port_array(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;

	fprintf(out,
		"\t%s %s[%u];\n"
		"\tfor (mach_msg_type_number_t mig_i = 0; mig_i < %u; "
		"mig_i++)\n\t\t%s[mig_i] = InP->%s[mig_i].name;\n",
		gen_port_element_ctype(arg->type), n, gen_port_slots(arg),
		gen_port_slots(arg), n, n);
}

static void
gen_server_locals(FILE *out, const struct routine *r)
{
	const struct arg *arg;

	for (arg = r->args; arg != NULL; arg = arg->next) {
		if (!gen_arg_on_side(arg, true))
			continue;
		if (arg->kind == ARG_OUT || arg->kind == ARG_INOUT)
			gen_server_out_local(out, arg, arg->type->count);
		else if (arg->kind == ARG_IN && arg->wire == WIRE_PORT_ARRAY)
			gen_server_in_port_array(out, arg);
		else if (arg->kind == ARG_IN &&
			 arg->type->intran_func != NULL &&
			 (arg->wire == WIRE_INLINE || arg->wire == WIRE_PORT))
			fprintf(out, "\t%s %s = %s;\n",
				type_server_ctype(arg->type), arg->name,
				gen_server_translate_in(
				    arg->type,
				    arg->wire == WIRE_PORT
					? diag_format("InP->%s.name", arg->name)
					: diag_format("InP->%s", arg->name)));
		else if (arg->kind != ARG_IN)
			gen_server_special_local(out, arg);
	}
}

static void
gen_server_arg_sep(FILE *out, bool *first)
{
	fprintf(out, "%s\n\t    ", *first ? "" : ",");
	*first = false;
}

/* The call's arguments for one in argument. */
static void
gen_server_in_value(FILE *out, const struct arg *arg, bool *first)
{
	const char *n = arg->name;
	const char *base = type_server_ctype(arg->type);

	gen_server_arg_sep(out, first);
	if (arg->type->intran_func != NULL &&
	    (arg->wire == WIRE_INLINE || arg->wire == WIRE_PORT))
		fprintf(out, "%s", n);
	else if (gen_server_is_buffer(arg))
		fprintf(out, "(void *)InP->%s", n);
	else if (arg->wire == WIRE_PORT_ARRAY)
		fprintf(out, "%s", n);
	else if (arg->wire == WIRE_INLINE)
		fprintf(out, "InP->%s", n);
	else if (arg->wire == WIRE_PORT)
		fprintf(out, "InP->%s.name", n);
	else if (arg->wire == WIRE_DYNAMIC)
		fprintf(
		    out,
		    "(%s)(uintptr_t)(InP->%s.size != 0 ?\n\t\tInP->%s.address "
		    ": (void *)InP->%sInline)",
		    base, n, n, n);
	else
		fprintf(out, "(%s)(uintptr_t)InP->%s.address", base, n);
	if (gen_arg_has_count(arg)) {
		gen_server_arg_sep(out, first);
		fprintf(out, "InP->%sCnt", n);
	}
	if (gen_arg_is_poly(arg, true)) {
		gen_server_arg_sep(out, first);
		fprintf(out, "InP->%s%s.disposition", n,
			arg->wire == WIRE_PORT_ARRAY ? "[0]" : "");
	}
	if ((arg->flags & ARG_FLAG_SERVERCOPY) && arg->wire == WIRE_DYNAMIC) {
		gen_server_arg_sep(out, first);
		fprintf(out, "InP->%s.size != 0", n);
	}
}

static void
gen_server_out_value(FILE *out, const struct arg *arg, bool *first)
{
	const char *n = arg->name;

	gen_server_arg_sep(out, first);
	if (gen_server_is_buffer(arg))
		fprintf(out, "(void *)OutP->%s", n);
	else if (arg->wire == WIRE_PORT_ARRAY)
		fprintf(out, "%s", n);
	else
		fprintf(out, "&%s", n);
	if (gen_arg_has_count(arg)) {
		gen_server_arg_sep(out, first);
		fprintf(out,
			arg->wire == WIRE_VARIABLE ? "&OutP->%sCnt" : "&%sCnt",
			n);
	}
	if (gen_arg_is_poly(arg, true)) {
		gen_server_arg_sep(out, first);
		fprintf(out, "&%sPoly", n);
	}
	if ((arg->flags & ARG_FLAG_DEALLOC_VAR) &&
	    (arg->wire == WIRE_OOL || arg->wire == WIRE_OOL_PORTS ||
	     arg->wire == WIRE_DYNAMIC)) {
		gen_server_arg_sep(out, first);
		fprintf(out, "&%sDealloc", n);
	}
}

/*
 * Does a local of the stub (an argument's value, count, disposition or
 * dealloc flag) have the server routine's name?  xnu has them
 * (`routine arcade_upcall(arcade_upcall : mach_port_t; ...)`): the
 * local would hide the function it is to be passed to.
 */
static bool
gen_server_routine_hidden(const struct routine *r)
{
	const char *name = gen_server_name(r);
	static const char *const suffixes[] = {"", "Cnt", "Poly", "Dealloc"};
	const struct arg *arg;
	size_t i, length;

	for (arg = r->args; arg != NULL; arg = arg->next) {
		length = strlen(arg->name);
		if (!gen_arg_on_side(arg, true) ||
		    strncmp(arg->name, name, length) != 0)
			continue;
		for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
			if (strcmp(name + length, suffixes[i]) == 0)
				return true;
	}
	return false;
}

/*
 * When a local hides the server routine, take its address first, in a
 * pointer declared before the locals; the call goes through it.
 */
static const char *
gen_server_callee(FILE *out, const struct routine *r)
{
	if (!gen_server_routine_hidden(r))
		return gen_server_name(r);
	fprintf(out, "\tkern_return_t (*const mig_routine)");
	gen_params(out, r, true);
	fprintf(out, " = %s;\n", gen_server_name(r));
	return "mig_routine";
}

static void
gen_server_call(FILE *out, const struct routine *r, const char *callee)
{
	const struct arg *arg;
	bool first = true;

	fprintf(out, "\tRetCode = %s(", callee);
	for (arg = r->args; arg != NULL; arg = arg->next) {
		if (!gen_arg_on_side(arg, true))
			continue;
		if (arg->kind == ARG_IN) {
			gen_server_in_value(out, arg, &first);
		} else if (arg->kind == ARG_OUT || arg->kind == ARG_INOUT) {
			gen_server_out_value(out, arg, &first);
		} else {
			gen_server_arg_sep(out, &first);
			fprintf(out, "%s", arg->name);
			if (gen_arg_is_poly(arg, true)) {
				gen_server_arg_sep(out, &first);
				fprintf(
				    out,
				    "MACH_MSGH_BITS_%s(InP->Head.msgh_bits)",
				    arg->kind == ARG_REQUESTPORT ? "LOCAL"
								 : "REMOTE");
			}
		}
	}
	fprintf(out, ");\n");
}

/* After the call: destructors, and array[] memory that came out-of-line. */
static void
gen_server_after_call(FILE *out, const struct routine *r)
{
	const struct arg *arg;

	for (arg = r->args; arg != NULL; arg = arg->next) {
		if (!gen_arg_on_side(arg, true))
			continue;
		if (arg->type->destructor_func != NULL &&
		    (arg->kind == ARG_IN || arg->kind == ARG_REQUESTPORT) &&
		    (arg->type->intran_func != NULL))
			fprintf(out, "\t%s(%s);\n", arg->type->destructor_func,
				arg->name);
		/*
		 * A right in the body that the routine sees only as what
		 * intran made of it: on success the routine owns the
		 * request's rights (the kernel destroys them only after an
		 * error), but it cannot release one it never saw.  The stub
		 * does, as GNU MIG's kernel stubs do.
		 */
		if (idl_subsystem.kernel_server && arg->kind == ARG_IN &&
		    arg->wire == WIRE_PORT && arg->type->intran_func != NULL)
			fprintf(out,
				"\tif (RetCode == KERN_SUCCESS || "
				"RetCode == MIG_NO_REPLY)\n"
				"\t\tmig_release_port(InP->%s.name, "
				"InP->%s.disposition);\n",
				arg->name, arg->name);
		if (arg->kind == ARG_IN && arg->wire == WIRE_DYNAMIC &&
		    !(arg->flags & ARG_FLAG_SERVERCOPY))
			fprintf(
			    out,
			    "\tif (RetCode == KERN_SUCCESS && "
			    "InP->%s.size != 0)\n"
			    "\t\t%s((vm_address_t)(uintptr_t)InP->%s.address,"
			    "\n\t\t    InP->%s.size);\n",
			    arg->name, gen_subr("mig_deallocate"), arg->name,
			    arg->name);
	}
}

static const char *
gen_server_dealloc(const struct arg *arg)
{
	if (arg->flags & ARG_FLAG_DEALLOC_VAR)
		return diag_format("%sDealloc", arg->name);
	return arg->flags & ARG_FLAG_DEALLOC ? "TRUE" : "FALSE";
}

static const char *
gen_server_disposition(const struct arg *arg, int number)
{
	if (number == TYPE_POLYMORPHIC)
		return diag_format("%sPoly", arg->name);
	return type_disposition_name(number);
}

static void
gen_server_port_descriptor(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;
	const char *value = gen_server_translate_out(arg->type, n);

	/* An intran'd server type with no outtran: as GNU MIG, pass it on. */
	if (arg->type->intran_func != NULL && arg->type->outtran_func == NULL)
		value = diag_format("(mach_port_t)(uintptr_t)%s", n);

	fprintf(out,
		"\tOutP->%s.name = %s;\n\tOutP->%s.pad1 = 0;\n"
		"\tOutP->%s.pad2 = 0;\n\tOutP->%s.disposition = %s;\n"
		"\tOutP->%s.type = MACH_MSG_PORT_DESCRIPTOR;\n",
		n, value, n, n, n,
		gen_server_disposition(arg, arg->type->send_name), n);
}

/* An out port array: a descriptor per element, MACH_PORT_NULL past xCnt. */
static void
gen_server_port_array(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;
	const char *name = type_is_variable(arg->type)
			       ? diag_format("mig_i < %sCnt ? %s[mig_i] : "
					     "MACH_PORT_NULL",
					     n, n)
			       : diag_format("%s[mig_i]", n);

	fprintf(out,
		"\tfor (mach_msg_type_number_t mig_i = 0; mig_i < %u; "
		"mig_i++) {\n"
		"\t\tOutP->%s[mig_i].name = %s;\n"
		"\t\tOutP->%s[mig_i].pad1 = 0;\n"
		"\t\tOutP->%s[mig_i].pad2 = 0;\n"
		"\t\tOutP->%s[mig_i].disposition = %s;\n"
		"\t\tOutP->%s[mig_i].type = MACH_MSG_PORT_DESCRIPTOR;\n\t}\n",
		gen_port_slots(arg), n, name, n, n, n,
		gen_server_disposition(arg, arg->type->element->send_name), n);
}

static void
gen_server_ool_descriptor(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;
	bool dynamic = arg->wire == WIRE_DYNAMIC;
	const char *count = type_is_variable(arg->type)
				? diag_format("%sCnt", n)
				: diag_format("%u", arg->type->count);

	if (dynamic)
		fprintf(
		    out,
		    "\tif ((void *)(uintptr_t)%s != (void *)OutP->%sInline) {\n",
		    n, n);
	fprintf(out, "%s\tOutP->%s.address = (void *)(uintptr_t)%s;\n",
		dynamic ? "\t" : "", n, n);
	if (arg->wire == WIRE_OOL_PORTS)
		fprintf(
		    out,
		    "\tOutP->%s.count = %s;\n\tOutP->%s.disposition = %s;\n", n,
		    count, n,
		    gen_server_disposition(arg, arg->type->element->send_name));
	else
		fprintf(out, "%s\tOutP->%s.size = %s * %u;\n",
			dynamic ? "\t" : "", n, count, arg->type->size);
	fprintf(out, "%s\tOutP->%s.deallocate = %s;\n", dynamic ? "\t" : "", n,
		gen_server_dealloc(arg));
	if (dynamic)
		fprintf(
		    out,
		    "\t} else {\n\t\tOutP->%s.address = NULL;\n"
		    "\t\tOutP->%s.size = 0;\n\t\tOutP->%s.deallocate = FALSE;\n"
		    "\t}\n",
		    n, n, n);
	fprintf(out, "\tOutP->%s.copy = %s;\n", n,
		arg->flags & ARG_FLAG_PHYSICALCOPY ? "MACH_MSG_PHYSICAL_COPY"
						   : "MACH_MSG_VIRTUAL_COPY");
	if (arg->wire != WIRE_OOL_PORTS)
		fprintf(out, "\tOutP->%s.pad1 = 0;\n", n);
	fprintf(out, "\tOutP->%s.type = %s;\n", n,
		arg->wire == WIRE_OOL_PORTS ? "MACH_MSG_OOL_PORTS_DESCRIPTOR"
					    : "MACH_MSG_OOL_DESCRIPTOR");
}

/* What the routine returned must fit: bounded arrays, strings. */
static void
gen_server_out_bounds(FILE *out, const struct routine *r)
{
	const struct arg *arg;

	for (arg = r->args; arg != NULL; arg = arg->next) {
		const struct type *t = arg->type;
		const char *n = arg->name;

		if (!arg->in_reply)
			continue;
		if (arg->wire == WIRE_VARIABLE && t->kind == TYPE_STRING)
			fprintf(out,
				"\tOutP->%s[%u] = '\\0';\n"
				"\tOutP->%sCnt = (mach_msg_type_number_t)"
				"strlen(OutP->%s) + 1;\n",
				n, t->count - 1, n, n);
		else if (arg->wire == WIRE_VARIABLE)
			fprintf(
			    out,
			    "\tif (OutP->%sCnt > %u)\n\t\t{ mig_error->RetCode "
			    "= MIG_ARRAY_TOO_LARGE; return; }\n",
			    n, t->count);
		else if (arg->wire == WIRE_DYNAMIC)
			fprintf(
			    out,
			    "\tif ((void *)(uintptr_t)%s == (void *)OutP->%sInline "
			    "&& %sCnt > %u)\n\t\t{ mig_error->RetCode "
			    "= MIG_ARRAY_TOO_LARGE; return; }\n",
			    n, n, n, gen_dynamic_bound(t));
		else if (t->kind == TYPE_ARRAY &&
			 t->array_kind == ARRAY_BOUNDED)
			fprintf(out,
				"\tif (%sCnt > %u)\n\t\t{ mig_error->RetCode "
				"= MIG_ARRAY_TOO_LARGE; return; }\n",
				n, t->count);
		else if (arg->wire == WIRE_INLINE && t->kind == TYPE_STRING)
			fprintf(out, "\tOutP->%s[%u] = '\\0';\n", n,
				t->count - 1);
	}
}

static void
gen_server_field(FILE *out, const struct gen_field *f)
{
	const struct arg *arg = f->arg;
	const struct type *t = arg->type;
	const char *n = arg->name;

	if (f->kind == FIELD_COUNT && arg->wire != WIRE_VARIABLE) {
		fprintf(out, "\tOutP->%s = %sCnt;\n", f->name, n);
	} else if (f->kind == FIELD_DATA && !gen_server_is_buffer(arg)) {
		fprintf(out, "\tOutP->%s = %s;\n", n,
			gen_server_translate_out(t, n));
	}
}

static void
gen_server_reply(FILE *out, const struct routine *r)
{
	struct gen_message m;
	int i;

	gen_message_build(&m, r, true);
	gen_server_out_bounds(out, r);
	if (m.complex)
		fprintf(out, "\tOutP->msgh_body.msgh_descriptor_count = %u;\n",
			m.slots);
	for (i = 0; i < m.descriptor_count; i++) {
		if (m.descriptors[i]->wire == WIRE_PORT)
			gen_server_port_descriptor(out, m.descriptors[i]);
		else if (m.descriptors[i]->wire == WIRE_PORT_ARRAY)
			gen_server_port_array(out, m.descriptors[i]);
		else
			gen_server_ool_descriptor(out, m.descriptors[i]);
	}
	fprintf(out, "\tOutP->RetCode = KERN_SUCCESS;\n");
	for (i = 0; i < m.field_count; i++)
		gen_server_field(out, &m.fields[i]);
	gen_message_pack(out, &m, "OutP");
	if (m.complex)
		fprintf(out,
			"\tOutP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n");
}

static void
gen_server_stub(FILE *out, const struct routine *r)
{
	struct gen_message m;
	const char *request = gen_struct_name(r, false);
	const char *callee;

	fprintf(out,
		"/* %s %s: msgh_id %ld */\nstatic void\n_X%s("
		"mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)\n{\n",
		r->simple ? "simpleroutine" : "routine", r->name,
		idl_subsystem.base + r->number, r->name);
	fprintf(out, "\t%s *InP = (%s *)InHeadP;\n", request, request);
	if (!r->simple)
		fprintf(out, "\t%s *OutP = (%s *)OutHeadP;\n",
			gen_struct_name(r, true), gen_struct_name(r, true));
	fprintf(out, "\tmig_reply_error_t *mig_error = (mig_reply_error_t *)"
		     "OutHeadP;\n\tkern_return_t RetCode;\n\n");
	gen_message_build(&m, r, false);
	gen_message_check(out, &m, "InP", GEN_SERVER_FAIL);
	gen_message_trailer(
	    out, r, "InP", false,
	    "{ mig_error->RetCode = MIG_TRAILER_ERROR; return; }");
	gen_message_unpack(out, &m, "InP", GEN_SERVER_FAIL);
	fprintf(out, "\n");
	callee = gen_server_callee(out, r);
	gen_server_locals(out, r);
	gen_server_call(out, r, callee);
	gen_server_after_call(out, r);
	fprintf(out, "\tif (RetCode != KERN_SUCCESS) {\n"
		     "\t\tmig_error->RetCode = RetCode;\n\t\treturn;\n\t}\n");
	if (r->simple)
		fprintf(out, "\tmig_error->RetCode = MIG_NO_REPLY;\n");
	else
		gen_server_reply(out, r);
	fprintf(out, "}\n\n");
}

static void
gen_server_table(FILE *out)
{
	const char *s = idl_subsystem.name;
	const struct routine *r;
	int number = 0;

	fprintf(out,
		"/* Stubs by msgh_id - %ld; NULL for a skip. */\n"
		"static const mig_routine_t %s_routines[] = {\n",
		idl_subsystem.base, s);
	for (r = idl_subsystem.routines; r != NULL; r = r->next) {
		for (; number < r->number; number++)
			fprintf(out, "\tNULL,\n");
		fprintf(out, "\t_X%s,\n", r->name);
		number++;
	}
	for (; number < idl_subsystem.next_number; number++)
		fprintf(out, "\tNULL,\n");
	if (idl_subsystem.next_number == 0)
		fprintf(out, "\tNULL\n");
	fprintf(out, "};\n\n");
	fprintf(out,
		"mig_routine_t\n%s_server_routine(mach_msg_header_t "
		"*InHeadP)\n{\n",
		s);
	if (idl_subsystem.next_number == 0) {
		fprintf(out,
			"\t(void)InHeadP;\n\t(void)%s_routines;\n"
			"\treturn NULL;\n}\n\n",
			s);
		return;
	}
	fprintf(out,
		"\tuint32_t index = (uint32_t)InHeadP->msgh_id - "
		"(uint32_t)%ld;\n\n\tif (index >= %d)\n\t\treturn NULL;\n"
		"\treturn %s_routines[index];\n}\n\n",
		idl_subsystem.base, idl_subsystem.next_number, s);
}

static void
gen_server_demux(FILE *out)
{
	fprintf(out,
		"boolean_t\n%s(mach_msg_header_t *InHeadP, "
		"mach_msg_header_t *OutHeadP)\n{\n",
		gen_demux_name());
	fprintf(out,
		"\tmig_reply_error_t *mig_error = (mig_reply_error_t *)"
		"OutHeadP;\n\tmig_routine_t routine;\n\n"
		"\tOutHeadP->msgh_bits =\n\t    MACH_MSGH_BITS("
		"MACH_MSGH_BITS_REMOTE(InHeadP->msgh_bits), 0);\n"
		"\tOutHeadP->msgh_size = (mach_msg_size_t)sizeof("
		"mig_reply_error_t);\n"
		"\tOutHeadP->msgh_remote_port = InHeadP->msgh_remote_port;\n"
		"\tOutHeadP->msgh_local_port = MACH_PORT_NULL;\n"
		"\tOutHeadP->msgh_reserved = 0;\n"
		"\tOutHeadP->msgh_id =\n\t    (mach_msg_id_t)((uint32_t)"
		"InHeadP->msgh_id + 100u);\n"
		"\tmig_error->RetCode = KERN_SUCCESS;\n\n");
	fprintf(out,
		"\troutine = %s_server_routine(InHeadP);\n"
		"\tif (routine == NULL) {\n"
		"\t\tmig_error->RetCode = MIG_BAD_ID;\n\t\treturn FALSE;\n"
		"\t}\n\troutine(InHeadP, OutHeadP);\n\treturn TRUE;\n}\n",
		idl_subsystem.name);
}

void
gen_server(FILE *out)
{
	const struct routine *r;

	gen_banner(out);
	gen_includes(out, IMPORT_SERVER);
	gen_all_structs(out);
	fprintf(out, "/* The server routines, implemented by the server. */\n");
	gen_server_prototypes(out);
	for (r = idl_subsystem.routines; r != NULL; r = r->next)
		gen_server_stub(out, r);
	gen_server_table(out);
	gen_server_demux(out);
}
