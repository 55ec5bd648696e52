/*
 * Semantic checks of routines, and the decision of how each argument
 * travels.
 *
 * Entry point: routine_check_all(), after parsing.  For each routine it
 * gives every argument a definite kind (the first argument without one
 * is the request port, the others are `in`), finds the request port,
 * reply port, waittime and msgoption arguments, checks that each
 * argument's type fits its kind, and sets the argument's wire class
 * (enum arg_wire) and whether it is in the request and/or the reply.
 *
 * Wire classes by type:
 *	scalar, struct, [N] array, c_string[N]	WIRE_INLINE
 *	port					WIRE_PORT
 *	array[*:N], c_string[*:N]		WIRE_VARIABLE
 *	^array[...], ^struct, ^scalar		WIRE_OOL
 *	array[N], array[*:N] of ports		WIRE_PORT_ARRAY
 *	array[], array[*], ^array of ports	WIRE_OOL_PORTS
 *	array[] / array[*] (unbounded, not ^)	WIRE_DYNAMIC
 */
#include <string.h>

#include "idl.h"

static enum arg_wire
routine_wire(const struct type *type)
{
	switch (type->kind) {
	case TYPE_SCALAR:
	case TYPE_STRUCT:
		return WIRE_INLINE;
	case TYPE_PORT:
		return WIRE_PORT;
	case TYPE_STRING:
		return type->array_kind == ARRAY_FIXED ? WIRE_INLINE
						       : WIRE_VARIABLE;
	case TYPE_ARRAY:
		break;
	}
	if (type_is_port_array(type))
		return type->out_of_line || type->array_kind == ARRAY_UNBOUNDED
			   ? WIRE_OOL_PORTS
			   : WIRE_PORT_ARRAY;
	if (type->out_of_line)
		return WIRE_OOL;
	switch (type->array_kind) {
	case ARRAY_FIXED:
		return WIRE_INLINE;
	case ARRAY_BOUNDED:
		return WIRE_VARIABLE;
	case ARRAY_UNBOUNDED:
		break;
	}
	return WIRE_DYNAMIC;
}

/* Give default kinds: the request port is the first argument. */
static void
routine_default_kinds(struct routine *routine)
{
	struct arg *arg;
	bool explicit_request = false;

	for (arg = routine->args; arg != NULL; arg = arg->next)
		if (arg->kind == ARG_REQUESTPORT)
			explicit_request = true;
	for (arg = routine->args; arg != NULL; arg = arg->next) {
		if (arg == routine->args && !explicit_request &&
		    (arg->kind == ARG_KIND_DEFAULT || arg->kind == ARG_IN))
			arg->kind = ARG_REQUESTPORT;
		else if (arg->kind == ARG_KIND_DEFAULT)
			arg->kind = ARG_IN;
	}
}

static void
routine_set_special(struct routine *routine, struct arg **slot, struct arg *arg,
		    const char *what)
{
	if (*slot != NULL) {
		diag_error(arg->pos, "routine %s has more than one %s argument",
			   routine->name, what);
		return;
	}
	*slot = arg;
}

static void
routine_find_special(struct routine *routine)
{
	struct arg *arg;

	for (arg = routine->args; arg != NULL; arg = arg->next) {
		switch (arg->kind) {
		case ARG_REQUESTPORT:
			routine_set_special(routine, &routine->request_port,
					    arg, "request port");
			break;
		case ARG_REPLYPORT:
		case ARG_SREPLYPORT:
		case ARG_UREPLYPORT:
			routine_set_special(routine, &routine->reply_port, arg,
					    "reply port");
			break;
		case ARG_WAITTIME:
			routine_set_special(routine, &routine->waittime, arg,
					    "waittime");
			break;
		case ARG_MSGOPTION:
			routine_set_special(routine, &routine->msgoption, arg,
					    "msgoption");
			break;
		default:
			break;
		}
	}
}

/* Each repeated name once, at its second and each later appearance. */
static void
routine_check_names(struct routine *routine)
{
	struct arg *a, *b;

	for (b = routine->args; b != NULL; b = b->next) {
		for (a = routine->args; a != b; a = a->next) {
			if (strcmp(a->name, b->name) == 0) {
				diag_error(b->pos,
					   "argument '%s' appears twice "
					   "in routine %s",
					   b->name, routine->name);
				break;
			}
		}
	}
}

static bool
routine_check_ctype(const struct arg *arg)
{
	if (type_ctype(arg->type) != NULL)
		return true;
	diag_error(arg->pos,
		   "argument '%s': an anonymous struct needs a "
		   "type statement to name its C type",
		   arg->name);
	return false;
}

/* An in, out or inout argument. */
static void
routine_check_data(struct routine *routine, struct arg *arg)
{
	arg->wire = routine_wire(arg->type);
	arg->in_request = arg->kind != ARG_OUT;
	arg->in_reply = arg->kind != ARG_IN;
	if (arg->in_reply && routine->simple) {
		diag_error(arg->pos,
			   "simpleroutine %s cannot have an out "
			   "argument ('%s')",
			   routine->name, arg->name);
		return;
	}
	if (arg->kind == ARG_INOUT && arg->wire != WIRE_INLINE &&
	    arg->wire != WIRE_PORT && arg->wire != WIRE_OOL)
		diag_error(arg->pos,
			   "inout argument '%s': only scalars, "
			   "structs, fixed arrays, ports and "
			   "out-of-line data (^) can be inout",
			   arg->name);
	if ((arg->flags & ARG_FLAG_COUNTINOUT) != 0) {
		if (arg->kind == ARG_OUT &&
		    (arg->wire == WIRE_VARIABLE || arg->wire == WIRE_DYNAMIC) &&
		    arg->type->kind == TYPE_ARRAY)
			arg->count_in_request = true;
		else
			diag_warning(arg->pos,
				     "countinout on '%s' ignored: it "
				     "needs an out array[*:N] or array[]",
				     arg->name);
	}
	if ((arg->flags & ARG_FLAG_SERVERCOPY) != 0 &&
	    !(arg->kind == ARG_IN && (arg->wire == WIRE_DYNAMIC)))
		diag_warning(arg->pos,
			     "servercopy on '%s' ignored: it needs "
			     "an in array[]",
			     arg->name);
	routine_check_ctype(arg);
}

static void
routine_check_arg(struct routine *routine, struct arg *arg)
{
	arg->wire = WIRE_NONE;
	switch (arg->kind) {
	case ARG_IN:
	case ARG_OUT:
	case ARG_INOUT:
		routine_check_data(routine, arg);
		break;
	case ARG_REQUESTPORT:
	case ARG_REPLYPORT:
	case ARG_SREPLYPORT:
	case ARG_UREPLYPORT:
		if (arg->type->kind != TYPE_PORT)
			diag_error(arg->pos, "'%s' must have a port type",
				   arg->name);
		break;
	case ARG_USERSECTOKEN:
	case ARG_USERAUDITTOKEN:
		if (routine->simple)
			diag_error(arg->pos,
				   "simpleroutine %s gets no reply "
				   "to take '%s' from",
				   routine->name, arg->name);
		routine_check_ctype(arg);
		break;
	default:
		if (arg->type->kind != TYPE_SCALAR &&
		    arg->type->kind != TYPE_STRUCT)
			diag_error(arg->pos, "'%s' must have a scalar type",
				   arg->name);
		routine_check_ctype(arg);
		break;
	}
}

static bool
routine_has_descriptor(const struct arg *arg)
{
	return arg->wire == WIRE_PORT || arg->wire == WIRE_OOL ||
	       arg->wire == WIRE_OOL_PORTS || arg->wire == WIRE_DYNAMIC ||
	       arg->wire == WIRE_PORT_ARRAY;
}

int
routine_count_descriptors(const struct routine *routine, bool reply)
{
	const struct arg *arg;
	int n = 0;

	for (arg = routine->args; arg != NULL; arg = arg->next)
		if (routine_has_descriptor(arg) &&
		    (reply ? arg->in_reply : arg->in_request))
			n++;
	return n;
}

void
routine_check(struct routine *routine)
{
	struct arg *arg;

	routine_default_kinds(routine);
	routine_find_special(routine);
	routine_check_names(routine);
	if (routine->request_port == NULL) {
		diag_error(routine->pos,
			   "routine %s has no request port (its "
			   "first argument)",
			   routine->name);
		return;
	}
	for (arg = routine->args; arg != NULL; arg = arg->next) {
		routine_check_arg(routine, arg);
		if (arg->wire == WIRE_VARIABLE || arg->wire == WIRE_DYNAMIC) {
			if (arg->in_request)
				routine->request_variable = true;
			if (arg->in_reply)
				routine->reply_variable = true;
		}
	}
	routine->request_complex =
	    routine_count_descriptors(routine, false) > 0;
	routine->reply_complex = routine_count_descriptors(routine, true) > 0;
}

void
routine_check_all(void)
{
	struct routine *routine;
	struct routine *other;

	for (routine = idl_subsystem.routines; routine != NULL;
	     routine = routine->next) {
		for (other = idl_subsystem.routines; other != routine;
		     other = other->next) {
			if (strcmp(other->name, routine->name) == 0) {
				diag_error(routine->pos,
					   "routine %s defined "
					   "twice",
					   routine->name);
				break;
			}
		}
		routine_check(routine);
	}
}
