/*
 * The fuzzer's generator (see fuzz.h): splitmix64, seeded per call with
 * a hash of (seed, call index, stream), so that each call's choices
 * depend on nothing but its seed and its index.  Stream 0 is the call's
 * own; a thread the call starts draws from stream 1 and up.
 *
 * Also the one-line description of a call (fz_say) and fz_print, which
 * writes a line to the console in one trap, as the TAP library does.
 */
#include "fuzz.h"

#include <mach/mach_traps.h>
#include <stdio.h>
#include <string.h>

static uint64_t
fz_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

void
fz_rng_seed(struct fz_rng *rng, uint64_t seed, uint64_t index, uint64_t stream)
{
	rng->fr_state = fz_mix(fz_mix(fz_mix(seed) ^ index) ^ stream);
}

uint64_t
fz_rand(struct fz_rng *rng)
{
	rng->fr_state += 0x9e3779b97f4a7c15ull;
	return fz_mix(rng->fr_state);
}

uint32_t
fz_below(struct fz_rng *rng, uint32_t n)
{
	/* The bias of a 64-bit value modulo a 32-bit n is negligible here. */
	return (uint32_t)(fz_rand(rng) % n);
}

int
fz_chance(struct fz_rng *rng, unsigned percent)
{
	return fz_below(rng, 100) < percent;
}

unsigned
fz_weighted(struct fz_rng *rng, const unsigned *weights, unsigned n)
{
	unsigned total = 0;

	for (unsigned i = 0; i < n; i++)
		total += weights[i];
	if (total == 0)
		return 0;
	unsigned pick = fz_below(rng, total);
	for (unsigned i = 0; i < n; i++) {
		if (pick < weights[i])
			return i;
		pick -= weights[i];
	}
	return n - 1;
}

void
fz_say(struct fz_call *call, const char *fmt, ...)
{
	va_list ap;

	if (!call->fc_verbose || call->fc_len >= sizeof(call->fc_desc) - 1)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(call->fc_desc + call->fc_len,
			  sizeof(call->fc_desc) - call->fc_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		call->fc_len += (size_t)n;
	if (call->fc_len >= sizeof(call->fc_desc))
		call->fc_len = sizeof(call->fc_desc) - 1;
}

void
fz_print(const char *fmt, ...)
{
	char line[600];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	debug_console_write(line, (size_t)n);
}
