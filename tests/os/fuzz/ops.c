/*
 * The catalogue of operations and the making of one call (see fuzz.h).
 *
 * The families (msg.c, port.c, task.c, thread.c, traps.c, scenario.c,
 * vm.c, pager.c, io.c) each give a
 * table of operations with weights.  A call draws its operation from all
 * of them in proportion to the weights, leaving out those the run avoids
 * (fz_config.fc_avoid) and, in a script thread, those only the main
 * thread may make.  Some calls also mutate the requests their RPCs send
 * (stubs.c), a tenth to a half of them.
 */
#include "fuzz.h"

#include <stdio.h>

struct fz_family {
	const struct fz_op *ff_ops;
	const unsigned *ff_count;
};

static const struct fz_family fz_families[] = {
    {fz_msg_ops, &fz_msg_op_count},   {fz_port_ops, &fz_port_op_count},
    {fz_task_ops, &fz_task_op_count}, {fz_thread_ops, &fz_thread_op_count},
    {fz_trap_ops, &fz_trap_op_count}, {fz_scenario_ops, &fz_scenario_op_count},
    {fz_vm_ops, &fz_vm_op_count},     {fz_pager_ops, &fz_pager_op_count},
    {fz_io_ops, &fz_io_op_count},
};

#define FZ_OPS_MAX 128 /* all families' operations (io.c made it 66) */

static const struct fz_op *fz_ops[FZ_OPS_MAX];
static unsigned fz_weights[2][FZ_OPS_MAX]; /* [in a thread][op] */
static unsigned fz_op_count;

/* Flattens the families into one table (once; every call sees the same). */
static void
fz_ops_init(void)
{
	if (fz_op_count > 0)
		return;
	for (unsigned f = 0; f < FZ_ARRAY_SIZE(fz_families); f++)
		for (unsigned i = 0; i < *fz_families[f].ff_count; i++) {
			const struct fz_op *op = &fz_families[f].ff_ops[i];
			if (fz_op_count == FZ_OPS_MAX) { /* never silently */
				fz_print("FUZZ-FAIL usage: more than %u "
					 "operations (FZ_OPS_MAX)",
					 FZ_OPS_MAX);
				return;
			}
			unsigned n = fz_op_count++;
			fz_ops[n] = op;
			unsigned weight = (op->fo_avoid & fz_config.fc_avoid)
					      ? 0
					      : op->fo_weight;
			/* the UNIX server's io only in a boot with it: a
			 * weight of 0 keeps the other campaigns' draws */
			if (fz_families[f].ff_ops == fz_io_ops &&
			    !fz_config.fc_io)
				weight = 0;
			fz_weights[0][n] = weight;
			fz_weights[1][n] = op->fo_main_only ? 0 : weight;
		}
}

static void
fz_call_make(struct fz_call *call, int in_thread)
{
	struct fz_tls *tls = fz_tls_self();

	fz_ops_init();
	unsigned n =
	    fz_weighted(&call->fc_rng, fz_weights[in_thread], fz_op_count);
	const struct fz_op *op = fz_ops[n];
	unsigned mutate = FZ_CHANCE(call, 30) ? 10 + FZ_BELOW(call, 41) : 0;
	struct fz_call *saved_call = tls->ft_call;
	unsigned saved_mutate = tls->ft_mutate;
	tls->ft_call = call;
	tls->ft_mutate = mutate;
	if (call->fc_verbose)
		fz_print("FUZZ-CALL %llu %s",
			 (unsigned long long)call->fc_index, op->fo_name);
	fz_say(call, "%s%s: ", op->fo_name, mutate ? " (mutating)" : "");
	op->fo_function(call);
	tls->ft_mutate = saved_mutate;
	tls->ft_call = saved_call;
}

void
fz_check_failed(struct fz_call *call, const char *fmt, ...)
{
	char text[300];
	va_list args;

	va_start(args, fmt);
	vsnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	fz_print("FUZZ-FAIL check batch=%llu: call %llu: %s",
		 (unsigned long long)(call->fc_index / fz_config.fc_batch),
		 (unsigned long long)call->fc_index, text);
}

void
fz_call_run(struct fz_call *call)
{
	fz_call_make(call, 0);
}

void
fz_call_run_in_thread(struct fz_call *call)
{
	fz_call_make(call, 1);
}
