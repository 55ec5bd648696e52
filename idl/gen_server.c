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
	fprintf(out, "\t%s %s = %s;\n", type_server_ctype(arg->type),
	    arg->name, gen_server_translate_in(arg->type, value));
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
			fprintf(out, "\tif (InP->%sCnt < OutP->%sCnt)\n"
				     "\t\tOutP->%sCnt = InP->%sCnt;\n",
			    n, n, n, n);
	} else if (gen_server_is_buffer(arg)) {
		if (arg->kind == ARG_INOUT)
			fprintf(out, "\tmemcpy(OutP->%s, InP->%s, sizeof(OutP->%s));\n",
			    n, n, n);
	} else if (arg->kind == ARG_INOUT) {
		const char *value = arg->wire == WIRE_PORT
		    ? diag_format("InP->%s.name", n)
		    : diag_format("InP->%s", n);

		fprintf(out, "\t%s %s = %s;\n", base, n,
		    gen_server_translate_in(t, value));
	} else {
		fprintf(out, "\t%s %s;\n", base, n);
	}
	if (gen_arg_has_count(arg) && arg->wire != WIRE_VARIABLE)
		fprintf(out, "\tmach_msg_type_number_t %sCnt = 0;\n", n);
	if (gen_arg_is_poly(arg, true))
		fprintf(out, "\tmach_msg_type_name_t %sPoly = %s;\n", n,
		    arg->kind == ARG_INOUT ? diag_format("InP->%s.disposition", n)
					   : "0");
	if ((arg->flags & ARG_FLAG_DEALLOC_VAR) &&
	    (arg->wire == WIRE_OOL || arg->wire == WIRE_OOL_PORTS ||
		arg->wire == WIRE_DYNAMIC))
		fprintf(out, "\tboolean_t %sDealloc = FALSE;\n", n);
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
		else if (arg->kind == ARG_IN && arg->type->intran_func != NULL &&
		    (arg->wire == WIRE_INLINE || arg->wire == WIRE_PORT))
			fprintf(out, "\t%s %s = %s;\n",
			    type_server_ctype(arg->type), arg->name,
			    gen_server_translate_in(arg->type,
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
	else if (arg->wire == WIRE_INLINE)
		fprintf(out, "InP->%s", n);
	else if (arg->wire == WIRE_PORT)
		fprintf(out, "InP->%s.name", n);
	else if (arg->wire == WIRE_DYNAMIC)
		fprintf(out, "(%s)(uintptr_t)(InP->%s.size != 0 ?\n\t\tInP->%s.address "
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
		fprintf(out, "InP->%s.disposition", n);
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
	else
		fprintf(out, "&%s", n);
	if (gen_arg_has_count(arg)) {
		gen_server_arg_sep(out, first);
		fprintf(out, arg->wire == WIRE_VARIABLE ? "&OutP->%sCnt" : "&%sCnt",
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

static void
gen_server_call(FILE *out, const struct routine *r)
{
	const struct arg *arg;
	bool first = true;

	fprintf(out, "\tRetCode = %s(", gen_server_name(r));
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
				fprintf(out, "MACH_MSGH_BITS_%s(InP->Head.msgh_bits)",
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
		if (arg->kind == ARG_IN && arg->wire == WIRE_DYNAMIC &&
		    !(arg->flags & ARG_FLAG_SERVERCOPY))
			fprintf(out, "\tif (RetCode == KERN_SUCCESS && "
				     "InP->%s.size != 0)\n"
				     "\t\t%s((vm_address_t)(uintptr_t)InP->%s.address,"
				     "\n\t\t    InP->%s.size);\n",
			    arg->name, gen_subr("mig_deallocate"), arg->name,
			    arg->name);
	}
}
