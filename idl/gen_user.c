/*
 * The user stubs: one C function per routine that builds the request,
 * sends it with mach_msg (or, for a KernelUser subsystem, with
 * mach_msg_send_from_kernel / mach_msg_rpc_from_kernel), and for a
 * routine receives and checks the reply and hands the out arguments
 * back.  A routine whose request and reply fit in the registers of the
 * register message trap (simple, at most MACH_MSG_REGS_SIZE_MAX bytes
 * however long its arrays) sends with mach_msg_regs instead, which has
 * mach_msg's interface and results (libmach/mach_msg_regs.c), unless
 * mig was given -noregs.
 *
 * Entry point: gen_user(out) writes the whole <subsystem>User.c.
 *
 * A stub returns the mach_msg error if sending or receiving fails (and
 * on a receive error gives the reply port back with
 * mig_dealloc_reply_port, since a late reply could still arrive on it),
 * MIG_SERVER_DIED if the reply is a send-once notification,
 * MIG_REPLY_MISMATCH if the reply has another id, MIG_TYPE_ERROR if its
 * size, complex bit or descriptors are wrong, the server's RetCode if it
 * is not KERN_SUCCESS, MIG_ARRAY_TOO_LARGE if an in array exceeds its
 * bound or an out array the caller's buffer, and KERN_SUCCESS.
 */
#include <string.h>

#include "gen.h"

#define GEN_USER_FAIL "return MIG_TYPE_ERROR;"

/* The C expression of an argument's value on the sending side. */
static const char *
gen_user_value(const struct arg *arg)
{
	if (arg->kind == ARG_INOUT)
		return diag_format("(*%s)", arg->name);
	return arg->name;
}

static const char *
gen_user_dealloc(const struct arg *arg)
{
	if (arg->flags & ARG_FLAG_DEALLOC_VAR)
		return diag_format("%sDealloc", arg->name);
	return arg->flags & ARG_FLAG_DEALLOC ? "TRUE" : "FALSE";
}

static const char *
gen_user_disposition(const struct arg *arg, int number)
{
	if (number == TYPE_POLYMORPHIC)
		return diag_format("%sPoly", arg->name);
	return type_disposition_name(number);
}

/* The caller's count of a variable array being sent (inout: *xCnt). */
static const char *
gen_user_count_value(const struct arg *arg)
{
	if (arg->kind == ARG_INOUT)
		return diag_format("(*%sCnt)", arg->name);
	return diag_format("%sCnt", arg->name);
}

/* The element count of an array argument being sent. */
static const char *
gen_user_count(const struct arg *arg)
{
	if (!type_is_variable(arg->type))
		return diag_format("%u", arg->type->count);
	return gen_user_count_value(arg);
}

static void
gen_user_port_descriptor(FILE *out, const struct arg *arg)
{
	fprintf(out,
		"\tInP->%s.name = %s;\n\tInP->%s.pad1 = 0;\n"
		"\tInP->%s.pad2 = 0;\n\tInP->%s.disposition = %s;\n"
		"\tInP->%s.type = MACH_MSG_PORT_DESCRIPTOR;\n",
		arg->name, gen_user_value(arg), arg->name, arg->name, arg->name,
		gen_user_disposition(arg, arg->type->send_name), arg->name);
}

/* A port array: a descriptor per element, MACH_PORT_NULL past the count. */
static void
gen_user_port_array(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;
	const char *name = type_is_variable(arg->type)
			       ? diag_format("mig_i < %s ? %s[mig_i] : "
					     "MACH_PORT_NULL",
					     gen_user_count_value(arg), n)
			       : diag_format("%s[mig_i]", n);

	fprintf(out,
		"\tfor (mach_msg_type_number_t mig_i = 0; mig_i < %u; "
		"mig_i++) {\n"
		"\t\tInP->%s[mig_i].name = %s;\n"
		"\t\tInP->%s[mig_i].pad1 = 0;\n"
		"\t\tInP->%s[mig_i].pad2 = 0;\n"
		"\t\tInP->%s[mig_i].disposition = %s;\n"
		"\t\tInP->%s[mig_i].type = MACH_MSG_PORT_DESCRIPTOR;\n\t}\n",
		gen_port_slots(arg), n, name, n, n, n,
		gen_user_disposition(arg, arg->type->element->send_name), n);
}

static void
gen_user_ool_descriptor(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;
	const char *count = gen_user_count(arg);
	bool dynamic = arg->wire == WIRE_DYNAMIC;

	if (dynamic)
		fprintf(out, "\tif (%s > %u) {\n", count,
			gen_dynamic_bound(arg->type));
	fprintf(out, "%s\tInP->%s.address = (void *)(uintptr_t)%s;\n",
		dynamic ? "\t" : "", n, gen_user_value(arg));
	if (arg->wire == WIRE_OOL_PORTS)
		fprintf(
		    out, "\tInP->%s.count = %s;\n\tInP->%s.disposition = %s;\n",
		    n, count, n,
		    gen_user_disposition(arg, arg->type->element->send_name));
	else
		fprintf(out, "%s\tInP->%s.size = %s * %u;\n",
			dynamic ? "\t" : "", n, count, arg->type->size);
	fprintf(out, "%s\tInP->%s.deallocate = %s;\n", dynamic ? "\t" : "", n,
		gen_user_dealloc(arg));
	if (dynamic)
		fprintf(
		    out,
		    "\t} else {\n\t\tInP->%s.address = NULL;\n"
		    "\t\tInP->%s.size = 0;\n\t\tInP->%s.deallocate = FALSE;\n"
		    "\t}\n",
		    n, n, n);
	fprintf(out, "\tInP->%s.copy = %s;\n", n,
		arg->flags & ARG_FLAG_PHYSICALCOPY ? "MACH_MSG_PHYSICAL_COPY"
						   : "MACH_MSG_VIRTUAL_COPY");
	if (arg->wire != WIRE_OOL_PORTS)
		fprintf(out, "\tInP->%s.pad1 = 0;\n", n);
	fprintf(out, "\tInP->%s.type = %s;\n", n,
		arg->wire == WIRE_OOL_PORTS ? "MACH_MSG_OOL_PORTS_DESCRIPTOR"
					    : "MACH_MSG_OOL_DESCRIPTOR");
}

/* An in array longer than its bound is the caller's error. */
static void
gen_user_bounds(FILE *out, const struct routine *r)
{
	const struct arg *arg;

	for (arg = r->args; arg != NULL; arg = arg->next) {
		if (!arg->in_request || arg->type->kind != TYPE_ARRAY ||
		    arg->type->array_kind != ARRAY_BOUNDED)
			continue;
		fprintf(out,
			"\tif (%s > %u)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n",
			gen_user_count_value(arg), arg->type->count);
	}
}

static void
gen_user_field(FILE *out, const struct gen_field *f)
{
	const struct arg *arg = f->arg;
	const struct type *t = arg->type;
	const char *n = arg->name;

	if (f->kind == FIELD_COUNT) {
		if (arg->count_in_request)
			fprintf(out, "\tInP->%s = *%sCnt;\n", f->name, n);
		else if (t->kind == TYPE_STRING)
			fprintf(
			    out,
			    "\tInP->%s = (mach_msg_type_number_t)%s(InP->%s, "
			    "%s, %u);\n",
			    f->name, gen_subr("mig_strncpy"), n, n, t->count);
		else
			fprintf(out, "\tInP->%s = %s;\n", f->name,
				gen_user_count_value(arg));
	} else if (f->kind == FIELD_VARIABLE && t->kind == TYPE_ARRAY) {
		if (arg->wire == WIRE_DYNAMIC)
			fprintf(out, "\tif (%sCnt <= %u)\n\t", n, f->bound);
		fprintf(out, "\tmemcpy(InP->%s, %s, %sCnt * %u);\n", f->name, n,
			n, f->element);
	} else if (f->kind == FIELD_DATA && t->kind == TYPE_STRING) {
		fprintf(out, "\t(void)%s(InP->%s, %s, %u);\n",
			gen_subr("mig_strncpy"), n, n, t->count);
	} else if (f->kind == FIELD_DATA &&
		   (t->kind == TYPE_ARRAY ||
		    (t->kind == TYPE_STRUCT && !t->name))) {
		fprintf(out, "\tmemcpy(InP->%s, %s, %u);\n", n, n,
			t->count * (t->kind == TYPE_STRUCT ? t->size / t->count
							   : t->size));
	} else if (f->kind == FIELD_DATA) {
		fprintf(out, "\tInP->%s = %s;\n", n, gen_user_value(arg));
	}
}

/* dealloc of an array[] that went inline: the stub frees it itself. */
static void
gen_user_inline_dealloc(FILE *out, const struct routine *r)
{
	const struct arg *arg;

	for (arg = r->args; arg != NULL; arg = arg->next) {
		if (!arg->in_request || arg->wire != WIRE_DYNAMIC ||
		    !(arg->flags & (ARG_FLAG_DEALLOC | ARG_FLAG_DEALLOC_VAR)))
			continue;
		fprintf(out,
			"\tif (%sCnt <= %u && %s && %sCnt != 0)\n"
			"\t\t%s((vm_address_t)(uintptr_t)%s, %sCnt * %u);\n",
			arg->name, gen_dynamic_bound(arg->type),
			gen_user_dealloc(arg), arg->name,
			gen_subr("mig_deallocate"), arg->name, arg->name,
			arg->type->size);
	}
}

static void
gen_user_request(FILE *out, const struct routine *r)
{
	struct gen_message m;
	int i;

	gen_message_build(&m, r, false);
	gen_user_bounds(out, r);
	if (m.complex)
		fprintf(out, "\tInP->msgh_body.msgh_descriptor_count = %u;\n",
			m.slots);
	for (i = 0; i < m.descriptor_count; i++) {
		if (m.descriptors[i]->wire == WIRE_PORT)
			gen_user_port_descriptor(out, m.descriptors[i]);
		else if (m.descriptors[i]->wire == WIRE_PORT_ARRAY)
			gen_user_port_array(out, m.descriptors[i]);
		else
			gen_user_ool_descriptor(out, m.descriptors[i]);
	}
	for (i = 0; i < m.field_count; i++)
		gen_user_field(out, &m.fields[i]);
	gen_message_pack(out, &m, "InP");
	gen_user_inline_dealloc(out, r);
}

/* The header: ports, dispositions, id. */
static void
gen_user_head(FILE *out, const struct routine *r)
{
	const struct arg *request = r->request_port;
	const struct arg *reply = r->reply_port;
	const char *reply_name = "MACH_PORT_NULL";
	const char *reply_disposition = "0";

	if (reply != NULL && reply->kind != ARG_SREPLYPORT) {
		reply_name = reply->name;
		reply_disposition =
		    gen_user_disposition(reply, reply->type->send_name);
	} else if (!r->simple && !idl_subsystem.kernel_user) {
		reply_name = "mig_reply_port";
		reply_disposition = "MACH_MSG_TYPE_MAKE_SEND_ONCE";
	} else if (!r->simple) {
		reply_disposition = "MACH_MSG_TYPE_MAKE_SEND_ONCE";
	}
	fprintf(out, "\tInP->Head.msgh_bits = MACH_MSGH_BITS(%s, %s)%s;\n",
		gen_user_disposition(request, request->type->send_name),
		reply_disposition,
		r->request_complex ? " |\n\t    MACH_MSGH_BITS_COMPLEX" : "");
	fprintf(out, "\tInP->Head.msgh_remote_port = %s;\n", request->name);
	fprintf(out, "\tInP->Head.msgh_local_port = %s;\n", reply_name);
	fprintf(out, "\tInP->Head.msgh_reserved = 0;\n");
	fprintf(out, "\tInP->Head.msgh_id = %ld;\n",
		idl_subsystem.base + r->number);
}

/* The port the reply comes back on. */
static const char *
gen_user_reply_name(const struct routine *r)
{
	if (r->reply_port != NULL && r->reply_port->kind != ARG_SREPLYPORT)
		return r->reply_port->name;
	return "mig_reply_port";
}

static const char *
gen_user_timeout(const struct routine *r)
{
	if (r->waittime != NULL)
		return r->waittime->name;
	return idl_subsystem.waittime;
}

static const char *
gen_user_options(const struct routine *r, const char *base)
{
	const char *options = base;
	unsigned elements = gen_trailer_elements(r, true);

	if (gen_user_timeout(r) != NULL)
		options = diag_format("%s | MACH_SEND_TIMEOUT%s", options,
				      r->simple ? "" : " | MACH_RCV_TIMEOUT");
	if (r->msgoption != NULL)
		options = diag_format("%s | %s", options, r->msgoption->name);
	else if (idl_subsystem.msgoption != NULL)
		options =
		    diag_format("%s | %s", options, idl_subsystem.msgoption);
	if (elements != 0 && !r->simple)
		options = diag_format("%s |\n\t    MACH_RCV_TRAILER_TYPE("
				      "MACH_MSG_TRAILER_FORMAT_0) |\n"
				      "\t    MACH_RCV_TRAILER_ELEMENTS(%u)",
				      options, elements);
	return options;
}

/* The register trap's limit (<mach/msg_regs.h>): header and 7 words. */
#define GEN_REGS_SIZE_MAX (24 + 7 * 8)

/* Whether the stub of r sends with mach_msg_regs (see the top). */
static bool
gen_user_uses_regs(const struct routine *r)
{
	struct gen_message request, reply;

	if (gen_options.no_regs || idl_subsystem.kernel_user)
		return false;
	gen_message_build(&request, r, false);
	if (request.complex || request.size > GEN_REGS_SIZE_MAX)
		return false;
	if (r->simple)
		return true;
	gen_message_build(&reply, r, true);
	return !reply.complex && reply.size <= GEN_REGS_SIZE_MAX;
}

static void
gen_user_send(FILE *out, const struct routine *r)
{
	const char *send = gen_user_uses_regs(r) ? "mach_msg_regs" : "mach_msg";
	const char *timeout = gen_user_timeout(r);
	bool own_reply = !r->simple && (r->reply_port == NULL ||
					r->reply_port->kind == ARG_SREPLYPORT);

	if (timeout == NULL)
		timeout = "MACH_MSG_TIMEOUT_NONE";
	if (idl_subsystem.kernel_user) {
		/* The kernel's sends take no timeout and no options. */
		if (r->waittime != NULL)
			fprintf(out, "\t(void)%s;\n", r->waittime->name);
		if (r->msgoption != NULL)
			fprintf(out, "\t(void)%s;\n", r->msgoption->name);
		if (r->simple)
			fprintf(
			    out,
			    "\treturn mach_msg_send_from_kernel(&InP->Head, "
			    "InP->Head.msgh_size);\n");
		else
			fprintf(out, "\tmsg_result = mach_msg_rpc_from_kernel("
				     "&InP->Head,\n\t    InP->Head.msgh_size, "
				     "(mach_msg_size_t)sizeof(Mess));\n"
				     "\tif (msg_result != MACH_MSG_SUCCESS)\n"
				     "\t\treturn msg_result;\n");
		return;
	}
	if (r->simple) {
		fprintf(out,
			"\treturn %s(&InP->Head, %s,\n\t    "
			"InP->Head.msgh_size, 0, MACH_PORT_NULL, %s, "
			"MACH_PORT_NULL);\n",
			gen_subr(send), gen_user_options(r, "MACH_SEND_MSG"),
			timeout);
		return;
	}
	fprintf(out,
		"\tmsg_result = %s(&InP->Head,\n\t    %s,\n\t    "
		"InP->Head.msgh_size, (mach_msg_size_t)sizeof(Mess),\n"
		"\t    %s, %s, MACH_PORT_NULL);\n",
		gen_subr(send),
		gen_user_options(r, "MACH_SEND_MSG | MACH_RCV_MSG"),
		gen_user_reply_name(r), timeout);
	fprintf(out, "\tif (msg_result != MACH_MSG_SUCCESS) {\n");
	if (own_reply)
		fprintf(out,
			"\t\tif (MIG_IS_RCV_ERROR(msg_result) ||\n"
			"\t\t    msg_result == MACH_SEND_INVALID_REPLY)\n"
			"\t\t\t%s(mig_reply_port);\n",
			gen_subr("mig_dealloc_reply_port"));
	fprintf(out, "\t\treturn msg_result;\n\t}\n");
}

/*
 * An out array[]: out-of-line memory is handed over; inline data goes
 * into the caller's buffer (*x, capacity *xCnt) if it fits, else into
 * memory from mig_allocate.  (GNU MIG's convention: the caller sees
 * that *x changed and deallocates.)
 */
static void
gen_user_copy_dynamic(FILE *out, const struct arg *arg, const char *base)
{
	const char *n = arg->name;

	fprintf(out,
		"\tif (OutP->%s.size != 0) {\n"
		"\t\t*%s = (%s)(uintptr_t)OutP->%s.address;\n"
		"\t} else if (OutP->%sCnt > *%sCnt) {\n"
		"\t\tvm_address_t mig_address;\n\n"
		"\t\t%s(&mig_address, OutP->%sCnt * %u);\n"
		"\t\tif (mig_address == 0)\n"
		"\t\t\treturn KERN_RESOURCE_SHORTAGE;\n"
		"\t\tmemcpy((void *)mig_address, OutP->%sInline, "
		"OutP->%sCnt * %u);\n"
		"\t\t*%s = (%s)mig_address;\n"
		"\t} else if (OutP->%sCnt != 0) {\n"
		"\t\tmemcpy((void *)(uintptr_t)*%s, OutP->%sInline, "
		"OutP->%sCnt * %u);\n\t}\n",
		n, n, base, n, n, n, gen_subr("mig_allocate"), n,
		arg->type->size, n, n, arg->type->size, n, base, n, n, n, n,
		arg->type->size);
}

/*
 * An out port array: the names into the caller's array; for [*:N], as
 * many as its *xCnt holds (MIG_ARRAY_TOO_LARGE if the reply has more).
 */
static void
gen_user_copy_port_array(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;

	if (!type_is_variable(arg->type)) {
		fprintf(out,
			"\tfor (mach_msg_type_number_t mig_i = 0; mig_i < %u; "
			"mig_i++)\n\t\t%s[mig_i] = OutP->%s[mig_i].name;\n",
			gen_port_slots(arg), n, n);
		return;
	}
	fprintf(out,
		"\tfor (mach_msg_type_number_t mig_i = 0; mig_i < OutP->%sCnt "
		"&&\n\t    mig_i < *%sCnt; mig_i++)\n"
		"\t\t%s[mig_i] = OutP->%s[mig_i].name;\n"
		"\tif (OutP->%sCnt > *%sCnt) {\n"
		"\t\t*%sCnt = OutP->%sCnt;\n"
		"\t\treturn MIG_ARRAY_TOO_LARGE;\n\t}\n"
		"\t*%sCnt = OutP->%sCnt;\n",
		n, n, n, n, n, n, n, n, n, n);
}

static void
gen_user_copy_variable(FILE *out, const struct arg *arg)
{
	const char *n = arg->name;

	if (arg->type->kind == TYPE_STRING) {
		fprintf(out, "\tmemcpy(%s, OutP->%s, OutP->%sCnt);\n", n, n, n);
		return;
	}
	fprintf(out,
		"\tif (OutP->%sCnt > *%sCnt) {\n"
		"\t\tmemcpy(%s, OutP->%s, *%sCnt * %u);\n"
		"\t\t*%sCnt = OutP->%sCnt;\n"
		"\t\treturn MIG_ARRAY_TOO_LARGE;\n\t}\n"
		"\tmemcpy(%s, OutP->%s, OutP->%sCnt * %u);\n"
		"\t*%sCnt = OutP->%sCnt;\n",
		n, n, n, n, n, arg->type->size, n, n, n, n, n, arg->type->size,
		n, n);
}

/* One out argument, from the checked reply to the caller. */
static void
gen_user_copy_out(FILE *out, const struct arg *arg)
{
	const struct type *t = arg->type;
	const char *n = arg->name;
	const char *base = type_user_ctype(t);

	switch (arg->wire) {
	case WIRE_INLINE:
		if (t->kind == TYPE_SCALAR ||
		    (t->kind == TYPE_STRUCT && t->name))
			fprintf(out, "\t*%s = OutP->%s;\n", n, n);
		else
			fprintf(out, "\tmemcpy(%s, OutP->%s, %u);\n", n, n,
				t->kind == TYPE_STRUCT ? t->size
						       : t->count * t->size);
		break;
	case WIRE_PORT:
		fprintf(out, "\t*%s = OutP->%s.name;\n", n, n);
		break;
	case WIRE_VARIABLE:
		gen_user_copy_variable(out, arg);
		break;
	case WIRE_PORT_ARRAY:
		gen_user_copy_port_array(out, arg);
		break;
	case WIRE_OOL:
	case WIRE_OOL_PORTS:
		fprintf(out, "\t*%s = (%s)(uintptr_t)OutP->%s.address;\n", n,
			base, n);
		if (gen_arg_has_count(arg))
			fprintf(out, "\t*%sCnt = OutP->%sCnt;\n", n, n);
		break;
	case WIRE_DYNAMIC:
		gen_user_copy_dynamic(out, arg, base);
		fprintf(out, "\t*%sCnt = OutP->%sCnt;\n", n, n);
		break;
	case WIRE_NONE:
		break;
	}
	if (gen_arg_is_poly(arg, false))
		fprintf(out, "\t*%sPoly = OutP->%s%s.disposition;\n", n, n,
			arg->wire == WIRE_PORT_ARRAY ? "[0]" : "");
}

static void
gen_user_reply(FILE *out, const struct routine *r)
{
	struct gen_message m;
	const struct arg *arg;
	long id = idl_subsystem.base + r->number + 100;

	gen_message_build(&m, r, true);
	fprintf(out,
		"\n\t/* check the reply */\n"
		"\tif (OutP->Head.msgh_id != %ld) {\n"
		"\t\tif (OutP->Head.msgh_id == MACH_NOTIFY_SEND_ONCE)\n"
		"\t\t\treturn MIG_SERVER_DIED;\n"
		"\t\treturn MIG_REPLY_MISMATCH;\n\t}\n",
		id);
	fprintf(out,
		"\tif (!(OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&\n"
		"\t    OutP->Head.msgh_size == sizeof(mig_reply_error_t) &&\n"
		"\t    Mess.Error.RetCode != KERN_SUCCESS)\n"
		"\t\treturn Mess.Error.RetCode;\n");
	gen_message_check(out, &m, "OutP", GEN_USER_FAIL);
	gen_message_trailer(out, r, "OutP", true, "return MIG_TRAILER_ERROR;");
	gen_message_unpack(out, &m, "OutP", GEN_USER_FAIL);
	fprintf(out, "\tif (OutP->RetCode != KERN_SUCCESS)\n"
		     "\t\treturn OutP->RetCode;\n\n");
	for (arg = r->args; arg != NULL; arg = arg->next) {
		if (arg->in_reply)
			gen_user_copy_out(out, arg);
		else if (arg->kind == ARG_USERSECTOKEN)
			fprintf(out, "\t*%s = mig_trailer.msgh_sender;\n",
				arg->name);
		else if (arg->kind == ARG_USERAUDITTOKEN)
			fprintf(out, "\t*%s = mig_trailer.msgh_audit;\n",
				arg->name);
	}
	fprintf(out, "\treturn KERN_SUCCESS;\n");
}

static void
gen_user_locals(FILE *out, const struct routine *r)
{
	const char *request = gen_struct_name(r, false);
	const char *reply = gen_struct_name(r, true);

	fprintf(out, "\tunion {\n\t\t%s In;\n", request);
	if (!r->simple)
		fprintf(out,
			"\t\t%s Out;\n\t\tmig_reply_error_t Error;\n"
			"\t\tchar Buffer[sizeof(%s) + MAX_TRAILER_SIZE];\n",
			reply, reply);
	/*
	 * In the kernel's form a header holds pointers, and the kernel
	 * reads it as a mach_msg_header_t: the buffer must be aligned for
	 * them, which the message structs (packed to 4) are not.
	 */
	fprintf(out, "\t} Mess%s;\n\t%s *InP = &Mess.In;\n",
		idl_subsystem.kernel_user ? " __attribute__((aligned(8)))" : "",
		request);
	if (r->simple)
		return;
	fprintf(out,
		"\t%s *OutP = &Mess.Out;\n"
		"\tmach_msg_return_t msg_result;\n",
		reply);
	if (!idl_subsystem.kernel_user &&
	    (r->reply_port == NULL || r->reply_port->kind == ARG_SREPLYPORT))
		fprintf(out, "\tmach_port_t mig_reply_port = %s();\n",
			gen_subr("mig_get_reply_port"));
	fprintf(out, "\n");
}

static void
gen_user_routine(FILE *out, const struct routine *r)
{
	fprintf(out, "/* %s %s: msgh_id %ld */\nkern_return_t\n%s",
		r->simple ? "simpleroutine" : "routine", r->name,
		idl_subsystem.base + r->number, gen_user_name(r));
	gen_params(out, r, false);
	fprintf(out, "\n{\n");
	gen_user_locals(out, r);
	gen_user_request(out, r);
	gen_user_head(out, r);
	fprintf(out, "\n");
	gen_user_send(out, r);
	if (!r->simple)
		gen_user_reply(out, r);
	fprintf(out, "}\n\n");
}

void
gen_user(FILE *out)
{
	const struct routine *r;

	gen_banner(out);
	gen_includes(out, IMPORT_USER);
	gen_all_structs(out);
	for (r = idl_subsystem.routines; r != NULL; r = r->next)
		gen_user_routine(out, r);
}
