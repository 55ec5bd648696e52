/*
 * A tiny static program for test_elf: text, read-only data, data and bss,
 * linked by the host's gcc and ld as an ordinary ET_EXEC.  It is never
 * run.
 */
static const char sample_message[] = "read-only data";
int sample_counter = 42;
int sample_zeroes[4096];

void
_start(void)
{
	sample_zeroes[sample_counter] = sample_message[3];
	for (;;)
		;
}
