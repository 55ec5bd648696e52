/*
 * Host unit tests of the messages bench_gnumach builds for GNU Mach's
 * kernel (tests/bench/gnumach/gnumach_rpc.c): each request word by word
 * in GNU Mach's typed layout, and the size it is sent with, padded to
 * what that kernel's stubs check (GM_KERNEL_SIZE: device_open's is 180
 * bytes, read from the image's stub).  No kernel runs here; the GNU Mach
 * boot of make bench is where the messages meet it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "host_support.h"

#define GM_RPC_HOST_TEST
#include "../bench/gnumach/gnumach_rpc.c"

/* The type word of one 32-bit integer, and of the filler (none). */
#define INT32_TYPE  0x10012002u
#define FILLER_TYPE 0x10002002u

static void
check_header(const struct gm_rpc_buffer *b, unsigned send_size, int id)
{
	assert_int_equal(b->rb_header.mh_bits, 19u | 21u << 8);
	assert_int_equal(b->rb_header.mh_size, send_size);
	assert_int_equal(b->rb_header.mh_remote_port, 5);
	assert_int_equal(b->rb_header.mh_local_port, 7);
	assert_int_equal(b->rb_header.mh_id, id);
}

static void
test_device_open(void **state)
{
	struct gm_rpc_buffer b;
	(void)state;

	memset(&b, 0xa5, sizeof(b));
	unsigned size = gm_rpc_device_open_request(&b, 5, 7, "console");
	assert_int_equal(size, 180); /* 172 bytes, then 8 of filler */
	check_header(&b, 180, 2800);
	assert_int_equal(b.rb_words[6], INT32_TYPE);
	assert_int_equal(b.rb_words[7], 2); /* D_WRITE */
	assert_int_equal(b.rb_words[8], 1u << 28 | 1u << 29);
	assert_int_equal(b.rb_words[9], 12u | 1024u << 16); /* STRING_C */
	assert_int_equal(b.rb_words[10], 1);
	assert_string_equal((const char *)&b.rb_words[11], "console");
	for (int i = 8; i < 128; i++)
		assert_int_equal(((const char *)&b.rb_words[11])[i], 0);
	/* The filler at the next 8-byte boundary after 172. */
	assert_int_equal(b.rb_words[43], 0);
	assert_int_equal(b.rb_words[44], FILLER_TYPE);
}

static void
test_device_write_inband(void **state)
{
	struct gm_rpc_buffer b;
	(void)state;

	memset(&b, 0xa5, sizeof(b));
	unsigned size =
	    gm_rpc_device_write_inband_request(&b, 5, 7, "hello", 5);
	/* 24 + mode + recnum + 4 + 8 (5 bytes padded) = 52, then 8. */
	assert_int_equal(size, 60);
	check_header(&b, 60, 2803);
	assert_int_equal(b.rb_words[6], INT32_TYPE);
	assert_int_equal(b.rb_words[7], 0);
	assert_int_equal(b.rb_words[8], INT32_TYPE);
	assert_int_equal(b.rb_words[9], 0);
	assert_int_equal(b.rb_words[10], 8u | 8u << 8 | 5u << 16 | 1u << 28);
	assert_memory_equal(&b.rb_words[11], "hello\0\0", 8);
	assert_int_equal(b.rb_words[13], 0);
	assert_int_equal(b.rb_words[14], FILLER_TYPE);

	/* More than fits inline is cut at 128 bytes. */
	char text[200];
	memset(text, 'x', sizeof(text));
	size = gm_rpc_device_write_inband_request(&b, 5, 7, text, 200);
	assert_int_equal(b.rb_words[10] >> 16 & 0xfff, 128);
	assert_int_equal(size, 44 + 128 + 8);
}

static void
test_thread_set_state(void **state)
{
	struct gm_rpc_buffer b;
	struct gm_thread_state ts;
	(void)state;

	for (unsigned i = 0; i < GM_THREAD_STATE_COUNT; i++)
		((unsigned *)&ts)[i] = 100 + i;
	unsigned size = gm_rpc_thread_set_state_request(&b, 5, 7, &ts);
	assert_int_equal(size, 24 + 8 + 4 + 17 * 4 + 8);
	check_header(&b, size, 2018);
	assert_int_equal(b.rb_words[6], INT32_TYPE);
	assert_int_equal(b.rb_words[7], 1); /* i386_THREAD_STATE */
	assert_int_equal(b.rb_words[8], 2u | 32u << 8 | 17u << 16 | 1u << 28);
	assert_memory_equal(&b.rb_words[9], &ts, sizeof(ts));
	assert_int_equal(b.rb_words[26], FILLER_TYPE);
}

static void
test_bare_request(void **state)
{
	struct gm_rpc_buffer b;
	(void)state;

	memset(&b, 0xa5, sizeof(b));
	/* A bare header is sent as 32 bytes: the kernel's header size. */
	assert_int_equal(gm_rpc_bare_request(&b, 5, 7, 2061), 32);
	check_header(&b, 32, 2061);
	assert_int_equal(b.rb_words[6], FILLER_TYPE);
	assert_int_equal(b.rb_words[7], 0);
}

static void
test_message_pad_ports(void **state)
{
	unsigned words[16];
	(void)state;

	memset(words, 0xa5, sizeof(words));
	/* Header, a port's type word and its name: 8 bytes more inside
	 * the kernel's header and 4 more for the name. */
	assert_int_equal(gm_message_pad(words, 32, 1), 44);
	assert_int_equal(words[1], 44);
	assert_int_equal(words[8], FILLER_TYPE);
	assert_int_equal(words[9], 0);
	assert_int_equal(words[10], FILLER_TYPE);
	assert_int_equal(words[11], 0xa5a5a5a5u); /* beyond: untouched */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_device_open),
	    cmocka_unit_test(test_device_write_inband),
	    cmocka_unit_test(test_thread_set_state),
	    cmocka_unit_test(test_bare_request),
	    cmocka_unit_test(test_message_pad_ports),
	};
	return cmocka_run_group_tests_name("gnumach_rpc", tests, NULL, NULL);
}
