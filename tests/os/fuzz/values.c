/*
 * Hostile values (see fuzz.h): addresses, sizes, dispositions, flags.
 *
 * Addresses come in kinds that each reach a different check of the
 * kernel: valid (in the calling thread's scratch buffer, which is
 * followed by an unmapped page), NULL and page 0, unmapped user memory,
 * a range that starts mapped and runs into an unmapped page, read-only
 * memory (the program's text), the kernel half, non-canonical
 * addresses, the top of user space (where a range wraps past it), the
 * top of the address space, and anything at all.
 */
#include "fuzz.h"

#define FZ_TEXT_ADDRESS	     0x401000ul /* the program's code (user.ld) */
#define FZ_KERNEL_DIRECT_MAP 0xffff800000000000ul
#define FZ_KERNEL_IMAGE	     0xffffffff80000000ul

uint64_t
fz_valid_address(struct fz_call *call, uint64_t len, enum fz_use use)
{
	(void)use;
	if (len >= FZ_SCRATCH_SIZE)
		return call->fc_scratch;
	uint64_t offset = FZ_BELOW(call, (uint32_t)(FZ_SCRATCH_SIZE - len + 1));
	if (FZ_CHANCE(call, 80))
		offset &= ~3ul; /* mostly aligned, as messages are */
	return call->fc_scratch + offset;
}

/* len + more as a bound for FZ_BELOW: never 0, at most 2^32 - 1 (a
 * huge len would wrap to 0, a division by zero in the worker). */
static uint32_t
fz_span(uint64_t len, uint32_t more)
{
	return len < UINT32_MAX - more ? (uint32_t)len + more : UINT32_MAX;
}

uint64_t
fz_address(struct fz_call *call, uint64_t len, enum fz_use use)
{
	static const unsigned weights[] = {60, 4, 5, 8, 4, 5, 5, 4, 2, 3};
	uint64_t page = (uint64_t)FZ_BELOW(call, 1u << 20) * FZ_PAGE;
	uint64_t small = FZ_BELOW(call, 4096);

	switch (fz_weighted(&call->fc_rng, weights, FZ_ARRAY_SIZE(weights))) {
	case 0:
		return fz_valid_address(call, len, use);
	case 1: /* NULL, or in page 0 */
		return FZ_CHANCE(call, 50) ? 0 : small;
	case 2:
		return FZ_UNMAPPED_BASE + page + small;
	case 3: { /* runs from a mapped page into an unmapped one */
		uint64_t end = fz_world.fw_fence + FZ_PAGE;
		uint64_t back =
		    len > 1
			? 1 + FZ_BELOW(call, (uint32_t)(len - 1 < 8192 ? len - 1
								       : 8192))
			: 0;
		return end - back;
	}
	case 4: /* read only: writes there fail */
		return FZ_TEXT_ADDRESS + (FZ_BELOW(call, 16) * FZ_PAGE) +
		       (small & ~3ul);
	case 5: /* the kernel's half */
		return FZ_CHANCE(call, 50) ? FZ_KERNEL_DIRECT_MAP + page + small
					   : FZ_KERNEL_IMAGE + page + small;
	case 6: /* non-canonical */
		return FZ_USER_MAX +
		       (FZ_RAND(call) % (0xffff800000000000ul - FZ_USER_MAX));
	case 7: /* the top of user space: the range may cross it */
		return FZ_USER_MAX - 1 - FZ_BELOW(call, fz_span(len, 8192));
	case 8: /* the top of the address space: the range wraps */
		return UINT64_MAX - FZ_BELOW(call, fz_span(len, 64));
	default:
		return FZ_RAND(call);
	}
}

uint32_t
fz_size(struct fz_call *call, uint32_t limit)
{
	static const uint32_t huge[] = {0x7fffffffu, 0x80000000u, 0xffffffffu,
					0xfffffffcu, 0x10000u,	  0x10004u,
					0x400000u,   0x400004u};

	switch (FZ_BELOW(call, 20)) {
	case 0:
		return 0;
	case 1:
	case 2:
	case 3:
		return 1 + FZ_BELOW(call, 64);
	case 4:
		return limit;
	case 5:
		return limit + 1;
	case 6:
		return limit > 0 ? limit - 1 : 0;
	case 7:
		return (uint32_t)(FZ_BELOW(call, 16) * FZ_PAGE);
	case 8:
		return huge[FZ_BELOW(call, FZ_ARRAY_SIZE(huge))];
	case 9:
		return (uint32_t)FZ_RAND(call);
	default: /* (limit + 1 wraps to 0 for the largest limit) */
		if (limit == UINT32_MAX)
			return (uint32_t)FZ_RAND(call);
		return limit > 0 ? FZ_BELOW(call, limit + 1) : 0;
	}
}

uint64_t
fz_size64(struct fz_call *call, uint64_t limit)
{
	switch (FZ_BELOW(call, 12)) {
	case 0:
		return fz_edge64(call);
	case 1:
		return FZ_USER_MAX - FZ_BELOW(call, 3) * FZ_PAGE;
	case 2:
		return (uint64_t)FZ_BELOW(call, 64) * FZ_PAGE;
	default:
		return fz_size(
		    call,
		    (uint32_t)(limit < 0xffffffffu ? limit : 0xffffffffu));
	}
}

mach_msg_type_name_t
fz_disposition(struct fz_call *call)
{
	switch (FZ_BELOW(call, 20)) {
	case 0:
		return MACH_MSG_TYPE_COPY_RECEIVE;
	case 1:
		return FZ_BELOW(call, 16); /* 0 .. PORT_NAME: not rights */
	case 2:
		return FZ_BELOW(call, 256);
	default:
		return MACH_MSG_TYPE_MOVE_RECEIVE + FZ_BELOW(call, 6);
	}
}

uint64_t
fz_edge64(struct fz_call *call)
{
	unsigned bit = FZ_BELOW(call, 64);

	switch (FZ_BELOW(call, 10)) {
	case 0:
		return 0;
	case 1:
		return UINT64_MAX;
	case 2:
		return 1ull << bit;
	case 3:
		return (1ull << bit) - 1;
	case 4:
		return (uint64_t) - (int64_t)FZ_BELOW(call, 4096);
	case 5:
		return 0x7fffffffffffffffull;
	case 6:
		return 0xffffffffull;
	case 7:
		return FZ_BELOW(call, 256);
	default:
		return FZ_RAND(call);
	}
}

/*
 * Every flag a user can name.  Set with popfq by a thread of the
 * worker, TF would make it trap after its own system call (a fault in
 * the worker), so for_popf leaves it out; threads of victims get it.
 */
uint64_t
fz_rflags(struct fz_call *call, int for_popf)
{
	static const uint64_t flags[] = {
	    0x1,     0x4,     0x10,	0x40,	   0x80,     0x100,
	    0x200,   0x400,   0x800,	0x3000,	   0x4000,   0x10000,
	    0x20000, 0x40000, 0x80000,	0x100000,  0x200000, 0x8,
	    0x20,    0x8000,  0x400000, 1ul << 32, 1ul << 63};
	uint64_t value;

	switch (FZ_BELOW(call, 6)) {
	case 0:
		value = 0x202;
		break;
	case 1:
		value = ~0ull;
		break;
	case 2:
		value = FZ_RAND(call);
		break;
	default: /* one flag, or a few */
		value = 0x202;
		for (unsigned n = 1 + FZ_BELOW(call, 3); n > 0; n--)
			value |= flags[FZ_BELOW(call, FZ_ARRAY_SIZE(flags))];
		break;
	}
	if (for_popf)
		value &= ~0x100ull; /* TF */
	if (FZ_AVOIDING(FZ_AVOID_NT_FLAG))
		value &= ~0x4000ull;
	return value;
}
