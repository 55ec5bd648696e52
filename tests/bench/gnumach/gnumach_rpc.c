/*
 * The few kernel RPCs bench_gnumach makes, built by hand in GNU Mach's
 * typed message layout (gnumach.h): device_open and device_write_inband
 * for the console, thread_create, thread_set_state, thread_resume and
 * thread_terminate for a second thread, host_reboot to end the run.
 *
 * Each gm_rpc_*_request fills a buffer with the request and returns its
 * size; it touches nothing else, so that the host test
 * (tests/host/test_gnumach_rpc.c) checks the layout word by word.  The
 * calls send the request and receive the reply in one mach_msg_trap on
 * a reply port of the task's (one, made on first use), then check the
 * reply's id and return code.
 */
#include "gnumach.h"

#ifndef GM_RPC_HOST_TEST
/* memcpy and memset, which gcc may call even in a freestanding program;
 * the host test has the C library's. */
void *
memcpy(void *to, const void *from, unsigned long size)
{
	char *t = to;
	const char *f = from;

	while (size-- > 0)
		*t++ = *f++;
	return to;
}

void *
memset(void *to, int byte, unsigned long size)
{
	char *t = to;

	while (size-- > 0)
		*t++ = (char)byte;
	return to;
}
#endif

static unsigned
gm_rpc_header(struct gm_rpc_buffer *b, gm_port_t target, gm_port_t reply_port,
	      int id)
{
	b->rb_header = (struct gm_header){
	    .mh_bits = GM_MSGH_BITS(GM_TYPE_COPY_SEND, GM_TYPE_MAKE_SEND_ONCE),
	    .mh_size = sizeof(struct gm_header),
	    .mh_remote_port = target,
	    .mh_local_port = reply_port,
	    .mh_id = id,
	};
	return sizeof(struct gm_header) / 4;
}

unsigned
gm_message_pad(void *message, unsigned size, unsigned ports)
{
	unsigned send_size = GM_KERNEL_SIZE(size, ports);
	unsigned *words = message;

	memset((char *)message + size, 0, send_size - size);
	for (unsigned at = (size + 7) & ~7u; at + 4 <= send_size; at += 8)
		words[at / 4] = gm_type(GM_TYPE_INTEGER_32, 32, 0, GM_TRUE);
	((struct gm_header *)message)->mh_size = send_size;
	return send_size;
}

/* A request with no argument beyond the target: thread_create,
 * thread_resume. */
unsigned
gm_rpc_bare_request(struct gm_rpc_buffer *b, gm_port_t target,
		    gm_port_t reply_port, int id)
{
	return gm_message_pad(b, gm_rpc_header(b, target, reply_port, id) * 4,
			      0);
}

/* device_open(master, mode, name): an integer, then a C string of 128
 * bytes in a long type word. */
unsigned
gm_rpc_device_open_request(struct gm_rpc_buffer *b, gm_port_t master,
			   gm_port_t reply_port, const char *name)
{
	unsigned w = gm_rpc_header(b, master, reply_port, GM_ID_DEVICE_OPEN);
	struct gm_type_long name_type = {
	    .tl_header = gm_type(0, 0, 0, GM_TRUE) | GM_TYPE_LONGFORM,
	    .tl_name = GM_TYPE_STRING_C,
	    .tl_size = 128 * 8,
	    .tl_number = 1,
	};

	b->rb_words[w++] = gm_type(GM_TYPE_INTEGER_32, 32, 1, GM_TRUE);
	b->rb_words[w++] = GM_D_WRITE;
	memcpy(&b->rb_words[w], &name_type, sizeof(name_type));
	w += sizeof(name_type) / 4;
	char *text = (char *)&b->rb_words[w];
	memset(text, 0, 128);
	for (int i = 0; i < 127 && name[i] != '\0'; i++)
		text[i] = name[i];
	w += 128 / 4;
	return gm_message_pad(b, w * 4, 0);
}

/* device_write_inband(device, mode, recnum, data): two integers, then
 * up to 128 characters, padded to 4 bytes. */
unsigned
gm_rpc_device_write_inband_request(struct gm_rpc_buffer *b, gm_port_t device,
				   gm_port_t reply_port, const char *data,
				   unsigned size)
{
	unsigned w =
	    gm_rpc_header(b, device, reply_port, GM_ID_DEVICE_WRITE_INBAND);

	if (size > GM_DEVICE_INBAND_MAX)
		size = GM_DEVICE_INBAND_MAX;
	b->rb_words[w++] = gm_type(GM_TYPE_INTEGER_32, 32, 1, GM_TRUE);
	b->rb_words[w++] = 0; /* mode */
	b->rb_words[w++] = gm_type(GM_TYPE_INTEGER_32, 32, 1, GM_TRUE);
	b->rb_words[w++] = 0; /* recnum */
	b->rb_words[w++] = gm_type(GM_TYPE_CHAR, 8, size, GM_TRUE);
	b->rb_words[w + (size + 3) / 4 - 1] = 0;
	memcpy(&b->rb_words[w], data, size);
	w += (size + 3) / 4;
	return gm_message_pad(b, w * 4, 0);
}

/* thread_set_state(thread, flavor, state): an integer, then the state's
 * words. */
unsigned
gm_rpc_thread_set_state_request(struct gm_rpc_buffer *b, gm_port_t thread,
				gm_port_t reply_port,
				const struct gm_thread_state *state)
{
	unsigned w =
	    gm_rpc_header(b, thread, reply_port, GM_ID_THREAD_SET_STATE);

	b->rb_words[w++] = gm_type(GM_TYPE_INTEGER_32, 32, 1, GM_TRUE);
	b->rb_words[w++] = GM_I386_THREAD_STATE;
	b->rb_words[w++] =
	    gm_type(GM_TYPE_INTEGER_32, 32, GM_THREAD_STATE_COUNT, GM_TRUE);
	memcpy(&b->rb_words[w], state, sizeof(*state));
	w += GM_THREAD_STATE_COUNT;
	return gm_message_pad(b, w * 4, 0);
}

#ifndef GM_RPC_HOST_TEST

static gm_port_t gm_rpc_reply_port;

/* Sends the request in b (size bytes) and receives the reply into b;
 * then the reply's return code, or a mach_msg error. */
static gm_return_t
gm_rpc_call(struct gm_rpc_buffer *b, unsigned size)
{
	int id = b->rb_header.mh_id;
	gm_return_t mr =
	    gm_mach_msg_trap(b, GM_SEND_MSG | GM_RCV_MSG, size, sizeof(*b),
			     gm_rpc_reply_port, 0, GM_PORT_NULL);

	if (mr != GM_MSG_SUCCESS)
		return mr;
	if (b->rb_header.mh_id != GM_REPLY_ID(id) || b->rb_header.mh_size < 32)
		return -1;
	return (gm_return_t)b->rb_words[7];
}

static gm_port_t
gm_rpc_reply(void)
{
	if (gm_rpc_reply_port == GM_PORT_NULL)
		gm_rpc_reply_port = gm_mach_reply_port();
	return gm_rpc_reply_port;
}

gm_return_t
gm_device_open(gm_port_t master, const char *name, gm_port_t *device)
{
	struct gm_rpc_buffer b;
	gm_return_t kr = gm_rpc_call(
	    &b, gm_rpc_device_open_request(&b, master, gm_rpc_reply(), name));

	if (kr == GM_KERN_SUCCESS)
		*device = b.rb_words[9];
	return kr;
}

gm_return_t
gm_device_write_inband(gm_port_t device, const char *data, unsigned size)
{
	struct gm_rpc_buffer b;

	return gm_rpc_call(&b, gm_rpc_device_write_inband_request(
				   &b, device, gm_rpc_reply(), data, size));
}

/* A new thread in task, running function(argument) on stack_top; its
 * thread port in *thread. */
gm_return_t
gm_thread_start(gm_port_t task, void (*function)(unsigned), unsigned argument,
		void *stack_top, gm_port_t *thread)
{
	struct gm_rpc_buffer b;
	struct gm_thread_state state = {0};
	unsigned short cs, ss, ds;
	gm_return_t kr;

	kr = gm_rpc_call(&b, gm_rpc_bare_request(&b, task, gm_rpc_reply(),
						 GM_ID_THREAD_CREATE));
	if (kr != GM_KERN_SUCCESS)
		return kr;
	*thread = b.rb_words[9];
	__asm__("movw %%cs, %0; movw %%ss, %1; movw %%ds, %2"
		: "=r"(cs), "=r"(ss), "=r"(ds));
	state.ts_cs = cs;
	state.ts_ss = ss;
	state.ts_ds = state.ts_es = ds;
	state.ts_eip = (unsigned)gm_thread_entry;
	state.ts_uesp = state.ts_esp = (unsigned)stack_top;
	state.ts_ebx = (unsigned)function;
	state.ts_eax = argument;
	state.ts_efl = 0x202; /* interrupts on */
	kr = gm_rpc_call(&b, gm_rpc_thread_set_state_request(
				 &b, *thread, gm_rpc_reply(), &state));
	if (kr != GM_KERN_SUCCESS)
		return kr;
	return gm_rpc_call(&b, gm_rpc_bare_request(&b, *thread, gm_rpc_reply(),
						   GM_ID_THREAD_RESUME));
}

gm_return_t
gm_thread_terminate(gm_port_t thread)
{
	struct gm_rpc_buffer b;

	return gm_rpc_call(&b, gm_rpc_bare_request(&b, thread, gm_rpc_reply(),
						   GM_ID_THREAD_TERMINATE));
}

/* host_reboot(host_priv, RB_AUTOBOOT): QEMU, started with -no-reboot,
 * then exits. */
gm_return_t
gm_host_reboot(gm_port_t host_priv)
{
	struct gm_rpc_buffer b;
	unsigned w =
	    gm_rpc_header(&b, host_priv, gm_rpc_reply(), GM_ID_HOST_REBOOT);

	b.rb_words[w++] = gm_type(GM_TYPE_INTEGER_32, 32, 1, GM_TRUE);
	b.rb_words[w++] = 0;
	return gm_rpc_call(&b, gm_message_pad(&b, w * 4, 0));
}

#endif
