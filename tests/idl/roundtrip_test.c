/*
 * Round-trip tests of generated stubs: tests/idl/roundtrip.defs compiled
 * by build/bin/mig, its user stubs calling its server stubs through the
 * loopback transport (loopback.c), and tests/idl/roundtrip_kernel.defs,
 * whose KernelUser stubs send through the kernel's functions.  Each test checks that one kind of
 * argument arrives intact both ways; the malformed_* tests alter a
 * request or reply in transit and check that the receiving stub refuses
 * it without calling the routine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "loopback.h"
#include "roundtrip.h"
/* The -noregs stubs' header has the same guard: its own prototypes. */
#undef roundtrip_USER_H
#include "nr.h"
#include "roundtripServer.h"
#include "rtkernel.h"
#include "rtkernelServer.h"

#define PORT 0x1001

static int server_calls;
static mach_port_t deferred_reply;
static mach_port_seqno_t deferred_seqno;

/* The server routines. */

kern_return_t
S_rt_scalars(mach_port_t server, int8_t a8, int16_t a16, int32_t a32,
	     int64_t a64, boolean_t flag, int64_t *r64, uint8_t *r8,
	     int32_t *counter)
{
	server_calls++;
	assert_int_equal(server, PORT);
	assert_int_equal(a8, -5);
	assert_int_equal(a16, -1234);
	assert_int_equal(a32, 0x12345678);
	assert_true(a64 == (int64_t)0x123456789abcdef0);
	assert_int_equal(flag, TRUE);
	*r64 = a64 + 1;
	*r8 = 200;
	*counter += 1;
	return KERN_SUCCESS;
}

kern_return_t
S_rt_arrays(mach_port_t server, fixed_array_t fixed, int_array_t var,
	    mach_msg_type_number_t varCnt, int32_t after, bytes_t bytes,
	    mach_msg_type_number_t bytesCnt, int64_t tail, int_array_t outvar,
	    mach_msg_type_number_t *outvarCnt, fixed_array_t outfixed,
	    int32_t *last)
{
	mach_msg_type_number_t i;

	(void)server;
	server_calls++;
	for (i = 0; i < 4; i++)
		assert_int_equal(fixed[i], i + 1);
	assert_int_equal(*outvarCnt, 16);
	for (i = 0; i < varCnt; i++) {
		assert_int_equal(var[i], 100 + i);
		outvar[varCnt - 1 - i] = var[i];
	}
	*outvarCnt = varCnt;
	assert_int_equal(bytesCnt, 3);
	assert_int_equal(bytes[0], 9);
	assert_int_equal(bytes[2], 7);
	for (i = 0; i < 4; i++)
		outfixed[i] = (int16_t)(fixed[i] * 2);
	*last = after + (int32_t)tail;
	return KERN_SUCCESS;
}

kern_return_t
S_rt_open(mach_port_t server, open_array_t data, mach_msg_type_number_t dataCnt,
	  int32_t n, open_array_t *back, mach_msg_type_number_t *backCnt,
	  int64_t *sum)
{
	mach_msg_type_number_t i;

	(void)server;
	server_calls++;
	*sum = 0;
	for (i = 0; i < dataCnt; i++)
		*sum += data[i];
	if ((mach_msg_type_number_t)n > *backCnt)
		*back = malloc((size_t)n * sizeof(int32_t)); /* goes OOL */
	for (i = 0; i < (mach_msg_type_number_t)n; i++)
		(*back)[i] = (int32_t)i * 3;
	*backCnt = (mach_msg_type_number_t)n;
	return KERN_SUCCESS;
}

kern_return_t
S_rt_ool(mach_port_t server, ool_array_t data, mach_msg_type_number_t dataCnt,
	 fixed_ool_t fixed, ool_array_t *back, mach_msg_type_number_t *backCnt,
	 int64_t *sum)
{
	mach_msg_type_number_t i;

	(void)server;
	server_calls++;
	*sum = 0;
	for (i = 0; i < dataCnt; i++)
		*sum += data[i];
	for (i = 0; i < 8; i++)
		*sum += fixed[i];
	free(data); /* ^array: the routine owns what it received */
	free(fixed);
	*back = malloc(5 * sizeof(int32_t));
	for (i = 0; i < 5; i++)
		(*back)[i] = -(int32_t)i;
	*backCnt = 5;
	return KERN_SUCCESS;
}

kern_return_t
S_rt_strings(mach_port_t server, name_t name, path_t path, int32_t code,
	     name_t oname, path_t opath, int32_t *len)
{
	(void)server;
	server_calls++;
	assert_string_equal(name, "hello");
	assert_string_equal(path, "/a/b");
	assert_int_equal(code, 42);
	strcpy(oname, "world");
	strcpy(opath, "/x/y/z");
	*len = (int32_t)strlen(path);
	return KERN_SUCCESS;
}

kern_return_t
S_rt_structs(mach_port_t server, pair_t pair, point_t point, point_t *opoint,
	     pair_t *ipair)
{
	(void)server;
	server_calls++;
	assert_int_equal(pair.v[0], 1);
	assert_int_equal(pair.v[1], 2);
	assert_int_equal(point.x, 3);
	assert_true(point.y == (int64_t)1 << 40);
	opoint->x = point.x + 1;
	opoint->y = point.y + 1;
	ipair->v[0] += 10;
	ipair->v[1] += 20;
	return KERN_SUCCESS;
}

kern_return_t
S_rt_ports(mach_port_t server, mach_port_t send, mach_port_t recv,
	   mach_port_t poly, mach_msg_type_name_t polyPoly,
	   mach_port_name_t name, port_array_t ports,
	   mach_msg_type_number_t portsCnt, mach_port_t *oport,
	   mach_port_t *opoly, mach_msg_type_name_t *opolyPoly,
	   port_array_t *oports, mach_msg_type_number_t *oportsCnt)
{
	(void)server;
	server_calls++;
	assert_int_equal(send, 0x100);
	assert_int_equal(recv, 0x200);
	assert_int_equal(poly, 0x300);
	assert_int_equal(polyPoly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	assert_int_equal(name, 0x400);
	assert_int_equal(portsCnt, 3);
	assert_int_equal(ports[2], 0x702);
	free(ports);
	*oport = 0x500;
	*opoly = 0x600;
	*opolyPoly = MACH_MSG_TYPE_COPY_SEND;
	*oports = malloc(2 * sizeof(mach_port_t));
	(*oports)[0] = 0x800;
	(*oports)[1] = 0x801;
	*oportsCnt = 2;
	return KERN_SUCCESS;
}

kern_return_t
S_rt_countinout(mach_port_t server, big_array_t data,
		mach_msg_type_number_t *dataCnt)
{
	mach_msg_type_number_t i;

	(void)server;
	server_calls++;
	for (i = 0; i < *dataCnt; i++)
		data[i] = (int64_t)i << 33;
	return KERN_SUCCESS;
}

kern_return_t
S_rt_simple(mach_port_t server, int32_t value, path_t path)
{
	(void)server;
	server_calls++;
	assert_int_equal(value, 7);
	assert_string_equal(path, "simple");
	return KERN_SUCCESS;
}

kern_return_t
S_rt_deferred(mach_port_t server, mach_port_t reply,
	      mach_msg_type_name_t replyPoly, int32_t value,
	      mach_port_seqno_t seqno, int32_t *result)
{
	(void)server;
	(void)result;
	server_calls++;
	assert_int_equal(value, 11);
	assert_int_equal(replyPoly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	deferred_reply = reply;
	deferred_seqno = seqno;
	return MIG_NO_REPLY;
}

kern_return_t
S_rt_error(mach_port_t server, kern_return_t code, int32_t *never)
{
	(void)server;
	server_calls++;
	*never = 1;
	return code;
}

/* ^struct, ^T and inout ^: out-of-line regions of exactly sizeof(T). */
static options_t reply_options; /* not dealloc: stays the server's */

kern_return_t
S_rt_ool_struct(mach_port_t server, options_ptr_t options, point_t *point,
		int64_t *scale, options_ptr_t *oopts, point_ptr_t *opoint)
{
	int i;

	(void)server;
	server_calls++;
	assert_true(options->v[0] == 1 && options->v[1] == (uint64_t)2 << 40 &&
		    options->v[2] == 3);
	assert_int_equal(point->x, 3);
	assert_true(point->y == (int64_t)1 << 40);
	assert_true(*scale == 7);
	for (i = 0; i < 3; i++)
		reply_options.v[i] = options->v[i] * (uint64_t)*scale;
	*oopts = &reply_options;
	*opoint = malloc(sizeof(point_t)); /* dealloc: the reply frees it */
	(*opoint)->x = point->x + 1;
	(*opoint)->y = point->y + 1;
	free(options); /* in ^: the routine owns what it received */
	free(point);
	free(scale);
	return KERN_SUCCESS;
}

kern_return_t
S_rt_ool_inout(mach_port_t server, ool_array_t *data,
	       mach_msg_type_number_t *dataCnt, options_ptr_t *opts)
{
	mach_msg_type_number_t i;

	(void)server;
	server_calls++;
	assert_int_equal(*dataCnt, 4);
	for (i = 0; i < *dataCnt; i++)
		assert_int_equal((*data)[i], (int32_t)i + 1);
	/* in place, one fewer: the request's regions go back */
	for (i = 0; i < 3; i++)
		(*data)[i] *= 10;
	*dataCnt = 3;
	(*opts)->v[0] += 100;
	return KERN_SUCCESS;
}

/* Inline port arrays: a descriptor per port, names in arrays. */
kern_return_t
S_rt_port_arrays(mach_port_t server, handlers_t handlers,
		 mach_msg_type_number_t handlersCnt, port_pair_t pair,
		 poly_pair_t poly, mach_msg_type_name_t polyPoly,
		 handlers_t ohandlers, mach_msg_type_number_t *ohandlersCnt,
		 port_pair_t opair, poly_pair_t opoly,
		 mach_msg_type_name_t *opolyPoly)
{
	(void)server;
	server_calls++;
	assert_int_equal(handlersCnt, 3);
	assert_int_equal(handlers[0], 0x101);
	assert_int_equal(handlers[2], 0x103);
	assert_int_equal(pair[0], 0x201);
	assert_int_equal(pair[1], 0x202);
	assert_int_equal(poly[1], 0x302);
	assert_int_equal(polyPoly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	assert_int_equal(*ohandlersCnt, 4); /* the array's bound */
	ohandlers[0] = 0x401;
	ohandlers[1] = 0x402;
	*ohandlersCnt = 2;
	opair[0] = 0x501;
	opair[1] = 0x502;
	opoly[0] = 0x601;
	opoly[1] = 0x602;
	*opolyPoly = MACH_MSG_TYPE_MOVE_SEND;
	return KERN_SUCCESS;
}

/* The KernelUser interface's server routines. */
static int kernel_notify_code;

kern_return_t
S_rk_construct(mach_port_t server, options_ptr_t options, uint64_t context,
	       ool_array_t *data, mach_msg_type_number_t *dataCnt,
	       options_ptr_t *oopts, mach_port_name_t *name)
{
	(void)server;
	server_calls++;
	assert_true(options->v[2] == 9);
	assert_true(context == (uint64_t)5 << 33);
	assert_int_equal(*dataCnt, 2);
	(*data)[1] = -1;
	reply_options = *options;
	reply_options.v[0] = 42;
	*oopts = &reply_options;
	*name = 0x1234;
	free(options);
	return KERN_SUCCESS;
}

kern_return_t
S_rk_notify(mach_port_t server, options_ptr_t options, int32_t code)
{
	(void)server;
	server_calls++;
	kernel_notify_code = code + (int32_t)options->v[1];
	free(options);
	return KERN_SUCCESS;
}

static int
setup(void **state)
{
	(void)state;
	loopback_init(roundtrip_server);
	server_calls = 0;
	return 0;
}

static int
setup_kernel(void **state)
{
	(void)state;
	loopback_init(rtkernel_server);
	server_calls = 0;
	kernel_notify_code = 0;
	return 0;
}

/* The tests: every kind of argument, both ways. */

static void
test_scalars(void **state)
{
	int64_t r64 = 0;
	uint8_t r8 = 0;
	int32_t counter = 10;

	(void)state;
	assert_int_equal(rt_scalars(PORT, -5, -1234, 0x12345678,
				    (int64_t)0x123456789abcdef0, TRUE, &r64,
				    &r8, &counter),
			 KERN_SUCCESS);
	assert_true(r64 == (int64_t)0x123456789abcdef1);
	assert_int_equal(r8, 200);
	assert_int_equal(counter, 11);
	assert_int_equal(server_calls, 1);
	/* skip; counts: rt_arrays is routine 2 */
	assert_int_equal(((mach_msg_header_t *)loopback_last_request)->msgh_id,
			 4000);
}

static void
test_arrays(void **state)
{
	fixed_array_t fixed = {1, 2, 3, 4}, outfixed;
	int32_t var[5] = {100, 101, 102, 103, 104}, outvar[16];
	uint8_t bytes[3] = {9, 8, 7};
	mach_msg_type_number_t outvarCnt = 16;
	int32_t last = 0;

	(void)state;
	assert_int_equal(rt_arrays(PORT, fixed, var, 5, 77, bytes, 3, -9,
				   outvar, &outvarCnt, outfixed, &last),
			 KERN_SUCCESS);
	assert_int_equal(outvarCnt, 5);
	assert_int_equal(outvar[0], 104);
	assert_int_equal(outvar[4], 100);
	assert_int_equal(outfixed[3], 8);
	assert_int_equal(last, 68);
	assert_int_equal(((mach_msg_header_t *)loopback_last_request)->msgh_id,
			 4002);
	/* packed: 24 + 8 fixed + 4+20 var + 4 after + 4+4 bytes + 8 tail */
	assert_int_equal(
	    ((mach_msg_header_t *)loopback_last_request)->msgh_size,
	    24 + 8 + 24 + 4 + 8 + 8);
}

static void
test_array_bounds(void **state)
{
	fixed_array_t fixed = {1, 2, 3, 4}, outfixed;
	int32_t var[17] = {0}, outvar[16];
	uint8_t bytes[3] = {9, 8, 7};
	mach_msg_type_number_t outvarCnt = 2;
	int32_t last;

	(void)state;
	assert_int_equal(rt_arrays(PORT, fixed, var, 17, 0, bytes, 3, 0, outvar,
				   &outvarCnt, outfixed, &last),
			 MIG_ARRAY_TOO_LARGE);
	assert_int_equal(server_calls, 0);
	for (int i = 0; i < 5; i++)
		var[i] = 100 + i;
	/* The caller's out buffer holds 2: the stub says so. */
	assert_int_equal(rt_arrays(PORT, fixed, var, 5, 0, bytes, 3, 0, outvar,
				   &outvarCnt, outfixed, &last),
			 MIG_ARRAY_TOO_LARGE);
	assert_int_equal(outvarCnt, 5);
}

static void
test_open_inline(void **state)
{
	int32_t data[10], buffer[16];
	int32_t *back = buffer;
	mach_msg_type_number_t backCnt = 16;
	int64_t sum = 0;

	(void)state;
	for (int i = 0; i < 10; i++)
		data[i] = i;
	assert_int_equal(rt_open(PORT, data, 10, 12, &back, &backCnt, &sum),
			 KERN_SUCCESS);
	assert_int_equal(sum, 45);
	assert_int_equal(backCnt, 12);
	assert_ptr_equal(back, buffer); /* fits: into the caller's buffer */
	assert_int_equal(back[11], 33);
	/* inline both ways: no descriptor carries data */
	assert_int_equal(loopback_stats.allocations, 0);
}

static void
test_open_out_of_line(void **state)
{
	int32_t *data = malloc(3000 * sizeof(int32_t));
	int32_t buffer[4];
	int32_t *back = buffer;
	mach_msg_type_number_t backCnt = 4;
	int64_t sum = 0;

	(void)state;
	for (int i = 0; i < 3000; i++)
		data[i] = 1;
	assert_int_equal(rt_open(PORT, data, 3000, 1000, &back, &backCnt, &sum),
			 KERN_SUCCESS);
	assert_int_equal(sum, 3000);
	assert_int_equal(backCnt, 1000);
	assert_ptr_not_equal(back, buffer);
	assert_int_equal(back[999], 2997);
	/* the server stub freed the request's out-of-line copy */
	assert_int_equal(loopback_stats.deallocations, 1);
	free(back);
	free(data);
}

static void
test_open_allocated(void **state)
{
	int32_t data[1] = {5};
	int32_t *back = NULL;
	mach_msg_type_number_t backCnt = 0;
	int64_t sum = 0;

	(void)state;
	/* capacity 0: inline data comes back in memory from mig_allocate */
	assert_int_equal(rt_open(PORT, data, 1, 3, &back, &backCnt, &sum),
			 KERN_SUCCESS);
	assert_int_equal(loopback_stats.allocations, 1);
	assert_int_equal(backCnt, 3);
	assert_int_equal(back[2], 6);
	free(back);
}

static void
test_ool(void **state)
{
	int32_t *data = malloc(100 * sizeof(int32_t));
	uint8_t fixed[8] = {1, 1, 1, 1, 1, 1, 1, 1};
	int32_t *back = NULL;
	mach_msg_type_number_t backCnt = 0;
	int64_t sum = 0;

	(void)state;
	for (int i = 0; i < 100; i++)
		data[i] = 2;
	/* dealloc: the transport frees data once it is copied */
	assert_int_equal(rt_ool(PORT, data, 100, fixed, &back, &backCnt, &sum),
			 KERN_SUCCESS);
	assert_int_equal(sum, 208);
	assert_int_equal(backCnt, 5);
	assert_int_equal(back[4], -4);
	free(back);
}

static void
test_strings(void **state)
{
	name_t name = "hello", oname;
	char opath[64];
	int32_t len = 0;

	(void)state;
	assert_int_equal(rt_strings(PORT, name, "/a/b", 42, oname, opath, &len),
			 KERN_SUCCESS);
	assert_string_equal(oname, "world");
	assert_string_equal(opath, "/x/y/z");
	assert_int_equal(len, 4);
}

static void
test_structs(void **state)
{
	pair_t pair = {{1, 2}}, ipair = {{5, 6}};
	point_t point = {3, (int64_t)1 << 40}, opoint;

	(void)state;
	assert_int_equal(rt_structs(PORT, pair, point, &opoint, &ipair),
			 KERN_SUCCESS);
	assert_int_equal(opoint.x, 4);
	assert_true(opoint.y == ((int64_t)1 << 40) + 1);
	assert_int_equal(ipair.v[0], 15);
	assert_int_equal(ipair.v[1], 26);
}

static void
test_ports(void **state)
{
	mach_port_t ports[3] = {0x700, 0x701, 0x702};
	mach_port_t oport = 0, opoly = 0, *oports = NULL;
	mach_msg_type_name_t opolyPoly = 0;
	mach_msg_type_number_t oportsCnt = 0;

	(void)state;
	assert_int_equal(rt_ports(PORT, 0x100, 0x200, 0x300,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE, 0x400, ports, 3,
				  &oport, &opoly, &opolyPoly, &oports,
				  &oportsCnt),
			 KERN_SUCCESS);
	assert_int_equal(oport, 0x500);
	assert_int_equal(opoly, 0x600);
	assert_int_equal(opolyPoly, MACH_MSG_TYPE_PORT_SEND);
	assert_int_equal(oportsCnt, 2);
	assert_int_equal(oports[1], 0x801);
	free(oports);
}

static void
test_countinout(void **state)
{
	int64_t data[1024];
	mach_msg_type_number_t dataCnt = 5;

	(void)state;
	assert_int_equal(rt_countinout(PORT, data, &dataCnt), KERN_SUCCESS);
	assert_int_equal(dataCnt, 5);
	assert_true(data[4] == (int64_t)4 << 33);
}

static void
test_simpleroutine(void **state)
{
	(void)state;
	assert_int_equal(rt_simple(PORT, 7, "simple"), MACH_MSG_SUCCESS);
	assert_int_equal(server_calls, 1);
	assert_int_equal(loopback_stats.last_retcode, MIG_NO_REPLY);
	assert_int_equal(loopback_stats.replies, 0);
}

static void
test_deferred_reply(void **state)
{
	int32_t result;

	(void)state;
	assert_int_equal(rt_deferred(PORT, 11, &result), MACH_RCV_TIMED_OUT);
	assert_int_equal(server_calls, 1);
	assert_int_equal(deferred_reply, LOOPBACK_REPLY_PORT);
	assert_true(deferred_seqno > 0);
	assert_int_equal(loopback_stats.replies, 0);
	/* a receive error: the stub gave its reply port up */
	assert_int_equal(loopback_stats.dealloc_reply_ports, 1);
}

static void
test_server_error(void **state)
{
	int32_t never = 0;

	(void)state;
	assert_int_equal(rt_error(PORT, KERN_INVALID_ARGUMENT, &never),
			 KERN_INVALID_ARGUMENT);
	assert_int_equal(never, 0);
}

/*
 * Stubs of both kinds: a routine whose messages fit in registers calls
 * mach_msg_regs, unless mig had -noregs (the nr_ stubs); one whose
 * messages do not (arrays of 16 ints, descriptors) always mach_msg.
 * Both kinds give the same results.
 */
static void
test_register_stubs(void **state)
{
	int64_t r64 = 0, nr64 = 0;
	uint8_t r8 = 0, nr8 = 0;
	int32_t counter = 10, ncounter = 10;

	(void)state;
	assert_int_equal(rt_scalars(PORT, -5, -1234, 0x12345678,
				    (int64_t)0x123456789abcdef0, TRUE, &r64,
				    &r8, &counter),
			 KERN_SUCCESS);
	assert_int_equal(loopback_stats.regs, 1);
	assert_int_equal(nr_rt_scalars(PORT, -5, -1234, 0x12345678,
				       (int64_t)0x123456789abcdef0, TRUE, &nr64,
				       &nr8, &ncounter),
			 KERN_SUCCESS);
	assert_int_equal(loopback_stats.regs, 1);
	assert_true(r64 == nr64 && r64 == (int64_t)0x123456789abcdef1);
	assert_int_equal(r8, nr8);
	assert_int_equal(counter, ncounter);
	assert_int_equal(loopback_stats.requests, 2);

	pair_t pair = {{1, 2}}, ipair = {{5, 6}}, nipair = {{5, 6}};
	point_t point = {3, (int64_t)1 << 40}, opoint, nopoint;
	assert_int_equal(rt_structs(PORT, pair, point, &opoint, &ipair),
			 KERN_SUCCESS);
	assert_int_equal(loopback_stats.regs, 2);
	assert_int_equal(nr_rt_structs(PORT, pair, point, &nopoint, &nipair),
			 KERN_SUCCESS);
	assert_int_equal(loopback_stats.regs, 2);
	assert_memory_equal(&opoint, &nopoint, sizeof(opoint));
	assert_memory_equal(&ipair, &nipair, sizeof(ipair));

	int32_t never = 0;
	assert_int_equal(rt_error(PORT, KERN_INVALID_ARGUMENT, &never),
			 nr_rt_error(PORT, KERN_INVALID_ARGUMENT, &never));
	assert_int_equal(loopback_stats.regs, 3);
	assert_int_equal(rt_simple(PORT, 7, "simple"),
			 nr_rt_simple(PORT, 7, "simple"));
	assert_int_equal(loopback_stats.regs, 3); /* path_t: 64 bytes */

	fixed_array_t fixed = {1, 2, 3, 4}, outfixed, noutfixed;
	int32_t var[2] = {100, 101}, outvar[16], noutvar[16];
	uint8_t bytes[3] = {9, 8, 7};
	mach_msg_type_number_t outvarCnt = 16, noutvarCnt = 16;
	int32_t last = 0, nlast = 0;
	assert_int_equal(rt_arrays(PORT, fixed, var, 2, 7, bytes, 3, -9, outvar,
				   &outvarCnt, outfixed, &last),
			 KERN_SUCCESS);
	assert_int_equal(nr_rt_arrays(PORT, fixed, var, 2, 7, bytes, 3, -9,
				      noutvar, &noutvarCnt, noutfixed, &nlast),
			 KERN_SUCCESS);
	assert_int_equal(loopback_stats.regs, 3); /* too large: mach_msg */
	assert_int_equal(outvarCnt, noutvarCnt);
	assert_memory_equal(outvar, noutvar, outvarCnt * sizeof(int32_t));
	assert_memory_equal(outfixed, noutfixed, sizeof(outfixed));
	assert_int_equal(last, nlast);
}

/* Malformed requests: the server stub refuses them, the routine never runs. */

static void
tamper_size(mach_msg_header_t *m)
{
	m->msgh_size += 4;
}

static void
tamper_complex(mach_msg_header_t *m)
{
	m->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
}

static void
tamper_descriptor_count(mach_msg_header_t *m)
{
	((roundtrip_rt_ports_request_t *)m)->msgh_body.msgh_descriptor_count =
	    3;
}

static void
tamper_descriptor_type(mach_msg_header_t *m)
{
	((roundtrip_rt_ports_request_t *)m)->send.type =
	    MACH_MSG_OOL_DESCRIPTOR;
}

static void
tamper_disposition(mach_msg_header_t *m)
{
	((roundtrip_rt_ports_request_t *)m)->recv.disposition =
	    MACH_MSG_TYPE_PORT_SEND;
}

static void
tamper_bound(mach_msg_header_t *m)
{
	((roundtrip_rt_arrays_request_t *)m)->varCnt = 17;
}

static void
tamper_packed_count(mach_msg_header_t *m)
{
	mach_msg_type_number_t seven = 7;

	/* bytesCnt, after 5 ints of var: in bound, but the size disagrees */
	memcpy((char *)m + 24 + 8 + 4 + 20 + 4, &seven, 4);
}

static void
tamper_fixed_string(mach_msg_header_t *m)
{
	memset(((roundtrip_rt_strings_request_t *)m)->name, 'x', 32);
}

static void
tamper_variable_string(mach_msg_header_t *m)
{
	roundtrip_rt_strings_request_t *r = (void *)m;

	r->path[r->pathCnt - 1] = 'x';
}

static void
tamper_ool_size(mach_msg_header_t *m)
{
	((roundtrip_rt_ool_request_t *)m)->data.size += 4;
}

static void
tamper_trailer(mach_msg_header_t *m)
{
	mach_msg_trailer_t *t = (void *)((char *)m + MIG_ROUND4(m->msgh_size));

	t->msgh_trailer_size = sizeof(mach_msg_trailer_t);
}

static void
tamper_id(mach_msg_header_t *m)
{
	m->msgh_id = 4050;
}

static void
expect_refused(kern_return_t kr, kern_return_t expected)
{
	assert_int_equal(kr, expected);
	assert_int_equal(server_calls, 0);
	assert_int_equal(loopback_stats.last_retcode, expected);
}

/* A call whose arguments S_rt_scalars accepts. */
static kern_return_t
scalars(void)
{
	int64_t r64;
	uint8_t r8;
	int32_t counter = 0;

	return rt_scalars(PORT, -5, -1234, 0x12345678,
			  (int64_t)0x123456789abcdef0, TRUE, &r64, &r8,
			  &counter);
}

static void
call_scalars(kern_return_t expected)
{
	expect_refused(scalars(), expected);
}

static void
call_ports(kern_return_t expected)
{
	mach_port_t ports[1] = {1}, oport, opoly, *oports;
	mach_msg_type_name_t opolyPoly;
	mach_msg_type_number_t oportsCnt;

	expect_refused(
	    rt_ports(PORT, 0x100, 0x200, 0x300, MACH_MSG_TYPE_COPY_SEND, 0x400,
		     ports, 1, &oport, &opoly, &opolyPoly, &oports, &oportsCnt),
	    expected);
}

static void
call_arrays(kern_return_t expected)
{
	fixed_array_t fixed = {1, 2, 3, 4}, outfixed;
	int32_t var[5] = {100, 101, 102, 103, 104}, outvar[16];
	uint8_t bytes[3] = {9, 8, 7};
	mach_msg_type_number_t outvarCnt = 16;
	int32_t last;

	expect_refused(rt_arrays(PORT, fixed, var, 5, 77, bytes, 3, -9, outvar,
				 &outvarCnt, outfixed, &last),
		       expected);
}

static void
call_strings(kern_return_t expected)
{
	name_t name = "hello", oname;
	char opath[64];
	int32_t len;

	expect_refused(rt_strings(PORT, name, "/a/b", 42, oname, opath, &len),
		       expected);
}

static void
test_malformed_size(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_size;
	call_scalars(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_complex_bit(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_complex;
	call_ports(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_descriptor_count(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_descriptor_count;
	call_ports(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_descriptor_type(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_descriptor_type;
	call_ports(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_disposition(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_disposition;
	call_ports(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_bound(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_bound;
	call_arrays(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_packed_count(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_packed_count;
	call_arrays(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_fixed_string(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_fixed_string;
	call_strings(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_variable_string(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_variable_string;
	call_strings(MIG_BAD_ARGUMENTS);
}

static void
test_malformed_ool_size(void **state)
{
	int32_t data[4] = {0};
	uint8_t fixed[8] = {0};
	int32_t *back;
	mach_msg_type_number_t backCnt;
	int64_t sum;

	(void)state;
	loopback_tamper_request = tamper_ool_size;
	expect_refused(
	    rt_ool(PORT, malloc(16), 4, fixed, &back, &backCnt, &sum),
	    MIG_BAD_ARGUMENTS);
	(void)data;
}

static void
test_malformed_trailer(void **state)
{
	int32_t result;

	(void)state;
	loopback_tamper_request = tamper_trailer;
	assert_int_equal(rt_deferred(PORT, 11, &result), MIG_TRAILER_ERROR);
	assert_int_equal(server_calls, 0);
}

static void
test_unknown_id(void **state)
{
	(void)state;
	loopback_tamper_request = tamper_id;
	/* the demux answers MIG_BAD_ID for 4050; the stub expected 4100 */
	assert_int_equal(scalars(), MIG_REPLY_MISMATCH);
	assert_int_equal(server_calls, 0);
	assert_int_equal(loopback_stats.last_demux, FALSE);
	assert_int_equal(loopback_stats.last_retcode, MIG_BAD_ID);
}

static void
test_demux_bad_id(void **state)
{
	mig_reply_error_t request = {0}, reply;

	(void)state;
	request.Head.msgh_size = sizeof(mach_msg_header_t);
	request.Head.msgh_id = 4001; /* the skip */
	assert_false(roundtrip_server(&request.Head, &reply.Head));
	assert_int_equal(reply.RetCode, MIG_BAD_ID);
	assert_int_equal(reply.Head.msgh_id, 4101);
	request.Head.msgh_id = INT32_MAX;
	assert_false(roundtrip_server(&request.Head, &reply.Head));
	assert_null(roundtrip_server_routine(&request.Head));
	request.Head.msgh_id = 4000;
	assert_non_null(roundtrip_server_routine(&request.Head));
	assert_int_equal(roundtrip_MSG_ID_BASE, 4000);
	assert_int_equal(roundtrip_MSG_ID_COUNT, 15);
	assert_true(roundtrip_MAX_REQUEST_SIZE >=
		    sizeof(roundtrip_rt_arrays_request_t));
}

/* Malformed replies: the user stub refuses them. */

static kern_return_t reply_id;

static void
tamper_reply_id(mach_msg_header_t *m)
{
	m->msgh_id = reply_id;
}

static void
tamper_reply_size(mach_msg_header_t *m)
{
	m->msgh_size -= 4;
}

static void
tamper_reply_descriptor(mach_msg_header_t *m)
{
	((roundtrip_rt_ports_reply_t *)m)->oport.type = MACH_MSG_OOL_DESCRIPTOR;
}

static void
tamper_reply_bound(mach_msg_header_t *m)
{
	((roundtrip_rt_arrays_reply_t *)m)->outvarCnt = 17;
}

static void
test_reply_mismatch(void **state)
{
	(void)state;
	loopback_tamper_reply = tamper_reply_id;
	reply_id = 4200;
	assert_int_equal(scalars(), MIG_REPLY_MISMATCH);
	reply_id = MACH_NOTIFY_SEND_ONCE;
	assert_int_equal(scalars(), MIG_SERVER_DIED);
}

static void
test_reply_type_errors(void **state)
{
	mach_port_t ports3[3] = {0x700, 0x701, 0x702}, oport, opoly, *oports;
	mach_msg_type_name_t opolyPoly;
	mach_msg_type_number_t oportsCnt;

	(void)state;
	loopback_tamper_reply = tamper_reply_size;
	assert_int_equal(scalars(), MIG_TYPE_ERROR);
	loopback_tamper_reply = tamper_reply_descriptor;
	assert_int_equal(rt_ports(PORT, 0x100, 0x200, 0x300,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE, 0x400, ports3,
				  3, &oport, &opoly, &opolyPoly, &oports,
				  &oportsCnt),
			 MIG_TYPE_ERROR);
}

static void
test_reply_bound(void **state)
{
	fixed_array_t fixed = {1, 2, 3, 4}, outfixed;
	int32_t var[5] = {100, 101, 102, 103, 104}, outvar[16];
	uint8_t bytes[3] = {9, 8, 7};
	mach_msg_type_number_t outvarCnt = 16;
	int32_t last;

	(void)state;
	loopback_tamper_reply = tamper_reply_bound;
	assert_int_equal(rt_arrays(PORT, fixed, var, 5, 77, bytes, 3, -9,
				   outvar, &outvarCnt, outfixed, &last),
			 MIG_TYPE_ERROR);
}

static options_t *
new_options(void)
{
	options_t *options = malloc(sizeof(*options));

	options->v[0] = 1;
	options->v[1] = (uint64_t)2 << 40;
	options->v[2] = 3;
	return options;
}

static point_t *
new_point(void)
{
	point_t *point = malloc(sizeof(*point));

	point->x = 3;
	point->y = (int64_t)1 << 40;
	return point;
}

/* A call of rt_ool_struct; point is dealloc: the transport frees it. */
static kern_return_t
ool_struct(options_ptr_t *oopts, point_ptr_t *opoint)
{
	options_t options = {{1, (uint64_t)2 << 40, 3}};
	int64_t scale = 7;

	return rt_ool_struct(PORT, &options, new_point(), &scale, oopts,
			     opoint);
}

static void
test_ool_struct(void **state)
{
	options_ptr_t oopts = NULL;
	point_ptr_t opoint = NULL;
	const roundtrip_rt_ool_struct_request_t *request =
	    (const void *)loopback_last_request;

	(void)state;
	assert_int_equal(ool_struct(&oopts, &opoint), KERN_SUCCESS);
	assert_int_equal(server_calls, 1);
	/* each travelled as a region of exactly its C type's size */
	assert_int_equal(request->msgh_body.msgh_descriptor_count, 3);
	assert_int_equal(request->options.size, sizeof(options_t));
	assert_int_equal(request->point.size, sizeof(point_t));
	assert_int_equal(request->scale.size, sizeof(int64_t));
	assert_int_equal(request->options.type, MACH_MSG_OOL_DESCRIPTOR);
	/* out: memory of the caller's now, copied from the server's */
	assert_ptr_not_equal(oopts, &reply_options);
	assert_true(oopts->v[0] == 7 && oopts->v[1] == (uint64_t)14 << 40 &&
		    oopts->v[2] == 21);
	assert_int_equal(opoint->x, 4);
	assert_true(opoint->y == ((int64_t)1 << 40) + 1);
	free(oopts);
	free(opoint);
}

static void
test_ool_inout(void **state)
{
	int32_t *data = malloc(4 * sizeof(int32_t));
	mach_msg_type_number_t dataCnt = 4;
	options_ptr_t opts = new_options(); /* dealloc: sent away */
	int32_t *sent = data;

	(void)state;
	for (int i = 0; i < 4; i++)
		data[i] = i + 1;
	assert_int_equal(rt_ool_inout(PORT, &data, &dataCnt, &opts),
			 KERN_SUCCESS);
	assert_int_equal(server_calls, 1);
	/* both came back out-of-line, in new memory, as changed */
	assert_ptr_not_equal(data, sent);
	assert_int_equal(dataCnt, 3);
	assert_int_equal(data[0], 10);
	assert_int_equal(data[2], 30);
	assert_true(opts->v[0] == 101 && opts->v[2] == 3);
	free(sent);
	free(data);
	free(opts);
}

/* A bad region in a request: refused, the routine is never called. */
static int ool_tamper_case;

static void
tamper_ool_struct(mach_msg_header_t *m)
{
	roundtrip_rt_ool_struct_request_t *r = (void *)m;

	switch (ool_tamper_case) {
	case 0: /* shorter than the struct: the routine would read past it */
		r->options.size = sizeof(options_t) - 8;
		break;
	case 1:
		r->options.size = sizeof(options_t) + 8;
		break;
	case 2: /* the right size, no memory */
		r->options.address = NULL;
		break;
	case 3:
		r->point.size = 0;
		r->point.address = NULL;
		break;
	case 4:
		r->scale.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
		break;
	case 5:
		r->options.type = MACH_MSG_PORT_DESCRIPTOR;
		break;
	}
}

static void
test_malformed_ool_struct(void **state)
{
	options_ptr_t oopts = NULL;
	point_ptr_t opoint = NULL;

	(void)state;
	loopback_tamper_request = tamper_ool_struct;
	for (ool_tamper_case = 0; ool_tamper_case < 6; ool_tamper_case++) {
		expect_refused(ool_struct(&oopts, &opoint), MIG_BAD_ARGUMENTS);
		assert_null(oopts);
	}
}

static void
tamper_inout_address(mach_msg_header_t *m)
{
	((roundtrip_rt_ool_inout_request_t *)m)->data.address = NULL;
}

static void
test_malformed_ool_inout(void **state)
{
	int32_t one[1] = {1};
	int32_t *data = one;
	mach_msg_type_number_t dataCnt = 1;
	options_ptr_t opts = new_options();

	(void)state;
	/* a count with no memory behind it */
	loopback_tamper_request = tamper_inout_address;
	expect_refused(rt_ool_inout(PORT, &data, &dataCnt, &opts),
		       MIG_BAD_ARGUMENTS);
	assert_ptr_equal(data, one);
}

/* A bad region in a reply: the user stub refuses it. */
static void
tamper_reply_ool_struct(mach_msg_header_t *m)
{
	roundtrip_rt_ool_struct_reply_t *r = (void *)m;

	if (ool_tamper_case == 0)
		r->oopts.size = 8;
	else
		r->opoint.address = NULL;
}

static void
test_reply_ool_struct(void **state)
{
	options_ptr_t oopts = NULL;
	point_ptr_t opoint = NULL;

	(void)state;
	loopback_tamper_reply = tamper_reply_ool_struct;
	for (ool_tamper_case = 0; ool_tamper_case < 2; ool_tamper_case++) {
		assert_int_equal(ool_struct(&oopts, &opoint), MIG_TYPE_ERROR);
		assert_null(oopts);
		assert_null(opoint);
	}
}

/* A call of rt_port_arrays; the caller's ohandlers holds capacity. */
static kern_return_t
port_arrays(mach_port_t *ohandlers, mach_msg_type_number_t *capacity,
	    mach_port_t *opair, mach_port_t *opoly,
	    mach_msg_type_name_t *opolyPoly)
{
	mach_port_t handlers[3] = {0x101, 0x102, 0x103};
	port_pair_t pair = {0x201, 0x202};
	poly_pair_t poly = {0x301, 0x302};

	return rt_port_arrays(PORT, handlers, 3, pair, poly,
			      MACH_MSG_TYPE_MAKE_SEND_ONCE, ohandlers, capacity,
			      opair, opoly, opolyPoly);
}

static void
test_port_arrays(void **state)
{
	mach_port_t ohandlers[4] = {0};
	mach_msg_type_number_t ohandlersCnt = 4;
	port_pair_t opair = {0};
	poly_pair_t opoly = {0};
	mach_msg_type_name_t opolyPoly = 0;
	const roundtrip_rt_port_arrays_request_t *request =
	    (const void *)loopback_last_request;

	(void)state;
	assert_int_equal(
	    port_arrays(ohandlers, &ohandlersCnt, opair, opoly, &opolyPoly),
	    KERN_SUCCESS);
	assert_int_equal(server_calls, 1);
	/* a port descriptor for each element, the unused one null */
	assert_int_equal(request->msgh_body.msgh_descriptor_count, 8);
	assert_int_equal(request->handlers[2].name, 0x103);
	assert_int_equal(request->handlers[3].name, MACH_PORT_NULL);
	assert_int_equal(request->pair[1].disposition, MACH_MSG_TYPE_PORT_SEND);
	/* into the caller's arrays */
	assert_int_equal(ohandlersCnt, 2);
	assert_int_equal(ohandlers[1], 0x402);
	assert_int_equal(ohandlers[2], 0);
	assert_int_equal(opair[0], 0x501);
	assert_int_equal(opair[1], 0x502);
	assert_int_equal(opoly[1], 0x602);
	assert_int_equal(opolyPoly, MACH_MSG_TYPE_PORT_SEND);
}

static void
test_port_arrays_capacity(void **state)
{
	mach_port_t ohandlers[1] = {0};
	mach_msg_type_number_t ohandlersCnt = 1;
	port_pair_t opair;
	poly_pair_t opoly;
	mach_msg_type_name_t opolyPoly;

	(void)state;
	assert_int_equal(
	    port_arrays(ohandlers, &ohandlersCnt, opair, opoly, &opolyPoly),
	    MIG_ARRAY_TOO_LARGE);
	assert_int_equal(ohandlersCnt, 2);
	assert_int_equal(ohandlers[0], 0x401);
}

static int port_tamper_case;

static void
tamper_port_arrays(mach_msg_header_t *m)
{
	roundtrip_rt_port_arrays_request_t *r = (void *)m;

	switch (port_tamper_case) {
	case 0:
		r->msgh_body.msgh_descriptor_count = 7;
		break;
	case 1: /* one element of several with another right */
		r->handlers[2].disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
		break;
	case 2: /* the unused one too */
		r->handlers[3].disposition = MACH_MSG_TYPE_PORT_RECEIVE;
		break;
	case 3:
		r->pair[1].type = MACH_MSG_OOL_DESCRIPTOR;
		break;
	case 4: /* polymorphic: one disposition for all */
		r->poly[1].disposition = MACH_MSG_TYPE_PORT_SEND;
		break;
	case 5:
		r->handlersCnt = 5;
		break;
	}
}

static void
test_malformed_port_arrays(void **state)
{
	mach_port_t ohandlers[4];
	mach_msg_type_number_t ohandlersCnt = 4;
	port_pair_t opair;
	poly_pair_t opoly;
	mach_msg_type_name_t opolyPoly;

	(void)state;
	loopback_tamper_request = tamper_port_arrays;
	for (port_tamper_case = 0; port_tamper_case < 6; port_tamper_case++)
		expect_refused(port_arrays(ohandlers, &ohandlersCnt, opair,
					   opoly, &opolyPoly),
			       MIG_BAD_ARGUMENTS);
}

static void
tamper_reply_port_arrays(mach_msg_header_t *m)
{
	roundtrip_rt_port_arrays_reply_t *r = (void *)m;

	if (port_tamper_case == 0)
		r->ohandlersCnt = 5;
	else
		r->opair[0].disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
}

static void
test_reply_port_arrays(void **state)
{
	mach_port_t ohandlers[4];
	mach_msg_type_number_t ohandlersCnt = 4;
	port_pair_t opair;
	poly_pair_t opoly;
	mach_msg_type_name_t opolyPoly;

	(void)state;
	loopback_tamper_reply = tamper_reply_port_arrays;
	for (port_tamper_case = 0; port_tamper_case < 2; port_tamper_case++)
		assert_int_equal(port_arrays(ohandlers, &ohandlersCnt, opair,
					     opoly, &opolyPoly),
				 MIG_TYPE_ERROR);
}

/* The KernelUser stubs: through mach_msg_rpc_from_kernel and back. */
static void
test_kernel_user_rpc(void **state)
{
	options_t options = {{1, 2, 9}};
	int32_t *data = malloc(2 * sizeof(int32_t));
	int32_t *sent = data;
	mach_msg_type_number_t dataCnt = 2;
	options_ptr_t oopts = NULL;
	mach_port_name_t name = 0;

	(void)state;
	data[0] = 5;
	data[1] = 6;
	assert_int_equal(rk_construct(PORT, &options, (uint64_t)5 << 33, &data,
				      &dataCnt, &oopts, &name),
			 KERN_SUCCESS);
	assert_int_equal(loopback_stats.from_kernel, 1);
	assert_int_equal(server_calls, 1);
	assert_int_equal(name, 0x1234);
	assert_int_equal(dataCnt, 2);
	assert_int_equal(data[0], 5);
	assert_int_equal(data[1], -1);
	assert_true(oopts->v[0] == 42 && oopts->v[2] == 9);
	/* the kernel's stub leaves the reply port to the kernel */
	assert_int_equal(
	    ((mach_msg_header_t *)loopback_last_request)->msgh_remote_port,
	    MACH_PORT_NULL);
	free(sent);
	free(data);
	free(oopts);
}

static void
test_kernel_user_send(void **state)
{
	options_t options = {{0, 40, 0}};

	(void)state;
	assert_int_equal(rk_notify(PORT, &options, 2, MACH_SEND_TIMEOUT, 10),
			 MACH_MSG_SUCCESS);
	assert_int_equal(loopback_stats.from_kernel, 1);
	assert_int_equal(kernel_notify_code, 42);
	assert_int_equal(loopback_stats.replies, 0);
}

static void
tamper_kernel_options(mach_msg_header_t *m)
{
	((rtkernel_rk_notify_request_t *)m)->options.size = 4;
}

static void
test_kernel_user_malformed(void **state)
{
	options_t options = {{0, 40, 0}};

	(void)state;
	loopback_tamper_request = tamper_kernel_options;
	assert_int_equal(rk_notify(PORT, &options, 2, MACH_SEND_TIMEOUT, 10),
			 MACH_MSG_SUCCESS);
	assert_int_equal(server_calls, 0);
	assert_int_equal(loopback_stats.last_retcode, MIG_BAD_ARGUMENTS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_scalars, setup),
	    cmocka_unit_test_setup(test_register_stubs, setup),
	    cmocka_unit_test_setup(test_arrays, setup),
	    cmocka_unit_test_setup(test_array_bounds, setup),
	    cmocka_unit_test_setup(test_open_inline, setup),
	    cmocka_unit_test_setup(test_open_out_of_line, setup),
	    cmocka_unit_test_setup(test_open_allocated, setup),
	    cmocka_unit_test_setup(test_ool, setup),
	    cmocka_unit_test_setup(test_strings, setup),
	    cmocka_unit_test_setup(test_structs, setup),
	    cmocka_unit_test_setup(test_ports, setup),
	    cmocka_unit_test_setup(test_countinout, setup),
	    cmocka_unit_test_setup(test_simpleroutine, setup),
	    cmocka_unit_test_setup(test_deferred_reply, setup),
	    cmocka_unit_test_setup(test_server_error, setup),
	    cmocka_unit_test_setup(test_malformed_size, setup),
	    cmocka_unit_test_setup(test_malformed_complex_bit, setup),
	    cmocka_unit_test_setup(test_malformed_descriptor_count, setup),
	    cmocka_unit_test_setup(test_malformed_descriptor_type, setup),
	    cmocka_unit_test_setup(test_malformed_disposition, setup),
	    cmocka_unit_test_setup(test_malformed_bound, setup),
	    cmocka_unit_test_setup(test_malformed_packed_count, setup),
	    cmocka_unit_test_setup(test_malformed_fixed_string, setup),
	    cmocka_unit_test_setup(test_malformed_variable_string, setup),
	    cmocka_unit_test_setup(test_malformed_ool_size, setup),
	    cmocka_unit_test_setup(test_malformed_trailer, setup),
	    cmocka_unit_test_setup(test_unknown_id, setup),
	    cmocka_unit_test_setup(test_demux_bad_id, setup),
	    cmocka_unit_test_setup(test_reply_mismatch, setup),
	    cmocka_unit_test_setup(test_reply_type_errors, setup),
	    cmocka_unit_test_setup(test_reply_bound, setup),
	    cmocka_unit_test_setup(test_ool_struct, setup),
	    cmocka_unit_test_setup(test_ool_inout, setup),
	    cmocka_unit_test_setup(test_malformed_ool_struct, setup),
	    cmocka_unit_test_setup(test_malformed_ool_inout, setup),
	    cmocka_unit_test_setup(test_reply_ool_struct, setup),
	    cmocka_unit_test_setup(test_port_arrays, setup),
	    cmocka_unit_test_setup(test_port_arrays_capacity, setup),
	    cmocka_unit_test_setup(test_malformed_port_arrays, setup),
	    cmocka_unit_test_setup(test_reply_port_arrays, setup),
	    cmocka_unit_test_setup(test_kernel_user_rpc, setup_kernel),
	    cmocka_unit_test_setup(test_kernel_user_send, setup_kernel),
	    cmocka_unit_test_setup(test_kernel_user_malformed, setup_kernel),
	};

	return cmocka_run_group_tests_name("idl-roundtrip", tests, NULL, NULL);
}
